import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

/**
 * Persisted (trusted) operations from SANSHE_PERSISTED_OPERATIONS: a JSON object of
 * `"<sha256 of the document>": "<document>"`. Each key is checked against its document, so a
 * file edited by hand cannot map a known hash to another operation.
 */
export function readPersistedOperations(
  env: NodeJS.ProcessEnv,
): { operations: Record<string, string>; only: boolean } | undefined {
  const file = env.SANSHE_PERSISTED_OPERATIONS;
  const only = env.SANSHE_PERSISTED_ONLY === '1' || env.SANSHE_PERSISTED_ONLY === 'true';
  if (!file) {
    if (only) throw new UsageError('SANSHE_PERSISTED_ONLY needs SANSHE_PERSISTED_OPERATIONS');
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`SANSHE_PERSISTED_OPERATIONS: cannot read ${file} (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError('SANSHE_PERSISTED_OPERATIONS must hold a JSON object of hash → document');
  }
  const operations: Record<string, string> = {};
  for (const [hash, document] of Object.entries(parsed)) {
    if (typeof document !== 'string' || !/^[0-9a-f]{64}$/.test(hash) || sha256(document) !== hash) {
      throw new UsageError(
        `SANSHE_PERSISTED_OPERATIONS: "${hash.slice(0, 70)}" is not the sha256 of its document`,
      );
    }
    operations[hash] = document;
  }
  return { operations, only };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
