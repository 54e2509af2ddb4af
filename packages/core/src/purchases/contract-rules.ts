/**
 * The rules of a purchase's contract (docs/domain.md §6.3): its length, its tranches and its
 * amount. Pure: plain data in, nothing or a typed {@link SansheError} out, no I/O.
 */
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { addDays, addYears } from '../services/dates.js';

/**
 * 政府购买服务管理办法 (财政部令第102号) 第二十四条 *to verify*: a contract lasts at most 1 year; a
 * continuing service whose content is fixed, continuous, steadily funded and little changing in
 * price (财预〔2017〕87号 三 bounds it by the budget and the medium-term plan) at most 3. The same
 * figures are the database's CHECK `service_contracts_term`, which keeps them national.
 */
export const CONTRACT_TERM = {
  years: 1,
  continuingYears: 3,
  source: '政府购买服务管理办法 (财政部令第102号) 第二十四条 (to verify); 财预〔2017〕87号',
} as const;

/**
 * The last day a contract starting on `startsOn` may run: the day before the anniversary, counted
 * as registries count (§15), so from 2025-03-01 a 1-year contract ends 2026-02-28 at the latest,
 * and from 2024-02-29 on 2025-02-27 (the anniversary is 2025-02-28, as PostgreSQL counts it).
 */
export function lastContractDay(startsOn: string, continuing: boolean): string {
  return addDays(addYears(startsOn, continuing ? CONTRACT_TERM.continuingYears : CONTRACT_TERM.years), -1);
}

/**
 * The contract's term: it ends on or after it starts (INVALID_DATE_RANGE) and no later than
 * {@link lastContractDay} (CONTRACT_TOO_LONG, with the last day allowed).
 *
 * @throws {SansheError} INVALID_DATE_RANGE, CONTRACT_TOO_LONG
 */
export function requireContractTerm(
  term: { startsOn: string; endsOn: string; continuing: boolean },
  path: FieldPath,
): void {
  if (term.endsOn < term.startsOn) {
    throw new SansheError(
      'INVALID_DATE_RANGE',
      `The contract ends on ${term.endsOn}, before it starts on ${term.startsOn}.`,
      { path },
    );
  }
  const lastDay = lastContractDay(term.startsOn, term.continuing);
  if (term.endsOn <= lastDay) return;
  const years = term.continuing ? CONTRACT_TERM.continuingYears : CONTRACT_TERM.years;
  throw new SansheError(
    'CONTRACT_TOO_LONG',
    `A ${term.continuing ? 'continuing ' : ''}contract starting on ${term.startsOn} runs at most ${years} year${years > 1 ? 's' : ''}, to ${lastDay}, not to ${term.endsOn}${term.continuing ? '' : '; only a continuing service that says why may run up to 3 years'} (${CONTRACT_TERM.source}).`,
    { path, details: { lastAllowedDay: lastDay, maxYears: years, continuing: term.continuing } },
  );
}

/**
 * The tranches pay the whole contract, no more and no less (分期拨付: docs/domain.md §6.3).
 *
 * @throws {SansheError} BUDGET_MISMATCH
 */
export function requireTranchesSumTo(
  tranches: readonly { amountFen: number }[],
  amountFen: number,
  path: FieldPath,
): void {
  const tranchesFen = tranches.reduce((sum, tranche) => sum + tranche.amountFen, 0);
  if (tranchesFen === amountFen) return;
  throw new SansheError(
    'BUDGET_MISMATCH',
    `The tranches sum to ${tranchesFen} fen; they must sum to the contract amount, ${amountFen} fen.`,
    { path, details: { amountFen, tranchesFen } },
  );
}

/**
 * The contract's amount is within what was awarded and what the project may spend: at most the
 * awarded bid's price (the contract follows the award: 政府采购法 第四十六条 *to verify*) and at most
 * the project's approved budget.
 *
 * @throws {SansheError} AMOUNT_OVER_LIMIT
 */
export function requireContractAmountWithin(
  amountFen: number,
  limits: { bidPriceFen: number; budgetFen: number },
  path: FieldPath,
): void {
  const over = [
    { what: 'the awarded bid price', limitFen: limits.bidPriceFen },
    { what: "the project's budget", limitFen: limits.budgetFen },
  ].filter((limit) => amountFen > limit.limitFen);
  if (over.length === 0) return;
  throw new SansheError(
    'AMOUNT_OVER_LIMIT',
    `The contract amount ${amountFen} fen exceeds ${over.map((limit) => `${limit.what} (${limit.limitFen} fen)`).join(' and ')}.`,
    { path, details: { amountFen, bidPriceFen: limits.bidPriceFen, budgetFen: limits.budgetFen } },
  );
}
