import type { Actor } from '../access/actor.js';
import type { Role } from '../access/roles.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { SensitiveCategory } from './classification.js';

/**
 * Why a caller unmasks a person's identifier (PIPL art. 6: a clear and reasonable purpose).
 * The purpose is written to the access log with every unmasked read.
 */
export const unmaskPurposes = {
  SERVICE_DELIVERY: '服务对接：联系服务对象或提供服务',
  IDENTITY_VERIFICATION: '身份核验',
  CERTIFICATION_REVIEW: '职业资格登记审核',
  ALLOWANCE_PAYMENT: '津贴补贴发放',
  DATA_SUBJECT_REQUEST: '本人查阅、复制个人信息',
  LEGAL_OBLIGATION: '履行法定职责或法定义务',
  CHILD_PROTECTION: '未成年人保护（经监护人同意或法定情形）',
  HEALTH_SERVICE: '医疗健康服务',
  EMERGENCY: '紧急情况下保护生命健康和财产安全',
} as const;
export type UnmaskPurpose = keyof typeof unmaskPurposes;

/**
 * The purposes that may unmask a value in a sensitive category: sensitive information needs a
 * specific purpose (PIPL art. 28); everything else may be unmasked for any listed purpose.
 */
export const purposesForSensitive: Record<SensitiveCategory, readonly UnmaskPurpose[]> = {
  MINOR_UNDER_14: ['CHILD_PROTECTION', 'LEGAL_OBLIGATION', 'EMERGENCY'],
  HEALTH: ['HEALTH_SERVICE', 'LEGAL_OBLIGATION', 'EMERGENCY'],
  RELIGION: ['LEGAL_OBLIGATION'],
  SPECIFIC_IDENTITY: ['SERVICE_DELIVERY', 'LEGAL_OBLIGATION'],
  WHEREABOUTS: ['LEGAL_OBLIGATION', 'EMERGENCY'],
  FINANCIAL_ACCOUNT: ['ALLOWANCE_PAYMENT', 'LEGAL_OBLIGATION'],
  BIOMETRIC: ['IDENTITY_VERIFICATION', 'LEGAL_OBLIGATION'],
};

/**
 * Who may unmask, besides being able to see the person at all (visibility.ts): administrators,
 * the civil-affairs department that registers workers and reviews their certificates, the staff
 * who serve people in a unit, organizations for their own workers, and a worker or a volunteer for
 * itself (only to see its own data). Evaluators, grid workers and services work with masked data.
 */
export const unmaskRoles: readonly Role[] = [
  'CITY_ADMIN',
  'DISTRICT_ADMIN',
  'DEPARTMENT_STAFF',
  'SUBDISTRICT_STAFF',
  'COMMUNITY_STAFF',
  'ORG_STAFF',
  'SOCIAL_WORKER',
  'VOLUNTEER',
];

/** Roles that are themselves the person (a worker, a volunteer): they unmask only their own data. */
const dataSubjectRoles: readonly Role[] = ['SOCIAL_WORKER', 'VOLUNTEER'];

/** A purpose note long enough to say something: sensitive reads must explain themselves. */
const minimumNoteLength = 4;

/**
 * Check that the actor may unmask values in these categories for this purpose.
 *
 * @throws {SansheError} FORBIDDEN for a role that may not unmask (or a worker asking for anything
 * but its own data); PURPOSE_NOT_ALLOWED when a sensitive category does not admit the purpose or
 * its note is missing.
 */
export function authorizeUnmask(
  actor: Actor,
  purpose: UnmaskPurpose,
  note: string | null,
  categories: readonly SensitiveCategory[],
): void {
  const role = actor.role;
  // A program embedding core without a role, and the system itself, act on their own authority;
  // their reads are logged like everyone's.
  if (role !== undefined && role !== 'SYSTEM') {
    if (!unmaskRoles.includes(role)) {
      throw new SansheError('FORBIDDEN', `A ${role} caller may not unmask personal data.`);
    }
    if (dataSubjectRoles.includes(role) && purpose !== 'DATA_SUBJECT_REQUEST') {
      throw new SansheError(
        'FORBIDDEN',
        `A ${role === 'VOLUNTEER' ? 'volunteer' : 'social worker'} may unmask only its own data, as DATA_SUBJECT_REQUEST.`,
      );
    }
  }
  // A person reading its own data (its visibility shows it nothing else) needs no further
  // purpose; anyone else's sensitive data does.
  if (role !== undefined && role !== 'SYSTEM' && dataSubjectRoles.includes(role)) return;
  for (const category of categories) {
    if (!purposesForSensitive[category].includes(purpose)) {
      throw new SansheError(
        'PURPOSE_NOT_ALLOWED',
        `This value is sensitive personal information (${category}); it may be unmasked only for ${purposesForSensitive[category].join(', ')}.`,
        { path: ['input', 'purpose'], details: { category } },
      );
    }
    if ((note ?? '').trim().length < minimumNoteLength) {
      throw new SansheError(
        'PURPOSE_NOT_ALLOWED',
        `Unmasking sensitive personal information (${category}) needs a note explaining the purpose.`,
        { path: ['input', 'purposeNote'], details: { category } },
      );
    }
  }
}
