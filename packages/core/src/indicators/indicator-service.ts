import { and, desc, eq, gt, gte, isNotNull, isNull, like, lte, or, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { CommunityOrganizationTargets } from '../policies/policy-keys.js';
import { policyDefinitions } from '../policies/policy-keys.js';
import { type PolicyCandidate, resolvePolicy } from '../policies/resolve-policy.js';
import { communities, districts, subdistricts } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import { policyValues } from '../schema/policies.js';
import { unitPopulations } from '../schema/populations.js';
import { socialWorkerPosts, socialWorkers } from '../schema/social-workers.js';
import { createServiceKit } from '../services/service-kit.js';
import { certificateHolderOnCondition, certifiedOnCondition } from '../social-workers/certification.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { parseIsoDate } from '../validators/text.js';
import { countedFigures, emptyRegisterFigures, type RegisterFigures } from './counted-figures.js';
import {
  type IndicatorKey,
  type IndicatorLevel,
  indicatorDefinitions,
  indicatorKeys,
} from './definitions.js';
import { type FundsBySource, fundsBySourceFigures } from './funds-by-source.js';
import { emptyGridFigures, type GridFigures, gridFigures } from './grid-figures.js';
import {
  emptyServiceChainFigures,
  needFigures,
  projectFigures,
  type ServiceChainFigures,
  type UnitGrouping,
} from './service-chain-figures.js';
import {
  emptyVolunteerFigures,
  pointsFigures,
  type VolunteerFigures,
  volunteerFigures,
} from './volunteer-figures.js';

/** One indicator of one unit on one day, as a numerator and a denominator (docs/domain.md §10). */
export interface IndicatorValue {
  key: IndicatorKey;
  unitCode: string;
  level: IndicatorLevel;
  /** The reference date. */
  on: string;
  numerator: number;
  denominator: number;
  /** 1, or 10,000 for "per 10,000 residents". */
  scale: number;
  /** numerator / denominator × scale; null when the denominator is 0. */
  value: number | null;
  /** The target in force for the unit on the day, where a policy sets one. */
  target: number | null;
  /** The document the target comes from. */
  targetSource: string | null;
  numeratorDefinition: string;
  denominatorDefinition: string;
}

export interface IndicatorInput {
  /** The district (6 digits), one of its subdistricts (9) or communities (12). */
  unitCode: string;
  /** The reference date (YYYY-MM-DD); defaults to today. */
  on?: string;
}

export interface ChildUnitIndicators {
  unitCode: string;
  unitName: string;
  level: IndicatorLevel;
  indicators: IndicatorValue[];
}

export interface IndicatorServiceOptions {
  /** The reference date when an input gives none (YYYY-MM-DD). Defaults to today in China. */
  today?: () => string;
  /**
   * Where the figures come from: the counters the database keeps as records change (the
   * default: the same cost at every scale; the time bank's points are read from the ledger), or
   * a recount over the whole unit, family by family (what the counters are checked against).
   */
  figures?: 'counters' | 'recount';
}

/** The counts behind the indicators for one unit. */
interface UnitFigures extends RegisterFigures, ServiceChainFigures, VolunteerFigures, GridFigures {}

const emptyFigures: UnitFigures = {
  ...emptyRegisterFigures,
  ...emptyServiceChainFigures,
  ...emptyVolunteerFigures,
  ...emptyGridFigures,
};

/** Figures that describe a unit itself rather than records placed in it. */
const unitOwnFigures = new Set<keyof UnitFigures>(['residents', 'urbanCommunities', 'ruralCommunities']);

/**
 * Whether the figures count records (organizations, workers, needs, projects, volunteers, points,
 * grid events, summonses, outcomes): a retired unit that does is still listed among its parent's
 * children, so that the children's figures add up to the parent's.
 */
function countsRecords(figures: UnitFigures): boolean {
  return (Object.keys(figures) as (keyof UnitFigures)[]).some(
    (key) => !unitOwnFigures.has(key) && figures[key] !== 0,
  );
}

const levelOfLength: Record<number, IndicatorLevel> = { 6: 'district', 9: 'subdistrict', 12: 'community' };

/**
 * Indicators of a district and its units (docs/domain.md §3–§6, §10), computed in SQL with one
 * grouped statement per family of indicators whatever the number of units, and returned as
 * numerators and denominators that add up across units and districts.
 */
export function createIndicatorService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: IndicatorServiceOptions = {},
) {
  const { db, districtCode, today, unwrap } = createServiceKit(database, options);

  /** Validate the input before any query: the unit's code, its district, the date. */
  function validate(input: IndicatorInput): { unitCode: string; level: IndicatorLevel; on: string } {
    const code = unwrap(parseDivisionCode(input?.unitCode, { path: ['input', 'unitCode'] }));
    if (code.districtCode !== districtCode) {
      throw new SansheError(
        'CODE_OUTSIDE_DISTRICT',
        `Unit ${code.code} belongs to district ${code.districtCode}, not to ${districtCode}.`,
        { path: ['input', 'unitCode'] },
      );
    }
    const given = input?.on;
    const on =
      given === undefined || given === null
        ? today()
        : unwrap(parseIsoDate(given, { path: ['input', 'on'] }));
    return { unitCode: code.code, level: code.level, on };
  }

  async function assertUnitExists(tx: SansheDb, unitCode: string, level: IndicatorLevel): Promise<void> {
    const found =
      level === 'district'
        ? await tx
            .select({ code: districts.districtCode })
            .from(districts)
            .where(eq(districts.districtCode, districtCode))
        : level === 'subdistrict'
          ? await tx
              .select({ code: subdistricts.code })
              .from(subdistricts)
              .where(and(eq(subdistricts.districtCode, districtCode), eq(subdistricts.code, unitCode)))
          : await tx
              .select({ code: communities.code })
              .from(communities)
              .where(and(eq(communities.districtCode, districtCode), eq(communities.code, unitCode)));
    if (found.length === 0) {
      throw new SansheError('NOT_FOUND', `No ${level} with code ${unitCode} in district ${districtCode}.`, {
        path: ['input', 'unitCode'],
      });
    }
  }

  const communityInForce = (on: string) =>
    and(
      lte(communities.effectiveFrom, on),
      or(isNull(communities.retiredOn), gt(communities.retiredOn, on)),
    )!;

  const organizationInForce = (on: string) =>
    and(
      lte(socialOrganizations.registeredOn, on),
      or(isNull(socialOrganizations.deregisteredOn), gt(socialOrganizations.deregisteredOn, on)),
    )!;

  /**
   * Issue 16: the organization is of this district's register — filed here, or registered with a
   * USCC whose registering area (positions 3–8) is this district — and so counts here and nowhere
   * else in the city.
   */
  const ofThisRegister = sql`(${socialOrganizations.legalStatus} = 'filed'
    or substr(${socialOrganizations.uscc}, 3, 6) = ${districtCode})`;
  const registeredElsewhere = sql`(${socialOrganizations.legalStatus} = 'registered'
    and substr(${socialOrganizations.uscc}, 3, 6) <> ${districtCode})`;

  /**
   * Issue 16: the resident figure of each community in force on the day (the latest dated one on or
   * before it), and which communities have any dated resident figure at all.
   */
  function residentFigures(tx: SansheDb, on: string) {
    const dated = tx.$with('dated_residents').as(
      tx
        .selectDistinctOn([unitPopulations.communityId], {
          communityId: unitPopulations.communityId,
          count: sql<number>`${unitPopulations.count}`.as('dated_count'),
        })
        .from(unitPopulations)
        .where(
          and(
            eq(unitPopulations.districtCode, districtCode),
            eq(unitPopulations.basis, 'resident'),
            lte(unitPopulations.asOf, on),
          ),
        )
        .orderBy(unitPopulations.communityId, desc(unitPopulations.asOf)),
    );
    const everDated = tx.$with('ever_dated_residents').as(
      tx
        .selectDistinct({ communityId: sql<number>`${unitPopulations.communityId}`.as('ever_community_id') })
        .from(unitPopulations)
        .where(and(eq(unitPopulations.districtCode, districtCode), eq(unitPopulations.basis, 'resident'))),
    );
    const residents = sql`coalesce(${dated.count},
      case when ${everDated.communityId} is null then ${communities.residentPopulation} end)`;
    return { dated, everDated, residents };
  }

  /**
   * Indicators 1–3 for every unit of `groupLength` digits under `prefix`: one statement grouping
   * the communities under the prefix by their first `groupLength` digits, with the organizations
   * in force counted per base community.
   */
  async function organizationFigures(tx: SansheDb, prefix: string, groupLength: number, on: string) {
    const organizationCounts = tx.$with('organization_counts').as(
      tx
        .select({
          communityId: socialOrganizations.communityId,
          organizations: sql<number>`(count(*) filter (where ${ofThisRegister}))::int`.as('organizations'),
          elsewhere: sql<number>`(count(*) filter (where ${registeredElsewhere}))::int`.as('elsewhere'),
        })
        .from(socialOrganizations)
        .where(
          and(
            eq(socialOrganizations.districtCode, districtCode),
            isNotNull(socialOrganizations.communityId),
            organizationInForce(on),
          ),
        )
        .groupBy(socialOrganizations.communityId),
    );
    const population = residentFigures(tx, on);
    const unitOf = sql`left(${communities.code}, ${sql.raw(String(groupLength))})`;
    const inForce = communityInForce(on);
    const urban = and(inForce, like(communities.urbanRuralClass, '1%'));
    const rural = and(inForce, like(communities.urbanRuralClass, '2%'));
    const organizations = sql`coalesce(${organizationCounts.organizations}, 0)`;
    const rows = await tx
      .with(organizationCounts, population.dated, population.everDated)
      .select({
        unitCode: unitOf.mapWith(String),
        organizations: sql`coalesce(sum(${organizations}), 0)::int`.mapWith(Number),
        elsewhereOrganizations: sql`coalesce(sum(${organizationCounts.elsewhere}), 0)::int`.mapWith(Number),
        residents: sql`coalesce(sum(${population.residents}) filter (where ${inForce}), 0)::float8`.mapWith(
          Number,
        ),
        urbanOrganizations: sql`coalesce(sum(${organizations}) filter (where ${urban}), 0)::int`.mapWith(
          Number,
        ),
        urbanCommunities: sql`(count(*) filter (where ${urban}))::int`.mapWith(Number),
        ruralOrganizations: sql`coalesce(sum(${organizations}) filter (where ${rural}), 0)::int`.mapWith(
          Number,
        ),
        ruralCommunities: sql`(count(*) filter (where ${rural}))::int`.mapWith(Number),
      })
      .from(communities)
      .leftJoin(organizationCounts, eq(organizationCounts.communityId, communities.id))
      .leftJoin(population.dated, eq(population.dated.communityId, communities.id))
      .leftJoin(population.everDated, eq(population.everDated.communityId, communities.id))
      .where(and(eq(communities.districtCode, districtCode), like(communities.code, `${prefix}%`)))
      .groupBy(unitOf);
    return new Map(rows.map(({ unitCode, ...figures }) => [unitCode, figures]));
  }

  /**
   * The worker indicators for every unit of `groupLength` digits under `prefix`: distinct workers
   * with a registered certificate, and distinct certificate holders, per unit, placed by their
   * posts in force at a community of the unit or at an organization whose base community is in the
   * unit. One statement; the community of a post is looked up by primary key per post, which stays
   * fast even before the planner has statistics.
   */
  async function placedWorkerFigures(tx: SansheDb, prefix: string, groupLength: number, on: string) {
    // Each subquery is its own scope, so both read `communities` under its own name.
    const placedAt = sql`coalesce(
      (select ${communities.code} from ${communities}
        where ${communities.districtCode} = ${socialWorkerPosts.districtCode}
          and ${communities.id} = ${socialWorkerPosts.communityId}),
      (select ${communities.code} from ${socialOrganizations}
        join ${communities}
          on ${communities.districtCode} = ${socialOrganizations.districtCode}
         and ${communities.id} = ${socialOrganizations.communityId}
        where ${socialOrganizations.districtCode} = ${socialWorkerPosts.districtCode}
          and ${socialOrganizations.id} = ${socialWorkerPosts.organizationId}))`;
    const worker = { districtCode: socialWorkerPosts.districtCode, id: socialWorkerPosts.workerId };
    const placements = tx.$with('placements').as(
      tx
        .select({
          workerId: socialWorkerPosts.workerId,
          unitCode: sql<string>`left(${placedAt}, ${sql.raw(String(groupLength))})`.as('unit_code'),
          certified: sql<boolean>`${certifiedOnCondition(worker, on)}`.as('certified'),
          holder: sql<boolean>`${certificateHolderOnCondition(worker, on)}`.as('holder'),
        })
        .from(socialWorkerPosts)
        .where(
          and(
            eq(socialWorkerPosts.districtCode, districtCode),
            lte(socialWorkerPosts.startsOn, on),
            or(isNull(socialWorkerPosts.endsOn), gte(socialWorkerPosts.endsOn, on)),
            // A worker counts in one figure or both; holders are counted on their own rule.
            or(certificateHolderOnCondition(worker, on), certifiedOnCondition(worker, on)),
          ),
        ),
    );
    const rows = await tx
      .with(placements)
      .select({
        unitCode: placements.unitCode,
        workers:
          sql`(count(distinct ${placements.workerId}) filter (where ${placements.certified}))::int`.mapWith(
            Number,
          ),
        holders:
          sql`(count(distinct ${placements.workerId}) filter (where ${placements.holder}))::int`.mapWith(
            Number,
          ),
      })
      .from(placements)
      .where(like(placements.unitCode, `${prefix}%`))
      .groupBy(placements.unitCode);
    return new Map(
      rows.map((row) => [row.unitCode, { certifiedWorkers: row.workers, certificateHolders: row.holders }]),
    );
  }

  /**
   * District-wide counts: every organization in force of this district's register, every one
   * registered elsewhere, every worker with a registered certificate and every certificate holder.
   */
  async function districtTotals(tx: SansheDb, on: string) {
    const organizationsHere = and(
      eq(socialOrganizations.districtCode, districtCode),
      organizationInForce(on),
    );
    const result = await tx.execute(
      sql`select
        (select count(*) from ${socialOrganizations}
          where ${and(organizationsHere, ofThisRegister)})::int as organizations,
        (select count(*) from ${socialOrganizations}
          where ${and(organizationsHere, registeredElsewhere)})::int as elsewhere,
        (select count(*) from ${socialWorkers}
          where ${and(eq(socialWorkers.districtCode, districtCode), certifiedOnCondition(socialWorkers, on))})::int as workers,
        (select count(*) from ${socialWorkers}
          where ${and(eq(socialWorkers.districtCode, districtCode), certificateHolderOnCondition(socialWorkers, on))})::int as holders`,
    );
    const [row] = (result as unknown as { rows: Record<string, number | string>[] }).rows;
    return {
      organizations: Number(row?.organizations ?? 0),
      elsewhereOrganizations: Number(row?.elsewhere ?? 0),
      certifiedWorkers: Number(row?.workers ?? 0),
      certificateHolders: Number(row?.holders ?? 0),
    };
  }

  /**
   * The register's figures of every unit of `groupLength` digits under `prefix`, recounted:
   * organizations and residents by community; workers by their posts below a district, by their
   * certificates for a district as a whole.
   */
  async function recountedRegisterFigures(
    tx: SansheDb,
    prefix: string,
    groupLength: number,
    on: string,
  ): Promise<Map<string, RegisterFigures>> {
    const organizations = await organizationFigures(tx, prefix, groupLength, on);
    const workers =
      groupLength === districtCode.length
        ? new Map([[districtCode, await districtTotals(tx, on)]])
        : await placedWorkerFigures(tx, prefix, groupLength, on);
    const units = new Set([...organizations.keys(), ...workers.keys()]);
    return new Map(
      [...units].map((unit) => [
        unit,
        { ...emptyRegisterFigures, ...organizations.get(unit), ...workers.get(unit) },
      ]),
    );
  }

  /**
   * Every figure of every unit of `groupLength` digits under `prefix`: from the counters and the
   * ledger's points (two statements), or recounted family by family (seven).
   */
  async function unitFigures(
    tx: SansheDb,
    prefix: string,
    groupLength: number,
    on: string,
  ): Promise<(unitCode: string) => UnitFigures> {
    const grouping: UnitGrouping = {
      districtCode,
      prefix,
      groupLength: groupLength as UnitGrouping['groupLength'],
      on,
    };
    if ((options.figures ?? 'counters') === 'counters') {
      const counted = await countedFigures(tx, grouping);
      const points = await pointsFigures(tx, grouping);
      return (unitCode) => ({ ...emptyFigures, ...counted.get(unitCode), ...points.get(unitCode) });
    }
    const register = await recountedRegisterFigures(tx, prefix, groupLength, on);
    const chain = await serviceChainFigures(tx, prefix, groupLength, on);
    const volunteering = await volunteerAndPointsFigures(tx, prefix, groupLength, on);
    const grid = await gridAndConsultationFigures(tx, prefix, groupLength, on);
    return (unitCode) => ({
      ...emptyFigures,
      ...register.get(unitCode),
      ...chain(unitCode),
      ...volunteering(unitCode),
      ...grid(unitCode),
    });
  }

  /** The community-organization targets of every local jurisdiction, read once. */
  async function targetResolver(tx: SansheDb, on: string) {
    const key = 'indicator.community_organizations_target';
    const definition = policyDefinitions[key];
    const rows = await tx
      .select()
      .from(policyValues)
      .where(and(eq(policyValues.districtCode, districtCode), eq(policyValues.policyKey, key)));
    const candidates: PolicyCandidate<CommunityOrganizationTargets>[] = [
      ...definition.nationalDefaults.map((entry) => ({ ...entry, jurisdictionCode: null })),
    ];
    for (const row of rows) {
      const parsed = definition.parse(row.value);
      // Values are validated when set; one that no longer parses is left out, not guessed at.
      if (parsed.success) candidates.push({ ...row, value: parsed.data });
    }
    return (unitCode: string) => resolvePolicy(candidates, unitCode, on);
  }

  function indicatorValues(
    unitCode: string,
    level: IndicatorLevel,
    on: string,
    figures: UnitFigures,
    targetOf: ReturnType<Awaited<ReturnType<typeof targetResolver>>>,
  ): IndicatorValue[] {
    const counts: Record<IndicatorKey, [number, number]> = {
      organizations_per_10k_residents: [figures.organizations, figures.residents],
      community_organizations_per_urban_community: [figures.urbanOrganizations, figures.urbanCommunities],
      community_organizations_per_rural_community: [figures.ruralOrganizations, figures.ruralCommunities],
      certified_social_workers_per_10k_residents: [figures.certifiedWorkers, figures.residents],
      certificate_holders_per_10k_residents: [figures.certificateHolders, figures.residents],
      organizations_registered_elsewhere_per_10k_residents: [
        figures.elsewhereOrganizations,
        figures.residents,
      ],
      needs_covered_by_projects: [figures.coveredNeeds, figures.needs],
      project_budget_contracted_share: [figures.contractedFen, figures.budgetFen],
      project_budget_disbursed_share: [figures.disbursedFen, figures.budgetFen],
      non_government_funding_share: [figures.nonGovernmentEarmarkedFen, figures.earmarkedFen],
      satisfaction_average_score: [figures.satisfactionScoreSum, figures.satisfactionAnswers],
      final_evaluations_passed_share: [figures.passedFinalEvaluations, figures.finalEvaluations],
      final_evaluation_average_score: [figures.finalEvaluationScoreSum, figures.finalEvaluations],
      registered_volunteers_per_10k_residents: [figures.registeredVolunteers, figures.residents],
      active_volunteers_per_10k_residents: [figures.activeVolunteers, figures.residents],
      volunteer_hours_per_registered_volunteer: [figures.serviceHours, figures.registeredVolunteers],
      time_bank_points_redeemed_share: [figures.pointsRedeemed, figures.pointsIssued],
      time_bank_points_outstanding_share: [figures.pointsOutstanding, figures.pointsIssued],
      grid_events_closed_on_time_share: [figures.eventsClosedOnTime, figures.eventsClosed],
      grid_events_reopened_share: [figures.eventsReopened, figures.eventsWithClosure],
      grid_event_ratings_satisfied_share: [figures.eventRatingsSatisfied, figures.eventRatings],
      summons_reported_in_on_time_share: [figures.departmentsReportedInOnTime, figures.departmentsSummoned],
      consultation_outcomes_implemented_share: [figures.outcomesImplemented, figures.outcomesAdopted],
    };
    return indicatorKeys.map((key) => {
      const definition = indicatorDefinitions[key];
      const [numerator, denominator] = counts[key];
      const target =
        key === 'community_organizations_per_urban_community'
          ? (targetOf?.value.urban ?? null)
          : key === 'community_organizations_per_rural_community'
            ? (targetOf?.value.rural ?? null)
            : null;
      return {
        key,
        unitCode,
        level,
        on,
        numerator,
        denominator,
        scale: definition.scale,
        value: denominator === 0 ? null : (numerator / denominator) * definition.scale,
        target,
        targetSource: target === null ? null : (targetOf?.source ?? null),
        numeratorDefinition: definition.numerator(level, unitCode, on),
        denominatorDefinition: definition.denominator(level, unitCode, on),
      };
    });
  }

  /**
   * The service-chain figures of every unit of `groupLength` digits under `prefix`: one statement
   * for the needs, one for the projects, whatever the number of units.
   */
  async function serviceChainFigures(tx: SansheDb, prefix: string, groupLength: number, on: string) {
    const grouping: UnitGrouping = {
      districtCode,
      prefix,
      groupLength: groupLength as UnitGrouping['groupLength'],
      on,
    };
    const needs = await needFigures(tx, grouping);
    const projects = await projectFigures(tx, grouping);
    return (unitCode: string): ServiceChainFigures => ({
      ...emptyServiceChainFigures,
      ...needs.get(unitCode),
      ...projects.get(unitCode),
    });
  }

  /**
   * The volunteer and time-bank figures of every unit of `groupLength` digits under `prefix`: one
   * statement for the volunteers, one for the points, whatever the number of units.
   */
  async function volunteerAndPointsFigures(tx: SansheDb, prefix: string, groupLength: number, on: string) {
    const grouping: UnitGrouping = {
      districtCode,
      prefix,
      groupLength: groupLength as UnitGrouping['groupLength'],
      on,
    };
    const people = await volunteerFigures(tx, grouping);
    const points = await pointsFigures(tx, grouping);
    return (unitCode: string): VolunteerFigures => ({
      ...emptyVolunteerFigures,
      ...people.get(unitCode),
      ...points.get(unitCode),
    });
  }

  /**
   * The grid-management and consultation figures of every unit of `groupLength` digits under
   * `prefix`: one statement for events, summonses and outcomes, whatever the number of units.
   */
  async function gridAndConsultationFigures(tx: SansheDb, prefix: string, groupLength: number, on: string) {
    const figures = await gridFigures(tx, {
      districtCode,
      prefix,
      groupLength: groupLength as UnitGrouping['groupLength'],
      on,
    });
    return (unitCode: string): GridFigures => ({ ...emptyGridFigures, ...figures.get(unitCode) });
  }

  // Several statements read one consistent snapshot.
  const readSnapshot = <T>(work: (tx: SansheDb) => Promise<T>) =>
    db.transaction(work, { isolationLevel: 'repeatable read', accessMode: 'read only' });

  return {
    districtCode,

    /**
     * The indicators of a unit on a day (indicatorKeys, in that order).
     *
     * @throws {SansheError} INVALID_DIVISION_CODE for a malformed code, CODE_OUTSIDE_DISTRICT for
     * another district's unit, INVALID_DATE for a bad date, NOT_FOUND for a unit not recorded here.
     */
    async indicatorsFor(input: IndicatorInput): Promise<IndicatorValue[]> {
      const { unitCode, level, on } = validate(input);
      return readSnapshot(async (tx) => {
        await assertUnitExists(tx, unitCode, level);
        const figures = (await unitFigures(tx, unitCode, unitCode.length, on))(unitCode);
        const targetOf = await targetResolver(tx, on);
        return indicatorValues(unitCode, level, on, figures, targetOf(unitCode));
      });
    },

    /**
     * The indicators of each unit one level down: the subdistricts of a district, the
     * communities of a subdistrict. Units in force on the day are listed, and also retired
     * ones that still have organizations, workers, needs, projects, volunteers, points, grid
     * events, summonses or consultation outcomes recorded against them, so
     * that the children's numerators always add up to what the parent counts through them.
     *
     * @throws {SansheError} as {@link indicatorsFor}; VALIDATION_FAILED for a community (its
     * grids have no indicators).
     */
    async indicatorsByChildUnit(input: IndicatorInput): Promise<ChildUnitIndicators[]> {
      const { unitCode, level, on } = validate(input);
      if (level === 'community') {
        throw new SansheError(
          'VALIDATION_FAILED',
          `Indicators are broken down from a district or a subdistrict; ${unitCode} is a community.`,
          { path: ['input', 'unitCode'] },
        );
      }
      const childLength = unitCode.length + 3;
      const childLevel = levelOfLength[childLength]!;
      return readSnapshot(async (tx) => {
        await assertUnitExists(tx, unitCode, level);
        const childTable = childLevel === 'subdistrict' ? subdistricts : communities;
        const children = await tx
          .select({
            code: childTable.code,
            name: childTable.name,
            effectiveFrom: childTable.effectiveFrom,
            retiredOn: childTable.retiredOn,
          })
          .from(childTable)
          .where(and(eq(childTable.districtCode, districtCode), like(childTable.code, `${unitCode}%`)))
          .orderBy(childTable.code);
        const figuresOf = await unitFigures(tx, unitCode, childLength, on);
        const targetOf = await targetResolver(tx, on);
        const result: ChildUnitIndicators[] = [];
        for (const child of children) {
          const figures = figuresOf(child.code);
          const inForce = child.effectiveFrom <= on && (child.retiredOn === null || child.retiredOn > on);
          if (!inForce && !countsRecords(figures)) continue;
          result.push({
            unitCode: child.code,
            unitName: child.name,
            level: childLevel,
            indicators: indicatorValues(child.code, childLevel, on, figures, targetOf(child.code)),
          });
        }
        return result;
      });
    },

    /**
     * The funding of a unit's projects by kind of source on a day (docs/domain.md §6.4, §10):
     * earmarked and paid for the projects the unit (or a unit below it) designed, and for a
     * district also what its sources committed and brought in. Sums in integer fen that add up
     * across units and districts kind by kind; one or two grouped statements.
     *
     * @throws {SansheError} as {@link indicatorsFor}.
     */
    async fundsBySource(input: IndicatorInput): Promise<FundsBySource> {
      const { unitCode, level, on } = validate(input);
      return readSnapshot(async (tx) => {
        await assertUnitExists(tx, unitCode, level);
        return fundsBySourceFigures(tx, { districtCode, unitCode, level, on });
      });
    },
  };
}

export type IndicatorService = ReturnType<typeof createIndicatorService>;
