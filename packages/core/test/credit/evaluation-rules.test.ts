/**
 * The pure rules of evaluation and the credit lists (evaluation-rules.ts). Each test names
 * the rule's source.
 */
import { describe, expect, it } from 'vitest';
import { listingReasonsByList } from '../../src/organizations/code-lists.js';
import {
  ABNORMAL_LIST_TERM,
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

  it('社会组织评估管理办法 第六条: only registered organizations are evaluated; a filed group (备案) is not', () => {
    expect(reasonsFor({ organization: { ...eligibleInput.organization, legalStatus: 'filed' } })).toEqual([
      'filed_group',
    ]);
  });

  it('docs/domain.md §3: a deregistered organization is not evaluated', () => {
    expect(reasonsFor({ organization: { ...eligibleInput.organization, status: 'deregistered' } })).toEqual([
      'deregistered',
    ]);
  });

  it('社会组织评估管理办法 第六条第一项: two full years of registration, counted to the anniversary day', () => {
    const organization = { ...eligibleInput.organization, registeredOn: '2023-06-01' };
    expect(reasonsFor({ organization, on: '2025-05-31' })).toEqual(['too_recent']);
    expect(reasonsFor({ organization, on: '2025-06-01' })).toEqual([]);
    // The minimum is policy: a district asking three years refuses what two years allowed.
    expect(
      reasonsFor({ organization, on: '2025-06-01', rules: { ...nationalRules, minFullYearsRegistered: 3 } }),
    ).toEqual(['too_recent']);
  });

  it('docs/domain.md §3: an organization on the abnormal-activity or dishonesty list that day is excluded', () => {
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

  it('社会组织评估管理办法 第七条第三项: a penalty of the previous calendar year (or since) excludes, not a rolling 12 months', () => {
    const on = '2025-06-01';
    // The whole of 2024 is the previous year: 1 January counts, 31 December 2023 does not.
    expect(reasonsFor({ penalties: [{ occurredOn: '2024-01-01', withdrawnOn: null }] })).toEqual([
      'penalised',
    ]);
    expect(reasonsFor({ penalties: [{ occurredOn: '2024-05-31', withdrawnOn: null }] })).toEqual([
      'penalised',
    ]);
    expect(reasonsFor({ penalties: [{ occurredOn: '2023-12-31', withdrawnOn: null }] })).toEqual([]);
    expect(penaltyCountsOn({ occurredOn: '2025-03-01', withdrawnOn: null }, 1, on)).toBe(true);
    expect(penaltyCountsOn({ occurredOn: '2025-06-02', withdrawnOn: null }, 1, on)).toBe(false);
    // Evaluated on 2 January, a penalty of January last year still counts; one of December the year before not.
    expect(penaltyCountsOn({ occurredOn: '2024-01-15', withdrawnOn: null }, 1, '2025-01-02')).toBe(true);
    expect(penaltyCountsOn({ occurredOn: '2023-12-15', withdrawnOn: null }, 1, '2025-01-02')).toBe(false);
    expect(
      reasonsFor({
        penalties: [{ occurredOn: '2023-01-01', withdrawnOn: null }],
        rules: { ...nationalRules, penaltyLookbackYears: 2 },
      }),
    ).toEqual(['penalised']);
  });

  it('社会组织评估管理办法 第七条第一、二项: the annual inspection of the previous calendar year missed, failed, or basic twice', () => {
    const record = (kind: string, occurredOn: string, withdrawnOn: string | null = null) => ({
      kind,
      occurredOn,
      withdrawnOn,
    });
    expect(reasonsFor({ records: [record('annual_inspection_missed', '2024-12-31')] })).toEqual([
      'annual_inspection_missed',
    ]);
    expect(reasonsFor({ records: [record('annual_inspection_failed', '2024-01-01')] })).toEqual([
      'annual_inspection_failed',
    ]);
    // The previous calendar year only: a failure of 2023, though within 18 months, does not count.
    expect(reasonsFor({ records: [record('annual_inspection_failed', '2023-12-31')] })).toEqual([]);
    // Nor one of this year (it is next year's "previous year").
    expect(reasonsFor({ records: [record('annual_inspection_failed', '2025-03-01')] })).toEqual([]);
    expect(
      reasonsFor({
        records: [
          record('annual_inspection_basic', '2024-05-01'),
          record('annual_inspection_basic', '2023-05-01'),
        ],
      }),
    ).toEqual(['annual_inspection_failed']);
    expect(reasonsFor({ records: [record('annual_inspection_basic', '2024-05-01')] })).toEqual([]);
    // A record withdrawn on objection never counts; no record at all is no finding.
    expect(reasonsFor({ records: [record('annual_inspection_missed', '2024-05-01', '2024-08-01')] })).toEqual(
      [],
    );
    expect(reasonsFor({ records: [] })).toEqual([]);
  });

  it('社会组织评估管理办法 第七条第四项: a case under investigation (立案调查) excludes until it is closed', () => {
    const opened = { kind: 'investigation_opened', occurredOn: '2023-04-01', withdrawnOn: null };
    const closed = { kind: 'investigation_closed', occurredOn: '2025-05-20', withdrawnOn: null };
    expect(reasonsFor({ records: [opened] })).toEqual(['under_investigation']);
    expect(reasonsFor({ records: [opened], on: '2023-03-31' })).toEqual([]);
    expect(reasonsFor({ records: [opened, closed], on: '2025-05-19' })).toEqual(['under_investigation']);
    expect(reasonsFor({ records: [opened, closed] })).toEqual([]);
  });

  it('社会组织评估管理办法 第七条第三项: a penalty not yet carried out excludes, whatever its year', () => {
    const pending = { kind: 'penalty_execution_pending', occurredOn: '2021-09-01', withdrawnOn: null };
    const executed = { kind: 'penalty_executed', occurredOn: '2025-06-01', withdrawnOn: null };
    expect(reasonsFor({ records: [pending] })).toEqual(['penalty_outstanding']);
    expect(reasonsFor({ records: [pending, executed], on: '2025-05-31' })).toEqual(['penalty_outstanding']);
    expect(reasonsFor({ records: [pending, executed] })).toEqual([]);
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
        records: [
          { kind: 'annual_inspection_missed', occurredOn: '2024-06-01', withdrawnOn: null },
          { kind: 'investigation_opened', occurredOn: '2025-04-01', withdrawnOn: null },
          { kind: 'penalty_execution_pending', occurredOn: '2025-03-01', withdrawnOn: null },
        ],
      }),
    ).toEqual([
      'filed_group',
      'deregistered',
      'too_recent',
      'listed',
      'penalised',
      'annual_inspection_missed',
      'under_investigation',
      'penalty_outstanding',
    ]);
  });
});

describe('grades', () => {
  const cutoffs = { '1A': 300, '2A': 450, '3A': 600, '4A': 750, '5A': 900 };

  it('docs/domain.md §3 (score cut-offs are local): the highest grade whose minimum the score reaches', () => {
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

  it('社会组织评估管理办法 第二十八条: a grade is valid 5 years, ending the day before the anniversary', () => {
    expect(nationalRules.gradeValidityYears).toBe(5);
    expect(policyDefinitions['organization.evaluation_eligibility'].nationalDefaults[0]!.source).toContain(
      '第六、七、二十八条',
    );
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
  it('社会组织信用信息管理办法 第十四条第一项: an abnormal-activity listing moves on its 2nd anniversary', () => {
    expect(escalationDueOn('2023-06-01', 2)).toBe('2025-06-01');
    expect(escalationDueOn('2024-02-29', 2)).toBe('2026-02-28');
  });

  it('社会组织信用信息管理办法 第十七条: the dishonesty list may be left after 2 years (not 5)', () => {
    expect(DISHONESTY_LIST_TERM).toMatchObject({ years: 2 });
    expect(DISHONESTY_LIST_TERM.source).toContain('第十七条');
    const entry = { list: 'serious_dishonesty', listedOn: '2023-06-01', reason: 'fine_50000_or_more' };
    expect(removalDecision(entry, 'term_served', '2025-05-31')).toMatchObject({
      allowed: false,
      earliestOn: '2025-06-01',
    });
    expect(removalDecision(entry, 'term_served', '2025-06-01')).toEqual({ allowed: true });
    // A new circumstance in the period (an abnormal listing) counts the 2 years from it.
    expect(
      removalDecision(entry, 'term_served', '2025-06-01', { newCircumstanceOn: '2024-01-15' }),
    ).toMatchObject({ allowed: false, earliestOn: '2026-01-15' });
  });

  it('社会组织信用信息管理办法 第十七条: a listing for revoked registration ends on deregistration', () => {
    const entry = { list: 'serious_dishonesty', listedOn: '2024-06-01', reason: 'registration_revoked' };
    expect(removalDecision(entry, 'term_served', '2025-05-01')).toMatchObject({ allowed: false });
    expect(removalDecision(entry, 'term_served', '2025-05-01', { deregisteredOn: '2025-04-01' })).toEqual({
      allowed: true,
    });
    expect(
      removalDecision(entry, 'term_served', '2025-03-31', { deregisteredOn: '2025-04-01' }),
    ).toMatchObject({ allowed: false, earliestOn: '2025-04-01' });
  });

  it('社会组织信用信息管理办法 第十三条: rectification ends an abnormal-activity listing with something to do, never a dishonesty listing', () => {
    expect(
      removalDecision(
        { list: 'abnormal_activity', listedOn: '2025-01-01', reason: 'annual_report_missing' },
        'rectified',
        '2025-01-01',
      ),
    ).toEqual({ allowed: true });
    expect(
      removalDecision({ list: 'serious_dishonesty', listedOn: '2010-01-01' }, 'rectified', '2025-01-01'),
    ).toMatchObject({ allowed: false });
  });

  it('社会组织信用信息管理办法 第十三条: with nothing to rectify, the abnormal listing ends after 6 months; with something to do, no term', () => {
    expect(ABNORMAL_LIST_TERM.months).toBe(6);
    for (const reason of ['unreachable', 'warning_or_small_fine']) {
      const entry = { list: 'abnormal_activity', listedOn: '2024-08-31', reason };
      expect(removalDecision(entry, 'rectified', '2025-01-01')).toMatchObject({ allowed: false });
      expect(removalDecision(entry, 'term_served', '2025-02-27')).toMatchObject({
        allowed: false,
        earliestOn: '2025-02-28',
      });
      expect(removalDecision(entry, 'term_served', '2025-02-28')).toEqual({ allowed: true });
    }
    expect(
      removalDecision(
        { list: 'abnormal_activity', listedOn: '2010-01-01', reason: 'annual_report_missing' },
        'term_served',
        '2025-01-01',
      ),
    ).toMatchObject({ allowed: false });
  });

  it('社会组织信用信息管理办法 第十条、第十四条: each list has its own reasons; only the catch-all is common', () => {
    const abnormal = Object.keys(listingReasonsByList.abnormal_activity);
    const dishonesty = Object.keys(listingReasonsByList.serious_dishonesty);
    expect(abnormal.filter((reason) => dishonesty.includes(reason))).toEqual(['other']);
    expect(abnormal).toEqual(
      expect.arrayContaining([
        'annual_report_missing',
        'party_organization_missing',
        'rectification_overdue',
        'unreachable',
      ]),
    );
    expect(dishonesty).toEqual(
      expect.arrayContaining([
        'abnormal_two_years',
        'change_registration_revoked',
        'activities_suspended',
        'fine_50000_or_more',
        'repeated_warnings_or_fines',
        'dishonest_judgment_debtor',
        'registration_revoked',
      ]),
    );
  });
});
