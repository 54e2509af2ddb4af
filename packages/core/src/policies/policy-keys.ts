import { fail, ok, type ParseResult } from '../errors/result.js';

/**
 * The policies sanshe knows: what each value looks like, and the national default where the
 * state sets one. Local values (a district's or subdistrict's) live in `policy_values`.
 */
export interface PolicyDefinition<T> {
  description: string;
  /** National values by effective date, oldest first; empty where only local policy exists. */
  nationalDefaults: readonly { effectiveFrom: string; value: T; source: string }[];
  parse(value: unknown): ParseResult<T>;
}

export type SocialWorkerLevel = 'assistant' | 'intermediate' | 'senior';
export type AmountsByLevel = Record<SocialWorkerLevel, number>;

const levels: readonly SocialWorkerLevel[] = ['assistant', 'intermediate', 'senior'];

function parseAmountsByLevel(value: unknown, max: number, integer: boolean): ParseResult<AmountsByLevel> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', 'Expected an object with assistant, intermediate and senior.', [
      'input',
      'value',
    ]);
  }
  const record = value as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !(levels as readonly string[]).includes(key));
  if (unknownKey)
    return fail('VALIDATION_FAILED', `Unknown level "${unknownKey}".`, ['input', 'value', unknownKey]);
  const result = {} as AmountsByLevel;
  for (const level of levels) {
    const amount = record[level];
    if (
      typeof amount !== 'number' ||
      !Number.isFinite(amount) ||
      amount < 0 ||
      amount > max ||
      (integer && !Number.isInteger(amount))
    ) {
      return fail('INVALID_NUMBER', `${level} must be a ${integer ? 'whole ' : ''}number from 0 to ${max}.`, [
        'input',
        'value',
        level,
      ]);
    }
    result[level] = amount;
  }
  return ok(result);
}

export const policyDefinitions = {
  /** DOMAIN.md §4: continuing education per 3-year registration period, 72 / 90 / 90 hours. */
  'social_worker.ce_hours_per_period': {
    description: 'Continuing-education hours a certified social worker needs per 3-year registration period.',
    nationalDefaults: [
      {
        effectiveFrom: '2009-01-01',
        value: { assistant: 72, intermediate: 90, senior: 90 },
        source: '社会工作者继续教育办法 (national default)',
      },
    ],
    parse: (value: unknown) => parseAmountsByLevel(value, 1000, true),
  } satisfies PolicyDefinition<AmountsByLevel>,
  /** DOMAIN.md §4: subsidies by level are local (e.g. 100 / 300 / 500 yuan a month). */
  'social_worker.monthly_allowance_yuan': {
    description:
      'Monthly allowance in yuan for a certified social worker, by certification level (local policy).',
    nationalDefaults: [],
    parse: (value: unknown) => parseAmountsByLevel(value, 100_000, false),
  } satisfies PolicyDefinition<AmountsByLevel>,
} as const;

export type PolicyKey = keyof typeof policyDefinitions;
export type PolicyValueOf<K extends PolicyKey> =
  (typeof policyDefinitions)[K] extends PolicyDefinition<infer T> ? T : never;

export function isPolicyKey(key: unknown): key is PolicyKey {
  return typeof key === 'string' && Object.hasOwn(policyDefinitions, key);
}
