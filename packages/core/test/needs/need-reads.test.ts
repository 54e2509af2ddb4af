/**
 * Reading the needs list through the caller's read rule (docs/domain.md §14; access/
 * chain-visibility.ts `visibleNeeds`): unit staff see their communities' needs, an organization's
 * staff the needs of projects it bid for, the public none; filters narrow, bad filters are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/actor.js';
import type { Need } from '../../src/schema/index.js';
import { purchaseBids, purchases, socialOrganizations } from '../../src/schema/index.js';
import {
  type ChainFixture,
  createChainFixture,
  DISTRICT,
  needInput,
  projectInput,
  SHISHAN_SUBDISTRICT,
  staff,
} from './fixture.js';

let fixture: ChainFixture;
let shishan: Need;
let shishanOld: Need;
let heshan: Need;
let fengqiao: Need;
let bidder: Actor;

beforeAll(async () => {
  fixture = await createChainFixture();
  const record = (overrides: Parameters<typeof needInput>[1]) =>
    fixture.needs.recordNeed(needInput(fixture, overrides));
  shishan = await record({ title: '老人助餐', collectedOn: '2025-05-01', urgency: 'urgent' });
  shishanOld = await record({ title: '儿童托管', category: 'children', collectedOn: '2024-11-01' });
  heshan = await record({
    communityId: fixture.communities.heshan,
    title: '助残康复',
    category: 'disability',
  });
  fengqiao = await record({
    communityId: fixture.communities.fengqiao,
    title: '外来务工子女辅导',
    category: 'youth',
  });
  // An organization that bid for a project answering the 狮山 need sees that need, and no other.
  const project = await fixture.projects.designProject(projectInput(fixture, { needIds: [shishan.id] }));
  const { db } = fixture.database;
  const [organization] = await db
    .insert(socialOrganizations)
    .values({
      districtCode: DISTRICT,
      name: '虎丘区乐龄社会工作服务中心',
      legalStatus: 'registered',
      legalForm: 'social_service_agency',
      uscc: '52320505MJ5500001A',
      category: 'services',
      registeredOn: '2018-05-01',
    })
    .returning();
  const [purchase] = await db
    .insert(purchases)
    .values({
      districtCode: DISTRICT,
      projectId: project.id,
      purchaserUnitCode: SHISHAN_SUBDISTRICT,
      method: 'open_tender',
      stage: 'tender',
      plannedOn: '2025-08-01',
      tenderPublishedOn: '2025-08-10',
    })
    .returning();
  await db.insert(purchaseBids).values({
    districtCode: DISTRICT,
    purchaseId: purchase!.id,
    organizationId: organization!.id,
    submittedOn: '2025-08-20',
    priceFen: 28_000_000,
  });
  bidder = { id: 'org-01', role: 'ORG_STAFF', district: DISTRICT, organizationId: organization!.id };
});

afterAll(async () => {
  await fixture?.database.close();
});

const ids = (rows: Need[]) => rows.map((row) => row.id);

describe('who sees which need', () => {
  it.each([
    ['the bureau', () => staff.bureau, () => [shishan, heshan, fengqiao, shishanOld]],
    ['狮山街道', () => staff.subdistrict, () => [shishan, heshan, shishanOld]],
    ['狮山社区', () => staff.community, () => [shishan, shishanOld]],
    ['何山社区', () => staff.otherCommunity, () => [heshan]],
    ['枫桥街道', () => staff.otherSubdistrict, () => [fengqiao]],
    ['an organization that bid for a project answering a need', () => bidder, () => [shishan]],
    ['the public', () => staff.public, () => []],
  ])('%s', async (_who, actor, expected) => {
    const reads = fixture.needsAs(actor());
    // Latest collected first.
    const listed = await reads.listNeeds();
    expect(ids(listed)).toEqual(
      ids(expected().sort((a, b) => b.collectedOn.localeCompare(a.collectedOn) || b.id - a.id)),
    );
    for (const need of [shishan, heshan, fengqiao, shishanOld]) {
      const seen = await reads.getNeed(need.id);
      expect(seen?.id, `${need.title}`).toBe(expected().includes(need) ? need.id : undefined);
    }
  });
});

describe('filters', () => {
  it('narrow by unit, community, status, category, urgency and days', async () => {
    const reads = fixture.needs;
    expect(ids(await reads.listNeeds({ parentCode: SHISHAN_SUBDISTRICT }))).toEqual(
      ids(
        [heshan, shishan, shishanOld].sort(
          (a, b) => b.collectedOn.localeCompare(a.collectedOn) || b.id - a.id,
        ),
      ),
    );
    expect(ids(await reads.listNeeds({ communityId: fixture.communities.shishan }))).toEqual([
      shishan.id,
      shishanOld.id,
    ]);
    expect(ids(await reads.listNeeds({ status: 'answered' }))).toEqual([shishan.id]);
    expect(ids(await reads.listNeeds({ category: 'children' }))).toEqual([shishanOld.id]);
    expect(ids(await reads.listNeeds({ urgency: 'urgent' }))).toEqual([shishan.id]);
    expect(ids(await reads.listNeeds({ collectedUntil: '2024-12-31' }))).toEqual([shishanOld.id]);
    expect(await reads.listNeeds({ communityId: -1 })).toEqual([]);
    expect(await reads.getNeed(0)).toBeUndefined();
  });

  it('page', async () => {
    const all = ids(await fixture.needs.listNeeds());
    expect(ids(await fixture.needs.listNeeds(null, { limit: 2 }))).toEqual(all.slice(0, 2));
    expect(ids(await fixture.needs.listNeeds(null, { limit: 2, offset: 2 }))).toEqual(all.slice(2, 4));
  });

  it('are refused with their code and path when malformed', async () => {
    await expect(fixture.needs.listNeeds({ status: 'closed' })).rejects.toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['filter', 'status'],
    });
    await expect(fixture.needs.listNeeds(null, { limit: 1000 })).rejects.toMatchObject({
      code: 'PAGE_SIZE_EXCEEDED',
      path: ['page', 'limit'],
    });
  });
});
