/**
 * Shared pieces of the grid event suites (events-*.test.ts). Not a test file: vitest collects
 * only `*.test.ts`. They stand on the grid district of fixture.ts and drive events through the
 * service under test, as the actors of the fixture, on a clock each call sets.
 */
import type { Actor } from '../../src/access/index.js';
import type { EventState } from '../../src/grid-events/event-lifecycle.js';
import { createGridEventService, type GridEventService } from '../../src/grid-events/event-service.js';
import type { ReportEventInput } from '../../src/grid-events/event-types.js';
import type { GridEvent } from '../../src/schema/index.js';
import { createGridDistrict, type GridDistrict, NOW, points, TODAY } from './fixture.js';

export interface EventDistrict extends GridDistrict {
  /** The event service acting as `actor` (the district admin by default), on `day` at `time` China time. */
  as(actor?: Actor, day?: string, time?: string): GridEventService;
}

/** The instant of `time` (HH:MM) on `day` in China. */
export function chinaInstant(day: string, time = '10:00'): Date {
  return new Date(`${day}T${time}:00+08:00`);
}

export async function createEventDistrict(): Promise<EventDistrict> {
  const d = await createGridDistrict();
  return {
    ...d,
    as(actor = d.actors.admin, day = TODAY, time?: string) {
      const now = day === TODAY && time === undefined ? NOW : chinaInstant(day, time);
      return createGridEventService(d.database, { actor, today: () => day, now: () => now });
    },
  };
}

/** A routine report of exposed rubbish (E0101, routed to 城市管理局) at a point of 网格一. */
export function rubbish(overrides: Partial<ReportEventInput> = {}): ReportEventInput {
  return {
    ...points.grid1,
    categoryCode: 'E0101',
    urgency: 'routine',
    title: '狮山路垃圾暴露',
    description: '狮山路 12 号门口生活垃圾堆放两天未清运。',
    source: 'resident',
    ...overrides,
  };
}

/**
 * An event brought to `state` along the five-step loop on `day`: reported by the resident,
 * dispatched by the centre (routed to 城市管理局), accepted and fed back by its staff cg-01, and
 * closed by the grid head of 网格一.
 */
export async function eventIn(
  d: EventDistrict,
  state: EventState,
  day = TODAY,
  input: Partial<ReportEventInput> = {},
): Promise<GridEvent> {
  const order: EventState[] = ['collected', 'dispatched', 'handling', 'fed_back', 'closed'];
  const steps = order.indexOf(state);
  let event = await d.as(d.actors.resident, day, '08:00').report(rubbish(input));
  if (steps >= 1) event = await d.as(d.actors.centre, day, '09:00').dispatch({ eventId: event.id });
  if (steps >= 2) event = await d.as(d.actors.cg, day, '09:30').accept({ eventId: event.id });
  if (steps >= 3) {
    event = await d.as(d.actors.cg, day, '11:00').feedBack({ eventId: event.id, result: '已清运。' });
  }
  if (steps >= 4) event = await d.as(d.actors.gridHead, day, '15:00').close({ eventId: event.id });
  return event;
}
