/**
 * Events in the state and with the deadlines an overdue suite needs, in the grid district
 * (fixture.ts). Not a test file. Written as rows, the way the database lets them move: inserted
 * collected, then moved along the lifecycle's legal transitions by UPDATEs (the trigger of
 * `…_grid_management_consultation_invariants` refuses any other move), so the suites of the
 * overdue job do not depend on the event service's own rules.
 */
import { and, eq } from 'drizzle-orm';
import type { SansheDb } from '../../src/database/district-database.js';
import { departmentNotices, gridEventSteps, gridEvents } from '../../src/schema/index.js';
import { DISTRICT, GRID_1, type GridDistrict } from './fixture.js';

export interface OverdueEventSpec {
  /** Where it stands: dispatched (not accepted), handling (accepted), fed_back or closed; collected by default. */
  state?: 'collected' | 'dispatched' | 'handling' | 'fed_back' | 'closed';
  acceptDueOn?: string;
  closeDueOn?: string;
  escalationLevel?: number;
  departmentId?: number;
  title?: string;
}

/** Insert an event and move it to `spec.state`; returns its id. */
export async function insertEvent(
  d: GridDistrict,
  spec: OverdueEventSpec = {},
  db: SansheDb = d.database.db,
) {
  const [row] = await db
    .insert(gridEvents)
    .values({
      districtCode: DISTRICT,
      gridId: d.grids.grid1,
      communityId: d.communities.shishan,
      unitCode: GRID_1,
      categoryCode: 'E0502',
      urgency: 'routine',
      title: spec.title ?? '占道经营',
      description: '菜市场门口占道摆摊',
      source: 'patrol',
      reportedBy: d.actors.gridWorker.id,
      reporterRole: 'GRID_WORKER',
      reportedAt: '2026-02-12T09:00:00+08:00',
      state: 'collected',
      escalationLevel: spec.escalationLevel ?? 0,
    })
    .returning({ id: gridEvents.id });
  const id = row!.id;
  const move = (values: Partial<typeof gridEvents.$inferInsert>) =>
    db
      .update(gridEvents)
      .set(values)
      .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, id)));
  const state = spec.state ?? 'collected';
  if (state === 'collected') return id;
  await move({
    state: 'dispatched',
    departmentId: spec.departmentId ?? d.departments.cg,
    dispatchedAt: '2026-02-13T09:00:00+08:00',
    acceptDueOn: spec.acceptDueOn ?? '2026-02-14',
    closeDueOn: spec.closeDueOn ?? '2026-02-27',
  });
  if (state === 'dispatched') return id;
  await move({ state: 'handling', acceptedAt: '2026-02-14T09:00:00+08:00', handledBy: d.actors.cg.id });
  if (state === 'handling') return id;
  await move({ state: 'fed_back', fedBackAt: '2026-02-26T09:00:00+08:00' });
  if (state === 'fed_back') return id;
  await move({ state: 'closed', verifiedBy: d.actors.gridHead.id, closedAt: '2026-02-27T09:00:00+08:00' });
  return id;
}

/** The event's row. */
export async function eventRow(d: GridDistrict, id: number) {
  const [row] = await d.database.db
    .select()
    .from(gridEvents)
    .where(and(eq(gridEvents.districtCode, DISTRICT), eq(gridEvents.id, id)));
  return row!;
}

/** The event's steps, oldest first. */
export async function stepsOf(d: GridDistrict, id: number) {
  return d.database.db
    .select()
    .from(gridEventSteps)
    .where(and(eq(gridEventSteps.districtCode, DISTRICT), eq(gridEventSteps.eventId, id)))
    .orderBy(gridEventSteps.id);
}

/** The notices about the event, oldest first. */
export async function noticesOf(d: GridDistrict, id: number) {
  return d.database.db
    .select()
    .from(departmentNotices)
    .where(and(eq(departmentNotices.districtCode, DISTRICT), eq(departmentNotices.eventId, id)))
    .orderBy(departmentNotices.id);
}

/** 10:00 in China on a day. */
export function at10(day: string): Date {
  return new Date(`${day}T10:00:00+08:00`);
}
