import type { Actor } from '../access/actor.js';
import type { SansheDb } from '../database/district-database.js';
import { departmentNotices, gridEventSteps } from '../schema/grid-events.js';
import type { DepartmentNoticeKind } from './code-lists.js';
import type { EventState, EventStep } from './event-lifecycle.js';

/**
 * The one way a move of a grid event is written down (docs/domain.md §7.7): a row of
 * `grid_event_steps` in the transaction that moved it, whoever moved it (a person through the
 * event service, or the overdue job). Append-only; the loop can be replayed from these rows.
 */
export async function appendEventStep(
  tx: SansheDb,
  districtCode: string,
  actor: Actor,
  step: {
    eventId: number;
    step: EventStep;
    fromState: EventState | null;
    toState: EventState;
    /** The department responsible after the step (null while collected). */
    departmentId: number | null;
    note?: string | null;
    /** The due day the step set (a dispatch's closing day, an extension's). */
    dueOn?: string | null;
    /** When it happened (the service's clock); the database's now() when omitted. */
    at?: string;
  },
): Promise<number> {
  const [row] = await tx
    .insert(gridEventSteps)
    .values({
      districtCode,
      eventId: step.eventId,
      step: step.step,
      fromState: step.fromState,
      toState: step.toState,
      actorId: actor.id,
      actorRole: actor.role ?? 'SYSTEM',
      departmentId: step.departmentId,
      note: step.note ?? null,
      dueOn: step.dueOn ?? null,
      ...(step.at ? { at: step.at } : {}),
    })
    .returning({ id: gridEventSteps.id });
  return row!.id;
}

/** Tell a department something about an event or a summons (its inbox), in the writing transaction. */
export async function noticeDepartment(
  tx: SansheDb,
  districtCode: string,
  notice: {
    departmentId: number;
    kind: DepartmentNoticeKind;
    message: string;
    eventId?: number | null;
    summonsId?: number | null;
  },
): Promise<void> {
  await tx.insert(departmentNotices).values({
    districtCode,
    departmentId: notice.departmentId,
    kind: notice.kind,
    message: notice.message,
    eventId: notice.eventId ?? null,
    summonsId: notice.summonsId ?? null,
  });
}
