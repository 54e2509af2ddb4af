import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { visibleBids, visibleWithProject, visibleWithPurchase } from '../access/chain-visibility.js';
import { projectEvaluations } from '../schema/evaluations.js';
import {
  type ContractTranche,
  contractTranches,
  type Purchase,
  type PurchaseBid,
  purchaseBids,
  purchases,
  type ServiceContract,
  serviceContracts,
} from '../schema/purchases.js';
import { serviceProjects } from '../schema/service-projects.js';
import { parseCode } from '../services/code-list.js';
import { isLocalId } from '../services/service-kit.js';
import { purchaseStageNames } from './code-lists.js';
import type { PurchaseContext } from './purchase-context.js';
import type { PurchaseFilter } from './purchase-types.js';

/** A contract with its tranches, in their order. */
export interface ContractWithTranches {
  contract: ServiceContract;
  tranches: ContractTranche[];
}

/**
 * One contract of an organization's record (docs/domain.md §6.3, "results feed the next
 * tender"): the contract, its purchase and project, and its final third-party evaluation.
 */
export interface OrganizationContractRecord {
  contract: ServiceContract;
  purchase: Pick<Purchase, 'id' | 'projectId' | 'method' | 'stage' | 'purchaserUnitCode'>;
  project: { id: number; name: string; unitCode: string; serviceDomain: string };
  /** The final evaluation (结项评估), when there is one: its grade, score and day. */
  finalEvaluation: { grade: string; score: number; evaluatedOn: string } | null;
}

/**
 * Reads of purchases, outside any write's transaction. Each applies the caller's read rule
 * (access/chain-visibility.ts): a purchase and its contract with their project, a bid with its
 * project except that an organization's staff see only their own bid; a record the caller
 * cannot see is absent, exactly as a missing one.
 */
export function createPurchaseReads(context: PurchaseContext) {
  const { kit, db, districtCode } = context;
  const { actor } = kit;

  return {
    /** A purchase by its local id, or undefined. */
    async getPurchase(purchaseId: number): Promise<Purchase | undefined> {
      if (!isLocalId(purchaseId)) return undefined;
      const [row] = await db
        .select()
        .from(purchases)
        .where(
          and(
            eq(purchases.districtCode, districtCode),
            eq(purchases.id, purchaseId),
            visibleWithProject(actor, districtCode, purchases),
          ),
        );
      return row;
    },

    /**
     * The purchases matching the filter (a project, a stage, a purchaser), the latest planned
     * first.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE (an unknown stage)
     */
    async listPurchases(filter: PurchaseFilter = {}): Promise<Purchase[]> {
      const stage =
        filter.stage === undefined
          ? undefined
          : parseCode(purchaseStageNames, filter.stage, ['filter', 'stage'], 'The stage');
      if (filter.projectId !== undefined && !isLocalId(filter.projectId)) return [];
      return db
        .select()
        .from(purchases)
        .where(
          and(
            eq(purchases.districtCode, districtCode),
            filter.projectId === undefined ? undefined : eq(purchases.projectId, filter.projectId),
            stage === undefined ? undefined : eq(purchases.stage, stage),
            filter.purchaserUnitCode === undefined
              ? undefined
              : eq(purchases.purchaserUnitCode, filter.purchaserUnitCode),
            visibleWithProject(actor, districtCode, purchases),
          ),
        )
        .orderBy(desc(purchases.plannedOn), desc(purchases.id));
    },

    /** The bids of a purchase the caller may see, in the order they were recorded. */
    async bidsOf(purchaseId: number): Promise<PurchaseBid[]> {
      if (!isLocalId(purchaseId)) return [];
      return db
        .select()
        .from(purchaseBids)
        .where(
          and(
            eq(purchaseBids.districtCode, districtCode),
            eq(purchaseBids.purchaseId, purchaseId),
            visibleBids(actor, districtCode, purchaseBids),
          ),
        )
        .orderBy(asc(purchaseBids.id));
    },

    /** The contract of a purchase with its tranches, or undefined. */
    async contractOf(purchaseId: number): Promise<ContractWithTranches | undefined> {
      if (!isLocalId(purchaseId)) return undefined;
      const [contract] = await db
        .select()
        .from(serviceContracts)
        .where(
          and(
            eq(serviceContracts.districtCode, districtCode),
            eq(serviceContracts.purchaseId, purchaseId),
            visibleWithPurchase(actor, districtCode, serviceContracts),
          ),
        );
      if (!contract) return undefined;
      const tranches = await db
        .select()
        .from(contractTranches)
        .where(
          and(eq(contractTranches.districtCode, districtCode), eq(contractTranches.contractId, contract.id)),
        )
        .orderBy(asc(contractTranches.trancheNumber));
      return { contract, tranches };
    },

    /**
     * An organization's record as an undertaker: its contracts the caller may see, the latest
     * first, each with its purchase, its project and its final evaluation's grade.
     */
    async contractsOfOrganization(organizationId: number): Promise<OrganizationContractRecord[]> {
      if (!isLocalId(organizationId)) return [];
      const rows = await db
        .select({
          contract: serviceContracts,
          purchase: {
            id: purchases.id,
            projectId: purchases.projectId,
            method: purchases.method,
            stage: purchases.stage,
            purchaserUnitCode: purchases.purchaserUnitCode,
          },
          project: {
            id: serviceProjects.id,
            name: serviceProjects.name,
            unitCode: serviceProjects.unitCode,
            serviceDomain: serviceProjects.serviceDomain,
          },
        })
        .from(serviceContracts)
        .innerJoin(
          purchases,
          and(
            eq(purchases.districtCode, serviceContracts.districtCode),
            eq(purchases.id, serviceContracts.purchaseId),
          ),
        )
        .innerJoin(
          serviceProjects,
          and(
            eq(serviceProjects.districtCode, purchases.districtCode),
            eq(serviceProjects.id, purchases.projectId),
          ),
        )
        .where(
          and(
            eq(serviceContracts.districtCode, districtCode),
            eq(serviceContracts.organizationId, organizationId),
            visibleWithPurchase(actor, districtCode, serviceContracts),
          ),
        )
        .orderBy(desc(serviceContracts.startsOn), desc(serviceContracts.id));
      if (rows.length === 0) return [];
      const finals = await db
        .select({
          contractId: projectEvaluations.contractId,
          grade: projectEvaluations.grade,
          score: projectEvaluations.score,
          evaluatedOn: projectEvaluations.evaluatedOn,
        })
        .from(projectEvaluations)
        .where(
          and(
            eq(projectEvaluations.districtCode, districtCode),
            eq(projectEvaluations.kind, 'final'),
            inArray(
              projectEvaluations.contractId,
              rows.map((row) => row.contract.id),
            ),
          ),
        );
      const finalOf = new Map(finals.map(({ contractId, ...evaluation }) => [contractId, evaluation]));
      return rows.map((row) => ({ ...row, finalEvaluation: finalOf.get(row.contract.id) ?? null }));
    },
  };
}
