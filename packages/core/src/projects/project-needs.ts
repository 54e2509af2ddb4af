import { and, eq } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { type ProjectNeed, projectCommunities, projectNeeds } from '../schema/service-projects.js';
import type { ProjectStatus } from './code-lists.js';
import type { ProjectContext } from './project-context.js';
import { linkingEvent, projectLifecycle } from './project-lifecycle.js';
import type { LinkNeedInput, UnlinkNeedInput } from './project-types.js';

/**
 * The needs a project answers, linked one at a time (docs/domain.md §6.1: "traceable both ways"),
 * by the unit that designs it (`project.design` at its unit). A link is its own record, dated:
 * the project's row and version stay as they are.
 */
export function createProjectNeedsUseCases(context: ProjectContext) {
  const { kit, db, districtCode } = context;

  /** The project's link to the need, if any, read in the caller's transaction. */
  async function findLink(tx: SansheDb, projectId: number, needId: number) {
    const [link] = await tx
      .select()
      .from(projectNeeds)
      .where(
        and(
          eq(projectNeeds.districtCode, districtCode),
          eq(projectNeeds.projectId, projectId),
          eq(projectNeeds.needId, needId),
        ),
      );
    return link;
  }

  /** The ids a link names, parsed. */
  function prepare(input: { projectId: number; needId: number }) {
    const projectPath: FieldPath = ['input', 'projectId'];
    const needPath: FieldPath = ['input', 'needId'];
    const projectId = kit.requireId(input.projectId, 'service project', projectPath);
    const needId = kit.requireId(input.needId, 'need', needPath);
    return { projectPath, needPath, projectId, needId };
  }

  return {
    /**
     * Link a draft or an approved project to a further need it answers, dated `linkedOn` (today
     * when not given, never after it): the need visible to the caller, of a community the project
     * serves, open or answered, and not linked already (DUPLICATE_RECORD). An open need becomes
     * answered. The project is locked FOR SHARE: links may be added side by side, but the project
     * is not revised, cancelled or closed meanwhile.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, VERSION_CONFLICT,
     *   STATUS_NOT_ALLOWED, DUPLICATE_RECORD, VALIDATION_FAILED
     */
    async linkNeed(input: LinkNeedInput): Promise<ProjectNeed> {
      const { projectPath, needPath, projectId, needId } = prepare(input);
      const linkedOn = kit.pastDate(input.linkedOn, ['input', 'linkedOn'], false);
      const found = await context.visibleProject(projectId, projectPath);
      kit.authorize('project.design', { unitCode: found.unitCode });

      return db.transaction(async (tx) => {
        const project = await context.lockProject(tx, projectId, projectPath, 'share');
        kit.checkVersion(project, input.expectedVersion, `Service project ${projectId}`);
        const status = project.status as ProjectStatus;
        projectLifecycle.next(status, linkingEvent(status), projectPath, `Service project ${projectId}`);
        await kit.requireVisible(tx, 'need', needId, needPath);
        if (await findLink(tx, projectId, needId)) {
          throw new SansheError('DUPLICATE_RECORD', `Project ${projectId} already answers need ${needId}.`, {
            path: needPath,
          });
        }
        const served = await tx
          .select({ communityId: projectCommunities.communityId })
          .from(projectCommunities)
          .where(
            and(
              eq(projectCommunities.districtCode, districtCode),
              eq(projectCommunities.projectId, projectId),
            ),
          );
        const [link] = await context.answerNeeds(
          tx,
          projectId,
          [{ id: needId, path: needPath }],
          new Set(served.map((row) => row.communityId)),
          linkedOn,
        );
        return link!;
      });
    },

    /**
     * Unlink a need from a draft (an approved project's needs are what was approved: they stay).
     * A need no project that is not cancelled answers any more is open again. Answers the link
     * removed.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, STATUS_NOT_ALLOWED
     */
    async unlinkNeed(input: UnlinkNeedInput): Promise<ProjectNeed> {
      const { projectPath, needPath, projectId, needId } = prepare(input);
      const found = await context.visibleProject(projectId, projectPath);
      kit.authorize('project.design', { unitCode: found.unitCode });

      return db.transaction(async (tx) => {
        const project = await context.lockProject(tx, projectId, projectPath, 'share');
        kit.checkVersion(project, input.expectedVersion, `Service project ${projectId}`);
        projectLifecycle.next(
          project.status as ProjectStatus,
          'reviseDraft',
          projectPath,
          `Service project ${projectId}`,
        );
        await kit.requireVisible(tx, 'need', needId, needPath);
        const link = await findLink(tx, projectId, needId);
        if (!link) {
          throw new SansheError('NOT_FOUND', `Project ${projectId} does not answer need ${needId}.`, {
            path: needPath,
          });
        }
        await context.releaseNeeds(tx, [link], needPath);
        return link;
      });
    },
  };
}
