export { MAX_COVERAGE_DAYS } from './grid-plan-reads.js';
export {
  createGridPlanService,
  type GridPlanService,
  type GridPlanServiceOptions,
} from './grid-plan-service.js';
export type {
  BoundaryOfInput,
  DrawBoundaryInput,
  GridAtInput,
  GridTeamMemberInput,
  ItemCoverage,
  LeaveGridTeamInput,
  PatrolCoverage,
  PatrolCoverageInput,
  PatrolFilter,
  RecordPatrolInput,
  SetGridTeamInput,
  SetGridTeamResult,
  TeamOfInput,
} from './grid-plan-types.js';
export { MAX_TEAM_MEMBERS } from './grid-teams.js';
export { type Coverage, coverageOf, type DayRange, periodStartOf, periodsWithin } from './patrol-coverage.js';
export {
  countTeam,
  requireComposition,
  requireLeaveKeepsComposition,
  rolesBelowComposition,
  type TeamCounts,
} from './team-composition.js';
