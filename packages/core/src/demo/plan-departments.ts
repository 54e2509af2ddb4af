import { type EventCategoryCode, eventCategories } from '../grid-events/code-lists.js';
import type { departments, eventRoutes } from '../schema/departments.js';
import type { inspectionItems } from '../schema/grid-teams.js';
import type { subdistricts } from '../schema/hierarchy.js';
import {
  type DepartmentSpec,
  districtDepartments,
  districtRoutes,
  retiredRoute,
  subdistrictEnforcement,
  subdistrictRouteCategories,
} from './grid-texts.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
export type NewDepartment = typeof departments.$inferInsert & { id: number };
export type NewEventRoute = typeof eventRoutes.$inferInsert & { id: number };
export type NewInspectionItem = typeof inspectionItems.$inferInsert & { id: number };

export interface DepartmentRows {
  departments: NewDepartment[];
  eventRoutes: NewEventRoute[];
  inspectionItems: NewInspectionItem[];
}

/**
 * The departments of a demo district (docs/domain.md §7.4): its functional bureaus and public
 * utilities, and each subdistrict's enforcement office; the routing rules that send every
 * first-level category to one of them, with the second-level exceptions and the subdistricts'
 * own rules (§7.5); and each department's inspection list (§7.3). Pure and deterministic: no
 * random draw, so nothing else moves when this list changes.
 *
 * `settledBy` is the last day anything here may start (a plan's history runs up to its day):
 * every fixed date is brought back to it when later, keeping their order.
 */
export function planDepartments(input: {
  districtCode: string;
  districtName: string;
  subdistricts: readonly NewSubdistrict[];
  settledBy: string;
}): DepartmentRows {
  const { districtCode, districtName, settledBy } = input;
  const notAfter = (day: string) => (day <= settledBy ? day : settledBy);
  const rows: DepartmentRows = { departments: [], eventRoutes: [], inspectionItems: [] };
  const codeToId = new Map<string, number>();

  const addDepartment = (spec: DepartmentSpec, unitCode: string) => {
    const department: NewDepartment = {
      districtCode,
      id: rows.departments.length + 1,
      code: spec.code,
      name: spec.name,
      kind: spec.kind,
      unitCode,
      establishedOn: notAfter(spec.establishedOn),
    };
    rows.departments.push(department);
    codeToId.set(spec.code, department.id);
    spec.items.forEach((item, index) => {
      rows.inspectionItems.push({
        districtCode,
        id: rows.inspectionItems.length + 1,
        departmentId: department.id,
        code: `${spec.code}.${String(index + 1).padStart(3, '0')}`,
        title: item.title,
        frequency: item.frequency,
        categoryCode: item.categoryCode,
        effectiveFrom: notAfter('2021-06-01'),
      });
    });
  };

  for (const spec of districtDepartments) {
    addDepartment({ ...spec, name: `${districtName}${spec.name}` }, districtCode);
  }
  // Department names are unique in a district; a large demo scale repeats subdistrict names, so a
  // repeated one is told apart by its subdistrict's code.
  const officeNames = new Set<string>();
  for (const subdistrict of input.subdistricts) {
    const plain = `${subdistrict.name}综合行政执法局`;
    const name = officeNames.has(plain) ? `${plain}（${subdistrict.code}）` : plain;
    officeNames.add(name);
    addDepartment(
      {
        ...subdistrictEnforcement,
        code: `ZF${subdistrict.code.slice(6)}`,
        name,
      },
      subdistrict.code,
    );
  }

  const addRoute = (
    categoryCode: EventCategoryCode,
    areaCode: string,
    department: string,
    effectiveFrom: string,
    retiredOn: string | null = null,
  ) => {
    rows.eventRoutes.push({
      districtCode,
      id: rows.eventRoutes.length + 1,
      categoryCode,
      areaCode,
      departmentId: codeToId.get(department)!,
      effectiveFrom: notAfter(effectiveFrom),
      retiredOn: retiredOn === null ? null : notAfter(retiredOn),
    });
  };
  const routesFrom = '2019-07-01';
  // The retired rule first: its successor starts the day it retires.
  addRoute(
    retiredRoute.categoryCode,
    districtCode,
    retiredRoute.department,
    routesFrom,
    retiredRoute.retiredOn,
  );
  for (const route of districtRoutes) {
    const from = route.categoryCode === retiredRoute.categoryCode ? retiredRoute.retiredOn : routesFrom;
    addRoute(route.categoryCode, districtCode, route.department, from);
  }
  for (const subdistrict of input.subdistricts) {
    for (const categoryCode of subdistrictRouteCategories) {
      addRoute(
        categoryCode,
        subdistrict.code,
        `ZF${subdistrict.code.slice(6)}`,
        subdistrictEnforcement.establishedOn,
      );
    }
  }
  return rows;
}

/**
 * The department responsible for a category in a grid on a day, by the plan's rules: the rule of
 * `responsibleDepartment` (grid-events/grid-lookups.ts) over rows instead of a query. The most
 * specific rule in force wins, a second-level category before its first level, then the longest
 * area code containing the grid; dissolved departments route nothing.
 */
export function createPlannedRouter(rows: DepartmentRows) {
  const departmentById = new Map(rows.departments.map((d) => [d.id, d]));
  return (categoryCode: EventCategoryCode, gridCode: string, day: string): NewDepartment | undefined => {
    const parent = eventCategories[categoryCode].parent;
    const candidates = rows.eventRoutes.filter((route) => {
      const department = departmentById.get(route.departmentId)!;
      return (
        (route.categoryCode === categoryCode || route.categoryCode === parent) &&
        gridCode.startsWith(route.areaCode) &&
        route.effectiveFrom <= day &&
        (route.retiredOn == null || route.retiredOn > day) &&
        department.establishedOn <= day &&
        (department.dissolvedOn == null || department.dissolvedOn > day)
      );
    });
    candidates.sort(
      (a, b) =>
        Number(b.categoryCode === categoryCode) - Number(a.categoryCode === categoryCode) ||
        b.areaCode.length - a.areaCode.length,
    );
    const best = candidates[0];
    return best ? departmentById.get(best.departmentId) : undefined;
  };
}
