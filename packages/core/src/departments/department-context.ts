import { and, eq, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { type EventCategoryCode, eventCategories } from '../grid-events/code-lists.js';
import { isActiveOn, type Lifespan } from '../hierarchy/lifespan.js';
import { type Department, departments, type eventRoutes } from '../schema/departments.js';
import type { inspectionItems } from '../schema/grid-teams.js';
import { communities, districts, grids, subdistricts } from '../schema/hierarchy.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';
import { parseDivisionCode, parseGridCode } from '../validators/division-code.js';
import { parseIsoDate } from '../validators/text.js';
import type { RouteAreaLevel } from './department-types.js';

/** A department's code: the district's own short code (`CG` for 城市管理局), as its lists print it. */
const DEPARTMENT_CODE = /^[A-Z0-9_-]{1,32}$/;
/** An inspection item's code: the same, with dots for the numbering of a list (`CG.03.012`). */
const ITEM_CODE = /^[A-Z0-9_.-]{1,32}$/;

/**
 * What the use cases of departments share (docs/domain.md §7.3–§7.5), for one district and one
 * caller: the service kit, the parsing of codes and days, and the loads and locks of departments
 * and of the units routing rules name. The use cases are departments.ts, routes.ts and
 * inspection-items.ts; reads are in department-reads.ts.
 *
 * Lock order: a department first (FOR UPDATE when it or what hangs on it changes, FOR SHARE when
 * a rule or item is added to it), then the unit an area code names (FOR SHARE), then the routing
 * rule or item itself (FOR UPDATE).
 */
export function createDepartmentContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  function parseDepartmentCode(value: unknown, path: FieldPath): string {
    if (typeof value !== 'string' || !DEPARTMENT_CODE.test(value)) {
      throw new SansheError(
        'VALIDATION_FAILED',
        'A department code is 1 to 32 capital letters, digits, "_" or "-" (e.g. CG).',
        { path },
      );
    }
    return value;
  }

  function parseItemCode(value: unknown, path: FieldPath): string {
    if (typeof value !== 'string' || !ITEM_CODE.test(value)) {
      throw new SansheError(
        'VALIDATION_FAILED',
        'An inspection item code is 1 to 32 capital letters, digits, "_", "-" or "." (e.g. CG.03.012).',
        { path },
      );
    }
    return value;
  }

  /**
   * A code of the event classification (GB/T 30428.2 / CJ/T 214 in shape, grid-events/code-lists.ts):
   * any level, or only a second-level one where what is named is filed under it.
   *
   * @throws {SansheError} INVALID_CODE_LIST_VALUE
   */
  function parseCategory(value: unknown, path: FieldPath, secondLevelOnly: boolean): EventCategoryCode {
    if (typeof value !== 'string' || !Object.hasOwn(eventCategories, value)) {
      throw new SansheError(
        'INVALID_CODE_LIST_VALUE',
        'The category is a code of the event classification (e.g. E05, or E0503 under it).',
        { path },
      );
    }
    const code = value as EventCategoryCode;
    if (secondLevelOnly && eventCategories[code].parent === null) {
      throw new SansheError(
        'INVALID_CODE_LIST_VALUE',
        `${code} is a first-level class; name one of its second-level categories.`,
        { path },
      );
    }
    return code;
  }

  /**
   * The unit a department serves: the district itself or one of its subdistricts (a 街道 城管中队
   * serves its subdistrict only; communities are residents' self-governing bodies, not
   * departments' jurisdictions).
   *
   * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, CODE_LEVEL_MISMATCH
   */
  function parseServedUnit(value: unknown, path: FieldPath): string {
    const code = kit.unwrap(parseDivisionCode(value, { path }));
    if (code.districtCode !== districtCode) {
      throw new SansheError(
        'CODE_OUTSIDE_DISTRICT',
        `Unit ${code.code} is not a unit of district ${districtCode}.`,
        { path },
      );
    }
    if (code.level === 'community') {
      throw new SansheError(
        'CODE_LEVEL_MISMATCH',
        `A department serves the district (${districtCode}) or a subdistrict, not the community ${code.code}.`,
        { path },
      );
    }
    return code.code;
  }

  /**
   * The area a routing rule covers: the district, a subdistrict, a community (statistical division
   * codes) or a grid (a community code and a local suffix), of this district.
   *
   * @throws {SansheError} INVALID_DIVISION_CODE, INVALID_GRID_CODE, CODE_OUTSIDE_DISTRICT
   */
  function parseAreaCode(value: unknown, path: FieldPath): { code: string; level: RouteAreaLevel } {
    const grid = typeof value === 'string' && value.trim().length > 12;
    const parsed = grid
      ? { ...kit.unwrap(parseGridCode(value, undefined, { path })), level: 'grid' as const }
      : kit.unwrap(parseDivisionCode(value, { path }));
    if (parsed.districtCode !== districtCode) {
      throw new SansheError(
        'CODE_OUTSIDE_DISTRICT',
        `Area ${parsed.code} does not lie in district ${districtCode}.`,
        { path },
      );
    }
    return { code: parsed.code, level: parsed.level };
  }

  /**
   * The first day of a rule (a routing rule, an inspection item) or of its retirement: today when
   * the input gives none, never before today. A rule decides what happens from its day on; moving
   * it into the past would change, after the fact, which department an event was routed to and what
   * patrols were owed.
   *
   * @throws {SansheError} INVALID_DATE, INVALID_DATE_RANGE
   */
  function ruleDay(value: unknown, path: FieldPath): string {
    const today = kit.today();
    if (value === undefined || value === null) return today;
    const day = kit.unwrap(parseIsoDate(value, { path }));
    if (day < today) {
      throw new SansheError(
        'INVALID_DATE_RANGE',
        `${day} lies before today (${today}): rules change from today on, never in the past.`,
        { path, details: { today } },
      );
    }
    return day;
  }

  function lockDepartment(tx: SansheDb, id: number, lock: RowLock, path: FieldPath): Promise<Department> {
    return kit.requireRecord(tx, departments, id, 'department', path, lock);
  }

  /**
   * The department may take new duties on `day`: established by then, not dissolved.
   *
   * @throws {SansheError} STATUS_NOT_ALLOWED (dissolved), INVALID_DATE_RANGE (not yet established)
   */
  function requireDepartmentInForce(
    department: Department,
    day: string,
    path: FieldPath,
    dayPath: FieldPath,
  ) {
    if (department.dissolvedOn !== null && department.dissolvedOn <= day) {
      throw new SansheError(
        'STATUS_NOT_ALLOWED',
        `Department ${department.code} was dissolved on ${department.dissolvedOn}.`,
        { path, details: { dissolvedOn: department.dissolvedOn } },
      );
    }
    if (department.establishedOn > day) {
      throw new SansheError(
        'INVALID_DATE_RANGE',
        `Department ${department.code} is established on ${department.establishedOn}, after ${day}.`,
        { path: dayPath, details: { establishedOn: department.establishedOn } },
      );
    }
  }

  /**
   * The unit with this code (district, subdistrict, community or grid), locked FOR SHARE so it
   * does not retire meanwhile, in force on `day`.
   *
   * @throws {SansheError} NOT_FOUND, UNIT_NOT_IN_FORCE
   */
  async function requireUnitInForce(
    tx: SansheDb,
    code: string,
    level: RouteAreaLevel,
    day: string,
    path: FieldPath,
  ): Promise<void> {
    let unit: Lifespan | undefined;
    if (level === 'district') {
      [unit] = await tx.select().from(districts).where(eq(districts.districtCode, code)).for('share');
    } else {
      const table = level === 'subdistrict' ? subdistricts : level === 'community' ? communities : grids;
      [unit] = await tx
        .select({ effectiveFrom: table.effectiveFrom, retiredOn: table.retiredOn })
        .from(table)
        .where(and(eq(table.districtCode, districtCode), eq(table.code, code)))
        .for('share');
    }
    if (!unit) {
      throw new SansheError('NOT_FOUND', `No ${level} ${code} in district ${districtCode}.`, { path });
    }
    if (!isActiveOn(unit, day)) {
      throw new SansheError('UNIT_NOT_IN_FORCE', `The ${level} ${code} is not in force on ${day}.`, {
        path,
        details: { effectiveFrom: unit.effectiveFrom, retiredOn: unit.retiredOn },
      });
    }
  }

  /**
   * Retire a dated rule of the department area (a routing rule, an inspection item) from a day:
   * locked, not already retired, not before it took effect; versioned and audited. The one way
   * both are retired.
   *
   * @throws {SansheError} NOT_FOUND, ALREADY_ENDED, INVALID_DATE_RANGE
   */
  async function retireDatedRule<T extends typeof eventRoutes | typeof inspectionItems>(
    table: T,
    rule: { kind: 'event_route' | 'inspection_item'; what: string; label: string },
    id: number,
    retiredOn: string,
  ): Promise<T['$inferSelect']> {
    return db.transaction(async (tx) => {
      await kit.requireVisible(tx, rule.kind, id, ['input', 'id']);
      const current = (await kit.requireRecord(tx, table, id, rule.what, ['input', 'id'], 'update')) as {
        retiredOn: string | null;
        effectiveFrom: string;
        version: number;
      };
      if (current.retiredOn !== null) {
        throw new SansheError('ALREADY_ENDED', `The ${rule.label} is retired on ${current.retiredOn}.`, {
          path: ['input', 'id'],
          details: { retiredOn: current.retiredOn },
        });
      }
      if (retiredOn < current.effectiveFrom) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `The ${rule.label} takes effect on ${current.effectiveFrom}, after ${retiredOn}.`,
          { path: ['input', 'retiredOn'], details: { effectiveFrom: current.effectiveFrom } },
        );
      }
      const [retired] = await tx
        .update(table as typeof eventRoutes)
        .set({ retiredOn, version: current.version + 1, updatedAt: sql`now()` })
        .where(and(eq(table.districtCode, districtCode), eq(table.id, id)))
        .returning();
      await kit.audit(tx, {
        action: `${rule.kind}.retire`,
        entityType: rule.kind,
        entityId: id,
        before: current,
        after: retired,
      });
      return retired as T['$inferSelect'];
    });
  }

  return {
    kit,
    db,
    districtCode,
    retireDatedRule,
    parseDepartmentCode,
    parseItemCode,
    parseCategory,
    parseServedUnit,
    parseAreaCode,
    ruleDay,
    lockDepartment,
    requireDepartmentInForce,
    requireUnitInForce,
  };
}

export type DepartmentContext = ReturnType<typeof createDepartmentContext>;
