import { reporterPhoneField } from '../grid-events/event-reporter-phone.js';
import { maskMobilePhone } from '../validators/mobile-phone.js';
import { maskResidentId, parseResidentId } from '../validators/resident-id.js';

/**
 * How each field that describes a person is classified under PIPL (个人信息保护法):
 *
 * - `public`: may appear in public and open-data views (an organization's name, a unit's code);
 * - `personal`: 个人信息, shown to callers in whose jurisdiction the person is;
 * - `identifier`: personal information that singles a person out (ID number, phone): encrypted
 *   at rest with a keyed hash beside it, masked everywhere, unmasked only with a declared
 *   purpose, and every unmasked read logged;
 * - a field or a value may also fall in a sensitive category (敏感个人信息, PIPL art. 28), which
 *   narrows the purposes that may unmask it.
 *
 * Every area that adds a person's field registers it here; the gateway's schema test checks
 * that each field of a type listed here is exposed only as its classification allows.
 */
export type FieldClass = 'public' | 'personal' | 'identifier';

/** Sensitive personal information (PIPL art. 28, docs/domain.md §9). */
export const sensitiveCategories = {
  HEALTH: '医疗健康',
  RELIGION: '宗教信仰',
  SPECIFIC_IDENTITY: '特定身份',
  MINOR_UNDER_14: '不满十四周岁未成年人',
  WHEREABOUTS: '行踪轨迹',
  FINANCIAL_ACCOUNT: '金融账户',
  BIOMETRIC: '生物识别',
} as const;
export type SensitiveCategory = keyof typeof sensitiveCategories;

/** A person's field that is an identifier: how it is stored, masked and recognised as sensitive. */
export interface IdentifierField {
  /** The entity's field name in core rows and inputs, e.g. `residentId`. */
  readonly field: string;
  /** `table.column` of the clear value's place; the stored columns are `<column>_encrypted` etc. */
  readonly column: string;
  readonly mask: (clear: string) => string;
  /** A sensitive category the field always falls in. */
  readonly category?: SensitiveCategory;
  /** A sensitive category a particular value falls in (a child's ID number), on a day. */
  readonly categoryOfValue?: (clear: string, today: string) => SensitiveCategory | undefined;
}

/** Under 14 on `today` (YYYY-MM-DD) by the birth date an ID number carries. */
export function isUnder14(birthDate: string, today: string): boolean {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const fourteenth = `${String(y + 14).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return today < fourteenth;
}

const residentIdField = {
  field: 'residentId',
  column: 'social_workers.resident_id',
  mask: maskResidentId,
  // An ID number carries its holder's birth date: a child's number is a minor's information.
  categoryOfValue: (clear, today) => {
    const parsed = parseResidentId(clear, { today: new Date(`${today}T00:00:00+08:00`) });
    return parsed.success && isUnder14(parsed.data.birthDate, today) ? 'MINOR_UNDER_14' : undefined;
  },
} satisfies IdentifierField & { categoryOfValue: NonNullable<IdentifierField['categoryOfValue']> };

const mobilePhoneField: IdentifierField = {
  field: 'mobilePhone',
  column: 'social_workers.mobile_phone',
  mask: maskMobilePhone,
};

/** A volunteer's identifiers: the same rules, sealed under the columns of `volunteers`. */
const volunteerResidentIdField = {
  ...residentIdField,
  column: 'volunteers.resident_id',
} satisfies IdentifierField & { categoryOfValue: NonNullable<IdentifierField['categoryOfValue']> };

const volunteerMobilePhoneField: IdentifierField = { ...mobilePhoneField, column: 'volunteers.mobile_phone' };

/** The classification of every field of each entity that describes a person. */
export const personalDataClassification = {
  social_worker: {
    fields: {
      id: 'public',
      districtCode: 'public',
      name: 'personal',
      residentId: 'identifier',
      mobilePhone: 'identifier',
    } satisfies Record<string, FieldClass>,
    identifiers: { residentId: residentIdField, mobilePhone: mobilePhoneField },
  },
  // docs/domain.md §5.1: a guardian's name and relation, skills and the days of registration are
  // the volunteer's personal information; the ID number and phone are identifiers.
  volunteer: {
    fields: {
      id: 'public',
      districtCode: 'public',
      name: 'personal',
      residentId: 'identifier',
      mobilePhone: 'identifier',
      adultOn: 'personal',
      registeredOn: 'personal',
      realNameVerifiedOn: 'personal',
      guardianName: 'personal',
      guardianRelation: 'personal',
      guardianConsentOn: 'personal',
      skills: 'personal',
      withdrawnOn: 'personal',
    } satisfies Record<string, FieldClass>,
    identifiers: { residentId: volunteerResidentIdField, mobilePhone: volunteerMobilePhoneField },
  },
  // docs/domain.md §7.2: who serves on a grid's team, in which role, from when to when, and the
  // account or volunteer record they act through, describe a person (PIPL art. 4); the grid is public.
  grid_team_member: {
    fields: {
      id: 'public',
      districtCode: 'public',
      gridId: 'public',
      role: 'personal',
      memberName: 'personal',
      accountId: 'personal',
      volunteerId: 'personal',
      joinedOn: 'personal',
      leftOn: 'personal',
    } satisfies Record<string, FieldClass>,
    identifiers: {},
  },
  // docs/domain.md §7.7: the account that reported an event describes a person (a resident's app
  // account, a grid worker's); a caller's phone to call back is an identifier, sealed under
  // grid_events (grid-events/event-reporter-phone.ts).
  grid_event: {
    fields: {
      id: 'public',
      districtCode: 'public',
      reportedBy: 'personal',
      reporterPhone: 'identifier',
    } satisfies Record<string, FieldClass>,
    identifiers: { reporterPhone: reporterPhoneField },
  },
} as const;

export type PersonalEntity = keyof typeof personalDataClassification;
export type IdentifierName<E extends PersonalEntity> =
  keyof (typeof personalDataClassification)[E]['identifiers'];

/** The identifier fields of an entity. */
export function identifierFieldsOf(entity: PersonalEntity): readonly IdentifierField[] {
  return Object.values(personalDataClassification[entity].identifiers);
}
