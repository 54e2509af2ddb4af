import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import type { GridTeamRole } from '../grid-events/code-lists.js';
import type { GridTeamComposition } from '../policies/grid-policies.js';

/**
 * The composition of a grid team, "1+2+N" (docs/domain.md §7.2): a grid head (网格长), at least
 * two full-time grid workers (专职网格员) and volunteer informants (兼职网格员、信息员), in the
 * practice of the provinces that set it; the figures are local, from policy
 * `grid.team_composition`. Pure: counts in, a decision out.
 */

/** How many members of each role a team has. */
export interface TeamCounts {
  heads: number;
  workers: number;
  informants: number;
}

/** The count each role of a team is held to, by the policy's field names. */
const requirementOf: Record<GridTeamRole, (composition: GridTeamComposition) => number> = {
  head: (composition) => composition.heads,
  worker: (composition) => composition.minWorkers,
  informant: (composition) => composition.minInformants,
};

const countOf: Record<GridTeamRole, (counts: TeamCounts) => number> = {
  head: (counts) => counts.heads,
  worker: (counts) => counts.workers,
  informant: (counts) => counts.informants,
};

const roles: readonly GridTeamRole[] = ['head', 'worker', 'informant'];

export function countTeam(members: readonly { role: string }[]): TeamCounts {
  const counts: TeamCounts = { heads: 0, workers: 0, informants: 0 };
  for (const member of members) {
    if (member.role === 'head') counts.heads += 1;
    else if (member.role === 'worker') counts.workers += 1;
    else if (member.role === 'informant') counts.informants += 1;
  }
  return counts;
}

/** The roles of which the team has fewer members than the composition requires, in role order. */
export function rolesBelowComposition(composition: GridTeamComposition, counts: TeamCounts): GridTeamRole[] {
  return roles.filter((role) => countOf[role](counts) < requirementOf[role](composition));
}

function belowComposition(
  composition: GridTeamComposition,
  counts: TeamCounts,
  short: GridTeamRole[],
  path: FieldPath,
  policySource: string,
  what: string,
): SansheError {
  return new SansheError(
    'TEAM_BELOW_COMPOSITION',
    `${what} ${counts.heads} head(s), ${counts.workers} grid worker(s) and ${counts.informants} informant(s); ` +
      `the composition requires ${composition.heads} head(s), at least ${composition.minWorkers} grid worker(s) ` +
      `and ${composition.minInformants} informant(s) (${policySource}).`,
    { path, details: { required: composition, actual: counts, short, policySource } },
  );
}

/**
 * A team set as a whole meets the composition in every role.
 *
 * @throws {SansheError} TEAM_BELOW_COMPOSITION with details `{ required, actual, short }`
 */
export function requireComposition(
  composition: GridTeamComposition,
  counts: TeamCounts,
  path: FieldPath,
  policySource: string,
): void {
  const short = rolesBelowComposition(composition, counts);
  if (short.length > 0)
    throw belowComposition(composition, counts, short, path, policySource, 'The team would have');
}

/**
 * A member may leave unless the team would then have fewer members of the leaver's role than the
 * composition requires. A shortfall in another role (a stricter policy since the team was set)
 * does not hold the member back: the leave does not cause it, and the district fills it by setting
 * the team anew.
 *
 * @throws {SansheError} TEAM_BELOW_COMPOSITION with details `{ required, actual, short }`
 */
export function requireLeaveKeepsComposition(
  composition: GridTeamComposition,
  before: TeamCounts,
  leavingRole: GridTeamRole,
  path: FieldPath,
  policySource: string,
): void {
  const after: TeamCounts = {
    heads: before.heads - (leavingRole === 'head' ? 1 : 0),
    workers: before.workers - (leavingRole === 'worker' ? 1 : 0),
    informants: before.informants - (leavingRole === 'informant' ? 1 : 0),
  };
  if (countOf[leavingRole](after) < requirementOf[leavingRole](composition)) {
    throw belowComposition(
      composition,
      after,
      rolesBelowComposition(composition, after),
      path,
      policySource,
      'Without this member the team would have',
    );
  }
}
