import { describe, expect, it } from 'vitest';
import { jurisdictionChain, type PolicyCandidate, resolvePolicy } from '../../src/index.js';

const candidates: PolicyCandidate<number>[] = [
  { jurisdictionCode: null, effectiveFrom: '2009-01-01', value: 1, source: 'national' },
  { jurisdictionCode: null, effectiveFrom: '2020-01-01', value: 2, source: 'national, revised' },
  { jurisdictionCode: '320505', effectiveFrom: '2022-01-01', value: 10, source: 'district' },
  { jurisdictionCode: '320505001', effectiveFrom: '2024-01-01', value: 100, source: 'subdistrict' },
  { jurisdictionCode: '320506', effectiveFrom: '2000-01-01', value: 99, source: 'another district' },
];

describe('the policy in force (docs/architecture.md §2: national → district → subdistrict, effective-dated)', () => {
  it('orders jurisdictions from the most specific to national', () => {
    expect(jurisdictionChain('320505001002')).toEqual(['320505001', '320505', null]);
    expect(jurisdictionChain('320505001')).toEqual(['320505001', '320505', null]);
    expect(jurisdictionChain('320505')).toEqual(['320505', null]);
  });

  it.each([
    ['320505001002', '2008-12-31', undefined],
    ['320505001002', '2009-01-01', 1],
    ['320505001002', '2021-06-30', 2],
    ['320505001002', '2022-01-01', 10],
    ['320505001002', '2023-12-31', 10],
    ['320505001002', '2024-01-01', 100],
    ['320505002001', '2024-01-01', 10],
    ['320505', '2030-01-01', 10],
  ])('for %s on %s the value is %s', (unit, on, expected) => {
    expect(resolvePolicy(candidates, unit, on)?.value).toBe(expected);
  });

  it('a later value never changes what was in force before its date (decisions stay re-derivable)', () => {
    const before = resolvePolicy(candidates, '320505001002', '2023-06-01');
    const extended = [
      ...candidates,
      { jurisdictionCode: '320505', effectiveFrom: '2026-01-01', value: 20, source: 'new' },
    ];
    expect(resolvePolicy(extended, '320505001002', '2023-06-01')).toEqual(before);
    expect(resolvePolicy(extended, '320505002001', '2026-01-01')?.value).toBe(20);
  });
});
