import { fail, ok, type ParseResult } from '../errors/result.js';
import {
  type EventTimeLimits,
  type GridAssessmentPolicy,
  type GridTeamComposition,
  parseEventTimeLimits,
  parseGridAssessment,
  parseGridTeamComposition,
  parseResidentFeedback,
  parseSummonsReport,
  type ResidentFeedbackPolicy,
  type SummonsReportPolicy,
} from './grid-policies.js';

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

/** An object of whole numbers with exactly the given keys, each within [min, max]. */
export function parseIntegerRecord<K extends string>(
  value: unknown,
  keys: readonly K[],
  min: number,
  max: number,
): ParseResult<Record<K, number>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', `Expected an object with ${keys.join(', ')}.`, ['input', 'value']);
  }
  const record = value as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !(keys as readonly string[]).includes(key));
  if (unknownKey)
    return fail('VALIDATION_FAILED', `Unknown field "${unknownKey}".`, ['input', 'value', unknownKey]);
  const result = {} as Record<K, number>;
  for (const key of keys) {
    const n = record[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      return fail('INVALID_NUMBER', `${key} must be a whole number from ${min} to ${max}.`, [
        'input',
        'value',
        key,
      ]);
    }
    result[key] = n;
  }
  return ok(result);
}

/** Minimum evaluation scores (out of 1000) for 1A … 5A. */
export type GradeCutoffs = Record<'1A' | '2A' | '3A' | '4A' | '5A', number>;
export const gradeNames = ['1A', '2A', '3A', '4A', '5A'] as const;

function parseGradeCutoffs(value: unknown): ParseResult<GradeCutoffs> {
  const parsed = parseIntegerRecord(value, gradeNames, 0, 1000);
  if (!parsed.success) return parsed;
  for (let i = 1; i < gradeNames.length; i++) {
    if (parsed.data[gradeNames[i]!] <= parsed.data[gradeNames[i - 1]!]) {
      return fail('INVALID_NUMBER', 'Cut-offs must rise from 1A to 5A.', ['input', 'value', gradeNames[i]!]);
    }
  }
  return parsed;
}

export interface EvaluationEligibility {
  /** Full years an organization must have been registered before it can be graded. */
  minFullYearsRegistered: number;
  /**
   * A penalty in this many calendar years before the evaluation's year (1: the previous year,
   * 上年度, 社会组织评估管理办法 第七条第三项), or in its year up to the day, excludes it.
   */
  penaltyLookbackYears: number;
  /** How long a grade stays valid. */
  gradeValidityYears: number;
}

export interface RegistrationRules {
  /** The first registration is made within this many months of passing. */
  firstWithinMonths: number;
  /** A registration is valid this many years. */
  validYears: number;
  /** A renewal is made within this many months before expiry. */
  renewalWindowMonths: number;
}

export interface CommunityOrganizationTargets {
  /** Community social organizations per urban community (社区). */
  urban: number;
  /** … per rural community (村). */
  rural: number;
}

/** How many identifiers may be unmasked, by one caller and of one person, in a sliding window. */
export interface RevealLimits {
  /** Identifiers one caller may unmask in any hour (each field of each person counts one). */
  perCallerPerHour: number;
  /** Identifiers of one person that all callers together may unmask in any 24 hours. */
  perPersonPerDay: number;
}

/** The professional methods of a service project (docs/domain.md §6.2): 个案, 小组, 社区工作. */
export type ProfessionalMethod = 'casework' | 'group_work' | 'community_work';
export const professionalMethodKeys: readonly ProfessionalMethod[] = [
  'casework',
  'group_work',
  'community_work',
];

/** Certified social workers an undertaker needs for each professional method its project uses. */
export type CapacityByMethod = Record<ProfessionalMethod, number>;

/**
 * The grade a purchase asks of its undertaker (docs/domain.md §6.3, *local*): `required` makes
 * an organization below `minimumGrade` ineligible; `priority` only records which bidders hold
 * it, for the evaluation panel. A null `minimumGrade` says the district has no grade rule.
 */
export interface UndertakerGradePolicy {
  minimumGrade: (typeof gradeNames)[number] | null;
  mode: 'priority' | 'required';
}

/**
 * What counts as a major violation (重大违法记录) that bars a bidder (政府采购法 第二十二条第一款
 * 第五项): a penalty credit record of one of `penaltyKinds` in the `lookbackYears` before the
 * bid deadline.
 */
export interface MajorViolationPolicy {
  lookbackYears: number;
  /** Kinds of credit records of category `penalty` (`[a-z_]{1,32}`) counted as major. */
  penaltyKinds: readonly string[];
}

const CREDIT_KIND = /^[a-z_]{1,32}$/;

/** An object with exactly the given keys. */
function plainObject(value: unknown, keys: readonly string[]): ParseResult<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('VALIDATION_FAILED', `Expected an object with ${keys.join(', ')}.`, ['input', 'value']);
  }
  const record = value as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !keys.includes(key));
  if (unknownKey)
    return fail('VALIDATION_FAILED', `Unknown field "${unknownKey}".`, ['input', 'value', unknownKey]);
  return ok(record);
}

function parseUndertakerGrade(value: unknown): ParseResult<UndertakerGradePolicy> {
  const parsed = plainObject(value, ['minimumGrade', 'mode']);
  if (!parsed.success) return parsed;
  const { minimumGrade, mode } = parsed.data;
  if (minimumGrade !== null && !(gradeNames as readonly unknown[]).includes(minimumGrade)) {
    return fail(
      'VALIDATION_FAILED',
      `minimumGrade is one of ${gradeNames.join(', ')}, or null for no grade rule.`,
      ['input', 'value', 'minimumGrade'],
    );
  }
  if (mode !== 'priority' && mode !== 'required') {
    return fail('VALIDATION_FAILED', 'mode is priority or required.', ['input', 'value', 'mode']);
  }
  return ok({ minimumGrade: minimumGrade as UndertakerGradePolicy['minimumGrade'], mode });
}

function parseMajorViolation(value: unknown): ParseResult<MajorViolationPolicy> {
  const parsed = plainObject(value, ['lookbackYears', 'penaltyKinds']);
  if (!parsed.success) return parsed;
  const { lookbackYears, penaltyKinds } = parsed.data;
  if (
    typeof lookbackYears !== 'number' ||
    !Number.isInteger(lookbackYears) ||
    lookbackYears < 1 ||
    lookbackYears > 10
  ) {
    return fail('INVALID_NUMBER', 'lookbackYears must be a whole number from 1 to 10.', [
      'input',
      'value',
      'lookbackYears',
    ]);
  }
  if (!Array.isArray(penaltyKinds) || penaltyKinds.length > 50) {
    return fail('VALIDATION_FAILED', 'penaltyKinds is a list of at most 50 credit-record kinds.', [
      'input',
      'value',
      'penaltyKinds',
    ]);
  }
  for (const [index, kind] of penaltyKinds.entries()) {
    if (typeof kind !== 'string' || !CREDIT_KIND.test(kind) || penaltyKinds.indexOf(kind) !== index) {
      return fail(
        'VALIDATION_FAILED',
        'Each penalty kind is a distinct code of [a-z_], 1 to 32 characters.',
        ['input', 'value', 'penaltyKinds', index],
      );
    }
  }
  return ok({ lookbackYears, penaltyKinds: [...(penaltyKinds as string[])] });
}

/** The relations a family transfer of points may name (time_bank_transfers.relation). */
export const familyRelations = ['spouse', 'parent', 'child', 'sibling', 'grandparent', 'grandchild'] as const;
export type FamilyRelation = (typeof familyRelations)[number];

/**
 * Who may give points to whom in the time bank (docs/domain.md §5.5, *local*): `family` allows a
 * volunteer to give points to a family member of one of `relations`, at most `maxPointsPerYear`
 * given that way in a calendar year; `teamPool` allows points between a volunteer and a pool of a
 * team the volunteer belongs to. Awards from a pool and donations to a pool are always allowed.
 */
export interface TimeBankTransferPolicy {
  family: boolean;
  relations: readonly FamilyRelation[];
  maxPointsPerYear: number;
  teamPool: boolean;
}

function parsePointsPerHour(value: unknown): ParseResult<number> {
  // Stored with the earning as numeric(8, 2): at most two decimals, below a million.
  return typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= 10_000 &&
    Math.abs(Math.round(value * 100) - value * 100) < 1e-6
    ? ok(value)
    : fail('INVALID_NUMBER', 'Points per hour is a number from 0 to 10000 with at most two decimals.', [
        'input',
        'value',
      ]);
}

function parseTimeBankTransfer(value: unknown): ParseResult<TimeBankTransferPolicy> {
  const parsed = plainObject(value, ['family', 'relations', 'maxPointsPerYear', 'teamPool']);
  if (!parsed.success) return parsed;
  const { family, relations, maxPointsPerYear, teamPool } = parsed.data;
  if (typeof family !== 'boolean' || typeof teamPool !== 'boolean') {
    return fail('VALIDATION_FAILED', 'family and teamPool are true or false.', [
      'input',
      'value',
      typeof family !== 'boolean' ? 'family' : 'teamPool',
    ]);
  }
  if (!Array.isArray(relations)) {
    return fail('VALIDATION_FAILED', `relations is a list of ${familyRelations.join(', ')}.`, [
      'input',
      'value',
      'relations',
    ]);
  }
  for (const [index, relation] of relations.entries()) {
    if (
      !(familyRelations as readonly unknown[]).includes(relation) ||
      relations.indexOf(relation) !== index
    ) {
      return fail('VALIDATION_FAILED', `Each relation is a distinct one of ${familyRelations.join(', ')}.`, [
        'input',
        'value',
        'relations',
        index,
      ]);
    }
  }
  if (
    typeof maxPointsPerYear !== 'number' ||
    !Number.isInteger(maxPointsPerYear) ||
    maxPointsPerYear < 0 ||
    maxPointsPerYear > 1_000_000
  ) {
    return fail('INVALID_NUMBER', 'maxPointsPerYear is a whole number from 0 to 1000000.', [
      'input',
      'value',
      'maxPointsPerYear',
    ]);
  }
  return ok({ family, relations: [...(relations as FamilyRelation[])], maxPointsPerYear, teamPool });
}

export const policyDefinitions = {
  /** docs/domain.md §4: continuing education per 3-year registration period, 72 / 90 / 90 hours. */
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
  /** docs/domain.md §4: subsidies by level are local (e.g. 100 / 300 / 500 yuan a month). */
  'social_worker.monthly_allowance_yuan': {
    description:
      'Monthly allowance in yuan for a certified social worker, by certification level (local policy).',
    nationalDefaults: [],
    parse: (value: unknown) => parseAmountsByLevel(value, 100_000, false),
  } satisfies PolicyDefinition<AmountsByLevel>,
  /** docs/domain.md §4: registration of the certificate: within 1 year, valid 3, renew in the last 3 months. */
  'social_worker.registration_rules': {
    description:
      'When a social work certificate is first registered, how long a registration lasts, and when it is renewed.',
    nationalDefaults: [
      {
        effectiveFrom: '2009-01-01',
        value: { firstWithinMonths: 12, validYears: 3, renewalWindowMonths: 3 },
        source: '社会工作者职业水平证书登记办法 (national default)',
      },
    ],
    parse: (value: unknown) =>
      parseIntegerRecord(value, ['firstWithinMonths', 'validYears', 'renewalWindowMonths'] as const, 1, 120),
  } satisfies PolicyDefinition<RegistrationRules>,
  /**
   * docs/domain.md §3: evaluation grades: eligible after two full years of registration (第六条);
   * not penalised in the previous calendar year (第七条第三项); valid 5 years (第二十八条).
   */
  'organization.evaluation_eligibility': {
    description:
      'Who may be graded (full years registered, penalty look-back in calendar years) and how long a grade lasts.',
    nationalDefaults: [
      {
        effectiveFrom: '2011-03-01',
        value: { minFullYearsRegistered: 2, penaltyLookbackYears: 1, gradeValidityYears: 5 },
        source: '社会组织评估管理办法 (民政部令第39号) 第六、七、二十八条',
      },
    ],
    parse: (value: unknown) =>
      parseIntegerRecord(
        value,
        ['minFullYearsRegistered', 'penaltyLookbackYears', 'gradeValidityYears'] as const,
        0,
        20,
      ),
  } satisfies PolicyDefinition<EvaluationEligibility>,
  /** docs/domain.md §3: score cut-offs of the grades are local; no national default. */
  'organization.evaluation_grade_cutoffs': {
    description: 'Minimum evaluation score (out of 1000) for each grade 1A to 5A (local policy).',
    nationalDefaults: [],
    parse: parseGradeCutoffs,
  } satisfies PolicyDefinition<GradeCutoffs>,
  /** 社会组织信用信息管理办法 第十四条第一项: two years on the abnormal-activity list moves an organization to the dishonesty list. */
  'organization.abnormal_list_years_before_dishonesty': {
    description:
      'Years on the abnormal-activity list after which an organization moves to the serious dishonesty list.',
    nationalDefaults: [
      {
        effectiveFrom: '2018-03-01',
        value: 2,
        source: '社会组织信用信息管理办法 (民政部令第60号) 第十四条第一项',
      },
    ],
    parse: (value: unknown): ParseResult<number> =>
      typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10
        ? ok(value)
        : fail('INVALID_NUMBER', 'Years must be a whole number from 1 to 10.', ['input', 'value']),
  } satisfies PolicyDefinition<number>,
  /**
   * PIPL art. 51 asks for measures against unauthorised access; no rule sets numbers, so sanshe
   * ships conservative defaults (a caseworker unmasks a few identifiers a day) that a district
   * may change. A burst of unmasking is refused (REVEAL_LIMIT_EXCEEDED), never queued.
   */
  'personal_data.reveal_limits': {
    description:
      'How many personal identifiers one caller may unmask per hour, and how many of one person all callers may unmask per day.',
    nationalDefaults: [
      {
        // A safeguard of the product rather than a date of law: in force for any date a reveal
        // is made under.
        effectiveFrom: '1900-01-01',
        value: { perCallerPerHour: 30, perPersonPerDay: 10 },
        source: 'sanshe default under 个人信息保护法 第五十一条 (no national figure; set locally)',
      },
    ],
    parse: (value: unknown) =>
      parseIntegerRecord(value, ['perCallerPerHour', 'perPersonPerDay'] as const, 1, 10_000),
  } satisfies PolicyDefinition<RevealLimits>,
  /** docs/domain.md §3: national target (2017): 10 community organizations per urban community, 5 per rural. */
  'indicator.community_organizations_target': {
    description: 'Target number of community social organizations per urban and per rural community.',
    nationalDefaults: [
      {
        effectiveFrom: '2017-12-27',
        value: { urban: 10, rural: 5 },
        source: '关于大力培育发展社区社会组织的意见 (民发〔2017〕191号)',
      },
    ],
    parse: (value: unknown) => parseIntegerRecord(value, ['urban', 'rural'] as const, 0, 1000),
  } satisfies PolicyDefinition<CommunityOrganizationTargets>,
  /**
   * docs/domain.md §6.3, §6.9: a grade (民政部令第39号 1A–5A) that gives priority for, or is
   * required of, the undertaker of a purchased service. Local only: no national figure exists, so
   * a district without a value has no grade rule (the purchase service reads it with
   * `valueInForce` and never answers POLICY_NOT_SET for it).
   */
  'purchase.undertaker_grade': {
    description:
      'The evaluation grade (1A to 5A) that gives an undertaker of a purchased service priority, or that it must hold (local policy; none: no grade rule).',
    nationalDefaults: [],
    parse: parseUndertakerGrade,
  } satisfies PolicyDefinition<UndertakerGradePolicy>,
  /**
   * 政府采购法 第二十二条第一款第五项: a supplier has no major violation in its business in the 3
   * years before it takes part. The look-back is national; which penalty kinds are major is local
   * (docs/domain.md §6.9), so the national value names none: until a district lists kinds, the
   * bar rests on the lists (a serious dishonesty listing already covers 限期停止活动, fines of 5万元
   * or more and revoked registration, 社会组织信用信息管理办法 第十四条).
   */
  'purchase.major_violation': {
    description:
      'Penalty kinds counted as a major violation that bars a bidder, and the years before the bid deadline they are looked for.',
    nationalDefaults: [
      {
        effectiveFrom: '2003-01-01',
        value: { lookbackYears: 3, penaltyKinds: [] },
        source: '中华人民共和国政府采购法 第二十二条第一款第五项 (penalty kinds set locally)',
      },
    ],
    parse: parseMajorViolation,
  } satisfies PolicyDefinition<MajorViolationPolicy>,
  /**
   * docs/domain.md §6.3, §6.9: the certified social workers (§4, registered) an undertaker needs
   * for each method its project uses (民发〔2012〕196号 asks for professional capacity and sets no
   * figure). Local only; a district without a value requires no count.
   */
  'purchase.required_capacity': {
    description:
      'Certified social workers an undertaker must employ for each professional method of the project (local policy; none: no count required).',
    nationalDefaults: [],
    parse: (value: unknown) => parseIntegerRecord(value, professionalMethodKeys, 0, 100),
  } satisfies PolicyDefinition<CapacityByMethod>,
  /**
   * docs/domain.md §5.5: points a certified hour of volunteer service earns in the time bank
   * (积分制). Local only: no national figure exists. When none is in force a service banks its
   * minutes and earns 0 points, recorded with the source "not set" (never an error).
   */
  'time_bank.points_per_hour': {
    description:
      'Points one certified hour of volunteer service earns in the time bank (local policy; none: minutes are banked, no points earned).',
    nationalDefaults: [],
    parse: parsePointsPerHour,
  } satisfies PolicyDefinition<number>,
  /**
   * docs/domain.md §5.5: the lowest balance a volunteer's points account may reach. No national
   * figure exists; sanshe's default is 0 (no one spends points not yet earned), which a district
   * may lower to allow an advance (e.g. -50).
   */
  'time_bank.balance_floor': {
    description:
      "The lowest balance a volunteer's points account may reach: 0 or below (sanshe's default 0; local policy may allow an advance).",
    nationalDefaults: [
      {
        // A safeguard of the product, not a date of law: in force for any day.
        effectiveFrom: '1900-01-01',
        value: 0,
        source: 'sanshe default (no national figure; set locally)',
      },
    ],
    parse: (value: unknown): ParseResult<number> =>
      typeof value === 'number' && Number.isInteger(value) && value <= 0 && value >= -1_000_000
        ? ok(value)
        : fail('INVALID_NUMBER', 'The floor is a whole number from -1000000 to 0.', ['input', 'value']),
  } satisfies PolicyDefinition<number>,
  /**
   * docs/domain.md §5.5: who may give points to whom. No national figure exists; sanshe's
   * default is conservative: gifts to a spouse, parent or child only (the 时间银行 practice of
   * saving hours for one's own family's care), at most 500 points given that way a year, and
   * points between a volunteer and its team's pool.
   */
  'time_bank.transfer': {
    description:
      'Which point transfers the time bank allows: to family (which relations, how many points a year) and to or from a team pool (local policy).',
    nationalDefaults: [
      {
        effectiveFrom: '1900-01-01',
        value: {
          family: true,
          relations: ['spouse', 'parent', 'child'],
          maxPointsPerYear: 500,
          teamPool: true,
        },
        source: 'sanshe default (no national figure; set locally)',
      },
    ],
    parse: parseTimeBankTransfer,
  } satisfies PolicyDefinition<TimeBankTransferPolicy>,
  /**
   * docs/domain.md §7.2: a grid team's composition, "1+2+N" in the practice of the provinces that
   * set it (a grid head, at least two full-time grid workers, volunteer informants).
   */
  'grid.team_composition': {
    description:
      'The composition a grid team keeps ("1+2+N"): the number of heads (0 or 1), at least so many full-time grid workers and at least so many volunteer informants (local policy).',
    nationalDefaults: [
      {
        effectiveFrom: '1900-01-01',
        value: { heads: 1, minWorkers: 2, minInformants: 1 },
        source: 'sanshe default after the "1+2+N" practice (no national figure; set locally)',
      },
    ],
    parse: parseGridTeamComposition,
  } satisfies PolicyDefinition<GridTeamComposition>,
  /**
   * docs/domain.md §7.6: time limits of grid events in working days from dispatch. No national
   * figure exists; the default follows what district practice publishes: same day for
   * emergencies, 2–3 working days for urgent events, 7 for routine ones, at most 15 with approval.
   */
  'grid.event_time_limits': {
    description:
      'Working days a department has to accept and to close a grid event, by urgency (0 = the same working day), with closing limits per category and the ceiling an approved extension may reach (local policy).',
    nationalDefaults: [
      {
        effectiveFrom: '1900-01-01',
        value: {
          accept: { routine: 1, urgent: 0, emergency: 0 },
          close: { routine: 7, urgent: 3, emergency: 0 },
          closeByCategory: {
            E04: { routine: 1, urgent: 0, emergency: 0 },
            S01: { routine: 15, urgent: 3, emergency: 0 },
          },
          maxExtended: 15,
        },
        source: 'sanshe default after district practice (no national figure; set locally)',
      },
    ],
    parse: parseEventTimeLimits,
  } satisfies PolicyDefinition<EventTimeLimits>,
  /** docs/domain.md §7.5: how long after closure the reporter may reopen an event. */
  'grid.resident_feedback': {
    description:
      'Calendar days after an event is closed during which its reporter may reopen it (local policy).',
    nationalDefaults: [
      {
        effectiveFrom: '1900-01-01',
        value: { reopenWithinDays: 15 },
        source: 'sanshe default (no national figure; set locally)',
      },
    ],
    parse: parseResidentFeedback,
  } satisfies PolicyDefinition<ResidentFeedbackPolicy>,
  /** docs/domain.md §7.8: by when summoned departments report in (吹哨报到). */
  'grid.summons_report': {
    description:
      'By when a summoned department reports in: working days for a difficult problem or enforcement, hours for an emergency (local policy).',
    nationalDefaults: [
      {
        effectiveFrom: '1900-01-01',
        value: { difficultWorkingDays: 2, enforcementWorkingDays: 1, emergencyHours: 2 },
        source: 'sanshe default after district practice (no national figure; set locally)',
      },
    ],
    parse: parseSummonsReport,
  } satisfies PolicyDefinition<SummonsReportPolicy>,
  /** docs/domain.md §7.9: how assessment ranks units fairly. */
  'grid.assessment': {
    description:
      'Assessment of grid work: the fewest events a unit needs in a period to be ranked, and the confidence of the Wilson lower bound rates are ranked by (local policy).',
    nationalDefaults: [
      {
        effectiveFrom: '1900-01-01',
        value: { minimumEvents: 10, confidencePercent: 95 },
        source: 'sanshe default (no national figure; set locally)',
      },
    ],
    parse: parseGridAssessment,
  } satisfies PolicyDefinition<GridAssessmentPolicy>,
} as const;

export type PolicyKey = keyof typeof policyDefinitions;
export type PolicyValueOf<K extends PolicyKey> =
  (typeof policyDefinitions)[K] extends PolicyDefinition<infer T> ? T : never;

export function isPolicyKey(key: unknown): key is PolicyKey {
  return typeof key === 'string' && Object.hasOwn(policyDefinitions, key);
}
