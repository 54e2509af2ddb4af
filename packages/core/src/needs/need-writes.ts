import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { type Need, needs } from '../schema/needs.js';
import { type ProjectNeed, projectNeeds, serviceProjects } from '../schema/service-projects.js';
import type { ServiceKit } from '../services/service-kit.js';
import type { NeedStatus } from './code-lists.js';
import { type NeedEvent, needLifecycle } from './need-lifecycle.js';
import { answeringEvent } from './need-rules.js';

/** A need's columns a write may set, besides its version and bookkeeping. */
export type NeedChanges = Partial<Pick<Need, 'status' | 'mergedIntoId' | 'mergeReason' | 'closedOn'>>;

/**
 * The writes on needs that the needs service and the project service share, so that a need's
 * status and its links to projects are changed one way whoever changes them: needs locked FOR
 * UPDATE in id order, links written, and a need's status kept true to its links (`answered` when
 * a project that is not cancelled answers it, need-lifecycle.ts), each change audited.
 *
 * Lock order, for every write that touches both: projects first, then needs in id order, then
 * needs merged into a locked need. So two writes never wait on each other in a cycle.
 */
export function createNeedWrites(kit: ServiceKit) {
  const { districtCode } = kit;

  /**
   * The needs, locked FOR UPDATE one by one in id order and read as locked; a missing one is
   * NOT_FOUND at its path.
   *
   * @throws {SansheError} NOT_FOUND
   */
  async function lockNeeds(
    tx: SansheDb,
    named: readonly { id: number; path: FieldPath }[],
  ): Promise<Map<number, Need>> {
    const locked = new Map<number, Need>();
    const ordered = [...named].sort((a, b) => a.id - b.id);
    for (const { id, path } of ordered) {
      if (locked.has(id)) continue;
      locked.set(id, await kit.requireRecord(tx, needs, id, 'need', path, 'update'));
    }
    return locked;
  }

  /** Write the changes on a locked need, with its next version, and audit them. */
  async function updateNeed(
    tx: SansheDb,
    need: Need,
    changes: NeedChanges,
    audit: { action: string; reason?: string | null },
  ): Promise<Need> {
    const [after] = await tx
      .update(needs)
      .set({ ...changes, version: sql`${needs.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(needs.districtCode, districtCode), eq(needs.id, need.id)))
      .returning();
    await kit.audit(tx, {
      action: audit.action,
      entityType: 'need',
      entityId: need.id,
      before: need,
      after: after!,
      reason: audit.reason ?? null,
    });
    return after!;
  }

  /**
   * Move a locked need by an event of its lifecycle, refused with STATUS_NOT_ALLOWED at `path`
   * when its status does not allow it.
   *
   * @throws {SansheError} STATUS_NOT_ALLOWED
   */
  function moveNeed(
    tx: SansheDb,
    need: Need,
    event: NeedEvent,
    path: FieldPath,
    changes: NeedChanges = {},
    reason: string | null = null,
  ): Promise<Need> {
    const status = needLifecycle.next(need.status as NeedStatus, event, path, `Need ${need.id}`);
    return updateNeed(tx, need, { ...changes, status }, { action: `need.${event}`, reason });
  }

  /** Whether a project that is not cancelled answers the need (read in the caller's transaction). */
  async function answeredByLiveProject(tx: SansheDb, needId: number): Promise<boolean> {
    const [row] = await tx
      .select({ projectId: projectNeeds.projectId })
      .from(projectNeeds)
      .innerJoin(
        serviceProjects,
        and(
          eq(serviceProjects.districtCode, projectNeeds.districtCode),
          eq(serviceProjects.id, projectNeeds.projectId),
        ),
      )
      .where(
        and(
          eq(projectNeeds.districtCode, districtCode),
          eq(projectNeeds.needId, needId),
          ne(serviceProjects.status, 'cancelled'),
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  /**
   * Keep a locked need's status true to its links once they changed: an open need a live project
   * now answers is answered; an answered need no live project answers any more is open again.
   * Met, merged and withdrawn needs keep their status.
   */
  async function settleAnswered(tx: SansheDb, need: Need, path: FieldPath): Promise<Need> {
    const event = answeringEvent(need.status as NeedStatus, await answeredByLiveProject(tx, need.id));
    return event === null ? need : moveNeed(tx, need, event, path);
  }

  /**
   * Link a project to a need it answers, dated `linkedOn`, unless the link exists. Audited on the
   * project (the link is what the project answers). Undefined when the link existed.
   */
  async function insertLink(
    tx: SansheDb,
    projectId: number,
    needId: number,
    linkedOn: string,
  ): Promise<ProjectNeed | undefined> {
    const [link] = await tx
      .insert(projectNeeds)
      .values({ districtCode, projectId, needId, linkedOn })
      .onConflictDoNothing()
      .returning();
    if (link) {
      await kit.audit(tx, {
        action: 'service_project.link_need',
        entityType: 'service_project',
        entityId: projectId,
        after: link,
      });
    }
    return link;
  }

  /** Remove a project's link to a need (a draft's revision), audited on the project. */
  async function deleteLink(tx: SansheDb, link: ProjectNeed, reason: string | null = null): Promise<void> {
    await tx
      .delete(projectNeeds)
      .where(
        and(
          eq(projectNeeds.districtCode, districtCode),
          eq(projectNeeds.projectId, link.projectId),
          eq(projectNeeds.needId, link.needId),
        ),
      );
    await kit.audit(tx, {
      action: 'service_project.unlink_need',
      entityType: 'service_project',
      entityId: link.projectId,
      before: link,
      reason,
    });
  }

  /** The links of these needs to projects, with each project's status, by project id. */
  async function linksOfNeeds(
    executor: SansheDb,
    needIds: readonly number[],
  ): Promise<(ProjectNeed & { projectStatus: string })[]> {
    if (needIds.length === 0) return [];
    const rows = await executor
      .select({ link: projectNeeds, projectStatus: serviceProjects.status })
      .from(projectNeeds)
      .innerJoin(
        serviceProjects,
        and(
          eq(serviceProjects.districtCode, projectNeeds.districtCode),
          eq(serviceProjects.id, projectNeeds.projectId),
        ),
      )
      .where(and(eq(projectNeeds.districtCode, districtCode), inArray(projectNeeds.needId, [...needIds])))
      .orderBy(asc(projectNeeds.projectId), asc(projectNeeds.needId));
    return rows.map((row) => ({ ...row.link, projectStatus: row.projectStatus }));
  }

  /** The links of a project to the needs it answers, by need id. */
  async function linksOfProject(executor: SansheDb, projectId: number): Promise<ProjectNeed[]> {
    return executor
      .select()
      .from(projectNeeds)
      .where(and(eq(projectNeeds.districtCode, districtCode), eq(projectNeeds.projectId, projectId)))
      .orderBy(asc(projectNeeds.needId));
  }

  return {
    lockNeeds,
    updateNeed,
    moveNeed,
    answeredByLiveProject,
    settleAnswered,
    insertLink,
    deleteLink,
    linksOfNeeds,
    linksOfProject,
  };
}

export type NeedWrites = ReturnType<typeof createNeedWrites>;
