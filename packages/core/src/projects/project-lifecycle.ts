import { defineStateMachine } from '../services/state-machine.js';
import { projectStatuses } from './code-lists.js';

/**
 * What a project's status may become (docs/domain.md §6.2): designed as a `draft` (revised freely
 * by who designs it), `approved` with the day, then `closed` once its purchase is settled; a
 * draft or an approved project may be `cancelled`. An approved project's budget, lines and
 * communities are what was approved: only further needs it answers are linked to it, and the
 * indicators achieved are recorded. Closed and cancelled are final. Anything else is refused with
 * STATUS_NOT_ALLOWED.
 */
export const projectLifecycle = defineStateMachine({
  subject: 'service project',
  states: projectStatuses,
  initial: 'draft',
  refusalCode: 'STATUS_NOT_ALLOWED',
  transitions: {
    reviseDraft: {
      from: ['draft'],
      to: 'draft',
      action: 'project.design',
      description: 'be revised as a draft (its content, budget, indicators, needs and communities)',
    },
    answerNeed: {
      from: ['approved'],
      to: 'approved',
      action: 'project.design',
      description: 'be linked to a further need it answers',
    },
    approve: { from: ['draft'], to: 'approved', action: 'project.approve', description: 'be approved' },
    recordAchievement: {
      from: ['approved'],
      to: 'approved',
      action: 'project.approve',
      description: 'record the value an indicator achieved',
    },
    close: { from: ['approved'], to: 'closed', action: 'project.approve', description: 'be closed' },
    cancel: {
      from: ['draft', 'approved'],
      to: 'cancelled',
      action: 'project.approve',
      description: 'be cancelled',
    },
  },
});

export type ProjectEvent = keyof typeof projectLifecycle.transitions;

/**
 * The event linking a need takes: a draft is revised; an approved project answers a further need.
 * Any other status is refused as a draft's revision would be.
 */
export function linkingEvent(status: string): Extract<ProjectEvent, 'reviseDraft' | 'answerNeed'> {
  return status === 'approved' ? 'answerNeed' : 'reviseDraft';
}
