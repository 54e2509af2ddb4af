import { defineStateMachine } from '../services/state-machine.js';

/** The states of a grid event, labelled as grid centres name them. */
export const eventStates = {
  collected: '待派遣',
  dispatched: '待受理',
  handling: '处理中',
  fed_back: '待核查',
  closed: '已结案',
} as const;
export type EventState = keyof typeof eventStates;

/**
 * The five-step loop of a grid event (五步闭环, docs/domain.md §7.7): 信息收集 (`report`) → 任务派遣
 * (`dispatch`) → 任务处理 (`accept`, then the department works) → 结果反馈 (`feedBack`) → 核查结案
 * (`close`), with the moves the practice adds:
 *
 * - `giveBack`: the department returns an event that is not its own (退回), to be dispatched again;
 * - `reject`: the verifier finds the problem not solved and sends it back to the department;
 * - `reroute`: the grid centre recategorises or re-assigns an event already dispatched, and the
 *   department that loses it is told;
 * - `reopen`: a closed event is reopened (by its reporter within the policy's days, or the centre);
 * - `recategorise` (before dispatch), `escalate`, `extend` (with approval) and `rate` (by the
 *   reporter): changes in place, the state stays.
 *
 * 查办分离 is the services' rule on top (the verifier is never the handler); the database refuses
 * any state change outside this table (migration `…_grid_management_consultation_invariants`).
 */
export const eventLifecycle = defineStateMachine({
  subject: 'grid event',
  states: eventStates,
  initial: 'collected',
  refusalCode: 'EVENT_TRANSITION_NOT_ALLOWED',
  transitions: {
    dispatch: {
      from: ['collected'],
      to: 'dispatched',
      action: 'event.dispatch',
      description: 'be dispatched to a department (任务派遣)',
    },
    accept: {
      from: ['dispatched'],
      to: 'handling',
      action: 'event.handle',
      description: 'be accepted by its department (受理)',
    },
    giveBack: {
      from: ['dispatched', 'handling'],
      to: 'collected',
      action: 'event.handle',
      description: 'be returned by its department as not its own (退回)',
    },
    feedBack: {
      from: ['handling'],
      to: 'fed_back',
      action: 'event.handle',
      description: 'have its result fed back (结果反馈)',
    },
    close: {
      from: ['fed_back'],
      to: 'closed',
      action: 'event.verify',
      description: 'be verified and closed (核查结案)',
    },
    reject: {
      from: ['fed_back'],
      to: 'handling',
      action: 'event.verify',
      description: 'be sent back to its department as not solved (核查不通过)',
    },
    reroute: {
      from: ['dispatched', 'handling'],
      to: 'dispatched',
      action: 'event.dispatch',
      description: 'be re-routed to another department (改派)',
    },
    recategorise: {
      from: ['collected'],
      to: 'collected',
      action: 'event.dispatch',
      description: 'be recategorised before dispatch',
    },
    escalate: {
      from: ['collected', 'dispatched', 'handling'],
      action: 'event.dispatch',
      description: 'be escalated',
    },
    extend: {
      from: ['dispatched', 'handling'],
      action: 'event.extend',
      description: 'have its time limit extended (延期)',
    },
    reopen: {
      from: ['closed'],
      to: 'dispatched',
      action: 'event.reopen',
      description: 'be reopened (重新办理)',
    },
    rate: {
      from: ['closed'],
      to: 'closed',
      action: 'event.rate',
      description: 'be confirmed and rated by its reporter',
    },
  },
});

export type EventStep = keyof typeof eventLifecycle.transitions | 'report';
