import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import type { FamilyRelation, TimeBankTransferPolicy } from '../policies/policy-keys.js';
import type { TransferReason } from './code-lists.js';

/**
 * The rules of the time bank (docs/domain.md §5.5): plain data in, a decision or a typed
 * {@link SansheError} out, no I/O. The services load and lock what these read.
 */

/** The most points one request moves: far above any real exchange, and exact in every column. */
export const MAX_POINTS = 1_000_000_000;

/**
 * Points earned for `minutes` of service at `pointsPerHour` (the policy's rate, at most two
 * decimals): rounded down to whole points, computed in hundredths so no float error creeps in
 * (90 minutes at 10.5 points an hour earn 15 points, not 15.749…).
 */
export function pointsForMinutes(minutes: number, pointsPerHour: number): number {
  const hundredths = Math.round(pointsPerHour * 100);
  return Math.floor((minutes * hundredths) / 6000);
}

/**
 * A number of points: a whole number from 1 to {@link MAX_POINTS} (the ledger holds integer
 * units, never fractions of a point).
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parsePoints(value: unknown, path: FieldPath, what = 'Points'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_POINTS) {
    throw new SansheError(
      'INVALID_NUMBER',
      `${what} is a whole number from 1 to ${MAX_POINTS}, got ${String(value).slice(0, 32)}.`,
      { path },
    );
  }
  return value;
}

/**
 * The account holds enough for the line: its balance after the line stays at or above its floor
 * (the database's CHECK `ledger_accounts_floor` refuses the same; this says it with the figures).
 *
 * @throws {SansheError} INSUFFICIENT_BALANCE
 */
export function requireHolding(
  account: { id: number; unit: string; balance: number; floor: number | null },
  amount: number,
  what: string,
  path: FieldPath,
): void {
  if (account.floor === null || account.balance + amount >= account.floor) return;
  throw new SansheError(
    'INSUFFICIENT_BALANCE',
    `${what} holds ${account.balance} ${account.unit} (its floor is ${account.floor}); ${-amount} ${account.unit} cannot be taken from it.`,
    {
      path,
      details: {
        accountId: account.id,
        unit: account.unit,
        balance: account.balance,
        floor: account.floor,
        requested: -amount,
      },
    },
  );
}

/**
 * The item has `quantity` units to give: offered (not withdrawn by the day) and with enough stock
 * (null stock: offered without limit).
 *
 * @throws {SansheError} INSUFFICIENT_STOCK
 */
export function requireStock(
  item: { id: number; stock: number | null; withdrawnOn: string | null },
  quantity: number,
  path: FieldPath,
): void {
  if (item.withdrawnOn !== null) {
    throw new SansheError('INSUFFICIENT_STOCK', `Item ${item.id} was withdrawn on ${item.withdrawnOn}.`, {
      path,
      details: { itemId: item.id, withdrawnOn: item.withdrawnOn, stock: item.stock, requested: quantity },
    });
  }
  if (item.stock !== null && item.stock < quantity) {
    throw new SansheError(
      'INSUFFICIENT_STOCK',
      `Item ${item.id} has ${item.stock} left; ${quantity} cannot be exchanged.`,
      { path, details: { itemId: item.id, stock: item.stock, requested: quantity } },
    );
  }
}

/** Who holds points: a volunteer, or the pool of a team, a community or an organization. */
export type PointsHolder =
  | { volunteerId: number }
  | { teamId: number }
  | { communityId: number }
  | { organizationId: number };

export type HolderKind = 'volunteer' | 'team' | 'community' | 'organization';

export function holderKindOf(holder: PointsHolder): HolderKind {
  if ('volunteerId' in holder) return 'volunteer';
  if ('teamId' in holder) return 'team';
  if ('communityId' in holder) return 'community';
  return 'organization';
}

/** What a transfer decision reads, loaded under the accounts' locks. */
export interface TransferFacts {
  reason: TransferReason;
  relation: FamilyRelation | null;
  from: HolderKind;
  to: HolderKind;
  points: number;
  /** For `team_pool`: the volunteer on the other side is a member of that team on the day. */
  volunteerInTeam: boolean;
  /** Points the giving volunteer already gave to family this calendar year. */
  familyGivenThisYear: number;
  policy: TimeBankTransferPolicy;
  policySource: string;
}

/**
 * Whether points may move as asked (docs/domain.md §5.5, policy `time_bank.transfer`):
 * - `family`: a volunteer to a volunteer, naming a relation the policy allows, while the policy
 *   allows family transfers, within its yearly figure for what one volunteer gives that way;
 * - `team_pool`: a volunteer to a pool of a team it belongs to, or such a pool to its member,
 *   while the policy allows team pools;
 * - `award`: a pool (team, community, organization) to a volunteer;
 * - `donation`: a volunteer to a pool.
 *
 * @throws {SansheError} TRANSFER_NOT_ALLOWED with the policy and the year's total in details
 */
export function requireTransferAllowed(facts: TransferFacts, path: FieldPath): void {
  const refuse = (why: string): never => {
    throw new SansheError('TRANSFER_NOT_ALLOWED', `The transfer is not allowed: ${why}.`, {
      path,
      details: {
        reason: facts.reason,
        relation: facts.relation,
        policy: facts.policy,
        policySource: facts.policySource,
        familyGivenThisYear: facts.familyGivenThisYear,
        requested: facts.points,
      },
    });
  };
  const { reason, from, to, policy } = facts;
  switch (reason) {
    case 'family':
      if (from !== 'volunteer' || to !== 'volunteer')
        refuse('a family transfer is from one volunteer to another');
      if (!policy.family) refuse('the policy allows no family transfers');
      if (facts.relation === null || !policy.relations.includes(facts.relation)) {
        refuse(`the policy allows family transfers to ${policy.relations.join(', ') || 'no relation'} only`);
      }
      if (facts.familyGivenThisYear + facts.points > policy.maxPointsPerYear) {
        refuse(
          `${facts.familyGivenThisYear} points were given to family this year and at most ${policy.maxPointsPerYear} may be`,
        );
      }
      return;
    case 'team_pool':
      if (!((from === 'volunteer' && to === 'team') || (from === 'team' && to === 'volunteer'))) {
        refuse('a team-pool transfer is between a volunteer and a team pool');
      }
      if (!policy.teamPool) refuse('the policy allows no team-pool transfers');
      if (!facts.volunteerInTeam) refuse('the volunteer is not a member of the team');
      return;
    case 'award':
      if (from === 'volunteer' || to !== 'volunteer') refuse('an award is from a pool to a volunteer');
      return;
    case 'donation':
      if (from !== 'volunteer' || to === 'volunteer') refuse('a donation is from a volunteer to a pool');
      return;
  }
}
