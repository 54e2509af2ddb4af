import type { communities, grids, subdistricts } from '../schema/hierarchy.js';
import { addDays, addYears } from '../services/dates.js';
import { type DeliveryRows, planDelivery } from './plan-delivery.js';
import { type NewEvaluation, planEvaluations } from './plan-evaluations.js';
import { type FundsRows, planFunds } from './plan-funds.js';
import { type NeedRows, planNeeds } from './plan-needs.js';
import type { OrganizationRows } from './plan-organizations.js';
import { planProjectDesigns } from './plan-project-designs.js';
import { type ProjectRows, planProjects, SATISFACTION_INDICATOR } from './plan-projects.js';
import { type PurchaseRows, planPurchases } from './plan-purchases.js';
import type { SocialWorkerRows } from './plan-social-workers.js';
import type { Random } from './random.js';
import { createUndertakerRegister } from './undertaker-register.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;

/** The rows of the service chain (docs/domain.md §6), one array per table. */
export interface ServiceChainRows extends NeedRows, ProjectRows, PurchaseRows, FundsRows, DeliveryRows {
  projectEvaluations: NewEvaluation[];
}

type NewCreditRecord = OrganizationRows['organizationCreditRecords'][number];

export interface ServiceChainPlan {
  rows: ServiceChainRows;
  /**
   * The credit records the final evaluations leave on their undertakers (docs/domain.md §6.3
   * "results feed the next tender": kind `purchased_service`, category `other`), numbered after
   * the organizations plan's own records, as the evaluation service writes them.
   */
  purchasedServiceCredits: NewCreditRecord[];
}

export interface ServiceChainPlanContext {
  districtCode: string;
  districtName: string;
  asOf: string;
  /** The chain's own stream: needs, projects, purchases, evaluations and funds. */
  random: Random;
  /** A second stream for delivery and satisfaction, the bulk of the rows. */
  deliveryRandom: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  grids: readonly NewGrid[];
  organizations: OrganizationRows;
  socialWorkers: SocialWorkerRows;
}

export function emptyServiceChainRows(): ServiceChainRows {
  return {
    needs: [],
    projectNeeds: [],
    serviceProjects: [],
    projectCommunities: [],
    projectBudgetLines: [],
    projectIndicators: [],
    purchases: [],
    purchaseBids: [],
    serviceContracts: [],
    contractTranches: [],
    fundingSources: [],
    fundingEarmarks: [],
    ledgerAccounts: [],
    journalEntries: [],
    journalLines: [],
    deliveryActivities: [],
    activityHours: [],
    satisfactionAnswers: [],
    projectEvaluations: [],
  };
}

/**
 * A year of the demo district's service chain (docs/domain.md §6), up to the plan's day: about
 * seven projects for every twenty communities, designed from needs the communities collected in the
 * year, shown at every state (draft; each purchase stage; cancelled; bought again), with their
 * purchases, bids by eligible organizations, contracts and tranches; evaluations by third
 * parties; funds from every kind of source through the ledger; delivery with the hours of
 * certified workers; and residents' satisfaction. Volumes grow with the number of communities, so
 * a smaller scale gives a smaller chain.
 */
export function planServiceChain(context: ServiceChainPlanContext): ServiceChainPlan {
  const { districtCode, districtName, asOf, random } = context;
  if (context.communities.length === 0) return { rows: emptyServiceChainRows(), purchasedServiceCredits: [] };
  const windowStart = addDays(addYears(asOf, -1), 1);
  const register = createUndertakerRegister({ ...context.organizations, ...context.socialWorkers });
  const organizations = context.organizations.socialOrganizations;

  const designs = planProjectDesigns({
    districtCode,
    districtName,
    asOf,
    windowStart,
    random,
    subdistricts: context.subdistricts,
    communities: context.communities,
  });
  // Purchases first: one that finds no eligible bidder holds its project at `tender`, which the
  // needs' statuses follow.
  const { contracts, ...purchaseRows } = planPurchases({
    districtCode,
    asOf,
    random,
    organizations,
    organizationCommunities: context.organizations.organizationCommunities,
    register,
    designs,
  });
  const needRows = planNeeds({
    districtCode,
    asOf,
    windowStart,
    random,
    communities: context.communities,
    grids: context.grids,
    designs,
  });
  const projectRows = planProjects(districtCode, random, designs);
  const projectEvaluations = planEvaluations({ districtCode, asOf, random, organizations, contracts });
  const fundsRows = planFunds({
    districtCode,
    districtName,
    asOf,
    random,
    subdistricts: context.subdistricts,
    communities: context.communities,
    organizations,
    designs,
    contracts,
    evaluations: projectEvaluations,
  });
  const deliveryRows = planDelivery({
    districtCode,
    asOf,
    random: context.deliveryRandom,
    communities: context.communities,
    contracts,
    register,
  });

  // Values achieved, recorded with the final evaluation: the satisfaction rate from the answers.
  const evaluatedProjects = new Set(
    projectEvaluations
      .filter((e) => e.kind === 'final')
      .map((e) => contracts.find((c) => c.contract.id === e.contractId)!.projectId),
  );
  for (const indicator of projectRows.projectIndicators) {
    if (!evaluatedProjects.has(indicator.projectId)) continue;
    const target = Number(indicator.target);
    if (indicator.description === SATISFACTION_INDICATOR) {
      const scores = deliveryRows.satisfactionAnswers.filter((a) => a.projectId === indicator.projectId);
      const satisfied = scores.filter((a) => a.score >= 4).length;
      indicator.achieved =
        scores.length === 0 ? null : Math.round((satisfied / scores.length) * 10_000) / 100;
    } else if (indicator.unit === '%') {
      indicator.achieved = Math.min(100, target + random.int(-3, 6));
    } else {
      indicator.achieved = Math.round(target * (0.92 + random.next() * 0.3));
    }
  }

  const creditsFrom = context.organizations.organizationCreditRecords.length;
  const purchasedServiceCredits = projectEvaluations
    .filter((evaluation) => evaluation.kind === 'final')
    .map((evaluation, index): NewCreditRecord => {
      const { contract, projectId } = contracts.find((c) => c.contract.id === evaluation.contractId)!;
      const projectName = projectRows.serviceProjects[projectId - 1]!.name;
      const summary = `承接政府购买服务项目「${projectName}」（合同 ${contract.contractNumber}）结项评估：${evaluationGradeNames[evaluation.grade as keyof typeof evaluationGradeNames]}，${evaluation.score}分`;
      return {
        districtCode,
        id: creditsFrom + index + 1,
        organizationId: contract.organizationId,
        category: 'other',
        kind: 'purchased_service',
        occurredOn: evaluation.evaluatedOn,
        summary: summary.slice(0, 500),
        source: evaluation.reportReference,
        withdrawnOn: null,
        recordedAt: `${evaluation.evaluatedOn}T10:00:00+08:00`,
      };
    });

  return {
    rows: {
      ...needRows,
      ...projectRows,
      ...purchaseRows,
      ...fundsRows,
      ...deliveryRows,
      projectEvaluations,
    },
    purchasedServiceCredits,
  };
}

/** The grades of a third-party evaluation as published (evaluations' code list). */
const evaluationGradeNames = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' } as const;
