/**
 * The rules of service projects (docs/domain.md §6.2), without a database: methods, schedule,
 * budget lines and their sum, indicators, the communities within the unit, the needs of served
 * communities, what approval asks, the lifecycle and the list filter's checks.
 */
import { describe, expect, it } from 'vitest';
import { SansheError } from '../../src/errors/index.js';
import {
  budgetTotal,
  linkingEvent,
  MAX_BUDGET_LINES,
  parseBudgetLines,
  parseIdList,
  parseIndicators,
  parseIndicatorValue,
  parseMethods,
  parseProjectFilter,
  projectLifecycle,
  requireApprovable,
  requireBudgetMatches,
  requireClosedAfterApproved,
  requireCommunitiesWithinUnit,
  requireNeedsServed,
  requireSchedule,
} from '../../src/projects/index.js';

function refusal(run: () => unknown): SansheError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SansheError);
    return error as SansheError;
  }
  throw new Error('expected a refusal');
}

const path = ['input', 'x'];

describe('methods', () => {
  it('are known, at least one, in code-list order without repeats', () => {
    expect(parseMethods(['community_work', 'casework', 'community_work'], path)).toEqual([
      'casework',
      'community_work',
    ]);
  });

  it('refuses none, an unknown one (at its index) and a non-list', () => {
    expect(refusal(() => parseMethods([], path))).toMatchObject({ code: 'VALIDATION_FAILED', path });
    expect(refusal(() => parseMethods(['casework', 'therapy'], path))).toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: [...path, 1],
    });
    expect(refusal(() => parseMethods('casework', path)).code).toBe('VALIDATION_FAILED');
  });
});

describe('schedule', () => {
  it('ends on or after its first day', () => {
    expect(() => requireSchedule('2025-10-01', '2025-10-01', path)).not.toThrow();
    expect(refusal(() => requireSchedule('2025-10-01', '2025-09-30', path))).toMatchObject({
      code: 'INVALID_DATE_RANGE',
      path,
      details: { startsOn: '2025-10-01', endsOn: '2025-09-30' },
    });
  });
});

describe('budget lines', () => {
  const line = (
    amountFen: unknown,
    category: unknown = 'personnel',
    description: unknown = '社工人员经费',
  ) => ({
    category,
    description,
    amountFen,
  });

  it('are numbered 1..n in the order given and summed in fen', () => {
    const lines = parseBudgetLines(
      [line(18_000_000), line(0, 'venue', '社区活动室（社区无偿提供）'), line(12_000_000, 'other', '其他')],
      path,
    );
    expect(lines.map((l) => [l.lineNumber, l.category, l.amountFen])).toEqual([
      [1, 'personnel', 18_000_000],
      [2, 'venue', 0],
      [3, 'other', 12_000_000],
    ]);
    expect(budgetTotal(lines)).toBe(30_000_000);
    expect(budgetTotal([])).toBe(0);
  });

  it.each([
    ['a negative amount', line(-1), 'INVALID_NUMBER', [0, 'amountFen']],
    ['a fraction of a fen', line(10.5), 'INVALID_NUMBER', [0, 'amountFen']],
    ['an amount as text', line('100'), 'INVALID_NUMBER', [0, 'amountFen']],
    ['an unknown category', line(100, 'travel'), 'INVALID_CODE_LIST_VALUE', [0, 'category']],
    ['an empty description', line(100, 'other', ''), 'VALIDATION_FAILED', [0, 'description']],
    [
      'a phone number in a description',
      line(100, 'other', '联系人 13800138000'),
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      [0, 'description'],
    ],
    ['a line that is not an object', 100, 'VALIDATION_FAILED', [0]],
  ])('refuse %s', (_what, entry, code, at) => {
    expect(refusal(() => parseBudgetLines([entry], path))).toMatchObject({
      code,
      path: [...path, ...(at as [])],
    });
  });

  it('refuse more lines than a budget holds, and a sum past exact integers', () => {
    expect(refusal(() => parseBudgetLines(Array(MAX_BUDGET_LINES + 1).fill(line(1)), path)).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(refusal(() => parseBudgetLines([line(Number.MAX_SAFE_INTEGER), line(1)], path))).toMatchObject({
      code: 'INVALID_NUMBER',
      path,
    });
  });

  it('sum to the budget, or BUDGET_MISMATCH with the figures', () => {
    expect(() => requireBudgetMatches(300, [{ amountFen: 100 }, { amountFen: 200 }], path)).not.toThrow();
    expect(
      refusal(() => requireBudgetMatches(300, [{ amountFen: 100 }, { amountFen: 199 }], path)),
    ).toMatchObject({
      code: 'BUDGET_MISMATCH',
      path,
      details: { budgetFen: 300, linesFen: 299, lineCount: 2 },
    });
    expect(refusal(() => requireBudgetMatches(0, [], path))).toMatchObject({
      code: 'BUDGET_MISMATCH',
      details: { lineCount: 0 },
    });
  });
});

describe('indicators', () => {
  it('take a kind, a published description, a unit and a target of at most two decimals', () => {
    expect(
      parseIndicators(
        [
          { kind: 'output', description: '助餐服务人次', unit: '人次', target: 8000 },
          { kind: 'outcome', description: '满意率', unit: '%', target: 92.5 },
        ],
        path,
      ),
    ).toEqual([
      { kind: 'output', description: '助餐服务人次', unit: '人次', target: 8000 },
      { kind: 'outcome', description: '满意率', unit: '%', target: 92.5 },
    ]);
    expect(parseIndicatorValue(0.29, path)).toBe(0.29);
  });

  it.each([-1, 1.234, Number.POSITIVE_INFINITY, '80', 1e12])('refuse the value %s', (value) => {
    expect(refusal(() => parseIndicatorValue(value, path))).toMatchObject({ code: 'INVALID_NUMBER', path });
  });

  it('refuse an unknown kind and a unit too long, at their place', () => {
    expect(
      refusal(() => parseIndicators([{ kind: 'impact', description: 'x', unit: '次', target: 1 }], path)),
    ).toMatchObject({ code: 'INVALID_CODE_LIST_VALUE', path: [...path, 0, 'kind'] });
    expect(
      refusal(() =>
        parseIndicators(
          [{ kind: 'output', description: 'x', unit: '一二三四五六七八九十一二三四五六七', target: 1 }],
          path,
        ),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', path: [...path, 0, 'unit'] });
  });
});

describe('ids named', () => {
  it('are kept once each, with their first place', () => {
    expect(parseIdList([3, 5, 3], path, 'need')).toEqual([
      { id: 3, path: [...path, 0] },
      { id: 5, path: [...path, 1] },
    ]);
  });

  it('refuse an id that cannot exist as NOT_FOUND at its place', () => {
    expect(refusal(() => parseIdList([3, 'x'], path, 'need'))).toMatchObject({
      code: 'NOT_FOUND',
      path: [...path, 1],
    });
  });
});

describe('communities served', () => {
  const served = (...codes: string[]) => codes.map((code, index) => ({ code, path: [...path, index] }));

  it('lie within the unit that designs the project', () => {
    expect(() =>
      requireCommunitiesWithinUnit('320505', served('320505001001', '320505002001'), path),
    ).not.toThrow();
    expect(() =>
      requireCommunitiesWithinUnit('320505001', served('320505001001', '320505001002'), path),
    ).not.toThrow();
    expect(() => requireCommunitiesWithinUnit('320505001001', served('320505001001'), path)).not.toThrow();
    expect(
      refusal(() => requireCommunitiesWithinUnit('320505001', served('320505001001', '320505002001'), path)),
    ).toMatchObject({ code: 'VALIDATION_FAILED', path: [...path, 1] });
    expect(
      refusal(() => requireCommunitiesWithinUnit('320505001001', served('320505001002'), path)).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('are at least one', () => {
    expect(refusal(() => requireCommunitiesWithinUnit('320505', [], path))).toMatchObject({
      code: 'VALIDATION_FAILED',
      path,
    });
  });

  it('hold the needs the project answers', () => {
    expect(() => requireNeedsServed([{ id: 1, communityId: 7, path }], new Set([7, 8]))).not.toThrow();
    expect(
      refusal(() => requireNeedsServed([{ id: 1, communityId: 7, path: [...path, 0] }], new Set([8]))),
    ).toMatchObject({ code: 'VALIDATION_FAILED', path: [...path, 0] });
  });
});

describe('approval and closure', () => {
  it('ask for lines that sum to the budget and at least one indicator', () => {
    expect(() =>
      requireApprovable({ budgetFen: 5, lines: [{ amountFen: 5 }], indicatorCount: 1 }, path),
    ).not.toThrow();
    expect(
      refusal(() => requireApprovable({ budgetFen: 5, lines: [{ amountFen: 5 }], indicatorCount: 0 }, path)),
    ).toMatchObject({ code: 'VALIDATION_FAILED', details: { indicatorCount: 0 } });
    expect(refusal(() => requireApprovable({ budgetFen: 5, lines: [], indicatorCount: 2 }, path)).code).toBe(
      'BUDGET_MISMATCH',
    );
  });

  it('close on or after the approval', () => {
    expect(() => requireClosedAfterApproved(null, '2025-01-01', path)).not.toThrow();
    expect(() => requireClosedAfterApproved('2025-01-01', '2025-01-01', path)).not.toThrow();
    expect(refusal(() => requireClosedAfterApproved('2025-01-02', '2025-01-01', path))).toMatchObject({
      code: 'INVALID_DATE_RANGE',
      details: { approvedOn: '2025-01-02' },
    });
  });
});

describe('the lifecycle', () => {
  it('goes draft → approved → closed, and draft or approved → cancelled', () => {
    expect(projectLifecycle.next('draft', 'approve')).toBe('approved');
    expect(projectLifecycle.next('approved', 'close')).toBe('closed');
    expect(projectLifecycle.next('draft', 'cancel')).toBe('cancelled');
    expect(projectLifecycle.next('approved', 'cancel')).toBe('cancelled');
  });

  it('refuses anything else with STATUS_NOT_ALLOWED, saying where it stands', () => {
    expect(refusal(() => projectLifecycle.next('draft', 'close', ['input', 'projectId']))).toMatchObject({
      code: 'STATUS_NOT_ALLOWED',
      path: ['input', 'projectId'],
      details: { state: 'draft', event: 'close', allowed: ['reviseDraft', 'approve', 'cancel'] },
    });
    expect(refusal(() => projectLifecycle.next('approved', 'reviseDraft')).code).toBe('STATUS_NOT_ALLOWED');
    for (const state of ['closed', 'cancelled'] as const)
      expect(projectLifecycle.eventsFrom(state)).toEqual([]);
  });

  it('links needs to a draft as a revision and to an approved project as a further answer', () => {
    expect(linkingEvent('draft')).toBe('reviseDraft');
    expect(linkingEvent('approved')).toBe('answerNeed');
    expect(projectLifecycle.allows('closed', linkingEvent('closed'))).toBe(false);
  });
});

describe('the list filter', () => {
  it.each([
    [{ unitCode: '32050' }, 'INVALID_DIVISION_CODE', 'unitCode'],
    [{ status: 'open' }, 'INVALID_CODE_LIST_VALUE', 'status'],
    [{ serviceDomain: 'sports' }, 'INVALID_CODE_LIST_VALUE', 'serviceDomain'],
    [{ nameContains: '长'.repeat(101) }, 'INVALID_NAME', 'nameContains'],
  ])('refuses %j', (filter, code, field) => {
    expect(parseProjectFilter(filter)).toMatchObject({
      success: false,
      error: { code, path: ['filter', field] },
    });
  });
});
