/**
 * Property test on the demo district: the indicators computed in SQL equal a plain JavaScript
 * recomputation from the planned rows, for every unit and on several days (the reference day,
 * earlier days, and days right at planned boundaries).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import {
  type DemoDistrictPlan,
  demoDistricts,
  planDemoDistrict,
  seedDemoDistrict,
} from '../../src/demo/index.js';
import {
  createIndicatorService,
  type gridIndicatorKeys,
  type IndicatorKey,
  type IndicatorService,
  type IndicatorValue,
  indicatorKeys,
  type organizationAndWorkerIndicatorKeys,
  type serviceChainIndicatorKeys,
  type volunteerIndicatorKeys,
} from '../../src/indicators/index.js';
import { addDays, addYears } from '../../src/services/dates.js';
import { holdsCertificateOn, isCertifiedOn } from '../../src/social-workers/certification.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';

type Figures = Record<IndicatorKey, [number, number]>;
type OrganizationAndWorkerFigures = Record<
  (typeof organizationAndWorkerIndicatorKeys)[number],
  [number, number]
>;
type ServiceChainFigures = Record<(typeof serviceChainIndicatorKeys)[number], [number, number]>;
type VolunteerFigures = Record<(typeof volunteerIndicatorKeys)[number], [number, number]>;
type GridFigures = Record<(typeof gridIndicatorKeys)[number], [number, number]>;

function figuresOf(values: readonly IndicatorValue[]): Figures {
  return Object.fromEntries(values.map((v) => [v.key, [v.numerator, v.denominator]])) as Figures;
}

/**
 * Evaluation scores carry two decimals: their sums are compared to the cent, not to the last float
 * bit; hours (minutes / 60) to the hundredth of a minute.
 */
function comparable(figures: Figures): Figures {
  const [scores, evaluations] = figures.final_evaluation_average_score;
  const [hours, registered] = figures.volunteer_hours_per_registered_volunteer;
  return {
    ...figures,
    final_evaluation_average_score: [Math.round(scores * 100) / 100, evaluations],
    volunteer_hours_per_registered_volunteer: [Math.round(hours * 6000) / 6000, registered],
  };
}

/** Service-chain projects designed by a subdistrict count for it and for no community. */
const projectKeys = new Set<IndicatorKey>([
  'project_budget_contracted_share',
  'project_budget_disbursed_share',
  'non_government_funding_share',
  'satisfaction_average_score',
  'final_evaluations_passed_share',
  'final_evaluation_average_score',
]);

const certifiedCache = new Map<string, Set<number>>();

/** Workers certified on a day, by {@link isCertifiedOn} over the planned certificates and registrations. */
function certifiedOn(plan: DemoDistrictPlan, on: string): Set<number> {
  const cached = certifiedCache.get(on);
  if (cached) return cached;
  const registrationsOf = new Map<number, { validFrom: string; validUntil: string }[]>();
  for (const r of plan.certificateRegistrations) {
    registrationsOf.set(r.certificateId, [...(registrationsOf.get(r.certificateId) ?? []), r]);
  }
  const certificatesOf = new Map<
    number,
    { level: string; registrations: { validFrom: string; validUntil: string }[] }[]
  >();
  for (const c of plan.socialWorkCertificates) {
    certificatesOf.set(c.workerId, [
      ...(certificatesOf.get(c.workerId) ?? []),
      { level: c.level, registrations: registrationsOf.get(c.id) ?? [] },
    ]);
  }
  const result = new Set(
    plan.socialWorkers
      .filter((worker) => isCertifiedOn({ certificates: certificatesOf.get(worker.id) ?? [] }, on))
      .map((worker) => worker.id),
  );
  certifiedCache.set(on, result);
  return result;
}

/** The indicator definitions, restated over the plan's rows. */
/**
 * The service-chain definitions (docs/domain.md §10), restated over the plan's rows: needs by
 * their community, projects by the unit that designed them, the ledger's lines netted.
 */
function recomputeServiceChain(plan: DemoDistrictPlan, unitCode: string, on: string): ServiceChainFigures {
  const communityCode = new Map(plan.communities.map((c) => [c.id!, c.code]));
  const projectById = new Map(plan.serviceProjects.map((p) => [p.id, p]));
  const standing = (p: (typeof plan.serviceProjects)[number]) =>
    p.approvedOn != null && p.approvedOn <= on && !(p.status === 'cancelled' && (p.closedOn ?? '9999') <= on);
  const needs = plan.needs.filter(
    (n) =>
      communityCode.get(n.communityId)!.startsWith(unitCode) &&
      n.collectedOn <= on &&
      !((n.status === 'merged' || n.status === 'withdrawn') && (n.closedOn ?? '9999') <= on),
  );
  const covered = needs.filter(
    (n) =>
      (n.status === 'met' && (n.closedOn ?? '9999') <= on) ||
      plan.projectNeeds.some(
        (l) => l.needId === n.id && l.linkedOn <= on && standing(projectById.get(l.projectId)!),
      ),
  );

  const projects = new Map(
    plan.serviceProjects.filter((p) => p.unitCode.startsWith(unitCode)).map((p) => [p.id, p]),
  );
  const budgeted = (projectId: number | null | undefined) => {
    const project = projectId == null ? undefined : projects.get(projectId);
    return project !== undefined && standing(project);
  };
  const purchaseProject = new Map(plan.purchases.map((p) => [p.id!, p.projectId]));
  const contractProject = new Map(
    plan.serviceContracts.map((c) => [c.id!, purchaseProject.get(c.purchaseId)!]),
  );
  const accounts = new Map(plan.ledgerAccounts.map((a) => [a.id, a]));
  const entries = new Map(plan.journalEntries.map((e) => [e.id, e]));
  const sourceKind = new Map(plan.fundingSources.map((s) => [s.id, s.kind]));
  let disbursed = 0;
  let earmarked = 0;
  let nonGovernment = 0;
  for (const line of plan.journalLines) {
    const account = accounts.get(line.accountId)!;
    const entry = entries.get(line.entryId)!;
    if (entry.occurredOn > on || account.projectId == null || !projects.has(account.projectId)) continue;
    if (account.kind === 'undertaker' && budgeted(account.projectId)) disbursed += line.amount;
    if (account.kind === 'earmark' && entry.trancheId == null) {
      earmarked += line.amount;
      if (sourceKind.get(account.fundingSourceId!) !== 'government_budget') nonGovernment += line.amount;
    }
  }
  const standingProjects = [...projects.values()].filter(standing);
  const contracted = plan.serviceContracts
    .filter((c) => c.signedOn <= on && budgeted(contractProject.get(c.id!)))
    .reduce((t, c) => t + c.amountFen, 0);
  const answers = plan.satisfactionAnswers.filter((a) => a.answeredOn <= on && projects.has(a.projectId));
  const finals = plan.projectEvaluations.filter(
    (e) => e.kind === 'final' && e.evaluatedOn <= on && projects.has(contractProject.get(e.contractId)!),
  );
  const budget = standingProjects.reduce((t, p) => t + p.budgetFen, 0);
  return {
    needs_covered_by_projects: [covered.length, needs.length],
    project_budget_contracted_share: [contracted, budget],
    project_budget_disbursed_share: [disbursed, budget],
    non_government_funding_share: [nonGovernment, earmarked],
    satisfaction_average_score: [answers.reduce((t, a) => t + a.score, 0), answers.length],
    final_evaluations_passed_share: [finals.filter((e) => e.grade !== 'fail').length, finals.length],
    final_evaluation_average_score: [
      Math.round(finals.reduce((t, e) => t + Number(e.score), 0) * 100) / 100,
      finals.length,
    ],
  };
}

/**
 * The volunteer and time-bank definitions (docs/domain.md §5, §10), restated over the plan's rows:
 * volunteers by their home community, services in force in the 12 months to the day, points by the
 * holder of each line of the time bank's ledger.
 */
function recomputeVolunteers(plan: DemoDistrictPlan, unitCode: string, on: string): VolunteerFigures {
  const communityCode = new Map(plan.communities.map((c) => [c.id!, c.code]));
  const homeOf = new Map(plan.volunteers.map((v) => [v.id, communityCode.get(v.homeCommunityId)!]));
  const ofUnit = plan.volunteers.filter((v) => homeOf.get(v.id)!.startsWith(unitCode));
  const registered = ofUnit.filter(
    (v) => v.registeredOn <= on && (v.withdrawnOn == null || v.withdrawnOn > on),
  );
  const corrected = new Set(plan.volunteerServices.map((s) => s.correctsServiceId));
  const from = addDays(addYears(on, -1), 1);
  // Planned instants carry +08:00: their first ten characters are the day in China.
  const served = plan.volunteerServices.filter(
    (s) =>
      !s.isVoid &&
      !corrected.has(s.id) &&
      s.startedAt.slice(0, 10) >= from &&
      s.startedAt.slice(0, 10) <= on &&
      homeOf.get(s.volunteerId)!.startsWith(unitCode),
  );
  const active = registered.filter((v) => served.some((s) => s.volunteerId === v.id));
  const minutes = served.reduce((t, s) => t + s.minutes, 0);

  const accounts = new Map(plan.timeBankAccounts.map((a) => [a.id, a]));
  const teamCommunity = new Map(
    plan.volunteerTeams.map((t) => [
      t.id,
      t.communityId ?? plan.socialOrganizations.find((o) => o.id === t.organizationId)!.communityId ?? null,
    ]),
  );
  const placeOf = (account: (typeof plan.timeBankAccounts)[number]): string | null =>
    account.kind === 'volunteer'
      ? homeOf.get(account.volunteerId!)!
      : account.kind === 'team'
        ? (communityCode.get(teamCommunity.get(account.teamId!) ?? -1) ?? null)
        : null;
  const entries = new Map(plan.timeBankEntries.map((e) => [e.id, e]));
  const kindsOf = new Map<number, Set<string>>();
  for (const line of plan.timeBankLines) {
    kindsOf.set(
      line.entryId,
      (kindsOf.get(line.entryId) ?? new Set()).add(accounts.get(line.accountId)!.kind),
    );
  }
  let issued = 0;
  let redeemed = 0;
  let outstanding = 0;
  for (const line of plan.timeBankLines) {
    const account = accounts.get(line.accountId)!;
    if (line.unit !== 'points' || !['volunteer', 'team', 'community', 'organization'].includes(account.kind))
      continue;
    if (entries.get(line.entryId)!.occurredOn > on) continue;
    const place = placeOf(account);
    if (unitCode.length > 6 && !place?.startsWith(unitCode)) continue;
    outstanding += line.amount;
    if (kindsOf.get(line.entryId)!.has('points_issuer')) issued += line.amount;
    if (kindsOf.get(line.entryId)!.has('points_redeemed')) redeemed -= line.amount;
  }
  return {
    registered_volunteers_per_10k_residents: [registered.length, residentsOf(plan, unitCode, on)],
    active_volunteers_per_10k_residents: [active.length, residentsOf(plan, unitCode, on)],
    volunteer_hours_per_registered_volunteer: [Math.round((minutes / 60) * 6000) / 6000, registered.length],
    time_bank_points_redeemed_share: [redeemed, issued],
    time_bank_points_outstanding_share: [outstanding, issued],
  };
}

/**
 * The grid and consultation definitions (docs/domain.md §7, §8, §10), restated over the plan's
 * rows: events where their grid lies, as they stand; reopening from the steps; ratings by when
 * they were given; summoned departments by the community that summoned them, once their
 * report-in was due or made; outcomes adopted by meetings held in the 12 months.
 */
function recomputeGrid(plan: DemoDistrictPlan, unitCode: string, on: string): GridFigures {
  const from = Date.parse(`${addDays(addYears(on, -1), 1)}T00:00:00+08:00`);
  const before = Date.parse(`${addDays(on, 1)}T00:00:00+08:00`);
  const inWindow = (instant: string | null | undefined) =>
    instant != null && Date.parse(instant) >= from && Date.parse(instant) < before;
  const events = plan.gridEvents.filter((e) => e.unitCode.startsWith(unitCode));
  const stepsIn = new Map<number, Set<string>>();
  for (const step of plan.gridEventSteps) {
    if (!inWindow(step.at)) continue;
    stepsIn.set(step.eventId, (stepsIn.get(step.eventId) ?? new Set()).add(step.step));
  }
  const closed = events.filter((e) => e.state === 'closed' && inWindow(e.closedAt));
  const withClosure = events.filter((e) => stepsIn.get(e.id)?.has('close'));
  const rated = events.filter((e) => e.satisfaction != null && inWindow(e.ratedAt));
  const communityCode = new Map(plan.communities.map((c) => [c.id!, c.code]));
  const summonsById = new Map(plan.summonses.map((s) => [s.id, s]));
  const summoned = plan.summonsDepartments.filter((d) => {
    const summons = summonsById.get(d.summonsId)!;
    return (
      communityCode.get(summons.communityId)!.startsWith(unitCode) &&
      inWindow(summons.issuedAt) &&
      ((d.reportedAt != null && Date.parse(d.reportedAt) < before) ||
        Date.parse(summons.reportDueAt) < before)
    );
  });
  const meetingById = new Map(plan.consultationMeetings.map((m) => [m.id, m]));
  const firstDay = addDays(addYears(on, -1), 1);
  const adopted = plan.meetingOutcomes.filter((o) => {
    const meeting = meetingById.get(o.meetingId)!;
    return (
      communityCode.get(meeting.communityId)!.startsWith(unitCode) &&
      meeting.heldOn >= firstDay &&
      meeting.heldOn <= on &&
      o.state !== 'not_adopted'
    );
  });
  return {
    grid_events_closed_on_time_share: [closed.filter((e) => e.closedLate === false).length, closed.length],
    grid_events_reopened_share: [
      withClosure.filter((e) => stepsIn.get(e.id)!.has('reopen')).length,
      withClosure.length,
    ],
    grid_event_ratings_satisfied_share: [rated.filter((e) => e.satisfaction! >= 4).length, rated.length],
    summons_reported_in_on_time_share: [
      summoned.filter(
        (d) =>
          d.reportedAt != null &&
          Date.parse(d.reportedAt) < before &&
          Date.parse(d.reportedAt) <= Date.parse(summonsById.get(d.summonsId)!.reportDueAt),
      ).length,
      summoned.length,
    ],
    consultation_outcomes_implemented_share: [
      adopted.filter((o) => o.implementedOn != null && o.implementedOn <= on).length,
      adopted.length,
    ],
  };
}

/** Every indicator definition restated over the plan. */
function recompute(plan: DemoDistrictPlan, unitCode: string, on: string): Figures {
  return {
    ...recomputeOrganizationsAndWorkers(plan, unitCode, on),
    ...recomputeServiceChain(plan, unitCode, on),
    ...recomputeVolunteers(plan, unitCode, on),
    ...recomputeGrid(plan, unitCode, on),
  };
}

/** Residents of the unit's communities in force on the day (issue 16: the dated figure in force). */
function residentsOf(plan: DemoDistrictPlan, unitCode: string, on: string): number {
  return recomputeOrganizationsAndWorkers(plan, unitCode, on).organizations_per_10k_residents[1];
}

function recomputeOrganizationsAndWorkers(
  plan: DemoDistrictPlan,
  unitCode: string,
  on: string,
): OrganizationAndWorkerFigures {
  const inForce = (c: { effectiveFrom: string; retiredOn?: string | null }) =>
    c.effectiveFrom <= on && (c.retiredOn == null || c.retiredOn > on);
  const communityById = new Map(plan.communities.map((c) => [c.id!, c]));
  const under = (code: string | undefined) => code?.startsWith(unitCode) === true;
  const communities = plan.communities.filter((c) => under(c.code) && inForce(c));
  // Issue 16: each community's dated resident figure in force on the day (latest as-of ≤ day).
  const residentFigure = (communityId: number) =>
    plan.unitPopulations
      .filter((p) => p.communityId === communityId && p.basis === 'resident' && p.asOf <= on)
      .sort((a, b) => b.asOf.localeCompare(a.asOf))[0]?.count ?? 0;
  const residents = communities.reduce((sum, c) => sum + residentFigure(c.id!), 0);
  const inForceOrganizations = plan.socialOrganizations.filter(
    (o) => o.registeredOn <= on && (o.deregisteredOn == null || o.deregisteredOn > on),
  );
  // Issue 16: this district's register (filed here, or a USCC naming this district) counts here.
  const ofThisRegister = (o: (typeof plan.socialOrganizations)[number]) =>
    o.legalStatus === 'filed' || o.uscc?.slice(2, 8) === plan.districtCode;
  const organizations = inForceOrganizations.filter(ofThisRegister);
  const elsewhere = inForceOrganizations.filter((o) => !ofThisRegister(o));
  const rootedIn = (
    predicate: (community: (typeof plan.communities)[number]) => boolean,
    among = organizations,
  ) =>
    among.filter((o) => {
      const community = o.communityId == null ? undefined : communityById.get(o.communityId);
      return community !== undefined && under(community.code) && predicate(community);
    }).length;
  const urban = (c: { urbanRuralClass?: string | null }) => (c.urbanRuralClass ?? '').startsWith('1');
  const rural = (c: { urbanRuralClass?: string | null }) => (c.urbanRuralClass ?? '').startsWith('2');

  const certified = certifiedOn(plan, on);
  const holders = new Set(
    plan.socialWorkCertificates
      .filter((c) => holdsCertificateOn({ certificates: [c] }, on))
      .map((c) => c.workerId),
  );
  const placedAmong = (counted: Set<number>) =>
    new Set(
      plan.socialWorkerPosts
        .filter((p) => counted.has(p.workerId) && p.startsOn <= on && (p.endsOn == null || p.endsOn >= on))
        .filter((p) => {
          const communityId = p.communityId ?? organizationById.get(p.organizationId!)!.communityId;
          return communityId != null && under(communityById.get(communityId)!.code);
        })
        .map((p) => p.workerId),
    );
  const organizationById = new Map(plan.socialOrganizations.map((o) => [o.id, o]));
  const placed = new Set(
    plan.socialWorkerPosts
      .filter((p) => certified.has(p.workerId) && p.startsOn <= on && (p.endsOn == null || p.endsOn >= on))
      .filter((p) => {
        const communityId = p.communityId ?? organizationById.get(p.organizationId!)!.communityId;
        return communityId != null && under(communityById.get(communityId)!.code);
      })
      .map((p) => p.workerId),
  );
  const isDistrict = unitCode.length === 6;
  return {
    organizations_per_10k_residents: [isDistrict ? organizations.length : rootedIn(() => true), residents],
    community_organizations_per_urban_community: [
      rootedIn((c) => inForce(c) && urban(c)),
      communities.filter(urban).length,
    ],
    community_organizations_per_rural_community: [
      rootedIn((c) => inForce(c) && rural(c)),
      communities.filter(rural).length,
    ],
    certified_social_workers_per_10k_residents: [isDistrict ? certified.size : placed.size, residents],
    certificate_holders_per_10k_residents: [isDistrict ? holders.size : placedAmong(holders).size, residents],
    organizations_registered_elsewhere_per_10k_residents: [
      isDistrict ? elsewhere.length : rootedIn(() => true, elsewhere),
      residents,
    ],
  };
}

const district = demoDistricts[0];

describe(`indicators of the demo district ${district.districtCode} equal a recomputation from the plan (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;
  let service: IndicatorService;
  const plan = planDemoDistrict(district);
  // Days at planned boundaries: a deregistration, the last valid day of a registration and the
  // day after, the first day of a post.
  const deregistration = plan.socialOrganizations.find((o) => o.deregisteredOn)!.deregisteredOn!;
  const lastValidDay = plan.certificateRegistrations.find((r) => r.validUntil < plan.asOf)!.validUntil;
  const postStart = plan.socialWorkerPosts.find((p) => p.startsOn > '2020-01-01')!.startsOn;
  // …and of the service chain: a reversal in the ledger, a need closed, a project cancelled.
  const reversal = plan.journalEntries.find((e) => e.kind === 'reversal')?.occurredOn ?? plan.asOf;
  const needClosed = plan.needs.find((n) => n.closedOn)?.closedOn ?? plan.asOf;
  const cancelled = plan.serviceProjects.find((p) => p.status === 'cancelled')?.closedOn ?? plan.asOf;
  // …and of volunteers: the first day of a service and a year later (when it stops making its
  // volunteer active), a correction recorded, a withdrawal, an exchange undone.
  const firstService = [...plan.volunteerServices].sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1))[0]!;
  const serviceDay = firstService.startedAt.slice(0, 10);
  const correctedOn = plan.volunteerServices
    .find((s) => s.correctsServiceId != null)!
    .recordedAt.slice(0, 10);
  const withdrawal = plan.volunteers.find((v) => v.withdrawnOn)!.withdrawnOn!;
  const undone = plan.timeBankEntries.filter((e) => e.kind === 'reversal').at(-1)!.occurredOn;
  // …and of grid management and consultation: a reopening (its closure before, in the window,
  // and a year on), a summons' report-in deadline, a meeting, an outcome implemented.
  const reopening = plan.gridEventSteps.find((s) => s.step === 'reopen')!.at!.slice(0, 10);
  const summonsDue = new Date(Date.parse(plan.summonses[0]!.reportDueAt) + 8 * 3_600_000)
    .toISOString()
    .slice(0, 10);
  const meetingDay = plan.consultationMeetings[0]!.heldOn;
  const implemented = plan.meetingOutcomes.find((o) => o.implementedOn)!.implementedOn!;
  const days = [
    plan.asOf,
    addDays(serviceDay, -1),
    serviceDay,
    addYears(serviceDay, 1),
    addDays(addYears(serviceDay, 1), 1),
    correctedOn,
    addDays(withdrawal, -1),
    withdrawal,
    addDays(undone, -1),
    '2024-12-31',
    '2021-06-30',
    deregistration,
    addDays(deregistration, -1),
    lastValidDay,
    addDays(lastValidDay, 1),
    postStart,
    addDays(postStart, -1),
    addDays(reversal, -1),
    reversal,
    needClosed,
    addDays(cancelled, -1),
    addDays(reopening, -1),
    reopening,
    addYears(reopening, 1),
    addDays(summonsDue, -1),
    summonsDue,
    addDays(meetingDay, -1),
    meetingDay,
    addDays(implemented, -1),
    implemented,
  ];

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: district.districtCode });
    await seedDemoDistrict(database, plan);
    service = createIndicatorService(database);
  });
  afterAll(() => database.close());

  it.each(days)('on %s: the district, every subdistrict and every community', async (on) => {
    expect(
      comparable(figuresOf(await service.indicatorsFor({ unitCode: district.districtCode, on }))),
    ).toEqual(recompute(plan, district.districtCode, on));
    const subdistricts = await service.indicatorsByChildUnit({ unitCode: district.districtCode, on });
    expect(subdistricts.map((s) => s.unitCode)).toEqual(plan.subdistricts.map((s) => s.code).sort());
    for (const subdistrict of subdistricts) {
      expect(comparable(figuresOf(subdistrict.indicators)), subdistrict.unitCode).toEqual(
        recompute(plan, subdistrict.unitCode, on),
      );
      const communities = await service.indicatorsByChildUnit({ unitCode: subdistrict.unitCode, on });
      expect(communities.length).toBeGreaterThan(0);
      for (const community of communities) {
        expect(comparable(figuresOf(community.indicators)), community.unitCode).toEqual(
          recompute(plan, community.unitCode, on),
        );
      }
      // docs/domain.md §10: figures add up — exactly for 1–3 and needs, 4 at least covers the
      // subdistrict, and projects designed by the subdistrict itself count for no community.
      const parent = figuresOf(subdistrict.indicators);
      for (const key of indicatorKeys) {
        const numerators = communities.reduce((t, c) => t + figuresOf(c.indicators)[key][0], 0);
        const denominators = communities.reduce((t, c) => t + figuresOf(c.indicators)[key][1], 0);
        if (projectKeys.has(key)) {
          // Scores (numeric 0–100 with cents) summed here in floating point: within a rounding.
          expect(numerators, key).toBeLessThanOrEqual(parent[key][0] + 1e-6);
          expect(denominators, key).toBeLessThanOrEqual(parent[key][1]);
          continue;
        }
        expect(denominators, key).toBe(parent[key][1]);
        if (
          key === 'certified_social_workers_per_10k_residents' ||
          key === 'certificate_holders_per_10k_residents'
        )
          expect(numerators).toBeGreaterThanOrEqual(parent[key][0]);
        // Hours are minutes / 60, summed in floating point.
        else if (key === 'volunteer_hours_per_registered_volunteer')
          expect(numerators).toBeCloseTo(parent[key][0], 6);
        else expect(numerators, key).toBe(parent[key][0]);
      }
    }
  });

  it('on the reference day the demo is near the national targets and 3–5 certified workers per 10,000 residents', async () => {
    const values = await service.indicatorsFor({ unitCode: district.districtCode, on: plan.asOf });
    const byKey = Object.fromEntries(values.map((v) => [v.key, v]));
    console.log(
      values
        .map((v) => `${v.key}: ${v.numerator}/${v.denominator} = ${v.value?.toFixed(2)} (target ${v.target})`)
        .join('\n'),
    );
    expect(byKey.community_organizations_per_urban_community!.value!).toBeGreaterThan(8);
    expect(byKey.community_organizations_per_urban_community!.value!).toBeLessThan(12);
    expect(byKey.community_organizations_per_rural_community!.value!).toBeGreaterThanOrEqual(4);
    expect(byKey.community_organizations_per_rural_community!.value!).toBeLessThanOrEqual(6.5);
    expect(byKey.certified_social_workers_per_10k_residents!.value!).toBeGreaterThanOrEqual(3);
    expect(byKey.certified_social_workers_per_10k_residents!.value!).toBeLessThanOrEqual(5);
  });
});
