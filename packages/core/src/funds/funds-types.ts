import type { FundingSourceKind } from './code-lists.js';

/** Register a funding source (docs/domain.md §6.4). */
export interface RegisterFundingSourceInput {
  kind: FundingSourceKind;
  /** The funder as published: a department, a foundation, an enterprise, 个人捐赠 for a person. */
  funderName: string;
  funderUscc?: string | null;
  /** The funder, when it is an organization of this district (a community foundation). */
  funderOrganizationId?: number | null;
  /** The budget appropriation, the donation or sponsorship agreement. */
  reference: string;
  /** The amount committed in fen; for in-kind resources, their stated value. */
  amountFen: number;
  committedOn: string;
  /** In-kind only, and then required: what is given and how its value was set. */
  inKindDescription?: string | null;
  valuationBasis?: string | null;
  idempotencyKey: string;
}

/** Money (or in-kind value) a source brings in: funder → source. */
export interface RecordReceiptInput {
  sourceId: number;
  amountFen: number;
  /** Defaults to today; never after it. */
  receivedOn?: string | null;
  description?: string | null;
  idempotencyKey: string;
}

/** A source's money set aside for one project: source → earmark. */
export interface EarmarkFundsInput {
  sourceId: number;
  projectId: number;
  amountFen: number;
  earmarkedOn?: string | null;
  idempotencyKey: string;
}

/** A contract tranche paid out of the project's earmark of one source: earmark → undertaker. */
export interface DisburseTrancheInput {
  sourceId: number;
  trancheId: number;
  amountFen: number;
  paidOn?: string | null;
  description?: string | null;
  idempotencyKey: string;
}

/** Undo an entry by a new one of the opposite lines, at most once. */
export interface ReverseEntryInput {
  entryId: number;
  reversedOn?: string | null;
  reason: string;
  idempotencyKey: string;
}
