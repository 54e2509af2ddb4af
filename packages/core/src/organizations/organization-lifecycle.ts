import { defineStateMachine } from '../services/state-machine.js';
import { organizationStatuses } from './code-lists.js';

/**
 * What an organization's status may become (docs/domain.md §3): registered or filed, an
 * organization is active; changed, it stays active; deregistered (注销), nothing more happens
 * to it: no change, no hub membership, no disclosure. A write on a deregistered organization is
 * refused with ORGANIZATION_INACTIVE.
 */
export const organizationLifecycle = defineStateMachine({
  subject: 'organization',
  states: organizationStatuses,
  initial: 'active',
  refusalCode: 'ORGANIZATION_INACTIVE',
  transitions: {
    change: {
      from: ['active'],
      to: 'active',
      action: 'organization.register',
      description: 'change its registered particulars',
    },
    deregister: {
      from: ['active'],
      to: 'deregistered',
      action: 'organization.register',
      description: 'be deregistered',
    },
    joinHub: {
      from: ['active'],
      to: 'active',
      action: 'organization.hub',
      description: 'join or lead a hub',
    },
    disclose: {
      from: ['active'],
      to: 'active',
      action: 'organization.disclose',
      description: 'publish a disclosure',
    },
  },
});

export type OrganizationEvent = keyof typeof organizationLifecycle.transitions;
