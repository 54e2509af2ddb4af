import { gridTeamRoles, patrolResults } from '@sanshe/core';
import { codeListEnum } from '../code-list-enum.js';

/** The code lists of grid plans (core/src/grid-events/code-lists.ts), as GraphQL enums. */

export const GridTeamRoleEnum = codeListEnum(
  'GridTeamRole',
  'A place in a grid team ("1+2+N"): the grid head, a full-time grid worker, a volunteer informant.',
  gridTeamRoles,
);

export const PatrolResultEnum = codeListEnum(
  'PatrolResult',
  'What a patrol of an inspection item found.',
  patrolResults,
);
