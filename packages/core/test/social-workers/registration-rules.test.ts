/**
 * The pure rules of registration-rules.ts, with the national values the policies ship
 * (policy-keys.ts): 社会工作者职业水平证书登记办法 (first within 1 year, valid 3, renew in the last
 * 3 months) and 社会工作者继续教育办法 (72 / 90 / 90 hours per period).
 */
import { describe, expect, it } from 'vitest';
import { SansheError } from '../../src/errors/index.js';
import type { AmountsByLevel, PolicyInForce, RegistrationRules } from '../../src/policies/index.js';
import { policyDefinitions } from '../../src/policies/index.js';
import {
  type ContinuingEducationHours,
  decideFirstRegistration,
  decideRenewal,
  firstRegistrationDeadline,
  hoursCompletedWithin,
  latestRegistration,
  policyUnitOf,
  renewalWindow,
  validityFrom,
} from '../../src/social-workers/index.js';

const rules: RegistrationRules =
  policyDefinitions['social_worker.registration_rules'].nationalDefaults[0]!.value;
const nationalHours = policyDefinitions['social_worker.ce_hours_per_period'].nationalDefaults[0]!;
const hoursRequired: PolicyInForce<AmountsByLevel> = { ...nationalHours, jurisdictionCode: null };

function refusal(action: () => unknown): SansheError {
  try {
    action();
  } catch (error) {
    if (error instanceof SansheError) return error;
    throw error;
  }
  throw new Error('expected a SansheError');
}

describe('the national defaults are the published figures', () => {
  it('社会工作者职业水平证书登记办法: first within 12 months, valid 3 years, renewal window 3 months', () => {
    expect(rules).toEqual({ firstWithinMonths: 12, validYears: 3, renewalWindowMonths: 3 });
  });

  it('社会工作者继续教育办法: 72 hours (assistant), 90 (intermediate), 90 (senior) per period', () => {
    expect(hoursRequired.value).toEqual({ assistant: 72, intermediate: 90, senior: 90 });
  });
});

describe('first registration (社会工作者职业水平证书登记办法: within 1 year of passing)', () => {
  it('the deadline is the anniversary of the pass, itself included', () => {
    expect(firstRegistrationDeadline('2024-06-20', rules)).toBe('2025-06-20');
    expect(decideFirstRegistration({ passedOn: '2024-06-20', registeredOn: '2025-06-20', rules })).toEqual({
      validFrom: '2025-06-20',
      validUntil: '2028-06-19',
    });
  });

  it('the day after the anniversary is too late (REGISTRATION_DEADLINE_PASSED, with the deadline)', () => {
    const error = refusal(() =>
      decideFirstRegistration({ passedOn: '2024-06-20', registeredOn: '2025-06-21', rules }),
    );
    expect(error).toMatchObject({
      code: 'REGISTRATION_DEADLINE_PASSED',
      path: ['input', 'registeredOn'],
      details: { passedOn: '2024-06-20', deadline: '2025-06-20' },
    });
  });

  it('a pass on 29 February has its deadline on 28 February of the next year', () => {
    expect(firstRegistrationDeadline('2024-02-29', rules)).toBe('2025-02-28');
    expect(
      refusal(() => decideFirstRegistration({ passedOn: '2024-02-29', registeredOn: '2025-03-01', rules }))
        .code,
    ).toBe('REGISTRATION_DEADLINE_PASSED');
  });

  it('registering on the day of the pass is allowed; the day before is INVALID_DATE_RANGE', () => {
    expect(
      decideFirstRegistration({ passedOn: '2024-06-20', registeredOn: '2024-06-20', rules }).validFrom,
    ).toBe('2024-06-20');
    expect(
      refusal(() => decideFirstRegistration({ passedOn: '2024-06-20', registeredOn: '2024-06-19', rules })),
    ).toMatchObject({ code: 'INVALID_DATE_RANGE', path: ['input', 'registeredOn'] });
  });

  it('a local rule of 6 months moves the deadline (docs/domain.md §4: local figures are policy data)', () => {
    const local = { ...rules, firstWithinMonths: 6 };
    expect(firstRegistrationDeadline('2024-06-20', local)).toBe('2024-12-20');
    expect(
      refusal(() =>
        decideFirstRegistration({ passedOn: '2024-06-20', registeredOn: '2024-12-21', rules: local }),
      ).code,
    ).toBe('REGISTRATION_DEADLINE_PASSED');
  });
});

describe('validity (社会工作者职业水平证书登记办法: a registration is valid 3 years)', () => {
  it('valid 3 years from 2024-03-15 means up to and including 2027-03-14', () => {
    expect(validityFrom('2024-03-15', rules)).toEqual({ validFrom: '2024-03-15', validUntil: '2027-03-14' });
  });

  it('from 1 January the last day is 31 December three years on', () => {
    expect(validityFrom('2025-01-01', rules).validUntil).toBe('2027-12-31');
  });
});

describe('renewal window (社会工作者职业水平证书登记办法: renewal in the 3 months before expiry)', () => {
  const current = { validFrom: '2024-03-15', validUntil: '2027-03-14' };
  const enoughHours: ContinuingEducationHours[] = [{ hours: 90, completedOn: '2025-05-01' }];
  const renewOn = (registeredOn: string) => () =>
    decideRenewal({
      level: 'intermediate',
      current,
      registeredOn,
      rules,
      hoursRequired,
      continuingEducation: enoughHours,
    });

  it('the window runs from the day after "3 months before expiry" to the last valid day', () => {
    expect(renewalWindow('2027-03-14', rules)).toEqual({
      windowStart: '2026-12-15',
      windowEnd: '2027-03-14',
    });
  });

  it('the day before the window opens is refused, with the window in the details', () => {
    expect(refusal(renewOn('2026-12-14'))).toMatchObject({
      code: 'OUTSIDE_RENEWAL_WINDOW',
      path: ['input', 'registeredOn'],
      details: { windowStart: '2026-12-15', windowEnd: '2027-03-14', lapsed: false },
    });
  });

  it('the first and the last day of the window are accepted; the new period follows without a gap', () => {
    expect(renewOn('2026-12-15')()).toMatchObject({ validFrom: '2027-03-15', validUntil: '2030-03-14' });
    expect(renewOn('2027-03-14')()).toMatchObject({ validFrom: '2027-03-15', validUntil: '2030-03-14' });
  });

  it('the day after the last valid day the registration has lapsed: refused, and the message says so', () => {
    const error = refusal(renewOn('2027-03-15'));
    expect(error).toMatchObject({
      code: 'OUTSIDE_RENEWAL_WINDOW',
      details: { windowStart: '2026-12-15', windowEnd: '2027-03-14', lapsed: true },
    });
    expect(error.message).toMatch(/lapsed/);
  });

  it('a window ending on 31 May opens on 1 March (month arithmetic on the last day)', () => {
    expect(renewalWindow('2027-05-31', rules)).toEqual({
      windowStart: '2027-03-01',
      windowEnd: '2027-05-31',
    });
  });
});

describe('continuing education (社会工作者继续教育办法: 72 / 90 / 90 hours per 3-year period)', () => {
  const current = { validFrom: '2022-03-01', validUntil: '2025-02-28' };
  const decide = (level: 'assistant' | 'intermediate' | 'senior', hours: number) => () =>
    decideRenewal({
      level,
      current,
      registeredOn: '2025-01-10',
      rules,
      hoursRequired,
      continuingEducation: [{ hours, completedOn: '2023-05-01' }],
    });

  it.each([
    ['assistant', 72],
    ['intermediate', 90],
    ['senior', 90],
  ] as const)(
    '%s: exactly %i hours renew, and store the hours, the requirement and its source',
    (level, hours) => {
      expect(decide(level, hours)()).toEqual({
        validFrom: '2025-03-01',
        validUntil: '2028-02-29',
        continuingEducationHours: hours,
        requiredHours: hours,
        policySource: '社会工作者继续教育办法 (national default)',
      });
    },
  );

  it.each([
    ['assistant', 71.9, 72],
    ['intermediate', 89.9, 90],
    ['senior', 89.9, 90],
  ] as const)(
    '%s: %s hours are not enough (INSUFFICIENT_CE_HOURS, required %i)',
    (level, hours, required) => {
      expect(refusal(decide(level, hours))).toMatchObject({
        code: 'INSUFFICIENT_CE_HOURS',
        path: ['input', 'certificateId'],
        details: { required, completed: hours, source: '社会工作者继续教育办法 (national default)' },
      });
    },
  );

  it('only hours completed within the period count, both ends included', () => {
    const records = [
      { hours: 10, completedOn: '2022-02-28' },
      { hours: 20, completedOn: '2022-03-01' },
      { hours: 30, completedOn: '2025-02-28' },
      { hours: 40, completedOn: '2025-03-01' },
    ];
    expect(hoursCompletedWithin(records, current)).toBe(50);
  });

  it('decimals add up exactly: 71.7 + 0.1 + 0.2 hours make the 72 an assistant needs', () => {
    const records = [
      { hours: 71.7, completedOn: '2023-01-01' },
      { hours: 0.1, completedOn: '2023-01-02' },
      { hours: 0.2, completedOn: '2023-01-03' },
    ];
    expect(hoursCompletedWithin(records, current)).toBe(72);
    expect(
      decideRenewal({
        level: 'assistant',
        current,
        registeredOn: '2025-01-10',
        rules,
        hoursRequired,
        continuingEducation: records,
      }).continuingEducationHours,
    ).toBe(72);
  });

  it('the window is checked before the hours: a lapsed registration is refused as lapsed', () => {
    const error = refusal(() =>
      decideRenewal({
        level: 'assistant',
        current,
        registeredOn: '2025-03-01',
        rules,
        hoursRequired,
        continuingEducation: [],
      }),
    );
    expect(error.code).toBe('OUTSIDE_RENEWAL_WINDOW');
  });
});

describe('latestRegistration (the current registration is the one ending last)', () => {
  it('picks the one that ends last, whatever the order', () => {
    const a = { id: 1, validFrom: '2022-03-01', validUntil: '2025-02-28' };
    const b = { id: 2, validFrom: '2025-03-01', validUntil: '2028-02-29' };
    expect(latestRegistration([b, a])).toBe(b);
    expect(latestRegistration([])).toBeUndefined();
  });
});

describe('policyUnitOf (docs/domain.md §4: subsidies and rules are local, per jurisdiction)', () => {
  const post = (over: Partial<Parameters<typeof policyUnitOf>[1][number]>) => ({
    id: 1,
    fullTime: true,
    startsOn: '2020-01-01',
    endsOn: null,
    communityCode: '320505001001',
    ...over,
  });

  it('a community post in force makes the community the unit (its subdistrict policy then applies)', () => {
    expect(policyUnitOf('320505', [post({})], '2025-01-01')).toBe('320505001001');
  });

  it('no post, an organization post or a post not in force that day leaves the district', () => {
    expect(policyUnitOf('320505', [], '2025-01-01')).toBe('320505');
    expect(policyUnitOf('320505', [post({ communityCode: null })], '2025-01-01')).toBe('320505');
    expect(policyUnitOf('320505', [post({ endsOn: '2024-12-31' })], '2025-01-01')).toBe('320505');
    expect(policyUnitOf('320505', [post({ startsOn: '2025-01-02' })], '2025-01-01')).toBe('320505');
  });

  it('the first and last days of a post are in force', () => {
    expect(policyUnitOf('320505', [post({ startsOn: '2025-01-01' })], '2025-01-01')).toBe('320505001001');
    expect(policyUnitOf('320505', [post({ endsOn: '2025-01-01' })], '2025-01-01')).toBe('320505001001');
  });

  it('a full-time post counts before part-time ones, then the latest started', () => {
    const partTime = post({ id: 2, fullTime: false, startsOn: '2024-01-01', communityCode: '320505002001' });
    expect(policyUnitOf('320505', [partTime, post({})], '2025-01-01')).toBe('320505001001');
    const later = post({ id: 3, fullTime: false, startsOn: '2024-06-01', communityCode: '320505002003' });
    expect(policyUnitOf('320505', [partTime, later], '2025-01-01')).toBe('320505002003');
  });
});
