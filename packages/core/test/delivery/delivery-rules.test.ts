/**
 * The pure rules of delivery (docs/domain.md §6.6): participants counted from 0, minutes 1–1440,
 * activities only at implementation and within the contract's delivery.
 */
import { describe, expect, it } from 'vitest';
import {
  parseMinutes,
  parseParticipantCount,
  purchaseStageOrder,
  requireHeldWithinDelivery,
  requireImplementationStage,
  stageReached,
} from '../../src/delivery/index.js';
import { isSansheError } from '../../src/errors/index.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isSansheError(error) ? error.code : 'not a SansheError';
  }
  return undefined;
}

describe('counts', () => {
  it('takes 0 participants and whole minutes from 1 to 1440, nothing else', () => {
    expect(parseParticipantCount(0, [])).toBe(0);
    expect(parseMinutes(1, [])).toBe(1);
    expect(parseMinutes(1440, [])).toBe(1440);
    for (const bad of [0, 1441, 30.5, Number.NaN, '60', null]) {
      expect(codeOf(() => parseMinutes(bad, ['m']))).toBe('INVALID_NUMBER');
    }
    for (const bad of [-1, 0.5, 2 ** 31, '3', undefined]) {
      expect(codeOf(() => parseParticipantCount(bad, ['p']))).toBe('INVALID_NUMBER');
    }
  });
});

describe('stages and days', () => {
  it('knows the stage order and what has been reached', () => {
    expect(purchaseStageOrder.at(-1)).toBe('closure');
    expect(stageReached('evaluation', 'implementation')).toBe(true);
    expect(stageReached('contract', 'implementation')).toBe(false);
    expect(stageReached('cancelled', 'plan')).toBe(false);
    expect(codeOf(() => requireImplementationStage('implementation', []))).toBeUndefined();
    expect(codeOf(() => requireImplementationStage('evaluation', []))).toBe('STAGE_OUT_OF_ORDER');
  });

  it('bounds delivery by the contract, the start of implementation and a termination', () => {
    const period = {
      contractStartsOn: '2025-03-01',
      contractEndsOn: '2026-02-28',
      terminatedOn: null,
      implementationStartedOn: '2025-03-10',
    };
    const held = (day: string, changes = {}) =>
      codeOf(() => requireHeldWithinDelivery(day, { ...period, ...changes }, ['heldOn']));
    expect(held('2025-03-09')).toBe('INVALID_DATE_RANGE');
    expect(held('2025-03-10')).toBeUndefined();
    expect(held('2026-02-28')).toBeUndefined();
    expect(held('2026-03-01')).toBe('INVALID_DATE_RANGE');
    expect(held('2025-07-01', { terminatedOn: '2025-06-30' })).toBe('INVALID_DATE_RANGE');
    expect(held('2025-03-01', { implementationStartedOn: '2025-02-25' })).toBeUndefined();
  });
});
