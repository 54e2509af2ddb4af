import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { gridEvents } from '../schema/grid-events.js';
import { todayInChina } from '../services/dates.js';
import { createServiceKit } from '../services/service-kit.js';
import { type EventState, eventLifecycle } from './event-lifecycle.js';
import { appendEventStep, noticeDepartment } from './event-steps.js';
import { loadWorkingCalendar } from './working-calendar-loader.js';
import type { WorkingCalendar } from './working-days.js';

/**
 * Overdue events escalate by themselves (docs/domain.md §7.6): an event the responsible
 * department has not closed by its closing day (办结期限), or has not accepted by its accepting
 * day (受理期限), is raised one level a working day — community (0) → subdistrict (1) → district
 * (2), the 逐级督办 of grid centres' practice — and its department is told each time; at the
 * district level it is only told again. Each escalation is a step `escalate` of the event (state
 * unchanged) and a notice `overdue`, written the one way (event-steps.ts).
 *
 * Only on working days: the limits are counted in working days, so a weekend or a holiday does not
 * raise an event two levels before its department had a working day to act; the first working day
 * after them escalates once.
 *
 * Safe when several processes run it at once (each gateway process does): an event is claimed
 * with `FOR UPDATE SKIP LOCKED` and marked escalated today (`overdue_escalated_on`) in the same
 * transaction, so another run either skips it while it is claimed or, once committed, no longer
 * finds it due today.
 */

/** Who escalates when no one is named: sanshe itself, recorded as such in the steps and audit log. */
export const overdueJobActor: Actor = Object.freeze({ id: 'overdue-job', role: 'SYSTEM' });

export interface OverdueEscalationOptions {
  /** The moment of the run; its day in China is the day checked. */
  now: Date;
  /** Who runs it (default {@link overdueJobActor}); a person needs event.dispatch district-wide. */
  actor?: Actor;
  /** Events claimed per transaction (default 100), so a backlog never holds many rows locked long. */
  batchSize?: number;
}

export interface OverdueEscalationResult {
  /** The China day checked. */
  checkedOn: string;
  /** Whether it is a working day on the district's calendar; nothing is escalated on other days. */
  workingDay: boolean;
  /** The events escalated by this run, with the level each is at now. */
  escalated: { eventId: number; level: number }[];
}

/** The highest level: the district (CHECK `grid_events_counts`). */
const topLevel = 2;

const levelNames = ['社区', '街道', '区'] as const;

interface ClaimedEvent {
  id: number;
  state: string;
  departmentId: number | null;
  escalationLevel: number;
  overdueEscalatedOn: string | null;
  acceptDueOn: string | null;
  closeDueOn: string | null;
  version: number;
}

/** Why an event is overdue on `day`, in the words grid centres use. */
function overdueReasons(event: ClaimedEvent, day: string, calendar: WorkingCalendar): string[] {
  const reasons: string[] = [];
  if (event.state === 'dispatched' && event.acceptDueOn !== null && event.acceptDueOn < day) {
    reasons.push(`超过受理期限${event.acceptDueOn}仍未受理`);
  }
  if (event.closeDueOn !== null && event.closeDueOn < day) {
    const late = calendar.workingDaysBetween(event.closeDueOn, day);
    reasons.push(`超过办结期限${event.closeDueOn}（已逾期${late}个工作日）`);
  }
  return reasons;
}

/**
 * Escalate the district's overdue events once for the China day of `now`.
 *
 * @throws {SansheError} FORBIDDEN when a named actor may not escalate district-wide
 */
export async function escalateOverdueEvents(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: OverdueEscalationOptions,
): Promise<OverdueEscalationResult> {
  const checkedOn = todayInChina(options.now);
  const at = options.now.toISOString();
  const actor = options.actor ?? overdueJobActor;
  const batchSize = options.batchSize ?? 100;
  const kit = createServiceKit(database, { actor, today: () => checkedOn });
  const { db, districtCode } = kit;
  kit.authorize('event.dispatch', {});

  const year = Number(checkedOn.slice(0, 4));
  // Last year too: a closing day may lie before New Year, and the days since it are counted.
  const calendar = await loadWorkingCalendar(db, districtCode, year - 1, year);
  if (!calendar.isWorkingDay(checkedOn)) return { checkedOn, workingDay: false, escalated: [] };

  const dueCondition = and(
    eq(gridEvents.districtCode, districtCode),
    inArray(gridEvents.state, ['dispatched', 'handling']),
    or(
      lt(gridEvents.closeDueOn, checkedOn),
      and(eq(gridEvents.state, 'dispatched'), lt(gridEvents.acceptDueOn, checkedOn)),
    ),
    or(isNull(gridEvents.overdueEscalatedOn), lt(gridEvents.overdueEscalatedOn, checkedOn)),
  );

  async function escalateBatch(tx: SansheDb): Promise<OverdueEscalationResult['escalated']> {
    // Claimed rows are locked until commit; rows another run (or a person's write) holds are
    // skipped, and are no longer due today once that run commits.
    const claimed: ClaimedEvent[] = await tx
      .select({
        id: gridEvents.id,
        state: gridEvents.state,
        departmentId: gridEvents.departmentId,
        escalationLevel: gridEvents.escalationLevel,
        overdueEscalatedOn: gridEvents.overdueEscalatedOn,
        acceptDueOn: gridEvents.acceptDueOn,
        closeDueOn: gridEvents.closeDueOn,
        version: gridEvents.version,
      })
      .from(gridEvents)
      .where(dueCondition)
      .orderBy(asc(gridEvents.id))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    if (claimed.length === 0) return [];
    await tx
      .update(gridEvents)
      .set({
        escalationLevel: sql`least(${gridEvents.escalationLevel} + 1, ${topLevel})`,
        overdueEscalatedOn: checkedOn,
        version: sql`${gridEvents.version} + 1`,
        updatedAt: at,
      })
      .where(
        and(
          eq(gridEvents.districtCode, districtCode),
          inArray(
            gridEvents.id,
            claimed.map((event) => event.id),
          ),
        ),
      );
    const escalated: OverdueEscalationResult['escalated'] = [];
    for (const event of claimed) {
      const state = eventLifecycle.next(event.state as EventState, 'escalate', ['eventId']);
      const level = Math.min(event.escalationLevel + 1, topLevel);
      const outcome =
        level > event.escalationLevel
          ? `升级至${levelNames[level]}督办`
          : `已在${levelNames[topLevel]}级督办，再次提醒`;
      const reasons = overdueReasons(event, checkedOn, calendar).join('；');
      const note = `超时自动升级：${reasons}；${outcome}。`;
      await appendEventStep(tx, districtCode, actor, {
        eventId: event.id,
        step: 'escalate',
        fromState: state,
        toState: state,
        departmentId: event.departmentId,
        note,
        at,
      });
      // A dispatched or handled event has its department (CHECK grid_events_dispatched).
      await noticeDepartment(tx, districtCode, {
        departmentId: event.departmentId!,
        kind: 'overdue',
        eventId: event.id,
        message: `事件${event.id}${reasons}；${outcome}，请尽快办理。`,
      });
      await kit.audit(tx, {
        action: 'grid_event.escalate',
        entityType: 'grid_event',
        entityId: event.id,
        before: {
          escalationLevel: event.escalationLevel,
          overdueEscalatedOn: event.overdueEscalatedOn,
          version: event.version,
        },
        after: { escalationLevel: level, overdueEscalatedOn: checkedOn, version: event.version + 1 },
        reason: note,
      });
      escalated.push({ eventId: event.id, level });
    }
    return escalated;
  }

  const escalated: OverdueEscalationResult['escalated'] = [];
  for (;;) {
    const batch = await db.transaction(escalateBatch);
    escalated.push(...batch);
    if (batch.length < batchSize) break;
  }
  return { checkedOn, workingDay: true, escalated };
}
