import {
  type Actor,
  type CalendarService,
  type ConsultationService,
  type CreditService,
  createCalendarService,
  createConsultationService,
  createCreditService,
  createDeliveryService,
  createDepartmentService,
  createEvaluationService,
  createFundsService,
  createGridAssessmentService,
  createGridEventService,
  createGridPlanService,
  createHierarchyService,
  createIndicatorService,
  createNeedsService,
  createOrganizationService,
  createPolicyService,
  createProjectService,
  createPurchaseService,
  createSocialWorkerService,
  createSummonsService,
  createTimeBankService,
  createVolunteerService,
  type DeliveryService,
  type DepartmentService,
  type DistrictDatabase,
  type EvaluationService,
  type FundsService,
  type GridAssessmentService,
  type GridEventService,
  type GridPlanService,
  type HierarchyService,
  type IndicatorService,
  type MessageLanguage,
  type NeedsService,
  type OrganizationService,
  type PolicyService,
  type ProjectService,
  type PurchaseService,
  type SocialWorkerService,
  type SummonsService,
  type TimeBankService,
  type VolunteersService,
} from '@sanshe/core';

/**
 * What resolvers of the district schema see: exactly one district's database and the services
 * over it, acting for one caller. The gateway builds one of these per district a request
 * touches, so a resolver can never reach into another district's data by mistake.
 */
export interface DistrictContext {
  district: DistrictDatabase;
  actor: Actor;
  hierarchy: HierarchyService;
  organizations: OrganizationService;
  credit: CreditService;
  socialWorkers: SocialWorkerService;
  indicators: IndicatorService;
  policies: PolicyService;
  /** Funding sources, earmarks, tranche payments and reversals (docs/domain.md §6.4–§6.5). */
  funds: FundsService;
  /** The needs list of the communities (docs/domain.md §6.1). */
  needs: NeedsService;
  /** Service projects: design, approval, closure (docs/domain.md §6.2). */
  projects: ProjectService;
  /** Government purchase: stages, bids, award, contracts (docs/domain.md §6.3). */
  purchases: PurchaseService;
  /** Delivery: activities, hours, confirmation (docs/domain.md §6.6). */
  delivery: DeliveryService;
  /** Third-party evaluations and satisfaction answers (docs/domain.md §6.7). */
  evaluations: EvaluationService;
  /** Volunteers: the registry, teams, engagements and service records (docs/domain.md §5.1, §5.2). */
  volunteers: VolunteersService;
  /** The time bank: catalogue, exchanges, transfers, accounts and totals (docs/domain.md §5.5). */
  timeBank: TimeBankService;
  /** Departments, the routing of event categories to them, their inspection lists (docs/domain.md §7.3–§7.5). */
  departments: DepartmentService;
  /** Grid boundaries, "1+2+N" teams and patrols (docs/domain.md §7.1–§7.3). */
  gridPlan: GridPlanService;
  /** The district's working-day calendar (docs/domain.md §7.6). */
  calendar: CalendarService;
  /** 吹哨报到: summonses, report-ins and closing (docs/domain.md §7.8). */
  summons: SummonsService;
  /** The assessment of grid work and its marks (docs/domain.md §7.9). */
  gridAssessment: GridAssessmentService;
  /** Grid events: the five-step loop, its reads and the reporter's side (docs/domain.md §7.5–§7.7). */
  gridEvents: GridEventService;
  /** Residents' consultation: meetings, outcomes, their tasks and figures (docs/domain.md §8). */
  consultation: ConsultationService;
  /** The language of the caller's error messages (see `messageLanguageOf`). Default English. */
  language?: MessageLanguage;
}

/**
 * The caller of a request until authentication exists (issue 5): writes are still audited,
 * under this name.
 */
export const unauthenticatedActor: Actor = Object.freeze({ id: 'gateway:unauthenticated', role: 'PUBLIC' });

export function createDistrictContext(
  database: DistrictDatabase,
  actor: Actor = unauthenticatedActor,
): DistrictContext {
  const options = { actor };
  // Every service is made on first use: a request touches one or two of them, a compiled read none.
  let hierarchy: HierarchyService | undefined;
  let organizations: OrganizationService | undefined;
  let credit: CreditService | undefined;
  let socialWorkers: SocialWorkerService | undefined;
  let indicators: IndicatorService | undefined;
  let policies: PolicyService | undefined;
  let funds: FundsService | undefined;
  let needs: NeedsService | undefined;
  let projects: ProjectService | undefined;
  let purchases: PurchaseService | undefined;
  let delivery: DeliveryService | undefined;
  let evaluations: EvaluationService | undefined;
  let volunteers: VolunteersService | undefined;
  let timeBank: TimeBankService | undefined;
  let departments: DepartmentService | undefined;
  let gridPlan: GridPlanService | undefined;
  let calendar: CalendarService | undefined;
  let summons: SummonsService | undefined;
  let gridAssessment: GridAssessmentService | undefined;
  let gridEvents: GridEventService | undefined;
  let consultation: ConsultationService | undefined;
  return {
    district: database,
    actor,
    get hierarchy() {
      hierarchy ??= createHierarchyService(database, options);
      return hierarchy;
    },
    get organizations() {
      organizations ??= createOrganizationService(database, options);
      return organizations;
    },
    get credit() {
      credit ??= createCreditService(database, options);
      return credit;
    },
    get socialWorkers() {
      socialWorkers ??= createSocialWorkerService(database, options);
      return socialWorkers;
    },
    get indicators() {
      indicators ??= createIndicatorService(database);
      return indicators;
    },
    get policies() {
      policies ??= createPolicyService(database, options);
      return policies;
    },
    get funds() {
      funds ??= createFundsService(database, options);
      return funds;
    },
    get needs() {
      needs ??= createNeedsService(database, options);
      return needs;
    },
    get projects() {
      projects ??= createProjectService(database, options);
      return projects;
    },
    get purchases() {
      purchases ??= createPurchaseService(database, options);
      return purchases;
    },
    get delivery() {
      delivery ??= createDeliveryService(database, options);
      return delivery;
    },
    get evaluations() {
      evaluations ??= createEvaluationService(database, options);
      return evaluations;
    },
    get volunteers() {
      volunteers ??= createVolunteerService(database, options);
      return volunteers;
    },
    get timeBank() {
      timeBank ??= createTimeBankService(database, options);
      return timeBank;
    },
    get departments() {
      departments ??= createDepartmentService(database, options);
      return departments;
    },
    get gridPlan() {
      gridPlan ??= createGridPlanService(database, options);
      return gridPlan;
    },
    get calendar() {
      calendar ??= createCalendarService(database, options);
      return calendar;
    },
    get summons() {
      summons ??= createSummonsService(database, options);
      return summons;
    },
    get gridAssessment() {
      gridAssessment ??= createGridAssessmentService(database, options);
      return gridAssessment;
    },
    // The wall clock (core's default): the overdue job and every gateway process count deadlines
    // on the same China day.
    get gridEvents() {
      gridEvents ??= createGridEventService(database, options);
      return gridEvents;
    },
    get consultation() {
      consultation ??= createConsultationService(database, options);
      return consultation;
    },
  };
}
