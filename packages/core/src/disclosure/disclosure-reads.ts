import { and, asc, eq, gt, gte, inArray, isNotNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { lineAccount, lineEntry } from '../funds/ledger-joins.js';
import { projectEvaluations, satisfactionAnswers } from '../schema/evaluations.js';
import { fundingSources } from '../schema/funding.js';
import { communities, districts, subdistricts } from '../schema/hierarchy.js';
import { journalEntries, journalLines, ledgerAccounts } from '../schema/ledger.js';
import { needs } from '../schema/needs.js';
import { socialOrganizations } from '../schema/organizations.js';
import { contractTranches, purchaseBids, purchases, serviceContracts } from '../schema/purchases.js';
import {
  projectBudgetLines,
  projectCommunities,
  projectIndicators,
  projectNeeds,
  serviceProjects,
} from '../schema/service-projects.js';
import { createServiceKit, isLocalId, type ServiceOptions } from '../services/service-kit.js';
import {
  type PublicProjectsQuery,
  parsePublicProjectsQuery,
  publicProjectCursor,
} from './disclosure-rules.js';
import { type PublicProject, type PublicProjectSource, toPublicProject } from './public-project.js';

/** A page of the public project list, oldest project first. */
export interface PublicProjectPage {
  edges: { cursor: string; node: PublicProject }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * The public disclosure views of the service chain (四公开, docs/domain.md §6.8), readable by
 * anyone, PUBLIC included: projects once their tender is published (disclosure-rules.ts
 * `isDisclosed`), each built by `toPublicProject` from a whitelist of fields. A page of any size
 * takes the same few grouped statements (the projects with their purchase, then one statement per
 * relation for the whole page), read from one snapshot.
 */
export function createDisclosureReads(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: Pick<ServiceOptions, 'today'> = {},
) {
  const { db, districtCode, today, unwrap } = createServiceKit(database, options);

  const readSnapshot = <T>(work: (tx: SansheDb) => Promise<T>) =>
    db.transaction(work, { isolationLevel: 'repeatable read', accessMode: 'read only' });

  const awardedBid = alias(purchaseBids, 'awarded_bid');
  const undertaker = alias(socialOrganizations, 'undertaker');

  /**
   * The disclosed projects matching `where`, by id, at most `limit`, with their live purchase, the
   * number of bids, the awarded organization and the contract: one statement.
   */
  function disclosedProjects(tx: SansheDb, where: SQL | undefined, limit: number, on: string) {
    return (
      tx
        .select({
          // Only the columns the view shows are read, so nothing else is at hand to leak.
          project: {
            id: serviceProjects.id,
            districtCode: serviceProjects.districtCode,
            name: serviceProjects.name,
            unitCode: serviceProjects.unitCode,
            serviceDomain: serviceProjects.serviceDomain,
            goals: serviceProjects.goals,
            startsOn: serviceProjects.startsOn,
            endsOn: serviceProjects.endsOn,
            methods: serviceProjects.methods,
            status: serviceProjects.status,
            approvedOn: serviceProjects.approvedOn,
            closedOn: serviceProjects.closedOn,
            budgetFen: serviceProjects.budgetFen,
          },
          purchase: {
            purchaserUnitCode: purchases.purchaserUnitCode,
            method: purchases.method,
            stage: purchases.stage,
            plannedOn: purchases.plannedOn,
            tenderPublishedOn: purchases.tenderPublishedOn,
            bidsClosedOn: purchases.bidsClosedOn,
            awardedOn: purchases.awardedOn,
            contractedOn: purchases.contractedOn,
            implementationStartedOn: purchases.implementationStartedOn,
            evaluationStartedOn: purchases.evaluationStartedOn,
            closedOn: purchases.closedOn,
          },
          // Every bid submitted, whoever bid: the outer query names its awarded bid by an alias.
          bidCount: sql<number>`(select count(*) from ${purchaseBids}
          where ${purchaseBids.districtCode} = ${purchases.districtCode}
            and ${purchaseBids.purchaseId} = ${purchases.id})::int`.mapWith(Number),
          undertakerName: undertaker.name,
          undertakerUscc: undertaker.uscc,
          contract: {
            id: serviceContracts.id,
            contractNumber: serviceContracts.contractNumber,
            signedOn: serviceContracts.signedOn,
            startsOn: serviceContracts.startsOn,
            endsOn: serviceContracts.endsOn,
            amountFen: serviceContracts.amountFen,
            terminatedOn: serviceContracts.terminatedOn,
          },
        })
        .from(serviceProjects)
        // isDisclosed (disclosure-rules.ts), in SQL: approved or closed, its live purchase tendered.
        .innerJoin(
          purchases,
          and(
            eq(purchases.districtCode, serviceProjects.districtCode),
            eq(purchases.projectId, serviceProjects.id),
            ne(purchases.stage, 'cancelled'),
            isNotNull(purchases.tenderPublishedOn),
            lte(purchases.tenderPublishedOn, on),
          ),
        )
        .leftJoin(
          awardedBid,
          and(
            eq(awardedBid.districtCode, purchases.districtCode),
            eq(awardedBid.purchaseId, purchases.id),
            eq(awardedBid.status, 'awarded'),
          ),
        )
        .leftJoin(
          undertaker,
          and(
            eq(undertaker.districtCode, awardedBid.districtCode),
            eq(undertaker.id, awardedBid.organizationId),
          ),
        )
        .leftJoin(
          serviceContracts,
          and(
            eq(serviceContracts.districtCode, purchases.districtCode),
            eq(serviceContracts.purchaseId, purchases.id),
          ),
        )
        .where(
          and(
            eq(serviceProjects.districtCode, districtCode),
            inArray(serviceProjects.status, ['approved', 'closed']),
            where,
          ),
        )
        .orderBy(asc(serviceProjects.id))
        .limit(limit)
    );
  }

  type DisclosedRow = Awaited<ReturnType<typeof disclosedProjects>>[number];

  /** The names of units by code, from the three levels: one statement. */
  async function unitNames(tx: SansheDb, codes: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return new Map();
    const rows = await tx
      .select({ code: districts.districtCode, name: districts.name })
      .from(districts)
      .where(and(eq(districts.districtCode, districtCode), inArray(districts.districtCode, wanted)))
      .unionAll(
        tx
          .select({ code: subdistricts.code, name: subdistricts.name })
          .from(subdistricts)
          .where(and(eq(subdistricts.districtCode, districtCode), inArray(subdistricts.code, wanted))),
      )
      .unionAll(
        tx
          .select({ code: communities.code, name: communities.name })
          .from(communities)
          .where(and(eq(communities.districtCode, districtCode), inArray(communities.code, wanted))),
      );
    return new Map(rows.map((row) => [row.code, row.name]));
  }

  /** Group rows by a key, keeping their order. */
  function groupBy<T, K>(rows: readonly T[], keyOf: (row: T) => K): Map<K, T[]> {
    const groups = new Map<K, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return groups;
  }

  /** The public views of the rows: one statement per relation, for all rows together. */
  async function publicViews(tx: SansheDb, rows: readonly DisclosedRow[]): Promise<PublicProject[]> {
    if (rows.length === 0) return [];
    const projectIds = rows.map((row) => row.project.id);
    const contractIds = rows.flatMap((row) => (row.contract ? [row.contract.id] : []));
    const inDistrict = (table: { districtCode: AnyPgColumn }) => eq(table.districtCode, districtCode);

    const budgetLines = await tx
      .select({
        projectId: projectBudgetLines.projectId,
        lineNumber: projectBudgetLines.lineNumber,
        category: projectBudgetLines.category,
        description: projectBudgetLines.description,
        amountFen: projectBudgetLines.amountFen,
      })
      .from(projectBudgetLines)
      .where(and(inDistrict(projectBudgetLines), inArray(projectBudgetLines.projectId, projectIds)))
      .orderBy(asc(projectBudgetLines.projectId), asc(projectBudgetLines.lineNumber));
    const indicators = await tx
      .select({
        projectId: projectIndicators.projectId,
        kind: projectIndicators.kind,
        description: projectIndicators.description,
        unit: projectIndicators.unit,
        target: projectIndicators.target,
        achieved: projectIndicators.achieved,
      })
      .from(projectIndicators)
      .where(and(inDistrict(projectIndicators), inArray(projectIndicators.projectId, projectIds)))
      .orderBy(asc(projectIndicators.projectId), asc(projectIndicators.id));
    const answeredNeeds = await tx
      .select({
        projectId: projectNeeds.projectId,
        title: needs.title,
        category: needs.category,
        source: needs.source,
        communityCode: communities.code,
      })
      .from(projectNeeds)
      .innerJoin(
        needs,
        and(eq(needs.districtCode, projectNeeds.districtCode), eq(needs.id, projectNeeds.needId)),
      )
      .innerJoin(
        communities,
        and(eq(communities.districtCode, needs.districtCode), eq(communities.id, needs.communityId)),
      )
      .where(and(inDistrict(projectNeeds), inArray(projectNeeds.projectId, projectIds)))
      .orderBy(asc(projectNeeds.projectId), asc(needs.collectedOn), asc(needs.id));
    const served = await tx
      .select({ projectId: projectCommunities.projectId, code: communities.code })
      .from(projectCommunities)
      .innerJoin(
        communities,
        and(
          eq(communities.districtCode, projectCommunities.districtCode),
          eq(communities.id, projectCommunities.communityId),
        ),
      )
      .where(and(inDistrict(projectCommunities), inArray(projectCommunities.projectId, projectIds)))
      .orderBy(asc(projectCommunities.projectId), asc(communities.code));
    const tranches =
      contractIds.length === 0
        ? []
        : await tx
            .select({
              contractId: contractTranches.contractId,
              trancheNumber: contractTranches.trancheNumber,
              milestone: contractTranches.milestone,
              plannedOn: contractTranches.plannedOn,
              amountFen: contractTranches.amountFen,
              releasedOn: contractTranches.releasedOn,
            })
            .from(contractTranches)
            .where(and(inDistrict(contractTranches), inArray(contractTranches.contractId, contractIds)))
            .orderBy(asc(contractTranches.contractId), asc(contractTranches.trancheNumber));
    const evaluations =
      contractIds.length === 0
        ? []
        : await tx
            .select({
              contractId: projectEvaluations.contractId,
              kind: projectEvaluations.kind,
              evaluatorName: projectEvaluations.evaluatorName,
              evaluatedOn: projectEvaluations.evaluatedOn,
              score: projectEvaluations.score,
              grade: projectEvaluations.grade,
              summary: projectEvaluations.summary,
            })
            .from(projectEvaluations)
            .where(and(inDistrict(projectEvaluations), inArray(projectEvaluations.contractId, contractIds)))
            .orderBy(
              asc(projectEvaluations.contractId),
              asc(projectEvaluations.evaluatedOn),
              asc(projectEvaluations.id),
            );
    // docs/domain.md §6.5: on an earmark account, entries naming no tranche are earmarks and their
    // reversals, entries naming one are payments and theirs; the lines' sums net each reversal once.
    const funding = await tx
      .select({
        projectId: ledgerAccounts.projectId,
        sourceId: fundingSources.id,
        kind: fundingSources.kind,
        funderName: fundingSources.funderName,
        funderUscc: fundingSources.funderUscc,
        funderOrganizationId: fundingSources.funderOrganizationId,
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
      .innerJoin(
        fundingSources,
        and(
          eq(fundingSources.districtCode, ledgerAccounts.districtCode),
          eq(fundingSources.id, ledgerAccounts.fundingSourceId),
        ),
      )
      .leftJoin(journalLines, lineAccount)
      .leftJoin(journalEntries, lineEntry)
      .where(
        and(
          inDistrict(ledgerAccounts),
          eq(ledgerAccounts.kind, 'earmark'),
          inArray(ledgerAccounts.projectId, projectIds),
        ),
      )
      .groupBy(ledgerAccounts.districtCode, ledgerAccounts.id, fundingSources.districtCode, fundingSources.id)
      .orderBy(asc(ledgerAccounts.projectId), asc(fundingSources.id));
    const scores = await tx
      .select({
        projectId: satisfactionAnswers.projectId,
        score: satisfactionAnswers.score,
        count: sql<number>`count(*)::int`.mapWith(Number),
      })
      .from(satisfactionAnswers)
      .where(and(inDistrict(satisfactionAnswers), inArray(satisfactionAnswers.projectId, projectIds)))
      .groupBy(satisfactionAnswers.projectId, satisfactionAnswers.score);
    const names = await unitNames(tx, [
      ...rows.flatMap((row) => [row.project.unitCode, row.purchase.purchaserUnitCode]),
      ...answeredNeeds.map((need) => need.communityCode),
      ...served.map((community) => community.code),
    ]);

    const linesOf = groupBy(budgetLines, (row) => row.projectId);
    const indicatorsOf = groupBy(indicators, (row) => row.projectId);
    const needsOf = groupBy(answeredNeeds, (row) => row.projectId);
    const servedOf = groupBy(served, (row) => row.projectId);
    const tranchesOf = groupBy(tranches, (row) => row.contractId);
    const evaluationsOf = groupBy(evaluations, (row) => row.contractId);
    const fundingOf = groupBy(funding, (row) => row.projectId);
    const scoresOf = groupBy(scores, (row) => row.projectId);
    return rows.map((row) => {
      const source: PublicProjectSource = {
        project: row.project,
        unitNames: names,
        communitiesServed: servedOf.get(row.project.id) ?? [],
        budgetLines: linesOf.get(row.project.id) ?? [],
        indicators: indicatorsOf.get(row.project.id) ?? [],
        needs: needsOf.get(row.project.id) ?? [],
        purchase: row.purchase,
        bidCount: row.bidCount,
        undertaker:
          row.undertakerName === null ? null : { name: row.undertakerName, uscc: row.undertakerUscc },
        contract: row.contract,
        tranches: row.contract ? (tranchesOf.get(row.contract.id) ?? []) : [],
        funding: fundingOf.get(row.project.id) ?? [],
        evaluations: row.contract ? (evaluationsOf.get(row.contract.id) ?? []) : [],
        scoreCounts: scoresOf.get(row.project.id) ?? [],
      };
      return toPublicProject(source);
    });
  }

  return {
    districtCode,

    /**
     * The public view of one project, as of today; null when there is no such project or it is
     * not disclosed (disclosure-rules.ts `isDisclosed`): an undisclosed project answers exactly
     * as a missing one.
     */
    async publicProject(projectId: number): Promise<PublicProject | null> {
      if (!isLocalId(projectId)) return null;
      const on = today();
      return readSnapshot(async (tx) => {
        const rows = await disclosedProjects(tx, eq(serviceProjects.id, projectId), 1, on);
        const [view] = await publicViews(tx, rows);
        return view ?? null;
      });
    },

    /**
     * The disclosed projects, as of today, oldest first: those designed by `unitCode` or a unit
     * below it, and whose schedule overlaps `year`, when given.
     *
     * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, INVALID_NUMBER,
     * INVALID_PAGINATION, PAGE_SIZE_EXCEEDED, INVALID_CURSOR: see `parsePublicProjectsQuery`.
     */
    async publicProjects(query: PublicProjectsQuery = {}): Promise<PublicProjectPage> {
      const { unitCode, year, first, afterId } = unwrap(parsePublicProjectsQuery(query, districtCode));
      const on = today();
      const where = and(
        unitCode === null ? undefined : sql`${serviceProjects.unitCode} like ${`${unitCode}%`}`,
        year === null
          ? undefined
          : and(lte(serviceProjects.startsOn, `${year}-12-31`), gte(serviceProjects.endsOn, `${year}-01-01`)),
        afterId === null ? undefined : gt(serviceProjects.id, afterId),
      );
      if (first === 0) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
      return readSnapshot(async (tx) => {
        // One row more than asked tells whether another page follows.
        const rows = await disclosedProjects(tx, where, first + 1, on);
        const page = rows.slice(0, first);
        const views = await publicViews(tx, page);
        const edges = views.map((node) => ({ cursor: publicProjectCursor(node.id), node }));
        return {
          edges,
          pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        };
      });
    },
  };
}

export type DisclosureReads = ReturnType<typeof createDisclosureReads>;
