/**
 * The pure rules of consultation (docs/domain.md §8): adoption by more than half of the votes cast
 * (local practice after 城市居民委员会组织法 第十条), when an outcome may be implemented and reported
 * back, and the outcome's state machine, every (state, step) pair of it.
 */
import { describe, expect, it } from 'vitest';
import {
  implementation,
  isOverdue,
  lastDoneOn,
  type OutcomeState,
  type OutcomeStep,
  outcomeAdoption,
  outcomeLifecycle,
  outcomeStates,
  parseMeetingInput,
  reportingBack,
  requireResidentsRepresented,
  votesCast,
} from '../../src/consultation/index.js';
import { SansheError } from '../../src/errors/index.js';

describe('adoption: more than half of the votes cast (过半数)', () => {
  it.each([
    [16, 15, 0, 'adopted'],
    [15, 15, 0, 'not_adopted'],
    [15, 14, 2, 'not_adopted'],
    [16, 14, 1, 'adopted'],
    [1, 0, 0, 'adopted'],
    [0, 0, 1, 'not_adopted'],
    [0, 0, 0, 'not_adopted'],
  ] as const)('%i for, %i against, %i abstaining: %s', (votesFor, votesAgainst, abstentions, expected) => {
    expect(outcomeAdoption({ votesFor, votesAgainst, abstentions })).toBe(expected);
    expect(votesCast({ votesFor, votesAgainst, abstentions })).toBe(votesFor + votesAgainst + abstentions);
  });

  it('is decided from the votes when the input is parsed, never taken from the caller', () => {
    const parsed = parseMeetingInput({
      communityId: 1,
      title: '议事会',
      form: 'hearing',
      heldOn: '2026-01-01',
      place: '社区活动室',
      participants: [{ kind: 'residents_representative', headcount: 9 }],
      topics: [
        {
          title: '绿化调整',
          source: 'proposal',
          outcomes: [
            { text: '甲', votesFor: 5, votesAgainst: 4 },
            { text: '乙', votesFor: 4, votesAgainst: 4, abstentions: 1 },
          ],
        },
      ],
    });
    expect(parsed.topics[0]!.outcomes.map((o) => o.state)).toEqual(['adopted', 'not_adopted']);
  });
});

describe("residents' representatives", () => {
  it('are required among the participants', () => {
    expect(() => requireResidentsRepresented([{ kind: 'residents_representative' }], ['p'])).not.toThrow();
    expect(() =>
      requireResidentsRepresented([{ kind: 'owners_committee' }, { kind: 'deputy' }], ['p']),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', path: ['p'] }));
  });
});

describe('implementation and report back', () => {
  const done = (id: number, doneOn: string) => ({ id, doneOn });
  const open = (id: number) => ({ id, doneOn: null });

  it('implements an adopted outcome whose tasks are all done, at least one', () => {
    expect(
      implementation({ id: 1, state: 'adopted' }, [done(1, '2026-01-02'), done(2, '2026-01-05')], []),
    ).toBe('implemented');
    expect(lastDoneOn([done(1, '2026-01-02'), done(2, '2026-01-05'), open(3)])).toBe('2026-01-05');
    expect(lastDoneOn([open(3)])).toBeNull();
  });

  it.each([
    ['adopted', [], 'OUTCOME_TASKS_OPEN', { openTaskIds: [], tasks: 0 }],
    [
      'adopted',
      [
        { id: 7, doneOn: null },
        { id: 8, doneOn: '2026-01-01' },
      ],
      'OUTCOME_TASKS_OPEN',
      { openTaskIds: [7], tasks: 2 },
    ],
    ['not_adopted', [], 'STATUS_NOT_ALLOWED', { state: 'not_adopted', event: 'implement' }],
    ['implemented', [{ id: 8, doneOn: '2026-01-01' }], 'STATUS_NOT_ALLOWED', { state: 'implemented' }],
  ] as const)('refuses implementing from %s with tasks %j: %s', (state, tasks, code, details) => {
    expect(() => implementation({ id: 1, state }, tasks, ['input', 'outcomeId'])).toThrow(
      expect.objectContaining({
        code,
        path: ['input', 'outcomeId'],
        details: expect.objectContaining(details),
      }),
    );
  });

  it('reports back only what is implemented, once; before, the open tasks are named', () => {
    expect(reportingBack({ id: 1, state: 'implemented' }, [done(1, '2026-01-02')], [])).toBe('reported_back');
    expect(() => reportingBack({ id: 1, state: 'adopted' }, [open(4), done(5, '2026-01-02')], ['x'])).toThrow(
      expect.objectContaining({
        code: 'OUTCOME_TASKS_OPEN',
        details: expect.objectContaining({ openTaskIds: [4] }),
      }),
    );
    for (const state of ['not_adopted', 'reported_back'] as const) {
      expect(() => reportingBack({ id: 1, state }, [], ['x'])).toThrow(
        expect.objectContaining({ code: 'STATUS_NOT_ALLOWED' }),
      );
    }
  });

  it('an unknown stored state is a fault of the data, not a refusal', () => {
    expect(() => implementation({ id: 1, state: 'archived' }, [], [])).toThrow(/unknown state archived/);
    expect(() => implementation({ id: 1, state: 'archived' }, [], [])).not.toThrow(SansheError);
  });

  it('a task is overdue when not done after its due day', () => {
    expect(isOverdue({ dueOn: '2026-02-27', doneOn: null }, '2026-03-02')).toBe(true);
    expect(isOverdue({ dueOn: '2026-03-02', doneOn: null }, '2026-03-02')).toBe(false);
    expect(isOverdue({ dueOn: '2026-02-27', doneOn: '2026-03-01' }, '2026-03-02')).toBe(false);
  });
});

describe('the outcome state machine: every (state, step) pair', () => {
  const legal: Record<OutcomeStep, Partial<Record<OutcomeState, OutcomeState>>> = {
    addTask: { adopted: 'adopted' },
    implement: { adopted: 'implemented' },
    reportBack: { implemented: 'reported_back' },
  };
  const states = Object.keys(outcomeStates) as OutcomeState[];
  const steps = Object.keys(outcomeLifecycle.transitions) as OutcomeStep[];

  it('covers 4 states × 3 steps: 3 legal, 9 refused with STATUS_NOT_ALLOWED', () => {
    let legalCount = 0;
    let refusedCount = 0;
    for (const state of states) {
      for (const step of steps) {
        const expected = legal[step][state];
        if (expected) {
          expect(outcomeLifecycle.next(state, step)).toBe(expected);
          legalCount++;
        } else {
          expect(() => outcomeLifecycle.next(state, step, ['input', 'outcomeId'])).toThrow(
            expect.objectContaining({
              code: 'STATUS_NOT_ALLOWED',
              path: ['input', 'outcomeId'],
              details: expect.objectContaining({ state, event: step }),
            }),
          );
          refusedCount++;
        }
      }
    }
    expect([states.length, steps.length, legalCount, refusedCount]).toEqual([4, 3, 3, 9]);
    expect(outcomeLifecycle.eventsFrom('not_adopted')).toEqual([]);
    expect(outcomeLifecycle.eventsFrom('reported_back')).toEqual([]);
  });
});
