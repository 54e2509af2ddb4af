import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import type { NeedOutcome, NeedStatus } from './code-lists.js';
import type { NeedEvent } from './need-lifecycle.js';

/**
 * The rules of the needs list (docs/domain.md §6.1): plain data in, a decision or a typed
 * {@link SansheError} out, no I/O. The service loads and locks what these read.
 */

/**
 * The most residents one need may affect: the largest community population the hierarchy takes
 * (hierarchy-service.ts `limits.residentPopulation`), so a mistyped figure is refused.
 */
export const MAX_RESIDENTS_AFFECTED = 10_000_000;

/**
 * How many residents a need affects: a whole number of at least 1 (schema/needs.ts
 * `needs_residents_affected`; a need nobody has is not a need).
 *
 * @throws {SansheError} INVALID_NUMBER
 */
export function parseResidentsAffected(value: unknown, path: FieldPath): number {
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1 ||
    value > MAX_RESIDENTS_AFFECTED
  ) {
    throw new SansheError(
      'INVALID_NUMBER',
      `The residents affected are a whole number from 1 to ${MAX_RESIDENTS_AFFECTED}, got ${String(value).slice(0, 32)}.`,
      { path },
    );
  }
  return value;
}

/**
 * A need closes (met, merged, withdrawn) on or after the day it was collected (schema/needs.ts
 * `needs_status`: `closed_on >= collected_on`).
 *
 * @throws {SansheError} INVALID_DATE_RANGE
 */
export function requireClosedAfterCollected(
  need: { id: number; collectedOn: string },
  closedOn: string,
  path: FieldPath,
): void {
  if (closedOn >= need.collectedOn) return;
  throw new SansheError(
    'INVALID_DATE_RANGE',
    `Need ${need.id} was collected on ${need.collectedOn}; it cannot close on ${closedOn}, before that.`,
    { path, details: { collectedOn: need.collectedOn } },
  );
}

/**
 * A duplicate is merged into another need, never into itself (schema/needs.ts
 * `needs_not_merged_into_itself`).
 *
 * @throws {SansheError} VALIDATION_FAILED
 */
export function requireDistinctNeeds(needId: number, intoNeedId: number, path: FieldPath): void {
  if (needId !== intoNeedId) return;
  throw new SansheError('VALIDATION_FAILED', `Need ${needId} cannot be merged into itself.`, { path });
}

/** What the merge rule reads of a need. */
export interface MergeFacts {
  id: number;
  communityId: number;
  status: NeedStatus;
  mergedIntoId: number | null;
}

/**
 * The need a duplicate is merged into (docs/domain.md §6.1: "a duplicate is merged into the need it
 * repeats"): another need of the same community (a need repeats what the same residents said,
 * and each community keeps its own list), still live (open or answered: a met or withdrawn need
 * takes no new residents' voice), and a root: not merged itself, so every merged need names the
 * need that stands for it in one step. A target that was merged names its root in the details.
 *
 * @throws {SansheError} VALIDATION_FAILED (itself, another community), STATUS_NOT_ALLOWED (the
 *   target merged, met or withdrawn)
 */
export function requireMergeTarget(duplicate: MergeFacts, target: MergeFacts, path: FieldPath): void {
  requireDistinctNeeds(duplicate.id, target.id, path);
  if (target.status === 'merged') {
    throw new SansheError(
      'STATUS_NOT_ALLOWED',
      `Need ${target.id} is itself merged into need ${target.mergedIntoId}: merge into that need instead.`,
      { path, details: { state: target.status, rootId: target.mergedIntoId } },
    );
  }
  if (target.status !== 'open' && target.status !== 'answered') {
    throw new SansheError(
      'STATUS_NOT_ALLOWED',
      `Need ${target.id} is ${target.status}: only an open or answered need takes a duplicate.`,
      { path, details: { state: target.status } },
    );
  }
  if (target.communityId !== duplicate.communityId) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `Need ${duplicate.id} and need ${target.id} belong to different communities; a duplicate is merged only within its community's list.`,
      { path, details: { communityId: duplicate.communityId, targetCommunityId: target.communityId } },
    );
  }
}

/** The event of the need's lifecycle that closes it with this outcome. */
export function closingEvent(outcome: NeedOutcome): Extract<NeedEvent, 'meet' | 'withdraw'> {
  return outcome === 'met' ? 'meet' : 'withdraw';
}

/**
 * The event a need's links call for: `answer` when an open need is answered by a project that is
 * not cancelled, `reopen` when an answered need is answered by none any more, otherwise none (a
 * met, merged or withdrawn need keeps its status whatever happens to its projects).
 */
export function answeringEvent(
  status: NeedStatus,
  answeredByLiveProject: boolean,
): Extract<NeedEvent, 'answer' | 'reopen'> | null {
  if (status === 'open' && answeredByLiveProject) return 'answer';
  if (status === 'answered' && !answeredByLiveProject) return 'reopen';
  return null;
}
