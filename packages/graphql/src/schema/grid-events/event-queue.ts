import { type eventStates, SansheError } from '@sanshe/core';
import { Repeater } from 'graphql-yoga';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { encodeGlobalId } from '../../global-id.js';
import { filterLocalIdOf } from '../local-id.js';
import { GridEventStateEnum } from './grid-event-enums.js';
import { type GridEventNotice, gridEventNotices } from './grid-event-feed.js';
import { GridEventRef } from './grid-event-nodes.js';

/**
 * Live queues (docs/domain.md §7.10): a grid centre's, a department's or a resident's screen
 * subscribes to the events entering, moving in or leaving its queue, over server-sent events
 * (GraphQL over SSE: `POST /graphql` with `Accept: text/event-stream`, or GET). Each change is
 * read again with the subscriber's own visibility before it is sent: a notice about an event the
 * caller may not see is dropped, and what is sent is the event as the caller would read it. A
 * city gateway subscribes to every district it serves and merges their changes.
 */

builder.subscriptionType({
  description:
    'Live changes over server-sent events (POST or GET /graphql with Accept: text/event-stream), each scoped to what the caller may see.',
});

type EventStateName = keyof typeof eventStates;

const GridEventQueueFilterInput = builder.inputType('GridEventQueueFilter', {
  description: 'Which queue to follow. Every field is optional; together they narrow.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    unitCode: t.string({
      description: 'Events of this unit: a subdistrict, community or grid code (a grid centre’s area).',
    }),
    departmentId: t.id({ description: 'Events routed to this Department (a department’s inbox).' }),
    states: t.field({ type: [GridEventStateEnum], description: 'Events in one of these states.' }),
  }),
});

const GridEventChangeKindEnum = builder.enumType('GridEventChangeKind', {
  description: 'What happened to the event, as seen from the queue followed.',
  values: {
    ENTERED: {
      description:
        'Reported into the queue, or moved into it (dispatched to the department, re-routed to it, a state followed).',
    },
    CHANGED: { description: 'Moved within the queue: accepted, fed back, escalated, extended, rated …' },
    LEFT: { description: 'Moved out of the queue: re-routed away, given back, into a state not followed.' },
  },
});

interface GridEventChange {
  notice: GridEventNotice;
  kind: 'ENTERED' | 'CHANGED' | 'LEFT';
}

const GridEventChangeRef = builder.objectRef<GridEventChange>('GridEventChange').implement({
  description: 'One committed change of a grid event in a followed queue.',
  fields: (t) => ({
    kind: t.field({ type: GridEventChangeKindEnum, resolve: (change) => change.kind }),
    eventId: t.id({
      description: 'The GridEvent’s global ID.',
      resolve: (change) => encodeGlobalId('GridEvent', change.notice.districtCode, change.notice.id),
    }),
    version: t.int({
      description: 'The event’s version after the change.',
      resolve: (change) => change.notice.version,
    }),
    state: t.field({
      type: GridEventStateEnum,
      resolve: (change) => change.notice.state as EventStateName,
    }),
    previousState: t.field({
      type: GridEventStateEnum,
      nullable: true,
      description: 'Null for a new report.',
      resolve: (change) => change.notice.previousState as EventStateName | null,
    }),
    event: t.field({
      type: GridEventRef,
      description: 'The event as the subscriber may read it now.',
      resolve: (change) => ({ districtCode: change.notice.districtCode, id: change.notice.id }) as never,
    }),
  }),
});

interface QueueFilter {
  unitCode: string | null;
  departmentId: number | null;
  states: readonly string[] | null;
}

/** Whether the event was in the followed queue before the change, and is after it. */
function placeInQueue(notice: GridEventNotice, filter: QueueFilter): { before: boolean; after: boolean } {
  const inUnit = filter.unitCode === null || notice.unitCode.startsWith(filter.unitCode);
  const after =
    inUnit &&
    (filter.departmentId === null || notice.departmentId === filter.departmentId) &&
    (filter.states === null || filter.states.includes(notice.state));
  const before =
    notice.operation === 'update' &&
    inUnit &&
    (filter.departmentId === null || notice.previousDepartmentId === filter.departmentId) &&
    (filter.states === null ||
      (notice.previousState !== null && filter.states.includes(notice.previousState)));
  return { before, after };
}

type QueueArgs = {
  filter?: {
    districtCode?: string | null;
    unitCode?: string | null;
    departmentId?: string | number | null;
    states?: readonly string[] | null;
  } | null;
};

/** The subscriber's filter in local terms, or null when it names another district (nothing here). */
function queueFilterOf(args: QueueArgs, ctx: DistrictContext): QueueFilter | null {
  const { districtCode } = ctx.district;
  const filter = args.filter;
  if (filter?.districtCode != null && filter.districtCode !== districtCode) return null;
  const unitCode = filter?.unitCode ?? null;
  if (unitCode !== null && !/^\d{6}(\d{3}(\d{3}(\d{1,6})?)?)?$/.test(unitCode)) {
    throw new SansheError(
      'INVALID_DIVISION_CODE',
      'unitCode is a district, subdistrict, community or grid code.',
      {
        path: ['filter', 'unitCode'],
      },
    );
  }
  if (unitCode !== null && !unitCode.startsWith(districtCode)) return null;
  const departmentId = filterLocalIdOf(
    filter?.departmentId == null ? null : String(filter.departmentId),
    'Department',
    districtCode,
    ['filter', 'departmentId'],
  );
  if (departmentId === undefined) return null;
  return { unitCode, departmentId, states: filter?.states ?? null };
}

builder.subscriptionField('gridEventChanges', (t) =>
  t.field({
    type: GridEventChangeRef,
    description:
      'The changes of the grid events in a queue, as they are committed: reported, dispatched, accepted, fed back, closed, re-routed, escalated, reopened … Each is sent only when the caller may see the event.',
    args: { filter: t.arg({ type: GridEventQueueFilterInput }) },
    extensions: routeExtension({ kind: 'fanOutSubscription', filterArg: 'filter' }),
    subscribe: (_root, args, ctx) => {
      const filter = queueFilterOf(args as QueueArgs, ctx);
      if (!filter) return new Repeater<GridEventChange>(async (_push, stop) => void (await stop));
      const notices = gridEventNotices(ctx.district);
      return new Repeater<GridEventChange>(async (push, stop) => {
        const iterator = notices[Symbol.asyncIterator]();
        stop.then(() => iterator.return?.());
        for (;;) {
          const next = await Promise.race([iterator.next(), stop.then(() => undefined)]);
          if (!next || next.done) break;
          const notice = next.value;
          if (notice.districtCode !== ctx.district.districtCode) continue;
          const { before, after } = placeInQueue(notice, filter);
          if (!before && !after) continue;
          // Read it as the subscriber may: a hidden event is never announced, not even its id.
          const visible = await ctx.gridEvents.eventById(notice.id).catch(() => null);
          if (!visible) continue;
          await push({ notice, kind: before && after ? 'CHANGED' : after ? 'ENTERED' : 'LEFT' });
        }
        stop();
      });
    },
    resolve: (change) => change,
  }),
);
