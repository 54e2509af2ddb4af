import type { SocialWorkerLevel } from '../policies/policy-keys.js';

/** Certification levels (docs/domain.md §4), lowest first. */
export const socialWorkerLevels = {
  assistant: '助理社会工作师',
  intermediate: '社会工作师',
  senior: '高级社会工作师',
} as const satisfies Record<SocialWorkerLevel, string>;

export const registrationKinds = {
  first: '首次登记',
  renewal: '再登记',
} as const;

export type RegistrationKind = keyof typeof registrationKinds;
export type { SocialWorkerLevel };

/** Rank of a level, to pick a worker's highest. */
export function levelRank(level: SocialWorkerLevel): number {
  return Object.keys(socialWorkerLevels).indexOf(level);
}
