export type { NeedOutcome, NeedSource, NeedStatus, NeedUrgency } from './code-lists.js';
export { needOutcomes, needSources, needStatuses, needUrgencies } from './code-lists.js';
export type { NeedColumns, NeedFilter } from './need-filter.js';
export { needCondition } from './need-filter.js';
export type { ListPage, NeedFilterInput } from './need-filter-rules.js';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, parseListPage, parseNeedFilter } from './need-filter-rules.js';
export type { NeedEvent } from './need-lifecycle.js';
export { needLifecycle } from './need-lifecycle.js';
export type { MergeFacts } from './need-rules.js';
export {
  answeringEvent,
  closingEvent,
  MAX_RESIDENTS_AFFECTED,
  parseResidentsAffected,
  requireClosedAfterCollected,
  requireDistinctNeeds,
  requireMergeTarget,
} from './need-rules.js';
export type { CloseNeedInput, MergeNeedInput, RecordNeedInput } from './need-types.js';
export type { NeedsService } from './needs-service.js';
export { createNeedsService } from './needs-service.js';
