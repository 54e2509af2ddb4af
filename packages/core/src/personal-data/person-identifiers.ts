import type { Actor } from '../access/actor.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { parseCode } from '../services/code-list.js';
import { appendPersonalDataAccess, type PersonalDataAccess } from './access-log.js';
import type { IdentifierField, SensitiveCategory } from './classification.js';
import type { PersonalDataKeyring } from './keyring.js';
import { openIdentifier, protectIdentifier } from './protected-value.js';
import { authorizeUnmask, type UnmaskPurpose, unmaskPurposes } from './purposes.js';
import { withinRevealLimits } from './reveal-limits.js';

/**
 * The identifiers of a person (a social worker, a volunteer): sealed the same way in every table
 * that holds people (`resident_id_*`, `mobile_phone_*`), and unmasked by one rule (docs/domain.md
 * §9). Each area names its table's fields and its read rule; the steps are written here once.
 */

export type PersonIdentifier = 'residentId' | 'mobilePhone';
export const personIdentifiers: readonly PersonIdentifier[] = ['residentId', 'mobilePhone'];

/** The classification of a kind of person's two identifiers (classification.ts). */
export interface PersonIdentifierFields {
  residentId: IdentifierField & {
    categoryOfValue(value: string, today: string): SensitiveCategory | undefined;
  };
  mobilePhone: IdentifierField;
}

/** The stored columns of a resident ID number (clear, validated, 18 characters). */
export function sealedResidentIdColumns(
  keyring: PersonalDataKeyring,
  districtCode: string,
  fields: PersonIdentifierFields,
  residentId: string,
) {
  const value = protectIdentifier(keyring, districtCode, fields.residentId, residentId);
  return { residentIdEncrypted: value.encrypted, residentIdHash: value.hash, residentIdMasked: value.masked };
}

/** The stored columns of a mobile number; all null when there is none. */
export function sealedMobilePhoneColumns(
  keyring: PersonalDataKeyring,
  districtCode: string,
  fields: PersonIdentifierFields,
  phone: string | null,
) {
  if (phone === null) return { mobilePhoneEncrypted: null, mobilePhoneHash: null, mobilePhoneMasked: null };
  const value = protectIdentifier(keyring, districtCode, fields.mobilePhone, phone);
  return {
    mobilePhoneEncrypted: value.encrypted,
    mobilePhoneHash: value.hash,
    mobilePhoneMasked: value.masked,
  };
}

/** A kind of person whose identifiers may be unmasked: how its rows are found and logged. */
export interface PersonKind {
  /** The access log's entity type: `social_worker`, `volunteer`. */
  entityType: string;
  /** Words for messages: "social worker". */
  label: string;
  /** The input field naming the person: `workerId`. */
  idField: string;
  fields: PersonIdentifierFields;
  /** The person's sealed columns, when it exists and the actor may see it (read in `tx`). */
  findVisible(
    tx: SansheDb,
    personId: number,
  ): Promise<{ id: number; residentIdEncrypted: string; mobilePhoneEncrypted: string | null } | undefined>;
}

export interface RevealPersonIdentifiersInput {
  personId: number;
  /** Which identifiers to unmask; each is logged separately. */
  fields: readonly PersonIdentifier[];
  purpose: UnmaskPurpose;
  /** Why, in words; needed for sensitive values (a child's ID number). */
  purposeNote?: string | null;
}

/** The clear identifiers asked for; a field not asked for, or not recorded, is null. */
export interface RevealedPersonIdentifiers {
  personId: number;
  residentId: string | null;
  mobilePhone: string | null;
  /** The sensitive categories the values fell in. */
  sensitiveCategories: SensitiveCategory[];
}

/**
 * Unmask a person's identifiers for an actor who may see the person, may unmask, and declares a
 * purpose that fits the data; append one access-log row per field in the same transaction.
 *
 * @throws {SansheError} INVALID_CODE_LIST_VALUE (purpose), VALIDATION_FAILED (fields, note),
 *   NOT_FOUND (no such person, or not visible: the two are not told apart), FORBIDDEN (role),
 *   PURPOSE_NOT_ALLOWED (sensitive value without a fitting purpose and note), REVEAL_LIMIT_EXCEEDED
 */
export async function revealPersonIdentifiers(
  context: { db: SansheDb; districtCode: string; actor: Actor; keyring: PersonalDataKeyring; today: string },
  kind: PersonKind,
  input: RevealPersonIdentifiersInput,
): Promise<RevealedPersonIdentifiers> {
  const { db, districtCode, actor, keyring } = context;
  const purpose = parseCode(unmaskPurposes, input.purpose, ['input', 'purpose'], 'Purpose');
  const fields = [...new Set(input.fields)];
  if (fields.length === 0 || fields.some((field) => !personIdentifiers.includes(field))) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `Name the fields to unmask: ${personIdentifiers.join(', ')}.`,
      {
        path: ['input', 'fields'],
      },
    );
  }
  const note = input.purposeNote?.trim() || null;
  if (note !== null && note.length > 500) {
    throw new SansheError('VALIDATION_FAILED', 'A purpose note has at most 500 characters.', {
      path: ['input', 'purposeNote'],
    });
  }
  // Refuse a role that may never unmask before reading anything.
  authorizeUnmask(actor, purpose, note, []);
  return db.transaction(async (tx) => {
    const person = await kind.findVisible(tx, input.personId);
    if (!person) {
      throw new SansheError(
        'NOT_FOUND',
        `No ${kind.label} with id ${input.personId} in district ${districtCode}.`,
        {
          path: ['input', kind.idField],
        },
      );
    }
    const clear: Record<PersonIdentifier, string | null> = { residentId: null, mobilePhone: null };
    const categories = new Map<PersonIdentifier, SensitiveCategory | undefined>();
    // Whatever identifies a child under 14 is a minor's information (PIPL art. 28), the phone as
    // much as the ID number: the person's age, read from the ID number whether or not it is
    // asked for, makes every identifier of theirs sensitive.
    const personCategory = kind.fields.residentId.categoryOfValue(
      openIdentifier(keyring, districtCode, kind.fields.residentId, person.residentIdEncrypted),
      context.today,
    );
    for (const field of fields) {
      const sealed = field === 'residentId' ? person.residentIdEncrypted : person.mobilePhoneEncrypted;
      if (sealed === null) continue;
      const descriptor: IdentifierField = kind.fields[field];
      const value = openIdentifier(keyring, districtCode, descriptor, sealed);
      clear[field] = value;
      categories.set(
        field,
        descriptor.category ?? descriptor.categoryOfValue?.(value, context.today) ?? personCategory,
      );
    }
    const sensitive = [...new Set([...categories.values()].filter((c): c is SensitiveCategory => !!c))];
    authorizeUnmask(actor, purpose, note, sensitive);
    await withinRevealLimits(
      tx,
      { districtCode, actor, today: context.today },
      { entityType: kind.entityType, entityId: person.id },
      categories.size,
    );
    const accesses: PersonalDataAccess[] = [...categories.entries()].map(([field, category]) => ({
      entityType: kind.entityType,
      entityId: person.id,
      field,
      purpose,
      purposeNote: note,
      sensitiveCategory: category ?? null,
    }));
    await appendPersonalDataAccess(tx, districtCode, actor, accesses);
    return { personId: person.id, ...clear, sensitiveCategories: sensitive };
  });
}
