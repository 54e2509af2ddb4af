/**
 * The pure rule of who may undertake (undertaker-eligibility.ts, docs/domain.md §6.3): every
 * reason reported together, the look-back counted as registries count, listings and penalties
 * found wrong not held against the organization, the grade policy's two modes, and capacity from
 * the certified workers employed (or declared) on the day.
 */
import { describe, expect, it } from 'vitest';
import {
  certifiedStaffOn,
  isMajorViolation,
  majorViolationWindowStart,
  type StaffMember,
  type UndertakerEligibilityInput,
  type UndertakerFacts,
  undertakerEligibility,
} from '../../src/purchases/index.js';

const ON = '2025-01-31';

/** A worker certified 2024-01-10 to 2027-01-09, with a post from 2023. */
function worker(workerId: number, post: { startsOn?: string; endsOn?: string | null } = {}): StaffMember {
  return {
    workerId,
    posts: [{ startsOn: post.startsOn ?? '2023-01-01', endsOn: post.endsOn ?? null }],
    certificates: [
      { level: 'assistant', registrations: [{ validFrom: '2024-01-10', validUntil: '2027-01-09' }] },
    ],
  };
}

function facts(overrides: Partial<UndertakerFacts> = {}): UndertakerFacts {
  return {
    organization: { legalStatus: 'registered', deregisteredOn: null },
    listEntries: [],
    penalties: [],
    grades: [],
    staff: [worker(1), worker(2)],
    ...overrides,
  };
}

const majorViolation = {
  value: { lookbackYears: 3, penaltyKinds: ['penalty_suspension'] },
  source: '虎民〔2020〕3号',
};
const capacity = { value: { casework: 2, group_work: 1, community_work: 0 }, source: '虎民〔2020〕4号' };

function decide(overrides: Partial<UndertakerEligibilityInput> = {}) {
  return undertakerEligibility({
    facts: facts(),
    policies: { majorViolation, capacity },
    methods: ['casework', 'community_work'],
    bidDeadline: ON,
    on: ON,
    ...overrides,
  });
}

describe('undertakerEligibility', () => {
  it('finds an active registered organization with enough certified workers eligible, citing its sources', () => {
    const decision = decide();
    expect(decision).toMatchObject({
      eligible: true,
      reasons: [],
      grade: null,
      gradePriority: null,
      certifiedStaff: [1, 2],
      capacity: [
        { method: 'casework', required: 2, found: 2 },
        { method: 'community_work', required: 0, found: 2 },
      ],
      majorViolationWindow: { from: '2022-02-01', until: ON },
    });
    expect(decision.sources.join(' ')).toMatch(
      /政府采购法 第二十二条.*财库〔2016〕125号.*第二十二条第一款第五项.*民发〔2012〕196号/,
    );
  });

  it('reports every reason together, in one order', () => {
    const decision = decide({
      facts: facts({
        organization: { legalStatus: 'filed', deregisteredOn: '2025-01-01' },
        listEntries: [
          { list: 'serious_dishonesty', listedOn: '2024-03-01', removedOn: null },
          { list: 'abnormal_activity', listedOn: '2024-01-01', removedOn: null },
        ],
        penalties: [{ kind: 'penalty_suspension', occurredOn: '2023-05-01', withdrawnOn: null }],
        grades: [{ id: 1, grade: 2, awardedOn: '2022-01-01', validUntil: '2026-12-31', revokedOn: null }],
        staff: [worker(1)],
      }),
      policies: {
        majorViolation,
        capacity,
        grade: { value: { minimumGrade: '3A', mode: 'required' }, source: 'x' },
      },
      bid: { priceFen: 101, budgetFen: 100 },
    });
    expect(decision.reasons).toEqual([
      'filed_group',
      'deregistered',
      'abnormal_activity_listed',
      'serious_dishonesty_listed',
      'major_violation',
      'grade_below_minimum',
      'insufficient_capacity',
      'price_over_budget',
    ]);
    expect(decision.listings.map((entry) => entry.list)).toEqual(['abnormal_activity', 'serious_dishonesty']);
  });

  it('does not hold a listing that ended, began later, or was found wrong', () => {
    const decision = decide({
      facts: facts({
        listEntries: [
          { list: 'abnormal_activity', listedOn: '2024-01-01', removedOn: ON, removalReason: 'rectified' },
          { list: 'abnormal_activity', listedOn: '2025-02-01', removedOn: null },
          {
            list: 'serious_dishonesty',
            listedOn: '2024-01-01',
            removedOn: '2024-09-01',
            removalReason: 'objection_upheld',
          },
        ],
      }),
    });
    expect(decision.eligible).toBe(true);
  });

  it('applies no major-violation, grade or capacity rule without a policy', () => {
    const decision = decide({
      facts: facts({
        penalties: [{ kind: 'penalty_suspension', occurredOn: '2024-05-01', withdrawnOn: null }],
        staff: [],
      }),
      policies: {},
    });
    expect(decision).toMatchObject({
      eligible: true,
      capacity: [],
      majorViolationWindow: null,
      policies: { grade: null },
    });
  });

  it('treats a grade policy without a minimum as no grade rule', () => {
    const decision = decide({
      policies: { grade: { value: { minimumGrade: null, mode: 'required' }, source: 'x' } },
    });
    expect(decision).toMatchObject({ eligible: true, gradePriority: null });
  });

  it('gives priority by the grade held on the day, never excluding', () => {
    const grades = [
      { id: 1, grade: 4, awardedOn: '2019-01-01', validUntil: '2023-12-31', revokedOn: null },
      { id: 2, grade: 3, awardedOn: '2024-06-01', validUntil: '2029-05-31', revokedOn: null },
    ];
    const priority = { value: { minimumGrade: '4A' as const, mode: 'priority' as const }, source: 'x' };
    const decision = decide({ facts: facts({ grades }), policies: { grade: priority } });
    expect(decision).toMatchObject({ eligible: true, gradePriority: false, grade: { grade: '3A' } });
    const earlier = decide({
      facts: facts({ grades }),
      policies: { grade: priority },
      on: '2023-06-01',
      bidDeadline: '2023-06-01',
    });
    expect(earlier).toMatchObject({ eligible: true, gradePriority: true, grade: { grade: '4A' } });
  });
});

describe('the major-violation look-back', () => {
  it('runs the 3 years up to the bid deadline, counted as registries count', () => {
    expect(majorViolationWindowStart('2025-01-31', 3)).toBe('2022-02-01');
    expect(majorViolationWindowStart('2024-02-29', 3)).toBe('2021-03-01');
  });

  it('counts only the policy’s kinds, not withdrawn by the day, within the window and up to the decision', () => {
    const policy = majorViolation.value;
    const penalty = (occurredOn: string, kind = 'penalty_suspension', withdrawnOn: string | null = null) => ({
      kind,
      occurredOn,
      withdrawnOn,
    });
    expect(isMajorViolation(penalty('2022-02-01'), policy, ON, ON)).toBe(true);
    expect(isMajorViolation(penalty('2022-01-31'), policy, ON, ON)).toBe(false);
    expect(isMajorViolation(penalty('2024-01-01', 'penalty_warning'), policy, ON, ON)).toBe(false);
    expect(isMajorViolation(penalty('2024-01-01', 'penalty_suspension', '2024-06-01'), policy, ON, ON)).toBe(
      false,
    );
    // Withdrawn after the decision: the decision, re-derived, still held it.
    expect(isMajorViolation(penalty('2024-01-01', 'penalty_suspension', '2025-03-01'), policy, ON, ON)).toBe(
      true,
    );
    // After the deadline, known at the award.
    expect(isMajorViolation(penalty('2025-02-05'), policy, ON, '2025-02-10')).toBe(true);
    expect(isMajorViolation(penalty('2025-02-05'), policy, ON, ON)).toBe(false);
  });
});

describe('certified staff', () => {
  it('counts workers with a post and a registered certificate on the day', () => {
    const lapsed: StaffMember = {
      workerId: 3,
      posts: [{ startsOn: '2020-01-01', endsOn: null }],
      certificates: [
        { level: 'assistant', registrations: [{ validFrom: '2021-01-01', validUntil: '2023-12-31' }] },
      ],
    };
    const staff = [
      worker(1),
      worker(2, { endsOn: '2025-01-30' }),
      worker(4, { startsOn: '2025-02-01' }),
      lapsed,
    ];
    expect(certifiedStaffOn(staff, ON)).toEqual({ counted: [1], declaredNotCounted: [] });
    expect(certifiedStaffOn(staff, '2025-01-30')).toEqual({ counted: [1, 2], declaredNotCounted: [] });
  });

  it('counts only the declared workers when the bid declares them', () => {
    expect(certifiedStaffOn([worker(1), worker(2)], ON, [2, 9])).toEqual({
      counted: [2],
      declaredNotCounted: [9],
    });
    expect(certifiedStaffOn([worker(1), worker(2)], ON, [])).toEqual({ counted: [], declaredNotCounted: [] });
  });
});
