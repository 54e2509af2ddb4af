/**
 * The pure rules of evaluation and the credit lists (evaluation-rules.ts). Each test names
 * the rule's source.
 */
import { describe, expect, it } from 'vitest';
import {
  currentGradeOf,
  DISHONESTY_LIST_TERM,
  type EvaluationEligibilityInput,
  escalationDueOn,
  evaluationEligibility,
  gradeForScore,
  gradeName,
  gradeValidUntil,
  isListedOn,
  penaltyCountsOn,
  removalDecision,
} from '../../src/organizations/evaluation-rules.js';
import { policyDefinitions } from '../../src/policies/index.js';

// The national values of policy 'organization.evaluation_eligibility'.
const nationalRules = policyDefinitions['organization.evaluation_eligibility'].nationalDefaults[0]!.value;

const eligibleInput: EvaluationEligibilityInput = {
  organization: { legalStatus: 'registered', status: 'active', registeredOn: '2020-03-15' },
  openListEntries: [],
  penalties: [],
  on: '2025-06-01',
  rules: nationalRules,
};

function reasonsFor(change: Partial<EvaluationEligibilityInput>) {
  const result = evaluationEligibility({ ...eligibleInput, ...change });
  return result.eligible ? [] : result.reasons;
}

describe('evaluationEligibility', () => {
  it('a registered, active organization, long registered, never listed or penalised, is eligible', () => {
    expect(evaluationEligibility(eligibleInput)).toEqual({ eligible: true });
  });

  it('社会组织评估管理办法 第二条: only registered organizations are evaluated; a filed group (备案) is not', () => {
    expect(reasonsFor({ organization: { ...eligibleInput.organization, legalStatus: 'filed' } })).toEqual([
      'filed_group',
    ]);
  });

  it('DOMAIN.md §3: a deregistered organization is not evaluated', () => {
    expect(reasonsFor({ organization: { ...eligibleInput.organization, status: 'deregistered' } })).toEqual([
      'deregistered',
    ]);
  });

  it('社会组织评估管理办法 第十二条: two full years of registration, counted to the anniversary day', () => {
    const organization = { ...eligibleInput.organization, registeredOn: '2023-06-01' };
    expect(reasonsFor({ organization, on: '2025-05-31' })).toEqual(['too_recent']);
    expect(reasonsFor({ organization, on: '2025-06-01' })).toEqual([]);
    // The minimum is policy: a district asking three years refuses what two years allowed.
    expect(
      reasonsFor({ organization, on: '2025-06-01', rules: { ...nationalRules, minFullYearsRegistered: 3 } }),
    ).toEqual(['too_recent']);
  });

  it('DOMAIN.md §3: an organization on the abnormal-activity or dishonesty list that day is excluded', () => {
    const open = { list: 'abnormal_activity', listedOn: '2025-01-10', removedOn: null, removalReason: null };
    expect(reasonsFor({ openListEntries: [open] })).toEqual(['listed']);
    const dishonesty = { ...open, list: 'serious_dishonesty' };
    expect(reasonsFor({ openListEntries: [dishonesty] })).toEqual(['listed']);
  });

  it('a listing counts from its first day up to, not including, its removal day', () => {
    const entry = { list: 'abnormal_activity', listedOn: '2025-01-10', removedOn: '2025-06-01' };
    expect(isListedOn(entry, '2025-01-09')).toBe(false);
    expect(isListedOn(entry, '2025-01-10')).toBe(true);
    expect(isListedOn(entry, '2025-05-31')).toBe(true);
    expect(isListedOn(entry, '2025-06-01')).toBe(false);
    expect(reasonsFor({ openListEntries: [entry] })).toEqual([]);
    expect(reasonsFor({ openListEntries: [entry], on: '2025-05-31' })).toEqual(['listed']);
  });

  it('社会组织信用信息管理办法 (异议): a listing removed on an upheld objection never counts', () => {
    const wrong = {
      list: 'abnormal_activity',
      listedOn: '2025-01-10',
      removedOn: '2025-07-01',
      removalReason: 'objection_upheld',
    };
    expect(isListedOn(wrong, '2025-06-01')).toBe(false);
    expect(reasonsFor({ openListEntries: [wrong] })).toEqual([]);
  });

  it('社会组织评估管理办法 第十四条: a penalty within the look-back year excludes; the boundary day counts', () => {
    const on = '2025-06-01';
    expect(reasonsFor({ penalties: [{ occurredOn: '2024-06-01', withdrawnOn: null }] })).toEqual([
      'penalised',
    ]);
    expect(reasonsFor({ penalties: [{ occurredOn: '2024-05-31', withdrawnOn: null }] })).toEqual([]);
    expect(penaltyCountsOn({ occurredOn: '2025-06-02', withdrawnOn: null }, 1, on)).toBe(false);
    expect(
      reasonsFor({
        penalties: [{ occurredOn: '2023-07-01', withdrawnOn: null }],
        rules: { ...nationalRules, penaltyLookbackYears: 2 },
      }),
    ).toEqual(['penalised']);
  });

  it('社会组织信用信息管理办法 (异议): a withdrawn penalty does not count', () => {
    expect(reasonsFor({ penalties: [{ occurredOn: '2025-03-01', withdrawnOn: '2025-05-01' }] })).toEqual([]);
  });

  it('reports every reason at once, in a fixed order', () => {
    expect(
      reasonsFor({
        organization: { legalStatus: 'filed', status: 'deregistered', registeredOn: '2025-01-01' },
        openListEntries: [{ list: 'abnormal_activity', listedOn: '2025-02-01', removedOn: null }],
        penalties: [{ occurredOn: '2025-03-01', withdrawnOn: null }],
      }),
    ).toEqual(['filed_group', 'deregistered', 'too_recent', 'listed', 'penalised']);
  });
});

describe('grades', () => {
  const cutoffs = { '1A': 300, '2A': 450, '3A': 600, '4A': 750, '5A': 900 };

  it('DOMAIN.md §3 (score cut-offs are local): the highest grade whose minimum the score reaches', () => {
    expect(gradeForScore(299, cutoffs)).toBeNull();
    expect(gradeForScore(300, cutoffs)).toBe(1);
    expect(gradeForScore(599, cutoffs)).toBe(2);
    expect(gradeForScore(600, cutoffs)).toBe(3);
    expect(gradeForScore(899, cutoffs)).toBe(4);
    expect(gradeForScore(1000, cutoffs)).toBe(5);
    expect(gradeForScore(600, { ...cutoffs, '3A': 650, '4A': 800, '5A': 950 })).toBe(2);
    expect(gradeName(3)).toBe('3A');
    expect(() => gradeName(6)).toThrow(RangeError);
  });

  it('社会组织评估管理办法 第二十六条: a grade is valid 5 years, ending the day before the anniversary', () => {
    expect(gradeValidUntil('2025-06-01', 5)).toBe('2030-05-31');
    expect(gradeValidUntil('2024-03-01', 5)).toBe('2029-02-28');
    expect(gradeValidUntil('2024-02-29', 5)).toBe('2029-02-27');
  });

  it('the current grade is the latest valid one not revoked on or before the day', () => {
    const first = { id: 1, awardedOn: '2020-01-10', validUntil: '2025-01-09', revokedOn: '2023-05-01' };
    const second = { id: 2, awardedOn: '2023-05-01', validUntil: '2028-04-30', revokedOn: null };
    expect(currentGradeOf([first, second], '2019-12-31')).toBeUndefined();
    expect(currentGradeOf([first, second], '2023-04-30')).toBe(first);
    expect(currentGradeOf([first, second], '2023-05-01')).toBe(second);
    expect(currentGradeOf([first, second], '2028-04-30')).toBe(second);
    expect(currentGradeOf([first, second], '2028-05-01')).toBeUndefined();
  });
});

describe('the credit lists', () => {
  it('社会组织信用信息管理办法 第十八条: an abnormal-activity listing moves on its 2nd anniversary', () => {
    expect(escalationDueOn('2023-06-01', 2)).toBe('2025-06-01');
    expect(escalationDueOn('2024-02-29', 2)).toBe('2026-02-28');
  });

  it('社会组织信用信息管理办法 第二十三条: the dishonesty list is left as served only after 5 years', () => {
    expect(DISHONESTY_LIST_TERM.years).toBe(5);
    const entry = { list: 'serious_dishonesty', listedOn: '2020-06-01' };
    expect(removalDecision(entry, 'term_served', '2025-05-31')).toMatchObject({
      allowed: false,
      earliestOn: '2025-06-01',
    });
    expect(removalDecision(entry, 'term_served', '2025-06-01')).toEqual({ allowed: true });
  });

  it('社会组织信用信息管理办法 (活动异常名录的移出): rectification ends an abnormal-activity listing only', () => {
    expect(
      removalDecision({ list: 'abnormal_activity', listedOn: '2025-01-01' }, 'rectified', '2025-01-01'),
    ).toEqual({ allowed: true });
    expect(
      removalDecision({ list: 'serious_dishonesty', listedOn: '2010-01-01' }, 'rectified', '2025-01-01'),
    ).toMatchObject({ allowed: false });
  });

  it('the abnormal-activity list has no term to serve', () => {
    expect(
      removalDecision({ list: 'abnormal_activity', listedOn: '2010-01-01' }, 'term_served', '2025-01-01'),
    ).toMatchObject({ allowed: false });
  });
});
