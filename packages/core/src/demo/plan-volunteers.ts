import type { communities, grids, subdistricts } from '../schema/hierarchy.js';
import type {
  volunteerEngagements,
  volunteerRecordItems,
  volunteerServices,
  volunteerTeamMembers,
  volunteerTeams,
} from '../schema/volunteers.js';
import { addDays, addYears } from '../services/dates.js';
import { computeResidentIdCheck } from '../validators/resident-id.js';
import type { GuardianRelation, VolunteerRating, VolunteerSkill } from '../volunteers/code-lists.js';
import { adultOnOf } from '../volunteers/volunteer-rules.js';
import { activityPlaces } from './chain-texts.js';
import { givenNameParts, surnames } from './names.js';
import type { NewOrganization, OrganizationRows } from './plan-organizations.js';
import type { ServiceChainRows } from './plan-service-chain.js';
import { type Random, randomDate, shuffled } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;

/**
 * A planned volunteer with its identifiers in clear: the seed seals them with the district's
 * keyring (demo/seed-district.ts), as it does a social worker's.
 */
export interface PlannedVolunteer {
  districtCode: string;
  id: number;
  name: string;
  residentId: string;
  mobilePhone: string | null;
  adultOn: string;
  homeCommunityId: number;
  registeredOn: string;
  realNameVerifiedOn: string | null;
  guardianName: string | null;
  guardianRelation: GuardianRelation | null;
  guardianConsentOn: string | null;
  skills: VolunteerSkill[];
  withdrawnOn: string | null;
}
export type NewVolunteerTeam = typeof volunteerTeams.$inferInsert & { id: number };
export type NewTeamMember = typeof volunteerTeamMembers.$inferInsert & { id: number };
export type NewEngagement = typeof volunteerEngagements.$inferInsert & { id: number };
export type NewVolunteerService = typeof volunteerServices.$inferInsert & {
  id: number;
  startedAt: string;
  endedAt: string;
  recordedAt: string;
};
export type NewRecordItem = typeof volunteerRecordItems.$inferInsert & { id: number };

/** The rows of volunteers (docs/domain.md §5.1–§5.2), one array per table. */
export interface VolunteerRows {
  volunteers: PlannedVolunteer[];
  volunteerTeams: NewVolunteerTeam[];
  volunteerTeamMembers: NewTeamMember[];
  volunteerEngagements: NewEngagement[];
  volunteerServices: NewVolunteerService[];
  volunteerRecordItems: NewRecordItem[];
  /**
   * The communities whose volunteering is planned in full (volunteers at realistic density, a
   * year of services, the time bank); every other community has its teams and their leaders only.
   */
  volunteerCommunityIds: number[];
}

export interface VolunteerPlanContext {
  districtCode: string;
  districtName: string;
  asOf: string;
  random: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  grids: readonly NewGrid[];
  organizations: OrganizationRows;
  chain: Pick<ServiceChainRows, 'serviceProjects' | 'purchases' | 'serviceContracts' | 'deliveryActivities'>;
  /** How many communities are planned in full ({@link VolunteerRows.volunteerCommunityIds}). */
  fullCommunities: number;
}

/**
 * Registered volunteers per resident in a community planned in full: 10–13 %, the lower part of
 * the 10–16 % national and provincial figures report (中国志愿服务网: about 2.3 亿 registered, some
 * 16 % of the population; city districts commonly report 10–15 %).
 */
const REGISTERED_SHARE: readonly [number, number] = [0.1, 0.13];
/**
 * The share of registered volunteers who served in the year: far lower than registration (many
 * register once for a campaign and never serve). Team leaders, grid informants and project
 * volunteers mostly serve; the rest seldom, so that about a quarter are active.
 */
const ACTIVE_SHARE = { engaged: 0.8, others: 0.18 };
/** Services a year: most active volunteers serve a few times, a core (骨干) every few weeks. */
const CORE_SHARE = 0.1;
const CORE_SERVICES: readonly [number, number] = [8, 20];
const OCCASIONAL_SERVICES: readonly [number, number] = [1, 3];
/** Records corrected after the fact (a new record naming the first, 民政部令第67号 第十条). */
const CORRECTED_SHARE = 0.015;

interface PlannedTeam {
  team: NewVolunteerTeam;
  theme: TeamTheme;
  leader: PlannedVolunteer;
  /** The day the leader took the team on (an adult, registered, the team founded). */
  leaderSince: string;
}

interface TeamTheme {
  name: string;
  skill: VolunteerSkill;
  services: readonly string[];
}

const teamThemes: readonly TeamTheme[] = [
  {
    name: '银龄互助',
    skill: 'elderly_care',
    services: ['陪伴独居老人聊天谈心', '为高龄老人代购生活用品', '协助老年助餐点送餐'],
  },
  {
    name: '关爱儿童',
    skill: 'child_care',
    services: ['“四点半课堂”作业辅导', '暑期儿童托管看护', '亲子阅读活动陪读'],
  },
  {
    name: '平安巡防',
    skill: 'emergency',
    services: ['小区治安巡逻', '消防通道与楼道隐患巡查', '防诈骗宣传入户'],
  },
  {
    name: '绿色家园',
    skill: 'environment',
    services: ['垃圾分类定时定点督导', '楼道堆物清理', '河道沿岸环境清洁'],
  },
  {
    name: '文明实践',
    skill: 'culture',
    services: ['新时代文明实践站文艺排练', '社区读书会组织', '传统节日活动布置'],
  },
  {
    name: '邻里和事佬',
    skill: 'mediation',
    services: ['邻里纠纷调解', '物业矛盾协调座谈', '楼道议事会记录'],
  },
  {
    name: '阳光助残',
    skill: 'disability',
    services: ['陪同残疾人就医', '助残康复活动协助', '无障碍设施巡查'],
  },
  {
    name: '健康守护',
    skill: 'medical',
    services: ['义诊测量血压血糖', '健康知识讲座协助', '疫苗接种点秩序维护'],
  },
  { name: '法律明白人', skill: 'legal', services: ['法律咨询值班', '普法宣传摆摊', '协助起草邻里公约'] },
];

const communityServices = [
  '社区志愿服务日活动',
  '党群服务中心值班接待',
  '文明交通劝导',
  '社区活动场地布置与秩序维护',
];
const gridServices = ['网格走访与信息采集', '网格安全隐患排查', '网格内独居老人探访登记'];
const organizationServices = ['协助社会组织开展社区公益活动', '公益市集摆摊协助', '社区公益项目宣传'];

const correctionReasons = [
  '服务时长登记有误，按签到签退记录更正',
  '结束时间登记错误，按活动记录更正',
  '扣除往返路途时间后更正实际服务时长',
];
const voidReason = '该次活动因天气原因取消，服务未实际发生，误登记';

const trainings: readonly { title: string; minutes: readonly [number, number] }[] = [
  { title: '志愿服务通用知识培训', minutes: [90, 180] },
  { title: '应急救护（救护员）培训', minutes: [240, 480] },
  { title: '垃圾分类督导员培训', minutes: [60, 120] },
  { title: '网格信息员业务培训', minutes: [90, 180] },
  { title: '为老服务技能培训', minutes: [120, 240] },
];

const skillCodes: readonly VolunteerSkill[] = [
  'elderly_care',
  'child_care',
  'disability',
  'medical',
  'legal',
  'education',
  'culture',
  'environment',
  'emergency',
  'psychological',
  'it',
  'mediation',
  'other',
];

/**
 * Volunteers of a demo district (docs/domain.md §5.1–§5.2).
 *
 * Every community has volunteer teams (志愿服务队: one, some two; 2–3 where planned in full), some led from an organization serving it,
 * each with a leader who is a registered volunteer of the community. In the communities planned in
 * full (`fullCommunities`, the smallest communities a service project delivers in, so that seeding
 * stays quick) the residents volunteer at a realistic density: 10–13 % registered under their real
 * name, mostly adults and a few minors with their guardian's consent, some withdrawn; members of the
 * teams; grid informants on every grid, volunteers of the projects delivering there, of the
 * community and of organizations serving it; and a year of service records up to the plan's day
 * by about a quarter of them, tied to a project (and its delivery activity, when one was held that
 * day), a grid, a team or the community, certified by whoever organized it (谁组织谁记录) — a team's
 * leader never for a service of their own — one service a day per person so none overlap, a few
 * corrected after the fact and one voided; training, commendations and evaluations.
 *
 * Other communities hold their teams and leaders only: at a realistic density every community
 * would add some 100,000 volunteers to each district, more than every other demo row together.
 */
export function planVolunteers(context: VolunteerPlanContext): VolunteerRows {
  const { districtCode, districtName, asOf, random } = context;
  const rows: VolunteerRows = {
    volunteers: [],
    volunteerTeams: [],
    volunteerTeamMembers: [],
    volunteerEngagements: [],
    volunteerServices: [],
    volunteerRecordItems: [],
    volunteerCommunityIds: [],
  };
  if (context.communities.length === 0) return rows;
  const asOfYear = Number(asOf.slice(0, 4));
  const windowStart = addDays(addYears(asOf, -1), 1);

  // Communities planned in full: the smallest a project delivers in during the year (services tie
  // to its activities), then the smallest of the rest.
  const deliveredIn = new Set(
    context.chain.deliveryActivities.filter((a) => a.heldOn >= windowStart).map((a) => a.communityId),
  );
  const full = new Set(
    [...context.communities]
      .sort(
        (a, b) =>
          Number(deliveredIn.has(b.id!)) - Number(deliveredIn.has(a.id!)) ||
          (a.residentPopulation ?? 0) - (b.residentPopulation ?? 0) ||
          a.id! - b.id!,
      )
      .slice(0, Math.max(0, context.fullCommunities))
      .map((c) => c.id!),
  );
  rows.volunteerCommunityIds = [...full].sort((a, b) => a - b);

  const organizationById = new Map(context.organizations.socialOrganizations.map((o) => [o.id, o]));
  const servingOrganizations = new Map<number, NewOrganization[]>();
  for (const link of context.organizations.organizationCommunities) {
    const organization = organizationById.get(link.organizationId)!;
    // An organization that has left the register leads no team and certifies nothing here.
    if (organization.deregisteredOn) continue;
    servingOrganizations.set(link.communityId, [
      ...(servingOrganizations.get(link.communityId) ?? []),
      organization,
    ]);
  }
  const subdistrictName = new Map(context.subdistricts.map((s) => [s.id!, s.name]));
  const usedResidentIds = new Set<string>();
  const teamNames = new Set<string>();

  for (const community of context.communities) {
    const inFull = full.has(community.id!);
    const members = inFull ? planResidents(community) : [];
    const teams = planTeams(community, inFull, members);
    if (inFull) planCommunityInFull(community, members, teams);
  }

  // Services in the order of their start, then the corrections in the order they were recorded.
  const services = rows.volunteerServices.sort((a, b) =>
    a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.volunteerId - b.volunteerId,
  );
  services.forEach((service, index) => {
    service.id = index + 1;
  });
  planCorrections(services);
  rows.volunteerRecordItems
    .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0))
    .forEach((item, index) => {
      item.id = index + 1;
    });
  return rows;

  function personName(surname = random.pick(surnames)): string {
    const given = random.pick(givenNameParts);
    return `${surname}${given.length === 1 && random.next() < 0.6 ? given + random.pick(givenNameParts).slice(0, 1) : given}`;
  }

  /** A birth date of someone `age` years old on the plan's day, never 29 February. */
  function birthDateAged(age: number): string {
    const latest = addYears(asOf, -age);
    for (;;) {
      const day = randomDate(random, addDays(addYears(latest, -1), 1), latest);
      if (!day.endsWith('-02-29')) return day;
    }
  }

  function residentIdOf(birthDate: string): string {
    for (;;) {
      // Two in three volunteers are women (the sequence's parity: odd for men).
      const male = random.next() < 0.35;
      const sequence = male ? 2 * random.int(0, 498) + 1 : 2 * random.int(1, 499);
      const first17 = `${districtCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
      const residentId = first17 + computeResidentIdCheck(first17);
      if (!usedResidentIds.has(residentId)) {
        usedResidentIds.add(residentId);
        return residentId;
      }
    }
  }

  /**
   * One registered volunteer of the community, aged `age` on the plan's day, registered on a day
   * from `earliest` (and from 14) to `latest`: a minor on that day registers with a guardian's
   * consent given that day or a few days before (志愿服务条例 第十五条).
   */
  function addVolunteer(
    community: NewCommunity,
    age: number,
    window: { earliest: string; latest: string },
    skills: VolunteerSkill[],
  ): PlannedVolunteer {
    const birthDate = birthDateAged(age);
    const adultOn = adultOnOf(birthDate);
    const from = [window.earliest, addYears(birthDate, 14)].sort().at(-1)!;
    // An empty range (registered before 14 cannot be) gives `from` itself.
    const registeredOn = randomDate(random, from, window.latest);
    const surname = random.pick(surnames);
    const minor = registeredOn < adultOn;
    const guardianRelation: GuardianRelation | null = minor
      ? random.next() < 0.9
        ? 'parent'
        : 'grandparent'
      : null;
    const volunteer: PlannedVolunteer = {
      districtCode,
      id: rows.volunteers.length + 1,
      name: personName(surname),
      residentId: residentIdOf(birthDate),
      // The block of demo numbers the social workers use (170 0000 xxxx): valid in form, obviously
      // demo data when unmasked.
      mobilePhone: random.next() < 0.85 ? `1700000${String(random.int(0, 9999)).padStart(4, '0')}` : null,
      adultOn,
      homeCommunityId: community.id!,
      registeredOn,
      realNameVerifiedOn: random.next() < 0.9 ? minDay(addDays(registeredOn, random.int(0, 3)), asOf) : null,
      guardianName: minor ? personName(surname) : null,
      guardianRelation,
      guardianConsentOn: minor ? addDays(registeredOn, -random.int(0, 7)) : null,
      skills,
      withdrawnOn: null,
    };
    rows.volunteers.push(volunteer);
    return volunteer;
  }

  /** Volunteers at a realistic density among the community's residents. */
  function planResidents(community: NewCommunity): PlannedVolunteer[] {
    const share = REGISTERED_SHARE[0] + random.next() * (REGISTERED_SHARE[1] - REGISTERED_SHARE[0]);
    const count = Math.round((community.residentPopulation ?? 0) * share);
    const residents: PlannedVolunteer[] = [];
    for (let n = 0; n < count; n++) {
      // Community volunteers are older than the population: many are retired.
      const draw = random.next();
      const age =
        draw < 0.03
          ? random.int(14, 17)
          : draw < 0.13
            ? random.int(18, 24)
            : draw < 0.4
              ? random.int(25, 44)
              : draw < 0.65
                ? random.int(45, 59)
                : random.int(60, 78);
      const skills = shuffled(random, skillCodes).slice(0, random.int(1, 3));
      const volunteer = addVolunteer(community, age, { earliest: '2015-01-01', latest: asOf }, skills);
      if (random.next() < 0.04 && addDays(volunteer.registeredOn, 30) <= asOf) {
        volunteer.withdrawnOn = randomDate(random, addDays(volunteer.registeredOn, 30), asOf);
      }
      residents.push(volunteer);
    }
    return residents;
  }

  /** The community's teams, each with a leader from its volunteers (one registered for it elsewhere). */
  function planTeams(community: NewCommunity, inFull: boolean, residents: PlannedVolunteer[]) {
    const count = inFull ? random.int(2, 3) : random.next() < 0.3 ? 2 : 1;
    const themes = shuffled(random, teamThemes).slice(0, count);
    const leaders = residents.filter((v) => v.withdrawnOn === null && v.adultOn <= addDays(asOf, -365 * 7));
    const teams: PlannedTeam[] = [];
    for (const theme of themes) {
      const serving = servingOrganizations.get(community.id!) ?? [];
      const organization = serving.length > 0 && random.next() < 0.3 ? random.pick(serving) : null;
      const since = [organization?.registeredOn ?? community.effectiveFrom, '2016-01-01'].sort().at(-1)!;
      const foundedOn = randomDate(random, since, addDays(asOf, -120));
      let name = `${community.name}${theme.name}志愿服务队`;
      if (teamNames.has(name)) name = `${subdistrictName.get(community.subdistrictId) ?? ''}${name}`;
      if (teamNames.has(name)) continue;
      teamNames.add(name);
      const disbandedOn =
        !inFull && random.next() < 0.03
          ? randomDate(random, addDays(foundedOn, 180), addDays(asOf, -1))
          : null;
      const team: NewVolunteerTeam = {
        districtCode,
        id: rows.volunteerTeams.length + 1,
        name,
        communityId: organization ? null : community.id!,
        organizationId: organization?.id ?? null,
        foundedOn,
        disbandedOn: disbandedOn && disbandedOn > foundedOn ? disbandedOn : null,
        createdAt: `${foundedOn}T10:00:00+08:00`,
      };
      rows.volunteerTeams.push(team);
      // A leader from the community's volunteers in full, or one registered before the team began.
      const leader =
        inFull && leaders.length > 0
          ? leaders.splice(random.int(0, leaders.length - 1), 1)[0]!
          : addVolunteer(community, random.int(30, 65), { earliest: '2015-01-01', latest: foundedOn }, [
              theme.skill,
            ]);
      // A leader is an adult on the day they take the team on.
      const leaderSince = [foundedOn, leader.registeredOn, leader.adultOn].sort().at(-1)!;
      if (team.disbandedOn && leaderSince > team.disbandedOn) team.disbandedOn = null;
      addMember(team, leader, 'leader', leaderSince, team.disbandedOn ?? null);
      teams.push({ team, theme, leader, leaderSince });
    }
    return teams;
  }

  function addMember(
    team: NewVolunteerTeam,
    volunteer: PlannedVolunteer,
    role: 'member' | 'leader',
    joinedOn: string,
    leftOn: string | null,
  ): NewTeamMember {
    const membership: NewTeamMember = {
      districtCode,
      id: rows.volunteerTeamMembers.length + 1,
      teamId: team.id,
      volunteerId: volunteer.id,
      role,
      joinedOn,
      leftOn,
      recordedAt: `${joinedOn}T10:00:00+08:00`,
    };
    rows.volunteerTeamMembers.push(membership);
    return membership;
  }

  function addEngagement(
    volunteer: PlannedVolunteer,
    target: Pick<NewEngagement, 'role' | 'gridId' | 'projectId' | 'communityId' | 'organizationId'>,
    startsOn: string,
    endsOn: string | null,
  ): NewEngagement | null {
    const ends =
      volunteer.withdrawnOn && (endsOn === null || endsOn > volunteer.withdrawnOn)
        ? volunteer.withdrawnOn
        : endsOn;
    if (startsOn > asOf || (ends !== null && ends < startsOn)) return null;
    const engagement: NewEngagement = {
      districtCode,
      id: rows.volunteerEngagements.length + 1,
      volunteerId: volunteer.id,
      gridId: null,
      projectId: null,
      communityId: null,
      organizationId: null,
      ...target,
      startsOn,
      endsOn: ends,
      recordedAt: `${startsOn}T10:00:00+08:00`,
    };
    rows.volunteerEngagements.push(engagement);
    return engagement;
  }

  /** Memberships, engagements, a year of services and the rest of the record of a community in full. */
  function planCommunityInFull(community: NewCommunity, residents: PlannedVolunteer[], teams: PlannedTeam[]) {
    const lastDayOf = (v: PlannedVolunteer) => (v.withdrawnOn ? addDays(v.withdrawnOn, -1) : asOf);
    const staff = `demo-${community.code}-staff`;
    const certifiedByCommunity = {
      certifierKind: 'community',
      certifierCommunityId: community.id!,
      certifierName: community.name,
      recordedBy: staff,
    } as const;

    // What each volunteer serves with: periods in which a service of that kind can take place.
    type Option = {
      from: string;
      until: string;
      weight: number;
      service: (day: string) => Partial<NewVolunteerService> & { content: string; place: string };
      activities?: { id: number; heldOn: string; title: string; place: string }[];
    };
    const options = new Map<number, Option[]>(residents.map((v) => [v.id, []]));

    for (const planned of teams) {
      const { team, leader } = planned;
      options.get(leader.id)?.push(teamOption(planned, leader, planned.leaderSince, null));
      for (const volunteer of residents) {
        if (volunteer === leader || random.next() >= 0.25) continue;
        const from = [team.foundedOn, volunteer.registeredOn].sort().at(-1)!;
        const until = volunteer.withdrawnOn ?? asOf;
        if (from > until) continue;
        const joinedOn = randomDate(random, from, until);
        const leftOn =
          volunteer.withdrawnOn ?? (random.next() < 0.06 ? randomDate(random, joinedOn, asOf) : null);
        addMember(team, volunteer, 'member', joinedOn, leftOn);
        options.get(volunteer.id)!.push(teamOption(planned, volunteer, joinedOn, leftOn));
      }
    }

    // Grid informants (网格信息员): one adult volunteer on each grid of the community.
    const adults = shuffled(
      random,
      residents.filter((v) => v.withdrawnOn === null && v.adultOn <= asOf),
    );
    for (const grid of context.grids.filter((g) => g.communityId === community.id)) {
      const volunteer = adults.pop();
      if (!volunteer) break;
      const since = [volunteer.registeredOn, volunteer.adultOn, addYears(asOf, -3)].sort().at(-1)!;
      const startsOn = randomDate(random, since, asOf);
      const engagement = addEngagement(
        volunteer,
        { role: 'grid_informant', gridId: grid.id! },
        startsOn,
        null,
      );
      if (!engagement) continue;
      options.get(volunteer.id)!.push({
        from: startsOn,
        until: asOf,
        // An informant's rounds of the grid are most of what they do.
        weight: 6,
        service: () => ({
          content: random.pick(gridServices),
          place: `${community.name}${grid.name}`,
          gridId: grid.id!,
          ...certifiedByCommunity,
        }),
      });
    }

    // Volunteers of the projects delivering in the community, certified by the undertaker.
    const purchaseById = new Map(context.chain.purchases.map((p) => [p.id!, p]));
    const projectById = new Map(context.chain.serviceProjects.map((p) => [p.id!, p]));
    const contractById = new Map(context.chain.serviceContracts.map((c) => [c.id!, c]));
    const activitiesByContract = new Map<
      number,
      { id: number; heldOn: string; title: string; place: string }[]
    >();
    for (const activity of context.chain.deliveryActivities) {
      if (activity.communityId !== community.id) continue;
      activitiesByContract.set(activity.contractId, [
        ...(activitiesByContract.get(activity.contractId) ?? []),
        { id: activity.id, heldOn: activity.heldOn, title: activity.title, place: activity.place },
      ]);
    }
    for (const [contractId, activities] of activitiesByContract) {
      const contract = contractById.get(contractId)!;
      const projectId = purchaseById.get(contract.purchaseId)!.projectId;
      const project = projectById.get(projectId)!;
      const undertaker = organizationById.get(contract.organizationId)!;
      const ends = contract.terminatedOn ?? contract.endsOn;
      for (const volunteer of shuffled(random, residents).slice(0, random.int(3, 6))) {
        const startsOn = [contract.startsOn, volunteer.registeredOn].sort().at(-1)!;
        const engagement = addEngagement(
          volunteer,
          { role: 'project_volunteer', projectId },
          startsOn,
          ends < asOf ? ends : null,
        );
        if (!engagement) continue;
        options.get(volunteer.id)!.push({
          from: startsOn,
          until: engagement.endsOn ?? asOf,
          weight: 3,
          activities,
          service: () => ({
            content: `参与「${project.name}」项目志愿服务`,
            place: `${community.name}${random.pick(activityPlaces)}`,
            projectId,
            certifierKind: 'organization',
            certifierOrganizationId: undertaker.id,
            certifierName: undertaker.name,
            recordedBy: `demo-org-${undertaker.id}-staff`,
          }),
        });
      }
    }

    // Volunteers of the community at large, and of organizations serving it.
    for (const volunteer of residents) {
      if (random.next() < 0.08) {
        addEngagement(
          volunteer,
          { role: 'community_volunteer', communityId: community.id! },
          randomDate(random, volunteer.registeredOn, asOf),
          null,
        );
      }
    }
    for (const organization of shuffled(random, servingOrganizations.get(community.id!) ?? []).slice(0, 2)) {
      for (const volunteer of shuffled(random, residents).slice(0, random.int(2, 4))) {
        const startsOn = randomDate(
          random,
          [volunteer.registeredOn, organization.registeredOn].sort().at(-1)!,
          asOf,
        );
        const engagement = addEngagement(
          volunteer,
          { role: 'organization_volunteer', organizationId: organization.id },
          startsOn,
          null,
        );
        if (!engagement) continue;
        options.get(volunteer.id)!.push({
          from: startsOn,
          until: engagement.endsOn ?? asOf,
          weight: 2,
          service: () => ({
            content: random.pick(organizationServices),
            place: `${community.name}${random.pick(activityPlaces)}`,
            certifierKind: 'organization',
            certifierOrganizationId: organization.id,
            certifierName: organization.name,
            recordedBy: `demo-org-${organization.id}-staff`,
          }),
        });
      }
    }

    // A year of services by about a quarter of the volunteers; one a day per person.
    const minutesOf = new Map<number, number>();
    for (const volunteer of residents) {
      const from = [windowStart, volunteer.registeredOn].sort().at(-1)!;
      const until = lastDayOf(volunteer);
      const engaged =
        teams.some((t) => t.leader === volunteer) ||
        rows.volunteerEngagements.some((e) => e.volunteerId === volunteer.id);
      if (from > until || random.next() >= (engaged ? ACTIVE_SHARE.engaged : ACTIVE_SHARE.others)) continue;
      const count =
        random.next() < CORE_SHARE ? random.int(...CORE_SERVICES) : random.int(...OCCASIONAL_SERVICES);
      const own: Option[] = [
        {
          from,
          until,
          weight: 1,
          service: () => ({
            content: random.pick(communityServices),
            place: `${community.name}${random.pick(activityPlaces)}`,
            ...certifiedByCommunity,
          }),
        },
        ...options.get(volunteer.id)!,
      ];
      const weighted = own.flatMap((option) => Array.from({ length: option.weight }, () => option));
      const days = new Set<string>();
      for (let n = 0; n < count; n++) {
        const option = random.pick(weighted);
        const lo = [from, option.from].sort().at(-1)!;
        const hi = [until, option.until].sort()[0]!;
        if (lo > hi) continue;
        const held = option.activities?.filter((a) => a.heldOn >= lo && a.heldOn <= hi) ?? [];
        const activity = held.length > 0 && random.next() < 0.7 ? random.pick(held) : null;
        const day = activity?.heldOn ?? randomDate(random, lo, hi);
        if (days.has(day)) continue;
        days.add(day);
        const fields = option.service(day);
        const startHour = activity ? random.pick([9, 14]) : random.pick([8, 9, 10, 14, 15, 18, 19]);
        const span = startHour >= 18 ? random.pick([60, 90, 120]) : random.pick([60, 90, 120, 150, 180, 240]);
        const minutes = Math.max(30, span - random.pick([0, 0, 0, 0, 10, 15, 20, 30]));
        const recordedOn = minDay(addDays(day, random.pick([0, 0, 0, 1, 2])), asOf);
        rows.volunteerServices.push({
          districtCode,
          id: 0,
          volunteerId: volunteer.id,
          communityId: community.id!,
          startedAt: chinaTime(day, startHour * 60),
          endedAt: chinaTime(day, startHour * 60 + span),
          minutes,
          projectId: null,
          activityId: null,
          gridId: null,
          certifierTeamId: null,
          certifierOrganizationId: null,
          certifierCommunityId: null,
          correctsServiceId: null,
          correctionReason: null,
          isVoid: false,
          originRef: null,
          ...fields,
          ...(activity
            ? { activityId: activity.id, content: `协助开展「${activity.title}」活动`, place: activity.place }
            : {}),
          recordedAt: `${recordedOn}T21:30:00+08:00`,
        } as NewVolunteerService);
        minutesOf.set(volunteer.id, (minutesOf.get(volunteer.id) ?? 0) + minutes);
      }
    }

    // Training, commendations of the year's most devoted, evaluations of team members.
    for (const volunteer of residents) {
      if (random.next() >= 0.15) continue;
      const training = random.pick(trainings);
      addItem(volunteer, {
        kind: 'training',
        title: training.title,
        issuer: random.next() < 0.5 ? `${community.name}居民委员会` : `${districtName}志愿服务联合会`,
        occurredOn: randomDate(random, volunteer.registeredOn, lastDayOf(volunteer)),
        minutes: random.int(...training.minutes),
        recordedBy: staff,
      });
    }
    const commendedOn = `${asOfYear - 1}-12-05`;
    const devoted = [...minutesOf.entries()]
      .filter(([id]) => residents.find((v) => v.id === id)!.registeredOn <= commendedOn)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, 3);
    for (const [id] of devoted) {
      addItem(residents.find((v) => v.id === id)!, {
        kind: 'commendation',
        title: `${asOfYear - 1}年度${districtName}优秀志愿者`,
        // 12月5日, International Volunteer Day, when commendations are announced.
        issuer: `${districtName}志愿服务联合会`,
        occurredOn: commendedOn,
        recordedBy: `demo-${districtCode}-civil-affairs`,
      });
    }
    const evaluatedOn = `${asOfYear - 1}-12-20`;
    for (const membership of rows.volunteerTeamMembers) {
      const team = teams.find((t) => t.team.id === membership.teamId);
      if (!team || membership.role !== 'member' || membership.joinedOn > evaluatedOn) continue;
      if (membership.leftOn != null && membership.leftOn < evaluatedOn) continue;
      if (random.next() >= 0.3) continue;
      const draw = random.next();
      const rating: VolunteerRating =
        draw < 0.3 ? 'excellent' : draw < 0.8 ? 'good' : draw < 0.97 ? 'fair' : 'poor';
      addItem(residents.find((v) => v.id === membership.volunteerId)!, {
        kind: 'evaluation',
        title: `${asOfYear - 1}年度志愿者星级评价`,
        issuer: team.team.name,
        occurredOn: evaluatedOn,
        rating,
        recordedBy: `demo-volunteer-${team.leader.id}`,
      });
    }

    function teamOption(
      { team, theme, leader, leaderSince }: PlannedTeam,
      volunteer: PlannedVolunteer,
      joinedOn: string,
      leftOn: string | null,
    ): Option {
      const until = [leftOn ?? asOf, team.disbandedOn ?? asOf].sort()[0]!;
      // 谁组织谁记录: the leader certifies the team's services, except their own, which the team's
      // owner certifies (no one certifies their own service).
      const owner = team.organizationId ? organizationById.get(team.organizationId)! : null;
      const certifier =
        volunteer !== leader
          ? {
              certifierKind: 'team',
              certifierTeamId: team.id,
              certifierName: team.name,
              recordedBy: `demo-volunteer-${leader.id}`,
            }
          : owner
            ? {
                certifierKind: 'organization',
                certifierOrganizationId: owner.id,
                certifierName: owner.name,
                recordedBy: `demo-org-${owner.id}-staff`,
              }
            : certifiedByCommunity;
      return {
        // The leader certifies while leading: from the day they took the team on.
        from: [joinedOn, leaderSince].sort().at(-1)!,
        until,
        weight: 3,
        service: () => ({
          content: random.pick(theme.services),
          place: `${community.name}${random.pick(activityPlaces)}`,
          ...certifier,
        }),
      };
    }
  }

  function addItem(
    volunteer: PlannedVolunteer,
    item: Omit<NewRecordItem, 'id' | 'districtCode' | 'volunteerId'>,
  ): void {
    if (item.occurredOn < volunteer.registeredOn || item.occurredOn > asOf) return;
    rows.volunteerRecordItems.push({
      districtCode,
      id: 0,
      volunteerId: volunteer.id,
      minutes: null,
      rating: null,
      ...item,
      recordedAt: `${item.occurredOn}T17:00:00+08:00`,
    });
  }

  /**
   * A few records corrected by their certifier a few days later (民政部令第67号 第十条: a new record
   * naming the one it corrects, with the reason), one of them voided: the service did not happen.
   */
  function planCorrections(services: NewVolunteerService[]): void {
    const candidates = shuffled(
      random,
      services.filter((s) => addDays(s.recordedAt.slice(0, 10), 5) <= asOf),
    );
    const count = services.length === 0 ? 0 : Math.max(2, Math.round(services.length * CORRECTED_SHARE));
    const corrected = new Set<number>();
    candidates.slice(0, count).forEach((original, index) => {
      // One correction per volunteer keeps the demo's time bank simple to follow.
      if (corrected.has(original.volunteerId)) return;
      corrected.add(original.volunteerId);
      const isVoid = index === 0;
      const span = (Date.parse(original.endedAt) - Date.parse(original.startedAt)) / 60_000;
      const minutes = isVoid ? 0 : original.minutes > 45 ? original.minutes - random.pick([15, 30]) : span;
      if (!isVoid && minutes === original.minutes) return;
      const recordedOn = addDays(original.recordedAt.slice(0, 10), random.int(1, 5));
      services.push({
        ...original,
        id: services.length + 1,
        minutes,
        correctsServiceId: original.id,
        correctionReason: isVoid ? voidReason : random.pick(correctionReasons),
        isVoid,
        recordedAt: `${recordedOn}T10:00:00+08:00`,
      });
    });
    // Ids follow the order corrections were recorded.
    const first = services.findIndex((s) => s.correctsServiceId != null);
    if (first < 0) return;
    const corrections = services
      .splice(first)
      .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : a.id - b.id));
    corrections.forEach((correction, index) => {
      correction.id = first + index + 1;
      services.push(correction);
    });
  }
}

/** `day` at `minutes` past midnight in China (UTC+8), as stored. */
function chinaTime(day: string, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${day}T${hh}:${mm}:00+08:00`;
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
