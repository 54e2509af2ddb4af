import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { communities } from '../schema/hierarchy.js';
import { journalLines, ledgerAccounts } from '../schema/ledger.js';
import { purchaseBids, purchases, serviceContracts } from '../schema/purchases.js';
import { projectCommunities, projectNeeds, serviceProjects } from '../schema/service-projects.js';
import type { Actor } from './actor.js';
import { type Reach, reachOf } from './jurisdiction.js';
import { always, type Columns, fromAlias, never, prefixPattern } from './sql-conditions.js';

/**
 * Who may read the records of the service chain (docs/domain.md §6, §14), as SQL conditions in
 * the manner of `visibility.ts`:
 *
 * - a **project** is visible to district-wide roles; to unit staff when it is designed in their
 *   unit or serves one of its communities; to an organization's staff while its tender is out
 *   (a public notice: anyone may bid) and once the organization bid for it (and so holds its
 *   contract when awarded);
 * - a **need** is visible to unit staff of its community, and to an organization's staff when it
 *   is answered by a project the organization sees;
 * - a **purchase**, its **contract**, the contract's **tranches**, **activities** and
 *   **evaluations**, and the project's **satisfaction answers** are visible with the project;
 * - a **bid** with its project, except that an organization sees only its own bid (other
 *   bidders' eligibility is never shown to a competitor);
 * - **funding sources** are disclosed (四公开) and visible to every signed-in role with a reach;
 *   **ledger accounts and entries** to district-wide roles, and to others where they touch a
 *   project they see (so a subdistrict can follow and reverse what it paid).
 *
 * PUBLIC reads the chain through its disclosure views, never these rows. Workers see nothing of
 * it yet.
 */

export type ProjectVisibilityColumns = Columns<'districtCode' | 'id' | 'unitCode'>;

function projectCondition(reach: Reach, project: ProjectVisibilityColumns, tag: string): SQL {
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit': {
      const served = alias(projectCommunities, `vis_${tag}_pc`);
      const community = alias(communities, `vis_${tag}_pc_c`);
      return sql`(${project.unitCode} like ${prefixPattern(reach.prefix)} or exists (
        select 1 from ${fromAlias(projectCommunities, served)}
        join ${fromAlias(communities, community)} on ${community.districtCode} = ${served.districtCode} and ${community.id} = ${served.communityId}
        where ${served.districtCode} = ${project.districtCode} and ${served.projectId} = ${project.id}
          and ${community.code} like ${prefixPattern(reach.prefix)}))`;
    }
    case 'organization': {
      const purchase = alias(purchases, `vis_${tag}_pu`);
      const bid = alias(purchaseBids, `vis_${tag}_bid`);
      // A tender out (招标公告) is public: every organization may read it and bid.
      return sql`exists (
        select 1 from ${fromAlias(purchases, purchase)}
        where ${purchase.districtCode} = ${project.districtCode} and ${purchase.projectId} = ${project.id}
          and (${purchase.stage} = 'tender' or exists (
            select 1 from ${fromAlias(purchaseBids, bid)}
            where ${bid.districtCode} = ${purchase.districtCode} and ${bid.purchaseId} = ${purchase.id}
              and ${bid.organizationId} = ${reach.organizationId})))`;
    }
    case 'worker':
    case 'volunteer':
    case 'resident':
    case 'nothing':
      return never;
  }
}

/** The service projects (table or alias) the actor may read in `districtCode`. */
export function visibleProjects(actor: Actor, districtCode: string, project: ProjectVisibilityColumns): SQL {
  return projectCondition(reachOf(actor, districtCode), project, 'project');
}

/** Records with a `project_id` (purchases, satisfaction answers): visible with their project. */
export function visibleWithProject(
  actor: Actor,
  districtCode: string,
  record: Columns<'districtCode' | 'projectId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') return always;
  if (reach.kind === 'nothing' || reach.kind === 'worker' || reach.kind === 'volunteer') return never;
  const project = alias(serviceProjects, 'vis_owner_project');
  return sql`exists (select 1 from ${fromAlias(serviceProjects, project)}
    where ${project.districtCode} = ${record.districtCode} and ${project.id} = ${record.projectId}
      and ${projectCondition(reach, project, 'owner_project')})`;
}

/** Records with a `purchase_id` (contracts): visible with the purchase's project. */
export function visibleWithPurchase(
  actor: Actor,
  districtCode: string,
  record: Columns<'districtCode' | 'purchaseId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') return always;
  if (reach.kind === 'nothing' || reach.kind === 'worker' || reach.kind === 'volunteer') return never;
  const purchase = alias(purchases, 'vis_owner_purchase');
  const project = alias(serviceProjects, 'vis_purchase_project');
  return sql`exists (select 1 from ${fromAlias(purchases, purchase)}
    join ${fromAlias(serviceProjects, project)} on ${project.districtCode} = ${purchase.districtCode} and ${project.id} = ${purchase.projectId}
    where ${purchase.districtCode} = ${record.districtCode} and ${purchase.id} = ${record.purchaseId}
      and ${projectCondition(reach, project, 'purchase_project')})`;
}

/** A bid: with its project, and for an organization's staff only their own. */
export function visibleBids(
  actor: Actor,
  districtCode: string,
  bid: Columns<'districtCode' | 'purchaseId' | 'organizationId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'organization') return sql`${bid.organizationId} = ${reach.organizationId}`;
  return visibleWithPurchase(actor, districtCode, bid);
}

/** Records with a `contract_id` (tranches, activities, evaluations): visible with the contract's project. */
export function visibleWithContract(
  actor: Actor,
  districtCode: string,
  record: Columns<'districtCode' | 'contractId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') return always;
  if (reach.kind === 'nothing' || reach.kind === 'worker' || reach.kind === 'volunteer') return never;
  const contract = alias(serviceContracts, 'vis_owner_contract');
  const purchase = alias(purchases, 'vis_contract_purchase');
  const project = alias(serviceProjects, 'vis_contract_project');
  return sql`exists (select 1 from ${fromAlias(serviceContracts, contract)}
    join ${fromAlias(purchases, purchase)} on ${purchase.districtCode} = ${contract.districtCode} and ${purchase.id} = ${contract.purchaseId}
    join ${fromAlias(serviceProjects, project)} on ${project.districtCode} = ${purchase.districtCode} and ${project.id} = ${purchase.projectId}
    where ${contract.districtCode} = ${record.districtCode} and ${contract.id} = ${record.contractId}
      and ${projectCondition(reach, project, 'contract_project')})`;
}

/** The needs (table or alias) the actor may read. */
export function visibleNeeds(
  actor: Actor,
  districtCode: string,
  need: Columns<'districtCode' | 'id' | 'communityId'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit': {
      const community = alias(communities, 'vis_need_c');
      return sql`exists (select 1 from ${fromAlias(communities, community)}
        where ${community.districtCode} = ${need.districtCode} and ${community.id} = ${need.communityId}
          and ${community.code} like ${prefixPattern(reach.prefix)})`;
    }
    case 'organization': {
      const link = alias(projectNeeds, 'vis_need_pn');
      const project = alias(serviceProjects, 'vis_need_project');
      return sql`exists (select 1 from ${fromAlias(projectNeeds, link)}
        join ${fromAlias(serviceProjects, project)} on ${project.districtCode} = ${link.districtCode} and ${project.id} = ${link.projectId}
        where ${link.districtCode} = ${need.districtCode} and ${link.needId} = ${need.id}
          and ${projectCondition(reach, project, 'need_project')})`;
    }
    case 'worker':
    case 'volunteer':
    case 'resident':
    case 'nothing':
      return never;
  }
}

/** Funding sources are disclosed: visible to every role that reaches something. */
export function visibleFundingSources(actor: Actor, districtCode: string): SQL {
  return reachOf(actor, districtCode).kind === 'nothing' ? never : always;
}

/**
 * Ledger accounts of money: district-wide roles see every one; others see the accounts of
 * projects they see (a project's earmarks and what its undertaker was paid), never a source's own
 * accounts. The time bank's accounts share the ledger (minutes, points) and are never among
 * these: time-bank-visibility.ts says who reads them.
 */
export function visibleLedgerAccounts(
  actor: Actor,
  districtCode: string,
  account: Columns<'districtCode' | 'projectId' | 'unit'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') return sql`${account.unit} = 'fen'`;
  if (reach.kind === 'nothing' || reach.kind === 'worker' || reach.kind === 'volunteer') return never;
  const project = alias(serviceProjects, 'vis_account_project');
  return sql`exists (select 1 from ${fromAlias(serviceProjects, project)}
    where ${project.districtCode} = ${account.districtCode} and ${project.id} = ${account.projectId}
      and ${projectCondition(reach, project, 'account_project')})`;
}

/**
 * Journal entries of money: district-wide roles every one with lines in fen (the time bank's
 * entries, in minutes and points, are not the service chain's); others those that move an
 * account they see.
 */
export function visibleJournalEntries(
  actor: Actor,
  districtCode: string,
  entry: Columns<'districtCode' | 'id'>,
): SQL {
  const reach = reachOf(actor, districtCode);
  if (reach.kind === 'everything' || reach.kind === 'district') {
    const money = alias(journalLines, 'vis_entry_money_line');
    return sql`exists (select 1 from ${fromAlias(journalLines, money)}
      where ${money.districtCode} = ${entry.districtCode} and ${money.entryId} = ${entry.id} and ${money.unit} = 'fen')`;
  }
  if (reach.kind === 'nothing' || reach.kind === 'worker' || reach.kind === 'volunteer') return never;
  const line = alias(journalLines, 'vis_entry_line');
  const account = alias(ledgerAccounts, 'vis_entry_account');
  const project = alias(serviceProjects, 'vis_entry_project');
  return sql`exists (select 1 from ${fromAlias(journalLines, line)}
    join ${fromAlias(ledgerAccounts, account)} on ${account.districtCode} = ${line.districtCode} and ${account.id} = ${line.accountId}
    join ${fromAlias(serviceProjects, project)} on ${project.districtCode} = ${account.districtCode} and ${project.id} = ${account.projectId}
    where ${line.districtCode} = ${entry.districtCode} and ${line.entryId} = ${entry.id}
      and ${projectCondition(reach, project, 'entry_project')})`;
}
