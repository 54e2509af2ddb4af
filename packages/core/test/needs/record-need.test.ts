/**
 * Recording a need (docs/domain.md §6.1): what is stored, what is refused (code, path, nothing
 * changed), and who may record where (§14).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/index.js';
import type { RecordNeedInput } from '../../src/needs/index.js';
import {
  type ChainFixture,
  createChainFixture,
  DISTRICT,
  expectRefusal,
  needInput,
  staff,
  TODAY,
} from './fixture.js';

let fixture: ChainFixture;

beforeAll(async () => {
  fixture = await createChainFixture();
});

afterAll(async () => {
  await fixture?.database.close();
});

describe('a need recorded', () => {
  it('is stored open, as given, with its audit entry', async () => {
    const need = await fixture.needs.recordNeed(needInput(fixture, { gridId: fixture.grids.shishan }));
    expect(need).toMatchObject({
      districtCode: DISTRICT,
      communityId: fixture.communities.shishan,
      gridId: fixture.grids.shishan,
      source: 'grid_visit',
      category: 'elderly',
      urgency: 'high',
      residentsAffected: 36,
      title: '独居老人午间助餐',
      collectedOn: '2025-03-12',
      status: 'open',
      mergedIntoId: null,
      mergeReason: null,
      closedOn: null,
      version: 1,
    });
    const [entry] = await readAuditLog(fixture.database.db, DISTRICT, {
      entityType: 'need',
      entityId: need.id,
    });
    expect(entry).toMatchObject({
      action: 'need.record',
      actorId: staff.bureau.id,
      after: { title: need.title },
    });
  });

  it('is collected today when no day is given, and trims its text', async () => {
    const need = await fixture.needs.recordNeed(
      needInput(fixture, { collectedOn: undefined, title: '  楼道照明维修  ', source: 'micro_wish' }),
    );
    expect(need).toMatchObject({ collectedOn: TODAY, title: '楼道照明维修', gridId: null });
  });

  it('may be recorded by a grid worker of the community', async () => {
    const need = await fixture.needsAs(staff.gridWorker).recordNeed(needInput(fixture));
    expect(need.communityId).toBe(fixture.communities.shishan);
  });
});

describe('refused', () => {
  const cases: [string, Partial<RecordNeedInput>, string, (string | number)[]][] = [
    ['a community that does not exist', { communityId: 999_999 }, 'NOT_FOUND', ['input', 'communityId']],
    ['an id that cannot exist', { communityId: -4 }, 'NOT_FOUND', ['input', 'communityId']],
    ['a grid that does not exist', { gridId: 999_999 }, 'NOT_FOUND', ['input', 'gridId']],
    ['an unknown source', { source: 'rumour' as never }, 'INVALID_CODE_LIST_VALUE', ['input', 'source']],
    [
      'a category outside the service domains',
      { category: 'sports' },
      'INVALID_CODE_LIST_VALUE',
      ['input', 'category'],
    ],
    ['an unknown urgency', { urgency: 'now' as never }, 'INVALID_CODE_LIST_VALUE', ['input', 'urgency']],
    ['no resident affected', { residentsAffected: 0 }, 'INVALID_NUMBER', ['input', 'residentsAffected']],
    [
      'a fraction of a resident',
      { residentsAffected: 2.5 },
      'INVALID_NUMBER',
      ['input', 'residentsAffected'],
    ],
    ['an empty title', { title: '   ' }, 'VALIDATION_FAILED', ['input', 'title']],
    ['a control character in the title', { title: '助餐\u0007' }, 'INVALID_TEXT', ['input', 'title']],
    [
      'a micro-wish naming its resident by ID number',
      { source: 'micro_wish', title: '320505198001011234 想要一台轮椅' },
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'title'],
    ],
    [
      'a mobile number in the description',
      { description: '请联系张阿姨 139 1234 5678 上门' },
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'description'],
    ],
    ['a day after today', { collectedOn: '2025-10-01' }, 'DATE_IN_FUTURE', ['input', 'collectedOn']],
    ['a day that does not exist', { collectedOn: '2025-02-29' }, 'INVALID_DATE', ['input', 'collectedOn']],
  ];

  it.each(cases)('%s', async (_what, overrides, code, path) => {
    await expectRefusal(fixture, () => fixture.needs.recordNeed(needInput(fixture, overrides)), code, path);
  });

  it('a grid of another community', async () => {
    await expectRefusal(
      fixture,
      () => fixture.needs.recordNeed(needInput(fixture, { gridId: fixture.grids.heshan })),
      'VALIDATION_FAILED',
      ['input', 'gridId'],
    );
  });

  it('a community retired before the day the need was collected', async () => {
    await expectRefusal(
      fixture,
      () =>
        fixture.needs.recordNeed(
          needInput(fixture, { communityId: fixture.communities.tayuan, collectedOn: '2024-06-01' }),
        ),
      'UNIT_NOT_IN_FORCE',
      ['input', 'communityId'],
    );
    // Before its retirement, the retired community's needs are recorded as they were heard.
    const late = await fixture.needs.recordNeed(
      needInput(fixture, { communityId: fixture.communities.tayuan, collectedOn: '2023-11-20' }),
    );
    expect(late.communityId).toBe(fixture.communities.tayuan);
  });
});

describe('jurisdiction', () => {
  it.each([
    ['community staff of another community', staff.otherCommunity],
    ['subdistrict staff of another subdistrict', staff.otherSubdistrict],
    ['an evaluator, who records no needs', staff.evaluator],
    ['the public', staff.public],
  ])('refuses %s as FORBIDDEN', async (_who, actor) => {
    await expectRefusal(fixture, () => fixture.needsAs(actor).recordNeed(needInput(fixture)), 'FORBIDDEN');
  });

  it('lets the subdistrict record for each of its communities', async () => {
    const need = await fixture
      .needsAs(staff.subdistrict)
      .recordNeed(needInput(fixture, { communityId: fixture.communities.heshan }));
    expect(need.communityId).toBe(fixture.communities.heshan);
  });
});
