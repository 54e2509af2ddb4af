import type { SansheDb } from '../database/district-database.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import type { MeetingOutcome } from '../schema/consultation.js';
import type { ConsultationContext } from './consultation-context.js';
import { implementation, lastDoneOn, reportingBack, requireNotBefore } from './consultation-rules.js';
import type { MarkImplementedInput, ReportBackInput } from './consultation-types.js';
import { publishedText } from './meeting-input.js';

/**
 * Following an adopted outcome to its end (docs/domain.md §8; 协商成果采纳、落实和反馈, the 2015
 * opinion on community consultation): implemented (已落实) once every task carrying it out is
 * done, then reported back to the residents (结果反馈). Both by the community that held the
 * meeting (`consultation.record`). The CHECK `meeting_outcomes_progress` holds the same order in
 * the table: the implementation day for both later states, the report and its day only when
 * reported back, and never before the implementation.
 */
export function createOutcomeFollowUpUseCases(ctx: ConsultationContext) {
  const { kit, db } = ctx;

  /**
   * The outcome, locked FOR UPDATE (a task added meanwhile waits, then finds it implemented), its
   * place authorized, its version checked, and its tasks.
   */
  async function lockOutcome(
    tx: SansheDb,
    outcomeId: number,
    expectedVersion: number | null | undefined,
    path: FieldPath,
  ) {
    const outcome = await ctx.requireOutcome(tx, outcomeId, path, 'update');
    const { target } = await ctx.placeOfOutcome(tx, outcome);
    kit.authorize('consultation.record', target);
    kit.checkVersion(outcome, expectedVersion, `Outcome ${outcome.id}`);
    return { outcome, tasks: await ctx.tasksOf(tx, outcome.id) };
  }

  return {
    /**
     * Mark an adopted outcome implemented on a day (not before its last task was done).
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, OUTCOME_TASKS_OPEN (no task,
     *   or tasks not done: details.openTaskIds), STATUS_NOT_ALLOWED (not adopted, or implemented
     *   already), INVALID_DATE, DATE_IN_FUTURE, INVALID_DATE_RANGE
     */
    async markImplemented(given: MarkImplementedInput): Promise<MeetingOutcome> {
      const input: Partial<MarkImplementedInput> = given ?? {};
      const outcomeId = kit.requireId(input.outcomeId, 'meeting outcome', ['input', 'outcomeId']);
      const implementedOn = kit.pastDate(input.implementedOn, ['input', 'implementedOn']);
      return db.transaction(async (tx) => {
        const { outcome, tasks } = await lockOutcome(tx, outcomeId, input.expectedVersion, [
          'input',
          'outcomeId',
        ]);
        const state = implementation(outcome, tasks, ['input', 'outcomeId']);
        requireNotBefore(implementedOn, lastDoneOn(tasks)!, ['input', 'implementedOn'], 'the last task done');
        const after = await ctx.bumpOutcome(tx, outcome, { state, implementedOn });
        await kit.audit(tx, {
          action: 'meeting_outcome.implement',
          entityType: 'meeting_outcome',
          entityId: outcome.id,
          before: outcome,
          after,
        });
        return after;
      });
    },

    /**
     * Record that an implemented outcome was reported back to the residents, with what was said
     * (published text: the residents read it), on a day not before its implementation.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, OUTCOME_TASKS_OPEN (not
     *   implemented yet), STATUS_NOT_ALLOWED (not adopted, or reported back already),
     *   INVALID_DATE, DATE_IN_FUTURE, INVALID_DATE_RANGE, VALIDATION_FAILED, INVALID_TEXT,
     *   PERSONAL_DATA_IN_PUBLIC_TEXT
     */
    async reportBack(given: ReportBackInput): Promise<MeetingOutcome> {
      const input: Partial<ReportBackInput> = given ?? {};
      const outcomeId = kit.requireId(input.outcomeId, 'meeting outcome', ['input', 'outcomeId']);
      const reportedBackOn = kit.pastDate(input.reportedBackOn, ['input', 'reportedBackOn']);
      const report = publishedText(input.report, ['input', 'report'], {
        maxLength: 5000,
        label: 'The report',
        multiline: true,
      });
      return db.transaction(async (tx) => {
        const { outcome, tasks } = await lockOutcome(tx, outcomeId, input.expectedVersion, [
          'input',
          'outcomeId',
        ]);
        const state = reportingBack(outcome, tasks, ['input', 'outcomeId']);
        requireNotBefore(
          reportedBackOn,
          outcome.implementedOn!,
          ['input', 'reportedBackOn'],
          'the implementation',
        );
        const after = await ctx.bumpOutcome(tx, outcome, { state, reportedBackOn, report });
        await kit.audit(tx, {
          action: 'meeting_outcome.report_back',
          entityType: 'meeting_outcome',
          entityId: outcome.id,
          before: outcome,
          after,
        });
        return after;
      });
    },
  };
}
