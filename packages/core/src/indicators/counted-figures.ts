import { sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { indicatorCounters } from '../schema/indicator-counters.js';
import type { GridFigures } from './grid-figures.js';
import { rowsOf, type ServiceChainFigures, type UnitGrouping } from './service-chain-figures.js';
import type { VolunteerFigures } from './volunteer-figures.js';

/**
 * The register's figures of a unit (indicators 1–6 of docs/domain.md §10): organizations,
 * communities, residents and workers.
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

/** The figures the database counts (all but the time bank's points, read from the ledger). */
export type CountedFigures = RegisterFigures &
  ServiceChainFigures &
  Omit<VolunteerFigures, 'pointsIssued' | 'pointsRedeemed' | 'pointsOutstanding'> &
  GridFigures;

/**
 * The name each figure has in `indicator_counters.figure` (migrations `indicator_counters` and
 * `indicator_counters_chain_and_grid`). Hours are counted in minutes.
 */
export const counterNames: Record<keyof CountedFigures, string> = {
  organizations: 'organizations',
  elsewhereOrganizations: 'elsewhere_organizations',
  residents: 'residents',
  urbanOrganizations: 'urban_organizations',
  urbanCommunities: 'urban_communities',
  ruralOrganizations: 'rural_organizations',
  ruralCommunities: 'rural_communities',
  certifiedWorkers: 'certified_workers',
  certificateHolders: 'certificate_holders',
  needs: 'needs',
  coveredNeeds: 'covered_needs',
  budgetFen: 'budget_fen',
  contractedFen: 'contracted_fen',
  disbursedFen: 'disbursed_fen',
  earmarkedFen: 'earmarked_fen',
  nonGovernmentEarmarkedFen: 'non_government_earmarked_fen',
  satisfactionScoreSum: 'satisfaction_score_sum',
  satisfactionAnswers: 'satisfaction_answers',
  finalEvaluations: 'final_evaluations',
  passedFinalEvaluations: 'passed_final_evaluations',
  finalEvaluationScoreSum: 'final_evaluation_score_sum',
  registeredVolunteers: 'registered_volunteers',
  activeVolunteers: 'active_volunteers',
  serviceHours: 'service_minutes',
  eventsClosed: 'events_closed',
  eventsClosedOnTime: 'events_closed_on_time',
  eventsWithClosure: 'events_with_closure',
  eventsReopened: 'events_reopened',
  eventRatings: 'event_ratings',
  eventRatingsSatisfied: 'event_ratings_satisfied',
  departmentsSummoned: 'departments_summoned',
  departmentsReportedInOnTime: 'departments_reported_in_on_time',
  outcomesAdopted: 'outcomes_adopted',
  outcomesImplemented: 'outcomes_implemented',
};

const fieldOfCounter = new Map(
  Object.entries(counterNames).map(([field, name]) => [name, field as keyof CountedFigures]),
);

/**
 * The counted figures on a day of every unit of `groupLength` digits under `prefix`, from the
 * counters the database keeps as records change, so that reading them costs the same at every
 * scale: per unit and figure, the changes of the years before the day's year, of the months of
 * its year before its month, and of the days of its month up to the day — at most about 50 rows
 * per figure, read from the counters' primary key, whatever the size of the district.
 */
export async function countedFigures(
  tx: SansheDb,
  grouping: UnitGrouping,
): Promise<Map<string, Partial<CountedFigures>>> {
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
  const figures = new Map<string, Partial<CountedFigures>>();
  for (const row of rows) {
    const field = fieldOfCounter.get(String(row.figure));
    if (field === undefined) continue;
    const unitCode = String(row.unit_code);
    let unit = figures.get(unitCode);
    if (unit === undefined) {
      unit = {};
      figures.set(unitCode, unit);
    }
    unit[field] = field === 'serviceHours' ? Number(row.amount) / 60 : Number(row.amount);
  }
  return figures;
}
