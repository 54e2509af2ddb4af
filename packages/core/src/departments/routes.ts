import { and, eq, isNull, sql } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { type EventRoute, eventRoutes } from '../schema/departments.js';
import type { DepartmentContext } from './department-context.js';
import type { RetireRouteInput, SetRouteInput } from './department-types.js';

/**
 * Routing (docs/domain.md §7.5): category × area decides the department responsible for a grid
 * event. One rule is open per category and area (the unique index `event_routes_open_unique`); a
 * change retires the open rule on the day its successor starts, so the route an event took on any
 * day can be explained later (grid-events/grid-lookups.ts `responsibleDepartment` reads them).
 */
export function createRouteUseCases(ctx: DepartmentContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * Route a category of event in an area to a department from a day (`department.manage`).
     * The department must be in force that day and serve the area: a department of a subdistrict
     * handles events of that subdistrict only (its unit code is a prefix of the area's). The open
     * rule for the same category and area, if any, is retired on `effectiveFrom` in the same
     * transaction; naming the department it already routes to changes nothing.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE (category), INVALID_DIVISION_CODE,
     *   INVALID_GRID_CODE, CODE_OUTSIDE_DISTRICT, NOT_FOUND (department or area), INVALID_DATE,
     *   INVALID_DATE_RANGE (before today, before the open rule's day, before the department was
     *   established), FORBIDDEN, STATUS_NOT_ALLOWED (dissolved), VALIDATION_FAILED (the department
     *   serves another subdistrict), UNIT_NOT_IN_FORCE, DUPLICATE_RECORD (another rule was set for
     *   the pair meanwhile)
     */
    async setRoute(input: SetRouteInput): Promise<EventRoute> {
      const categoryCode = ctx.parseCategory(input.categoryCode, ['input', 'categoryCode'], false);
      const area = ctx.parseAreaCode(input.areaCode, ['input', 'areaCode']);
      const departmentId = kit.requireId(input.departmentId, 'department', ['input', 'departmentId']);
      const effectiveFrom = ctx.ruleDay(input.effectiveFrom, ['input', 'effectiveFrom']);
      kit.authorize('department.manage', { unitCode: null });
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'department', departmentId, ['input', 'departmentId']);
        // FOR SHARE: a dissolution waits for this rule, then retires it with the others.
        const department = await ctx.lockDepartment(tx, departmentId, 'share', ['input', 'departmentId']);
        ctx.requireDepartmentInForce(
          department,
          effectiveFrom,
          ['input', 'departmentId'],
          ['input', 'effectiveFrom'],
        );
        if (!area.code.startsWith(department.unitCode)) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `Department ${department.code} serves ${department.unitCode}, which does not contain ${area.code}.`,
            {
              path: ['input', 'departmentId'],
              details: { unitCode: department.unitCode, areaCode: area.code },
            },
          );
        }
        await ctx.requireUnitInForce(tx, area.code, area.level, effectiveFrom, ['input', 'areaCode']);
        const [open] = await tx
          .select()
          .from(eventRoutes)
          .where(
            and(
              eq(eventRoutes.districtCode, districtCode),
              eq(eventRoutes.categoryCode, categoryCode),
              eq(eventRoutes.areaCode, area.code),
              isNull(eventRoutes.retiredOn),
            ),
          )
          .for('update');
        if (open?.departmentId === departmentId && open.effectiveFrom <= effectiveFrom) return open;
        if (open && open.effectiveFrom > effectiveFrom) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The rule in force for ${categoryCode} in ${area.code} starts on ${open.effectiveFrom}, after ${effectiveFrom}; a successor starts on or after it.`,
            {
              path: ['input', 'effectiveFrom'],
              details: { openRouteId: open.id, effectiveFrom: open.effectiveFrom },
            },
          );
        }
        if (open) {
          await tx
            .update(eventRoutes)
            .set({ retiredOn: effectiveFrom, version: open.version + 1, updatedAt: sql`now()` })
            .where(and(eq(eventRoutes.districtCode, districtCode), eq(eventRoutes.id, open.id)));
        }
        const [route] = await kit.insertUnique(
          () =>
            tx
              .insert(eventRoutes)
              .values({ districtCode, categoryCode, areaCode: area.code, departmentId, effectiveFrom })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Another rule for ${categoryCode} in ${area.code} was set meanwhile; reload the routes and try again.`,
            path: ['input', 'areaCode'],
          },
        );
        await kit.audit(tx, {
          action: 'event_route.set',
          entityType: 'event_route',
          entityId: route!.id,
          before: open ?? null,
          after: { ...route!, replacedRouteId: open?.id ?? null },
        });
        return route!;
      });
    },

    /**
     * Retire a routing rule from a day (not before today): the category in that area then falls
     * to the next most general rule, or to none (NO_ROUTE when an event is dispatched).
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, INVALID_DATE_RANGE (before today or before
     *   the rule took effect), FORBIDDEN, ALREADY_ENDED
     */
    async retireRoute(input: RetireRouteInput): Promise<EventRoute> {
      const id = kit.requireId(input.id, 'routing rule', ['input', 'id']);
      const retiredOn = ctx.ruleDay(input.retiredOn, ['input', 'retiredOn']);
      kit.authorize('department.manage', { unitCode: null });
      return ctx.retireDatedRule(
        eventRoutes,
        { kind: 'event_route', what: 'routing rule', label: 'rule' },
        id,
        retiredOn,
      );
    },
  };
}
