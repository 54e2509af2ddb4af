import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import type { NeedStatus } from '../needs/code-lists.js';
import { needLifecycle } from '../needs/need-lifecycle.js';
import { createNeedWrites } from '../needs/need-writes.js';
import { publishedText } from '../needs/needs-context.js';
import { serviceDomains } from '../organizations/code-lists.js';
import { type Community, communities, districts, subdistricts } from '../schema/hierarchy.js';
import {
  type ProjectBudgetLine,
  type ProjectIndicator,
  type ProjectNeed,
  projectBudgetLines,
  projectCommunities,
  projectIndicators,
  type ServiceProject,
  serviceProjects,
} from '../schema/service-projects.js';
import { parseCode } from '../services/code-list.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { parseIsoDate } from '../validators/text.js';
import type { ProjectMethod } from './code-lists.js';
import {
  type BudgetLine,
  type Indicator,
  parseBudgetLines,
  parseIdList,
  parseIndicators,
  parseMethods,
  requireCommunitiesWithinUnit,
  requireNeedsServed,
} from './project-rules.js';
import type { DesignProjectInput } from './project-types.js';

/** A record the input names, with where it sits in the input. */
export interface NamedId {
  id: number;
  path: FieldPath;
}

/** What a design (all of it) or a draft's revision (the fields given) sets, parsed. */
export interface ProjectContent {
  name?: string;
  serviceDomain?: string;
  goals?: string;
  methods?: ProjectMethod[];
  startsOn?: string;
  endsOn?: string;
  budgetLines?: BudgetLine[];
  indicators?: Indicator[];
  needs?: NamedId[];
  communities?: NamedId[];
}

/** The project's columns a write may set, besides its version and bookkeeping. */
type ProjectChanges = Partial<
  Pick<
    ServiceProject,
    | 'name'
    | 'serviceDomain'
    | 'goals'
    | 'methods'
    | 'startsOn'
    | 'endsOn'
    | 'budgetFen'
    | 'status'
    | 'approvedOn'
    | 'closedOn'
  >
>;

/** What a project holds besides its row, for the audit log. */
export interface ProjectParts {
  budgetLines: ProjectBudgetLine[];
  indicators: ProjectIndicator[];
  communityIds: number[];
  needIds: number[];
}

/**
 * What every use case of service projects shares, for one district and one caller: the service
 * kit, the writes on needs the needs list shares (needs/need-writes.ts), parsing a project's
 * content, and the loads, locks and writes of a project and its parts. The use cases are
 * project-design.ts, project-decisions.ts and project-needs.ts; the rules are pure, in
 * project-rules.ts.
 *
 * Lock order: the project first (FOR UPDATE when its row or parts change, FOR SHARE when only
 * its links do), then its unit and communities FOR SHARE, then needs FOR UPDATE in id order, as
 * every write on needs does (need-writes.ts).
 */
export function createProjectContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;
  const needWrites = createNeedWrites(kit);

  /**
   * The code of the unit that designs a project: the district, a subdistrict or a community of
   * this district (schema CHECK `service_projects_unit_in_district`).
   *
   * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT
   */
  function parseUnitCode(value: unknown, path: FieldPath): string {
    const code = kit.unwrap(parseDivisionCode(value, { path })).code;
    if (!code.startsWith(districtCode)) {
      throw new SansheError('CODE_OUTSIDE_DISTRICT', `Unit ${code} lies outside district ${districtCode}.`, {
        path,
      });
    }
    return code;
  }

  /**
   * The content of a design (every field required) or of a draft's revision (the fields given),
   * parsed whole before anything is read.
   */
  function parseContent(input: Partial<DesignProjectInput>, whole: boolean): ProjectContent {
    const at = (field: string): FieldPath => ['input', field];
    const given = (field: keyof DesignProjectInput) => whole || input[field] !== undefined;
    const content: ProjectContent = {};
    if (given('name')) {
      content.name = publishedText(kit, input.name, at('name'), { maxLength: 200, label: 'The name' });
    }
    if (given('serviceDomain')) {
      content.serviceDomain = parseCode(
        serviceDomains,
        input.serviceDomain,
        at('serviceDomain'),
        'The service domain',
      );
    }
    if (given('goals')) {
      content.goals = publishedText(kit, input.goals, at('goals'), {
        maxLength: 2000,
        label: 'The goals',
        multiline: true,
      });
    }
    if (given('methods')) content.methods = parseMethods(input.methods, at('methods'));
    if (given('startsOn'))
      content.startsOn = kit.unwrap(parseIsoDate(input.startsOn, { path: at('startsOn') }));
    if (given('endsOn')) content.endsOn = kit.unwrap(parseIsoDate(input.endsOn, { path: at('endsOn') }));
    if (given('budgetLines')) content.budgetLines = parseBudgetLines(input.budgetLines, at('budgetLines'));
    if (given('indicators')) content.indicators = parseIndicators(input.indicators, at('indicators'));
    if (given('needIds')) content.needs = parseIdList(input.needIds, at('needIds'), 'need');
    if (given('communityIds'))
      content.communities = parseIdList(input.communityIds, at('communityIds'), 'community');
    return content;
  }

  /**
   * A project the input names, if the caller may see it (else NOT_FOUND at `path`, as a missing
   * one): read without a lock, to learn where it lies for the authorization.
   *
   * @throws {SansheError} NOT_FOUND
   */
  async function visibleProject(projectId: number, path: FieldPath): Promise<ServiceProject> {
    await kit.requireVisible(db, 'service_project', projectId, path);
    return kit.requireRecord(db, serviceProjects, projectId, 'service project', path);
  }

  /** The project, locked in the write's transaction. */
  function lockProject(tx: SansheDb, projectId: number, path: FieldPath, lock: Exclude<RowLock, false>) {
    return kit.requireRecord(tx, serviceProjects, projectId, 'service project', path, lock);
  }

  /**
   * The unit that designs a project exists and is in force on the project's first day, locked FOR
   * SHARE so it does not retire meanwhile.
   *
   * @throws {SansheError} NOT_FOUND, UNIT_NOT_IN_FORCE
   */
  async function lockUnit(tx: SansheDb, unitCode: string, on: string, path: FieldPath): Promise<void> {
    const [unit] =
      unitCode.length === 6
        ? await tx.select().from(districts).where(eq(districts.districtCode, unitCode)).for('share')
        : unitCode.length === 9
          ? await tx
              .select()
              .from(subdistricts)
              .where(and(eq(subdistricts.districtCode, districtCode), eq(subdistricts.code, unitCode)))
              .for('share')
          : await tx
              .select()
              .from(communities)
              .where(and(eq(communities.districtCode, districtCode), eq(communities.code, unitCode)))
              .for('share');
    if (!unit)
      throw new SansheError('NOT_FOUND', `No unit ${unitCode} in district ${districtCode}.`, { path });
    if (!isActiveOn(unit, on)) {
      throw new SansheError('UNIT_NOT_IN_FORCE', `The unit ${unitCode} is not in force on ${on}.`, { path });
    }
  }

  /**
   * The communities a project serves, locked FOR SHARE in id order: each exists, is in force on
   * the project's first day and lies within the unit.
   *
   * @throws {SansheError} NOT_FOUND, UNIT_NOT_IN_FORCE, VALIDATION_FAILED
   */
  async function lockServedCommunities(
    tx: SansheDb,
    named: readonly NamedId[],
    unitCode: string,
    on: string,
    listPath: FieldPath,
  ): Promise<Community[]> {
    const rows =
      named.length === 0
        ? []
        : await tx
            .select()
            .from(communities)
            .where(
              and(
                eq(communities.districtCode, districtCode),
                inArray(
                  communities.id,
                  named.map((entry) => entry.id),
                ),
              ),
            )
            .orderBy(asc(communities.id))
            .for('share');
    const byId = new Map(rows.map((row) => [row.id, row]));
    const served = named.map(({ id, path }) => {
      const community = byId.get(id);
      if (!community) throw kit.notFound('community', id, path);
      if (!isActiveOn(community, on)) {
        throw new SansheError(
          'UNIT_NOT_IN_FORCE',
          `The community ${community.code} is not in force on ${on}.`,
          {
            path,
          },
        );
      }
      return { community, path };
    });
    requireCommunitiesWithinUnit(
      unitCode,
      served.map(({ community, path }) => ({ code: community.code, path })),
      listPath,
    );
    return served.map(({ community }) => community);
  }

  /**
   * Link the project to needs it answers, dated `linkedOn`: each need visible to the caller, of a
   * community the project serves, open or answered (checked for all before any is written);
   * an open need becomes answered. Needs are locked FOR UPDATE in id order.
   *
   * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED, STATUS_NOT_ALLOWED
   */
  async function answerNeeds(
    tx: SansheDb,
    projectId: number,
    named: readonly NamedId[],
    servedCommunityIds: ReadonlySet<number>,
    linkedOn: string,
  ): Promise<ProjectNeed[]> {
    for (const { id, path } of named) await kit.requireVisible(tx, 'need', id, path);
    const locked = await needWrites.lockNeeds(tx, named);
    requireNeedsServed(
      named.map(({ id, path }) => ({ id, communityId: locked.get(id)!.communityId, path })),
      servedCommunityIds,
    );
    for (const { id, path } of named) {
      needLifecycle.next(locked.get(id)!.status as NeedStatus, 'answer', path, `Need ${id}`);
    }
    const links: ProjectNeed[] = [];
    for (const { id, path } of [...named].sort((a, b) => a.id - b.id)) {
      const link = await needWrites.insertLink(tx, projectId, id, linkedOn);
      if (link) links.push(link);
      await needWrites.settleAnswered(tx, locked.get(id)!, path);
    }
    return links;
  }

  /**
   * Remove the project's links to these needs (a draft's revision); a need no live project
   * answers any more is open again. Needs are locked FOR UPDATE in id order.
   */
  async function releaseNeeds(tx: SansheDb, links: readonly ProjectNeed[], path: FieldPath): Promise<void> {
    const locked = await needWrites.lockNeeds(
      tx,
      links.map((link) => ({ id: link.needId, path })),
    );
    for (const link of [...links].sort((a, b) => a.needId - b.needId)) {
      await needWrites.deleteLink(tx, link);
      await needWrites.settleAnswered(tx, locked.get(link.needId)!, path);
    }
  }

  /** Write a project's budget lines, numbered as parsed. */
  async function insertLines(tx: SansheDb, projectId: number, lines: readonly BudgetLine[]): Promise<void> {
    if (lines.length === 0) return;
    await tx.insert(projectBudgetLines).values(lines.map((line) => ({ districtCode, projectId, ...line })));
  }

  async function insertIndicators(tx: SansheDb, projectId: number, indicators: readonly Indicator[]) {
    if (indicators.length === 0) return;
    await tx
      .insert(projectIndicators)
      .values(indicators.map((indicator) => ({ districtCode, projectId, ...indicator })));
  }

  async function insertCommunities(tx: SansheDb, projectId: number, communityIds: Iterable<number>) {
    const values = [...communityIds].map((communityId) => ({ districtCode, projectId, communityId }));
    if (values.length > 0) await tx.insert(projectCommunities).values(values);
  }

  /** A draft's lines, indicators or communities, removed before those given replace them. */
  async function deleteParts(tx: SansheDb, projectId: number, part: 'lines' | 'indicators' | 'communities') {
    const table =
      part === 'lines' ? projectBudgetLines : part === 'indicators' ? projectIndicators : projectCommunities;
    await tx.delete(table).where(and(eq(table.districtCode, districtCode), eq(table.projectId, projectId)));
  }

  /** A project's lines, indicators, communities and needs, as stored. */
  async function partsOf(executor: SansheDb, projectId: number): Promise<ProjectParts> {
    // One statement after another: a transaction runs on one connection.
    const budgetLines = await executor
      .select()
      .from(projectBudgetLines)
      .where(
        and(eq(projectBudgetLines.districtCode, districtCode), eq(projectBudgetLines.projectId, projectId)),
      )
      .orderBy(asc(projectBudgetLines.lineNumber));
    const indicators = await executor
      .select()
      .from(projectIndicators)
      .where(
        and(eq(projectIndicators.districtCode, districtCode), eq(projectIndicators.projectId, projectId)),
      )
      .orderBy(asc(projectIndicators.id));
    const served = await executor
      .select({ communityId: projectCommunities.communityId })
      .from(projectCommunities)
      .where(
        and(eq(projectCommunities.districtCode, districtCode), eq(projectCommunities.projectId, projectId)),
      )
      .orderBy(asc(projectCommunities.communityId));
    const links = await needWrites.linksOfProject(executor, projectId);
    return {
      budgetLines,
      indicators,
      communityIds: served.map((row) => row.communityId),
      needIds: links.map((link) => link.needId),
    };
  }

  /** Write the changes on a locked project with its next version. */
  async function updateProject(tx: SansheDb, project: ServiceProject, changes: ProjectChanges) {
    const [after] = await tx
      .update(serviceProjects)
      .set({ ...changes, version: sql`${serviceProjects.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(serviceProjects.districtCode, districtCode), eq(serviceProjects.id, project.id)))
      .returning();
    return after!;
  }

  return {
    kit,
    db,
    districtCode,
    needWrites,
    parseUnitCode,
    parseContent,
    visibleProject,
    lockProject,
    lockUnit,
    lockServedCommunities,
    answerNeeds,
    releaseNeeds,
    insertLines,
    insertIndicators,
    insertCommunities,
    deleteParts,
    partsOf,
    updateProject,
  };
}

export type ProjectContext = ReturnType<typeof createProjectContext>;
