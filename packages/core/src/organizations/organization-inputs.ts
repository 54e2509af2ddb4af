import type { DisclosureKind, LegalForm, OrganizationCategory, ServiceDomain } from './code-lists.js';

export interface RegisterOrganizationInput {
  name: string;
  legalForm: LegalForm;
  /** 统一社会信用代码, issued by civil affairs (position 1 = 5) for this legal form (position 2). */
  uscc: string;
  /**
   * Why a legacy code whose only fault is its final check character is recorded anyway
   * (at most 500 characters). Stored with the organization and written to the audit log.
   */
  usccOverrideReason?: string | null;
  category: OrganizationCategory;
  serviceDomains?: ServiceDomain[];
  /** The base community (12 digits), in force on the registration date; null for none. */
  communityCode?: string | null;
  /** Communities served; the base community is always among them. */
  servedCommunityCodes?: string[];
  /** The day of registration (登记); defaults to today, never after today. */
  registeredOn?: string;
}

export interface FileCommunityGroupInput {
  name: string;
  category: OrganizationCategory;
  serviceDomains?: ServiceDomain[];
  /** The subdistrict (9 digits) or community (12 digits) of this district guiding the group. */
  guidingUnitCode: string;
  /**
   * The base community. A group guided by a community is based there (omit it or give the
   * same code); one guided by a subdistrict may name a community of that subdistrict.
   */
  communityCode?: string | null;
  servedCommunityCodes?: string[];
  /** The day of filing (备案); defaults to today, never after today. */
  filedOn?: string;
  /** A filed group has no legal personality: any value here is refused (USCC_NOT_ALLOWED). */
  uscc?: string | null;
}

export interface ChangeOrganizationInput {
  id: number;
  /** When given, the change applies only if the organization is still at this version. */
  expectedVersion?: number;
  name?: string;
  category?: OrganizationCategory;
  /** The new full list of service domains. */
  serviceDomains?: ServiceDomain[];
  /** A new base community, or null to have none; omit to keep it. */
  communityCode?: string | null;
  /**
   * The new full list of communities served (the base community is added). Omitted, the
   * list stays as it is, with a new base community added to it.
   */
  servedCommunityCodes?: string[];
  /** The day of the change (变更); defaults to today. */
  changedOn?: string;
}

export interface DeregisterOrganizationInput {
  id: number;
  expectedVersion?: number;
  /** The day of deregistration (注销): the first day the organization no longer exists. */
  deregisteredOn: string;
  reason: string;
}

export interface AddHubMemberInput {
  hubId: number;
  memberId: number;
  /** Defaults to today. */
  joinedOn?: string;
}

export interface EndHubMembershipInput {
  membershipId: number;
  /** The first day the organization is no longer a member. */
  leftOn: string;
  expectedVersion?: number;
}

export interface PublishDisclosureInput {
  organizationId: number;
  kind: DisclosureKind;
  /** 1 to 200 characters, one line. */
  title: string;
  /** 1 to 5000 characters. Published as is, so it must hold no personal data. */
  content: string;
  /** Defaults to today. */
  publishedOn?: string;
}

export interface WithdrawDisclosureInput {
  disclosureId: number;
  withdrawnOn: string;
}
