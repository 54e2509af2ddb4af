import type { DistrictDatabase } from '@sanshe/core';
import { Repeater } from 'graphql-yoga';

/**
 * What the database announces when a grid event is reported or moves (migration
 * `…_grid_events_notify`, channel `sanshe_grid_events`): the routing facts of the committed row,
 * never its text. A notice is a hint to read the event with the reader's own visibility, never
 * the event itself.
 */
export interface GridEventNotice {
  districtCode: string;
  id: number;
  version: number;
  operation: 'insert' | 'update';
  state: string;
  previousState: string | null;
  unitCode: string;
  departmentId: number | null;
  previousDepartmentId: number | null;
  reportedBy: string;
}

export const gridEventChannel = 'sanshe_grid_events';

/** A subscriber's notices wait here at most this many deep; beyond, the oldest are dropped. */
const maxQueued = 1_000;

interface Feed {
  subscribers: Set<(notice: GridEventNotice) => void>;
  /** The database's LISTEN, started with the first subscriber and stopped after the last. */
  listening?: Promise<() => Promise<void>>;
}

const feeds = new WeakMap<DistrictDatabase, Feed>();

function parseNotice(payload: string): GridEventNotice | undefined {
  try {
    const notice = JSON.parse(payload) as GridEventNotice;
    return typeof notice.id === 'number' && typeof notice.districtCode === 'string' ? notice : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The grid-event notices of one district database, for as long as the caller iterates: one
 * LISTEN per database in this process, shared by every subscriber of it, so a thousand
 * subscribed screens cost one connection. Notices committed by any process writing the database
 * (another gateway, the overdue job, an import) arrive alike.
 */
export function gridEventNotices(database: DistrictDatabase): AsyncIterable<GridEventNotice> {
  let feed = feeds.get(database);
  if (!feed) {
    feed = { subscribers: new Set() };
    feeds.set(database, feed);
  }
  const shared = feed;
  return new Repeater<GridEventNotice>(async (push, stop) => {
    let queued = 0;
    const deliver = (notice: GridEventNotice) => {
      // A subscriber that cannot keep up loses the oldest hints rather than the process's memory.
      if (queued >= maxQueued) return;
      queued += 1;
      void push(notice).then(
        () => {
          queued -= 1;
        },
        () => undefined,
      );
    };
    shared.subscribers.add(deliver);
    shared.listening ??= database.listen(gridEventChannel, (payload) => {
      const notice = parseNotice(payload);
      if (!notice) return;
      for (const subscriber of shared.subscribers) subscriber(notice);
    });
    try {
      await shared.listening;
    } catch (error) {
      shared.subscribers.delete(deliver);
      shared.listening = undefined;
      stop(error);
      return;
    }
    await stop;
    shared.subscribers.delete(deliver);
    if (shared.subscribers.size === 0 && shared.listening) {
      const listening = shared.listening;
      shared.listening = undefined;
      await (await listening)();
    }
  });
}
