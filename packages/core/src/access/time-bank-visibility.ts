import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { communities } from '../schema/hierarchy.js';
import { ledgerAccounts } from '../schema/ledger.js';
import { timeBankCatalogueItems } from '../schema/time-bank.js';
import { volunteers, volunteerTeamMembers, volunteerTeams } from '../schema/volunteers.js';
import type { Actor } from './actor.js';
import { type Reach, reachOf } from './jurisdiction.js';
import { type Columns, fromAlias, never } from './sql-conditions.js';

/**
 * Who may read the time bank (docs/domain.md §5.5, §14), as SQL conditions in the manner of
 * `visibility.ts`. The time bank keeps its accounts on the district's one ledger, beside the
 * service chain's money: these conditions only ever answer accounts in minutes and points, and the
 * service chain's (chain-visibility.ts) only accounts in fen.
 *
 * - a **volunteer** sees its own accounts, and the pool of a team it leads;
 * - **unit staff** see the accounts of volunteers whose home community is in their unit, the
 *   pools of their communities and of teams led from them;
 * - an **organization's staff** see its pool and the pools of its teams;
 * - **district-wide roles** see every account, the owner-less sides (issued, redeemed, minutes
 *   served) included;
 * - the **catalogue** is public (anyone, PUBLIC included, may read what points buy); an
 *   **exchange** is visible with the volunteer's account, and to the organization whose item it
 *   bought; a **transfer** with either of its accounts. PUBLIC reads aggregate totals only.
 */

export type TimeBankAccountColumns = Columns<
  'districtCode' | 'unit' | 'kind' | 'volunteerId' | 'teamId' | 'communityId' | 'organizationId'
>;

/** Accounts of the time bank: in minutes or points, never the service chain's fen. */
function timeBankUnit(account: Columns<'unit'>): SQL {
  return sql`${account.unit} <> 'fen'`;
}

function accountCondition(reach: Reach, account: TimeBankAccountColumns, tag: string): SQL {
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return timeBankUnit(account);
    case 'unit': {
      const volunteer = alias(volunteers, `tbv_${tag}_v`);
      const home = alias(communities, `tbv_${tag}_vc`);
      const pool = alias(communities, `tbv_${tag}_pc`);
      const team = alias(volunteerTeams, `tbv_${tag}_t`);
      const teamCommunity = alias(communities, `tbv_${tag}_tc`);
      const prefix = `${reach.prefix}%`;
      return sql`(${timeBankUnit(account)} and (
        exists (select 1 from ${fromAlias(volunteers, volunteer)}
          join ${fromAlias(communities, home)} on ${home.districtCode} = ${volunteer.districtCode} and ${home.id} = ${volunteer.homeCommunityId}
          where ${volunteer.districtCode} = ${account.districtCode} and ${volunteer.id} = ${account.volunteerId}
            and ${home.code} like ${prefix})
        or exists (select 1 from ${fromAlias(communities, pool)}
          where ${pool.districtCode} = ${account.districtCode} and ${pool.id} = ${account.communityId}
            and ${pool.code} like ${prefix})
        or exists (select 1 from ${fromAlias(volunteerTeams, team)}
          join ${fromAlias(communities, teamCommunity)} on ${teamCommunity.districtCode} = ${team.districtCode} and ${teamCommunity.id} = ${team.communityId}
          where ${team.districtCode} = ${account.districtCode} and ${team.id} = ${account.teamId}
            and ${teamCommunity.code} like ${prefix})))`;
    }
    case 'organization': {
      const team = alias(volunteerTeams, `tbv_${tag}_ot`);
      return sql`(${timeBankUnit(account)} and (${account.organizationId} = ${reach.organizationId}
        or exists (select 1 from ${fromAlias(volunteerTeams, team)}
          where ${team.districtCode} = ${account.districtCode} and ${team.id} = ${account.teamId}
            and ${team.organizationId} = ${reach.organizationId})))`;
    }
    case 'volunteer': {
      const leader = alias(volunteerTeamMembers, `tbv_${tag}_lead`);
      return sql`(${timeBankUnit(account)} and (${account.volunteerId} = ${reach.volunteerId}
        or exists (select 1 from ${fromAlias(volunteerTeamMembers, leader)}
          where ${leader.districtCode} = ${account.districtCode} and ${leader.teamId} = ${account.teamId}
            and ${leader.volunteerId} = ${reach.volunteerId} and ${leader.role} = 'leader'
            and ${leader.leftOn} is null)))`;
    }
    case 'worker':
    case 'resident':
    case 'nothing':
      return never;
  }
}

/** The time-bank accounts (table or alias) the actor may read in `districtCode`. */
export function visibleTimeBankAccounts(
  actor: Actor,
  districtCode: string,
  account: TimeBankAccountColumns,
): SQL {
  return accountCondition(reachOf(actor, districtCode), account, 'account');
}

/** The account with id `accountId` (a column) is a time-bank account the actor may read. */
function accountVisible(
  actor: Actor,
  districtCode: string,
  accountId: AnyPgColumn,
  owner: AnyPgColumn,
  tag: string,
) {
  const account = alias(ledgerAccounts, `tbv_${tag}_acc`);
  return sql`exists (select 1 from ${fromAlias(ledgerAccounts, account)}
    where ${account.districtCode} = ${owner} and ${account.id} = ${accountId}
      and ${accountCondition(reachOf(actor, districtCode), account, tag)})`;
}

/**
 * Exchanges: with the volunteer's points account, and to the organization whose item it is
 * (it hands out what was bought).
 */
export function visibleTimeBankExchanges(
  actor: Actor,
  districtCode: string,
  exchange: Columns<'districtCode' | 'volunteerId' | 'itemId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  const account = alias(ledgerAccounts, 'tbv_exchange_acc');
  const item = alias(timeBankCatalogueItems, 'tbv_exchange_item');
  const byAccount = sql`exists (select 1 from ${fromAlias(ledgerAccounts, account)}
    where ${account.districtCode} = ${exchange.districtCode} and ${account.volunteerId} = ${exchange.volunteerId}
      and ${account.kind} = 'volunteer' and ${account.unit} = 'points'
      and ${accountCondition(reach, account, 'exchange')})`;
  if (reach.kind !== 'organization') return byAccount;
  return sql`(${byAccount} or exists (select 1 from ${fromAlias(timeBankCatalogueItems, item)}
    where ${item.districtCode} = ${exchange.districtCode} and ${item.id} = ${exchange.itemId}
      and ${item.providerOrganizationId} = ${reach.organizationId}))`;
}

/** Transfers: with either of their accounts. */
export function visibleTimeBankTransfers(
  actor: Actor,
  districtCode: string,
  transfer: Columns<'districtCode' | 'fromAccountId' | 'toAccountId'>,
): SQL {
  return sql`(${accountVisible(actor, districtCode, transfer.fromAccountId, transfer.districtCode, 'from')}
    or ${accountVisible(actor, districtCode, transfer.toAccountId, transfer.districtCode, 'to')})`;
}
