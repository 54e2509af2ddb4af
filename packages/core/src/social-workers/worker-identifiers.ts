import { and, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import { visibleWorkers } from '../access/visibility.js';
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
import { socialWorkers } from '../schema/social-workers.js';

const identifiers = personalDataClassification.social_worker.identifiers;

/** The stored columns of a worker's resident ID number (clear, validated, 18 characters). */
export function residentIdColumns(keyring: PersonalDataKeyring, districtCode: string, residentId: string) {
  return sealedResidentIdColumns(keyring, districtCode, identifiers, residentId);
}

/** The stored columns of a worker's mobile number; all null when there is none. */
export function mobilePhoneColumns(keyring: PersonalDataKeyring, districtCode: string, phone: string | null) {
  return sealedMobilePhoneColumns(keyring, districtCode, identifiers, phone);
}

/** The condition finding a worker by its (validated, 18-character) resident ID number. */
export function residentIdMatches(keyring: PersonalDataKeyring, residentId: string) {
  return eq(socialWorkers.residentIdHash, identifierLookupHash(keyring, identifiers.residentId, residentId));
}

export type WorkerIdentifier = PersonIdentifier;
export const workerIdentifiers: readonly WorkerIdentifier[] = personIdentifiers;

export interface RevealWorkerIdentifiersInput {
  workerId: number;
  /** Which identifiers to unmask; each is logged separately. */
  fields: readonly WorkerIdentifier[];
  purpose: UnmaskPurpose;
  /** Why, in words; needed for sensitive values (a child's ID number). */
  purposeNote?: string | null;
}

/** The clear identifiers asked for; a field not asked for, or not recorded, is null. */
export interface RevealedWorkerIdentifiers {
  workerId: number;
  residentId: string | null;
  mobilePhone: string | null;
  /** The sensitive categories the values fell in. */
  sensitiveCategories: SensitiveCategory[];
}

/** Social workers as people whose identifiers may be unmasked: seen by `visibleWorkers`. */
function workerKind(districtCode: string, actor: Actor): PersonKind {
  return {
    entityType: 'social_worker',
    label: 'social worker',
    idField: 'workerId',
    fields: identifiers,
    async findVisible(tx, workerId) {
      const [worker] = await tx
        .select({
          id: socialWorkers.id,
          residentIdEncrypted: socialWorkers.residentIdEncrypted,
          mobilePhoneEncrypted: socialWorkers.mobilePhoneEncrypted,
        })
        .from(socialWorkers)
        .where(
          and(
            eq(socialWorkers.districtCode, districtCode),
            eq(socialWorkers.id, workerId),
            visibleWorkers(actor, districtCode, socialWorkers),
          ),
        );
      return worker;
    },
  };
}

/**
 * Unmask a worker's identifiers for an actor who may see the worker, may unmask, and declares a
 * purpose that fits the data; append one access-log row per field in the same transaction
 * (the one rule of docs/domain.md §9: `revealPersonIdentifiers`).
 *
 * @throws {SansheError} INVALID_CODE_LIST_VALUE (purpose), VALIDATION_FAILED (fields), NOT_FOUND
 * (no such worker, or not in the actor's jurisdiction: the two are not told apart), FORBIDDEN
 * (role), PURPOSE_NOT_ALLOWED (sensitive value without a fitting purpose and note).
 */
export async function revealWorkerIdentifiers(
  context: { db: SansheDb; districtCode: string; actor: Actor; keyring: PersonalDataKeyring; today: string },
  input: RevealWorkerIdentifiersInput,
): Promise<RevealedWorkerIdentifiers> {
  const { personId, ...revealed } = await revealPersonIdentifiers(
    context,
    workerKind(context.districtCode, context.actor),
    { ...input, personId: input.workerId },
  );
  return { workerId: personId, ...revealed };
}
