import { and, eq, gt, gte, isNull, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../access/actor.js';
import { authorizeWrite } from '../access/jurisdiction.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { Community, District, Grid, Subdistrict } from '../schema/hierarchy.js';
import { communities, districts, grids, subdistricts } from '../schema/hierarchy.js';
import { createServiceKit, isLocalId } from '../services/service-kit.js';
import { parseDivisionCodeOfLevel, parseGridCode } from '../validators/division-code.js';
import { parsePublicName } from '../validators/published-text.js';
import { parseIsoDate } from '../validators/text.js';
import { type UnitLevel, unitLevels, unitTables } from './levels.js';
import { isActiveOn } from './lifespan.js';

export interface CreateDistrictInput {
  name: string;
  effectiveFrom?: string;
}

export interface CreateSubdistrictInput {
  /** 9 digits: the district code + 001–399. */
  code: string;
  name: string;
  /** Defaults to today. */
  effectiveFrom?: string;
}

export interface CreateCommunityInput {
  /** 12 digits: the subdistrict code + 001–399. */
  code: string;
  name: string;
  effectiveFrom?: string;
  /** 城乡分类代码, one of {@link urbanRuralClasses}. */
  urbanRuralClass?: string | null;
  residentPopulation?: number | null;
  households?: number | null;
  areaKm2?: number | null;
}

export interface CreateGridInput {
  /** The community code followed by a local suffix of 1–6 digits. */
  code: string;
  name: string;
  effectiveFrom?: string;
}

export interface RenameUnitInput {
  level: UnitLevel;
  id: number;
  name: string;
  /** When given, the rename applies only if the unit is still at this version. */
  expectedVersion?: number;
}

export interface RetireUnitInput {
  level: UnitLevel;
  id: number;
  /** The first day the unit is no longer in force. */
  retiredOn: string;
  /** The unit of the same level that takes over (merges, renumbering). */
  successorId?: number | null;
  expectedVersion?: number;
}

export type HierarchyUnit = Subdistrict | Community | Grid;

/** 统计用城乡划分代码: 111 main urban … 220 village. */
export const urbanRuralClasses = ['111', '112', '121', '122', '123', '210', '220'] as const;

const limits = {
  residentPopulation: 10_000_000,
  households: 5_000_000,
  areaKm2: 100_000,
} as const;

export interface HierarchyServiceOptions {
  /** Who the writes are for; recorded in the audit log. Defaults to the system actor. */
  actor?: Actor;
  /** The date used when an input gives none (YYYY-MM-DD). Defaults to today in China. */
  today?: () => string;
}

/**
 * Create, rename, retire and read the administrative units of one district (docs/domain.md §2).
 * Every write validates first, runs in one transaction, and either applies whole or throws a
 * {@link SansheError} and changes nothing.
 */
export function createHierarchyService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: HierarchyServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, actor, today, unwrap } = kit;

  /** Record a write in the audit log, in its transaction. */
  function audit(
    tx: SansheDb,
    level: UnitLevel,
    verb: string,
    before: HierarchyUnit | null,
    after: HierarchyUnit,
  ) {
    return kit.audit(tx, {
      action: `${level}.${verb}`,
      entityType: level,
      entityId: after.id,
      before,
      after,
    });
  }

  /** The caller may change the hierarchy at this level and at this code (or FORBIDDEN). */
  function authorize(level: UnitLevel, code: string | null) {
    const action =
      level === 'grid'
        ? 'hierarchy.grid'
        : level === 'community'
          ? 'hierarchy.community'
          : 'hierarchy.subdistrict';
    authorizeWrite(actor, districtCode, action, { unitCode: code });
  }

  /** Absent means today; anything given, null included, must be a date (the inputs are typed so). */
  function dateOrToday(value: string | undefined, path: string[]): string {
    return value === undefined ? today() : unwrap(parseIsoDate(value, { path }));
  }

  function assertInDistrict(code: string, path: string[]) {
    if (code.slice(0, 6) !== districtCode) {
      throw new SansheError(
        'CODE_OUTSIDE_DISTRICT',
        `Code ${code} belongs to district ${code.slice(0, 6)}, not to ${districtCode}.`,
        { path },
      );
    }
  }

  function assertParentActive(
    parent: { code: string; effectiveFrom: string; retiredOn: string | null },
    on: string,
  ) {
    // A retired parent takes no new children, even backdated ones: a child dated before the
    // retirement would stay in force under a unit that no longer exists.
    if (parent.retiredOn !== null || !isActiveOn(parent, on)) {
      throw new SansheError(
        'PARENT_RETIRED',
        parent.retiredOn !== null
          ? `Parent unit ${parent.code} is retired (from ${parent.retiredOn}) and takes no new units.`
          : `Parent unit ${parent.code} is not yet in force on ${on} (in force from ${parent.effectiveFrom}).`,
        { path: ['input', parent.retiredOn !== null ? 'code' : 'effectiveFrom'] },
      );
    }
  }

  function insertUnique<T>(code: string, insert: () => Promise<T>): Promise<T> {
    return kit.insertUnique(insert, {
      code: 'DUPLICATE_CODE',
      message: `A unit with code ${code} already exists.`,
      path: ['input', 'code'],
    });
  }

  function optionalInteger(value: number | null | undefined, max: number, field: string): number | null {
    if (value === undefined || value === null) return null;
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new SansheError('INVALID_NUMBER', `${field} must be a whole number from 0 to ${max}.`, {
        path: ['input', field],
      });
    }
    return value;
  }

  return {
    districtCode,

    /** Record the district that owns this database, once. Returns the existing row if present. */
    async ensureDistrict(input: CreateDistrictInput): Promise<District> {
      const name = unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const effectiveFrom = dateOrToday(input.effectiveFrom, ['input', 'effectiveFrom']);
      authorize('subdistrict', null);
      await db.insert(districts).values({ districtCode, name, effectiveFrom }).onConflictDoNothing();
      const [row] = await db.select().from(districts).where(eq(districts.districtCode, districtCode));
      return row!;
    },

    async createSubdistrict(input: CreateSubdistrictInput): Promise<Subdistrict> {
      const code = unwrap(parseDivisionCodeOfLevel(input.code, 'subdistrict', { path: ['input', 'code'] }));
      const name = unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const effectiveFrom = dateOrToday(input.effectiveFrom, ['input', 'effectiveFrom']);
      assertInDistrict(code.code, ['input', 'code']);
      authorize('subdistrict', code.code);
      return db.transaction(async (tx) => {
        const [district] = await tx.select().from(districts).where(eq(districts.districtCode, districtCode));
        if (!district) {
          throw new SansheError(
            'PARENT_NOT_FOUND',
            `District ${districtCode} is not recorded in this database.`,
            {
              path: ['input', 'code'],
            },
          );
        }
        assertParentActive({ ...district, code: district.districtCode }, effectiveFrom);
        const [row] = await insertUnique(code.code, () =>
          tx
            .insert(subdistricts)
            .values({
              districtCode,
              code: code.code,
              name,
              kind: code.subdistrictKind ?? 'subdistrict',
              effectiveFrom,
            })
            .returning(),
        );
        await audit(tx, 'subdistrict', 'create', null, row!);
        return row!;
      });
    },

    async createCommunity(input: CreateCommunityInput): Promise<Community> {
      const code = unwrap(parseDivisionCodeOfLevel(input.code, 'community', { path: ['input', 'code'] }));
      const name = unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const effectiveFrom = dateOrToday(input.effectiveFrom, ['input', 'effectiveFrom']);
      assertInDistrict(code.code, ['input', 'code']);
      authorize('community', code.code);
      const urbanRuralClass = input.urbanRuralClass ?? null;
      if (urbanRuralClass !== null && !(urbanRuralClasses as readonly string[]).includes(urbanRuralClass)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `Urban-rural class must be one of ${urbanRuralClasses.join(', ')}.`,
          { path: ['input', 'urbanRuralClass'] },
        );
      }
      const residentPopulation = optionalInteger(
        input.residentPopulation,
        limits.residentPopulation,
        'residentPopulation',
      );
      const households = optionalInteger(input.households, limits.households, 'households');
      const areaKm2 = input.areaKm2 ?? null;
      if (areaKm2 !== null && !(Number.isFinite(areaKm2) && areaKm2 >= 0 && areaKm2 <= limits.areaKm2)) {
        throw new SansheError('INVALID_NUMBER', `areaKm2 must be a number from 0 to ${limits.areaKm2}.`, {
          path: ['input', 'areaKm2'],
        });
      }
      return db.transaction(async (tx) => {
        const [parent] = await tx
          .select()
          .from(subdistricts)
          .where(
            and(eq(subdistricts.districtCode, districtCode), eq(subdistricts.code, code.subdistrictCode!)),
          )
          // Lock the parent against a concurrent retirement until this child is committed; a
          // shared lock lets sibling creations proceed side by side.
          .for('share');
        if (!parent) {
          throw new SansheError('PARENT_NOT_FOUND', `Subdistrict ${code.subdistrictCode} does not exist.`, {
            path: ['input', 'code'],
          });
        }
        assertParentActive(parent, effectiveFrom);
        const [row] = await insertUnique(code.code, () =>
          tx
            .insert(communities)
            .values({
              districtCode,
              subdistrictId: parent.id,
              code: code.code,
              name,
              kind: code.communityKind ?? 'community',
              urbanRuralClass,
              residentPopulation,
              households,
              areaKm2,
              effectiveFrom,
            })
            .returning(),
        );
        await audit(tx, 'community', 'create', null, row!);
        return row!;
      });
    },

    async createGrid(input: CreateGridInput): Promise<Grid> {
      const code = unwrap(parseGridCode(input.code, undefined, { path: ['input', 'code'] }));
      const name = unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const effectiveFrom = dateOrToday(input.effectiveFrom, ['input', 'effectiveFrom']);
      assertInDistrict(code.code, ['input', 'code']);
      authorize('grid', code.code);
      return db.transaction(async (tx) => {
        const [parent] = await tx
          .select()
          .from(communities)
          .where(and(eq(communities.districtCode, districtCode), eq(communities.code, code.communityCode)))
          .for('share');
        if (!parent) {
          throw new SansheError('PARENT_NOT_FOUND', `Community ${code.communityCode} does not exist.`, {
            path: ['input', 'code'],
          });
        }
        assertParentActive(parent, effectiveFrom);
        const [row] = await insertUnique(code.code, () =>
          tx
            .insert(grids)
            .values({ districtCode, communityId: parent.id, code: code.code, name, effectiveFrom })
            .returning(),
        );
        await audit(tx, 'grid', 'create', null, row!);
        return row!;
      });
    },

    async renameUnit(input: RenameUnitInput): Promise<HierarchyUnit> {
      const name = unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      return db.transaction(async (tx) => {
        const current = await loadForUpdate(tx, input.level, input.id);
        authorize(input.level, current.code);
        kit.checkVersion(current, input.expectedVersion, `Unit ${current.code}`);
        const row = await updateVersioned(tx, input.level, current, { name });
        await audit(tx, input.level, 'rename', current, row);
        return row;
      });
    },

    async retireUnit(input: RetireUnitInput): Promise<HierarchyUnit> {
      const retiredOn = unwrap(parseIsoDate(input.retiredOn, { path: ['input', 'retiredOn'] }));
      return db.transaction(async (tx) => {
        const current = await loadForUpdate(tx, input.level, input.id);
        authorize(input.level, current.code);
        kit.checkVersion(current, input.expectedVersion, `Unit ${current.code}`);
        if (current.retiredOn !== null) {
          throw new SansheError(
            'ALREADY_RETIRED',
            `Unit ${current.code} was retired on ${current.retiredOn}.`,
            {
              path: ['input', 'id'],
            },
          );
        }
        if (retiredOn < current.effectiveFrom) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Retirement date ${retiredOn} lies before the unit's effective date ${current.effectiveFrom}.`,
            { path: ['input', 'retiredOn'] },
          );
        }
        const successorId = input.successorId ?? null;
        if (successorId !== null) {
          const successor =
            // Shared lock: the successor cannot retire before the handover while this commits.
            successorId === current.id ? undefined : await findUnit(tx, input.level, successorId, 'share');
          if (!successor || !isActiveOn(successor, retiredOn)) {
            throw new SansheError(
              'SUCCESSOR_INVALID',
              `The successor must be another ${input.level} of this district in force on ${retiredOn}.`,
              { path: ['input', 'successorId'] },
            );
          }
        }
        const table = unitTables[input.level];
        const [handover] = await tx
          .select({ code: table.code, retiredOn: table.retiredOn })
          .from(table)
          .where(
            and(
              eq(table.districtCode, districtCode),
              eq(table.successorId, current.id),
              gte(table.retiredOn, retiredOn),
            ),
          )
          .limit(1);
        if (handover) {
          throw new SansheError(
            'SUCCESSOR_IN_USE',
            `Unit ${current.code} takes over from ${handover.code} on ${handover.retiredOn}; it must stay in force until after that day.`,
            { path: ['input', 'retiredOn'] },
          );
        }
        const activeChildren = await countActiveChildren(tx, input.level, current.id, retiredOn);
        if (activeChildren > 0) {
          throw new SansheError(
            'HAS_ACTIVE_CHILDREN',
            `Unit ${current.code} still has ${activeChildren} unit(s) in force on ${retiredOn}; retire or move them first.`,
            { path: ['input', 'id'] },
          );
        }
        const row = await updateVersioned(tx, input.level, current, { retiredOn, successorId });
        await audit(tx, input.level, 'retire', current, row);
        return row;
      });
    },

    /** One unit by its local id, or undefined. */
    getUnit(level: UnitLevel, id: number): Promise<HierarchyUnit | undefined> {
      return findUnit(db, level, id);
    },

    /** One unit by its code, or undefined. */
    async findByCode(code: string): Promise<{ level: UnitLevel; unit: HierarchyUnit } | undefined> {
      const level: UnitLevel | undefined =
        code.length === 9
          ? 'subdistrict'
          : code.length === 12
            ? 'community'
            : code.length > 12
              ? 'grid'
              : undefined;
      if (!level) return undefined;
      const table = unitTables[level];
      const [unit] = await db
        .select()
        .from(table)
        .where(and(eq(table.districtCode, districtCode), eq(table.code, code)));
      return unit ? { level, unit } : undefined;
    },
  };

  async function findUnit(
    executor: SansheDb,
    level: UnitLevel,
    id: number,
    lock: false | 'update' | 'share' = false,
  ): Promise<HierarchyUnit | undefined> {
    const table = unitTables[assertLevel(level)];
    if (!isLocalId(id)) return undefined;
    const query = executor
      .select()
      .from(table)
      .where(and(eq(table.districtCode, districtCode), eq(table.id, id)));
    // Edits lock the row, so concurrent edits apply one after the other instead of failing.
    const [unit] = lock ? await query.for(lock) : await query;
    return unit;
  }

  async function loadForUpdate(tx: SansheDb, level: UnitLevel, id: number): Promise<HierarchyUnit> {
    const unit = await findUnit(tx, level, id, 'update');
    if (!unit) {
      throw new SansheError('NOT_FOUND', `No ${level} with id ${id} in district ${districtCode}.`, {
        path: ['input', 'id'],
      });
    }
    return unit;
  }

  async function updateVersioned(
    tx: SansheDb,
    level: UnitLevel,
    current: HierarchyUnit,
    changes: { name?: string; retiredOn?: string; successorId?: number | null },
  ): Promise<HierarchyUnit> {
    const table = unitTables[level];
    const [row] = await tx
      .update(table)
      .set({ ...changes, version: current.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(table.districtCode, districtCode),
          eq(table.id, current.id),
          eq(table.version, current.version),
        ),
      )
      .returning();
    if (!row) throw kit.versionConflict(current, `Unit ${current.code}`);
    return row;
  }

  async function countActiveChildren(
    tx: SansheDb,
    level: UnitLevel,
    id: number,
    on: string,
  ): Promise<number> {
    const stillActive = (retiredOn: AnyPgColumn) => or(isNull(retiredOn), gt(retiredOn, on));
    if (level === 'subdistrict') {
      return tx.$count(
        communities,
        and(
          eq(communities.districtCode, districtCode),
          eq(communities.subdistrictId, id),
          stillActive(communities.retiredOn),
        ),
      );
    }
    if (level === 'community') {
      return tx.$count(
        grids,
        and(eq(grids.districtCode, districtCode), eq(grids.communityId, id), stillActive(grids.retiredOn)),
      );
    }
    return 0;
  }
}

function assertLevel(level: unknown): UnitLevel {
  if (!(unitLevels as readonly unknown[]).includes(level)) {
    throw new SansheError('VALIDATION_FAILED', `Level must be one of ${unitLevels.join(', ')}.`, {
      path: ['input', 'level'],
    });
  }
  return level as UnitLevel;
}

export type HierarchyService = ReturnType<typeof createHierarchyService>;
