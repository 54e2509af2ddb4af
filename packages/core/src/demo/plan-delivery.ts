import { createHmac } from 'node:crypto';
import type { activityHours, deliveryActivities } from '../schema/delivery.js';
import type { satisfactionAnswers } from '../schema/evaluations.js';
import type { communities } from '../schema/hierarchy.js';
import { addDays } from '../services/dates.js';
import { activityPlaces, disputeReasons, domainTexts, type ProjectMethod } from './chain-texts.js';
import { maxDate, minDate } from './plan-project-designs.js';
import type { PlannedContract } from './plan-purchases.js';
import { daysBetween, type Random, randomDate } from './random.js';
import type { UndertakerRegister } from './undertaker-register.js';

export type NewActivity = typeof deliveryActivities.$inferInsert & { id: number };
export type NewActivityHours = typeof activityHours.$inferInsert & { id: number };
export type NewSatisfactionAnswer = typeof satisfactionAnswers.$inferInsert & { id: number };
type NewCommunity = typeof communities.$inferInsert;

export interface DeliveryRows {
  deliveryActivities: NewActivity[];
  activityHours: NewActivityHours[];
  satisfactionAnswers: NewSatisfactionAnswer[];
}

export interface DeliveryPlanContext {
  districtCode: string;
  asOf: string;
  random: Random;
  communities: readonly NewCommunity[];
  contracts: readonly PlannedContract[];
  register: UndertakerRegister;
}

/**
 * The key of the demo's respondent hashes. Demo respondents are no one: each is a number within a
 * community and a project, hashed under this published key, so the hashes have the form of real
 * ones (HMAC-SHA256, hex, docs/domain.md §6.7) without standing for any resident ID.
 */
const DEMO_RESPONDENT_KEY = 'sanshe demo respondents: no real person';

/**
 * Activities a contract records per month, and the most one records. A project holds more; the
 * demo records a sample of them, which keeps seeding quick (tests seed demo districts often).
 */
const ACTIVITIES_PER_MONTH: readonly [number, number] = [1, 2];
const MAX_ACTIVITIES_PER_CONTRACT = 24;
/** Residents who answer the satisfaction survey of an evaluated project. */
const RESPONDENTS_PER_PROJECT: readonly [number, number] = [10, 20];

const participants: Record<ProjectMethod, readonly [number, number]> = {
  casework: [1, 3],
  group_work: [6, 15],
  community_work: [25, 150],
};

const minutes: Record<ProjectMethod, readonly [number, number]> = {
  casework: [60, 120],
  group_work: [90, 180],
  community_work: [120, 300],
};

/**
 * Delivery (docs/domain.md §6.6) and residents' satisfaction (§6.7). Each contract whose purchase
 * reached implementation records activities from its first day to the end of delivery (its last
 * day, its termination, or the start of evaluation, and never after the plan's day), in the
 * communities its project serves and by the project's methods, with participants counted; the
 * community confirms most within days, disputes a few, and the latest are still awaiting it.
 * Hours are given by certified social workers holding a post at the undertaker that day
 * (undertaker-register.ts), by other staff beside them (or in their place when it has none), and
 * by volunteers, counted.
 *
 * Residents of the communities served answer the satisfaction survey of each project whose
 * purchase reached evaluation, around its start: one answer per resident and project.
 */
export function planDelivery(context: DeliveryPlanContext): DeliveryRows {
  const { districtCode, asOf, random, register } = context;
  const communityById = new Map(context.communities.map((c) => [c.id!, c]));
  const activities: (Omit<NewActivity, 'id'> & { workers: number[]; method: ProjectMethod })[] = [];
  const answers: Omit<NewSatisfactionAnswer, 'id'>[] = [];

  for (const planned of context.contracts) {
    const { contract, purchase, design } = planned;
    if (!purchase.implementationStartedOn) continue;
    const texts = domainTexts[design.domain];
    const until = [
      asOf,
      contract.terminatedOn ?? contract.endsOn,
      purchase.evaluationStartedOn ? addDays(purchase.evaluationStartedOn, -1) : asOf,
    ].reduce(minDate);
    const from = purchase.implementationStartedOn;
    if (until < from) continue;
    const months = (daysBetween(from, until) + 1) / 30.4;
    const rate =
      ACTIVITIES_PER_MONTH[0] + random.next() * (ACTIVITIES_PER_MONTH[1] - ACTIVITIES_PER_MONTH[0]);
    const count = Math.min(MAX_ACTIVITIES_PER_CONTRACT, Math.max(1, Math.round(months * rate)));
    for (let n = 0; n < count; n++) {
      const method = random.pick(design.methods);
      const community = communityById.get(random.pick(design.communityIds))!;
      const heldOn = randomDate(random, from, until);
      const titles = texts.activities[method] ?? Object.values(texts.activities).flat();
      const answeredOn = addDays(heldOn, random.int(1, 10));
      const awaiting = answeredOn > asOf || (daysBetween(heldOn, asOf) < 10 && random.next() < 0.7);
      const disputed = !awaiting && random.next() < 0.04;
      const staff = register.certifiedStaffOn(contract.organizationId, heldOn);
      const workers =
        staff.length === 0 ? [] : pickSome(random, staff, random.int(1, Math.min(2, staff.length)));
      activities.push({
        districtCode,
        contractId: contract.id,
        communityId: community.id!,
        title: random.pick(titles),
        method,
        heldOn,
        place: `${community.name}${method === 'casework' ? '社工站个案工作室' : random.pick(activityPlaces)}`,
        participantCount: random.int(...participants[method]),
        status: awaiting ? 'recorded' : disputed ? 'disputed' : 'confirmed',
        confirmedOn: awaiting ? null : answeredOn,
        confirmedBy: awaiting ? null : `demo-${community.code}-staff`,
        disputeReason: disputed ? random.pick(disputeReasons) : null,
        workers,
      });
    }

    // The satisfaction survey of an evaluated project.
    if (purchase.stage === 'evaluation' || purchase.stage === 'closure') {
      const evaluationStartedOn = purchase.evaluationStartedOn!;
      const first = maxDate(from, addDays(evaluationStartedOn, -14));
      const last = [asOf, addDays(evaluationStartedOn, 20), purchase.closedOn ?? asOf].reduce(minDate);
      const respondents = new Set<string>();
      const count = random.int(...RESPONDENTS_PER_PROJECT);
      while (respondents.size < count) {
        const community = communityById.get(random.pick(design.communityIds))!;
        const resident = random.int(1, community.residentPopulation ?? 1000);
        // Bound to the project, as the evaluation service binds its hashes: two answers to two
        // projects cannot be told to come from one resident.
        const key = `${districtCode}:${planned.projectId}:${community.id}:${resident}`;
        if (respondents.has(key)) continue;
        respondents.add(key);
        const draw = random.next();
        const answeredOn = randomDate(random, first, last);
        answers.push({
          districtCode,
          projectId: planned.projectId,
          respondentHash: createHmac('sha256', DEMO_RESPONDENT_KEY).update(key).digest('hex'),
          answeredOn,
          score: draw < 0.55 ? 5 : draw < 0.85 ? 4 : draw < 0.95 ? 3 : draw < 0.99 ? 2 : 1,
          recordedAt: `${answeredOn}T18:00:00+08:00`,
        });
      }
    }
  }

  // Ids follow the days.
  const byDay = <T extends { heldOn?: string; answeredOn?: string }>(a: T, b: T) => {
    const x = a.heldOn ?? a.answeredOn!;
    const y = b.heldOn ?? b.answeredOn!;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const rows: DeliveryRows = { deliveryActivities: [], activityHours: [], satisfactionAnswers: [] };
  activities.sort(byDay).forEach(({ workers, ...activity }, index) => {
    const id = index + 1;
    rows.deliveryActivities.push({ ...activity, id });
    const recordedAt = `${activity.heldOn}T18:00:00+08:00`;
    const span = minutes[activity.method];
    const hours = (role: string, workerId: number | null) =>
      rows.activityHours.push({
        districtCode,
        id: rows.activityHours.length + 1,
        activityId: id,
        role,
        workerId,
        minutes: random.int(span[0], span[1]),
        recordedAt,
      });
    for (const workerId of workers) hours('social_worker', workerId);
    // A project assistant beside the social workers, or in their place when none is certified.
    if (workers.length === 0 || random.next() < 0.2) hours('other_staff', null);
    const volunteers =
      activity.method === 'community_work'
        ? random.int(0, 2)
        : activity.method === 'group_work' && random.next() < 0.3
          ? 1
          : 0;
    for (let v = 0; v < volunteers; v++) hours('volunteer', null);
  });
  answers.sort(byDay).forEach((answer, index) => {
    rows.satisfactionAnswers.push({ ...answer, id: index + 1 });
  });
  return rows;
}

function pickSome<T>(random: Random, items: readonly T[], count: number): T[] {
  const left = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && left.length > 0) {
    chosen.push(left.splice(random.int(0, left.length - 1), 1)[0]!);
  }
  return chosen;
}
