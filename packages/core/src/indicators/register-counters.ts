import { sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { indicatorCounters } from '../schema/indicator-counters.js';
import { rowsOf, type UnitGrouping } from './service-chain-figures.js';

/**
 * The register's figures of a unit (indicators 1–6 of docs/domain.md §10): what the database
 * counts in `indicator_counters` as organizations, communities, residents and workers change
 * (migration `indicator_counters`), so that reading them costs the same at every scale.
 */
export interface RegisterFigures {
  /** Organizations of this district's register (filed, or registered with a USCC of this district). */
  organizations: number;
  /** Registered organizations recorded here whose USCC names another registering area. */
  elsewhereOrganizations: number;
  residents: number;
  urbanOrganizations: number;
  urbanCommunities: number;
  ruralOrganizations: number;
  ruralCommunities: number;
  /** Workers with a registered certificate (登记有效). */
  certifiedWorkers: number;
  /** Workers holding a certificate (持证), registered or not. */
  certificateHolders: number;
}

export const emptyRegisterFigures: RegisterFigures = {
  organizations: 0,
  elsewhereOrganizations: 0,
  residents: 0,
  urbanOrganizations: 0,
  urbanCommunities: 0,
  ruralOrganizations: 0,
  ruralCommunities: 0,
  certifiedWorkers: 0,
  certificateHolders: 0,
};

/** The name each figure has in `indicator_counters.figure`. */
export const registerCounterNames: Record<keyof RegisterFigures, string> = {
  organizations: 'organizations',
  elsewhereOrganizations: 'elsewhere_organizations',
  residents: 'residents',
  urbanOrganizations: 'urban_organizations',
  urbanCommunities: 'urban_communities',
  ruralOrganizations: 'rural_organizations',
  ruralCommunities: 'rural_communities',
  certifiedWorkers: 'certified_workers',
  certificateHolders: 'certificate_holders',
};

const fieldOfCounter = new Map(
  Object.entries(registerCounterNames).map(([field, name]) => [name, field as keyof RegisterFigures]),
);

/**
 * The register's figures on a day of every unit of `groupLength` digits under `prefix`, from the
 * counters: per unit and figure, the changes of the years before the day's year, of the months of
 * its year before its month, and of the days of its month up to the day — at most about 50 rows
 * per figure, read from the counters' primary key, whatever the size of the district.
 */
export async function countedRegisterFigures(
  tx: SansheDb,
  grouping: UnitGrouping,
): Promise<Map<string, RegisterFigures>> {
  const { districtCode, prefix, groupLength, on } = grouping;
  const yearStart = `${on.slice(0, 4)}-01-01`;
  const monthStart = `${on.slice(0, 7)}-01`;
  const c = indicatorCounters;
  const units =
    prefix.length === groupLength
      ? sql`${c.unitCode} = ${prefix}`
      : sql`${c.unitCode} like ${`${prefix}%`} and length(${c.unitCode}) = ${groupLength}`;
  const rows = await rowsOf(
    tx,
    sql`select ${c.unitCode} as unit_code, ${c.figure} as figure, sum(${c.amount})::text as amount
      from ${c}
      where ${c.districtCode} = ${districtCode} and ${units}
        and ((${c.span} = 'y' and ${c.startsOn} < ${yearStart})
          or (${c.span} = 'm' and ${c.startsOn} >= ${yearStart} and ${c.startsOn} < ${monthStart})
          or (${c.span} = 'd' and ${c.startsOn} >= ${monthStart} and ${c.startsOn} <= ${on}))
      group by ${c.unitCode}, ${c.figure}`,
  );
  const figures = new Map<string, RegisterFigures>();
  for (const row of rows) {
    const field = fieldOfCounter.get(String(row.figure));
    if (field === undefined) continue;
    const unitCode = String(row.unit_code);
    let unit = figures.get(unitCode);
    if (unit === undefined) {
      unit = { ...emptyRegisterFigures };
      figures.set(unitCode, unit);
    }
    unit[field] = Number(row.amount);
  }
  return figures;
}
