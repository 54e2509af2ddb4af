import { and, asc, eq, gt, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { Columns } from '../access/sql-conditions.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { departmentKinds } from '../grid-events/code-lists.js';
import { responsibleDepartment } from '../grid-events/grid-lookups.js';
import { type Department, departments, type EventRoute, eventRoutes } from '../schema/departments.js';
import { type InspectionItem, inspectionItems } from '../schema/grid-teams.js';
import { grids } from '../schema/hierarchy.js';
import { parseCode } from '../services/code-list.js';
import { isLocalId } from '../services/service-kit.js';
import { parseIsoDate } from '../validators/text.js';
import type { DepartmentContext } from './department-context.js';
import type {
  DepartmentFilter,
  InspectionItemFilter,
  RouteAreaLevel,
  RouteExplanation,
  RouteFilter,
  RouteForInput,
} from './department-types.js';

const areaLevelWords: Record<RouteAreaLevel, string> = {
  district: 'the district',
  subdistrict: 'subdistrict',
  community: 'community',
  grid: 'grid',
};

/** The level of the hierarchy an area code of this district names, by its length. */
function areaLevelOf(areaCode: string): RouteAreaLevel {
  if (areaCode.length === 6) return 'district';
  if (areaCode.length === 9) return 'subdistrict';
  if (areaCode.length === 12) return 'community';
  return 'grid';
}

/**
 * Reads of departments, routing rules and inspection lists. They are public reference data (the
 * names and duties of government departments, docs/domain.md §7.4): every caller reads them all.
 * A filter's faults are typed, at `['filter', field]`.
 */
export function createDepartmentReads(ctx: DepartmentContext) {
  const { kit, db, districtCode } = ctx;

  function optionalDay(value: string | null | undefined, path: FieldPath): string | null {
    return value === undefined || value === null ? null : kit.unwrap(parseIsoDate(value, { path }));
  }

  /** Rows of a table with a lifespan in force on `day` (from its first day up to, not including, its last). */
  function inForceOn(columns: Columns<'effectiveFrom' | 'retiredOn'>, day: string): SQL {
    return and(
      lte(columns.effectiveFrom, day),
      or(isNull(columns.retiredOn), gt(columns.retiredOn, day)),
    ) as SQL;
  }

  return {
    /**
     * The district's departments matching the filter, by code.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT,
     *   CODE_LEVEL_MISMATCH, INVALID_DATE
     */
    async departments(filter: DepartmentFilter | null = null): Promise<Department[]> {
      const kind =
        filter?.kind == null
          ? null
          : parseCode(departmentKinds, filter.kind, ['filter', 'kind'], 'The kind of department');
      const unitCode =
        filter?.unitCode == null ? null : ctx.parseServedUnit(filter.unitCode, ['filter', 'unitCode']);
      const asOf = optionalDay(filter?.asOf, ['filter', 'asOf']);
      return db
        .select()
        .from(departments)
        .where(
          and(
            eq(departments.districtCode, districtCode),
            kind === null ? undefined : eq(departments.kind, kind),
            unitCode === null ? undefined : eq(departments.unitCode, unitCode),
            asOf === null
              ? undefined
              : and(
                  lte(departments.establishedOn, asOf),
                  or(isNull(departments.dissolvedOn), gt(departments.dissolvedOn, asOf)),
                ),
          ),
        )
        .orderBy(asc(departments.code));
    },

    /** One department by local id, or undefined. */
    async departmentById(id: number): Promise<Department | undefined> {
      return kit.findRecord(db, departments, id);
    },

    /**
     * Routing rules matching the filter, by category, area and first day: those in force on
     * `asOf`, or every rule ever set (the history of routing) without it.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, INVALID_DIVISION_CODE, INVALID_GRID_CODE,
     *   CODE_OUTSIDE_DISTRICT, INVALID_DATE
     */
    async routes(filter: RouteFilter | null = null): Promise<EventRoute[]> {
      const categoryCode =
        filter?.categoryCode == null
          ? null
          : ctx.parseCategory(filter.categoryCode, ['filter', 'categoryCode'], false);
      const areaCode =
        filter?.areaCode == null ? null : ctx.parseAreaCode(filter.areaCode, ['filter', 'areaCode']).code;
      const departmentId = filter?.departmentId ?? null;
      if (departmentId !== null && !isLocalId(departmentId)) return [];
      const asOf = optionalDay(filter?.asOf, ['filter', 'asOf']);
      return db
        .select()
        .from(eventRoutes)
        .where(
          and(
            eq(eventRoutes.districtCode, districtCode),
            categoryCode === null ? undefined : eq(eventRoutes.categoryCode, categoryCode),
            areaCode === null ? undefined : eq(eventRoutes.areaCode, areaCode),
            departmentId === null ? undefined : eq(eventRoutes.departmentId, departmentId),
            asOf === null ? undefined : inForceOn(eventRoutes, asOf),
          ),
        )
        .orderBy(
          asc(eventRoutes.categoryCode),
          asc(eventRoutes.areaCode),
          asc(eventRoutes.effectiveFrom),
          asc(eventRoutes.id),
        );
    },

    /**
     * Inspection items matching the filter, by code: those in force on `asOf`, or all without it.
     *
     * @throws {SansheError} INVALID_DATE
     */
    async inspectionItems(filter: InspectionItemFilter | null = null): Promise<InspectionItem[]> {
      const departmentId = filter?.departmentId ?? null;
      if (departmentId !== null && !isLocalId(departmentId)) return [];
      const asOf = optionalDay(filter?.asOf, ['filter', 'asOf']);
      return db
        .select()
        .from(inspectionItems)
        .where(
          and(
            eq(inspectionItems.districtCode, districtCode),
            departmentId === null ? undefined : eq(inspectionItems.departmentId, departmentId),
            asOf === null ? undefined : inForceOn(inspectionItems, asOf),
          ),
        )
        .orderBy(asc(inspectionItems.code));
    },

    /**
     * The department responsible for a category of event in a grid on a day, and the rule that
     * decided it (grid-events/grid-lookups.ts `responsibleDepartment`: a rule for the category
     * itself before one for its first-level class, then the smallest area containing the grid;
     * dissolved departments route nothing). Null when no rule applies: an event of that category
     * there would be refused NO_ROUTE.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE (not a second-level category), NOT_FOUND
     *   (grid), INVALID_DATE
     */
    async routeFor(input: RouteForInput): Promise<RouteExplanation | null> {
      const categoryCode = ctx.parseCategory(input.categoryCode, ['input', 'categoryCode'], true);
      const gridId = kit.requireId(input.gridId, 'grid', ['input', 'gridId']);
      const day = optionalDay(input.day, ['input', 'day']) ?? kit.today();
      const grid = await kit.requireRecord(db, grids, gridId, 'grid', ['input', 'gridId']);
      const decided = await responsibleDepartment(db, districtCode, categoryCode, grid.code, day);
      if (!decided) return null;
      const route = (await kit.findRecord(db, eventRoutes, decided.routeId))!;
      const department = (await kit.findRecord(db, departments, decided.departmentId))!;
      const matchedBy = route.categoryCode === categoryCode ? 'category' : 'parent_category';
      const areaLevel = areaLevelOf(route.areaCode);
      const area =
        areaLevel === 'district' ? areaLevelWords.district : `${areaLevelWords[areaLevel]} ${route.areaCode}`;
      return {
        department,
        route,
        matchedBy,
        areaLevel,
        explanation:
          `Rule ${route.id} (in force from ${route.effectiveFrom}) routes ${route.categoryCode} in ${area} to ` +
          `${department.name} (${department.code}). On ${day} it is the most specific rule for ${categoryCode} ` +
          `in grid ${grid.code}: ` +
          (matchedBy === 'category'
            ? `no rule for ${categoryCode} in force names a smaller area containing the grid.`
            : `no rule in force names ${categoryCode} itself for an area containing the grid, and no rule for ` +
              `${route.categoryCode} names a smaller one.`),
      };
    },
  };
}
