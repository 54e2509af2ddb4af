import { and, eq, isNull, like, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { volunteerTeamMembers, volunteerTeams } from '../schema/volunteers.js';
import { isLocalId } from '../services/service-kit.js';
import { volunteerSkills } from './code-lists.js';

/** How a list of volunteers is narrowed. Every field is optional. */
export interface VolunteerFilter {
  /** Registered in this home community. */
  homeCommunityId?: number | null;
  /** Open members (or leaders) of this team. */
  teamId?: number | null;
  /** Having this skill. */
  skill?: string | null;
  /** Whose name begins with this text. */
  namePrefix?: string | null;
  /** Withdrawn volunteers too (default: only those who have not withdrawn). */
  includeWithdrawn?: boolean | null;
}

/** The longest name prefix a filter accepts, in characters. */
export const MAX_NAME_PREFIX_LENGTH = 50;

/**
 * Check a volunteer filter's codes and bounds before they reach SQL: the skill a code of
 * `volunteerSkills`, the name prefix 1 to {@link MAX_NAME_PREFIX_LENGTH} characters.
 *
 * @remarks `options.path` is where the filter sits, e.g. `['filter']` (the default).
 */
export function parseVolunteerFilter(
  input: VolunteerFilter | null | undefined,
  options: ParseOptions = {},
): ParseResult<VolunteerFilter> {
  if (!input) return ok({});
  const at = (field: string): FieldPath => [...(options.path ?? ['filter']), field];
  if (input.skill != null && !Object.hasOwn(volunteerSkills, input.skill)) {
    return fail(
      'INVALID_CODE_LIST_VALUE',
      `skill must be one of ${Object.keys(volunteerSkills).join(', ')}.`,
      at('skill'),
    );
  }
  const prefix = input.namePrefix?.trim() ?? null;
  if (
    prefix !== null &&
    (prefix.length === 0 || [...prefix].length > MAX_NAME_PREFIX_LENGTH || /\p{Cc}/u.test(prefix))
  ) {
    return fail(
      'INVALID_NAME',
      `namePrefix is 1 to ${MAX_NAME_PREFIX_LENGTH} characters of text.`,
      at('namePrefix'),
    );
  }
  return ok({
    homeCommunityId: input.homeCommunityId ?? null,
    teamId: input.teamId ?? null,
    skill: input.skill ?? null,
    namePrefix: prefix,
    includeWithdrawn: input.includeWithdrawn ?? null,
  });
}

/** The columns a volunteer filter reads (the table or an alias of it). */
export interface VolunteerColumns {
  districtCode: AnyPgColumn;
  id: AnyPgColumn;
  name: AnyPgColumn;
  homeCommunityId: AnyPgColumn;
  skills: AnyPgColumn;
  withdrawnOn: AnyPgColumn;
}

/** `%` and `_` match themselves in a prefix search. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The filter as one SQL condition (checked first by `parseVolunteerFilter`). An id that cannot
 * exist matches nothing, as a missing record would.
 */
export function volunteerCondition(
  table: VolunteerColumns,
  districtCode: string,
  filter: VolunteerFilter = {},
): SQL {
  const conditions: (SQL | undefined)[] = [eq(table.districtCode, districtCode)];
  if (filter.homeCommunityId != null) {
    conditions.push(
      isLocalId(filter.homeCommunityId) ? eq(table.homeCommunityId, filter.homeCommunityId) : sql`false`,
    );
  }
  if (filter.teamId != null) {
    conditions.push(
      isLocalId(filter.teamId)
        ? sql`exists (select 1 from ${volunteerTeamMembers}
            join ${volunteerTeams} on ${volunteerTeams.districtCode} = ${volunteerTeamMembers.districtCode} and ${volunteerTeams.id} = ${volunteerTeamMembers.teamId}
            where ${volunteerTeamMembers.districtCode} = ${table.districtCode} and ${volunteerTeamMembers.volunteerId} = ${table.id}
              and ${volunteerTeamMembers.teamId} = ${filter.teamId} and ${volunteerTeamMembers.leftOn} is null)`
        : sql`false`,
    );
  }
  if (filter.skill) conditions.push(sql`${filter.skill} = any(${table.skills})`);
  if (filter.namePrefix) conditions.push(like(table.name, `${escapeLike(filter.namePrefix)}%`));
  if (!filter.includeWithdrawn) conditions.push(isNull(table.withdrawnOn));
  return and(...conditions)!;
}
