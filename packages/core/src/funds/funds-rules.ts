import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import type { TrancheMilestone } from './code-lists.js';

/**
 * The rules of funds (docs/domain.md §6.3–§6.5): plain data in, a decision or a typed
 * {@link SansheError} out, no I/O. The services load and lock what these read.
 */

/** A movement's line: a signed amount in fen on one account. */
export interface FundsLine {
  accountId: number;
  amount: number;
}

/**
 * An amount of money in integer fen (§6.5: the ledger holds integer units, never fractions of a
 * fen), greater than zero and exactly representable.
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseAmountFen(value: unknown, path: FieldPath): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new SansheError(
      'INVALID_NUMBER',
      `An amount is a whole number of fen greater than 0 (at most ${Number.MAX_SAFE_INTEGER}), got ${String(value).slice(0, 32)}.`,
      { path },
    );
  }
  return value;
}

/**
 * The lines of a movement from one account to another, in the order of their account ids. Every
 * write locks and writes accounts in that one order, so two movements on the same accounts (a
 * disbursement and the reversal of another) wait for each other instead of deadlocking.
 */
export function movementLines(from: number, to: number, amount: number): FundsLine[] {
  return inAccountOrder([
    { accountId: from, amount: -amount },
    { accountId: to, amount },
  ]);
}

/** The lines that undo an entry's: the same accounts, the opposite amounts, in account order. */
export function reversalLines(lines: readonly FundsLine[]): FundsLine[] {
  return inAccountOrder(lines.map((line) => ({ accountId: line.accountId, amount: -line.amount })));
}

export function inAccountOrder(lines: readonly FundsLine[]): FundsLine[] {
  return [...lines].sort((a, b) => a.accountId - b.accountId);
}

/**
 * The account holds enough for the line: its balance after the line stays at or above its floor
 * (the database's CHECK `ledger_accounts_floor` refuses the same; this says it with the figures).
 *
 * @throws {SansheError} INSUFFICIENT_BALANCE
 */
export function requireBalance(
  account: { id: number; balance: number; floor: number | null },
  amount: number,
  what: string,
  path: FieldPath,
): void {
  if (account.floor === null || account.balance + amount >= account.floor) return;
  throw new SansheError(
    'INSUFFICIENT_BALANCE',
    `${what} holds ${account.balance} fen; ${-amount} fen cannot be taken from it.`,
    { path, details: { accountId: account.id, balanceFen: account.balance, requestedFen: -amount } },
  );
}

/**
 * A total stays within its limit once the amount is added: receipts within the amount a source
 * committed, earmarks within the project's budget (§6.4), payments within the tranche and the
 * contract (§6.3).
 *
 * @throws {SansheError} AMOUNT_OVER_LIMIT
 */
export function requireWithinLimit(
  figures: { limitFen: number; usedFen: number; amountFen: number },
  what: string,
  path: FieldPath,
): void {
  const { limitFen, usedFen, amountFen } = figures;
  if (usedFen + amountFen <= limitFen) return;
  throw new SansheError(
    'AMOUNT_OVER_LIMIT',
    `${what} is ${limitFen} fen and ${usedFen} fen of it is used: ${amountFen} fen more would exceed it by ${usedFen + amountFen - limitFen} fen.`,
    { path, details: { limitFen, usedFen, requestedFen: amountFen } },
  );
}

/** What the tables tell about a contract on the day of a payment. */
export interface TrancheFacts {
  milestone: TrancheMilestone;
  /** The tranche's planned day. */
  plannedOn: string;
  /** The day of the payment. */
  paidOn: string;
  contractSignedOn: string;
  /** The purchase's stage (§6.3). */
  purchaseStage: string;
  /** The contract's third-party evaluations up to the day of the payment. */
  evaluations: readonly { kind: string; grade: string; evaluatedOn: string }[];
}

const DELIVERY_STAGES = new Set(['implementation', 'evaluation', 'closure']);

/**
 * Whether a tranche may be paid (分期拨付, docs/domain.md §6.3: "released only when its milestone
 * is met, the evaluation for an evaluation tranche"): `signing` once the contract is signed;
 * `milestone` once delivery is under way (the purchase at implementation or later) and the
 * tranche's planned day is reached, since the tables record no milestone by itself;
 * `midterm_evaluation` and `final_evaluation` once an evaluation of that kind (民发〔2012〕196号
 * third-party evaluation) has a grade other than `fail`. Null when met, else why not.
 */
export function trancheMilestoneUnmet(facts: TrancheFacts): string | null {
  const { milestone, paidOn } = facts;
  if (facts.contractSignedOn > paidOn) {
    return `the contract is signed on ${facts.contractSignedOn}, after the payment day ${paidOn}`;
  }
  switch (milestone) {
    case 'signing':
      return null;
    case 'milestone':
      if (!DELIVERY_STAGES.has(facts.purchaseStage)) {
        return `delivery has not started (the purchase is at stage ${facts.purchaseStage})`;
      }
      return facts.plannedOn > paidOn ? `the milestone is planned for ${facts.plannedOn}` : null;
    case 'midterm_evaluation':
    case 'final_evaluation': {
      const kind = milestone === 'midterm_evaluation' ? 'midterm' : 'final';
      const passed = facts.evaluations.some(
        (evaluation) =>
          evaluation.kind === kind && evaluation.grade !== 'fail' && evaluation.evaluatedOn <= paidOn,
      );
      return passed ? null : `no ${kind} evaluation of the contract passed by ${paidOn}`;
    }
  }
}

/**
 * A tranche's milestone is met on the day of its payment.
 *
 * @throws {SansheError} MILESTONE_NOT_REACHED
 */
export function requireTrancheMilestone(facts: TrancheFacts, path: FieldPath): void {
  const unmet = trancheMilestoneUnmet(facts);
  if (unmet === null) return;
  throw new SansheError(
    'MILESTONE_NOT_REACHED',
    `The tranche (${facts.milestone}) cannot be paid yet: ${unmet}.`,
    {
      path,
      details: { milestone: facts.milestone },
    },
  );
}
