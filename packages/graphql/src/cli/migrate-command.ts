import { migrateTarget } from './district-targets.js';
import { openDistricts } from './open-districts.js';
import type { CliOptions } from './options.js';

/** `sanshe migrate`: one district database brought to this version's migrations. */
export async function migrateCommand(options: CliOptions): Promise<void> {
  const opened = await openDistricts(migrateTarget(options), { init: options.init });
  await Promise.all(opened.sources.map((source) => source.close()));
  console.log(`migrated ${opened.description}`);
}
