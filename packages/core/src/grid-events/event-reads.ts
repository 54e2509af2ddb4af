import { and, asc, desc, eq } from 'drizzle-orm';
import { visibleDepartmentNotices, visibleGridEvents } from '../access/grid-event-visibility.js';
import { parseListPage } from '../needs/need-filter-rules.js';
import {
  type DepartmentNotice,
  departmentNotices,
  type GridEvent,
  type GridEventStep,
  gridEventSteps,
  gridEvents,
} from '../schema/grid-events.js';
import { isLocalId } from '../services/service-kit.js';
import type { GridEventContext } from './event-context.js';
import { eventCondition, parseEventFilter } from './event-filter.js';
import type { EventFilter, EventPageInput } from './event-types.js';

/**
 * Reads of grid events, outside any write's transaction, through the caller's read rule
 * (access/grid-event-visibility.ts): an event the caller cannot see is absent, and so are its steps.
 */
export function createEventReads(ctx: GridEventContext) {
  const { kit, db, districtCode, actor } = ctx;

  async function eventById(id: number): Promise<GridEvent | undefined> {
    if (!isLocalId(id)) return undefined;
    const [row] = await db
      .select()
      .from(gridEvents)
      .where(
        and(
          eq(gridEvents.districtCode, districtCode),
          eq(gridEvents.id, id),
          visibleGridEvents(actor, districtCode, gridEvents),
        ),
      );
    return row;
  }

  return {
    /** One event by local id, or undefined when there is none the caller may see. */
    eventById,

    /**
     * The events matching the filter that the caller may see, newest report first, a page at a
     * time (`limit` default 100, at most 500; `offset`).
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, INVALID_DIVISION_CODE, INVALID_GRID_CODE,
     *   VALIDATION_FAILED, INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async events(
      filter: EventFilter | null = null,
      page: EventPageInput | null = null,
    ): Promise<GridEvent[]> {
      const parsed = kit.unwrap(parseEventFilter(filter));
      const { limit, offset } = kit.unwrap(parseListPage(page, { path: ['page'] }));
      return db
        .select()
        .from(gridEvents)
        .where(
          and(
            eventCondition(districtCode, parsed, { today: kit.today(), actorId: actor.id }),
            visibleGridEvents(actor, districtCode, gridEvents),
          ),
        )
        .orderBy(desc(gridEvents.reportedAt), desc(gridEvents.id))
        .limit(limit)
        .offset(offset);
    },

    /** The steps of an event the caller may see, in order (its 流转记录); empty otherwise. */
    async stepsOf(eventId: number): Promise<GridEventStep[]> {
      if (!(await eventById(eventId))) return [];
      return db
        .select()
        .from(gridEventSteps)
        .where(and(eq(gridEventSteps.districtCode, districtCode), eq(gridEventSteps.eventId, eventId)))
        .orderBy(asc(gridEventSteps.id));
    },

    /** A department's notices, newest first, when the caller may read its inbox; empty otherwise. */
    noticesOf(departmentId: number): Promise<DepartmentNotice[]> {
      if (!isLocalId(departmentId)) return Promise.resolve([]);
      return db
        .select()
        .from(departmentNotices)
        .where(
          and(
            eq(departmentNotices.districtCode, districtCode),
            eq(departmentNotices.departmentId, departmentId),
            visibleDepartmentNotices(actor, districtCode, departmentNotices),
          ),
        )
        .orderBy(desc(departmentNotices.createdAt), desc(departmentNotices.id));
    },
  };
}
