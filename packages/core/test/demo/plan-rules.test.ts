/**
 * The demo plan obeys the rules the services enforce, so that a demo district looks like one the
 * services could have built: every identifier parses, every date sequence is one the rules allow.
 * Pure: no database.
 */
import { describe, expect, it } from 'vitest';
import { type DemoDistrictPlan, demoAsOf, demoDistricts, planDemoDistrict } from '../../src/demo/index.js';
import { planGridManagement } from '../../src/demo/plan-grid-management.js';
import { planOrganizations } from '../../src/demo/plan-organizations.js';
import { planSocialWorkers } from '../../src/demo/plan-social-workers.js';
import { createRandom, deriveSeed } from '../../src/demo/random.js';
import {
  creditCategories,
  creditLists,
  disclosureKinds,
  legalForms,
  listingReasons,
  listRemovalReasons,
  organizationCategories,
  serviceDomains,
  statusChangeKinds,
  usccCategoryOfLegalForm,
} from '../../src/organizations/code-lists.js';
import {
  escalationDueOn,
  evaluationEligibility,
  gradeForScore,
  gradeValidUntil,
} from '../../src/organizations/evaluation-rules.js';
import { containsPersonalData } from '../../src/personal-data/personal-data-scan.js';
import {
  type AmountsByLevel,
  type EvaluationEligibility,
  type GradeCutoffs,
  gradeNames,
  policyDefinitions,
  type RegistrationRules,
} from '../../src/policies/policy-keys.js';
import type { PolicyInForce } from '../../src/policies/resolve-policy.js';
import { addDays, addMonths, addYears, periodsOverlap } from '../../src/services/dates.js';
import { isCertifiedOn } from '../../src/social-workers/certification.js';
import { type SocialWorkerLevel, socialWorkerLevels } from '../../src/social-workers/code-lists.js';
import { decideFirstRegistration, decideRenewal } from '../../src/social-workers/registration-rules.js';
import { parseMobilePhone, parseName, parseResidentId, parseUscc } from '../../src/validators/index.js';
import { describeConsultationRules, describeGridManagementRules, describeGridVolumes } from './grid-rules.js';
import { describeServiceChainRules, describeServiceChainVolumes } from './service-chain-rules.js';

const plans: { label: string; plan: DemoDistrictPlan }[] = [
  ...demoDistricts.map((district) => ({
    label: `${district.districtCode} default`,
    plan: planDemoDistrict(district),
  })),
  { label: '320505 seed 1', plan: planDemoDistrict({ districtCode: '320505', name: '虎丘区', seed: 1 }) },
  {
    label: '320505 seed 7, 2 × 3 communities',
    plan: planDemoDistrict({
      districtCode: '320505',
      name: '虎丘区',
      seed: 7,
      scale: { subdistricts: 2, communitiesPerSubdistrict: 3, gridsPerCommunity: 1 },
    }),
  },
  {
    label: '110101 seed 3, history up to 2023-03-15',
    plan: planDemoDistrict({ districtCode: '110101', name: '东城区', seed: 3, asOf: '2023-03-15' }),
  },
];

const defaultPlans = plans.slice(0, demoDistricts.length + 1);

/** Rows of a plan by id. */
function index<T extends { id?: number | undefined }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id!, row]));
}

function nationalValue<K extends keyof typeof policyDefinitions>(key: K, on: string) {
  const defaults = policyDefinitions[key].nationalDefaults as readonly {
    effectiveFrom: string;
    value: unknown;
    source: string;
  }[];
  return [...defaults].reverse().find((entry) => entry.effectiveFrom <= on)!;
}

describe('demo plan: determinism', () => {
  it('the same seed plans the same district, another seed another one', () => {
    const district = demoDistricts[0];
    expect(planDemoDistrict(district)).toEqual(planDemoDistrict(district));
    expect(planDemoDistrict({ ...district, seed: 99 }).socialOrganizations).not.toEqual(
      planDemoDistrict(district).socialOrganizations,
    );
  });

  it('organizations and workers draw from their own streams: the hierarchy of a seed does not depend on them', () => {
    const district = demoDistricts[1];
    const now = planDemoDistrict(district);
    const earlier = planDemoDistrict({ ...district, asOf: '2022-06-30' });
    expect(earlier.subdistricts).toEqual(now.subdistricts);
    expect(earlier.communities).toEqual(now.communities);
    expect(earlier.grids).toEqual(now.grids);
    expect(now.asOf).toBe(demoAsOf);
  });

  it('the service chain draws from streams of its own: organizations and workers are planned as without it, its credit records come after theirs', () => {
    const district = demoDistricts[0];
    const plan = planDemoDistrict(district);
    const cutoffs = plan.policyValues.find((p) => p.policyKey === 'organization.evaluation_grade_cutoffs')!;
    const organizations = planOrganizations({
      districtCode: district.districtCode,
      districtName: district.name,
      asOf: plan.asOf,
      random: createRandom(deriveSeed(district.seed, 1)),
      subdistricts: plan.subdistricts,
      communities: plan.communities,
      gradeCutoffs: {
        effectiveFrom: cutoffs.effectiveFrom,
        value: cutoffs.value as GradeCutoffs,
        source: cutoffs.source,
      },
    });
    const workers = planSocialWorkers({
      districtCode: district.districtCode,
      asOf: plan.asOf,
      random: createRandom(deriveSeed(district.seed, 2)),
      communities: plan.communities,
      organizations: organizations.socialOrganizations,
    });
    const own = organizations.organizationCreditRecords.length;
    for (const key of Object.keys(organizations) as (keyof typeof organizations)[]) {
      if (key !== 'organizationCreditRecords') expect(plan[key], key).toEqual(organizations[key]);
    }
    expect(plan.organizationCreditRecords.slice(0, own)).toEqual(organizations.organizationCreditRecords);
    for (const key of Object.keys(workers) as (keyof typeof workers)[])
      expect(plan[key]).toEqual(workers[key]);
    // docs/domain.md §6.3: a final evaluation leaves a purchased-service credit record on the undertaker.
    const added = plan.organizationCreditRecords.slice(own);
    expect(added.length).toBe(plan.projectEvaluations.filter((e) => e.kind === 'final').length);
    for (const [index, record] of added.entries()) {
      expect(record).toMatchObject({ id: own + index + 1, category: 'other', kind: 'purchased_service' });
    }
  });
});

describe('demo plan: grid management and consultation come last, from streams of their own', () => {
  it('the grid plan of stream 7 gives the same rows from the same inputs; its policy value is numbered after the others', () => {
    const district = demoDistricts[2];
    const plan = planDemoDistrict(district);
    const earlier = plan.policyValues.filter((p) => !p.policyKey.startsWith('grid.'));
    const again = planGridManagement({
      districtCode: district.districtCode,
      districtName: district.name,
      asOf: plan.asOf,
      random: createRandom(deriveSeed(district.seed, 7)),
      subdistricts: plan.subdistricts,
      communities: plan.communities,
      grids: plan.grids,
      volunteers: plan,
      policyValues: earlier,
    });
    for (const key of Object.keys(again.rows) as (keyof typeof again.rows)[]) {
      expect(plan[key], key).toEqual(again.rows[key]);
    }
    expect(plan.policyValues).toEqual([...earlier, ...again.policyValues]);
    expect(again.policyValues.map((p) => p.id)).toEqual([earlier.length + 1]);
  });
});

describe.each(plans)('demo plan $label', ({ plan }) => {
  const organizations = index(plan.socialOrganizations);
  const communities = index(plan.communities);
  const subdistrictCodes = new Set(plan.subdistricts.map((s) => s.code));
  const communityCodes = new Set(plan.communities.map((c) => c.code));
  const workers = index(plan.socialWorkers);
  const certificates = index(plan.socialWorkCertificates);
  const asOfDate = new Date(`${plan.asOf}T12:00:00+08:00`);

  it('GB 32100-2015: every USCC parses, civil affairs (5), the legal form category, registered by this district', () => {
    const seen = new Set<string>();
    for (const organization of plan.socialOrganizations) {
      if (organization.legalStatus === 'filed') continue;
      const parsed = parseUscc(organization.uscc);
      expect(parsed.success, `${organization.name}: ${organization.uscc}`).toBe(true);
      if (!parsed.success) continue;
      expect(parsed.data.authority.name).toBe('civil_affairs');
      expect(parsed.data.categoryCode).toBe(
        usccCategoryOfLegalForm[organization.legalForm as keyof typeof usccCategoryOfLegalForm],
      );
      expect(parsed.data.registeringAreaCode).toBe(plan.districtCode);
      expect(parsed.data.checkCharacterValid).toBe(true);
      expect(organization.usccOverrideReason ?? null).toBeNull();
      expect(seen.has(parsed.data.code)).toBe(false);
      seen.add(parsed.data.code);
    }
  });

  it('docs/domain.md §3: registered organizations have a legal form and USCC; filed groups neither, and a guiding unit of the district', () => {
    for (const organization of plan.socialOrganizations) {
      expect(parseName(organization.name).success).toBe(true);
      expect(Object.keys(organizationCategories)).toContain(organization.category);
      for (const domain of organization.serviceDomains ?? [])
        expect(Object.keys(serviceDomains)).toContain(domain);
      if (organization.legalStatus === 'registered') {
        expect(Object.keys(legalForms)).toContain(organization.legalForm);
        expect(organization.uscc).toMatch(/^5[123]/);
      } else {
        expect(organization.legalStatus).toBe('filed');
        expect(organization.legalForm).toBeNull();
        expect(organization.uscc).toBeNull();
        const guide = organization.guidingUnitCode!;
        expect(subdistrictCodes.has(guide) || communityCodes.has(guide)).toBe(true);
      }
      if (organization.communityId != null) expect(communities.has(organization.communityId)).toBe(true);
    }
  });

  it('organizations are registered by the reference date; deregistered ones after registering, with their history', () => {
    const changes = plan.organizationStatusChanges;
    for (const organization of plan.socialOrganizations) {
      expect(organization.registeredOn <= plan.asOf).toBe(true);
      expect(organization.status).toBe(organization.deregisteredOn ? 'deregistered' : 'active');
      const own = changes.filter((c) => c.organizationId === organization.id);
      const start = own.filter((c) => c.kind === 'registered' || c.kind === 'filed');
      expect(start).toHaveLength(1);
      expect(start[0]!.kind).toBe(organization.legalStatus === 'registered' ? 'registered' : 'filed');
      expect(start[0]!.occurredOn).toBe(organization.registeredOn);
      const end = own.filter((c) => c.kind === 'deregistered');
      if (organization.deregisteredOn) {
        expect(organization.deregisteredOn > organization.registeredOn).toBe(true);
        expect(organization.deregisteredOn <= plan.asOf).toBe(true);
        expect(end.map((c) => c.occurredOn)).toEqual([organization.deregisteredOn]);
      } else {
        expect(end).toHaveLength(0);
      }
      for (const change of own) expect(Object.keys(statusChangeKinds)).toContain(change.kind);
    }
  });

  it('every organization with a base community serves it (organization_communities)', () => {
    const pairs = new Set(plan.organizationCommunities.map((p) => `${p.organizationId}/${p.communityId}`));
    expect(pairs.size).toBe(plan.organizationCommunities.length);
    for (const organization of plan.socialOrganizations) {
      if (organization.communityId != null)
        expect(pairs.has(`${organization.id}/${organization.communityId}`)).toBe(true);
    }
  });

  it('民发〔2017〕191号: community organizations in force per community near 10 (urban) and 5 (rural)', () => {
    for (const community of plan.communities) {
      const inForce = plan.socialOrganizations.filter(
        (o) => o.communityId === community.id && !o.deregisteredOn && o.category !== 'hub',
      ).length;
      if (community.urbanRuralClass?.startsWith('1')) {
        expect(inForce).toBeGreaterThanOrEqual(8);
        expect(inForce).toBeLessThanOrEqual(12);
      } else {
        expect(inForce).toBeGreaterThanOrEqual(4);
        expect(inForce).toBeLessThanOrEqual(6);
      }
    }
  });

  it('docs/domain.md §3: hubs lead members in their subdistrict; the relation is acyclic (no hub is a member)', () => {
    const hubIds = new Set(plan.socialOrganizations.filter((o) => o.category === 'hub').map((o) => o.id));
    for (const subdistrict of plan.subdistricts) {
      const count = plan.socialOrganizations.filter(
        (o) => o.category === 'hub' && communities.get(o.communityId!)?.subdistrictId === subdistrict.id,
      ).length;
      const hasCommunities = plan.communities.some((c) => c.subdistrictId === subdistrict.id);
      if (hasCommunities) expect([1, 2]).toContain(count);
      else expect(count).toBe(0);
    }
    for (const membership of plan.organizationHubMemberships) {
      const hub = organizations.get(membership.hubId)!;
      const member = organizations.get(membership.memberId)!;
      expect(hubIds.has(hub.id)).toBe(true);
      expect(hubIds.has(member.id)).toBe(false);
      expect(membership.joinedOn >= hub.registeredOn && membership.joinedOn >= member.registeredOn).toBe(
        true,
      );
      expect(membership.joinedOn <= plan.asOf).toBe(true);
      expect(member.deregisteredOn ?? null).toBeNull();
      expect(communities.get(member.communityId!)!.subdistrictId).toBe(
        communities.get(hub.communityId!)!.subdistrictId,
      );
    }
  });

  it('社会组织信用信息管理办法 第十、十八条: list entries; two years on the abnormal list moves an organization to the dishonesty list', () => {
    const entries = plan.organizationListEntries;
    const entriesById = index(entries);
    const years = nationalValue('organization.abnormal_list_years_before_dishonesty', plan.asOf)
      .value as number;
    for (const entry of entries) {
      expect(Object.keys(creditLists)).toContain(entry.list);
      expect(Object.keys(listingReasons)).toContain(entry.reason);
      expect(entry.listedOn <= plan.asOf).toBe(true);
      expect(organizations.get(entry.organizationId)!.legalStatus).toBe('registered');
      if (entry.removedOn) {
        expect(entry.removedOn >= entry.listedOn && entry.removedOn <= plan.asOf).toBe(true);
        expect(Object.keys(listRemovalReasons)).toContain(entry.removalReason);
      } else {
        expect(entry.removalReason).toBeNull();
      }
      if (entry.list === 'serious_dishonesty') {
        const from = entriesById.get(entry.escalatedFromId!)!;
        expect(from.id! < entry.id!).toBe(true);
        expect(from.organizationId).toBe(entry.organizationId);
        expect(from.list).toBe('abnormal_activity');
        expect(from.removalReason).toBe('moved_to_dishonesty');
        expect(from.removedOn).toBe(entry.listedOn);
        expect(entry.listedOn).toBe(addYears(from.listedOn, years));
      }
    }
    const open = entries.filter((e) => !e.removedOn).map((e) => `${e.organizationId}/${e.list}`);
    expect(new Set(open).size).toBe(open.length);
  });

  it('社会组织评估管理办法: grades only after two full years, never while listed or within a year of a penalty; scores match the cut-offs', () => {
    const cutoffsRow = plan.policyValues.find(
      (p) => p.policyKey === 'organization.evaluation_grade_cutoffs',
    )!;
    const cutoffs = cutoffsRow.value as Record<(typeof gradeNames)[number], number>;
    for (const grade of plan.organizationGrades) {
      const organization = organizations.get(grade.organizationId)!;
      const eligibility = nationalValue('organization.evaluation_eligibility', grade.awardedOn).value as {
        minFullYearsRegistered: number;
        penaltyLookbackYears: number;
        gradeValidityYears: number;
      };
      expect(organization.legalStatus).toBe('registered');
      expect(
        organization.registeredOn <= addYears(grade.awardedOn, -eligibility.minFullYearsRegistered),
      ).toBe(true);
      expect(!organization.deregisteredOn || organization.deregisteredOn > grade.awardedOn).toBe(true);
      expect(grade.awardedOn <= plan.asOf && grade.awardedOn >= cutoffsRow.effectiveFrom).toBe(true);
      const listed = plan.organizationListEntries.some(
        (e) =>
          e.organizationId === organization.id &&
          e.listedOn <= grade.awardedOn &&
          (!e.removedOn || e.removedOn > grade.awardedOn),
      );
      expect(listed).toBe(false);
      const penalised = plan.organizationCreditRecords.some(
        (r) =>
          r.organizationId === organization.id &&
          r.category === 'penalty' &&
          r.occurredOn <= grade.awardedOn &&
          r.occurredOn > addYears(grade.awardedOn, -eligibility.penaltyLookbackYears),
      );
      expect(penalised).toBe(false);
      const earned = gradeNames.filter((name) => grade.score >= cutoffs[name]).length;
      expect(earned).toBe(grade.grade);
      expect(grade.validUntil).toBe(addDays(addYears(grade.awardedOn, eligibility.gradeValidityYears), -1));
      expect(grade.cutoffsSource).toBe(cutoffsRow.source);
    }
  });

  it('credit records and disclosures: known codes, dated within the organization’s life, no personal numbers in public text', () => {
    for (const record of plan.organizationCreditRecords) {
      expect(Object.keys(creditCategories)).toContain(record.category);
      const organization = organizations.get(record.organizationId)!;
      expect(record.occurredOn >= organization.registeredOn && record.occurredOn <= plan.asOf).toBe(true);
    }
    for (const disclosure of plan.organizationDisclosures) {
      expect(Object.keys(disclosureKinds)).toContain(disclosure.kind);
      const organization = organizations.get(disclosure.organizationId)!;
      expect(disclosure.publishedOn >= organization.registeredOn && disclosure.publishedOn <= plan.asOf).toBe(
        true,
      );
      // docs/domain.md §9: no phone or identity numbers in public views.
      expect(`${disclosure.title}${disclosure.content}`).not.toMatch(/\d{7,}/);
    }
  });

  it('local policies parse with their definitions and apply to this district', () => {
    // The points rate only where the time bank runs (a community planned in full, docs/domain.md §5.5);
    // the grid team composition "1+2+N" with N at 0 (§7.2) everywhere.
    expect(plan.policyValues.map((p) => p.policyKey).sort()).toEqual([
      'grid.team_composition',
      'organization.evaluation_grade_cutoffs',
      'social_worker.monthly_allowance_yuan',
      ...(plan.timeBankEntries.length > 0 ? ['time_bank.points_per_hour'] : []),
    ]);
    for (const row of plan.policyValues) {
      const definition = policyDefinitions[row.policyKey as keyof typeof policyDefinitions];
      expect(definition.parse(row.value).success).toBe(true);
      expect(row.jurisdictionCode).toBe(plan.districtCode);
      expect(row.source.length).toBeGreaterThan(0);
    }
  });

  it('GB 11643: every resident ID parses, registered in this district, born 1965–2000; phones are valid mobile numbers', () => {
    const seen = new Set<string>();
    for (const worker of plan.socialWorkers) {
      const parsed = parseResidentId(worker.residentId, { today: asOfDate });
      expect(parsed.success, worker.residentId).toBe(true);
      if (!parsed.success) continue;
      expect(parsed.data.legacy).toBe(false);
      expect(parsed.data.areaCode).toBe(plan.districtCode);
      const year = Number(parsed.data.birthDate.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(1965);
      expect(year).toBeLessThanOrEqual(2000);
      expect(seen.has(worker.residentId)).toBe(false);
      seen.add(worker.residentId);
      if (worker.mobilePhone != null) expect(parseMobilePhone(worker.mobilePhone).success).toBe(true);
      expect(parseName(worker.name).success).toBe(true);
    }
  });

  it('certificates: known levels, one per level and worker, unique numbers, passed by the reference date', () => {
    const numbers = new Set(plan.socialWorkCertificates.map((c) => c.certificateNumber));
    expect(numbers.size).toBe(plan.socialWorkCertificates.length);
    const levels = new Set(plan.socialWorkCertificates.map((c) => `${c.workerId}/${c.level}`));
    expect(levels.size).toBe(plan.socialWorkCertificates.length);
    for (const certificate of plan.socialWorkCertificates) {
      expect(Object.keys(socialWorkerLevels)).toContain(certificate.level);
      expect(workers.has(certificate.workerId)).toBe(true);
      expect(certificate.passedOn <= plan.asOf).toBe(true);
      if (certificate.level === 'senior') {
        const intermediate = plan.socialWorkCertificates.find(
          (c) => c.workerId === certificate.workerId && c.level === 'intermediate',
        );
        expect(intermediate && intermediate.passedOn < certificate.passedOn).toBe(true);
      }
    }
  });

  it('社会工作者职业水平证书登记办法: first registration within a year of passing, 3 years each, renewals in the last 3 months with enough continuing education', () => {
    for (const certificate of plan.socialWorkCertificates) {
      const registrations = plan.certificateRegistrations
        .filter((r) => r.certificateId === certificate.id)
        .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
      if (registrations.length === 0) {
        // Not registered yet: only a recent pass, still within its deadline, may be pending.
        const rules = nationalValue('social_worker.registration_rules', certificate.passedOn).value as {
          firstWithinMonths: number;
        };
        expect(addMonths(certificate.passedOn, rules.firstWithinMonths) > plan.asOf).toBe(true);
        continue;
      }
      registrations.forEach((registration, i) => {
        const rules = nationalValue('social_worker.registration_rules', registration.registeredOn).value as {
          firstWithinMonths: number;
          validYears: number;
          renewalWindowMonths: number;
        };
        expect(registration.registeredOn <= plan.asOf).toBe(true);
        expect(registration.validUntil).toBe(addDays(addYears(registration.validFrom, rules.validYears), -1));
        if (i === 0) {
          expect(registration.kind).toBe('first');
          expect(registration.registeredOn >= certificate.passedOn).toBe(true);
          expect(registration.registeredOn <= addMonths(certificate.passedOn, rules.firstWithinMonths)).toBe(
            true,
          );
          expect(registration.validFrom).toBe(registration.registeredOn);
          return;
        }
        const previous = registrations[i - 1]!;
        expect(registration.kind).toBe('renewal');
        expect(registration.validFrom).toBe(addDays(previous.validUntil, 1));
        expect(registration.registeredOn >= addMonths(previous.validUntil, -rules.renewalWindowMonths)).toBe(
          true,
        );
        expect(registration.registeredOn <= previous.validUntil).toBe(true);
        const required = (
          nationalValue('social_worker.ce_hours_per_period', registration.registeredOn).value as Record<
            string,
            number
          >
        )[certificate.level]!;
        const hours = plan.continuingEducationRecords
          .filter(
            (r) =>
              r.workerId === certificate.workerId &&
              r.completedOn >= previous.validFrom &&
              r.completedOn <= registration.registeredOn,
          )
          .reduce((sum, r) => sum + r.hours, 0);
        expect(registration.requiredHours).toBe(required);
        expect(registration.continuingEducationHours).toBe(hours);
        expect(hours).toBeGreaterThanOrEqual(required);
      });
    }
    for (const record of plan.continuingEducationRecords) {
      expect(record.hours > 0 && record.hours <= 200).toBe(true);
      expect(record.completedOn <= plan.asOf).toBe(true);
    }
  });

  it('posts: one employer that exists and was in force, dates in order, full-time posts of a worker never overlap', () => {
    for (const post of plan.socialWorkerPosts) {
      expect((post.organizationId == null) !== (post.communityId == null)).toBe(true);
      const since =
        post.communityId != null
          ? communities.get(post.communityId)!.effectiveFrom
          : organizations.get(post.organizationId!)!.registeredOn;
      expect(post.startsOn >= since && post.startsOn <= plan.asOf).toBe(true);
      if (post.organizationId != null) {
        const organization = organizations.get(post.organizationId)!;
        expect(organization.legalStatus).toBe('registered');
        if (organization.deregisteredOn)
          expect(post.endsOn != null && post.endsOn < organization.deregisteredOn).toBe(true);
      }
      if (post.endsOn != null) expect(post.endsOn >= post.startsOn && post.endsOn <= plan.asOf).toBe(true);
      const birthYear = Number(workers.get(post.workerId)!.residentId.slice(6, 10));
      expect(Number(post.startsOn.slice(0, 4)) - birthYear).toBeGreaterThanOrEqual(18);
    }
    const byWorker = new Map<number, typeof plan.socialWorkerPosts>();
    for (const post of plan.socialWorkerPosts.filter((p) => p.fullTime)) {
      byWorker.set(post.workerId, [...(byWorker.get(post.workerId) ?? []), post]);
    }
    for (const posts of byWorker.values()) {
      for (let i = 0; i < posts.length; i++) {
        for (let j = i + 1; j < posts.length; j++) {
          const a = { from: posts[i]!.startsOn, until: posts[i]!.endsOn ?? null };
          const b = { from: posts[j]!.startsOn, until: posts[j]!.endsOn ?? null };
          expect(periodsOverlap(a, b)).toBe(false);
        }
      }
    }
  });

  it('isCertifiedOn agrees with the registrations, and the certificates it reads belong to the worker', () => {
    for (const worker of plan.socialWorkers) {
      const own = plan.socialWorkCertificates.filter((c) => c.workerId === worker.id);
      const history = {
        certificates: own.map((c) => ({
          level: c.level,
          registrations: plan.certificateRegistrations.filter((r) => r.certificateId === c.id),
        })),
      };
      const covering = plan.certificateRegistrations.some(
        (r) =>
          certificates.get(r.certificateId)!.workerId === worker.id &&
          r.validFrom <= plan.asOf &&
          r.validUntil >= plan.asOf,
      );
      expect(isCertifiedOn(history, plan.asOf)).toBe(covering);
    }
  });
});

describe.each(plans)('demo plan $label agrees with the services’ own rules', ({ plan }) => {
  const organizations = new Map(plan.socialOrganizations.map((o) => [o.id, o]));
  const certificates = new Map(plan.socialWorkCertificates.map((c) => [c.id, c]));

  it('evaluationEligibility, gradeForScore and gradeValidUntil accept every planned grade', () => {
    const cutoffs = plan.policyValues.find((p) => p.policyKey === 'organization.evaluation_grade_cutoffs')!
      .value as GradeCutoffs;
    for (const grade of plan.organizationGrades) {
      const organization = organizations.get(grade.organizationId)!;
      const rules = nationalValue('organization.evaluation_eligibility', grade.awardedOn)
        .value as EvaluationEligibility;
      const result = evaluationEligibility({
        organization: {
          legalStatus: organization.legalStatus,
          status:
            organization.deregisteredOn && organization.deregisteredOn <= grade.awardedOn
              ? 'deregistered'
              : 'active',
          registeredOn: organization.registeredOn,
        },
        openListEntries: plan.organizationListEntries
          .filter((e) => e.organizationId === organization.id)
          .map((e) => ({ ...e, removedOn: e.removedOn ?? null })),
        penalties: plan.organizationCreditRecords
          .filter((r) => r.organizationId === organization.id && r.category === 'penalty')
          .map((r) => ({ occurredOn: r.occurredOn, withdrawnOn: r.withdrawnOn ?? null })),
        on: grade.awardedOn,
        rules,
      });
      expect(result, `${organization.name} on ${grade.awardedOn}`).toEqual({ eligible: true });
      expect(gradeForScore(grade.score, cutoffs)).toBe(grade.grade);
      expect(grade.validUntil).toBe(gradeValidUntil(grade.awardedOn, rules.gradeValidityYears));
    }
  });

  it('escalationDueOn gives the day each organization moved to the dishonesty list', () => {
    const entries = new Map(plan.organizationListEntries.map((e) => [e.id, e]));
    for (const entry of plan.organizationListEntries.filter((e) => e.list === 'serious_dishonesty')) {
      const years = nationalValue('organization.abnormal_list_years_before_dishonesty', entry.listedOn)
        .value as number;
      expect(entry.listedOn).toBe(escalationDueOn(entries.get(entry.escalatedFromId!)!.listedOn, years));
    }
  });

  it('decideFirstRegistration and decideRenewal give exactly the planned registrations', () => {
    const byCertificate = new Map<number, typeof plan.certificateRegistrations>();
    for (const r of plan.certificateRegistrations) {
      byCertificate.set(r.certificateId, [...(byCertificate.get(r.certificateId) ?? []), r]);
    }
    for (const [certificateId, registrations] of byCertificate) {
      const certificate = certificates.get(certificateId)!;
      const records = plan.continuingEducationRecords.filter((r) => r.workerId === certificate.workerId);
      registrations.forEach((registration, i) => {
        const rules = nationalValue('social_worker.registration_rules', registration.registeredOn)
          .value as RegistrationRules;
        if (i === 0) {
          expect(
            decideFirstRegistration({
              passedOn: certificate.passedOn,
              registeredOn: registration.registeredOn,
              rules,
            }),
          ).toEqual({ validFrom: registration.validFrom, validUntil: registration.validUntil });
          return;
        }
        const previous = registrations[i - 1]!;
        const hoursRequired = {
          ...nationalValue('social_worker.ce_hours_per_period', registration.registeredOn),
          jurisdictionCode: null,
        } as PolicyInForce<AmountsByLevel>;
        expect(
          decideRenewal({
            level: certificate.level as SocialWorkerLevel,
            current: previous,
            registeredOn: registration.registeredOn,
            rules,
            hoursRequired,
            continuingEducation: records,
          }),
        ).toEqual({
          validFrom: registration.validFrom,
          validUntil: registration.validUntil,
          continuingEducationHours: registration.continuingEducationHours,
          requiredHours: registration.requiredHours,
          policySource: registration.policySource,
        });
      });
    }
  });

  it('docs/domain.md §9: no text that may be published looks like a resident ID or a phone number', () => {
    const texts = [
      ...plan.socialOrganizations.map((o) => o.name),
      ...plan.organizationDisclosures.flatMap((d) => [d.title, d.content]),
      ...plan.organizationCreditRecords.flatMap((r) => [r.summary, r.source]),
      ...plan.organizationStatusChanges.map((c) => c.summary),
      ...plan.organizationListEntries.map((e) => e.reasonDetail ?? ''),
    ];
    expect(texts.filter((text) => containsPersonalData(text))).toEqual([]);
  });
});

describeServiceChainRules(plans);
describeServiceChainVolumes(defaultPlans);
describeGridManagementRules(plans);
describeConsultationRules(plans);
describeGridVolumes(defaultPlans);

describe.each(defaultPlans)('default demo district $label: realistic numbers', ({ plan }) => {
  const population = plan.communities.reduce((sum, c) => sum + (c.residentPopulation ?? 0), 0);
  const certifiedWorkers = plan.socialWorkers.filter((worker) =>
    isCertifiedOn(
      {
        certificates: plan.socialWorkCertificates
          .filter((c) => c.workerId === worker.id)
          .map((c) => ({
            level: c.level,
            registrations: plan.certificateRegistrations.filter((r) => r.certificateId === c.id),
          })),
      },
      plan.asOf,
    ),
  );

  it('docs/domain.md §4: 3 to 5 certified social workers per 10,000 residents, and some whose registration lapsed', () => {
    const perTenThousand = (certifiedWorkers.length / population) * 10_000;
    expect(perTenThousand).toBeGreaterThanOrEqual(3);
    expect(perTenThousand).toBeLessThanOrEqual(5);
    const certified = new Set(certifiedWorkers.map((w) => w.id));
    const lapsed = plan.socialWorkers.filter(
      (w) =>
        !certified.has(w.id) &&
        plan.socialWorkCertificates.some(
          (c) => c.workerId === w.id && plan.certificateRegistrations.some((r) => r.certificateId === c.id),
        ),
    );
    expect(lapsed.length).toBeGreaterThan(0);
  });

  it('all three levels, mostly assistant; posts at communities and at organizations; some workers with no post', () => {
    const count = (level: string) => plan.socialWorkCertificates.filter((c) => c.level === level).length;
    expect(count('assistant')).toBeGreaterThan(count('intermediate'));
    expect(count('intermediate')).toBeGreaterThan(count('senior'));
    expect(count('senior')).toBeGreaterThan(0);
    expect(plan.socialWorkerPosts.some((p) => p.communityId != null)).toBe(true);
    expect(plan.socialWorkerPosts.some((p) => p.organizationId != null)).toBe(true);
    const withPost = new Set(plan.socialWorkerPosts.map((p) => p.workerId));
    expect(plan.socialWorkers.some((w) => !withPost.has(w.id))).toBe(true);
  });

  it('organizations: mostly filed groups, some registered ones, a few deregistered, listed, graded 3A–5A, disclosing', () => {
    const filed = plan.socialOrganizations.filter((o) => o.legalStatus === 'filed').length;
    expect(filed / plan.socialOrganizations.length).toBeGreaterThan(0.6);
    const deregistered = plan.socialOrganizations.filter((o) => o.deregisteredOn).length;
    expect(deregistered).toBeGreaterThan(0);
    expect(deregistered / plan.socialOrganizations.length).toBeLessThan(0.05);
    const dishonest = plan.organizationListEntries.filter((e) => e.list === 'serious_dishonesty');
    expect(dishonest.length).toBeGreaterThanOrEqual(1);
    expect(dishonest.length).toBeLessThanOrEqual(2);
    expect(plan.organizationListEntries.some((e) => e.list === 'abnormal_activity' && !e.removedOn)).toBe(
      true,
    );
    expect(plan.organizationGrades.filter((g) => g.grade >= 3).length).toBeGreaterThan(10);
    expect(plan.organizationDisclosures.length).toBeGreaterThan(0);
    expect(plan.organizationHubMemberships.length).toBeGreaterThan(0);
    expect(plan.socialOrganizations.some((o) => o.communityId == null)).toBe(true);
  });
});
