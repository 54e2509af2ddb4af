import { defineStateMachine } from '../services/state-machine.js';
import { activityStatuses } from './code-lists.js';

/**
 * An activity is recorded by the undertaking organization and then confirmed or disputed, once,
 * by the community where it took place (docs/domain.md §6.6: "谁组织谁记录、谁记录谁证明": the one
 * who records is not the one who attests). A confirmed or disputed activity is not decided again:
 * STATUS_NOT_ALLOWED; a disputed one is corrected by recording the activity anew.
 */
export const activityLifecycle = defineStateMachine({
  subject: 'delivery activity',
  states: activityStatuses,
  initial: 'recorded',
  refusalCode: 'STATUS_NOT_ALLOWED',
  transitions: {
    confirm: {
      from: ['recorded'],
      to: 'confirmed',
      action: 'delivery.confirm',
      description: 'be confirmed by the community',
    },
    dispute: {
      from: ['recorded'],
      to: 'disputed',
      action: 'delivery.confirm',
      description: 'be disputed by the community',
    },
  },
});

export type ActivityEvent = keyof typeof activityLifecycle.transitions;
