import { seedTarget } from './district-targets.js';
import { openDistricts } from './open-districts.js';
import type { CliOptions } from './options.js';
import { personalDataKeyringFromEnv } from './personal-data-keys.js';

/**
 * `sanshe seed`: demo data into exactly the databases the flags name (district-targets.ts,
 * `seedTarget`), each seeded once.
 */
export async function seedCommand(options: CliOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const personalData = personalDataKeyringFromEnv(env);
  const target = seedTarget(options);
  const opened = await openDistricts(target, { personalData, init: options.init });
  try {
    for (const report of opened.seeded) {
      console.log(`seeded district ${report.districtCode}: ${report.rows} rows in ${report.milliseconds} ms`);
    }
    if (opened.seeded.length === 0) console.log(`already seeded: ${opened.description}`);
  } finally {
    await Promise.all(opened.sources.map((source) => source.close()));
  }
}
