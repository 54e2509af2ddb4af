import { rotatePersonalDataKeys } from '@sanshe/core';
import { serveTarget } from './district-targets.js';
import { openDistricts } from './open-districts.js';
import type { CliOptions } from './options.js';
import { personalDataKeyringFromEnv } from './personal-data-keys.js';
import { UsageError } from './usage-error.js';

/** `sanshe rotate-keys`: every district `serve` would serve, resealed with the current key. */
export async function rotateKeysCommand(options: CliOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const keyring = personalDataKeyringFromEnv(env);
  if (!keyring) {
    throw new UsageError(
      'rotate-keys needs the keyring: SANSHE_PERSONAL_DATA_KEYS (old and new, new current) and SANSHE_PERSONAL_DATA_LOOKUP_KEY',
      'sanshe rotate-keys --help',
    );
  }
  const opened = await openDistricts(serveTarget(options, 'rotate-keys'), {
    personalData: keyring,
    init: options.init,
  });
  try {
    for (const source of opened.databases) {
      const report = await rotatePersonalDataKeys(source);
      const before = Object.entries(report.valuesByKeyBefore)
        .map(([id, count]) => `${id}: ${count}`)
        .join(', ');
      console.log(
        `district ${report.districtCode}: ${report.rowsExamined} rows, values by key before {${before}}, ${report.valuesResealed} resealed with ${report.currentKeyId}, ${report.hashesRewritten} lookup hashes rewritten`,
      );
    }
  } finally {
    await Promise.all(opened.sources.map((source) => source.close()));
  }
}
