import { defineStateMachine } from '../services/state-machine.js';
import { needStatuses } from './code-lists.js';

/**
 * What a need's status may become (docs/domain.md §6.1): `open` until a project answers it
 * (`answered`; linking a further project keeps it answered), then `met`; an open or answered need
 * may be `withdrawn`, or `merged` into the need it repeats. A need answered only by projects that
 * were cancelled, or unlinked from a draft, is open again: `answered` always means that a project
 * not cancelled answers it. Met, merged and withdrawn are final. Anything else is refused with
 * STATUS_NOT_ALLOWED.
 *
 * Answering (and reopening) follows from a project's writes (`project.design`); the community
 * that recorded the need closes and merges it (`need.record`).
 */
export const needLifecycle = defineStateMachine({
  subject: 'need',
  states: needStatuses,
  initial: 'open',
  refusalCode: 'STATUS_NOT_ALLOWED',
  transitions: {
    answer: {
      from: ['open', 'answered'],
      to: 'answered',
      action: 'project.design',
      description: 'be answered by a project',
    },
    reopen: {
      from: ['answered'],
      to: 'open',
      action: 'project.design',
      description: 'be open again (no project that is not cancelled answers it any more)',
    },
    meet: {
      from: ['answered'],
      to: 'met',
      action: 'need.record',
      description: 'be closed as met (only a need a project answers is met)',
    },
    withdraw: {
      from: ['open', 'answered'],
      to: 'withdrawn',
      action: 'need.record',
      description: 'be withdrawn',
    },
    merge: {
      from: ['open', 'answered'],
      to: 'merged',
      action: 'need.record',
      description: 'be merged into the need it repeats',
    },
  },
});

export type NeedEvent = keyof typeof needLifecycle.transitions;
