/**
 * The purchase policies (policies/policy-keys.ts, docs/domain.md §6.9, §12): their shapes, and the
 * national figures where the law sets one (the 3-year look-back of 政府采购法 第二十二条); the grade
 * and the capacity are local only, and their absence means no rule.
 */
import { describe, expect, it } from 'vitest';
import { policyDefinitions } from '../../src/policies/policy-keys.js';

const grade = policyDefinitions['purchase.undertaker_grade'];
const violation = policyDefinitions['purchase.major_violation'];
const capacity = policyDefinitions['purchase.required_capacity'];

describe('purchase policies', () => {
  it('have a national value only for the major-violation look-back', () => {
    expect(grade.nationalDefaults).toEqual([]);
    expect(capacity.nationalDefaults).toEqual([]);
    expect(violation.nationalDefaults).toEqual([
      {
        effectiveFrom: '2003-01-01',
        value: { lookbackYears: 3, penaltyKinds: [] },
        source: expect.stringContaining('政府采购法 第二十二条第一款第五项'),
      },
    ]);
  });

  it('parse a grade rule: a grade of 1A–5A or none, required or giving priority', () => {
    expect(grade.parse({ minimumGrade: '3A', mode: 'required' })).toEqual({
      success: true,
      data: { minimumGrade: '3A', mode: 'required' },
    });
    expect(grade.parse({ minimumGrade: null, mode: 'priority' }).success).toBe(true);
    for (const [value, path] of [
      [{ minimumGrade: '6A', mode: 'required' }, ['input', 'value', 'minimumGrade']],
      [{ mode: 'required' }, ['input', 'value', 'minimumGrade']],
      [{ minimumGrade: '3A', mode: 'bonus' }, ['input', 'value', 'mode']],
      [{ minimumGrade: '3A', mode: 'required', extra: 1 }, ['input', 'value', 'extra']],
      ['3A', ['input', 'value']],
    ] as const) {
      expect(grade.parse(value)).toMatchObject({
        success: false,
        error: { code: 'VALIDATION_FAILED', path },
      });
    }
  });

  it('parse the major-violation rule: 1–10 years and distinct credit-record kinds', () => {
    expect(violation.parse({ lookbackYears: 3, penaltyKinds: ['penalty_suspension'] }).success).toBe(true);
    expect(violation.parse({ lookbackYears: 0, penaltyKinds: [] })).toMatchObject({
      success: false,
      error: { code: 'INVALID_NUMBER', path: ['input', 'value', 'lookbackYears'] },
    });
    expect(
      violation.parse({ lookbackYears: 3, penaltyKinds: ['penalty_fine', 'penalty_fine'] }),
    ).toMatchObject({
      success: false,
      error: { path: ['input', 'value', 'penaltyKinds', 1] },
    });
    expect(violation.parse({ lookbackYears: 3, penaltyKinds: ['Penalty-Fine'] })).toMatchObject({
      success: false,
      error: { path: ['input', 'value', 'penaltyKinds', 0] },
    });
    expect(violation.parse({ lookbackYears: 3, penaltyKinds: 'penalty_fine' }).success).toBe(false);
  });

  it('parse the capacity: whole numbers of workers for each method', () => {
    expect(capacity.parse({ casework: 2, group_work: 1, community_work: 0 }).success).toBe(true);
    expect(capacity.parse({ casework: 2, group_work: 1 })).toMatchObject({
      success: false,
      error: { path: ['input', 'value', 'community_work'] },
    });
    expect(capacity.parse({ casework: 1.5, group_work: 1, community_work: 0 })).toMatchObject({
      success: false,
      error: { code: 'INVALID_NUMBER', path: ['input', 'value', 'casework'] },
    });
  });
});
