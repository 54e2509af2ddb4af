import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import { createTestDistrictDatabase } from '@sanshe/core/testing';

/** The district {@link openDemoDistrict} seeds. */
export const districtCode = '320505';

/**
 * One demo district (320505 虎丘区, seed 1) of the given scale in a fresh database: embedded
 * PGlite in memory, unless SANSHE_TEST_PG names a PostgreSQL server.
 */
export async function openDemoDistrict(scale) {
  const database = await createTestDistrictDatabase({ districtCode });
  await seedDemoDistrict(database, planDemoDistrict({ districtCode, name: '虎丘区', seed: 1, scale }));
  return database;
}
