export type { BudgetLineCategory, IndicatorKind, ProjectMethod, ProjectStatus } from './code-lists.js';
export { budgetLineCategories, indicatorKinds, projectMethods, projectStatuses } from './code-lists.js';
export type { ProjectColumns, ProjectFilter } from './project-filter.js';
export { projectCondition } from './project-filter.js';
export type { ProjectFilterInput } from './project-filter-rules.js';
export { parseProjectFilter } from './project-filter-rules.js';
export type { ProjectEvent } from './project-lifecycle.js';
export { linkingEvent, projectLifecycle } from './project-lifecycle.js';
export type { BudgetLine, Indicator } from './project-rules.js';
export {
  budgetTotal,
  MAX_BUDGET_LINES,
  MAX_INDICATOR_VALUE,
  MAX_INDICATORS,
  MAX_LINKED_RECORDS,
  parseBudgetLines,
  parseIdList,
  parseIndicators,
  parseIndicatorValue,
  parseLineAmountFen,
  parseMethods,
  requireApprovable,
  requireBudgetMatches,
  requireClosedAfterApproved,
  requireCommunitiesWithinUnit,
  requireNeedsServed,
  requireSchedule,
} from './project-rules.js';
export type { ProjectService } from './project-service.js';
export { createProjectService } from './project-service.js';
export type {
  ApproveProjectInput,
  BudgetLineInput,
  CancelProjectInput,
  ChangeProjectDraftInput,
  CloseProjectInput,
  DesignProjectInput,
  IndicatorInput,
  LinkNeedInput,
  RecordIndicatorAchievedInput,
  UnlinkNeedInput,
} from './project-types.js';
