import type {
  Volunteer,
  VolunteerEngagement,
  VolunteerRecordItem,
  VolunteerService,
  VolunteerTeam,
  VolunteerTeamMember,
} from '../schema/volunteers.js';
import type {
  EngagementRole,
  GuardianRelation,
  RecordItemKind,
  TeamRole,
  VolunteerRating,
  VolunteerSkill,
} from './code-lists.js';

export interface RegisterVolunteerInput {
  name: string;
  /** 18 characters (a lower-case x is accepted), or a legacy 15-digit number, stored upgraded to 18. */
  residentId: string;
  mobilePhone?: string | null;
  /** The community the volunteer registers in: in force on the day, in the caller's jurisdiction. */
  homeCommunityId: number;
  /** Default today; never after it. */
  registeredOn?: string | null;
  /** 实名注册: the day the name was checked against the identity document. */
  realNameVerifiedOn?: string | null;
  skills?: readonly VolunteerSkill[] | null;
  /** For a volunteer under 18 on `registeredOn`: all three, the consent on or before registration. */
  guardianName?: string | null;
  guardianRelation?: GuardianRelation | null;
  guardianConsentOn?: string | null;
  /**
   * The organization that recruited the volunteer: the volunteer is engaged with it
   * (`organization_volunteer`) from the day of registration. An organization's staff register
   * volunteers this way, for their own organization.
   */
  recruitingOrganizationId?: number | null;
}

export interface UpdateVolunteerInput {
  id: number;
  /** When given, the change applies only if the volunteer is still at this version. */
  expectedVersion?: number | null;
  name?: string;
  /** A new number; null removes it; absent leaves it. */
  mobilePhone?: string | null;
  /** The whole new list; absent leaves it. */
  skills?: readonly VolunteerSkill[];
  /** The day of real-name verification, not in the future, not before registration; null clears it. */
  realNameVerifiedOn?: string | null;
}

export interface WithdrawVolunteerInput {
  id: number;
  /** 注销: default today; not before registration, never after today. */
  withdrawnOn?: string | null;
  /** Kept in the audit log. */
  reason?: string | null;
  expectedVersion?: number | null;
}

/** What `updateVolunteer` and `withdrawVolunteer` may change. */
export type VolunteerChanges = Partial<
  Pick<
    Volunteer,
    | 'name'
    | 'mobilePhoneEncrypted'
    | 'mobilePhoneHash'
    | 'mobilePhoneMasked'
    | 'skills'
    | 'realNameVerifiedOn'
    | 'withdrawnOn'
  >
>;

export interface FormTeamInput {
  /** Unique in the district. */
  name: string;
  /** Exactly one of the two: the community or the organization the team is led from. */
  communityId?: number | null;
  organizationId?: number | null;
  /** Default today; never after it. */
  foundedOn?: string | null;
}

export interface DisbandTeamInput {
  teamId: number;
  /** Default today; open memberships end on this day. */
  disbandedOn?: string | null;
  expectedVersion?: number | null;
}

export interface AddTeamMemberInput {
  teamId: number;
  volunteerId: number;
  /** Default `member`. */
  role?: TeamRole | null;
  /** Default today; never after it, nor before the team was founded or the volunteer registered. */
  joinedOn?: string | null;
}

export interface EndTeamMembershipInput {
  membershipId: number;
  /** Default today. */
  leftOn?: string | null;
}

export interface StartEngagementInput {
  volunteerId: number;
  role: EngagementRole;
  /** Exactly the one the role names: a grid, a project, a community or an organization. */
  gridId?: number | null;
  projectId?: number | null;
  communityId?: number | null;
  organizationId?: number | null;
  /** Default today. */
  startsOn?: string | null;
}

export interface EndEngagementInput {
  engagementId: number;
  /** Default today. */
  endsOn?: string | null;
}

/** Who certifies a service: at most one; absent, derived from the caller (docs/domain.md §5.2). */
export interface CertifierInput {
  teamId?: number | null;
  organizationId?: number | null;
  communityId?: number | null;
}

/** The facts of a service, as recorded or as a correction states them. */
export interface ServiceFactsInput {
  /** What was done, 1 to 500 characters. */
  content: string;
  /** Where, 1 to 200 characters. */
  place: string;
  /** The community where it took place. */
  communityId: number;
  /** ISO 8601 instants with their offset. */
  startedAt: string;
  endedAt: string;
  /** Time actually served, travel excluded: default the span, more than 0, at most the span. */
  minutes?: number | null;
  projectId?: number | null;
  activityId?: number | null;
  gridId?: number | null;
}

export interface RecordServiceInput extends ServiceFactsInput {
  volunteerId: number;
  certifier?: CertifierInput | null;
}

export interface CorrectServiceInput extends Partial<ServiceFactsInput> {
  /** The record corrected: one no correction names yet. */
  serviceId: number;
  /** Why, 1 to 500 characters (REASON_REQUIRED when absent). */
  reason: string;
  /**
   * The service did not take place: the correction counts 0 minutes and keeps the facts of the
   * record it voids. Otherwise the correction carries the full corrected facts.
   */
  void?: boolean | null;
}

export interface RecordItemInput {
  volunteerId: number;
  kind: RecordItemKind;
  title: string;
  /** The unit that trained, commended or evaluated. */
  issuer: string;
  /** Not in the future, not before registration. */
  occurredOn: string;
  /** Training only: its length, 1 to 14400 minutes (training is not service time). */
  minutes?: number | null;
  /** Evaluation only, and required there. */
  rating?: VolunteerRating | null;
}

/** A service as recorded, with what the time bank did with it in the same transaction. */
export interface RecordedService {
  service: VolunteerService;
  /** Minutes and points the time bank earned (or reversed) for it, and its ledger entry. */
  earning: { minutes: number; points: number; entryId: number | null };
}

/** A correction chain: the original first, each record then the one correcting it. */
export type ServiceChain = VolunteerService[];

export type {
  Volunteer,
  VolunteerEngagement,
  VolunteerRecordItem,
  VolunteerService,
  VolunteerTeam,
  VolunteerTeamMember,
};
