import { and, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { DistrictDatabase } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { communities } from '../schema/hierarchy.js';
import { type UnitPopulation, unitPopulations } from '../schema/populations.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import { parseDivisionCodeOfLevel } from '../validators/division-code.js';
import { parseIsoDate, parseName } from '../validators/text.js';

/**
 * The bases a population figure is counted on (docs/domain.md §4): household-registered population
 * (户籍人口, people whose household registration is in the unit) or resident population (常住人口,
 * people living in the unit for six months or more, the census definition).
 */
export const populationBases = ['resident', 'household_registered'] as const;
export type PopulationBasis = (typeof populationBases)[number];

/** The largest figure a community can be given: far above any real community. */
export const maxCommunityPopulation = 10_000_000;

export interface RecordPopulationInput {
  /** The community (12 digits). */
  communityCode: string;
  basis: PopulationBasis;
  /** The day the figure describes (YYYY-MM-DD). */
  asOf: string;
  /** Whole people, 0 or more. */
  count: number;
  /** Where the figure comes from, e.g. 第七次全国人口普查 or 公安户籍统计 (1–100 characters). */
  source: string;
}

export interface PopulationInForceInput {
  communityCode: string;
  basis: PopulationBasis;
  /** The reference date; defaults to today. */
  on?: string | null;
}

/**
 * Dated population figures of communities, each with its basis and source (table
 * `unit_populations`). Indicators read the figure in force on their date: the latest `asOf` on or
 * before it. `communities.resident_population` is kept as the latest resident figure, so that
 * readers of the community record see what they saw before.
 */
export function createPopulationService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, unwrap } = kit;

  function parseCommunityCode(value: unknown): string {
    const code = unwrap(parseDivisionCodeOfLevel(value, 'community', { path: ['input', 'communityCode'] }));
    if (code.districtCode !== districtCode) {
      throw new SansheError(
        'CODE_OUTSIDE_DISTRICT',
        `Community ${code.code} belongs to district ${code.districtCode}, not to ${districtCode}.`,
        { path: ['input', 'communityCode'] },
      );
    }
    return code.code;
  }

  function parseBasis(value: unknown): PopulationBasis {
    if (typeof value !== 'string' || !(populationBases as readonly string[]).includes(value)) {
      throw new SansheError(
        'INVALID_CODE_LIST_VALUE',
        `A population basis must be one of ${populationBases.join(', ')}, got ${JSON.stringify(value) ?? String(value)}.`,
        { path: ['input', 'basis'] },
      );
    }
    return value as PopulationBasis;
  }

  function parseCount(value: unknown): number {
    if (
      typeof value !== 'number' ||
      !Number.isSafeInteger(value) ||
      value < 0 ||
      value > maxCommunityPopulation
    ) {
      throw new SansheError(
        'INVALID_NUMBER',
        `A population figure must be a whole number from 0 to ${maxCommunityPopulation}, got ${String(value)}.`,
        { path: ['input', 'count'] },
      );
    }
    return value;
  }

  async function findCommunity(executor: typeof db, code: string) {
    const [community] = await executor
      .select()
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.code, code)));
    if (!community) {
      throw new SansheError('NOT_FOUND', `No community ${code} in district ${districtCode}.`, {
        path: ['input', 'communityCode'],
      });
    }
    return community;
  }

  return {
    districtCode,

    /**
     * Record a population figure of a community. Every input is validated before anything is
     * written; the figure and, when it is the community's latest resident figure, the community's
     * `residentPopulation` are written in one transaction, each with an audit entry.
     *
     * @throws {SansheError} INVALID_DIVISION_CODE, CODE_LEVEL_MISMATCH or CODE_OUTSIDE_DISTRICT for
     * the community code, INVALID_CODE_LIST_VALUE for the basis, INVALID_DATE for `asOf`,
     * INVALID_NUMBER for the count, INVALID_NAME for the source, FORBIDDEN, NOT_FOUND for an
     * unknown community, DUPLICATE_RECORD when the community already has a figure of that basis
     * for that day.
     */
    async recordPopulation(input: RecordPopulationInput): Promise<UnitPopulation> {
      const communityCode = parseCommunityCode(input?.communityCode);
      const basis = parseBasis(input?.basis);
      const asOf = unwrap(parseIsoDate(input?.asOf, { path: ['input', 'asOf'] }));
      const count = parseCount(input?.count);
      const source = unwrap(parseName(input?.source, { path: ['input', 'source'] }));
      kit.authorize('hierarchy.community', { unitCode: communityCode });
      return db.transaction(async (tx) => {
        const community = await findCommunity(tx, communityCode);
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(unitPopulations)
              .values({ districtCode, communityId: community.id, basis, asOf, count, source })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Community ${communityCode} already has a ${basis} population figure as of ${asOf}.`,
            path: ['input', 'asOf'],
          },
        );
        await kit.audit(tx, {
          action: 'population.record',
          entityType: 'population',
          entityId: row!.id,
          before: null,
          after: { ...row!, communityCode },
        });
        if (basis === 'resident') {
          // The community record shows the latest resident figure (compatibility).
          const [later] = await tx
            .select({ id: unitPopulations.id })
            .from(unitPopulations)
            .where(
              and(
                eq(unitPopulations.districtCode, districtCode),
                eq(unitPopulations.communityId, community.id),
                eq(unitPopulations.basis, 'resident'),
                gt(unitPopulations.asOf, asOf),
              ),
            )
            .limit(1);
          if (!later && community.residentPopulation !== count) {
            const [after] = await tx
              .update(communities)
              .set({
                residentPopulation: count,
                version: sql`${communities.version} + 1`,
                updatedAt: sql`now()`,
              })
              .where(and(eq(communities.districtCode, districtCode), eq(communities.id, community.id)))
              .returning();
            await kit.audit(tx, {
              action: 'community.population',
              entityType: 'community',
              entityId: community.id,
              before: community,
              after: after!,
            });
          }
        }
        return row!;
      });
    },

    /** The figure in force on a day: the latest of that basis with `asOf` on or before it, or null. */
    async populationInForce(input: PopulationInForceInput): Promise<UnitPopulation | null> {
      const communityCode = parseCommunityCode(input?.communityCode);
      const basis = parseBasis(input?.basis);
      const on = kit.dateOrToday(input?.on, ['input', 'on']);
      const community = await findCommunity(db, communityCode);
      const [row] = await db
        .select()
        .from(unitPopulations)
        .where(
          and(
            eq(unitPopulations.districtCode, districtCode),
            eq(unitPopulations.communityId, community.id),
            eq(unitPopulations.basis, basis),
            lte(unitPopulations.asOf, on),
          ),
        )
        .orderBy(desc(unitPopulations.asOf))
        .limit(1);
      return row ?? null;
    },
  };
}

export type PopulationService = ReturnType<typeof createPopulationService>;
