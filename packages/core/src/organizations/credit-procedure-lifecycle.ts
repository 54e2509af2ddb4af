import { defineStateMachine } from '../services/state-machine.js';
import { creditProcedureStatuses } from './code-lists.js';

/**
 * An objection (异议) or a credit repair application (信用修复) is filed pending and decided
 * once, accepted or rejected (社会组织信用信息管理办法); a decided procedure is never decided
 * again: ALREADY_DECIDED. Organizations file them (credit.apply); the registration authority
 * decides them (credit.record).
 */
export const creditProcedureLifecycle = defineStateMachine({
  subject: 'credit procedure',
  states: creditProcedureStatuses,
  initial: 'pending',
  refusalCode: 'ALREADY_DECIDED',
  transitions: {
    accept: { from: ['pending'], to: 'accepted', action: 'credit.record', description: 'be accepted' },
    reject: { from: ['pending'], to: 'rejected', action: 'credit.record', description: 'be rejected' },
  },
});
