import { defineStateMachine } from '../services/state-machine.js';

/** Where a summons stands, labelled as communities name it. */
export const summonsStates = {
  open: '报到处置中',
  closed: '已结束',
} as const;
export type SummonsState = keyof typeof summonsStates;

/**
 * 吹哨报到 (docs/domain.md §7.8): a summons is issued open; the departments it names report in
 * (报到) while it is open, each once; the community closes it, saying whether the problem was
 * solved, and nothing follows. A department that never reported in stays on the record as not
 * reported: closing does not wait for it (the assessment counts it). The state is not stored:
 * a summons is closed once `closed_at` is set (the CHECK `summonses_closed` ties `solved` to it).
 */
export const summonsLifecycle = defineStateMachine({
  subject: 'summons',
  states: summonsStates,
  initial: 'open',
  refusalCode: 'STATUS_NOT_ALLOWED',
  transitions: {
    reportIn: {
      from: ['open'],
      action: 'event.handle',
      description: 'be reported in to (报到) by a department it names',
    },
    close: {
      from: ['open'],
      to: 'closed',
      action: 'event.dispatch',
      description: 'be closed by its community, solved or not',
    },
  },
});

export type SummonsStep = keyof typeof summonsLifecycle.transitions;

/** The state of a stored summons. */
export function summonsStateOf(summons: { closedAt: string | null }): SummonsState {
  return summons.closedAt === null ? 'open' : 'closed';
}
