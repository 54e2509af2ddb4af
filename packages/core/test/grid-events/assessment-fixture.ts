/**
 * Grid events written as rows for the summons, assessment and indicator suites. Not a test file.
 * The event service has its own suites; here an event is inserted collected and moved with
 * UPDATEs along the legal moves only (the database trigger `grid_events_transition` refuses any
 * other), with the timestamps, late flags and rating each suite counts, and one step row per move,
 * as the event service writes them (`appendEventStep`).
 */
import { and, eq } from 'drizzle-orm';
import type { SansheDb } from '../../src/database/district-database.js';
import type { EventState } from '../../src/grid-events/event-lifecycle.js';
import { gridEventSteps, gridEvents } from '../../src/schema/index.js';
import { DISTRICT, FENGQIAO_GRID, GRID_1, GRID_2, type GridDistrict } from './fixture.js';

export type GridName = 'grid1' | 'grid2' | 'fengqiao';

export const gridCodes: Record<GridName, string> = {
  grid1: GRID_1,
  grid2: GRID_2,
  fengqiao: FENGQIAO_GRID,
};

export interface EventRow {
  grid: GridName;
  /** Where the event ends up. */
  state: EventState;
  categoryCode?: string;
  reportedAt: string;
  reportedBy?: string;
  reporterRole?: string;
  departmentId?: number | null;
  dispatchedAt?: string;
  acceptDueOn?: string;
  closeDueOn?: string;
  acceptedAt?: string | null;
  acceptedLate?: boolean | null;
  handledBy?: string;
  fedBackAt?: string;
  verifiedBy?: string;
  closedAt?: string | null;
  closedLate?: boolean | null;
  /** A first closure and its reopening, before the event goes on to `state`. */
  reopened?: { closedAt: string; reopenedAt: string };
  satisfaction?: number | null;
  ratedAt?: string | null;
}

const forward: EventState[] = ['collected', 'dispatched', 'handling', 'fed_back', 'closed'];
const stepInto: Record<EventState, string> = {
  collected: 'report',
  dispatched: 'dispatch',
  handling: 'accept',
  fed_back: 'feedBack',
  closed: 'close',
};

/** Insert an event collected and move it to `row.state`; returns its id. */
export async function insertEvent(d: GridDistrict, row: EventRow): Promise<number> {
  const db: SansheDb = d.database.db;
  const gridId = d.grids[row.grid];
  const communityId = row.grid === 'fengqiao' ? d.communities.fengqiao : d.communities.shishan;
  const dispatched = forward.indexOf(row.state) >= 1 || row.reopened !== undefined;
  const [event] = await db
    .insert(gridEvents)
    .values({
      districtCode: DISTRICT,
      gridId,
      communityId,
      unitCode: gridCodes[row.grid],
      categoryCode: row.categoryCode ?? 'E0503',
      urgency: 'routine',
      title: '机动车乱停放',
      description: '小区门口机动车乱停放，堵塞消防通道。',
      source: 'patrol',
      reportedBy: row.reportedBy ?? 'wg-ss-01',
      reporterRole: row.reporterRole ?? 'GRID_WORKER',
      reportedAt: row.reportedAt,
      state: 'collected',
    })
    .returning({ id: gridEvents.id });
  const id = event!.id;
  const step = (name: string, from: EventState | null, to: EventState, at: string) =>
    db.insert(gridEventSteps).values({
      districtCode: DISTRICT,
      eventId: id,
      step: name,
      fromState: from,
      toState: to,
      actorId: 'fixture',
      actorRole: 'SYSTEM',
      departmentId: to === 'collected' ? null : (row.departmentId ?? null),
      at,
    });
  await step('report', null, 'collected', row.reportedAt);
  const move = async (to: EventState, from: EventState, at: string) => {
    await db
      .update(gridEvents)
      .set({ state: to })
      .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, id)));
    await step(stepInto[to], from, to, at);
  };
  const dispatchedAt = row.dispatchedAt ?? row.reportedAt;
  if (dispatched) {
    // The CHECK grid_events_dispatched: a department and a closing day before leaving `collected`.
    await db
      .update(gridEvents)
      .set({
        departmentId: row.departmentId ?? d.departments.sszf,
        dispatchedAt,
        acceptDueOn: row.acceptDueOn ?? dispatchedAt.slice(0, 10),
        closeDueOn: row.closeDueOn ?? dispatchedAt.slice(0, 10),
      })
      .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, id)));
  }
  const path: [EventState, string][] = [];
  const through = (target: EventState, times: Partial<Record<EventState, string>>) => {
    const from = path.length === 0 ? 'collected' : path.at(-1)![0];
    for (let i = forward.indexOf(from) + 1; i <= forward.indexOf(target); i++) {
      const state = forward[i]!;
      path.push([state, times[state] ?? path.at(-1)?.[1] ?? dispatchedAt]);
    }
  };
  const times = {
    dispatched: dispatchedAt,
    handling: row.acceptedAt ?? dispatchedAt,
    fed_back: row.fedBackAt ?? row.acceptedAt ?? dispatchedAt,
  };
  if (row.reopened) {
    through('closed', { ...times, closed: row.reopened.closedAt });
    path.push(['dispatched', row.reopened.reopenedAt]);
  }
  through(row.state, { ...times, closed: row.closedAt ?? undefined });
  let from: EventState = 'collected';
  for (const [to, at] of path) {
    if (from === 'closed' && to === 'dispatched') {
      await db
        .update(gridEvents)
        .set({ state: to })
        .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, id)));
      await step('reopen', from, to, at);
    } else {
      await move(to, from, at);
    }
    from = to;
  }
  await db
    .update(gridEvents)
    .set({
      acceptedAt: row.acceptedAt ?? null,
      acceptedLate: row.acceptedLate ?? null,
      handledBy: row.handledBy ?? (forward.indexOf(row.state) >= 3 ? 'sszf-01' : null),
      fedBackAt: row.fedBackAt ?? null,
      verifiedBy: row.verifiedBy ?? (row.state === 'closed' ? 'sq-ss-01' : null),
      closedAt: row.closedAt ?? null,
      closedLate: row.closedLate ?? null,
      reopenCount: row.reopened ? 1 : 0,
      satisfaction: row.satisfaction ?? null,
      ratedAt: row.ratedAt ?? null,
    })
    .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, id)));
  return id;
}

/** An instant in China time: `at('2026-02-10', '09:00')`. */
export function at(day: string, time = '09:00'): string {
  return new Date(`${day}T${time}:00+08:00`).toISOString();
}
