import {
  type LegalForm,
  type OrganizationCategory,
  type ServiceDomain,
  serviceDomains,
  usccCategoryOfLegalForm,
} from '../organizations/code-lists.js';
import {
  escalationDueOn,
  gradeValidUntil,
  hasFullYearsRegistered,
} from '../organizations/evaluation-rules.js';
import type { GradeCutoffs } from '../policies/policy-keys.js';
import { gradeNames, policyDefinitions } from '../policies/policy-keys.js';
import { resolvePolicy } from '../policies/resolve-policy.js';
import type { communities, subdistricts } from '../schema/hierarchy.js';
import type {
  organizationCommunities,
  organizationCreditRecords,
  organizationDisclosures,
  organizationGrades,
  organizationHubMemberships,
  organizationListEntries,
  organizationStatusChanges,
  socialOrganizations,
} from '../schema/organizations.js';
import { addDays, addYears } from '../services/dates.js';
import { computeOrganizationCodeCheck } from '../validators/organization-code.js';
import { computeUsccCheck } from '../validators/uscc.js';
import { agencyStems } from './names.js';
import { type Random, randomDate, shuffled } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
export type NewOrganization = typeof socialOrganizations.$inferInsert & { id: number };
type NewOrganizationCommunity = typeof organizationCommunities.$inferInsert;
type NewStatusChange = typeof organizationStatusChanges.$inferInsert;
type NewHubMembership = typeof organizationHubMemberships.$inferInsert;
type NewListEntry = typeof organizationListEntries.$inferInsert;
type NewCreditRecord = typeof organizationCreditRecords.$inferInsert;
type NewGrade = typeof organizationGrades.$inferInsert;
type NewDisclosure = typeof organizationDisclosures.$inferInsert;

export interface OrganizationRows {
  socialOrganizations: NewOrganization[];
  organizationCommunities: NewOrganizationCommunity[];
  organizationStatusChanges: NewStatusChange[];
  organizationHubMemberships: NewHubMembership[];
  organizationListEntries: NewListEntry[];
  organizationCreditRecords: NewCreditRecord[];
  organizationGrades: NewGrade[];
  organizationDisclosures: NewDisclosure[];
}

interface Theme {
  name: string;
  category: OrganizationCategory;
  domains: readonly ServiceDomain[];
}

interface RegisteredTheme extends Theme {
  form: Exclude<LegalForm, 'foundation'>;
}

// Community groups filed with the community or subdistrict (备案): the bulk of community
// organizations (民发〔2017〕191号 counts them toward the targets).
const filedThemes: readonly Theme[] = [
  { name: '居民议事会', category: 'consultation', domains: ['community_governance'] },
  { name: '楼道议事小组', category: 'consultation', domains: ['community_governance'] },
  { name: '民情恳谈会', category: 'consultation', domains: ['community_governance'] },
  { name: '平安巡防队', category: 'harmony_security', domains: ['community_governance'] },
  { name: '邻里调解队', category: 'harmony_security', domains: ['legal_aid', 'family'] },
  { name: '消防安全宣传队', category: 'harmony_security', domains: ['community_governance'] },
  { name: '爱心助老服务队', category: 'services', domains: ['elderly'] },
  { name: '邻里互助社', category: 'services', domains: ['elderly', 'charity'] },
  { name: '四点半课堂志愿队', category: 'services', domains: ['children', 'culture'] },
  { name: '助残志愿服务队', category: 'services', domains: ['disability'] },
  { name: '健康守护队', category: 'services', domains: ['health', 'elderly'] },
  { name: '心理疏导小组', category: 'services', domains: ['psychology'] },
  { name: '青少年成长营', category: 'services', domains: ['youth'] },
  { name: '巾帼志愿服务队', category: 'services', domains: ['family', 'children'] },
  { name: '法律服务志愿队', category: 'services', domains: ['legal_aid'] },
  { name: '广场舞队', category: 'culture_sport', domains: ['culture'] },
  { name: '书画社', category: 'culture_sport', domains: ['culture'] },
  { name: '合唱团', category: 'culture_sport', domains: ['culture'] },
  { name: '太极拳队', category: 'culture_sport', domains: ['health'] },
  { name: '读书会', category: 'culture_sport', domains: ['culture', 'youth'] },
  { name: '评弹戏曲社', category: 'culture_sport', domains: ['culture'] },
  { name: '环保志愿队', category: 'other', domains: ['environment'] },
  { name: '垃圾分类督导队', category: 'other', domains: ['environment', 'community_governance'] },
  { name: '文明养犬劝导队', category: 'other', domains: ['community_governance'] },
];

// Community organizations registered by the district civil-affairs bureau (登记), legal persons.
const registeredThemes: readonly RegisteredTheme[] = [
  {
    name: '居家养老服务中心',
    form: 'social_service_agency',
    category: 'services',
    domains: ['elderly', 'health'],
  },
  {
    name: '儿童关爱服务中心',
    form: 'social_service_agency',
    category: 'services',
    domains: ['children', 'family'],
  },
  {
    name: '邻里互助服务中心',
    form: 'social_service_agency',
    category: 'services',
    domains: ['charity', 'community_governance'],
  },
  {
    name: '心理健康服务中心',
    form: 'social_service_agency',
    category: 'services',
    domains: ['psychology', 'health'],
  },
  { name: '助残服务中心', form: 'social_service_agency', category: 'services', domains: ['disability'] },
  {
    name: '志愿者协会',
    form: 'social_association',
    category: 'services',
    domains: ['charity', 'community_governance'],
  },
  {
    name: '老年人协会',
    form: 'social_association',
    category: 'culture_sport',
    domains: ['elderly', 'culture'],
  },
  { name: '文体协会', form: 'social_association', category: 'culture_sport', domains: ['culture'] },
  { name: '慈善协会', form: 'social_association', category: 'services', domains: ['charity'] },
];

const agencyDomains: readonly ServiceDomain[][] = [
  ['elderly', 'disability'],
  ['children', 'youth', 'family'],
  ['psychology', 'health'],
  ['community_governance', 'charity'],
  ['legal_aid', 'family'],
  ['elderly', 'community_governance'],
];

const allDomains = Object.keys(serviceDomains) as ServiceDomain[];

/** What the organization planner needs from the rest of the plan. */
export interface OrganizationPlanContext {
  districtCode: string;
  districtName: string;
  asOf: string;
  random: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  /** The cut-offs policy the district set, with the day it applies from and its source. */
  gradeCutoffs: { effectiveFrom: string; value: GradeCutoffs; source: string };
}

/**
 * Organizations of a demo district, with their history: community groups and registered
 * community organizations near the national targets (民发〔2017〕191号: 10 per urban and 5 per
 * rural community), district-wide social work agencies and a community foundation, hubs with
 * members in each subdistrict, a few deregistrations, list entries, grades and disclosures, all
 * dated so that the services' rules hold on the plan's `asOf` day.
 */
export function planOrganizations(context: OrganizationPlanContext): OrganizationRows {
  const { districtCode, districtName, asOf, random } = context;
  const rows: OrganizationRows = {
    socialOrganizations: [],
    organizationCommunities: [],
    organizationStatusChanges: [],
    organizationHubMemberships: [],
    organizationListEntries: [],
    organizationCreditRecords: [],
    organizationGrades: [],
    organizationDisclosures: [],
  };
  const subdistrictById = new Map(context.subdistricts.map((s) => [s.id!, s]));
  // Bodies of the embedded GB 11714 codes: civil affairs issues "MJ" + digits to social
  // organizations; the start varies per district so that demo codes differ between districts.
  let nextCodeNumber = random.int(100_000, 800_000);
  const bureau = `${districtName}民政局`;
  const bureauAbbreviation = `${districtName.slice(0, 1)}民`;

  function makeUscc(form: LegalForm): string {
    const body = `MJ${String(nextCodeNumber++).padStart(6, '0')}`;
    const first17 = `5${usccCategoryOfLegalForm[form]}${districtCode}${body}${computeOrganizationCodeCheck(body)}`;
    return first17 + computeUsccCheck(first17);
  }

  function addOrganization(
    organization: Omit<NewOrganization, 'id' | 'districtCode' | 'status'> & {
      deregisteredOn?: string | null;
    },
    served: readonly number[],
    guidingUnitName?: string,
  ): NewOrganization {
    const row: NewOrganization = {
      districtCode,
      id: rows.socialOrganizations.length + 1,
      ...organization,
      status: organization.deregisteredOn ? 'deregistered' : 'active',
      deregisteredOn: organization.deregisteredOn ?? null,
    };
    rows.socialOrganizations.push(row);
    for (const communityId of new Set(served)) {
      rows.organizationCommunities.push({ districtCode, organizationId: row.id, communityId });
    }
    const registered = row.legalStatus === 'registered';
    rows.organizationStatusChanges.push({
      districtCode,
      id: rows.organizationStatusChanges.length + 1,
      organizationId: row.id,
      kind: registered ? 'registered' : 'filed',
      occurredOn: row.registeredOn,
      summary: registered
        ? `${row.name}经${bureau}成立登记`
        : `${row.name}在${guidingUnitName ?? row.guidingUnitCode}备案`,
      recordedAt: `${row.registeredOn}T10:00:00+08:00`,
    });
    if (row.deregisteredOn) {
      rows.organizationStatusChanges.push({
        districtCode,
        id: rows.organizationStatusChanges.length + 1,
        organizationId: row.id,
        kind: 'deregistered',
        occurredOn: row.deregisteredOn,
        summary: registered ? `${row.name}经${bureau}注销登记` : `${row.name}解散，撤销备案`,
        recordedAt: `${row.deregisteredOn}T10:00:00+08:00`,
      });
    }
    return row;
  }

  function withExtraDomain(domains: readonly ServiceDomain[]): string[] {
    const result = new Set<string>(domains);
    if (random.next() < 0.25) result.add(random.pick(allDomains));
    return [...result];
  }

  const communitiesBySubdistrict = new Map<number, NewCommunity[]>();
  for (const community of context.communities) {
    const list = communitiesBySubdistrict.get(community.subdistrictId) ?? [];
    list.push(community);
    communitiesBySubdistrict.set(community.subdistrictId, list);
  }

  // Hubs (枢纽型) of each subdistrict, rooted in its first community and serving all of them.
  const hubs: { hub: NewOrganization; subdistrictId: number }[] = [];
  for (const subdistrict of context.subdistricts) {
    const members = communitiesBySubdistrict.get(subdistrict.id!) ?? [];
    const base = members[0];
    if (!base) continue;
    const served = members.map((c) => c.id!);
    const hubKinds: { suffix: string; form: Exclude<LegalForm, 'foundation'> }[] = [
      { suffix: '社区社会组织联合会', form: 'social_association' },
    ];
    if (random.next() < 0.5) hubKinds.push({ suffix: '社会组织孵化中心', form: 'social_service_agency' });
    for (const kind of hubKinds) {
      const hub = addOrganization(
        {
          name: `${districtName}${subdistrict.name}${kind.suffix}`,
          legalStatus: 'registered',
          legalForm: kind.form,
          uscc: makeUscc(kind.form),
          category: 'hub',
          serviceDomains: ['community_governance'],
          communityId: base.id!,
          guidingUnitCode: null,
          registeredOn: randomDate(random, '2014-03-01', '2019-12-31'),
        },
        served,
      );
      hubs.push({ hub, subdistrictId: subdistrict.id! });
    }
  }

  // Community organizations, community by community.
  for (const community of context.communities) {
    const subdistrict = subdistrictById.get(community.subdistrictId)!;
    const urban = (community.urbanRuralClass ?? '').startsWith('1');
    const inForce = urban ? random.int(8, 12) : random.int(4, 6);
    const registeredCount = urban ? random.int(1, 3) : random.int(0, 1);
    const filedPool = shuffled(random, filedThemes);
    const registeredPool = shuffled(random, registeredThemes);
    const neighbours = (communitiesBySubdistrict.get(community.subdistrictId) ?? []).filter(
      (c) => c.id !== community.id,
    );
    // A few organizations of the past, deregistered since (not counted on `asOf`).
    const deregisteredCount = random.next() < 0.2 ? 1 : 0;
    for (let i = 0; i < inForce + deregisteredCount; i++) {
      const deregistered = i >= inForce;
      const registered = i < registeredCount || (deregistered && random.next() < 0.3);
      const registeredOn = deregistered
        ? randomDate(random, '2010-01-01', addYears(asOf, -3))
        : registered
          ? randomDate(random, '2008-01-01', addYears(asOf, -1))
          : randomDate(random, '2013-01-01', addDays(asOf, -7));
      const deregisteredOn = deregistered
        ? randomDate(random, addYears(registeredOn, 1), addDays(asOf, -1))
        : null;
      if (registered) {
        const theme = registeredPool.pop() ?? random.pick(registeredThemes);
        const served = [community.id!];
        if (neighbours.length > 0 && random.next() < 0.5) served.push(random.pick(neighbours).id!);
        addOrganization(
          {
            name: `${districtName}${subdistrict.name}${community.name}${theme.name}`,
            legalStatus: 'registered',
            legalForm: theme.form,
            uscc: makeUscc(theme.form),
            category: theme.category,
            serviceDomains: withExtraDomain(theme.domains),
            communityId: community.id!,
            guidingUnitCode: null,
            registeredOn,
            deregisteredOn,
          },
          served,
        );
      } else {
        const theme = filedPool.pop() ?? random.pick(filedThemes);
        // Most groups are guided by their residents' committee, some by the subdistrict.
        const guide = random.next() < 0.85 ? community : subdistrict;
        addOrganization(
          {
            name: `${community.name}${theme.name}`,
            legalStatus: 'filed',
            legalForm: null,
            uscc: null,
            category: theme.category,
            serviceDomains: withExtraDomain(theme.domains),
            communityId: community.id!,
            guidingUnitCode: guide.code,
            registeredOn,
            deregisteredOn,
          },
          [community.id!],
          guide.name,
        );
      }
    }
  }

  // District-wide social work agencies (社工机构) and a community foundation: no base community.
  const agencyCount = Math.max(2, Math.round(context.communities.length / 12));
  const allCommunityIds = context.communities.map((c) => c.id!);
  for (let a = 0; a < agencyCount; a++) {
    const stem = agencyStems[a % agencyStems.length]!;
    const round = Math.floor(a / agencyStems.length);
    const served = shuffled(random, allCommunityIds).slice(0, random.int(3, 10));
    addOrganization(
      {
        name: `${districtName}${stem}${round > 0 ? round + 1 : ''}社会工作服务中心`,
        legalStatus: 'registered',
        legalForm: 'social_service_agency',
        uscc: makeUscc('social_service_agency'),
        category: 'services',
        serviceDomains: withExtraDomain(random.pick(agencyDomains)),
        communityId: null,
        guidingUnitCode: null,
        registeredOn: randomDate(random, '2009-06-01', addYears(asOf, -2)),
      },
      served,
    );
  }
  if (context.communities.length > 0) {
    addOrganization(
      {
        name: `${districtName}社区发展基金会`,
        legalStatus: 'registered',
        legalForm: 'foundation',
        uscc: makeUscc('foundation'),
        category: 'other',
        serviceDomains: ['charity', 'community_governance'],
        communityId: null,
        guidingUnitCode: null,
        registeredOn: randomDate(random, '2014-01-01', '2019-12-31'),
      },
      shuffled(random, allCommunityIds).slice(0, Math.min(12, allCommunityIds.length)),
    );
  }

  const organizations = rows.socialOrganizations;
  const isActive = (o: NewOrganization) => !o.deregisteredOn;

  // Hub members: filed groups of the hub's subdistrict, each in at most one hub.
  const taken = new Set<number>();
  for (const { hub, subdistrictId } of hubs) {
    const communityIds = new Set((communitiesBySubdistrict.get(subdistrictId) ?? []).map((c) => c.id!));
    const candidates = shuffled(
      random,
      organizations.filter(
        (o) =>
          o.legalStatus === 'filed' &&
          isActive(o) &&
          o.communityId != null &&
          communityIds.has(o.communityId) &&
          !taken.has(o.id),
      ),
    ).slice(0, random.int(3, 8));
    for (const member of candidates) {
      taken.add(member.id);
      const earliest = maxDate(member.registeredOn, hub.registeredOn);
      rows.organizationHubMemberships.push({
        districtCode,
        id: rows.organizationHubMemberships.length + 1,
        hubId: hub.id,
        memberId: member.id,
        joinedOn: randomDate(random, earliest, minDate(addDays(earliest, 365), asOf)),
        leftOn: null,
      });
    }
  }

  const registeredActive = organizations.filter(
    (o) => o.legalStatus === 'registered' && isActive(o) && o.category !== 'hub',
  );
  const flagged = new Set<number>();
  const missingReportYears = new Map<number, number>();
  const asOfYear = Number(asOf.slice(0, 4));

  function openEntry(entry: Omit<NewListEntry, 'id' | 'districtCode'>): number {
    const id = rows.organizationListEntries.length + 1;
    rows.organizationListEntries.push({ districtCode, id, ...entry });
    return id;
  }

  // One or two organizations on the serious dishonesty list (社会组织信用信息管理办法 第十四条第一项):
  // on the abnormal-activity list for two years without reporting, then moved.
  const yearsBeforeDishonesty = resolvePolicy(
    policyDefinitions['organization.abnormal_list_years_before_dishonesty'].nationalDefaults.map((d) => ({
      ...d,
      jurisdictionCode: null,
    })),
    districtCode,
    asOf,
  )?.value as number;
  const dishonestCandidates = shuffled(
    random,
    registeredActive.filter((o) => o.registeredOn < addYears(asOf, -(yearsBeforeDishonesty + 2))),
  );
  const dishonestCount = dishonestCandidates.length >= 10 ? random.int(1, 2) : 0;
  for (const organization of dishonestCandidates.slice(0, dishonestCount)) {
    flagged.add(organization.id);
    const listedOn = addDays(addYears(asOf, -yearsBeforeDishonesty), -random.int(20, 120));
    const movedOn = escalationDueOn(listedOn, yearsBeforeDishonesty);
    // Reports are due by the end of May: the report missing is last year's from June on.
    const reportYear = Number(listedOn.slice(0, 4)) - (listedOn.slice(5) >= '06-01' ? 1 : 2);
    missingReportYears.set(organization.id, reportYear);
    const abnormalId = openEntry({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      reasonDetail: `未按规定报送${reportYear}年度工作报告`,
      listedOn,
      removedOn: movedOn,
      removalReason: 'moved_to_dishonesty',
    });
    openEntry({
      organizationId: organization.id,
      list: 'serious_dishonesty',
      reason: 'abnormal_two_years',
      reasonDetail: `列入活动异常名录满${yearsBeforeDishonesty}年`,
      listedOn: movedOn,
      removedOn: null,
      removalReason: null,
      escalatedFromId: abnormalId,
    });
  }

  // A few on the abnormal-activity list this year for a missing annual report; some rectified.
  const abnormalCandidates = shuffled(
    random,
    registeredActive.filter((o) => !flagged.has(o.id) && o.registeredOn < `${asOfYear - 1}-01-01`),
  );
  const abnormalCount = Math.min(
    abnormalCandidates.length,
    Math.max(2, Math.round(registeredActive.length / 40)),
  );
  for (const organization of abnormalCandidates.slice(0, abnormalCount)) {
    const listedOn = minDate(randomDate(random, `${asOfYear}-07-01`, `${asOfYear}-08-31`), asOf);
    if (listedOn < `${asOfYear}-06-01`) continue;
    flagged.add(organization.id);
    const rectifiedOn = addDays(listedOn, random.int(20, 90));
    const rectified = rectifiedOn <= asOf && random.next() < 0.4;
    if (!rectified) missingReportYears.set(organization.id, asOfYear - 1);
    openEntry({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      reasonDetail: `未按规定报送${asOfYear - 1}年度工作报告`,
      listedOn,
      removedOn: rectified ? rectifiedOn : null,
      removalReason: rectified ? 'rectified' : null,
    });
    if (rectified) {
      rows.organizationCreditRecords.push(
        creditRecord(organization.id, 'annual_report', 'annual_report_late', {
          occurredOn: addDays(rectifiedOn, -3),
          summary: `补报${asOfYear - 1}年度工作报告`,
          source: `${asOfYear - 1}年度工作报告`,
        }),
      );
    }
  }

  // A warning (警告) for one or two organizations: they are not graded within the look-back.
  const penaltyCandidates = shuffled(
    random,
    registeredActive.filter((o) => !flagged.has(o.id) && o.registeredOn < addYears(asOf, -3)),
  );
  for (const organization of penaltyCandidates.slice(
    0,
    Math.min(penaltyCandidates.length, random.int(1, 2)),
  )) {
    flagged.add(organization.id);
    const occurredOn = randomDate(random, addYears(asOf, -2), addDays(asOf, -30));
    rows.organizationCreditRecords.push(
      creditRecord(organization.id, 'penalty', 'penalty_warning', {
        occurredOn,
        summary: '未按规定办理变更登记，给予警告',
        source: `${bureauAbbreviation}罚决字〔${occurredOn.slice(0, 4)}〕${random.int(1, 30)}号`,
      }),
    );
    rows.organizationStatusChanges.push({
      districtCode,
      id: rows.organizationStatusChanges.length + 1,
      organizationId: organization.id,
      kind: 'penalized',
      occurredOn,
      summary: `${bureau}给予警告的行政处罚`,
      recordedAt: `${occurredOn}T10:00:00+08:00`,
    });
  }

  // Annual reports (年度工作报告) of the last two years, received from March to May.
  for (const organization of organizations) {
    if (organization.legalStatus !== 'registered') continue;
    for (const year of [asOfYear - 2, asOfYear - 1]) {
      const missingFrom = missingReportYears.get(organization.id);
      if (missingFrom !== undefined && year >= missingFrom) continue;
      if (organization.registeredOn > `${year}-12-31`) continue;
      const occurredOn = randomDate(random, `${year + 1}-03-01`, `${year + 1}-05-31`);
      if (occurredOn > asOf) continue;
      if (organization.deregisteredOn && organization.deregisteredOn <= occurredOn) continue;
      rows.organizationCreditRecords.push(
        creditRecord(organization.id, 'annual_report', 'annual_report_passed', {
          occurredOn,
          summary: `${year}年度工作报告已报送，检查合格`,
          source: `${year}年度工作报告`,
        }),
      );
    }
  }

  // Evaluation grades (社会组织评估管理办法): rounds every two years in December; an organization
  // is graded only after two full years of registration and when it is on no list and not penalised.
  const eligibility = resolvePolicy(
    policyDefinitions['organization.evaluation_eligibility'].nationalDefaults.map((d) => ({
      ...d,
      jurisdictionCode: null,
    })),
    districtCode,
    asOf,
  )!.value;
  const rounds = [asOfYear - 1, asOfYear - 3, asOfYear - 5]
    .map((year) => `${year}-12-${String(random.int(10, 22)).padStart(2, '0')}`)
    .filter((day) => day <= asOf && day >= context.gradeCutoffs.effectiveFrom);
  const cutoffs = context.gradeCutoffs.value;
  for (const organization of registeredActive) {
    if (flagged.has(organization.id) || random.next() >= 0.4) continue;
    const round = rounds.find((day) =>
      hasFullYearsRegistered(organization.registeredOn, eligibility.minFullYearsRegistered, day),
    );
    if (!round) continue;
    const draw = random.next();
    const grade = draw < 0.12 ? 2 : draw < 0.62 ? 3 : draw < 0.92 ? 4 : 5;
    const low = cutoffs[gradeNames[grade - 1]!];
    const high = grade === 5 ? 990 : cutoffs[gradeNames[grade]!] - 1;
    const score = random.int(low, high);
    rows.organizationGrades.push({
      districtCode,
      id: rows.organizationGrades.length + 1,
      organizationId: organization.id,
      grade,
      score,
      awardedOn: round,
      validUntil: gradeValidUntil(round, eligibility.gradeValidityYears),
      cutoffsSource: context.gradeCutoffs.source,
      revokedOn: null,
      recordedAt: `${round}T10:00:00+08:00`,
    });
    rows.organizationCreditRecords.push(
      creditRecord(organization.id, 'other', 'evaluation_grade', {
        occurredOn: round,
        summary: `社会组织评估等级 ${grade}A（${score}分）`,
        source: `${bureau}${round.slice(0, 4)}年度社会组织评估结果公告`,
      }),
    );
  }

  // Disclosures (四公开) of half of the registered organizations.
  for (const organization of registeredActive) {
    if (random.next() >= 0.5) continue;
    const kinds = shuffled(random, [
      'service_projects',
      'funding_sources',
      'service_procedures',
      'party_building',
    ] as const).slice(0, random.int(1, 4));
    for (const kind of kinds) {
      const publishedOn = randomDate(random, maxDate(organization.registeredOn, addYears(asOf, -3)), asOf);
      const domains = (organization.serviceDomains ?? [])
        .map((d) => serviceDomains[d as ServiceDomain] ?? d)
        .join('、');
      const year = publishedOn.slice(0, 4);
      const texts: Record<typeof kind, { title: string; content: string }> = {
        service_projects: {
          title: `${year}年度服务项目公示`,
          content: `${organization.name}${year}年度开展${domains}服务项目，服务对象为辖区居民，项目进度与经费执行情况按季度公示。`,
        },
        funding_sources: {
          title: `${year}年度资金来源公开`,
          content: '主要资金来源为政府购买服务、公益创投资助和社会捐赠，收支情况经第三方机构审计。',
        },
        service_procedures: {
          title: '服务流程公开',
          content: '需求评估、方案制定、服务实施、效果评估、结案回访；服务对象可通过社区服务站提出意见。',
        },
        party_building: {
          title: '党员身份公开',
          content: `本机构现有党员${random.int(1, 6)}名，已建立党的工作小组，党员亮身份、作表率。`,
        },
      };
      rows.organizationDisclosures.push({
        districtCode,
        id: rows.organizationDisclosures.length + 1,
        organizationId: organization.id,
        kind,
        title: texts[kind].title,
        content: texts[kind].content,
        publishedOn,
        withdrawnOn: null,
        recordedAt: `${publishedOn}T10:00:00+08:00`,
      });
    }
  }

  return rows;

  function creditRecord(
    organizationId: number,
    category: string,
    kind: string,
    fields: { occurredOn: string; summary: string; source: string },
  ): NewCreditRecord {
    return {
      districtCode,
      id: rows.organizationCreditRecords.length + 1,
      organizationId,
      category,
      kind,
      ...fields,
      withdrawnOn: null,
      recordedAt: `${fields.occurredOn}T10:00:00+08:00`,
    };
  }
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
