import type { DistrictDatabase } from '../database/district-database.js';
import type { SansheError } from '../errors/sanshe-error.js';
import { type ConsultationServiceOptions, createConsultationContext } from './consultation-context.js';
import { createConsultationFigures } from './consultation-figures.js';
import { createConsultationReads } from './consultation-reads.js';
import { createMeetingUseCases } from './meetings.js';
import { createOutcomeFollowUpUseCases } from './outcome-follow-up.js';
import { createOutcomeTaskUseCases } from './outcome-tasks.js';

export type { ConsultationServiceOptions } from './consultation-context.js';

/**
 * Residents' consultation of one district (协商议事, docs/domain.md §8; 中共中央办公厅、国务院办公厅
 * 《关于加强城乡社区协商的意见》, 2015): meetings with their participants by kind, the topics taken
 * up and the outcomes voted; the tasks that carry an adopted outcome out, their completion by the
 * community or their owner, the outcome implemented and reported back to the residents; and the
 * figures of it ("outcomes implemented").
 *
 * Every write validates its input first, then runs in one transaction that checks what the
 * caller may do and see, locks what its rules read, appends to the audit log, and either applies
 * whole or throws a {@link SansheError} and changes nothing. Meetings and outcomes are public;
 * tasks are read through access/consultation-visibility.ts.
 */
export function createConsultationService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ConsultationServiceOptions = {},
) {
  const context = createConsultationContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createMeetingUseCases(context),
    ...createOutcomeTaskUseCases(context),
    ...createOutcomeFollowUpUseCases(context),
    ...createConsultationReads(context),
    ...createConsultationFigures(context),
  };
}

export type ConsultationService = ReturnType<typeof createConsultationService>;
