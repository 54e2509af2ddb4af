import type { FamilyRelation } from '../policies/policy-keys.js';
import type { CatalogueItemKind, TransferReason } from './code-lists.js';
import type { PointsHolder } from './time-bank-rules.js';

/** List an item in the exchange catalogue (积分兑换目录), offered by a community or an organization. */
export interface ListCatalogueItemInput {
  name: string;
  description?: string | null;
  kind: CatalogueItemKind;
  /** Exactly one provider: a community or an organization of this district. */
  providerCommunityId?: number | null;
  providerOrganizationId?: number | null;
  pricePoints: number;
  /** Units on offer; null (or absent) for a service offered without limit. */
  stock?: number | null;
  /** Defaults to today; never after it. */
  listedOn?: string | null;
  idempotencyKey: string;
}

/** Add units to an item offered in limited stock. */
export interface RestockCatalogueItemInput {
  itemId: number;
  quantity: number;
  idempotencyKey: string;
}

/** Stop offering an item; its exchanges stay. */
export interface WithdrawCatalogueItemInput {
  itemId: number;
  withdrawnOn?: string | null;
  idempotencyKey: string;
}

/** A volunteer's points for `quantity` units of an item: the volunteer → points redeemed. */
export interface ExchangePointsInput {
  volunteerId: number;
  itemId: number;
  quantity?: number | null;
  exchangedOn?: string | null;
  idempotencyKey: string;
}

/** Points from one holder's account to another's (a family member, a team pool, an award, a donation). */
export interface TransferPointsInput {
  from: PointsHolder;
  to: PointsHolder;
  points: number;
  reason: TransferReason;
  /** For a family transfer only, and then required. */
  relation?: FamilyRelation | null;
  transferredOn?: string | null;
  idempotencyKey: string;
}

/** Undo an exchange (restocking the item) or a transfer, once, with the reason. */
export interface ReverseTimeBankEntryInput {
  /** Exactly one: the exchange or the transfer to undo. */
  exchangeId?: number | null;
  transferId?: number | null;
  reason: string;
  reversedOn?: string | null;
  idempotencyKey: string;
}

/** What an exchange, a transfer or a reversal answers: its entry and record. A replay answers the same. */
export interface TimeBankEntryResult {
  entryId: number;
  kind: 'points_exchange' | 'points_transfer' | 'reversal';
  occurredOn: string;
  lines: { accountId: number; unit: string; amount: number }[];
  exchangeId?: number;
  transferId?: number;
  reversesEntryId?: number;
}

/** What a catalogue write answers: the item and its version after the write. */
export interface CatalogueItemResult {
  itemId: number;
  version: number;
  stock: number | null;
  withdrawnOn: string | null;
}
