import { SansheError } from '../errors/sanshe-error.js';
import { lookupHash } from '../personal-data/field-cipher.js';
import type { PersonalDataKeyring } from '../personal-data/keyring.js';

/** The column the keyed hash is kept in (schema/evaluations.ts `satisfaction_answers`). */
export const RESPONDENT_HASH_COLUMN = 'satisfaction_answers.respondent_hash';

/**
 * The respondent of a satisfaction answer as stored: the keyed hash (HMAC-SHA256 under the
 * district's lookup key, personal-data/field-cipher.ts `lookupHash`) of their resident ID number
 * (docs/domain.md §6.7, §9). No name, number or contact is kept with an answer.
 *
 * The hash is bound to the district and the project, not only to the column: it is enough to
 * refuse a second answer to the same project (the unique constraint
 * `satisfaction_answers_one_per_resident_unique`), and it cannot tell that two answers to two
 * projects came from one resident, nor match a social worker's `resident_id_hash` (which is
 * bound to its own column). PIPL 第六条 (最小必要): nothing more is kept than refusing the second
 * answer needs.
 *
 * @throws {SansheError} ENCRYPTION_KEY_MISSING when the keyring holds no lookup key: an answer
 *   cannot be stored without its hash, and an unkeyed hash of an ID number would name anyone
 *   who can enumerate ID numbers.
 */
export function respondentHash(
  keyring: PersonalDataKeyring,
  scope: { districtCode: string; projectId: number },
  residentId: string,
): string {
  if (!keyring.lookupKey || keyring.lookupKey.length === 0) {
    throw new SansheError(
      'ENCRYPTION_KEY_MISSING',
      'No personal-data lookup key is configured: a satisfaction answer is stored only as the keyed hash of the resident ID number.',
      { path: ['input', 'residentId'] },
    );
  }
  return lookupHash(
    keyring,
    residentId,
    `${RESPONDENT_HASH_COLUMN}:${scope.districtCode}:${scope.projectId}`,
  );
}
