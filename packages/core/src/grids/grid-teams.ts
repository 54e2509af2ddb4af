import { and, eq, inArray, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { type GridTeamRole, gridTeamRoles } from '../grid-events/code-lists.js';
import { type GridTeamMember, gridTeamMembers } from '../schema/grid-teams.js';
import type { Grid } from '../schema/hierarchy.js';
import { volunteers } from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { parseName } from '../validators/text.js';
import type { GridPlanContext } from './grid-plan-context.js';
import type { LeaveGridTeamInput, SetGridTeamInput, SetGridTeamResult } from './grid-plan-types.js';
import { countTeam, requireComposition, requireLeaveKeepsComposition } from './team-composition.js';

/** At most this many members in one team: a grid is a few hundred households. */
export const MAX_TEAM_MEMBERS = 100;

interface ParsedMember {
  role: GridTeamRole;
  memberName: string;
  accountId: string | null;
  volunteerId: number | null;
  path: FieldPath;
}

/**
 * Which place in the team a member holds, for matching the team as set against the team as it
 * is: staff by their account, informants by their volunteer.
 */
function placeOf(member: { role: string; accountId: string | null; volunteerId: number | null }): string {
  return member.role === 'informant' ? `volunteer:${member.volunteerId}` : `account:${member.accountId}`;
}

/**
 * Grid teams, "1+2+N" (docs/domain.md §7.2): a grid head, grid workers and volunteer informants,
 * each from a day to a day; rows are kept when members leave. A team is set as a whole, and
 * neither setting it nor a member leaving may leave it below the composition of policy
 * `grid.team_composition` (team-composition.ts).
 */
export function createGridTeamUseCases(ctx: GridPlanContext) {
  const { kit, db, districtCode } = ctx;

  /**
   * The members as listed, parsed whole before anything is read: each role, name and identity;
   * one head; no account or volunteer twice.
   *
   * @throws {SansheError} VALIDATION_FAILED, INVALID_CODE_LIST_VALUE, INVALID_NAME, INVALID_TEXT,
   *   NOT_FOUND (a volunteer id that cannot exist)
   */
  function parseMembers(value: unknown): ParsedMember[] {
    const listPath: FieldPath = ['input', 'members'];
    if (!Array.isArray(value)) {
      throw new SansheError('VALIDATION_FAILED', 'The members are a list.', { path: listPath });
    }
    if (value.length > MAX_TEAM_MEMBERS) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `A team has at most ${MAX_TEAM_MEMBERS} members, got ${value.length}.`,
        { path: listPath },
      );
    }
    const accounts = new Set<string>();
    const volunteerIds = new Set<number>();
    let hasHead = false;
    return value.map((entry: unknown, index) => {
      const path: FieldPath = [...listPath, index];
      const at = (field: string): FieldPath => [...path, field];
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new SansheError('VALIDATION_FAILED', 'A member is an object with a role and a name.', { path });
      }
      const member = entry as Record<string, unknown>;
      const role = parseCode(gridTeamRoles, member.role, at('role'), 'The role');
      const memberName = kit.unwrap(parseName(member.memberName, { path: at('memberName') }));
      const accountId =
        member.accountId == null
          ? null
          : kit.text(member.accountId, at('accountId'), { maxLength: 128, label: 'The account' });
      const volunteerId =
        member.volunteerId == null ? null : kit.requireId(member.volunteerId, 'volunteer', at('volunteerId'));
      if (role === 'informant' && volunteerId === null) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'An informant is a registered volunteer: name the volunteer.',
          {
            path: at('volunteerId'),
          },
        );
      }
      if (role !== 'informant' && accountId === null) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `A ${gridTeamRoles[role]} acts through an account: name the account.`,
          { path: at('accountId') },
        );
      }
      if (role !== 'informant' && volunteerId !== null) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `A ${gridTeamRoles[role]} is staff acting through an account; only an informant names a volunteer.`,
          { path: at('volunteerId') },
        );
      }
      if (role === 'head') {
        if (hasHead) {
          throw new SansheError('VALIDATION_FAILED', 'A grid has one head (网格长).', { path: at('role') });
        }
        hasHead = true;
      }
      if (accountId !== null) {
        if (accounts.has(accountId)) {
          throw new SansheError('VALIDATION_FAILED', `Account ${accountId} is listed twice.`, {
            path: at('accountId'),
          });
        }
        accounts.add(accountId);
      }
      if (volunteerId !== null) {
        if (volunteerIds.has(volunteerId)) {
          throw new SansheError('VALIDATION_FAILED', `Volunteer ${volunteerId} is listed twice.`, {
            path: at('volunteerId'),
          });
        }
        volunteerIds.add(volunteerId);
      }
      return { role, memberName, accountId, volunteerId, path };
    });
  }

  /**
   * Each informant is a volunteer the caller may see, locked FOR SHARE so a withdrawal waits,
   * registered by `day` and not withdrawn (志愿服务条例: only registered volunteers serve).
   *
   * @throws {SansheError} NOT_FOUND, STATUS_NOT_ALLOWED (withdrawn), VALIDATION_FAILED
   *   (registered after the day)
   */
  async function requireInformants(
    tx: SansheDb,
    members: readonly ParsedMember[],
    day: string,
  ): Promise<void> {
    for (const member of members) {
      if (member.volunteerId === null) continue;
      const path: FieldPath = [...member.path, 'volunteerId'];
      await kit.requireVisible(tx, 'volunteer', member.volunteerId, path);
      const volunteer = await kit.requireRecord(
        tx,
        volunteers,
        member.volunteerId,
        'volunteer',
        path,
        'share',
      );
      if (volunteer.withdrawnOn !== null && volunteer.withdrawnOn <= day) {
        throw new SansheError(
          'STATUS_NOT_ALLOWED',
          `Volunteer ${volunteer.id} withdrew on ${volunteer.withdrawnOn}.`,
          {
            path,
            details: { withdrawnOn: volunteer.withdrawnOn },
          },
        );
      }
      if (volunteer.registeredOn > day) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `Volunteer ${volunteer.id} registered on ${volunteer.registeredOn}, after ${day}.`,
          { path, details: { registeredOn: volunteer.registeredOn } },
        );
      }
    }
  }

  /** End memberships on a day (rows kept). */
  async function leave(tx: SansheDb, members: readonly GridTeamMember[], leftOn: string): Promise<void> {
    if (members.length === 0) return;
    await tx
      .update(gridTeamMembers)
      .set({ leftOn, version: sql`${gridTeamMembers.version} + 1`, updatedAt: sql`now()` })
      .where(
        and(
          eq(gridTeamMembers.districtCode, districtCode),
          inArray(
            gridTeamMembers.id,
            members.map((member) => member.id),
          ),
        ),
      );
  }

  return {
    /**
     * Set a grid's whole team from a day (`grid.plan` at the grid): members no longer listed leave
     * that day, new ones join, listed ones stay (matched by account for staff, by volunteer for
     * informants; a change of role is a leaving and a joining, so who was head on which day is
     * kept, while a corrected name or account is changed in place). The team that results must
     * meet the composition in force at the grid that day.
     *
     * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED (the list, an identity missing or listed
     *   twice, two heads, a volunteer registered after the day), INVALID_CODE_LIST_VALUE,
     *   INVALID_NAME, INVALID_TEXT, INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, UNIT_NOT_IN_FORCE,
     *   STATUS_NOT_ALLOWED (a withdrawn informant), INVALID_DATE_RANGE (a member leaving before
     *   joining), TEAM_BELOW_COMPOSITION (details `{ required, actual, short }`), POLICY_NOT_SET
     */
    async setGridTeam(input: SetGridTeamInput): Promise<SetGridTeamResult> {
      const gridId = kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const listed = parseMembers(input.members);
      const effectiveOn = kit.pastDate(input.effectiveOn, ['input', 'effectiveOn'], false);
      return db.transaction(async (tx) => {
        const grid: Grid = await ctx.requireGrid(tx, gridId, 'update', ['input', 'gridId']);
        kit.authorize('grid.plan', ctx.gridTarget(grid));
        ctx.requireGridInForce(grid, effectiveOn, ['input', 'effectiveOn']);
        await requireInformants(tx, listed, effectiveOn);
        const current = await ctx.openTeam(tx, gridId);
        const currentByPlace = new Map(current.map((member) => [placeOf(member), member]));
        const staying = new Map<number, ParsedMember>();
        const joining: ParsedMember[] = [];
        for (const member of listed) {
          const present = currentByPlace.get(placeOf(member));
          if (present && present.role === member.role) staying.set(present.id, member);
          else joining.push(member);
        }
        const leaving = current.filter((member) => !staying.has(member.id));
        const late = leaving.find((member) => member.joinedOn > effectiveOn);
        if (late) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Member ${late.id} joined on ${late.joinedOn}, after ${effectiveOn}; the team changes on or after that day.`,
            { path: ['input', 'effectiveOn'], details: { memberId: late.id, joinedOn: late.joinedOn } },
          );
        }
        const composition = await ctx.compositionFor(tx, grid, effectiveOn);
        requireComposition(composition.value, countTeam(listed), ['input', 'members'], composition.source);

        await leave(tx, leaving, effectiveOn);
        const updatedIds: number[] = [];
        for (const [id, member] of staying) {
          const present = current.find((row) => row.id === id)!;
          if (present.memberName === member.memberName && present.accountId === member.accountId) continue;
          await tx
            .update(gridTeamMembers)
            .set({
              memberName: member.memberName,
              accountId: member.accountId,
              version: present.version + 1,
              updatedAt: sql`now()`,
            })
            .where(and(eq(gridTeamMembers.districtCode, districtCode), eq(gridTeamMembers.id, id)));
          updatedIds.push(id);
        }
        const joined =
          joining.length === 0
            ? []
            : await tx
                .insert(gridTeamMembers)
                .values(
                  joining.map((member) => ({
                    districtCode,
                    gridId,
                    role: member.role,
                    memberName: member.memberName,
                    accountId: member.accountId,
                    volunteerId: member.volunteerId,
                    joinedOn: effectiveOn,
                  })),
                )
                .returning({ id: gridTeamMembers.id });
        const result: SetGridTeamResult = {
          members: await ctx.openTeam(tx, gridId),
          joinedIds: joined.map((row) => row.id),
          leftIds: leaving.map((member) => member.id),
          updatedIds,
        };
        if (result.joinedIds.length + result.leftIds.length + updatedIds.length > 0) {
          await kit.audit(tx, {
            action: 'grid_team.set',
            entityType: 'grid',
            entityId: gridId,
            before: { members: current },
            after: { ...result, effectiveOn, compositionSource: composition.source },
          });
        }
        return result;
      });
    },

    /**
     * A member leaves the team on a day (`grid.plan` at the grid), unless the team would then
     * have fewer members of that role than the composition in force requires: the district then
     * sets the team anew with a successor.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, ALREADY_ENDED,
     *   INVALID_DATE_RANGE (before joining), TEAM_BELOW_COMPOSITION, POLICY_NOT_SET
     */
    async leaveGridTeam(input: LeaveGridTeamInput): Promise<GridTeamMember> {
      const memberId = kit.requireId(input.memberId, 'grid team member', ['input', 'memberId']);
      const leftOn = kit.pastDate(input.leftOn, ['input', 'leftOn'], false);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'grid_team_member', memberId, ['input', 'memberId']);
        const { gridId } = await kit.requireRecord(tx, gridTeamMembers, memberId, 'grid team member', [
          'input',
          'memberId',
        ]);
        // The team's lock first, as every write of the team takes it; then the member, read anew.
        const grid = await ctx.requireGrid(tx, gridId, 'update', ['input', 'memberId']);
        kit.authorize('grid.plan', ctx.gridTarget(grid));
        const current = await kit.requireRecord(
          tx,
          gridTeamMembers,
          memberId,
          'grid team member',
          ['input', 'memberId'],
          'update',
        );
        if (current.leftOn !== null) {
          throw new SansheError('ALREADY_ENDED', `The member left the team on ${current.leftOn}.`, {
            path: ['input', 'memberId'],
            details: { leftOn: current.leftOn },
          });
        }
        if (leftOn < current.joinedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The member joined on ${current.joinedOn}, after ${leftOn}.`,
            { path: ['input', 'leftOn'], details: { joinedOn: current.joinedOn } },
          );
        }
        const composition = await ctx.compositionFor(tx, grid, leftOn);
        requireLeaveKeepsComposition(
          composition.value,
          countTeam(await ctx.openTeam(tx, gridId)),
          current.role as GridTeamRole,
          ['input', 'memberId'],
          composition.source,
        );
        const [member] = await tx
          .update(gridTeamMembers)
          .set({ leftOn, version: current.version + 1, updatedAt: sql`now()` })
          .where(and(eq(gridTeamMembers.districtCode, districtCode), eq(gridTeamMembers.id, memberId)))
          .returning();
        await kit.audit(tx, {
          action: 'grid_team.leave',
          entityType: 'grid_team_member',
          entityId: memberId,
          before: current,
          after: member,
        });
        return member!;
      });
    },
  };
}
