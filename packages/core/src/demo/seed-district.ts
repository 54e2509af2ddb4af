import { sql } from 'drizzle-orm';
import type { DistrictDatabase } from '../database/district-database.js';
import { communities, districts, grids, subdistricts } from '../schema/hierarchy.js';
import type { DemoDistrictPlan } from './plan-district.js';

export interface SeedReport {
  districtCode: string;
  rows: number;
  milliseconds: number;
}

// Multi-row inserts keep a district of thousands of units to a handful of statements; the
// chunk stays well under PostgreSQL's limit of 65,535 bind parameters per statement.
const rowsPerStatement = 1000;

/** Whether the district's row is already there (a seeded or live database is never reseeded). */
export async function isDistrictSeeded(database: Pick<DistrictDatabase, 'db'>): Promise<boolean> {
  const rows = await database.db.select({ code: districts.districtCode }).from(districts).limit(1);
  return rows.length > 0;
}

/** Write a planned demo district in one transaction, with bulk inserts. */
export async function seedDemoDistrict(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  plan: DemoDistrictPlan,
): Promise<SeedReport> {
  if (plan.districtCode !== database.districtCode) {
    throw new Error(
      `Plan for district ${plan.districtCode} cannot seed the database of ${database.districtCode}`,
    );
  }
  const started = performance.now();
  await database.db.transaction(async (tx) => {
    await tx
      .insert(districts)
      .values({ districtCode: plan.districtCode, name: plan.name, effectiveFrom: plan.effectiveFrom });
    for (const [table, rows] of [
      [subdistricts, plan.subdistricts],
      [communities, plan.communities],
      [grids, plan.grids],
    ] as const) {
      for (let i = 0; i < rows.length; i += rowsPerStatement) {
        // biome-ignore lint/suspicious/noExplicitAny: the three tables take their own row types, zipped above
        await tx.insert(table as any).values(rows.slice(i, i + rowsPerStatement) as any);
      }
    }
    // Ids were given explicitly, so move each identity past them for rows created later.
    for (const name of ['subdistricts', 'communities', 'grids']) {
      await tx.execute(
        sql.raw(
          `select setval(pg_get_serial_sequence('${name}', 'id'), coalesce((select max(id) from ${name}), 0) + 1, false)`,
        ),
      );
    }
  });
  return {
    districtCode: plan.districtCode,
    rows: 1 + plan.subdistricts.length + plan.communities.length + plan.grids.length,
    milliseconds: Math.round(performance.now() - started),
  };
}
