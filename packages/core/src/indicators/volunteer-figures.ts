import { sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { lineAccount, lineEntry } from '../ledger/ledger-joins.js';
import { communities } from '../schema/hierarchy.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { socialOrganizations } from '../schema/organizations.js';
import { volunteerServices, volunteers, volunteerTeams } from '../schema/volunteers.js';
import { addDays, addYears } from '../services/dates.js';
import { serviceInForce } from '../volunteers/services-in-force.js';
import { rowsOf, type UnitGrouping } from './service-chain-figures.js';

/**
 * The counts behind the volunteer and time-bank indicators of one unit (docs/domain.md §5, §10).
 * Every figure is a sum, so the figures of several units or districts add up.
 */
export interface VolunteerFigures {
  /** Volunteers registered by the day and not withdrawn by it. */
  registeredVolunteers: number;
  /** Of those, the ones who served (a record in force) in the 12 months to the day. */
  activeVolunteers: number;
  /** Hours (minutes / 60) of the records in force served in the 12 months to the day. */
  serviceHours: number;
  /** Points earned by certified service, net of reversals, by the day. */
  pointsIssued: number;
  /** Points exchanged for services or goods, net of reversals, by the day. */
  pointsRedeemed: number;
  /** Points held by volunteers and pools on the day. */
  pointsOutstanding: number;
}

export const emptyVolunteerFigures: VolunteerFigures = {
  registeredVolunteers: 0,
  activeVolunteers: 0,
  serviceHours: 0,
  pointsIssued: 0,
  pointsRedeemed: 0,
  pointsOutstanding: 0,
};

/**
 * The 12 months to a day (docs/domain.md §10: "active: served in the last 12 months"), as instants
 * in China's calendar: from the start of the day a year before the day after, to the end of the day.
 */
export function twelveMonthsTo(on: string): { from: string; before: string } {
  return {
    from: `${addDays(addYears(on, -1), 1)}T00:00:00+08:00`,
    before: `${addDays(on, 1)}T00:00:00+08:00`,
  };
}

/** Sums come back as text (they may exceed 32 bits). */
const figure = (value: unknown): number => Number(value ?? 0);

/**
 * How a statement groups its rows into units: the first `groupLength` digits of a community's
 * code; at district level every row, whether or not it has a community (a pool of an organization
 * with no base community counts for the district only).
 */
function unitOf(grouping: UnitGrouping, communityCode: ReturnType<typeof sql>) {
  return grouping.groupLength === 6
    ? sql`${grouping.districtCode}::text`
    : sql`left(${communityCode}, ${sql.raw(String(grouping.groupLength))})`;
}

/**
 * Volunteers per unit, by their home community: one statement. Registered: registered on or
 * before the day and not withdrawn on or before it. Active: of those, the ones with a service
 * record in force (`serviceInForce`: not corrected, not a void) that started in the 12 months to
 * the day. Hours: the minutes of the records in force that started in those 12 months, of every
 * volunteer of the unit (one withdrawn since served them too), in hours.
 *
 * Records imported from another district or system (certifier `imported`) count where they were
 * served, not here, so that summed over a city's districts each hour counts once.
 */
export async function volunteerFigures(
  tx: SansheDb,
  grouping: UnitGrouping,
): Promise<
  Map<string, Pick<VolunteerFigures, 'registeredVolunteers' | 'activeVolunteers' | 'serviceHours'>>
> {
  const { districtCode, prefix, on } = grouping;
  const window = twelveMonthsTo(on);
  const unit = unitOf(grouping, sql`${communities.code}`);
  const registered = sql`(${volunteers.registeredOn} <= ${on}
    and (${volunteers.withdrawnOn} is null or ${volunteers.withdrawnOn} > ${on}))`;
  const rows = await rowsOf(
    tx,
    sql`with served as (
        select ${volunteerServices.volunteerId} as volunteer_id, sum(${volunteerServices.minutes}) as minutes
        from ${volunteerServices}
        where ${volunteerServices.districtCode} = ${districtCode}
          and ${volunteerServices.certifierKind} <> 'imported'
          and ${volunteerServices.startedAt} >= ${window.from}
          and ${volunteerServices.startedAt} < ${window.before}
          and ${serviceInForce()}
        group by ${volunteerServices.volunteerId}
      )
      select ${unit} as unit_code,
        (count(*) filter (where ${registered}))::text as registered,
        (count(*) filter (where ${registered} and served.minutes > 0))::text as active,
        coalesce(sum(served.minutes), 0)::text as minutes
      from ${volunteers}
      join ${communities}
        on ${communities.districtCode} = ${volunteers.districtCode} and ${communities.id} = ${volunteers.homeCommunityId}
      left join served on served.volunteer_id = ${volunteers.id}
      where ${volunteers.districtCode} = ${districtCode}
        and ${communities.code} like ${`${prefix}%`}
      group by 1`,
  );
  return new Map(
    rows.map((row) => [
      String(row.unit_code),
      {
        registeredVolunteers: figure(row.registered),
        activeVolunteers: figure(row.active),
        serviceHours: figure(row.minutes) / 60,
      },
    ]),
  );
}

/**
 * Points per unit, from the ledger (docs/domain.md §5.5): one statement over the lines, in points,
 * of the accounts that hold points — a volunteer's, or a pool of a team, a community or an
 * organization — in entries dated on or before the day. A holder is placed in a community: a
 * volunteer in their home community, a team in its community (or its organization's base
 * community), a community pool in the community, an organization pool in its base community;
 * a pool with none counts for the district only.
 *
 * - issued: the holders' lines of the entries that also move the `points_issuer` account
 *   (earnings, and reversals of earnings), so a reversal cancels what it undoes;
 * - redeemed: the opposite of the holders' lines of the entries that also move the
 *   `points_redeemed` account (exchanges and their reversals);
 * - outstanding: every line of the holders (earnings, exchanges, transfers, reversals), i.e.
 *   their balances on the day. A transfer moves points between holders, so at district level
 *   outstanding = issued − redeemed.
 */
export async function pointsFigures(
  tx: SansheDb,
  grouping: UnitGrouping,
): Promise<Map<string, Pick<VolunteerFigures, 'pointsIssued' | 'pointsRedeemed' | 'pointsOutstanding'>>> {
  const { districtCode, prefix, on } = grouping;
  const a = ledgerAccounts;
  // Each subquery is its own scope, so each reads `communities` under its own name.
  const codeOf = (where: ReturnType<typeof sql>, from: ReturnType<typeof sql>) =>
    sql`(select ${communities.code} from ${from} where ${where})`;
  const holderCommunity = sql`coalesce(
    ${codeOf(
      sql`${volunteers.districtCode} = ${a.districtCode} and ${volunteers.id} = ${a.volunteerId}`,
      sql`${volunteers} join ${communities} on ${communities.districtCode} = ${volunteers.districtCode} and ${communities.id} = ${volunteers.homeCommunityId}`,
    )},
    ${codeOf(
      sql`${volunteerTeams.districtCode} = ${a.districtCode} and ${volunteerTeams.id} = ${a.teamId}`,
      sql`${volunteerTeams}
        left join ${socialOrganizations}
          on ${socialOrganizations.districtCode} = ${volunteerTeams.districtCode} and ${socialOrganizations.id} = ${volunteerTeams.organizationId}
        join ${communities} on ${communities.districtCode} = ${volunteerTeams.districtCode}
          and ${communities.id} = coalesce(${volunteerTeams.communityId}, ${socialOrganizations.communityId})`,
    )},
    ${codeOf(sql`${communities.districtCode} = ${a.districtCode} and ${communities.id} = ${a.communityId}`, sql`${communities}`)},
    ${codeOf(
      sql`${socialOrganizations.districtCode} = ${a.districtCode} and ${socialOrganizations.id} = ${a.organizationId}`,
      sql`${socialOrganizations} join ${communities} on ${communities.districtCode} = ${socialOrganizations.districtCode} and ${communities.id} = ${socialOrganizations.communityId}`,
    )})`;
  const holders = sql.raw(`'volunteer', 'team', 'community', 'organization'`);
  const rows = await rowsOf(
    tx,
    sql`with holders as (
        select ${a.id} as id, ${holderCommunity} as community_code
        from ${a}
        where ${a.districtCode} = ${districtCode} and ${a.unit} = 'points' and ${a.kind} in (${holders})
      ),
      entry_sides as (
        select ${journalLines.entryId} as entry_id,
          bool_or(${a.kind} = 'points_issuer') as issues,
          bool_or(${a.kind} = 'points_redeemed') as redeems
        from ${journalLines}
        join ${a} on ${lineAccount}
        where ${journalLines.districtCode} = ${districtCode}
          and ${journalLines.unit} = 'points'
          and ${a.kind} in ('points_issuer', 'points_redeemed')
        group by ${journalLines.entryId}
      ),
      holder_lines as (
        select ${unitOf(grouping, sql`holders.community_code`)} as unit_code,
          ${journalLines.amount} as amount,
          coalesce(entry_sides.issues, false) as issues,
          coalesce(entry_sides.redeems, false) as redeems
        from ${journalLines}
        join holders on holders.id = ${journalLines.accountId}
        join ${journalEntries} on ${lineEntry}
        left join entry_sides on entry_sides.entry_id = ${journalLines.entryId}
        where ${journalLines.districtCode} = ${districtCode}
          and ${journalLines.unit} = 'points'
          and ${journalEntries.occurredOn} <= ${on}
      )
      select unit_code,
        coalesce(sum(amount) filter (where issues), 0)::text as issued,
        coalesce(-sum(amount) filter (where redeems), 0)::text as redeemed,
        coalesce(sum(amount), 0)::text as outstanding
      from holder_lines
      where unit_code like ${`${prefix}%`}
      group by unit_code`,
  );
  return new Map(
    rows.map((row) => [
      String(row.unit_code),
      {
        pointsIssued: figure(row.issued),
        pointsRedeemed: figure(row.redeemed),
        pointsOutstanding: figure(row.outstanding),
      },
    ]),
  );
}
