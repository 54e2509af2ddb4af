import { defineStateMachine } from '../services/state-machine.js';
import { purchaseStageNames } from './code-lists.js';

/**
 * A purchase's stages (政府购买服务, docs/domain.md §6.3): plan → tender → bids → award →
 * contract → implementation → evaluation → closure, one step at a time, never skipped nor
 * reversed; before a contract is signed it may be cancelled (终止 / 废标, 政府采购法 第三十六条
 * *to verify*). Once a contract exists the purchase goes on to evaluation and closure; the
 * contract itself may be terminated early. Bids are taken while the tender is out (an event that
 * leaves the stage as it is).
 *
 * The database refuses any other change of stage, whoever writes (trigger
 * `purchases_stage_transition`); the service asks this machine first, so a refusal is a typed
 * STAGE_OUT_OF_ORDER naming the stage and what it allows, before anything is written.
 */
export const purchaseStages = defineStateMachine({
  subject: 'purchase',
  states: purchaseStageNames,
  initial: 'plan',
  refusalCode: 'STAGE_OUT_OF_ORDER',
  transitions: {
    publishTender: {
      from: ['plan'],
      to: 'tender',
      action: 'purchase.run',
      description: 'publish its tender (招标公告 or 单一来源公示)',
    },
    submitBid: {
      from: ['tender'],
      to: 'tender',
      action: 'purchase.bid',
      description: 'take a bid (bids are taken while the tender is out)',
    },
    closeBids: {
      from: ['tender'],
      to: 'bids',
      action: 'purchase.run',
      description: 'close its bids and assess them',
    },
    award: { from: ['bids'], to: 'award', action: 'purchase.run', description: 'be awarded' },
    signContract: {
      from: ['award'],
      to: 'contract',
      action: 'purchase.run',
      description: 'have its contract signed',
    },
    startImplementation: {
      from: ['contract'],
      to: 'implementation',
      action: 'purchase.run',
      description: 'start implementation (履约)',
    },
    startEvaluation: {
      from: ['implementation'],
      to: 'evaluation',
      action: 'purchase.run',
      description: 'start its evaluation (验收与绩效评价)',
    },
    close: { from: ['evaluation'], to: 'closure', action: 'purchase.run', description: 'be closed (结项)' },
    cancel: {
      from: ['plan', 'tender', 'bids', 'award'],
      to: 'cancelled',
      action: 'purchase.run',
      description: 'be cancelled (only before a contract is signed)',
    },
  },
});

export type PurchaseEvent = keyof typeof purchaseStages.transitions;

/**
 * The day each stage was reached, by the column that keeps it; a stage's day is never before the
 * day of the stage before it (CHECK `purchases_days_in_order`).
 */
export const stageDayColumns = {
  plan: 'plannedOn',
  tender: 'tenderPublishedOn',
  bids: 'bidsClosedOn',
  award: 'awardedOn',
  contract: 'contractedOn',
  implementation: 'implementationStartedOn',
  evaluation: 'evaluationStartedOn',
  closure: 'closedOn',
  cancelled: 'cancelledOn',
} as const;
