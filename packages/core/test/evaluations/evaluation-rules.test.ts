/**
 * The pure rules of evaluation (docs/domain.md §6.7): scores, when an evaluation fits delivery,
 * when residents may answer, and who is not a third party.
 */
import { describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import {
  parseEvaluationScore,
  parseSatisfactionScore,
  requireDeliveryStarted,
  requireEvaluationTiming,
  requireIndependentEvaluator,
} from '../../src/evaluations/index.js';

function refusal(run: () => unknown): { code: string; path: readonly (string | number)[] } | undefined {
  try {
    run();
  } catch (error) {
    if (isSansheError(error)) return { code: error.code, path: error.path };
    throw error;
  }
  return undefined;
}

const paths = { contract: ['contract'], evaluatedOn: ['day'] };
const days = { implementationStartedOn: '2025-03-01', evaluationStartedOn: '2025-09-01' };

describe('scores', () => {
  it('takes 0 to 100 with two decimals, and 1 to 5 whole for residents', () => {
    expect(parseEvaluationScore(0, [])).toBe(0);
    expect(parseEvaluationScore(100, [])).toBe(100);
    expect(parseEvaluationScore(0.1 + 0.2, [])).toBe(0.3);
    expect(refusal(() => parseEvaluationScore(99.999, ['s']))).toEqual({
      code: 'INVALID_NUMBER',
      path: ['s'],
    });
    expect(refusal(() => parseEvaluationScore(Number.POSITIVE_INFINITY, ['s']))?.code).toBe('INVALID_NUMBER');
    expect(parseSatisfactionScore(3, [])).toBe(3);
    expect(refusal(() => parseSatisfactionScore(3.5, ['s']))?.code).toBe('INVALID_NUMBER');
  });
});

describe('timing', () => {
  it.each([
    ['final', 'contract', '2025-09-10', { code: 'NOT_DELIVERED', path: ['contract'] }],
    ['final', 'implementation', '2025-09-10', { code: 'NOT_DELIVERED', path: ['contract'] }],
    ['final', 'evaluation', '2025-08-31', { code: 'NOT_DELIVERED', path: ['day'] }],
    ['final', 'evaluation', '2025-09-01', undefined],
    ['final', 'closure', '2025-09-10', { code: 'STAGE_OUT_OF_ORDER', path: ['contract'] }],
    ['midterm', 'award', '2025-06-01', { code: 'NOT_DELIVERED', path: ['contract'] }],
    ['midterm', 'implementation', '2025-02-28', { code: 'NOT_DELIVERED', path: ['day'] }],
    ['midterm', 'implementation', '2025-03-01', undefined],
    ['midterm', 'evaluation', '2025-06-01', { code: 'STAGE_OUT_OF_ORDER', path: ['contract'] }],
    ['midterm', 'cancelled', '2025-06-01', { code: 'NOT_DELIVERED', path: ['contract'] }],
  ] as const)('a %s evaluation with the purchase at %s on %s', (kind, stage, day, expected) => {
    expect(refusal(() => requireEvaluationTiming(kind, { stage, ...days }, day, paths))).toEqual(expected);
  });

  it('takes residents’ answers from the start of delivery on', () => {
    const answerPaths = { project: ['project'], answeredOn: ['day'] };
    expect(refusal(() => requireDeliveryStarted(undefined, '2025-09-01', answerPaths))?.path).toEqual([
      'project',
    ]);
    expect(
      refusal(() => requireDeliveryStarted({ stage: 'contract', ...days }, '2025-09-01', answerPaths))?.code,
    ).toBe('NOT_DELIVERED');
    expect(
      refusal(() => requireDeliveryStarted({ stage: 'closure', ...days }, '2025-02-28', answerPaths)),
    ).toEqual({
      code: 'NOT_DELIVERED',
      path: ['day'],
    });
    expect(
      refusal(() => requireDeliveryStarted({ stage: 'closure', ...days }, '2025-03-01', answerPaths)),
    ).toBeUndefined();
  });
});

describe('a third party', () => {
  const undertaker = { organizationId: 1, uscc: 'U1' };
  const bidders = [{ organizationId: 2, uscc: 'B2' }];
  const partyPaths = { organizationId: ['org'], uscc: ['uscc'] };
  const check = (organizationId: number | null, uscc: string | null) =>
    refusal(() => requireIndependentEvaluator({ organizationId, uscc }, undertaker, bidders, partyPaths));

  it('is neither the undertaker nor a bidder, by id or by code', () => {
    expect(check(1, null)).toEqual({ code: 'CONFLICT_OF_INTEREST', path: ['org'] });
    expect(check(null, 'U1')).toEqual({ code: 'CONFLICT_OF_INTEREST', path: ['uscc'] });
    expect(check(2, 'B2')).toEqual({ code: 'CONFLICT_OF_INTEREST', path: ['org'] });
    expect(check(null, 'B2')).toEqual({ code: 'CONFLICT_OF_INTEREST', path: ['uscc'] });
    expect(check(3, 'E3')).toBeUndefined();
    expect(check(null, null)).toBeUndefined();
  });
});
