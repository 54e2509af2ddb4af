import { and, asc, desc, eq } from 'drizzle-orm';
import { visibleNeeds, visibleProjects } from '../access/chain-visibility.js';
import { parseListPage } from '../needs/need-filter-rules.js';
import { type Community, communities } from '../schema/hierarchy.js';
import { type Need, needs } from '../schema/needs.js';
import {
  type ProjectBudgetLine,
  type ProjectIndicator,
  projectBudgetLines,
  projectCommunities,
  projectIndicators,
  projectNeeds,
  type ServiceProject,
  serviceProjects,
} from '../schema/service-projects.js';
import { isLocalId } from '../services/service-kit.js';
import type { ProjectContext } from './project-context.js';
import { projectCondition } from './project-filter.js';
import { type ProjectFilterInput, parseProjectFilter } from './project-filter-rules.js';

/**
 * Reads of service projects, outside any write's transaction, through the caller's read rules
 * (access/chain-visibility.ts): a project the caller cannot see is absent, and so are its parts;
 * a project's needs are those the caller may see. Needs and projects are traceable both ways
 * (`projectNeeds`, `needProjects`).
 */
export function createProjectReads(context: ProjectContext) {
  const { kit, db, districtCode } = context;
  const projectVisible = () => visibleProjects(kit.actor, districtCode, serviceProjects);
  const needVisible = () => visibleNeeds(kit.actor, districtCode, needs);

  async function getProject(id: number): Promise<ServiceProject | undefined> {
    if (!isLocalId(id)) return undefined;
    const [row] = await db
      .select()
      .from(serviceProjects)
      .where(
        and(eq(serviceProjects.districtCode, districtCode), eq(serviceProjects.id, id), projectVisible()),
      );
    return row;
  }

  return {
    /** One project by its local id, or undefined when there is none the caller may see. */
    getProject,

    /**
     * The projects matching the filter that the caller may see, the latest starting first, a page
     * at a time (`limit` default 100, at most 500; `offset`).
     *
     * @throws {SansheError} INVALID_DIVISION_CODE, INVALID_CODE_LIST_VALUE, INVALID_NAME,
     *   INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async listProjects(
      filter: ProjectFilterInput | null = null,
      page: { limit?: number | null; offset?: number | null } | null = null,
    ): Promise<ServiceProject[]> {
      const parsed = kit.unwrap(parseProjectFilter(filter));
      const { limit, offset } = kit.unwrap(parseListPage(page, { path: ['page'] }));
      return db
        .select()
        .from(serviceProjects)
        .where(and(projectCondition(serviceProjects, districtCode, parsed), projectVisible()))
        .orderBy(desc(serviceProjects.startsOn), desc(serviceProjects.id))
        .limit(limit)
        .offset(offset);
    },

    /** A visible project's budget lines, by line number. */
    async projectBudgetLines(projectId: number): Promise<ProjectBudgetLine[]> {
      if (!(await getProject(projectId))) return [];
      return db
        .select()
        .from(projectBudgetLines)
        .where(
          and(eq(projectBudgetLines.districtCode, districtCode), eq(projectBudgetLines.projectId, projectId)),
        )
        .orderBy(asc(projectBudgetLines.lineNumber));
    },

    /** A visible project's indicators, in the order they were written. */
    async projectIndicators(projectId: number): Promise<ProjectIndicator[]> {
      if (!(await getProject(projectId))) return [];
      return db
        .select()
        .from(projectIndicators)
        .where(
          and(eq(projectIndicators.districtCode, districtCode), eq(projectIndicators.projectId, projectId)),
        )
        .orderBy(asc(projectIndicators.id));
    },

    /** The communities a visible project serves, by code. */
    async projectCommunities(projectId: number): Promise<Community[]> {
      if (!(await getProject(projectId))) return [];
      const rows = await db
        .select({ community: communities })
        .from(projectCommunities)
        .innerJoin(
          communities,
          and(
            eq(communities.districtCode, projectCommunities.districtCode),
            eq(communities.id, projectCommunities.communityId),
          ),
        )
        .where(
          and(eq(projectCommunities.districtCode, districtCode), eq(projectCommunities.projectId, projectId)),
        )
        .orderBy(asc(communities.code));
      return rows.map((row) => row.community);
    },

    /**
     * The needs a visible project answers that the caller may see, with the day each was linked,
     * by need id: merged needs among them (the project answered the duplicate before the merge)
     * with the needs they were merged into.
     */
    async projectNeeds(projectId: number): Promise<(Need & { linkedOn: string })[]> {
      if (!(await getProject(projectId))) return [];
      const rows = await db
        .select({ need: needs, linkedOn: projectNeeds.linkedOn })
        .from(projectNeeds)
        .innerJoin(
          needs,
          and(eq(needs.districtCode, projectNeeds.districtCode), eq(needs.id, projectNeeds.needId)),
        )
        .where(
          and(
            eq(projectNeeds.districtCode, districtCode),
            eq(projectNeeds.projectId, projectId),
            needVisible(),
          ),
        )
        .orderBy(asc(needs.id));
      return rows.map((row) => ({ ...row.need, linkedOn: row.linkedOn }));
    },

    /** The projects that answer a visible need and that the caller may see, with the day each was linked. */
    async needProjects(needId: number): Promise<(ServiceProject & { linkedOn: string })[]> {
      if (!isLocalId(needId)) return [];
      const [need] = await db
        .select({ id: needs.id })
        .from(needs)
        .where(and(eq(needs.districtCode, districtCode), eq(needs.id, needId), needVisible()));
      if (!need) return [];
      const rows = await db
        .select({ project: serviceProjects, linkedOn: projectNeeds.linkedOn })
        .from(projectNeeds)
        .innerJoin(
          serviceProjects,
          and(
            eq(serviceProjects.districtCode, projectNeeds.districtCode),
            eq(serviceProjects.id, projectNeeds.projectId),
          ),
        )
        .where(
          and(eq(projectNeeds.districtCode, districtCode), eq(projectNeeds.needId, needId), projectVisible()),
        )
        .orderBy(asc(serviceProjects.id));
      return rows.map((row) => ({ ...row.project, linkedOn: row.linkedOn }));
    },
  };
}
