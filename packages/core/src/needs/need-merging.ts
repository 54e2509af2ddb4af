import { and, asc, eq, inArray } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { type Need, needs } from '../schema/needs.js';
import { projectNeeds, serviceProjects } from '../schema/service-projects.js';
import type { NeedStatus } from './code-lists.js';
import { needLifecycle } from './need-lifecycle.js';
import { requireClosedAfterCollected, requireDistinctNeeds, requireMergeTarget } from './need-rules.js';
import type { MergeNeedInput } from './need-types.js';
import { MAX_NEED_REASON_LENGTH, type NeedsContext, requiredReason } from './needs-context.js';

/** The projects linked to the duplicate changed between their lock and the needs' lock: run again. */
class LinksMovedDuringMerge extends Error {}

/** How many times a merge runs again when a project was linked to the duplicate meanwhile. */
const MERGE_ATTEMPTS = 5;

/**
 * Merging a duplicate need into the need it repeats (docs/domain.md §6.1): the duplicate is kept,
 * merged, with the need it repeats and the reason (never deleted), in the community where the
 * needs lie (`need.record`).
 */
export function createNeedMergingUseCases(context: NeedsContext) {
  const { kit, db, districtCode, writes } = context;

  /** The projects linked to a need, by id. */
  async function projectsLinkedTo(executor: SansheDb, needId: number): Promise<number[]> {
    const rows = await executor
      .select({ projectId: projectNeeds.projectId })
      .from(projectNeeds)
      .where(and(eq(projectNeeds.districtCode, districtCode), eq(projectNeeds.needId, needId)))
      .orderBy(asc(projectNeeds.projectId));
    return rows.map((row) => row.projectId);
  }

  /**
   * The projects, locked FOR SHARE in id order: none is cancelled, revised or closed while the
   * merge copies its links (those writes lock the project first, then its needs, as this does).
   */
  async function shareProjects(tx: SansheDb, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await tx
      .select({ id: serviceProjects.id })
      .from(serviceProjects)
      .where(and(eq(serviceProjects.districtCode, districtCode), inArray(serviceProjects.id, [...ids])))
      .orderBy(asc(serviceProjects.id))
      .for('share');
  }

  /** The needs merged into `rootId`, locked FOR UPDATE in id order (their root is locked first). */
  async function lockMergedInto(tx: SansheDb, rootId: number): Promise<Need[]> {
    return tx
      .select()
      .from(needs)
      .where(and(eq(needs.districtCode, districtCode), eq(needs.mergedIntoId, rootId)))
      .orderBy(asc(needs.id))
      .for('update');
  }

  return {
    /**
     * Merge a duplicate into the need it repeats, with the reason (published with the need, so
     * it names no resident) and the day. Both needs are the caller's to see and of one community;
     * the duplicate is open or answered, the need it repeats too and not merged itself: needs
     * are merged into their root, so every merged need names the need that stands for it in one
     * step. For the same reason, needs merged earlier into the duplicate are re-pointed to the new
     * root, each audited.
     *
     * Links to projects: the duplicate keeps its links (what was linked stays traceable from
     * both sides), and each project that answered the duplicate and is not cancelled is linked
     * to the need it repeats as well, dated the day of the merge; the need it repeats is then
     * answered if it was open.
     *
     * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED, REASON_REQUIRED, INVALID_TEXT,
     *   PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, VERSION_CONFLICT,
     *   STATUS_NOT_ALLOWED, INVALID_DATE_RANGE
     */
    async mergeNeed(input: MergeNeedInput): Promise<Need> {
      const needPath: FieldPath = ['input', 'needId'];
      const targetPath: FieldPath = ['input', 'intoNeedId'];
      const needId = kit.requireId(input.needId, 'need', needPath);
      const intoNeedId = kit.requireId(input.intoNeedId, 'need', targetPath);
      requireDistinctNeeds(needId, intoNeedId, targetPath);
      const reason = requiredReason(kit, input.reason, ['input', 'reason'], {
        maxLength: MAX_NEED_REASON_LENGTH,
        published: true,
      });
      const mergedOn = kit.pastDate(input.mergedOn, ['input', 'mergedOn'], false);
      const { communityCode } = await context.visibleNeed(db, needId, needPath);
      kit.authorize('need.record', { unitCode: communityCode });

      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction(async (tx) => {
            const linkedBefore = await projectsLinkedTo(tx, needId);
            await shareProjects(tx, linkedBefore);
            await kit.requireVisible(tx, 'need', intoNeedId, targetPath);
            const locked = await writes.lockNeeds(tx, [
              { id: needId, path: needPath },
              { id: intoNeedId, path: targetPath },
            ]);
            const linked = await projectsLinkedTo(tx, needId);
            if (linked.some((projectId) => !linkedBefore.includes(projectId))) {
              throw new LinksMovedDuringMerge();
            }
            const duplicate = locked.get(needId)!;
            const target = locked.get(intoNeedId)!;
            kit.checkVersion(duplicate, input.expectedVersion, `Need ${needId}`);
            const facts = (need: Need) => ({
              id: need.id,
              communityId: need.communityId,
              status: need.status as NeedStatus,
              mergedIntoId: need.mergedIntoId,
            });
            needLifecycle.next(duplicate.status as NeedStatus, 'merge', needPath, `Need ${needId}`);
            requireMergeTarget(facts(duplicate), facts(target), targetPath);
            requireClosedAfterCollected(duplicate, mergedOn, ['input', 'mergedOn']);
            const merged = await writes.moveNeed(
              tx,
              duplicate,
              'merge',
              needPath,
              { mergedIntoId: intoNeedId, mergeReason: reason, closedOn: mergedOn },
              reason,
            );
            for (const earlier of await lockMergedInto(tx, needId)) {
              await writes.updateNeed(
                tx,
                earlier,
                { mergedIntoId: intoNeedId },
                { action: 'need.merge', reason: `need ${needId} was merged into need ${intoNeedId}` },
              );
            }
            for (const link of await writes.linksOfNeeds(tx, [needId])) {
              if (link.projectStatus === 'cancelled') continue;
              await writes.insertLink(tx, link.projectId, intoNeedId, mergedOn);
            }
            await writes.settleAnswered(tx, target, targetPath);
            return merged;
          });
        } catch (error) {
          if (error instanceof LinksMovedDuringMerge && attempt < MERGE_ATTEMPTS) continue;
          throw error;
        }
      }
    },
  };
}
