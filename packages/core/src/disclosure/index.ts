export type { DisclosureReads, PublicProjectPage } from './disclosure-reads.js';
export { createDisclosureReads } from './disclosure-reads.js';
export type {
  DisclosedPurchaseStage,
  ParsedPublicProjectsQuery,
  PublicProjectsQuery,
} from './disclosure-rules.js';
export {
  isDisclosed,
  PERSONAL_DONOR_NAME,
  PUBLIC_PROJECTS_DEFAULT_PAGE,
  PUBLIC_PROJECTS_PAGE_LIMIT,
  parsePublicProjectsQuery,
  publicProjectCursor,
  publishedFunderName,
  purchaseStageDayColumns,
  purchaseStageDays,
} from './disclosure-rules.js';
export type {
  PublicBudget,
  PublicBudgetLine,
  PublicContract,
  PublicEvaluation,
  PublicFunding,
  PublicFundingSource,
  PublicNeed,
  PublicProject,
  PublicProjectIndicator,
  PublicProjectSource,
  PublicPurchase,
  PublicPurchaseStage,
  PublicSatisfaction,
  PublicScoreCount,
  PublicTranche,
  PublicUndertaker,
  PublicUnit,
} from './public-project.js';
export { PUBLIC_PROJECT_FIELDS, toPublicProject } from './public-project.js';
