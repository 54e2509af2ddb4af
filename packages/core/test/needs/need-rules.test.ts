/**
 * The rules of the needs list (docs/domain.md §6.1), without a database: residents affected, the
 * closing day, the merge target, the lifecycle, and the list filter's checks.
 */
import { describe, expect, it } from 'vitest';
import { SansheError } from '../../src/errors/index.js';
import {
  answeringEvent,
  closingEvent,
  MAX_RESIDENTS_AFFECTED,
  type MergeFacts,
  needLifecycle,
  parseListPage,
  parseNeedFilter,
  parseResidentsAffected,
  requireClosedAfterCollected,
  requireMergeTarget,
} from '../../src/needs/index.js';

function refusal(run: () => unknown): SansheError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SansheError);
    return error as SansheError;
  }
  throw new Error('expected a refusal');
}

describe('residents affected', () => {
  it('takes a whole number from 1 to the largest community population', () => {
    expect(parseResidentsAffected(1, ['x'])).toBe(1);
    expect(parseResidentsAffected(MAX_RESIDENTS_AFFECTED, ['x'])).toBe(MAX_RESIDENTS_AFFECTED);
  });

  it.each([0, -3, 2.5, '12', Number.NaN, MAX_RESIDENTS_AFFECTED + 1, null])('refuses %s', (value) => {
    const error = refusal(() => parseResidentsAffected(value, ['input', 'residentsAffected']));
    expect(error.code).toBe('INVALID_NUMBER');
    expect(error.path).toEqual(['input', 'residentsAffected']);
  });
});

describe('the closing day', () => {
  it('is the day the need was collected or later', () => {
    expect(() =>
      requireClosedAfterCollected({ id: 1, collectedOn: '2025-03-12' }, '2025-03-12', []),
    ).not.toThrow();
    const error = refusal(() =>
      requireClosedAfterCollected({ id: 1, collectedOn: '2025-03-12' }, '2025-03-11', ['input', 'closedOn']),
    );
    expect(error).toMatchObject({
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'closedOn'],
      details: { collectedOn: '2025-03-12' },
    });
  });
});

describe('the need a duplicate is merged into', () => {
  const duplicate: MergeFacts = { id: 1, communityId: 10, status: 'open', mergedIntoId: null };
  const target = (overrides: Partial<MergeFacts>): MergeFacts => ({
    id: 2,
    communityId: 10,
    status: 'answered',
    mergedIntoId: null,
    ...overrides,
  });
  const path = ['input', 'intoNeedId'];

  it('is another live need of the same community', () => {
    expect(() => requireMergeTarget(duplicate, target({}), path)).not.toThrow();
    expect(() => requireMergeTarget(duplicate, target({ status: 'open' }), path)).not.toThrow();
  });

  it('is not the duplicate itself', () => {
    expect(refusal(() => requireMergeTarget(duplicate, duplicate, path))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path,
    });
  });

  it('is a root: a merged target names the need to merge into', () => {
    expect(
      refusal(() => requireMergeTarget(duplicate, target({ status: 'merged', mergedIntoId: 7 }), path)),
    ).toMatchObject({ code: 'STATUS_NOT_ALLOWED', path, details: { state: 'merged', rootId: 7 } });
  });

  it.each(['met', 'withdrawn'] as const)('is not %s', (status) => {
    expect(refusal(() => requireMergeTarget(duplicate, target({ status }), path))).toMatchObject({
      code: 'STATUS_NOT_ALLOWED',
      path,
      details: { state: status },
    });
  });

  it('is of the same community', () => {
    expect(refusal(() => requireMergeTarget(duplicate, target({ communityId: 11 }), path))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path,
      details: { communityId: 10, targetCommunityId: 11 },
    });
  });
});

describe('the lifecycle', () => {
  it('answers an open need, and keeps an answered one answered', () => {
    expect(needLifecycle.next('open', 'answer')).toBe('answered');
    expect(needLifecycle.next('answered', 'answer')).toBe('answered');
  });

  it('meets only an answered need', () => {
    expect(needLifecycle.next('answered', closingEvent('met'))).toBe('met');
    expect(refusal(() => needLifecycle.next('open', closingEvent('met'), ['input', 'needId']))).toMatchObject(
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'needId'],
        details: { state: 'open', event: 'meet', allowed: ['answer', 'withdraw', 'merge'] },
      },
    );
  });

  it.each(['met', 'merged', 'withdrawn'] as const)('moves a %s need nowhere', (state) => {
    expect(needLifecycle.eventsFrom(state)).toEqual([]);
    for (const event of ['answer', 'meet', 'withdraw', 'merge'] as const) {
      expect(refusal(() => needLifecycle.next(state, event)).code).toBe('STATUS_NOT_ALLOWED');
    }
  });

  it('labels every state in Chinese', () => {
    expect(needLifecycle.states).toMatchObject({ open: '待回应', met: '已满足', merged: '已合并' });
  });

  it('asks for an answer or a reopening only when the links changed what the status says', () => {
    expect(answeringEvent('open', true)).toBe('answer');
    expect(answeringEvent('answered', false)).toBe('reopen');
    expect(answeringEvent('open', false)).toBeNull();
    expect(answeringEvent('answered', true)).toBeNull();
    expect(answeringEvent('met', false)).toBeNull();
    expect(answeringEvent('withdrawn', true)).toBeNull();
  });
});

describe('the list filter', () => {
  it('passes codes of the lists and days in order', () => {
    const parsed = parseNeedFilter({
      parentCode: '320505001',
      status: 'open',
      category: 'elderly',
      urgency: 'urgent',
      source: 'micro_wish',
      collectedFrom: '2025-01-01',
      collectedUntil: '2025-12-31',
    });
    expect(parsed.success).toBe(true);
  });

  it.each([
    [{ status: 'closed' }, 'INVALID_CODE_LIST_VALUE', 'status'],
    [{ category: 'sports' }, 'INVALID_CODE_LIST_VALUE', 'category'],
    [{ urgency: 'now' }, 'INVALID_CODE_LIST_VALUE', 'urgency'],
    [{ source: 'hotline' }, 'INVALID_CODE_LIST_VALUE', 'source'],
    [{ parentCode: '3205' }, 'INVALID_DIVISION_CODE', 'parentCode'],
    [{ collectedFrom: '2025-02-30' }, 'INVALID_DATE', 'collectedFrom'],
    [{ collectedFrom: '2025-05-01', collectedUntil: '2025-04-30' }, 'INVALID_DATE_RANGE', 'collectedUntil'],
  ])('refuses %j', (filter, code, field) => {
    const parsed = parseNeedFilter(filter);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error).toMatchObject({ code, path: ['filter', field] });
  });

  it('bounds a page', () => {
    expect(parseListPage(null)).toEqual({ success: true, data: { limit: 100, offset: 0 } });
    expect(parseListPage({ limit: 501 })).toMatchObject({
      error: { code: 'PAGE_SIZE_EXCEEDED', path: ['limit'] },
    });
    expect(parseListPage({ limit: 0 })).toMatchObject({ error: { code: 'INVALID_PAGINATION' } });
    expect(parseListPage({ offset: -1 })).toMatchObject({
      error: { code: 'INVALID_PAGINATION', path: ['offset'] },
    });
  });
});
