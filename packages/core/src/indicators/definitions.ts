import { addDays, addYears } from '../services/dates.js';

/**
 * The indicators of docs/domain.md §10 that sanshe computes from organizations and social workers,
 * and from the service chain (needs, projects, funds, evaluation: §6), with what their numerators
 * and denominators count, in words. Every figure is returned as a numerator and a denominator so
 * that figures of several units (or districts) are combined by summing both, never by averaging
 * ratios.
 */
export const organizationAndWorkerIndicatorKeys = [
  'organizations_per_10k_residents',
  'community_organizations_per_urban_community',
  'community_organizations_per_rural_community',
  'certified_social_workers_per_10k_residents',
  'certificate_holders_per_10k_residents',
  'organizations_registered_elsewhere_per_10k_residents',
] as const;

/**
 * The indicators of the service chain (docs/domain.md §6, §10): needs covered by projects, the
 * money of projects (contracted, paid, and from where), residents' satisfaction and third-party
 * evaluations. Money is counted in integer fen, as the ledger holds it.
 */
export const serviceChainIndicatorKeys = [
  'needs_covered_by_projects',
  'project_budget_contracted_share',
  'project_budget_disbursed_share',
  'non_government_funding_share',
  'satisfaction_average_score',
  'final_evaluations_passed_share',
  'final_evaluation_average_score',
] as const;

/**
 * The indicators of volunteers and the time bank (docs/domain.md §5, §10): registered and active
 * volunteers per 10,000 residents, the hours they served, and the points the time bank issued,
 * redeemed and holds. Only service records in force count (volunteers/services-in-force.ts).
 */
export const volunteerIndicatorKeys = [
  'registered_volunteers_per_10k_residents',
  'active_volunteers_per_10k_residents',
  'volunteer_hours_per_registered_volunteer',
  'time_bank_points_redeemed_share',
  'time_bank_points_outstanding_share',
] as const;

/**
 * The indicators of grid management and consultation (docs/domain.md §7, §8, §10): events closed on
 * time, reopened and rated satisfied, summoned departments reporting in on time (吹哨报到), and
 * consultation outcomes implemented, each over the 12 months to the day.
 */
export const gridIndicatorKeys = [
  'grid_events_closed_on_time_share',
  'grid_events_reopened_share',
  'grid_event_ratings_satisfied_share',
  'summons_reported_in_on_time_share',
  'consultation_outcomes_implemented_share',
] as const;

export const indicatorKeys = [
  ...organizationAndWorkerIndicatorKeys,
  ...serviceChainIndicatorKeys,
  ...volunteerIndicatorKeys,
  ...gridIndicatorKeys,
] as const;

export type IndicatorKey = (typeof indicatorKeys)[number];

/** The levels an indicator is computed for. */
export type IndicatorLevel = 'district' | 'subdistrict' | 'community';

export interface IndicatorDefinition {
  title: string;
  /** The value is numerator / denominator × scale: 1, or 10,000 for "per 10,000 residents". */
  scale: 1 | 10_000;
  /** Where the figure comes from or what it answers (policy or report). */
  source: string;
  numerator(level: IndicatorLevel, unitCode: string, on: string): string;
  denominator(level: IndicatorLevel, unitCode: string, on: string): string;
}

const inForceOrganization = (on: string) =>
  `in force on ${on} (registered or filed on or before that day, and not deregistered on or before it)`;

/**
 * Issue 16: an organization counts once city-wide, in the district whose civil-affairs bureau
 * registered it (登记管理机关, USCC positions 3–8). A district that records an organization
 * registered elsewhere (one serving it, or the same code recorded twice) counts it only in the
 * separate `organizations_registered_elsewhere_per_10k_residents` figure.
 */
const ofThisRegister = (districtCode: string) =>
  `of district ${districtCode}'s own register: filed groups (备案) and registered organizations (登记) whose ` +
  `unified social credit code names ${districtCode} as the registering authority's area (positions 3–8), so ` +
  'that summed over the districts of a city each organization counts once, in the district that registered it. ' +
  'Organizations recorded here but registered by another authority count only in ' +
  'organizations_registered_elsewhere_per_10k_residents';

/** Issue 16: the basis and the date of the population figure, said in the definition. */
const residents = (_level: IndicatorLevel, unitCode: string, on: string) =>
  `Resident population (常住人口, basis "resident"; not the household-registered population 户籍人口) of ` +
  `the communities of ${unitCode} in force on ${on} (effective on or before that day and not retired by ` +
  `it), summed. Each community adds its dated resident figure in force on ${on}: the latest recorded with ` +
  `an as-of date on or before ${on}. A community with no dated resident figure at all adds the undated ` +
  'figure held on its record (legacy data); one with dated figures only after that day, or no figure, adds 0.';

const districtOf = (unitCode: string) => unitCode.slice(0, 6);

function communitiesOfClass(kind: 'urban' | 'rural') {
  const prefix = kind === 'urban' ? '1' : '2';
  const label = kind === 'urban' ? 'urban communities (社区)' : 'rural communities (村)';
  return {
    numerator: (_level: IndicatorLevel, unitCode: string, on: string) =>
      `Social organizations ${ofThisRegister(districtOf(unitCode))}; ${inForceOrganization(on)} whose base ` +
      `community is one of the ${label} of ${unitCode} in force on ${on}, i.e. with an urban-rural class ` +
      `(城乡分类代码) starting with ${prefix}. Communities with no urban-rural class recorded are left out of ` +
      'both the urban and the rural figures, as are organizations with no base community.',
    denominator: (_level: IndicatorLevel, unitCode: string, on: string) =>
      `Number of ${label} of ${unitCode} in force on ${on}: urban-rural class starting with ${prefix}; ` +
      'communities with no urban-rural class recorded are counted in neither figure.',
  };
}

/**
 * The projects a project figure counts: those the unit designed (service_projects.unit_code, §6.2),
 * or one of the units below it. A project designed by a subdistrict counts for the subdistrict and
 * the district, never for a community, so the communities of a unit add up to the unit less the
 * unit's own projects.
 */
const projectsOf = (level: IndicatorLevel, unitCode: string) =>
  level === 'district'
    ? `service projects designed by district ${unitCode} or by any of its subdistricts and communities (the project's unit)`
    : level === 'subdistrict'
      ? `service projects designed by subdistrict ${unitCode} or by one of its communities (the project's unit; ` +
        'projects designed by the district count at district level only)'
      : `service projects designed by community ${unitCode} (the project's unit; projects designed by its ` +
        'subdistrict or district count at those levels only)';

/** Projects whose budget stands on the day: approved, and not cancelled since (closed ones stay). */
const budgetedProjects = (level: IndicatorLevel, unitCode: string, on: string) =>
  `${projectsOf(level, unitCode)} approved on or before ${on} and not cancelled on or before it (closed projects ` +
  'stay in)';

/**
 * docs/domain.md §6.5: the ledger is never edited; a correction is a reversal entry. Sums of the
 * lines therefore net every reversal against what it undoes, each counted once.
 */
const netOfReversals = (on: string) =>
  `as the ledger's lines of entries dated on or before ${on} sum them (integer fen; a reversal dated on or before ` +
  'that day cancels the entry it undoes, each counted once)';

const passingGrades = 'excellent 优秀, good 良好 or pass 合格';

/** Volunteers are counted in their home community (volunteers.home_community_id). */
const registeredVolunteers = (unitCode: string, on: string) =>
  `Volunteers whose home community is a community of ${unitCode} (retired ones included), registered (实名注册) on ` +
  `or before ${on} and not withdrawn (注销) on or before it`;

/** docs/domain.md §10: "active: served in the last 12 months". */
const twelveMonths = (on: string) =>
  `that started in the 12 months to ${on} (from ${addDays(addYears(on, -1), 1)} to ${on}, China time)`;

const inForceRecords =
  'service records in force (志愿服务记录: not corrected by a later record and not a void; a correction counts in ' +
  'place of the record it corrects, whenever it was made), other than records imported from another district or ' +
  'system, which count where they were served';

/**
 * docs/domain.md §5.5: the time bank's points on the ledger, held by volunteers (placed in their home
 * community) and by pools of teams, communities and organizations (placed in the team's community or its
 * organization's base community, the community, the organization's base community; a pool with none counts
 * at district level only).
 */
const pointsHolders = (level: IndicatorLevel, unitCode: string) =>
  level === 'district'
    ? `the points accounts of volunteers and pools (team, community, organization) of district ${unitCode}`
    : `the points accounts of volunteers whose home community is in ${unitCode}, and of pools placed in it (a ` +
      "team's community or its organization's base community; a community; an organization's base community)";

const pointsIssued = (level: IndicatorLevel, unitCode: string, on: string) =>
  `Points issued for certified service: the lines of ${pointsHolders(level, unitCode)} in entries dated on or ` +
  `before ${on} that draw on the points issuer (earnings, and the reversals of earnings a correction makes, each ` +
  'counted once), in whole points.';

/** The 12 months to a day in China's calendar (as twelveMonths, for things that happened rather than started). */
const inTwelveMonths = (on: string) =>
  `in the 12 months to ${on} (from ${addDays(addYears(on, -1), 1)} to ${on}, China time)`;

/** Events lie in the grid they were filed under (grid_events.unit_code). */
const gridEventsOf = (unitCode: string) => `grid events filed under a grid of ${unitCode}`;

/** Summonses lie in the community that issued them; outcomes in the community whose meeting adopted them. */
const communitiesOf = (unitCode: string) => `the communities of ${unitCode} (retired ones included)`;

export const indicatorDefinitions: Record<IndicatorKey, IndicatorDefinition> = {
  organizations_per_10k_residents: {
    title: 'Social organizations per 10,000 residents',
    scale: 10_000,
    source: 'docs/domain.md §10',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `All social organizations ${ofThisRegister(unitCode)}; ${inForceOrganization(on)}, ` +
          'including those with no base community (working across the district).'
        : `Social organizations ${ofThisRegister(districtOf(unitCode))}; ${inForceOrganization(on)} whose base ` +
          `community (community_id) is a community of ${unitCode}; organizations with no base community count at ` +
          'district level only.',
    denominator: residents,
  },
  community_organizations_per_urban_community: {
    title: 'Community social organizations per urban community',
    scale: 1,
    source: '关于大力培育发展社区社会组织的意见 (民发〔2017〕191号): at least 10 per urban community',
    ...communitiesOfClass('urban'),
  },
  community_organizations_per_rural_community: {
    title: 'Community social organizations per rural community',
    scale: 1,
    source: '关于大力培育发展社区社会组织的意见 (民发〔2017〕191号): at least 5 per rural community',
    ...communitiesOfClass('rural'),
  },
  certified_social_workers_per_10k_residents: {
    title: 'Social workers with a registered certificate (登记有效) per 10,000 residents',
    scale: 10_000,
    source:
      'docs/domain.md §4, §10: registration of the certificate (登记), valid 3 years; for certificate holders (持证), ' +
      'as practice reports count them, see certificate_holders_per_10k_residents',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `Distinct social workers of district ${unitCode} with a registered certificate on ${on} (a certificate of ` +
          'any level with a registration valid that day: valid from on or before it and valid until on or after ' +
          'it), whether or not they hold a post. Holders whose registration lapsed are not counted. Workers with ' +
          'no post in force, or posts only at organizations with no base community, count at district level only.'
        : `Distinct social workers with a registered certificate on ${on} (a certificate of any level with a ` +
          'registration valid that day) who hold a post in force that day (starting on or before it, ending on or ' +
          `after it or open) with a community of ${unitCode} or with an organization whose base community is a ` +
          `community of ${unitCode}; each worker counts once however many posts they hold. Workers with no post ` +
          'in force, or posts only at organizations with no base community, count at district level only.',
    denominator: residents,
  },
  certificate_holders_per_10k_residents: {
    title: 'Social work certificate holders (持证社会工作者) per 10,000 residents',
    scale: 10_000,
    source:
      'docs/domain.md §4, §10: practice reports count certificate holders (持证), registered or not; for registered ' +
      'certificates only, see certified_social_workers_per_10k_residents',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `Distinct social workers of district ${unitCode} holding on ${on} a professional-level certificate ` +
          '(社会工作者职业水平证书) of any level, i.e. one passed on or before that day, whether or not its ' +
          'registration is valid that day, and whether or not they hold a post. Workers with no post in force, ' +
          'or posts only at organizations with no base community, count at district level only.'
        : `Distinct social workers holding on ${on} a certificate of any level passed on or before that day ` +
          '(registered or not) who hold a post in force that day (starting on or before it, ending on or after ' +
          `it or open) with a community of ${unitCode} or with an organization whose base community is a ` +
          `community of ${unitCode}; each worker counts once however many posts they hold. Workers with no post ` +
          'in force, or posts only at organizations with no base community, count at district level only.',
    denominator: residents,
  },
  organizations_registered_elsewhere_per_10k_residents: {
    title: 'Social organizations registered elsewhere serving the unit, per 10,000 residents',
    scale: 10_000,
    source:
      'Issue 16: an organization counts in the district that registered it (登记管理机关) only; this is the ' +
      'separate serving figure of the other districts',
    numerator: (level, unitCode, on) =>
      `Registered social organizations (登记) recorded in district ${districtOf(unitCode)} ${inForceOrganization(on)} ` +
      `whose unified social credit code names another registering authority's area than ${districtOf(unitCode)} ` +
      '(positions 3–8: another district, or a city or provincial bureau); they are never in ' +
      `organizations_per_10k_residents of ${districtOf(unitCode)}. ` +
      (level === 'district'
        ? 'Including those with no base community. '
        : `Only those whose base community is a community of ${unitCode}; those with none count at district level ` +
          'only. ') +
      'Summed over districts this counts an organization once per district that records it, not once per ' +
      'organization.',
    denominator: residents,
  },
  needs_covered_by_projects: {
    title: 'Needs covered by service projects',
    scale: 1,
    source:
      'docs/domain.md §6.1 (需求清单: a need is answered by a project, then met) and §10: needs covered by projects',
    numerator: (_level, unitCode, on) =>
      `Needs of the communities of ${unitCode} (the need's community, retired ones included) counted in the ` +
      `denominator that on ${on} were met (closed as met on or before that day) or answered: linked on or before ` +
      `it to a service project approved on or before it and not cancelled on or before it. A need linked only to ` +
      'a draft or cancelled project is not covered.',
    denominator: (_level, unitCode, on) =>
      `Needs of the communities of ${unitCode} (the need's community, retired ones included) collected on or ` +
      `before ${on} and neither merged into the need they repeat nor withdrawn on or before it: a duplicate counts ` +
      'once, in the need it was merged into.',
  },
  project_budget_contracted_share: {
    title: 'Share of project budgets under a government purchase contract',
    scale: 1,
    source: 'docs/domain.md §6.2–§6.3 (政府购买服务管理办法, 财政部令第102号): budgets awarded by contract',
    numerator: (level, unitCode, on) =>
      `Amounts (fen) of the service contracts signed on or before ${on} for the ${budgetedProjects(level, unitCode, on)}; ` +
      'a contract terminated early keeps its signed amount.',
    denominator: (level, unitCode, on) =>
      `Approved budgets (fen) of the ${budgetedProjects(level, unitCode, on)}.`,
  },
  project_budget_disbursed_share: {
    title: 'Share of project budgets paid to the undertaking organizations',
    scale: 1,
    source: 'docs/domain.md §6.3–§6.5: tranches (分期拨付) paid out of earmarks, on the double-entry ledger',
    numerator: (level, unitCode, on) =>
      `Money paid to the undertaking organizations (the undertaker accounts) of the ${budgetedProjects(level, unitCode, on)}, ` +
      `${netOfReversals(on)}.`,
    denominator: (level, unitCode, on) =>
      `Approved budgets (fen) of the ${budgetedProjects(level, unitCode, on)}.`,
  },
  non_government_funding_share: {
    title: 'Share of earmarked project funding that is not government money',
    scale: 1,
    source:
      'docs/domain.md §5, §6.4 (五社联动: charity resources beside government purchase; 慈善法 on earmarked donations)',
    numerator: (level, unitCode, on) =>
      `Money earmarked (定向使用) for ${projectsOf(level, unitCode)}, whatever their status, from sources other than ` +
      'the government budget (donations, community foundations, enterprise sponsorship, and in-kind resources at ' +
      `their stated value), ${netOfReversals(on)}.`,
    denominator: (level, unitCode, on) =>
      `Money earmarked for ${projectsOf(level, unitCode)} from every source, the government budget included, ` +
      `${netOfReversals(on)}.`,
  },
  satisfaction_average_score: {
    title: 'Residents’ average satisfaction with service projects (1–5)',
    scale: 1,
    source: 'docs/domain.md §6.7: one answer per resident and project, scored 1 (very dissatisfied) to 5',
    numerator: (level, unitCode, on) =>
      `Sum of the scores (1–5) of the satisfaction answers given on or before ${on} about ${projectsOf(level, unitCode)}.`,
    denominator: (level, unitCode, on) =>
      `Number of satisfaction answers given on or before ${on} about ${projectsOf(level, unitCode)}; the value is ` +
      'the average score on the 5-point scale.',
  },
  final_evaluations_passed_share: {
    title: 'Share of final third-party evaluations passed',
    scale: 1,
    source: 'docs/domain.md §6.7 (第三方评估, 民发〔2012〕196号): one final evaluation per contract',
    numerator: (level, unitCode, on) =>
      `Final third-party evaluations made on or before ${on} of the contracts for ${projectsOf(level, unitCode)} ` +
      `graded ${passingGrades}.`,
    denominator: (level, unitCode, on) =>
      `Final third-party evaluations made on or before ${on} of the contracts for ${projectsOf(level, unitCode)}, ` +
      'whatever their grade (mid-term evaluations are not counted).',
  },
  final_evaluation_average_score: {
    title: 'Average score of final third-party evaluations (0–100)',
    scale: 1,
    source: 'docs/domain.md §6.7 (第三方评估, 民发〔2012〕196号): scored 0–100',
    numerator: (level, unitCode, on) =>
      `Sum of the scores (0–100) of the final third-party evaluations made on or before ${on} of the contracts for ` +
      `${projectsOf(level, unitCode)}.`,
    denominator: (level, unitCode, on) =>
      `Number of final third-party evaluations made on or before ${on} of the contracts for ` +
      `${projectsOf(level, unitCode)}; the value is their average score.`,
  },
  registered_volunteers_per_10k_residents: {
    title: 'Registered volunteers per 10,000 residents',
    scale: 10_000,
    source: 'docs/domain.md §5.1, §10 (志愿服务条例: 实名注册)',
    numerator: (_level, unitCode, on) => `${registeredVolunteers(unitCode, on)}.`,
    denominator: residents,
  },
  active_volunteers_per_10k_residents: {
    title: 'Active volunteers (served in the last 12 months) per 10,000 residents',
    scale: 10_000,
    source: 'docs/domain.md §5.2, §10: active is served in the last 12 months',
    numerator: (_level, unitCode, on) =>
      `${registeredVolunteers(unitCode, on)}, with at least one of the ${inForceRecords} ${twelveMonths(on)}.`,
    denominator: residents,
  },
  volunteer_hours_per_registered_volunteer: {
    title: 'Hours of volunteer service in the last 12 months per registered volunteer',
    scale: 1,
    source: 'docs/domain.md §5.2, §10 (志愿服务记录与证明出具办法, 民政部令第67号: time actually served)',
    numerator: (_level, unitCode, on) =>
      `Hours (minutes / 60) of the ${inForceRecords}, ${twelveMonths(on)}, of volunteers whose home community is a ` +
      `community of ${unitCode}, whether or not they are still registered on ${on}.`,
    denominator: (_level, unitCode, on) => `${registeredVolunteers(unitCode, on)}.`,
  },
  time_bank_points_redeemed_share: {
    title: 'Share of time-bank points issued that were redeemed',
    scale: 1,
    source: 'docs/domain.md §5.5 (积分制, 时间银行), §10: points issued, redeemed and outstanding',
    numerator: (level, unitCode, on) =>
      `Points redeemed (exchanged for services or goods of the catalogue): the opposite of the lines of ` +
      `${pointsHolders(level, unitCode)} in entries dated on or before ${on} that pay the points-redeemed ` +
      'account (exchanges, less the reversals of exchanges), in whole points.',
    denominator: pointsIssued,
  },
  time_bank_points_outstanding_share: {
    title: 'Share of time-bank points issued still held (outstanding)',
    scale: 1,
    source: 'docs/domain.md §5.5 (积分制, 时间银行), §10: points issued, redeemed and outstanding',
    numerator: (level, unitCode, on) =>
      `Points outstanding on ${on}: the sum of every line of ${pointsHolders(level, unitCode)} in entries dated on ` +
      'or before that day (their balances then: earned, less redeemed, with transfers in and out), in whole ' +
      'points. Over a district this is points issued less points redeemed; a unit may hold points given to it ' +
      'from elsewhere.',
    denominator: pointsIssued,
  },
  grid_events_closed_on_time_share: {
    title: 'Share of grid events closed on time (按时办结率)',
    scale: 1,
    source:
      'docs/domain.md §7.6, §7.9, §10: on-time closure, by the time limits of policy grid.event_time_limits counted ' +
      'on the working-day calendar',
    numerator: (_level, unitCode, on) =>
      `Of the ${gridEventsOf(unitCode)} counted in the denominator, those closed by their closing day ` +
      `(close_due_on, as extended with approval; not closed late), as they stand when the figure is computed for ${on}.`,
    denominator: (_level, unitCode, on) =>
      `${capitalised(gridEventsOf(unitCode))} that are closed (核查结案) and whose closure falls ${inTwelveMonths(on)}, ` +
      'as they stand when the figure is computed: an event reopened since and not closed again is left out until it is.',
  },
  grid_events_reopened_share: {
    title: 'Share of closed grid events reopened (重新办理率)',
    scale: 1,
    source:
      'docs/domain.md §7.5, §7.9, §10: reopen rate; moves read from the append-only steps of each event (流转记录)',
    numerator: (_level, unitCode, on) =>
      `Of the ${gridEventsOf(unitCode)} counted in the denominator, those reopened (重新办理, by their reporter or ` +
      `the grid centre) ${inTwelveMonths(on)}.`,
    denominator: (_level, unitCode, on) =>
      `${capitalised(gridEventsOf(unitCode))} closed (核查结案) at least once ${inTwelveMonths(on)}, each event ` +
      'counted once however often it was closed.',
  },
  grid_event_ratings_satisfied_share: {
    title: 'Share of reporters satisfied with the handling of grid events (满意率)',
    scale: 1,
    source:
      'docs/domain.md §7.5, §7.9, §10: the reporter confirms the fix and rates it 1–5 once per closure; 4 and 5 ' +
      'are satisfied',
    numerator: () => 'Of the ratings counted in the denominator, those of 4 or 5 (满意, 非常满意).',
    denominator: (_level, unitCode, on) =>
      `Ratings (1–5) that reporters gave ${inTwelveMonths(on)} to ${gridEventsOf(unitCode)}; an event holds the ` +
      'rating of its latest closure.',
  },
  summons_reported_in_on_time_share: {
    title: 'Share of summoned departments reporting in on time (吹哨报到按时报到率)',
    scale: 1,
    source:
      'docs/domain.md §7.8, §10: every summons is logged and assessed (reported in on time); the deadline from ' +
      'policy grid.summons_report or named by the community',
    numerator: (_level, _unitCode, on) =>
      `Of the departments counted in the denominator, those that reported in (报到) by the summons' deadline, ` +
      `by the end of ${on} (China time).`,
    denominator: (_level, unitCode, on) =>
      `Departments summoned (吹哨: one per summons and department) by summonses that ${communitiesOf(unitCode)} ` +
      `issued ${inTwelveMonths(on)}, once their report-in was due or made by the end of ${on}: a department whose ` +
      'deadline is still to come and that has not reported in is not yet counted.',
  },
  consultation_outcomes_implemented_share: {
    title: 'Share of consultation outcomes implemented (协商成果落实率)',
    scale: 1,
    source:
      'docs/domain.md §8, §10 (关于加强城乡社区协商的意见, 2015: outcomes adopted, carried out and reported back; ' +
      'one city reported 37 meetings solving 14 issues in a year)',
    numerator: (_level, _unitCode, on) =>
      `Of the outcomes counted in the denominator, those implemented (落实: every task done) on or before ${on}, ` +
      'whether reported back to the residents yet or not.',
    denominator: (_level, unitCode, on) =>
      `Outcomes adopted by the vote of residents' consultation meetings (协商议事) of ${communitiesOf(unitCode)} held ` +
      `from ${addDays(addYears(on, -1), 1)} to ${on}; outcomes not adopted are left out.`,
  },
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
