import { and, asc, eq, getColumns, inArray, isNotNull, ne, notExists, sql } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import type { SansheDb } from '../database/district-database.js';
import {
  publishedFunderName as disclosedFunderName,
  PERSONAL_DONOR_NAME,
} from '../disclosure/disclosure-rules.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { FundingSourceKind } from '../funds/code-lists.js';
import { lineAccount, lineEntry } from '../funds/ledger-joins.js';
import {
  PUBLIC_ORGANIZATION_FIELDS,
  type PublicOrganization,
  toPublicOrganization,
} from '../organizations/public-view.js';
import { deliveryActivities } from '../schema/delivery.js';
import { projectEvaluations } from '../schema/evaluations.js';
import { fundingEarmarks, fundingSources } from '../schema/funding.js';
import { communities, districts, subdistricts } from '../schema/hierarchy.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { socialOrganizations } from '../schema/organizations.js';
import { contractTranches, purchaseBids, purchases, serviceContracts } from '../schema/purchases.js';
import { projectCommunities, serviceProjects } from '../schema/service-projects.js';
import {
  PUBLIC_AWARDED_BID_FIELDS,
  PUBLIC_CONTRACT_FIELDS,
  PUBLIC_EARMARK_FIELDS,
  PUBLIC_EVALUATION_FIELDS,
  PUBLIC_FUNDING_SOURCE_FIELDS,
  PUBLIC_PROJECT_FIELDS,
  PUBLIC_PURCHASE_FIELDS,
  PUBLIC_TRANCHE_FIELDS,
} from './public-chain-fields.js';
import { publishableText } from './publishable-text.js';

/** The select list of a whitelist: the query reads these columns and no other. */
function columnsOf<T extends PgTable, const K extends readonly (keyof T['_']['columns'] & string)[]>(
  table: T,
  fields: K,
): { [P in K[number]]: T['_']['columns'][P] } {
  const columns = getColumns(table) as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, columns[field]])) as never;
}

type Row<K extends readonly string[], R> = Pick<R, K[number] & keyof R>;

export interface PublicCommunity {
  id: number;
  code: string;
  name: string;
  subdistrictName: string;
}

export type PublicProject = Omit<
  Row<typeof PUBLIC_PROJECT_FIELDS, typeof serviceProjects.$inferSelect>,
  'goals'
> & {
  /** The goals, unless they look like they hold personal data. */
  goals: string | null;
  communityIds: number[];
};

export type PublicPurchase = Row<typeof PUBLIC_PURCHASE_FIELDS, typeof purchases.$inferSelect> & {
  /** How many bids were submitted (all of them, whatever became of each). */
  bidCount: number;
  awardedBid: { id: number; organizationId: number; priceFen: number } | null;
};

export type PublicContract = Row<typeof PUBLIC_CONTRACT_FIELDS, typeof serviceContracts.$inferSelect>;

export type PublicTranche = Row<typeof PUBLIC_TRANCHE_FIELDS, typeof contractTranches.$inferSelect>;

export interface PublicFundingSource {
  id: number;
  kind: FundingSourceKind;
  /** The funder as published (see {@link publishedFunderName}). */
  funderName: string;
  /** The funder's USCC, for an organization that has one. */
  funderUscc: string | null;
  committedOn: string;
}

export type PublicEarmark = Row<typeof PUBLIC_EARMARK_FIELDS, typeof fundingEarmarks.$inferSelect> & {
  /** What the earmark holds for the project by the ledger: earmarked less earmarks reversed. */
  earmarkedFen: number;
  /** Paid to the undertaker out of this earmark, payments reversed left out. */
  disbursedFen: number;
};

/** One payment of a tranche to the undertaker, out of one source's earmark; never reversed. */
export interface PublicDisbursement {
  entryId: number;
  paidOn: string;
  trancheId: number;
  contractId: number;
  sourceId: number;
  amountFen: number;
}

export type PublicEvaluation = Omit<
  Row<typeof PUBLIC_EVALUATION_FIELDS, typeof projectEvaluations.$inferSelect>,
  'summary'
> & {
  summary: string | null;
};

/** A public place where a contract's activities took place (an activity room, never a home). */
export interface PublicActivityPlace {
  contractId: number;
  communityId: number;
  place: string;
}

/**
 * A district's service chain as the exports may publish it, read in one consistent snapshot:
 * every row through the whitelists of public-chain-fields.ts, free text through
 * {@link publishableText}, funders through {@link publishedFunderName}.
 */
export interface PublicChain {
  districtCode: string;
  districtName: string;
  /** The names of the district, its subdistricts and its communities, by code. */
  unitNames: ReadonlyMap<string, string>;
  communities: ReadonlyMap<number, PublicCommunity>;
  /** Every organization, deregistered ones too (a past contract names its supplier): the public view's fields. */
  organizations: ReadonlyMap<number, PublicOrganization>;
  projects: readonly PublicProject[];
  purchases: readonly PublicPurchase[];
  contracts: readonly PublicContract[];
  tranches: readonly PublicTranche[];
  sources: ReadonlyMap<number, PublicFundingSource>;
  earmarks: readonly PublicEarmark[];
  disbursements: readonly PublicDisbursement[];
  evaluations: readonly PublicEvaluation[];
  activityPlaces: readonly PublicActivityPlace[];
}

/**
 * The funder as published (慈善法 and docs/domain.md §6.4, §9: an individual donor is never named).
 * A donation or in-kind gift whose funder is not an organization (no USCC, not an organization of
 * the district) is an individual's and is published as 个人捐赠, whatever name was recorded
 * (disclosure-rules.ts, the one rule); any other funder by
 * its recorded name, unless that looks like it holds personal data, when the kind is published
 * instead.
 */
export function publishedFunderName(source: {
  kind: string;
  funderName: string;
  funderUscc: string | null;
  funderOrganizationId: number | null;
}): string {
  // The disclosure's one rule for persons (个人捐赠); a name that still looks like personal data is
  // left out of an export as well.
  const published = disclosedFunderName(source);
  if (published === PERSONAL_DONOR_NAME) return published;
  return publishableText(published) ?? anonymousFunderName;
}

export const individualDonorName = PERSONAL_DONOR_NAME;
const anonymousFunderName = '未公开出资方';

/**
 * Read the district's public chain. NOT_FOUND when the database records no such district (a
 * district database holds one district: docs/domain.md §2).
 */
export async function loadPublicChain(db: SansheDb, districtCode: string): Promise<PublicChain> {
  // Several statements, one snapshot: the ledger's sums agree with the rows they are read with.
  return db.transaction((tx) => readChain(tx, districtCode), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

async function readChain(db: SansheDb, districtCode: string): Promise<PublicChain> {
  const [district] = await db
    .select({ name: districts.name })
    .from(districts)
    .where(eq(districts.districtCode, districtCode));
  if (!district) {
    throw new SansheError('NOT_FOUND', `This database records no district ${districtCode}.`, {
      path: ['districtCode'],
    });
  }
  const inDistrict = <T extends { districtCode: unknown }>(table: T) =>
    eq(table.districtCode as typeof districts.districtCode, districtCode);

  const subdistrictRows = await db
    .select({ id: subdistricts.id, code: subdistricts.code, name: subdistricts.name })
    .from(subdistricts)
    .where(inDistrict(subdistricts));
  const communityRows = await db
    .select({
      id: communities.id,
      code: communities.code,
      name: communities.name,
      subdistrictId: communities.subdistrictId,
    })
    .from(communities)
    .where(inDistrict(communities));
  const subdistrictName = new Map(subdistrictRows.map((row) => [row.id, row.name]));
  const unitNames = new Map<string, string>([[districtCode, district.name]]);
  for (const row of subdistrictRows) unitNames.set(row.code, row.name);
  for (const row of communityRows) unitNames.set(row.code, row.name);

  const organizationRows = await db
    .select(columnsOf(socialOrganizations, PUBLIC_ORGANIZATION_FIELDS))
    .from(socialOrganizations)
    .where(inDistrict(socialOrganizations))
    .orderBy(asc(socialOrganizations.id));

  // A draft is no decision yet: a project is published from its approval on.
  const projectRows = await db
    .select(columnsOf(serviceProjects, PUBLIC_PROJECT_FIELDS))
    .from(serviceProjects)
    .where(and(inDistrict(serviceProjects), ne(serviceProjects.status, 'draft')))
    .orderBy(asc(serviceProjects.id));
  const servedRows = await db
    .select({ projectId: projectCommunities.projectId, communityId: projectCommunities.communityId })
    .from(projectCommunities)
    .where(inDistrict(projectCommunities))
    .orderBy(asc(projectCommunities.projectId), asc(projectCommunities.communityId));
  const served = groupBy(servedRows, (row) => row.projectId);

  const purchaseRows = await db
    .select(columnsOf(purchases, PUBLIC_PURCHASE_FIELDS))
    .from(purchases)
    .where(inDistrict(purchases))
    .orderBy(asc(purchases.id));
  const bidCounts = await db
    .select({ purchaseId: purchaseBids.purchaseId, count: sql<number>`count(*)`.mapWith(Number) })
    .from(purchaseBids)
    .where(inDistrict(purchaseBids))
    .groupBy(purchaseBids.districtCode, purchaseBids.purchaseId);
  const awardedBids = await db
    .select(columnsOf(purchaseBids, PUBLIC_AWARDED_BID_FIELDS))
    .from(purchaseBids)
    .where(and(inDistrict(purchaseBids), eq(purchaseBids.status, 'awarded')));
  const bidsOf = new Map(bidCounts.map((row) => [row.purchaseId, row.count]));
  const awardedOf = new Map(awardedBids.map((row) => [row.purchaseId, row]));

  const contractRows = await db
    .select(columnsOf(serviceContracts, PUBLIC_CONTRACT_FIELDS))
    .from(serviceContracts)
    .where(inDistrict(serviceContracts))
    .orderBy(asc(serviceContracts.id));
  const trancheRows = await db
    .select(columnsOf(contractTranches, PUBLIC_TRANCHE_FIELDS))
    .from(contractTranches)
    .where(inDistrict(contractTranches))
    .orderBy(asc(contractTranches.contractId), asc(contractTranches.trancheNumber));

  const sourceRows = await db
    .select(columnsOf(fundingSources, PUBLIC_FUNDING_SOURCE_FIELDS))
    .from(fundingSources)
    .where(inDistrict(fundingSources))
    .orderBy(asc(fundingSources.id));
  const earmarkRows = await db
    .select(columnsOf(fundingEarmarks, PUBLIC_EARMARK_FIELDS))
    .from(fundingEarmarks)
    .where(inDistrict(fundingEarmarks))
    .orderBy(asc(fundingEarmarks.id));

  const evaluationRows = await db
    .select(columnsOf(projectEvaluations, PUBLIC_EVALUATION_FIELDS))
    .from(projectEvaluations)
    .where(inDistrict(projectEvaluations))
    .orderBy(asc(projectEvaluations.evaluatedOn), asc(projectEvaluations.id));

  const placeRows = await db
    .select({
      contractId: deliveryActivities.contractId,
      communityId: deliveryActivities.communityId,
      place: deliveryActivities.place,
    })
    .from(deliveryActivities)
    // A disputed activity is one the community does not vouch for: its place is not published.
    .where(and(inDistrict(deliveryActivities), ne(deliveryActivities.status, 'disputed')))
    .groupBy(
      deliveryActivities.districtCode,
      deliveryActivities.contractId,
      deliveryActivities.communityId,
      deliveryActivities.place,
    )
    .orderBy(
      asc(deliveryActivities.contractId),
      asc(deliveryActivities.communityId),
      asc(deliveryActivities.place),
    );

  return {
    districtCode,
    districtName: district.name,
    unitNames,
    communities: new Map(
      communityRows.map((row) => [
        row.id,
        {
          id: row.id,
          code: row.code,
          name: row.name,
          subdistrictName: subdistrictName.get(row.subdistrictId) ?? '',
        },
      ]),
    ),
    organizations: new Map(organizationRows.map((row) => [row.id, toPublicOrganization(row)])),
    projects: projectRows.map((row) => ({
      ...row,
      goals: publishableText(row.goals),
      communityIds: (served.get(row.id) ?? []).map((link) => link.communityId),
    })),
    purchases: purchaseRows.map((row) => {
      const awarded = awardedOf.get(row.id);
      return {
        ...row,
        bidCount: bidsOf.get(row.id) ?? 0,
        awardedBid: awarded
          ? { id: awarded.id, organizationId: awarded.organizationId, priceFen: awarded.priceFen }
          : null,
      };
    }),
    contracts: contractRows,
    tranches: trancheRows,
    sources: new Map(
      sourceRows.map((row) => [
        row.id,
        {
          id: row.id,
          kind: row.kind as FundingSourceKind,
          funderName: publishedFunderName(row),
          funderUscc: row.funderUscc,
          committedOn: row.committedOn,
        },
      ]),
    ),
    earmarks: await withLedgerSums(db, districtCode, earmarkRows),
    disbursements: await readDisbursements(db, districtCode),
    evaluations: evaluationRows.map((row) => ({ ...row, summary: publishableText(row.summary) })),
    activityPlaces: placeRows.flatMap((row) => {
      const place = publishableText(row.place);
      return place ? [{ ...row, place }] : [];
    }),
  };
}

/**
 * Each earmark with what its ledger account says: earmarked (earmark entries and their reversals,
 * which name no tranche) and paid out (payments and their reversals, which name one).
 */
async function withLedgerSums(
  db: SansheDb,
  districtCode: string,
  earmarks: Row<typeof PUBLIC_EARMARK_FIELDS, typeof fundingEarmarks.$inferSelect>[],
): Promise<PublicEarmark[]> {
  const sums = await db
    .select({
      sourceId: ledgerAccounts.fundingSourceId,
      projectId: ledgerAccounts.projectId,
      earmarkedFen:
        sql<number>`coalesce(sum(${journalLines.amount}) filter (where ${journalEntries.trancheId} is null), 0)`.mapWith(
          Number,
        ),
      disbursedFen:
        sql<number>`coalesce(-sum(${journalLines.amount}) filter (where ${journalEntries.trancheId} is not null), 0)`.mapWith(
          Number,
        ),
    })
    .from(ledgerAccounts)
    .leftJoin(journalLines, lineAccount)
    .leftJoin(journalEntries, lineEntry)
    .where(and(eq(ledgerAccounts.districtCode, districtCode), eq(ledgerAccounts.kind, 'earmark')))
    .groupBy(ledgerAccounts.districtCode, ledgerAccounts.id);
  const sumOf = new Map(sums.map((row) => [`${row.sourceId}:${row.projectId}`, row]));
  return earmarks.map((earmark) => {
    const sum = sumOf.get(`${earmark.sourceId}:${earmark.projectId}`);
    return { ...earmark, earmarkedFen: sum?.earmarkedFen ?? 0, disbursedFen: sum?.disbursedFen ?? 0 };
  });
}

/**
 * The payments to undertakers that stand: disbursement entries no reversal undoes (a reversal
 * undoes its entry in full, so both are left out), each with its amount (the undertaker's line)
 * and the source whose earmark paid it (the earmark's line).
 */
async function readDisbursements(db: SansheDb, districtCode: string): Promise<PublicDisbursement[]> {
  const reversal = alias(journalEntries, 'reversal');
  const rows = await db
    .select({
      entryId: journalEntries.id,
      paidOn: journalEntries.occurredOn,
      trancheId: journalEntries.trancheId,
      contractId: contractTranches.contractId,
      accountKind: ledgerAccounts.kind,
      sourceId: ledgerAccounts.fundingSourceId,
      amount: journalLines.amount,
    })
    .from(journalEntries)
    .innerJoin(
      journalLines,
      and(
        eq(journalLines.districtCode, journalEntries.districtCode),
        eq(journalLines.entryId, journalEntries.id),
      ),
    )
    .innerJoin(ledgerAccounts, lineAccount)
    .innerJoin(
      contractTranches,
      and(
        eq(contractTranches.districtCode, journalEntries.districtCode),
        eq(contractTranches.id, journalEntries.trancheId),
      ),
    )
    .where(
      and(
        eq(journalEntries.districtCode, districtCode),
        eq(journalEntries.kind, 'disbursement'),
        isNotNull(journalEntries.trancheId),
        inArray(ledgerAccounts.kind, ['earmark', 'undertaker']),
        notExists(
          db
            .select({ one: sql`1` })
            .from(reversal)
            .where(
              and(
                eq(reversal.districtCode, journalEntries.districtCode),
                eq(reversal.reversesEntryId, journalEntries.id),
              ),
            ),
        ),
      ),
    )
    .orderBy(asc(journalEntries.occurredOn), asc(journalEntries.id), asc(journalLines.id));
  const byEntry = new Map<number, PublicDisbursement>();
  for (const row of rows) {
    const entry = byEntry.get(row.entryId) ?? {
      entryId: row.entryId,
      paidOn: row.paidOn,
      trancheId: row.trancheId!,
      contractId: row.contractId,
      sourceId: 0,
      amountFen: 0,
    };
    if (row.accountKind === 'undertaker') entry.amountFen += row.amount;
    else entry.sourceId = row.sourceId!;
    byEntry.set(row.entryId, entry);
  }
  return [...byEntry.values()].filter((entry) => entry.amountFen > 0 && entry.sourceId > 0);
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
