/**
 * Every (state, move) pair of a grid event against the service (docs/domain.md §7.7): the legal
 * ones, written out here from the five-step loop and the moves the practice adds, succeed and
 * lead where the loop says; every other one is refused with EVENT_TRANSITION_NOT_ALLOWED and
 * changes nothing (a snapshot of every table before and after). The table is the domain's, not
 * read from the machine, so a machine or a service that strays from it fails here.
 *
 * The moves are made by the district admin, who may take any of them in any unit and acts for
 * any department (so only the state can refuse), except the rating, which is the reporter's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMove } from '../../src/grid-events/event-context.js';
import { type EventState, eventLifecycle } from '../../src/grid-events/event-lifecycle.js';
import type { GridEvent } from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import { createEventDistrict, type EventDistrict, eventIn } from './events-helpers.js';
import { expectRefused } from './fixture.js';

const states: EventState[] = ['collected', 'dispatched', 'handling', 'fed_back', 'closed'];

/**
 * The legal moves: from which states, to which state (escalation and extension change the event in
 * place, whatever state it is in, and name none).
 */
const legal: Record<EventMove, { from: EventState[]; to?: EventState }> = {
  dispatch: { from: ['collected'], to: 'dispatched' },
  accept: { from: ['dispatched'], to: 'handling' },
  giveBack: { from: ['dispatched', 'handling'], to: 'collected' },
  feedBack: { from: ['handling'], to: 'fed_back' },
  close: { from: ['fed_back'], to: 'closed' },
  reject: { from: ['fed_back'], to: 'handling' },
  reroute: { from: ['dispatched', 'handling'], to: 'dispatched' },
  recategorise: { from: ['collected'], to: 'collected' },
  escalate: { from: ['collected', 'dispatched', 'handling'] },
  extend: { from: ['dispatched', 'handling'] },
  reopen: { from: ['closed'], to: 'dispatched' },
  rate: { from: ['closed'], to: 'closed' },
};
const moves = Object.keys(legal) as EventMove[];

let d: EventDistrict;

beforeAll(async () => {
  d = await createEventDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

/** Take `move` on the event with a valid input, as whoever may. */
function take(move: EventMove, event: GridEvent): Promise<GridEvent> {
  const admin = d.as(d.actors.admin);
  const eventId = event.id;
  switch (move) {
    case 'dispatch':
      return admin.dispatch({ eventId });
    case 'accept':
      return admin.accept({ eventId });
    case 'giveBack':
      return admin.giveBack({ eventId, reason: '不属本部门职责' });
    case 'feedBack':
      return admin.feedBack({ eventId, result: '已处理。' });
    case 'close':
      return admin.close({ eventId });
    case 'reject':
      return admin.reject({ eventId, reason: '未处理到位' });
    case 'reroute':
      return admin.reroute({ eventId, departmentId: d.departments.zj, reason: '改由住建局办理' });
    case 'recategorise':
      return admin.recategorise({ eventId, categoryCode: 'E0102' });
    case 'escalate':
      return admin.escalate({ eventId, reason: '需街道协调' });
    case 'extend':
      return admin.extend({ eventId, workingDays: 10, reason: '经批准延期' });
    case 'reopen':
      return admin.reopen({ eventId, reason: '问题复发' });
    case 'rate':
      return d.as(d.actors.resident).rate({ eventId, satisfaction: 5, confirmed: true });
  }
}

describe('the transition table of a grid event', () => {
  it('the machine declares exactly the legal table', () => {
    for (const move of moves) {
      expect(eventLifecycle.transitions[move].from, move).toEqual(legal[move].from);
      expect(eventLifecycle.transitions[move].to, move).toEqual(legal[move].to);
    }
  });

  it('every legal pair succeeds and leads where the loop says; every illegal one is refused and changes nothing', async () => {
    // One event in each state for the refusals (a refusal leaves it as it was).
    const standing = new Map<EventState, GridEvent>();
    for (const state of states) standing.set(state, await eventIn(d, state));

    let legalTested = 0;
    let illegalTested = 0;
    for (const state of states) {
      for (const move of moves) {
        if (legal[move].from.includes(state)) {
          const event = await eventIn(d, state);
          const after = await take(move, event);
          expect([state, move, after.state]).toEqual([state, move, legal[move].to ?? state]);
          expect(after.version).toBe(event.version + 1);
          const steps = await d.as().stepsOf(event.id);
          expect(steps.at(-1), `${state} ${move}`).toMatchObject({ step: move, fromState: state });
          legalTested += 1;
        } else {
          const event = standing.get(state)!;
          const before = await snapshotDatabase(d.database);
          const error = await expectRefused(
            d.database,
            () => take(move, event),
            { code: 'EVENT_TRANSITION_NOT_ALLOWED', path: ['input', 'eventId'] },
            before,
          );
          expect(error.details, `${state} ${move}`).toMatchObject({ state, event: move });
          illegalTested += 1;
        }
      }
    }
    // The closing note of issue 20 quotes these numbers.
    console.info(`grid event transitions tested: ${legalTested} legal, ${illegalTested} illegal`);
    expect([legalTested, illegalTested]).toEqual([17, 43]);
  });
});
