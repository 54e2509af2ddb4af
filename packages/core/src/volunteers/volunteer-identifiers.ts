import { and, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import { visibleVolunteers } from '../access/volunteer-visibility.js';
import type { SansheDb } from '../database/district-database.js';
import { personalDataClassification, type SensitiveCategory } from '../personal-data/classification.js';
import type { PersonalDataKeyring } from '../personal-data/keyring.js';
import {
  type PersonIdentifier,
  type PersonKind,
  personIdentifiers,
  revealPersonIdentifiers,
  sealedMobilePhoneColumns,
  sealedResidentIdColumns,
} from '../personal-data/person-identifiers.js';
import { identifierLookupHash } from '../personal-data/protected-value.js';
import type { UnmaskPurpose } from '../personal-data/purposes.js';
import { volunteers } from '../schema/volunteers.js';

const identifiers = personalDataClassification.volunteer.identifiers;

/** The stored columns of a volunteer's resident ID number (clear, validated, 18 characters). */
export function volunteerResidentIdColumns(
  keyring: PersonalDataKeyring,
  districtCode: string,
  residentId: string,
) {
  return sealedResidentIdColumns(keyring, districtCode, identifiers, residentId);
}

/** The stored columns of a volunteer's mobile number; all null when there is none. */
export function volunteerMobilePhoneColumns(
  keyring: PersonalDataKeyring,
  districtCode: string,
  phone: string | null,
) {
  return sealedMobilePhoneColumns(keyring, districtCode, identifiers, phone);
}

/** The condition finding a volunteer by its (validated, 18-character) resident ID number. */
export function volunteerResidentIdMatches(keyring: PersonalDataKeyring, residentId: string) {
  return eq(volunteers.residentIdHash, identifierLookupHash(keyring, identifiers.residentId, residentId));
}

export type VolunteerIdentifier = PersonIdentifier;
export const volunteerIdentifiers: readonly VolunteerIdentifier[] = personIdentifiers;

export interface RevealVolunteerIdentifiersInput {
  volunteerId: number;
  /** Which identifiers to unmask; each is logged separately. */
  fields: readonly VolunteerIdentifier[];
  purpose: UnmaskPurpose;
  /** Why, in words; needed for sensitive values (a child's ID number). */
  purposeNote?: string | null;
}

/** The clear identifiers asked for; a field not asked for, or not recorded, is null. */
export interface RevealedVolunteerIdentifiers {
  volunteerId: number;
  residentId: string | null;
  mobilePhone: string | null;
  /** The sensitive categories the values fell in. */
  sensitiveCategories: SensitiveCategory[];
}

/** Volunteers as people whose identifiers may be unmasked: seen by `visibleVolunteers`. */
function volunteerKind(districtCode: string, actor: Actor): PersonKind {
  return {
    entityType: 'volunteer',
    label: 'volunteer',
    idField: 'volunteerId',
    fields: identifiers,
    async findVisible(tx, volunteerId) {
      const [volunteer] = await tx
        .select({
          id: volunteers.id,
          residentIdEncrypted: volunteers.residentIdEncrypted,
          mobilePhoneEncrypted: volunteers.mobilePhoneEncrypted,
        })
        .from(volunteers)
        .where(
          and(
            eq(volunteers.districtCode, districtCode),
            eq(volunteers.id, volunteerId),
            visibleVolunteers(actor, districtCode, volunteers),
          ),
        );
      return volunteer;
    },
  };
}

/**
 * Unmask a volunteer's identifiers: the rule of social workers (docs/domain.md §9,
 * `revealPersonIdentifiers`). A VOLUNTEER sees only itself, so it unmasks only its own data, as
 * DATA_SUBJECT_REQUEST (`authorizeUnmask`).
 *
 * @throws {SansheError} INVALID_CODE_LIST_VALUE (purpose), VALIDATION_FAILED (fields, note),
 *   NOT_FOUND (no such volunteer, or not visible: the two are not told apart), FORBIDDEN (role),
 *   PURPOSE_NOT_ALLOWED (sensitive value without a fitting purpose and note),
 *   REVEAL_LIMIT_EXCEEDED
 */
export async function revealVolunteerIdentifiers(
  context: { db: SansheDb; districtCode: string; actor: Actor; keyring: PersonalDataKeyring; today: string },
  input: RevealVolunteerIdentifiersInput,
): Promise<RevealedVolunteerIdentifiers> {
  const { personId, ...revealed } = await revealPersonIdentifiers(
    context,
    volunteerKind(context.districtCode, context.actor),
    { ...input, personId: input.volunteerId },
  );
  return { volunteerId: personId, ...revealed };
}
