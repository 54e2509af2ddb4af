import { and, asc, eq, sql } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import {
  type ConsultationMeeting,
  consultationMeetings,
  type MeetingOutcome,
  meetingOutcomes,
  type OutcomeTask,
  outcomeTasks,
} from '../schema/consultation.js';
import { type Department, departments } from '../schema/departments.js';
import { gridEvents } from '../schema/grid-events.js';
import { type Community, communities } from '../schema/hierarchy.js';
import { needs } from '../schema/needs.js';
import { type SocialOrganization, socialOrganizations } from '../schema/organizations.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';

/** Options of the consultation service: those of every service. */
export type ConsultationServiceOptions = ServiceOptions;

/**
 * What the use cases of consultation share, for one district and one caller: the service kit,
 * loads and locks, the records an input may name (each checked by the caller's read rule, then
 * against the meeting's community), and where an outcome or task lies for the jurisdiction
 * check. The use cases are meetings.ts, outcome-tasks.ts and outcome-follow-up.ts; reads are in
 * consultation-reads.ts and consultation-figures.ts; rules are pure, in consultation-rules.ts,
 * meeting-input.ts and outcome-lifecycle.ts.
 */
export function createConsultationContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ConsultationServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  /**
   * The community, locked FOR SHARE so it does not retire meanwhile, in force on `day`.
   *
   * @throws {SansheError} NOT_FOUND, UNIT_NOT_IN_FORCE
   */
  async function requireCommunityOn(
    tx: SansheDb,
    id: number,
    day: string,
    path: FieldPath,
  ): Promise<Community> {
    const community = await kit.requireRecord(tx, communities, id, 'community', path, 'share');
    if (!isActiveOn(community, day)) {
      throw new SansheError('UNIT_NOT_IN_FORCE', `Community ${community.code} is not in force on ${day}.`, {
        path,
        details: { day, effectiveFrom: community.effectiveFrom, retiredOn: community.retiredOn },
      });
    }
    return community;
  }

  /** The code of a community by id (every meeting has one: a foreign key holds it). */
  async function communityOf(executor: SansheDb, communityId: number): Promise<Community> {
    return kit.requireRecord(executor, communities, communityId, 'community', ['input', 'communityId']);
  }

  function requireMeeting(executor: SansheDb, id: number, path: FieldPath, lock: RowLock = false) {
    return kit.requireRecord(executor, consultationMeetings, id, 'consultation meeting', path, lock);
  }

  function requireOutcome(
    executor: SansheDb,
    id: number,
    path: FieldPath,
    lock: RowLock = false,
  ): Promise<MeetingOutcome> {
    return kit.requireRecord(executor, meetingOutcomes, id, 'meeting outcome', path, lock);
  }

  function requireTask(
    executor: SansheDb,
    id: number,
    path: FieldPath,
    lock: RowLock = false,
  ): Promise<OutcomeTask> {
    return kit.requireRecord(executor, outcomeTasks, id, 'outcome task', path, lock);
  }

  /** An outcome's meeting and the meeting's community: where the outcome and its tasks lie. */
  async function placeOfOutcome(
    executor: SansheDb,
    outcome: MeetingOutcome,
  ): Promise<{ meeting: ConsultationMeeting; community: Community; target: WriteTarget }> {
    const meeting = await requireMeeting(executor, outcome.meetingId, ['input', 'outcomeId']);
    const community = await communityOf(executor, meeting.communityId);
    return { meeting, community, target: { unitCode: community.code } };
  }

  /** The tasks of an outcome by id, locked when asked. */
  async function tasksOf(
    executor: SansheDb,
    outcomeId: number,
    lock: RowLock = false,
  ): Promise<OutcomeTask[]> {
    const query = executor
      .select()
      .from(outcomeTasks)
      .where(and(eq(outcomeTasks.districtCode, districtCode), eq(outcomeTasks.outcomeId, outcomeId)))
      .orderBy(asc(outcomeTasks.id));
    return lock ? query.for(lock) : query;
  }

  /**
   * A grid event the input names: visible to the caller (else NOT_FOUND, as a missing one) and
   * of the meeting's community (a meeting takes up its own residents' problems).
   *
   * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED
   */
  async function requireEventOf(
    tx: SansheDb,
    eventId: number,
    community: Community,
    path: FieldPath,
  ): Promise<void> {
    await kit.requireVisible(tx, 'grid_event', eventId, path);
    const [event] = await tx
      .select({ communityId: gridEvents.communityId })
      .from(gridEvents)
      .where(and(eq(gridEvents.districtCode, districtCode), eq(gridEvents.id, eventId)));
    if (!event) throw kit.notFound('grid event', eventId, path);
    if (event.communityId !== community.id) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `Grid event ${eventId} lies in another community than ${community.name} (${community.code}).`,
        { path, details: { communityId: community.id } },
      );
    }
  }

  /**
   * A residents' need the input names: visible to the caller and of the meeting's community.
   *
   * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED
   */
  async function requireNeedOf(
    tx: SansheDb,
    needId: number,
    community: Community,
    path: FieldPath,
  ): Promise<void> {
    await kit.requireVisible(tx, 'need', needId, path);
    const [need] = await tx
      .select({ communityId: needs.communityId })
      .from(needs)
      .where(and(eq(needs.districtCode, districtCode), eq(needs.id, needId)));
    if (!need) throw kit.notFound('need', needId, path);
    if (need.communityId !== community.id) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `Need ${needId} is of another community than ${community.name} (${community.code}).`,
        { path, details: { communityId: community.id } },
      );
    }
  }

  /**
   * An organization the input names, visible to the caller, that existed on `day` (registered or
   * filed by then, not yet deregistered), locked FOR SHARE.
   *
   * @throws {SansheError} NOT_FOUND, ORGANIZATION_INACTIVE
   */
  async function requireOrganizationOn(
    tx: SansheDb,
    id: number,
    day: string,
    path: FieldPath,
  ): Promise<SocialOrganization> {
    await kit.requireVisible(tx, 'social_organization', id, path);
    const organization = await kit.requireRecord(
      tx,
      socialOrganizations,
      id,
      'social organization',
      path,
      'share',
    );
    const gone = organization.deregisteredOn !== null && organization.deregisteredOn <= day;
    if (organization.registeredOn > day || gone) {
      throw new SansheError(
        'ORGANIZATION_INACTIVE',
        gone
          ? `Organization ${organization.name} was deregistered on ${organization.deregisteredOn}.`
          : `Organization ${organization.name} was registered on ${organization.registeredOn}, after ${day}.`,
        { path, details: { day } },
      );
    }
    return organization;
  }

  /**
   * A department the input names (departments are public reference data), in force on `day` and
   * serving the community: a district department serves every community, a subdistrict's office
   * only those of its subdistrict (docs/domain.md §7.4). Locked FOR SHARE so it is not dissolved
   * meanwhile.
   *
   * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED
   */
  async function requireDepartmentServing(
    tx: SansheDb,
    id: number,
    community: Community,
    day: string,
    path: FieldPath,
  ): Promise<Department> {
    await kit.requireVisible(tx, 'department', id, path);
    const department = await kit.requireRecord(tx, departments, id, 'department', path, 'share');
    if (
      department.establishedOn > day ||
      (department.dissolvedOn !== null && department.dissolvedOn <= day)
    ) {
      throw new SansheError('VALIDATION_FAILED', `Department ${department.name} is not in force on ${day}.`, {
        path,
        details: { day, establishedOn: department.establishedOn, dissolvedOn: department.dissolvedOn },
      });
    }
    if (!community.code.startsWith(department.unitCode)) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `Department ${department.name} serves ${department.unitCode}, not community ${community.code}.`,
        { path, details: { unitCode: department.unitCode } },
      );
    }
    return department;
  }

  /** Write a changed row of a record table at the next version (it is locked FOR UPDATE by the caller). */
  async function bumpOutcome(
    tx: SansheDb,
    current: MeetingOutcome,
    changes: Partial<Pick<MeetingOutcome, 'state' | 'implementedOn' | 'reportedBackOn' | 'report'>>,
  ): Promise<MeetingOutcome> {
    const [row] = await tx
      .update(meetingOutcomes)
      .set({ ...changes, version: current.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(meetingOutcomes.districtCode, districtCode),
          eq(meetingOutcomes.id, current.id),
          eq(meetingOutcomes.version, current.version),
        ),
      )
      .returning();
    if (!row) throw kit.versionConflict(current, `Outcome ${current.id}`);
    return row;
  }

  async function bumpTask(
    tx: SansheDb,
    current: OutcomeTask,
    changes: Partial<Pick<OutcomeTask, 'doneOn' | 'result'>>,
  ): Promise<OutcomeTask> {
    const [row] = await tx
      .update(outcomeTasks)
      .set({ ...changes, version: current.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(outcomeTasks.districtCode, districtCode),
          eq(outcomeTasks.id, current.id),
          eq(outcomeTasks.version, current.version),
        ),
      )
      .returning();
    if (!row) throw kit.versionConflict(current, `Task ${current.id}`);
    return row;
  }

  return {
    kit,
    db,
    districtCode,
    requireCommunityOn,
    communityOf,
    requireMeeting,
    requireOutcome,
    requireTask,
    placeOfOutcome,
    tasksOf,
    requireEventOf,
    requireNeedOf,
    requireOrganizationOn,
    requireDepartmentServing,
    bumpOutcome,
    bumpTask,
  };
}

export type ConsultationContext = ReturnType<typeof createConsultationContext>;
