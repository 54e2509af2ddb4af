import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../database/db-errors.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { departmentKinds } from '../grid-events/code-lists.js';
import { constraintOf } from '../ledger/ledger-refusals.js';
import { type Department, departments, eventRoutes } from '../schema/departments.js';
import { inspectionItems } from '../schema/grid-teams.js';
import { parseCode } from '../services/code-list.js';
import { parsePublicName } from '../validators/published-text.js';
import type { DepartmentContext } from './department-context.js';
import type {
  CreateDepartmentInput,
  DissolveDepartmentInput,
  RenameDepartmentInput,
} from './department-types.js';

/**
 * The district's departments (职能部门, docs/domain.md §7.4): the functional departments,
 * subdistrict offices and public utilities that handle grid events routed to them and report in
 * when a community summons them. Their names are public (the names of government bodies). A
 * department is dissolved, never deleted: what it handled stays attributed to it.
 */
export function createDepartmentUseCases(ctx: DepartmentContext) {
  const { kit, db, districtCode } = ctx;

  /** A write of a department's code or name, a taken one answered as the conflict it is. */
  async function uniquely<T>(write: () => Promise<T>, code: string, name: string): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const byName = constraintOf(error) === 'departments_name_unique';
      const path: FieldPath = ['input', byName ? 'name' : 'code'];
      throw new SansheError(
        'DUPLICATE_RECORD',
        byName
          ? `A department named ${name} already exists in district ${districtCode}.`
          : `A department with code ${code} already exists in district ${districtCode}.`,
        { path, cause: error },
      );
    }
  }

  return {
    /**
     * Record a department serving the district or one of its subdistricts (`department.manage`,
     * district-wide).
     *
     * @throws {SansheError} VALIDATION_FAILED (code), INVALID_NAME, PERSONAL_DATA_IN_PUBLIC_TEXT,
     *   INVALID_CODE_LIST_VALUE (kind), INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT,
     *   CODE_LEVEL_MISMATCH (a community), INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, NOT_FOUND (no
     *   such subdistrict), UNIT_NOT_IN_FORCE, DUPLICATE_RECORD (code or name taken)
     */
    async createDepartment(input: CreateDepartmentInput): Promise<Department> {
      const code = ctx.parseDepartmentCode(input.code, ['input', 'code']);
      const name = kit.unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const kind = parseCode(departmentKinds, input.kind, ['input', 'kind'], 'The kind of department');
      const unitCode = ctx.parseServedUnit(input.unitCode, ['input', 'unitCode']);
      const establishedOn = kit.pastDate(input.establishedOn, ['input', 'establishedOn'], false);
      // Departments are the district's: no subdistrict or community keeps another's list.
      kit.authorize('department.manage', { unitCode: null });
      return db.transaction(async (tx) => {
        await ctx.requireUnitInForce(
          tx,
          unitCode,
          unitCode.length === 6 ? 'district' : 'subdistrict',
          establishedOn,
          ['input', 'unitCode'],
        );
        const [department] = await uniquely(
          () =>
            tx
              .insert(departments)
              .values({ districtCode, code, name, kind, unitCode, establishedOn })
              .returning(),
          code,
          name,
        );
        await kit.audit(tx, {
          action: 'department.create',
          entityType: 'department',
          entityId: department!.id,
          after: department,
        });
        return department!;
      });
    },

    /**
     * Rename a department (a reorganisation that keeps its duties). A dissolved department keeps
     * the name it had.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_NAME, PERSONAL_DATA_IN_PUBLIC_TEXT, FORBIDDEN,
     *   VERSION_CONFLICT, STATUS_NOT_ALLOWED (dissolved), DUPLICATE_RECORD (name taken)
     */
    async renameDepartment(input: RenameDepartmentInput): Promise<Department> {
      const id = kit.requireId(input.id, 'department', ['input', 'id']);
      const name = kit.unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      kit.authorize('department.manage', { unitCode: null });
      return db.transaction(async (tx) => {
        const current = await ctx.lockDepartment(tx, id, 'update', ['input', 'id']);
        kit.checkVersion(current, input.expectedVersion, `Department ${current.code}`);
        if (current.dissolvedOn !== null) {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Department ${current.code} was dissolved on ${current.dissolvedOn}.`,
            { path: ['input', 'id'], details: { dissolvedOn: current.dissolvedOn } },
          );
        }
        if (current.name === name) return current;
        const [department] = await uniquely(
          () =>
            tx
              .update(departments)
              .set({ name, version: current.version + 1, updatedAt: sql`now()` })
              .where(and(eq(departments.districtCode, districtCode), eq(departments.id, id)))
              .returning(),
          current.code,
          name,
        );
        await kit.audit(tx, {
          action: 'department.rename',
          entityType: 'department',
          entityId: id,
          before: current,
          after: department,
        });
        return department!;
      });
    },

    /**
     * Dissolve a department on a day. In the same transaction its routing rules and inspection
     * items end that day (or, for one not yet in force, on the day it would have started), so no
     * event is routed to a department that no longer exists and no patrol is owed to it; the
     * district routes the categories anew (setRoute) to the successor.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, INVALID_TEXT,
     *   VALIDATION_FAILED (reason), FORBIDDEN, VERSION_CONFLICT, ALREADY_ENDED, INVALID_DATE_RANGE
     *   (before it was established)
     */
    async dissolveDepartment(
      input: DissolveDepartmentInput,
    ): Promise<Department & { retiredRouteIds: number[]; retiredItemIds: number[] }> {
      const id = kit.requireId(input.id, 'department', ['input', 'id']);
      const dissolvedOn = kit.pastDate(input.dissolvedOn, ['input', 'dissolvedOn'], false);
      const reason =
        input.reason == null
          ? null
          : kit.text(input.reason, ['input', 'reason'], { maxLength: 500, label: 'The reason' });
      kit.authorize('department.manage', { unitCode: null });
      return db.transaction(async (tx) => {
        // FOR UPDATE: a rule or item added meanwhile (FOR SHARE on the department) waits, then
        // sees it dissolved; one added before is retired below.
        const current = await ctx.lockDepartment(tx, id, 'update', ['input', 'id']);
        kit.checkVersion(current, input.expectedVersion, `Department ${current.code}`);
        if (current.dissolvedOn !== null) {
          throw new SansheError(
            'ALREADY_ENDED',
            `Department ${current.code} was dissolved on ${current.dissolvedOn}.`,
            { path: ['input', 'id'], details: { dissolvedOn: current.dissolvedOn } },
          );
        }
        if (dissolvedOn < current.establishedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Department ${current.code} was established on ${current.establishedOn}, after ${dissolvedOn}.`,
            { path: ['input', 'dissolvedOn'], details: { establishedOn: current.establishedOn } },
          );
        }
        const retiredRoutes = await tx
          .update(eventRoutes)
          .set({
            retiredOn: sql`greatest(${dissolvedOn}::date, ${eventRoutes.effectiveFrom})`,
            version: sql`${eventRoutes.version} + 1`,
            updatedAt: sql`now()`,
          })
          .where(
            and(
              eq(eventRoutes.districtCode, districtCode),
              eq(eventRoutes.departmentId, id),
              or(isNull(eventRoutes.retiredOn), gt(eventRoutes.retiredOn, dissolvedOn)),
            ),
          )
          .returning({ id: eventRoutes.id });
        const retiredItems = await tx
          .update(inspectionItems)
          .set({
            retiredOn: sql`greatest(${dissolvedOn}::date, ${inspectionItems.effectiveFrom})`,
            version: sql`${inspectionItems.version} + 1`,
            updatedAt: sql`now()`,
          })
          .where(
            and(
              eq(inspectionItems.districtCode, districtCode),
              eq(inspectionItems.departmentId, id),
              or(isNull(inspectionItems.retiredOn), gt(inspectionItems.retiredOn, dissolvedOn)),
            ),
          )
          .returning({ id: inspectionItems.id });
        const [department] = await tx
          .update(departments)
          .set({ dissolvedOn, version: current.version + 1, updatedAt: sql`now()` })
          .where(and(eq(departments.districtCode, districtCode), eq(departments.id, id)))
          .returning();
        const retiredRouteIds = retiredRoutes.map((row) => row.id).sort((a, b) => a - b);
        const retiredItemIds = retiredItems.map((row) => row.id).sort((a, b) => a - b);
        await kit.audit(tx, {
          action: 'department.dissolve',
          entityType: 'department',
          entityId: id,
          before: current,
          after: { ...department!, retiredRouteIds, retiredItemIds },
          reason,
        });
        return { ...department!, retiredRouteIds, retiredItemIds };
      });
    },
  };
}
