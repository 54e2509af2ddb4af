import type { OrganizationListEntry } from '../schema/organizations.js';
import type { CreditCategory, CreditList, ListingReason, ListRemovalReason } from './code-lists.js';

export interface RecordCreditInformationInput {
  organizationId: number;
  category: CreditCategory;
  /** A finer code within the category, `[a-z_]{1,32}`, e.g. `annual_report_passed`, `penalty_fine`. */
  kind: string;
  occurredOn: string;
  /** Published in the public credit report: no personal data. */
  summary: string;
  /** The document the record comes from (decision number, report reference); published too. */
  source: string;
}

export interface ListOrganizationInput {
  organizationId: number;
  list: CreditList;
  reason: ListingReason;
  /** Internal detail (not published); required when the reason is `other`. */
  reasonDetail?: string | null;
  /** Defaults to today. */
  listedOn?: string | null;
  /**
   * A written statement by the competent unit (业务主管单位) or another department that the
   * organization bears no direct responsibility for the circumstance (社会组织信用信息管理办法
   * 第十一条 for the abnormal-activity list, 第十五条 for the dishonesty list). Given, the
   * organization is not listed: the call is refused with LISTING_EXEMPTED and nothing changes
   * (an open entry is not restarted either). The statement itself is kept where the bureau
   * files documents, not in the list.
   */
  exemptionStatement?: ExemptionStatementInput | null;
}

export interface ExemptionStatementInput {
  /** The unit that wrote it, e.g. the competent unit's name. */
  issuedBy: string;
  /** The statement's document number or reference. */
  reference: string;
  /** The day it was issued: not after today. */
  issuedOn: string;
}

/** The removal reasons staff give directly; the others come from procedures and escalation. */
export const directRemovalReasons = {
  rectified: '已整改',
  term_served: '期满移出',
} as const satisfies Partial<Record<ListRemovalReason, string>>;

export interface RemoveFromListInput {
  entryId: number;
  removedOn: string;
  removalReason: keyof typeof directRemovalReasons;
  expectedVersion?: number | null;
}

export interface EscalationResult {
  /** The serious-dishonesty entries opened, each with `escalatedFromId`. */
  moved: OrganizationListEntry[];
  /**
   * Abnormal-activity entries closed as moved although the organization already had an open
   * dishonesty entry. That is a new circumstance while listed (第十六条): the open entry is in
   * `restarted` and the new one in `moved`, unless the open entry began after the anniversary
   * (then it already counts from a later day and stays as it is).
   */
  alreadyOnDishonestyList: OrganizationListEntry[];
  /** The dishonesty entries closed as `new_circumstance` by a move (see above). */
  restarted: OrganizationListEntry[];
}

export interface FileObjectionInput {
  organizationId: number;
  /** Exactly one of `listEntryId` and `creditRecordId`: what the objection is about. */
  listEntryId?: number | null;
  creditRecordId?: number | null;
  /** Internal: never published. */
  grounds: string;
  /** Defaults to today. */
  filedOn?: string | null;
}

export interface ApplyForCreditRepairInput {
  organizationId: number;
  listEntryId: number;
  grounds: string;
  filedOn?: string | null;
}

export interface DecideProcedureInput {
  procedureId: number;
  accepted: boolean;
  decidedOn: string;
  note: string;
  expectedVersion?: number | null;
}

export interface GradeOrganizationInput {
  organizationId: number;
  /** The evaluation score, a whole number from 0 to 1000. */
  score: number;
  /** Defaults to today. */
  awardedOn?: string | null;
}

export interface PublicCreditReportQuery {
  /** An exact unified social credit code. */
  uscc?: string | null;
  /** Part of the name (at most 20 organizations are returned). */
  name?: string | null;
}

/** How many organizations a search by name returns at most. */
export const PUBLIC_REPORT_NAME_LIMIT = 20;
