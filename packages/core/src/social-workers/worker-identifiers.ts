import { and, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import { visibleWorkers } from '../access/visibility.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { appendPersonalDataAccess, type PersonalDataAccess } from '../personal-data/access-log.js';
import {
  type IdentifierField,
  personalDataClassification,
  type SensitiveCategory,
} from '../personal-data/classification.js';
import type { PersonalDataKeyring } from '../personal-data/keyring.js';
import { identifierLookupHash, openIdentifier, protectIdentifier } from '../personal-data/protected-value.js';
import { authorizeUnmask, type UnmaskPurpose, unmaskPurposes } from '../personal-data/purposes.js';
import { withinRevealLimits } from '../personal-data/reveal-limits.js';
import { socialWorkers } from '../schema/social-workers.js';
import { parseCode } from '../services/code-list.js';

const identifiers = personalDataClassification.social_worker.identifiers;

/** The stored columns of a worker's resident ID number (clear, validated, 18 characters). */
export function residentIdColumns(keyring: PersonalDataKeyring, districtCode: string, residentId: string) {
  const value = protectIdentifier(keyring, districtCode, identifiers.residentId, residentId);
  return { residentIdEncrypted: value.encrypted, residentIdHash: value.hash, residentIdMasked: value.masked };
}

/** The stored columns of a worker's mobile number; all null when there is none. */
export function mobilePhoneColumns(keyring: PersonalDataKeyring, districtCode: string, phone: string | null) {
  if (phone === null) return { mobilePhoneEncrypted: null, mobilePhoneHash: null, mobilePhoneMasked: null };
  const value = protectIdentifier(keyring, districtCode, identifiers.mobilePhone, phone);
  return {
    mobilePhoneEncrypted: value.encrypted,
    mobilePhoneHash: value.hash,
    mobilePhoneMasked: value.masked,
  };
}

/** The condition finding a worker by its (validated, 18-character) resident ID number. */
export function residentIdMatches(keyring: PersonalDataKeyring, residentId: string) {
  return eq(socialWorkers.residentIdHash, identifierLookupHash(keyring, identifiers.residentId, residentId));
}

export type WorkerIdentifier = 'residentId' | 'mobilePhone';
export const workerIdentifiers: readonly WorkerIdentifier[] = ['residentId', 'mobilePhone'];

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

/**
 * Unmask a worker's identifiers for an actor who may see the worker, may unmask, and declares a
 * purpose that fits the data; append one access-log row per field in the same transaction.
 *
 * @throws {SansheError} INVALID_CODE_LIST_VALUE (purpose), VALIDATION_FAILED (fields), NOT_FOUND
 * (no such worker, or not in the actor's jurisdiction: the two are not told apart), FORBIDDEN
 * (role), PURPOSE_NOT_ALLOWED (sensitive value without a fitting purpose and note).
 */
export async function revealWorkerIdentifiers(
  context: { db: SansheDb; districtCode: string; actor: Actor; keyring: PersonalDataKeyring; today: string },
  input: RevealWorkerIdentifiersInput,
): Promise<RevealedWorkerIdentifiers> {
  const { db, districtCode, actor, keyring } = context;
  const purpose = parseCode(unmaskPurposes, input.purpose, ['input', 'purpose'], 'Purpose');
  const fields = [...new Set(input.fields)];
  if (fields.length === 0 || fields.some((field) => !workerIdentifiers.includes(field))) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `Name the fields to unmask: ${workerIdentifiers.join(', ')}.`,
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
    const [worker] = await tx
      .select()
      .from(socialWorkers)
      .where(
        and(
          eq(socialWorkers.districtCode, districtCode),
          eq(socialWorkers.id, input.workerId),
          visibleWorkers(actor, districtCode, socialWorkers),
        ),
      );
    if (!worker) {
      throw new SansheError(
        'NOT_FOUND',
        `No social worker with id ${input.workerId} in district ${districtCode}.`,
        {
          path: ['input', 'workerId'],
        },
      );
    }
    const clear: Record<WorkerIdentifier, string | null> = { residentId: null, mobilePhone: null };
    const categories = new Map<WorkerIdentifier, SensitiveCategory | undefined>();
    // Whatever identifies a child under 14 is a minor's information (PIPL art. 28), the phone as
    // much as the ID number: the person's age, read from the ID number whether or not it is
    // asked for, makes every identifier of theirs sensitive.
    const personCategory = identifiers.residentId.categoryOfValue(
      openIdentifier(keyring, districtCode, identifiers.residentId, worker.residentIdEncrypted),
      context.today,
    );
    for (const field of fields) {
      const sealed = field === 'residentId' ? worker.residentIdEncrypted : worker.mobilePhoneEncrypted;
      if (sealed === null) continue;
      const descriptor: IdentifierField = identifiers[field];
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
      { entityType: 'social_worker', entityId: worker.id },
      categories.size,
    );
    const accesses: PersonalDataAccess[] = [...categories.entries()].map(([field, category]) => ({
      entityType: 'social_worker',
      entityId: worker.id,
      field,
      purpose,
      purposeNote: note,
      sensitiveCategory: category ?? null,
    }));
    await appendPersonalDataAccess(tx, districtCode, actor, accesses);
    return { workerId: worker.id, ...clear, sensitiveCategories: sensitive };
  });
}
