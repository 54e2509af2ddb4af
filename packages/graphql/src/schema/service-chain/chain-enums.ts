import {
  activityStatuses,
  bidStatuses,
  budgetLineCategories,
  evaluationGrades,
  evaluationKinds,
  fundingSourceKinds,
  fundsAccountKinds,
  fundsEntryKinds,
  hoursRoles,
  indicatorKinds,
  ledgerUnits,
  needOutcomes,
  needSources,
  needStatuses,
  needUrgencies,
  projectMethods,
  projectStatuses,
  purchaseMethods,
  purchaseStageNames,
  trancheMilestones,
} from '@sanshe/core';
import { codeListEnum } from '../code-list-enum.js';

/** The enums of the service chain (docs/domain.md §6), each from one of core's code lists. */

export const FundingSourceKindEnum = codeListEnum(
  'FundingSourceKind',
  'Where a funding source’s money comes from.',
  fundingSourceKinds,
);
export const FundsEntryKindEnum = codeListEnum(
  'FundsEntryKind',
  'What a ledger entry records.',
  fundsEntryKinds,
);
export const FundsAccountKindEnum = codeListEnum(
  'FundsAccountKind',
  'What a ledger account holds, and for whom.',
  fundsAccountKinds,
);
export const LedgerUnitEnum = codeListEnum('LedgerUnit', 'The unit a ledger account holds.', ledgerUnits);
export const TrancheMilestoneEnum = codeListEnum(
  'TrancheMilestone',
  'What releases a contract tranche.',
  trancheMilestones,
);

export const NeedSourceEnum = codeListEnum('NeedSource', 'Where a need was heard.', needSources);
export const NeedUrgencyEnum = codeListEnum('NeedUrgency', 'How urgent a need is.', needUrgencies);
export const NeedStatusEnum = codeListEnum('NeedStatus', 'Where a need stands.', needStatuses);
export const NeedOutcomeEnum = codeListEnum('NeedOutcome', 'How a need is closed.', needOutcomes);

export const ProjectMethodEnum = codeListEnum(
  'ProjectMethod',
  'A professional social-work method a project uses.',
  projectMethods,
);
export const ProjectStatusEnum = codeListEnum(
  'ProjectStatus',
  'Where a service project stands.',
  projectStatuses,
);
export const BudgetLineCategoryEnum = codeListEnum(
  'BudgetLineCategory',
  'What a budget line pays for.',
  budgetLineCategories,
);
export const IndicatorKindEnum = codeListEnum(
  'IndicatorKind',
  'An output or an outcome indicator.',
  indicatorKinds,
);

export const PurchaseMethodEnum = codeListEnum(
  'PurchaseMethod',
  'How a purchase is procured.',
  purchaseMethods,
);
export const PurchaseStageEnum = codeListEnum(
  'PurchaseStage',
  'The stage a purchase has reached (never skipped nor reversed).',
  purchaseStageNames,
);
export const BidStatusEnum = codeListEnum('BidStatus', 'Where a bid stands.', bidStatuses);

export const ActivityStatusEnum = codeListEnum(
  'ActivityStatus',
  'Whether the community confirmed a delivered activity.',
  activityStatuses,
);
export const HoursRoleEnum = codeListEnum('HoursRole', 'Who gave time to an activity.', hoursRoles);
export const EvaluationKindEnum = codeListEnum(
  'EvaluationKind',
  'A mid-term or a final evaluation.',
  evaluationKinds,
);
export const EvaluationGradeEnum = codeListEnum(
  'EvaluationGrade',
  'The grade of an evaluation.',
  evaluationGrades,
);
