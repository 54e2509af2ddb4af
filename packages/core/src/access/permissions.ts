import type { Role } from './roles.js';

/**
 * The one table of who may change what (docs/architecture.md §4). A write also has to lie in the
 * caller's jurisdiction (see `jurisdiction.ts`): a community worker may file a group only in
 * its own community, an organization's staff may publish only for its own organization.
 *
 * The split follows who does the work in 三社联动: the civil-affairs bureau (DEPARTMENT_STAFF)
 * registers organizations, keeps credit records and registers social workers; subdistricts and
 * communities file community groups, draw grids and place workers; organizations publish their
 * own disclosures and apply for objections and credit repair; evaluators award grades; the bureau
 * registers funding sources, and the bureau and subdistricts earmark and pay for the projects they
 * buy (docs/domain.md §6.4); in grid management the community finds and verifies, the departments
 * handle what is routed to them, and residents follow their own reports (docs/domain.md §7); district
 * and city administrators may do all of it. PUBLIC changes nothing; a SERVICE (another system of
 * the district: Open311 clients, hotlines) only reports events and relays its residents' ratings.
 */
export const writePermissions = {
  /** Create, rename or retire a subdistrict. */
  'hierarchy.subdistrict': ['CITY_ADMIN', 'DISTRICT_ADMIN'],
  /** Create, rename or retire a community. */
  'hierarchy.community': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF'],
  /** Create, rename or retire a grid. */
  'hierarchy.grid': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF'],
  /** Set a district's or subdistrict's value of a policy. */
  'policy.set': ['CITY_ADMIN', 'DISTRICT_ADMIN'],
  /** Register, change or deregister a registered organization (登记). */
  'organization.register': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF'],
  /** File, change or deregister a community group (备案). */
  'organization.file': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'DEPARTMENT_STAFF',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
  ],
  /** Add or end a hub membership. */
  'organization.hub': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'SUBDISTRICT_STAFF'],
  /** Publish or withdraw a disclosure (四公开). */
  'organization.disclose': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'ORG_STAFF'],
  /** Record credit information, list and delist, decide objections and repairs, escalate. */
  'credit.record': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF'],
  /** File an objection or apply for credit repair (the organization itself may). */
  'credit.apply': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'ORG_STAFF'],
  /** Award an evaluation grade. */
  'organization.grade': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'EVALUATOR'],
  /** Register or update a social worker, a certificate or a certificate registration. */
  'worker.register': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF'],
  /** Record continuing education (a worker may record its own). */
  'worker.education': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'SOCIAL_WORKER'],
  /** Start or end a worker's post. */
  'worker.post': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'DEPARTMENT_STAFF',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'ORG_STAFF',
  ],
  /** Register a funding source and record what it brings in (district-wide). */
  'funds.source': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF'],
  /** Earmark a source's money for a project and pay a contract's tranches, where the project lies. */
  'funds.allocate': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'SUBDISTRICT_STAFF'],
  /** Record a community's needs, merge duplicates, mark them met or withdrawn, where the community lies. */
  'need.record': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'DEPARTMENT_STAFF',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'GRID_WORKER',
  ],
  /** Design a service project (draft): goals, budget lines, indicators, needs answered, communities served. */
  'project.design': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'DEPARTMENT_STAFF',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
  ],
  /** Approve, close or cancel a project, and record the indicators achieved. */
  'project.approve': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'SUBDISTRICT_STAFF'],
  /** Run a purchase: plan, tender, assess bids, award, sign and terminate the contract, move its stages. */
  'purchase.run': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'SUBDISTRICT_STAFF'],
  /** Submit a bid for a purchase (the organization's own staff, or the bureau entering a paper bid). */
  'purchase.bid': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'ORG_STAFF'],
  /** Record delivery (activities, hours) under the organization's own contract. */
  'delivery.record': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'ORG_STAFF'],
  /** Confirm or dispute a delivered activity, for the community where it took place. */
  'delivery.confirm': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF'],
  /** Record a third-party evaluation of a contract's delivery. */
  'evaluation.record': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'EVALUATOR'],
  /** Record a resident's satisfaction answer for a project (the survey is run by the community or the evaluator). */
  'satisfaction.record': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'EVALUATOR',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
  ],
  /**
   * Register a volunteer (实名注册), record a minor's guardian consent, change skills, withdraw;
   * communities register their residents and organizations the volunteers they recruit.
   */
  'volunteer.register': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'DEPARTMENT_STAFF',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'ORG_STAFF',
  ],
  /** Form or disband a team, add or end memberships and leadership, start or end an engagement. */
  'volunteer.team': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'DEPARTMENT_STAFF',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'ORG_STAFF',
  ],
  /**
   * Record, and so certify, a volunteer's service, training, commendation or evaluation, or
   * correct one (谁组织谁记录、谁记录谁证明): a community, an organization, or a team's leader
   * (VOLUNTEER, for the members of a team it leads, never for itself).
   */
  'volunteer.certify': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'ORG_STAFF',
    'VOLUNTEER',
  ],
  /** Issue (or revoke) a certificate of service; a volunteer may ask for its own. */
  'volunteer.certificate': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'ORG_STAFF',
    'VOLUNTEER',
  ],
  /** Export a volunteer's record to move it (a volunteer its own), or import one from elsewhere. */
  'volunteer.transfer': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'DEPARTMENT_STAFF',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'VOLUNTEER',
  ],
  /** List, restock or withdraw items of the exchange catalogue its community or organization offers. */
  'time_bank.catalogue': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'ORG_STAFF',
  ],
  /**
   * Exchange points for a catalogue item, or transfer points: a volunteer from its own account,
   * staff at the counter for a volunteer of their community, or from their unit's pool.
   */
  'time_bank.spend': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'ORG_STAFF',
    'VOLUNTEER',
  ],
  /** Reverse a time-bank entry (an exchange or a transfer made in error). */
  'time_bank.reverse': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF', 'SUBDISTRICT_STAFF'],
  /**
   * Keep the district's working-day calendar: enter a year's holidays and make-up working days,
   * override a day, declare a year complete (docs/domain.md §7.6).
   */
  'calendar.edit': ['CITY_ADMIN', 'DISTRICT_ADMIN'],
  /** Keep the district's departments, the routing of event categories to them, and their inspection lists. */
  'department.manage': ['CITY_ADMIN', 'DISTRICT_ADMIN'],
  /** Draw a grid's boundary and keep its team ("1+2+N"), where the grid lies. */
  'grid.plan': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF'],
  /** Record a patrol of an inspection item, in the patroller's grid. */
  'grid.patrol': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF', 'GRID_WORKER'],
  /**
   * Report an event (信息收集): grid teams in their grids, community staff, an informant
   * volunteer, a resident, a service (Open311 and hotline systems) for its district.
   */
  'event.report': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'GRID_WORKER',
    'VOLUNTEER',
    'RESIDENT',
    'SERVICE',
  ],
  /**
   * Dispatch an event to its department (任务派遣), re-route or recategorise it, escalate it,
   * summon departments (吹哨) and close a summons: the grid centre of the community, subdistrict
   * or district.
   */
  'event.dispatch': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF'],
  /** Approve a longer time limit for an event (at most the policy's ceiling). */
  'event.extend': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF'],
  /**
   * Accept, handle and feed back an event routed to the caller's department, return one that is
   * not its own, and report in to a summons (报到).
   */
  'event.handle': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'DEPARTMENT_STAFF'],
  /** Verify and close an event, or send it back to its department (核查结案): the community's side. */
  'event.verify': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF', 'GRID_WORKER'],
  /** Reopen a closed event (its reporter, within the policy's days, or the grid centre). */
  'event.reopen': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF', 'RESIDENT'],
  /** Confirm the fix of one's own report and rate it. */
  'event.rate': ['RESIDENT', 'SERVICE'],
  /** Give an assessment mark: self, community or third party (the grid centre, the evaluator). */
  'grid.assess': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'DEPARTMENT_STAFF',
    'GRID_WORKER',
    'EVALUATOR',
  ],
  /** Record a consultation meeting, its participants, topics and outcomes, and report outcomes back. */
  'consultation.record': ['CITY_ADMIN', 'DISTRICT_ADMIN', 'SUBDISTRICT_STAFF', 'COMMUNITY_STAFF'],
  /** Mark a task of an adopted outcome done: the community, or the department or organization that owns it. */
  'consultation.follow_up': [
    'CITY_ADMIN',
    'DISTRICT_ADMIN',
    'SUBDISTRICT_STAFF',
    'COMMUNITY_STAFF',
    'DEPARTMENT_STAFF',
    'ORG_STAFF',
  ],
} as const satisfies Record<string, readonly Role[]>;

export type WriteAction = keyof typeof writePermissions;

/** Roles that may read the audit log and the personal-data access log of their jurisdiction. */
export const auditReaderRoles: readonly Role[] = ['CITY_ADMIN', 'DISTRICT_ADMIN'];

export function mayPerform(role: Role, action: WriteAction): boolean {
  return (writePermissions[action] as readonly Role[]).includes(role);
}
