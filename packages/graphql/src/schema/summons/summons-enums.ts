import { summonsReasons, summonsStates } from '@sanshe/core';
import { codeListEnum } from '../code-list-enum.js';

/** Why a community summons departments (吹哨事由), from core's code list. */
export const SummonsReasonEnum = codeListEnum(
  'SummonsReason',
  'Why a community summons departments (吹哨事由, docs/domain.md §7.8). An emergency’s report-in deadline runs on the clock (hours), the others’ on working days.',
  summonsReasons,
);

/** Where a summons stands: open while departments report in, closed once the community ends it. */
export const SummonsStateEnum = codeListEnum(
  'SummonsState',
  'Where a summons stands (docs/domain.md §7.8): open while the departments report in, closed once the community has said whether the problem was solved.',
  summonsStates,
);
