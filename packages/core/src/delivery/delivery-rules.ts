import { type FieldPath, SansheError } from '../errors/sanshe-error.js';

/**
 * The rules of delivery (docs/domain.md §6.6): plain data in, a decision or a typed
 * {@link SansheError} out, no I/O. The use cases load and lock what these read.
 */

/** One activity is at most a day's work for one person (schema/delivery.ts `activity_hours_minutes`). */
export const MAX_MINUTES_PER_ACTIVITY = 1440;

/** The largest count a participant column holds (PostgreSQL `integer`). */
export const MAX_PARTICIPANT_COUNT = 2_147_483_647;

/** How many rows of hours one activity may carry in one request. */
export const MAX_HOURS_ROWS = 1000;

/**
 * The number of residents who took part: counted, never named (§6.6, §9), a whole number from 0.
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseParticipantCount(value: unknown, path: FieldPath): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PARTICIPANT_COUNT) {
    return value;
  }
  throw new SansheError(
    'INVALID_NUMBER',
    `The number of participants is a whole number from 0 to ${MAX_PARTICIPANT_COUNT}, got ${String(value).slice(0, 32)}.`,
    { path },
  );
}

/**
 * The minutes one person gave to one activity: 1 to 1440 (a day), whole minutes.
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseMinutes(value: unknown, path: FieldPath): number {
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= MAX_MINUTES_PER_ACTIVITY
  ) {
    return value;
  }
  throw new SansheError(
    'INVALID_NUMBER',
    `Minutes given to an activity are a whole number from 1 to ${MAX_MINUTES_PER_ACTIVITY}, got ${String(value).slice(0, 32)}.`,
    { path },
  );
}

/**
 * Activities are recorded while the contract is being performed: the purchase at
 * `implementation` (履约, §6.3). Before it nothing is delivered yet; from `evaluation` on, what
 * was delivered is being assessed (验收与绩效评价) and the record of it is closed, so a late
 * activity cannot change what the evaluator counts.
 *
 * @throws {SansheError} STAGE_OUT_OF_ORDER, with details `{ state, allowed }`
 */
export function requireImplementationStage(stage: string, path: FieldPath): void {
  if (stage === 'implementation') return;
  throw new SansheError(
    'STAGE_OUT_OF_ORDER',
    `The purchase is at stage ${stage}: activities are recorded only while it is at implementation (履约).`,
    { path, details: { state: stage, allowed: ['implementation'] } },
  );
}

/** What the tables say about when delivery under a contract could take place. */
export interface DeliveryPeriod {
  contractStartsOn: string;
  contractEndsOn: string;
  /** The day the contract was ended early (解除合同), if it was. */
  terminatedOn: string | null;
  /** The day the purchase reached implementation. */
  implementationStartedOn: string | null;
}

/**
 * The activity's day lies within delivery: from the later of the contract's first day and the
 * start of implementation, to the earlier of its last day and its termination.
 *
 * @throws {SansheError} INVALID_DATE_RANGE
 */
export function requireHeldWithinDelivery(heldOn: string, period: DeliveryPeriod, path: FieldPath): void {
  const from = [period.contractStartsOn, period.implementationStartedOn ?? period.contractStartsOn]
    .sort()
    .at(-1)!;
  const until = [period.contractEndsOn, period.terminatedOn ?? period.contractEndsOn].sort()[0]!;
  if (heldOn >= from && heldOn <= until) return;
  throw new SansheError(
    'INVALID_DATE_RANGE',
    `The activity (${heldOn}) lies outside delivery under the contract, from ${from} to ${until}${period.terminatedOn ? ' (terminated)' : ''}.`,
    { path, details: { from, until } },
  );
}
