import { type PolicyKey, type PolicyValueOf, policyDefinitions } from '../policies/policy-keys.js';
import { resolvePolicy } from '../policies/resolve-policy.js';
import type { communities } from '../schema/hierarchy.js';
import type {
  certificateRegistrations,
  continuingEducationRecords,
  socialWorkCertificates,
  socialWorkerPosts,
} from '../schema/social-workers.js';
import { addDays, addYears } from '../services/dates.js';
import type { SocialWorkerLevel } from '../social-workers/code-lists.js';
import {
  firstRegistrationDeadline,
  hoursCompletedWithin,
  renewalWindow,
  type ValidityPeriod,
  validityFrom,
} from '../social-workers/registration-rules.js';
import { computeResidentIdCheck } from '../validators/resident-id.js';
import { givenNameParts, surnames } from './names.js';
import type { NewOrganization } from './plan-organizations.js';
import { type Random, randomDate } from './random.js';

type NewCommunity = typeof communities.$inferInsert;
/**
 * A planned worker with its identifiers in clear: the seed seals them with the district's
 * keyring (demo/seed-district.ts), so a plan stays independent of keys.
 */
export interface PlannedWorker {
  districtCode: string;
  id: number;
  name: string;
  residentId: string;
  mobilePhone: string | null;
}
type NewWorker = PlannedWorker;
type NewCertificate = typeof socialWorkCertificates.$inferInsert & { id: number };
type NewRegistration = typeof certificateRegistrations.$inferInsert;
type NewEducationRecord = typeof continuingEducationRecords.$inferInsert;
type NewPost = typeof socialWorkerPosts.$inferInsert;

export interface SocialWorkerRows {
  socialWorkers: NewWorker[];
  socialWorkCertificates: NewCertificate[];
  certificateRegistrations: NewRegistration[];
  continuingEducationRecords: NewEducationRecord[];
  socialWorkerPosts: NewPost[];
}

export interface SocialWorkerPlanContext {
  districtCode: string;
  asOf: string;
  random: Random;
  communities: readonly NewCommunity[];
  organizations: readonly NewOrganization[];
}

const levelDigits: Record<SocialWorkerLevel, string> = { assistant: '1', intermediate: '2', senior: '3' };

const educationProviders = [
  '江苏省社会工作者协会',
  '苏州市社会工作协会',
  '苏州大学社会学院',
  '中国社会工作联合会',
];
const educationCourses = [
  '社会工作伦理与价值',
  '个案管理实务',
  '小组工作方法与技巧',
  '社区营造与居民参与',
  '老年社会工作',
  '儿童保护与家庭支持',
  '社会工作督导',
  '政府购买服务项目管理',
  '心理危机干预基础',
  '社会工作政策法规',
];

const postTitles = {
  community: ['社区专职社会工作者', '社区社工站社工', '党群服务中心社工'],
  agency: ['一线社工', '项目社工', '项目主管', '社工督导'],
  organization: ['项目社工', '社工'],
} as const;

/** The national value of a policy on a day, with its source (the demo district sets none of these). */
function nationalPolicy<K extends PolicyKey>(key: K, districtCode: string, on: string) {
  const defaults: readonly { effectiveFrom: string; value: unknown; source: string }[] =
    policyDefinitions[key].nationalDefaults;
  const resolved = resolvePolicy(
    defaults.map((entry) => ({ ...entry, jurisdictionCode: null })),
    districtCode,
    on,
  );
  if (!resolved) throw new Error(`No national value of ${key} on ${on}`);
  return resolved as { value: PolicyValueOf<K>; source: string };
}

/**
 * Social workers of a demo district (docs/domain.md §4), about 3.5–4.5 certified per 10,000
 * residents: resident IDs of the district with birth years 1965–2000, demo phone numbers,
 * certificates at the three levels (mostly assistant), registrations made by the rules of
 * 社会工作者职业水平证书登记办法 (first within a year of passing, three years each, renewed in the
 * last three months with enough continuing education), a few lapsed, and posts at communities
 * and organizations whose full-time periods never overlap.
 */
export function planSocialWorkers(context: SocialWorkerPlanContext): SocialWorkerRows {
  const { districtCode, asOf, random } = context;
  const rows: SocialWorkerRows = {
    socialWorkers: [],
    socialWorkCertificates: [],
    certificateRegistrations: [],
    continuingEducationRecords: [],
    socialWorkerPosts: [],
  };
  const population = context.communities.reduce((sum, c) => sum + (c.residentPopulation ?? 0), 0);
  if (population === 0) return rows;
  const rate = 3.6 + random.next();
  const workerCount = Math.round((population * rate) / 10_000 / 0.92);
  const asOfYear = Number(asOf.slice(0, 4));
  // The latest examination year whose results are out by `asOf` (results come in August–September).
  const latestExamYear = `${asOfYear}-09-30` <= asOf ? asOfYear : asOfYear - 1;

  // Employers: communities weighted by population, district-wide agencies, registered community
  // organizations in force throughout (a deregistered organization employs no one here).
  const cumulative: number[] = [];
  let running = 0;
  for (const community of context.communities) {
    running += community.residentPopulation ?? 0;
    cumulative.push(running);
  }
  const pickCommunity = (): NewCommunity => {
    const target = random.next() * running;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return context.communities[low]!;
  };
  const agencies = context.organizations.filter(
    (o) =>
      o.legalStatus === 'registered' &&
      !o.deregisteredOn &&
      o.communityId == null &&
      o.legalForm === 'social_service_agency',
  );
  const communityOrganizations = context.organizations.filter(
    (o) => o.legalStatus === 'registered' && !o.deregisteredOn && o.communityId != null,
  );

  type Employer =
    | { kind: 'community'; community: NewCommunity }
    | { kind: 'agency' | 'organization'; organization: NewOrganization };
  const pickEmployer = (): Employer => {
    const draw = random.next();
    if (draw < 0.35 && agencies.length > 0) return { kind: 'agency', organization: random.pick(agencies) };
    if (draw < 0.55 && communityOrganizations.length > 0) {
      return { kind: 'organization', organization: random.pick(communityOrganizations) };
    }
    return { kind: 'community', community: pickCommunity() };
  };
  const employerSince = (employer: Employer) =>
    employer.kind === 'community' ? employer.community.effectiveFrom : employer.organization.registeredOn;
  const employerKey = (employer: Employer) =>
    employer.kind === 'community' ? `c${employer.community.id}` : `o${employer.organization.id}`;

  const usedResidentIds = new Set<string>();
  let certificateSerial = random.int(1, 5000);

  for (let w = 1; w <= workerCount; w++) {
    let lapsed = random.next() < 0.08;
    const birthYear = random.int(1965, 2000);
    const birthDate = randomDate(random, `${birthYear}-01-01`, `${birthYear}-12-31`);
    let residentId = '';
    do {
      const male = random.next() < 0.35;
      const sequence = male ? 2 * random.int(0, 498) + 1 : 2 * random.int(1, 499);
      const first17 = `${districtCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
      residentId = first17 + computeResidentIdCheck(first17);
    } while (usedResidentIds.has(residentId));
    usedResidentIds.add(residentId);
    const given = random.pick(givenNameParts);
    const worker: NewWorker = {
      districtCode,
      id: w,
      name: `${random.pick(surnames)}${given.length === 1 && random.next() < 0.6 ? given + random.pick(givenNameParts).slice(0, 1) : given}`,
      residentId,
      // One recognisable block of numbers (170 0000 xxxx, a virtual-operator prefix): valid in
      // form, obviously demo data when unmasked.
      mobilePhone: random.next() < 0.9 ? `1700000${String(random.int(0, 9999)).padStart(4, '0')}` : null,
    };
    rows.socialWorkers.push(worker);

    // Certificates: the examination years the worker could have sat (from age 21, and from 2009,
    // when registration of the certificates began), the highest level mostly assistant.
    const firstYear = Math.max(2009, birthYear + 21);
    // A lapsed worker passed long enough ago for a registration to have expired by `asOf`.
    let top = lapsed ? latestExamYear - 4 : latestExamYear;
    if (top < firstYear) {
      lapsed = false;
      top = latestExamYear;
    }
    const chain: { level: SocialWorkerLevel; year: number }[] = [];
    if (top >= firstYear) {
      const draw = random.next();
      const highest: SocialWorkerLevel = draw < 0.6 ? 'assistant' : draw < 0.94 ? 'intermediate' : 'senior';
      if (highest === 'senior' && !lapsed && top - firstYear >= 6) {
        const intermediateYear = random.int(firstYear, top - 6);
        chain.push({ level: 'intermediate', year: intermediateYear });
        chain.push({ level: 'senior', year: random.int(intermediateYear + 6, top) });
      } else if (highest !== 'assistant' && !lapsed && top - firstYear >= 2 && random.next() < 0.55) {
        const assistantYear = random.int(firstYear, top - 2);
        chain.push({ level: 'assistant', year: assistantYear });
        chain.push({ level: 'intermediate', year: random.int(assistantYear + 2, top) });
      } else {
        chain.push({
          level: highest === 'senior' ? 'intermediate' : highest,
          year: random.int(firstYear, top),
        });
      }
    }

    const certificates = chain.map(({ level, year }) => {
      const passedOn =
        level === 'senior'
          ? randomDate(random, `${year}-09-01`, `${year}-09-30`)
          : randomDate(random, `${year}-08-20`, `${year}-09-30`);
      const certificate: NewCertificate = {
        districtCode,
        id: rows.socialWorkCertificates.length + 1,
        workerId: w,
        level,
        certificateNumber: `${year}${levelDigits[level]}${districtCode}${String(certificateSerial++).padStart(6, '0')}`,
        passedOn,
        recordedAt: `${passedOn}T10:00:00+08:00`,
      };
      rows.socialWorkCertificates.push(certificate);
      return certificate;
    });

    // First registration of each certificate, within the deadline; the newest may still be pending.
    const firstRegistrations = certificates.map((certificate, index) => {
      const rules = nationalPolicy(
        'social_worker.registration_rules',
        districtCode,
        certificate.passedOn,
      ).value;
      const deadline = firstRegistrationDeadline(certificate.passedOn, rules);
      const registeredOn = randomDate(random, addDays(certificate.passedOn, 14), addDays(deadline, -14));
      const newest = index === certificates.length - 1;
      if (registeredOn > asOf) return null;
      if (newest && deadline > asOf && random.next() < 0.35) return null;
      return registeredOn;
    });

    // Renewals record the hours completed in the period they renew, as the service counts them
    // (all of the worker's records within it); filled in once all the worker's records exist.
    const firstRecordOfWorker = rows.continuingEducationRecords.length;
    const renewals: { row: NewRegistration; renewed: ValidityPeriod }[] = [];
    let coveredOnAsOf = false;
    certificates.forEach((certificate, index) => {
      const firstOn = firstRegistrations[index];
      if (!firstOn) return;
      // A lower certificate is no longer renewed once the next level is registered.
      const upgradedOn = firstRegistrations[index + 1] ?? null;
      const firstRules = nationalPolicy('social_worker.registration_rules', districtCode, firstOn);
      let period = validityFrom(firstOn, firstRules.value);
      rows.certificateRegistrations.push({
        districtCode,
        id: rows.certificateRegistrations.length + 1,
        certificateId: certificate.id,
        kind: 'first',
        registeredOn: firstOn,
        ...period,
        continuingEducationHours: null,
        requiredHours: null,
        policySource: firstRules.source,
        recordedAt: `${firstOn}T10:00:00+08:00`,
      });
      for (;;) {
        const rules = nationalPolicy(
          'social_worker.registration_rules',
          districtCode,
          period.validUntil,
        ).value;
        const window = renewalWindow(period.validUntil, rules);
        const renewalOn = randomDate(random, addDays(window.windowStart, 6), addDays(window.windowEnd, -3));
        if (renewalOn > asOf) break;
        if (upgradedOn !== null && renewalOn >= upgradedOn) break;
        const next = validityFrom(addDays(period.validUntil, 1), rules);
        // A lapsed worker lets the registration expire before `asOf`, at the latest at the
        // period whose successor would cover it.
        if (lapsed && period.validUntil < asOf && (random.next() < 0.4 || next.validUntil >= asOf)) break;
        const ce = nationalPolicy('social_worker.ce_hours_per_period', districtCode, renewalOn);
        const required = ce.value[certificate.level as SocialWorkerLevel];
        planEducation(w, period.validFrom, addDays(renewalOn, -1), required + random.int(0, 24));
        const row: NewRegistration = {
          districtCode,
          id: rows.certificateRegistrations.length + 1,
          certificateId: certificate.id,
          kind: 'renewal',
          registeredOn: renewalOn,
          ...next,
          continuingEducationHours: null,
          requiredHours: required,
          policySource: ce.source,
          recordedAt: `${renewalOn}T10:00:00+08:00`,
        };
        rows.certificateRegistrations.push(row);
        renewals.push({ row, renewed: period });
        period = next;
      }
      if (period.validUntil >= asOf) coveredOnAsOf = true;
      // Hours toward the next renewal, in the period under way.
      if (
        index === certificates.length - 1 &&
        period.validUntil >= asOf &&
        period.validFrom < asOf &&
        random.next() < 0.6
      ) {
        planEducation(w, period.validFrom, asOf, random.int(6, 40));
      }
    });
    const ownRecords = rows.continuingEducationRecords.slice(firstRecordOfWorker);
    for (const { row, renewed } of renewals) {
      row.continuingEducationHours = hoursCompletedWithin(ownRecords, renewed);
    }

    planPosts(w, birthYear, lapsed || !coveredOnAsOf);
  }
  return rows;

  /** Continuing-education records of a worker within [from, until] adding up to `total` hours. */
  function planEducation(workerId: number, from: string, until: string, total: number): void {
    const parts = total > 60 ? random.int(2, 3) : 1;
    const days = Array.from({ length: parts }, () => randomDate(random, from, until)).sort();
    let left = total;
    days.forEach((completedOn, i) => {
      const hours = i === parts - 1 ? left : Math.max(6, Math.round(total / parts) + random.int(-4, 4));
      left -= hours;
      rows.continuingEducationRecords.push({
        districtCode,
        id: rows.continuingEducationRecords.length + 1,
        workerId,
        hours,
        completedOn,
        provider: random.pick(educationProviders),
        course: random.pick(educationCourses),
        recordedAt: `${completedOn}T10:00:00+08:00`,
      });
    });
  }

  function addPost(
    workerId: number,
    employer: Employer,
    fields: { fullTime: boolean; startsOn: string; endsOn: string | null; title?: string },
  ) {
    rows.socialWorkerPosts.push({
      districtCode,
      id: rows.socialWorkerPosts.length + 1,
      workerId,
      organizationId: employer.kind === 'community' ? null : employer.organization.id,
      communityId: employer.kind === 'community' ? employer.community.id! : null,
      title: fields.title ?? random.pick(postTitles[employer.kind]),
      fullTime: fields.fullTime,
      startsOn: fields.startsOn,
      endsOn: fields.endsOn,
    });
  }

  /**
   * Posts of a worker: mostly a current full-time post, sometimes an earlier one that ended
   * before it began, sometimes a part-time post beside it. Workers out of certification hold
   * a current post less often.
   */
  function planPosts(workerId: number, birthYear: number, uncertified: boolean) {
    const earliest = `${birthYear + 22}-07-01`;
    const current = random.next() < (uncertified ? 0.5 : 0.9) ? pickEmployer() : null;
    if (current) {
      const from = maxDate(employerSince(current), earliest, addYears(asOf, -12));
      const startsOn = randomDate(random, from, addDays(asOf, -1));
      if (from <= addDays(asOf, -1)) {
        addPost(workerId, current, { fullTime: true, startsOn, endsOn: null });
        const previous = random.next() < 0.3 ? pickEmployer() : null;
        if (previous && employerKey(previous) !== employerKey(current)) {
          const previousFrom = maxDate(employerSince(previous), earliest);
          const latestEnd = addDays(startsOn, -1);
          if (addDays(previousFrom, 180) <= latestEnd) {
            const previousStart = randomDate(random, previousFrom, addDays(latestEnd, -180));
            const previousEnd = randomDate(random, addDays(previousStart, 180), latestEnd);
            addPost(workerId, previous, { fullTime: true, startsOn: previousStart, endsOn: previousEnd });
          }
        }
        if (random.next() < 0.12 && communityOrganizations.length > 0) {
          const organization = random.pick(communityOrganizations);
          const partTimeFrom = maxDate(organization.registeredOn, earliest, addYears(asOf, -3));
          if (`o${organization.id}` !== employerKey(current) && partTimeFrom <= asOf) {
            addPost(
              workerId,
              { kind: 'organization', organization },
              {
                fullTime: false,
                startsOn: randomDate(random, partTimeFrom, asOf),
                endsOn: null,
                title: '兼职督导',
              },
            );
          }
        }
      }
    } else if (random.next() < 0.6) {
      // A post that has ended: the worker left social work in the district, or moved elsewhere.
      const past = pickEmployer();
      const from = maxDate(employerSince(past), earliest);
      if (addDays(from, 200) <= addDays(asOf, -30)) {
        const startsOn = randomDate(random, from, addDays(asOf, -230));
        addPost(workerId, past, {
          fullTime: true,
          startsOn,
          endsOn: randomDate(random, addDays(startsOn, 180), addDays(asOf, -30)),
        });
      }
    }
  }
}

/** The latest of YYYY-MM-DD dates (they sort as text). */
function maxDate(...dates: string[]): string {
  return dates.sort().at(-1)!;
}
