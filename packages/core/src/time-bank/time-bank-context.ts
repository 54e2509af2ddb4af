import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { communities } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import { volunteers, volunteerTeamMembers, volunteerTeams } from '../schema/volunteers.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import { createTimeBankLedger } from './time-bank-ledger.js';
import { type HolderKind, holderKindOf, type PointsHolder } from './time-bank-rules.js';

/** The operations that take idempotency keys; a key belongs to its caller and one of these. */
export type TimeBankOperation =
  | 'time_bank.list_item'
  | 'time_bank.restock_item'
  | 'time_bank.withdraw_item'
  | 'time_bank.exchange'
  | 'time_bank.transfer'
  | 'time_bank.reverse';

/** A holder with where it lies: the unit whose policies apply and the write target of its account. */
export interface LocatedHolder {
  holder: PointsHolder;
  kind: HolderKind;
  /** The community, subdistrict or district code whose policies apply to the holder. */
  policyUnitCode: string;
  target: WriteTarget;
}

/**
 * What every use case of the time bank shares, for one district and one caller: the service kit,
 * the time bank's view of the ledger (time-bank-ledger.ts over the one ledger writer), and the
 * holders of points found with where they lie. The use cases are catalogue.ts, exchanges.ts,
 * transfers.ts and reversals.ts; the rules are pure, in time-bank-rules.ts.
 */
export function createTimeBankContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { districtCode, actor } = kit;
  const bank = createTimeBankLedger(kit);

  /** A holder named in the input (`{ volunteerId }`, `{ teamId }` …): exactly one positive id. */
  function parseHolder(value: unknown, path: FieldPath): PointsHolder {
    const keys = ['volunteerId', 'teamId', 'communityId', 'organizationId'] as const;
    const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    const named = keys.filter((key) => record[key] !== undefined && record[key] !== null);
    if (named.length !== 1 || Object.keys(record).some((key) => !(keys as readonly string[]).includes(key))) {
      throw new SansheError(
        'VALIDATION_FAILED',
        'Name exactly one holder of points: a volunteer, a team, a community or an organization.',
        { path },
      );
    }
    const key = named[0]!;
    const id = kit.requireId(record[key], key.replace(/Id$/, ''), [...path, key]);
    return { [key]: id } as PointsHolder;
  }

  async function communityCodeOf(executor: SansheDb, communityId: number, path: FieldPath): Promise<string> {
    const community = await kit.requireRecord(executor, communities, communityId, 'community', path);
    return community.code;
  }

  /** Whether the actor is a volunteer leading the team on the day (an open leader membership). */
  async function actorLeadsTeam(executor: SansheDb, teamId: number, on: string): Promise<boolean> {
    if (actor.role !== 'VOLUNTEER' || !actor.volunteerId) return false;
    const [row] = await executor
      .select({ id: volunteerTeamMembers.id })
      .from(volunteerTeamMembers)
      .where(
        and(
          eq(volunteerTeamMembers.districtCode, districtCode),
          eq(volunteerTeamMembers.teamId, teamId),
          eq(volunteerTeamMembers.volunteerId, actor.volunteerId),
          eq(volunteerTeamMembers.role, 'leader'),
          lte(volunteerTeamMembers.joinedOn, on),
          or(isNull(volunteerTeamMembers.leftOn), gte(volunteerTeamMembers.leftOn, on)),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  /**
   * Where a holder lies (NOT_FOUND when it does not exist): a volunteer at its home community (and
   * itself, for a volunteer acting alone); a team where it is led from (a community or an
   * organization), and for the volunteer leading it on `on`; a community at its code; an
   * organization by itself.
   */
  async function locate(
    executor: SansheDb,
    holder: PointsHolder,
    on: string,
    path: FieldPath,
  ): Promise<LocatedHolder> {
    const kind = holderKindOf(holder);
    if ('volunteerId' in holder) {
      const volunteer = await kit.requireRecord(executor, volunteers, holder.volunteerId, 'volunteer', [
        ...path,
        'volunteerId',
      ]);
      const code = await communityCodeOf(executor, volunteer.homeCommunityId, [...path, 'volunteerId']);
      return { holder, kind, policyUnitCode: code, target: { unitCode: code, volunteerId: volunteer.id } };
    }
    if ('teamId' in holder) {
      const team = await kit.requireRecord(executor, volunteerTeams, holder.teamId, 'volunteer team', [
        ...path,
        'teamId',
      ]);
      const code =
        team.communityId === null
          ? districtCode
          : await communityCodeOf(executor, team.communityId, [...path, 'teamId']);
      const leads = await actorLeadsTeam(executor, team.id, on);
      return {
        holder,
        kind,
        policyUnitCode: code,
        target: {
          unitCode: team.communityId === null ? null : code,
          organizationId: team.organizationId,
          volunteerId: leads ? actor.volunteerId : undefined,
        },
      };
    }
    if ('communityId' in holder) {
      const code = await communityCodeOf(executor, holder.communityId, [...path, 'communityId']);
      return { holder, kind, policyUnitCode: code, target: { unitCode: code } };
    }
    await kit.requireRecord(executor, socialOrganizations, holder.organizationId, 'social organization', [
      ...path,
      'organizationId',
    ]);
    return { holder, kind, policyUnitCode: districtCode, target: { organizationId: holder.organizationId } };
  }

  /** A holder the input names as a recipient: it must exist and be visible to the caller. */
  async function requireVisibleHolder(
    executor: SansheDb,
    holder: PointsHolder,
    path: FieldPath,
  ): Promise<void> {
    if ('volunteerId' in holder)
      await kit.requireVisible(executor, 'volunteer', holder.volunteerId, [...path, 'volunteerId']);
    else if ('teamId' in holder)
      await kit.requireVisible(executor, 'volunteer_team', holder.teamId, [...path, 'teamId']);
    else if ('organizationId' in holder)
      await kit.requireVisible(executor, 'social_organization', holder.organizationId, [
        ...path,
        'organizationId',
      ]);
    // Communities are reference data, visible to everyone.
  }

  return { kit, db: kit.db, districtCode, bank, parseHolder, locate, requireVisibleHolder, actorLeadsTeam };
}

export type TimeBankContext = ReturnType<typeof createTimeBankContext>;
