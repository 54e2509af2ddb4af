/**
 * Listing units with unitWhere (hierarchy/filters.ts) on a real database: history by date
 * (docs/domain.md §2: a retired code stays valid in history), parent, kind and name search, with
 * names that look like SQL or LIKE patterns stored verbatim and found literally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { type HierarchyService, type UnitFilter, unitWhere } from '../../src/hierarchy/index.js';
import type { Community } from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import { DISTRICT, serviceFor, TODAY } from './helpers.js';

let database: DistrictDatabase;
let h: HierarchyService;

const injectionName = "'; drop table communities; --";
const wildcardName = '%_\\';

/** Community codes by role, so expectations read as names. */
const code = {
  retired: '320505001001', // 何山社区, 2001-01-01 … 2020-01-01
  active: '320505001002', // 狮山社区, since 2001-01-01
  successor: '320505001003', // 何山新社区, since 2020-01-01, successor of `retired`
  injection: '320505001004',
  wildcard: '320505001005',
  percent: '320505001006', // 50%社区
  underscore: '320505001007', // a_b社区
  latin: '320505001008', // Lakeside社区
  retiresLater: '320505001009', // retires 2030-01-01
  village: '320505101201', // 龙景村, under the town 320505101
  underRetiredSub: '320505002001', // 枫桥社区, 2001-01-01 … 2019-01-01, under a subdistrict retired 2020-01-01
};

async function communityCodes(filter: UnitFilter, today = TODAY): Promise<string[]> {
  const rows: Community[] = await database.db.query.communities.findMany({
    where: unitWhere(DISTRICT, filter, today),
    orderBy: { code: 'asc' },
  });
  return rows.map((row) => row.code);
}

async function subdistrictCodes(filter: UnitFilter, today = TODAY): Promise<string[]> {
  const rows = await database.db.query.subdistricts.findMany({
    where: unitWhere(DISTRICT, filter, today),
    orderBy: { code: 'asc' },
  });
  return rows.map((row) => row.code);
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  h = serviceFor(database);
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505101', name: '东渚镇', effectiveFrom: '2000-01-01' });
  const fengqiao = await h.createSubdistrict({
    code: '320505002',
    name: '枫桥街道',
    effectiveFrom: '2000-01-01',
  });

  const community = (c: string, name: string, effectiveFrom = '2001-01-01') =>
    h.createCommunity({ code: c, name, effectiveFrom });
  const retired = await community(code.retired, '何山社区');
  await community(code.active, '狮山社区');
  const successor = await community(code.successor, '何山新社区', '2020-01-01');
  await h.retireUnit({
    level: 'community',
    id: retired.id,
    retiredOn: '2020-01-01',
    successorId: successor.id,
  });
  await community(code.injection, injectionName);
  await community(code.wildcard, wildcardName);
  await community(code.percent, '50%社区');
  await community(code.underscore, 'a_b社区');
  await community(code.latin, 'Lakeside社区');
  const later = await community(code.retiresLater, '将撤社区');
  await h.retireUnit({ level: 'community', id: later.id, retiredOn: '2030-01-01' });
  await community(code.village, '龙景村');
  const underRetired = await community(code.underRetiredSub, '枫桥社区');
  await h.retireUnit({ level: 'community', id: underRetired.id, retiredOn: '2019-01-01' });
  await h.retireUnit({ level: 'subdistrict', id: fengqiao.id, retiredOn: '2020-01-01' });
});

afterAll(async () => {
  await database?.close();
});

describe('history by date (docs/domain.md §2: a retired code stays valid in history)', () => {
  it('a community retired 2020-01-01 is listed asOf 2019-12-31', async () => {
    expect(await communityCodes({ asOf: '2019-12-31' })).toContain(code.retired);
  });

  it('a community retired 2020-01-01 is not listed asOf 2020-01-01 (the retirement day is excluded)', async () => {
    expect(await communityCodes({ asOf: '2020-01-01' })).not.toContain(code.retired);
  });

  it('its successor, in force from 2020-01-01, is listed asOf 2020-01-01 and not asOf 2019-12-31', async () => {
    expect(await communityCodes({ asOf: '2020-01-01' })).toContain(code.successor);
    expect(await communityCodes({ asOf: '2019-12-31' })).not.toContain(code.successor);
  });

  it('asOf 2019-12-31 lists exactly the communities in force that day', async () => {
    expect(await communityCodes({ asOf: '2019-12-31' })).toEqual([
      code.retired,
      code.active,
      code.injection,
      code.wildcard,
      code.percent,
      code.underscore,
      code.latin,
      code.retiresLater,
      code.village,
    ]);
  });

  it('asOf a date before any community came into force lists none', async () => {
    expect(await communityCodes({ asOf: '2000-12-31' })).toEqual([]);
  });

  it('the default list (today 2025-06-01) hides retired units and keeps one retiring in 2030', async () => {
    const codes = await communityCodes({});
    expect(codes).not.toContain(code.retired);
    expect(codes).not.toContain(code.underRetiredSub);
    expect(codes).toContain(code.successor);
    expect(codes).toContain(code.retiresLater);
    expect(codes).toHaveLength(9);
  });

  it('the default list follows the given today: after 2030-01-01 the unit retiring then is hidden', async () => {
    expect(await communityCodes({}, '2030-01-01')).not.toContain(code.retiresLater);
    expect(await communityCodes({}, '2029-12-31')).toContain(code.retiresLater);
  });

  it('includeRetired lists retired units too', async () => {
    const codes = await communityCodes({ includeRetired: true });
    expect(codes).toContain(code.retired);
    expect(codes).toContain(code.underRetiredSub);
    expect(codes).toHaveLength(11);
  });

  it('filters.ts UnitFilter: includeRetired is ignored when asOf is given', async () => {
    expect(await communityCodes({ asOf: '2020-01-01', includeRetired: true })).toEqual(
      await communityCodes({ asOf: '2020-01-01' }),
    );
  });

  it('subdistricts: a subdistrict retired 2020-01-01 appears asOf 2019-12-31, not asOf 2020-01-01 nor by default', async () => {
    expect(await subdistrictCodes({ asOf: '2019-12-31' })).toEqual(['320505001', '320505002', '320505101']);
    expect(await subdistrictCodes({ asOf: '2020-01-01' })).toEqual(['320505001', '320505101']);
    expect(await subdistrictCodes({})).toEqual(['320505001', '320505101']);
    expect(await subdistrictCodes({ includeRetired: true })).toEqual(['320505001', '320505002', '320505101']);
  });

  it('the retired row keeps its code, dates and successor link for history', async () => {
    const [row] = await database.db.query.communities.findMany({
      where: unitWhere(DISTRICT, { asOf: '2019-12-31', nameContains: '何山' }, TODAY),
      with: { successor: true },
    });
    expect(row).toMatchObject({
      code: code.retired,
      retiredOn: '2020-01-01',
      successor: { code: code.successor },
    });
  });
});

describe('parent and kind (filters.ts: prefix match on the code; kind derived from it)', () => {
  it('parentCode of a subdistrict lists its communities only', async () => {
    expect(await communityCodes({ parentCode: '320505101' })).toEqual([code.village]);
    const shishan = await communityCodes({ parentCode: '320505001', includeRetired: true });
    expect(shishan).toHaveLength(9);
    expect(shishan.every((c) => c.startsWith('320505001'))).toBe(true);
  });

  it('parentCode of the district lists every unit of the district', async () => {
    expect(await communityCodes({ parentCode: DISTRICT, includeRetired: true })).toHaveLength(11);
  });

  it('parentCode combines with asOf', async () => {
    expect(await communityCodes({ parentCode: '320505002', asOf: '2018-06-01' })).toEqual([
      code.underRetiredSub,
    ]);
    expect(await communityCodes({ parentCode: '320505002' })).toEqual([]);
  });

  it('docs/domain.md §2: kind village (2xx) and town (1xx) are found by kind', async () => {
    expect(await communityCodes({ kind: 'village' })).toEqual([code.village]);
    expect(await subdistrictCodes({ kind: 'town' })).toEqual(['320505101']);
    expect(await subdistrictCodes({ kind: 'township' })).toEqual([]);
  });

  it('filters.ts UnitFilter "only units whose code starts with this parent’s code": LIKE wildcards in parentCode are literal', async () => {
    expect(await communityCodes({ parentCode: '32050500_', includeRetired: true })).toEqual([]);
    expect(await communityCodes({ parentCode: '%', includeRetired: true })).toEqual([]);
  });

  it('docs/domain.md §2: another district sees none of these units', async () => {
    const rows = await database.db.query.communities.findMany({
      where: unitWhere('320506', { includeRetired: true }, TODAY),
    });
    expect(rows).toEqual([]);
  });
});

describe('names that look like SQL or LIKE patterns (filters.ts likePattern; parameters only)', () => {
  it('an injection-looking name is stored verbatim and the table is intact', async () => {
    const found = await h.findByCode(code.injection);
    expect(found?.unit.name).toBe(injectionName);
    const snapshot = await snapshotDatabase(database);
    expect(snapshot.communities).toHaveLength(11);
    expect((snapshot.communities as { name: string }[]).map((c) => c.name)).toContain(injectionName);
  });

  it('a name of LIKE wildcards and a backslash is stored verbatim', async () => {
    expect((await h.findByCode(code.wildcard))?.unit.name).toBe(wildcardName);
  });

  it('unitWhere nameContains "%_" finds only the row whose name contains "%_" literally', async () => {
    const rows = await database.db.query.communities.findMany({
      where: unitWhere('320505', { nameContains: '%_' }),
    });
    expect(rows.map((row) => [row.code, row.name])).toEqual([[code.wildcard, wildcardName]]);
  });

  it.each<[string, string[]]>([
    [injectionName, [code.injection]],
    ["'", [code.injection]],
    ['--', [code.injection]],
    ['%', [code.wildcard, code.percent]],
    ['_', [code.wildcard, code.underscore]],
    ['\\', [code.wildcard]],
    ['%_\\', [code.wildcard]],
    ['50%', [code.percent]],
    ['a_b', [code.underscore]],
    ['a%b', []],
    ['lakeside', [code.latin]],
    ['LAKESIDE社', [code.latin]],
    ['何山', [code.successor]],
  ])(
    'nameContains %j finds exactly the expected communities (by default today)',
    async (needle, expected) => {
      expect(await communityCodes({ nameContains: needle })).toEqual(expected);
    },
  );

  it('nameContains combines with asOf: 何山 finds the retired community in 2019 and its successor in 2020', async () => {
    expect(await communityCodes({ nameContains: '何山', asOf: '2019-12-31' })).toEqual([code.retired]);
    expect(await communityCodes({ nameContains: '何山', asOf: '2020-01-01' })).toEqual([code.successor]);
  });
});
