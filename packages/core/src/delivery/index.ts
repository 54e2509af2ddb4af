export type { OrderedPurchaseStage } from '../purchases/code-lists.js';
export { purchaseStageOrder, stagePosition, stageReached } from '../purchases/code-lists.js';
export type { ActivityEvent } from './activity-lifecycle.js';
export { activityLifecycle } from './activity-lifecycle.js';
export type { ActivityStatus, DeliveryMethod, HoursRole } from './code-lists.js';
export { activityStatuses, deliveryMethods, hoursRoles } from './code-lists.js';
export type { ContractChain } from './contract-chain.js';
export { loadContractChain } from './contract-chain.js';
export type { DeliveryContext, ParsedHours } from './delivery-context.js';
export type { DeliveryPeriod } from './delivery-rules.js';
export {
  MAX_HOURS_ROWS,
  MAX_MINUTES_PER_ACTIVITY,
  MAX_PARTICIPANT_COUNT,
  parseMinutes,
  parseParticipantCount,
  requireHeldWithinDelivery,
  requireImplementationStage,
} from './delivery-rules.js';
export type { DeliveryService } from './delivery-service.js';
export { createDeliveryService } from './delivery-service.js';
export type {
  ActivityHoursInput,
  ConfirmActivityInput,
  DeliveryTotals,
  DisputeActivityInput,
  RecordActivityInput,
  RecordedActivity,
} from './delivery-types.js';
