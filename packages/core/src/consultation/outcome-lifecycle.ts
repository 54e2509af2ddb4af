import { defineStateMachine } from '../services/state-machine.js';
import { type OutcomeState, outcomeStates } from './code-lists.js';

/**
 * How far an outcome of a consultation meeting has come (docs/domain.md §8): the vote decides
 * whether it starts adopted or not adopted (consultation-rules.ts `outcomeAdoption`); an adopted
 * outcome takes tasks, is implemented once they are all done and is then reported back to the
 * residents (结果反馈). One not adopted stays the meeting's record and moves no further.
 *
 * 中共中央办公厅、国务院办公厅《关于加强城乡社区协商的意见》(2015) asks communities for a mechanism
 * by which consultation outcomes are adopted, carried out and reported back (协商成果采纳、落实和
 * 反馈机制); this machine is that sequence. The service adds what a table of moves cannot say:
 * implementing needs every task done and at least one task, and reporting back before
 * implementation is refused as OUTCOME_TASKS_OPEN (outcome-follow-up.ts). The CHECK
 * `meeting_outcomes_progress` holds the dates of the same states.
 */
export type OutcomeStep = 'addTask' | 'implement' | 'reportBack';

export const outcomeLifecycle = defineStateMachine<OutcomeState, OutcomeStep, 'consultation.record'>({
  subject: 'outcome',
  states: outcomeStates,
  initial: 'adopted',
  refusalCode: 'STATUS_NOT_ALLOWED',
  transitions: {
    addTask: {
      from: ['adopted'],
      action: 'consultation.record',
      description: 'take a new task (only an adopted outcome not yet implemented does)',
    },
    implement: {
      from: ['adopted'],
      to: 'implemented',
      action: 'consultation.record',
      description: 'be marked implemented (已落实)',
    },
    reportBack: {
      from: ['implemented'],
      to: 'reported_back',
      action: 'consultation.record',
      description: 'be reported back to the residents (结果反馈)',
    },
  },
});

/**
 * The state of a stored outcome: the column is text, held to the list by the CHECK
 * `meeting_outcomes_state`, so anything else is a fault of the database, not of the input.
 */
export function outcomeStateOf(outcome: { id: number; state: string }): OutcomeState {
  if (Object.hasOwn(outcomeStates, outcome.state)) return outcome.state as OutcomeState;
  throw new Error(`outcome ${outcome.id} has the unknown state ${outcome.state}`);
}
