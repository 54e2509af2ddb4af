import { and, eq, inArray } from 'drizzle-orm';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { needs } from '../schema/needs.js';
import { type ServiceProject, serviceProjects } from '../schema/service-projects.js';
import type { ProjectStatus } from './code-lists.js';
import type { NamedId, ProjectContext } from './project-context.js';
import { projectLifecycle } from './project-lifecycle.js';
import { budgetTotal, requireNeedsServed, requireSchedule } from './project-rules.js';
import type { ChangeProjectDraftInput, DesignProjectInput } from './project-types.js';

/**
 * Designing a service project and revising its draft (docs/domain.md §6.2), by the unit that
 * designs it (`project.design` at its unit).
 */
export function createProjectDesignUseCases(context: ProjectContext) {
  const { kit, db, districtCode, needWrites } = context;

  return {
    /**
     * Design a project as a draft: its name, goals, methods and schedule, its budget lines
     * (numbered 1..n; the budget is their sum), its indicators, the communities it serves (at
     * least one, within the unit, in force on its first day) and the needs it answers (each
     * visible to the caller, open or answered, of a community it serves). Linking makes an open
     * need answered. Published text holds no personal data.
     *
     * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, VALIDATION_FAILED,
     *   INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_CODE_LIST_VALUE, INVALID_DATE,
     *   INVALID_DATE_RANGE, INVALID_NUMBER, NOT_FOUND, FORBIDDEN, UNIT_NOT_IN_FORCE,
     *   STATUS_NOT_ALLOWED
     */
    async designProject(input: DesignProjectInput): Promise<ServiceProject> {
      const unitCode = context.parseUnitCode(input.unitCode, ['input', 'unitCode']);
      const content = context.parseContent(input, true);
      const startsOn = content.startsOn!;
      requireSchedule(startsOn, content.endsOn!, ['input', 'endsOn']);
      const budgetFen = budgetTotal(content.budgetLines!, ['input', 'budgetLines']);
      kit.authorize('project.design', { unitCode });

      return db.transaction(async (tx) => {
        await context.lockUnit(tx, unitCode, startsOn, ['input', 'unitCode']);
        const served = await context.lockServedCommunities(tx, content.communities!, unitCode, startsOn, [
          'input',
          'communityIds',
        ]);
        const [project] = await tx
          .insert(serviceProjects)
          .values({
            districtCode,
            name: content.name!,
            unitCode,
            serviceDomain: content.serviceDomain!,
            goals: content.goals!,
            methods: content.methods!,
            startsOn,
            endsOn: content.endsOn!,
            budgetFen,
          })
          .returning();
        await context.insertLines(tx, project!.id, content.budgetLines!);
        await context.insertIndicators(tx, project!.id, content.indicators!);
        await context.insertCommunities(
          tx,
          project!.id,
          served.map((community) => community.id),
        );
        await context.answerNeeds(
          tx,
          project!.id,
          content.needs!,
          new Set(served.map((community) => community.id)),
          kit.today(),
        );
        await kit.audit(tx, {
          action: 'service_project.design',
          entityType: 'service_project',
          entityId: project!.id,
          after: { ...project!, ...(await context.partsOf(tx, project!.id)) },
        });
        return project!;
      });
    },

    /**
     * Revise a draft: each field given replaces what the draft holds. Budget lines given replace
     * the lines (renumbered 1..n) and the budget becomes their sum; indicators given are written
     * anew; communities given replace those served (the needs it keeps must be theirs); needs
     * given are the needs it answers: needs no longer named are unlinked (one no live project
     * answers any more is open again), new ones linked as a design links them. A draft's parts
     * are replaced, not kept: nothing of a draft has been approved, and the audit log keeps what
     * it held. The unit is not changed.
     *
     * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT,
     *   INVALID_CODE_LIST_VALUE, INVALID_DATE, INVALID_DATE_RANGE, INVALID_NUMBER, FORBIDDEN,
     *   VERSION_CONFLICT, STATUS_NOT_ALLOWED, UNIT_NOT_IN_FORCE
     */
    async changeProjectDraft(input: ChangeProjectDraftInput): Promise<ServiceProject> {
      const projectPath: FieldPath = ['input', 'projectId'];
      const projectId = kit.requireId(input.projectId, 'service project', projectPath);
      const content = context.parseContent(input, false);
      if (Object.keys(content).length === 0) {
        throw new SansheError('VALIDATION_FAILED', 'A revision gives at least one field to change.', {
          path: ['input'],
        });
      }
      const found = await context.visibleProject(projectId, projectPath);
      kit.authorize('project.design', { unitCode: found.unitCode });

      return db.transaction(async (tx) => {
        const project = await context.lockProject(tx, projectId, projectPath, 'update');
        kit.checkVersion(project, input.expectedVersion, `Service project ${projectId}`);
        projectLifecycle.next(
          project.status as ProjectStatus,
          'reviseDraft',
          projectPath,
          `Service project ${projectId}`,
        );
        const startsOn = content.startsOn ?? project.startsOn;
        const endsOn = content.endsOn ?? project.endsOn;
        requireSchedule(startsOn, endsOn, ['input', content.endsOn === undefined ? 'startsOn' : 'endsOn']);
        const before = { ...project, ...(await context.partsOf(tx, projectId)) };

        if (content.startsOn !== undefined) {
          await context.lockUnit(tx, project.unitCode, startsOn, ['input', 'startsOn']);
        }
        let servedIds = new Set(before.communityIds);
        if (content.communities !== undefined || content.startsOn !== undefined) {
          const listPath: FieldPath = [
            'input',
            content.communities === undefined ? 'startsOn' : 'communityIds',
          ];
          const named = content.communities ?? before.communityIds.map((id) => ({ id, path: listPath }));
          const served = await context.lockServedCommunities(tx, named, project.unitCode, startsOn, listPath);
          servedIds = new Set(served.map((community) => community.id));
        }

        // The needs it answers after the revision: those named, or those it had.
        const links = await needWrites.linksOfProject(tx, projectId);
        const wanted: NamedId[] =
          content.needs ?? links.map((link) => ({ id: link.needId, path: ['input', 'communityIds'] }));
        const wantedIds = new Set(wanted.map((need) => need.id));
        const linkedIds = new Set(links.map((link) => link.needId));
        const removed = links.filter((link) => !wantedIds.has(link.needId));
        const added = wanted.filter((need) => !linkedIds.has(need.id));
        const kept = wanted.filter((need) => linkedIds.has(need.id));
        if (kept.length > 0) {
          const keptRows = await tx
            .select({ id: needs.id, communityId: needs.communityId })
            .from(needs)
            .where(
              and(
                eq(needs.districtCode, districtCode),
                inArray(
                  needs.id,
                  kept.map((need) => need.id),
                ),
              ),
            );
          const communityOf = new Map(keptRows.map((row) => [row.id, row.communityId]));
          requireNeedsServed(
            kept.map((need) => ({ ...need, communityId: communityOf.get(need.id)! })),
            servedIds,
          );
        }
        // Every need the revision touches is locked first, in one pass in id order.
        await needWrites.lockNeeds(tx, [
          ...removed.map((link) => ({ id: link.needId, path: ['input', 'needIds'] as FieldPath })),
          ...added,
        ]);
        await context.releaseNeeds(tx, removed, ['input', 'needIds']);

        if (content.communities !== undefined) {
          await context.deleteParts(tx, projectId, 'communities');
          await context.insertCommunities(tx, projectId, servedIds);
        }
        if (content.budgetLines !== undefined) {
          await context.deleteParts(tx, projectId, 'lines');
          await context.insertLines(tx, projectId, content.budgetLines);
        }
        if (content.indicators !== undefined) {
          await context.deleteParts(tx, projectId, 'indicators');
          await context.insertIndicators(tx, projectId, content.indicators);
        }
        await context.answerNeeds(tx, projectId, added, servedIds, kit.today());
        const after = await context.updateProject(tx, project, {
          name: content.name,
          serviceDomain: content.serviceDomain,
          goals: content.goals,
          methods: content.methods,
          startsOn: content.startsOn,
          endsOn: content.endsOn,
          budgetFen:
            content.budgetLines === undefined
              ? undefined
              : budgetTotal(content.budgetLines, ['input', 'budgetLines']),
        });
        await kit.audit(tx, {
          action: 'service_project.change',
          entityType: 'service_project',
          entityId: projectId,
          before,
          after: { ...after, ...(await context.partsOf(tx, projectId)) },
        });
        return after;
      });
    },
  };
}
