import type { DistrictDatabase } from '../database/district-database.js';
import type { SansheError } from '../errors/sanshe-error.js';
import { createGridEventContext } from './event-context.js';
import { createDispatchingUseCases } from './event-dispatching.js';
import { createHandlingUseCases } from './event-handling.js';
import { createEventReads } from './event-reads.js';
import { createReportingUseCases } from './event-reporting.js';
import { createResidentUseCases } from './event-residents.js';
import type { GridEventServiceOptions } from './event-types.js';
import { createVerificationUseCases } from './event-verification.js';

export type { GridEventServiceOptions } from './event-types.js';

/**
 * Grid events of one district (网格事件, docs/domain.md §7.5–§7.7): the five-step loop 信息收集 →
 * 任务派遣 → 任务处理 → 结果反馈 → 核查结案 with its return, rejection, re-routing, reopening,
 * escalation and extension, routed by category and area, timed on the working calendar, and
 * followed by the resident who reported. 查办分离: the community finds and verifies, the
 * department handles, and the verifier is never the handler.
 *
 * Every move validates its input first, then in one transaction checks the caller may see the
 * event (one it cannot see answers NOT_FOUND), locks it, checks the caller may make the move
 * there, asks the state machine (event-lifecycle.ts), writes the event at its next version with
 * one step (event-steps.ts) and an audit entry, and either applies whole or throws a
 * {@link SansheError} and changes nothing. Reads answer only what the caller may see
 * (access/grid-event-visibility.ts).
 */
export function createGridEventService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: GridEventServiceOptions = {},
) {
  const context = createGridEventContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createReportingUseCases(context),
    ...createDispatchingUseCases(context),
    ...createHandlingUseCases(context),
    ...createVerificationUseCases(context),
    ...createResidentUseCases(context),
    ...createEventReads(context),
  };
}

export type GridEventService = ReturnType<typeof createGridEventService>;
