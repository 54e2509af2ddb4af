import type { FieldPath } from '../errors/sanshe-error.js';
import type { Need } from '../schema/needs.js';
import { parseCode } from '../services/code-list.js';
import { type NeedStatus, needOutcomes } from './code-lists.js';
import { needLifecycle } from './need-lifecycle.js';
import { closingEvent, requireClosedAfterCollected } from './need-rules.js';
import type { CloseNeedInput } from './need-types.js';
import { MAX_NEED_REASON_LENGTH, type NeedsContext } from './needs-context.js';

/** Closing a need as met or withdrawn (docs/domain.md §6.1), where its community lies (`need.record`). */
export function createNeedClosingUseCases(context: NeedsContext) {
  const { kit, db, writes } = context;

  return {
    /**
     * Close a need: `met` once a project answered it (an open need is not met: it is answered
     * first), or `withdrawn` while it is open or answered (the residents no longer need it, or
     * it was recorded in error), with the day (never after today, nor before the need was
     * collected) and, for the audit log, the reason. Its links to projects stay.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_CODE_LIST_VALUE, INVALID_DATE, DATE_IN_FUTURE,
     *   VALIDATION_FAILED, INVALID_TEXT, FORBIDDEN, VERSION_CONFLICT, STATUS_NOT_ALLOWED,
     *   INVALID_DATE_RANGE
     */
    async closeNeed(input: CloseNeedInput): Promise<Need> {
      const needPath: FieldPath = ['input', 'needId'];
      const needId = kit.requireId(input.needId, 'need', needPath);
      const outcome = parseCode(needOutcomes, input.outcome, ['input', 'outcome'], 'The outcome');
      const closedOn = kit.pastDate(input.closedOn, ['input', 'closedOn'], false);
      const reason =
        input.reason === undefined || input.reason === null
          ? null
          : kit.text(input.reason, ['input', 'reason'], {
              maxLength: MAX_NEED_REASON_LENGTH,
              label: 'The reason',
            });
      const { communityCode } = await context.visibleNeed(db, needId, needPath);
      kit.authorize('need.record', { unitCode: communityCode });

      return db.transaction(async (tx) => {
        const need = (await writes.lockNeeds(tx, [{ id: needId, path: needPath }])).get(needId)!;
        kit.checkVersion(need, input.expectedVersion, `Need ${needId}`);
        const event = closingEvent(outcome);
        // The status is asked first: a need already closed says so, whatever the day given.
        needLifecycle.next(need.status as NeedStatus, event, needPath, `Need ${needId}`);
        requireClosedAfterCollected(need, closedOn, ['input', 'closedOn']);
        return writes.moveNeed(tx, need, event, needPath, { closedOn }, reason);
      });
    },
  };
}
