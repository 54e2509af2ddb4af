import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyService, type DistrictDatabase, SansheError } from '../../src/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';

let database: DistrictDatabase;
let today = '2025-06-01';
const policies = () => createPolicyService(database, { today: () => today });

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: '320505' });
});
afterAll(() => database?.close());

describe('policy values (docs/domain.md §4: CE hours 72/90/90 nationally; allowances are local)', () => {
  it('falls back to the national default where nothing local is set', async () => {
    const inForce = await policies().valueInForce('social_worker.ce_hours_per_period', '320505001002');
    expect(inForce).toMatchObject({
      jurisdictionCode: null,
      value: { assistant: 72, intermediate: 90, senior: 90 },
    });
  });

  it('answers undefined for a purely local policy no one has set', async () => {
    expect(await policies().valueInForce('social_worker.monthly_allowance_yuan', '320505')).toBeUndefined();
  });

  it('a district value, then a subdistrict value, take over from their dates; the past stays as it was', async () => {
    const service = policies();
    await service.setPolicy({
      key: 'social_worker.monthly_allowance_yuan',
      jurisdictionCode: '320505',
      effectiveFrom: '2025-07-01',
      value: { assistant: 100, intermediate: 300, senior: 500 },
      source: '虎民〔2025〕12号',
    });
    await service.setPolicy({
      key: 'social_worker.monthly_allowance_yuan',
      jurisdictionCode: '320505001',
      effectiveFrom: '2025-09-01',
      value: { assistant: 150, intermediate: 350, senior: 600 },
      source: '狮山街道〔2025〕3号',
    });
    const on = (unit: string, day: string) =>
      service.valueInForce('social_worker.monthly_allowance_yuan', unit, day);
    expect(await on('320505001002', '2025-06-30')).toBeUndefined();
    expect((await on('320505001002', '2025-08-01'))?.value.senior).toBe(500);
    expect((await on('320505001002', '2025-09-01'))?.value.senior).toBe(600);
    expect((await on('320505002001', '2025-09-01'))?.value.senior).toBe(500);
    expect((await on('320505001002', '2025-09-01'))?.source).toBe('狮山街道〔2025〕3号');
  });

  const refusals: { name: string; input: Record<string, unknown>; code: string; path: string[] }[] = [
    {
      name: 'an unknown policy',
      input: { key: 'no.such.policy' },
      code: 'VALIDATION_FAILED',
      path: ['input', 'key'],
    },
    {
      name: 'a value of the wrong shape',
      input: { value: [1, 2, 3] },
      code: 'VALIDATION_FAILED',
      path: ['input', 'value'],
    },
    {
      name: 'a negative amount',
      input: { value: { assistant: -1, intermediate: 1, senior: 1 } },
      code: 'INVALID_NUMBER',
      path: ['input', 'value', 'assistant'],
    },
    {
      name: 'an unknown level',
      input: { value: { assistant: 1, intermediate: 1, senior: 1, expert: 1 } },
      code: 'VALIDATION_FAILED',
      path: ['input', 'value', 'expert'],
    },
    {
      name: 'another district',
      input: { jurisdictionCode: '320506' },
      code: 'CODE_OUTSIDE_DISTRICT',
      path: ['input', 'jurisdictionCode'],
    },
    {
      name: 'a community (policy is set by districts and subdistricts)',
      input: { jurisdictionCode: '320505001002' },
      code: 'CODE_OUTSIDE_DISTRICT',
      path: ['input', 'jurisdictionCode'],
    },
    {
      name: 'a day already past (history is never rewritten)',
      input: { effectiveFrom: '2025-05-31' },
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'effectiveFrom'],
    },
    {
      name: 'an impossible date',
      input: { effectiveFrom: '2025-02-30' },
      code: 'INVALID_DATE',
      path: ['input', 'effectiveFrom'],
    },
    { name: 'no source', input: { source: '  ' }, code: 'VALIDATION_FAILED', path: ['input', 'source'] },
    {
      name: 'the same key, jurisdiction and day twice',
      input: { effectiveFrom: '2025-07-01' },
      code: 'DUPLICATE_CODE',
      path: ['input', 'effectiveFrom'],
    },
  ];

  it.each(refusals)('refuses $name with $code and changes nothing', async ({ input, code, path }) => {
    const before = await snapshotDatabase(database);
    const attempt = policies().setPolicy({
      key: 'social_worker.monthly_allowance_yuan',
      jurisdictionCode: '320505',
      effectiveFrom: '2025-12-01',
      value: { assistant: 1, intermediate: 2, senior: 3 },
      source: 'test',
      ...input,
    } as never);
    await expect(attempt).rejects.toBeInstanceOf(SansheError);
    await expect(attempt).rejects.toMatchObject({ code, path });
    expect(await snapshotDatabase(database)).toEqual(before);
  });

  it('reading for a unit of another district is refused', async () => {
    await expect(
      policies().valueInForce('social_worker.ce_hours_per_period', '320506001001'),
    ).rejects.toMatchObject({
      code: 'CODE_OUTSIDE_DISTRICT',
    });
  });

  it('a value set today counts from today', async () => {
    today = '2026-01-05';
    await policies().setPolicy({
      key: 'social_worker.ce_hours_per_period',
      jurisdictionCode: '320505',
      effectiveFrom: '2026-01-05',
      value: { assistant: 80, intermediate: 96, senior: 100 },
      source: '虎民〔2026〕1号',
    });
    const service = policies();
    expect(
      (await service.valueInForce('social_worker.ce_hours_per_period', '320505001002', '2026-01-04'))?.value
        .assistant,
    ).toBe(72);
    expect(
      (await service.valueInForce('social_worker.ce_hours_per_period', '320505001002'))?.value.assistant,
    ).toBe(80);
  });
});
