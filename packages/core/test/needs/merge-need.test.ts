/**
 * Merging a duplicate into the need it repeats (docs/domain.md §6.1): the duplicate kept, merged,
 * with its target and reason; merges go to the root; the duplicate's projects answer the need it
 * repeats too; every refusal with its code and path, and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Need } from '../../src/schema/index.js';
import {
  type ChainFixture,
  createChainFixture,
  expectRefusal,
  needInput,
  projectInput,
  staff,
} from './fixture.js';

let fixture: ChainFixture;

beforeAll(async () => {
  fixture = await createChainFixture();
});

afterAll(async () => {
  await fixture?.database.close();
});

const record = (overrides: Parameters<typeof needInput>[1] = {}) =>
  fixture.needs.recordNeed(needInput(fixture, overrides));

const merge = (duplicate: Need, target: Need, extra: Record<string, unknown> = {}) => ({
  needId: duplicate.id,
  intoNeedId: target.id,
  reason: '同一批独居老人的助餐诉求，在两次走访中分别登记',
  mergedOn: '2025-09-20',
  ...extra,
});

describe('a merge', () => {
  it('keeps the duplicate, merged, and links its live projects to the need it repeats', async () => {
    const target = await record({ title: '老人助餐', collectedOn: '2025-03-01' });
    const duplicate = await record({ title: '独居老人吃饭难', source: 'survey' });
    const live = await fixture.projects.designProject(projectInput(fixture, { needIds: [duplicate.id] }));
    const cancelled = await fixture.projects.designProject(
      projectInput(fixture, { name: '社区食堂试点', needIds: [duplicate.id] }),
    );
    await fixture.projects.cancelProject({ projectId: cancelled.id, reason: '与长者助餐项目重复' });
    expect((await fixture.needs.getNeed(duplicate.id))!.status).toBe('answered');

    const merged = await fixture.needs.mergeNeed(merge(duplicate, target));
    expect(merged).toMatchObject({
      id: duplicate.id,
      status: 'merged',
      mergedIntoId: target.id,
      mergeReason: '同一批独居老人的助餐诉求，在两次走访中分别登记',
      closedOn: '2025-09-20',
      version: duplicate.version + 2,
    });
    // The open target is answered now: the live project answers it too, from the day of the merge.
    expect(await fixture.needs.getNeed(target.id)).toMatchObject({ status: 'answered' });
    const projectsOfTarget = await fixture.projects.needProjects(target.id);
    expect(projectsOfTarget.map((project) => [project.id, project.linkedOn])).toEqual([
      [live.id, '2025-09-20'],
    ]);
    // The duplicate keeps its links, both of them, and the live project answers both needs.
    expect((await fixture.projects.needProjects(duplicate.id)).map((project) => project.id)).toEqual([
      live.id,
      cancelled.id,
    ]);
    expect((await fixture.projects.projectNeeds(live.id)).map((need) => need.id)).toEqual([
      target.id,
      duplicate.id,
    ]);
    expect((await fixture.projects.projectNeeds(cancelled.id)).map((need) => need.id)).toEqual([
      duplicate.id,
    ]);
  });

  it('goes to the root: needs merged into the duplicate are re-pointed to the need it repeats', async () => {
    const root = await record({ title: '健身器材维修', category: 'community_governance' });
    const middle = await record({ title: '小区健身器材损坏', category: 'community_governance' });
    const earlier = await record({ title: '健身路径器材坏了', category: 'community_governance' });
    await fixture.needs.mergeNeed(merge(earlier, middle));
    await expectRefusal(fixture, () => fixture.needs.mergeNeed(merge(root, earlier)), 'STATUS_NOT_ALLOWED', [
      'input',
      'intoNeedId',
    ]).then((error) => expect(error.details).toMatchObject({ state: 'merged', rootId: middle.id }));

    await fixture.needs.mergeNeed(merge(middle, root));
    expect(await fixture.needs.getNeed(earlier.id)).toMatchObject({
      status: 'merged',
      mergedIntoId: root.id,
    });
    expect(await fixture.needs.getNeed(middle.id)).toMatchObject({ status: 'merged', mergedIntoId: root.id });
    expect(await fixture.needs.getNeed(root.id)).toMatchObject({ status: 'open', mergedIntoId: null });
  });

  it('may be made by community staff of the needs\u2019 community', async () => {
    const target = await record({ title: '楼道灯坏了' });
    const duplicate = await record({ title: '楼道照明' });
    const merged = await fixture
      .needsAs(staff.community)
      .mergeNeed(merge(duplicate, target, { mergedOn: undefined }));
    expect(merged).toMatchObject({ status: 'merged', closedOn: '2025-09-30' });
  });
});

describe('refused', () => {
  let target: Need;
  let duplicate: Need;
  let heshanNeed: Need;
  let withdrawn: Need;

  beforeAll(async () => {
    target = await record({ title: '儿童课后托管', category: 'children' });
    duplicate = await record({ title: '放学后无人看护', category: 'children', collectedOn: '2025-04-01' });
    heshanNeed = await record({
      communityId: fixture.communities.heshan,
      title: '儿童课后托管',
      category: 'children',
    });
    withdrawn = await record({ title: '四点半课堂', category: 'children' });
    await fixture.needs.closeNeed({ needId: withdrawn.id, outcome: 'withdrawn', closedOn: '2025-05-01' });
  });

  it('a merge into itself', async () => {
    await expectRefusal(
      fixture,
      () => fixture.needs.mergeNeed(merge(duplicate, duplicate)),
      'VALIDATION_FAILED',
      ['input', 'intoNeedId'],
    );
  });

  it('a merge into a need of another community', async () => {
    const error = await expectRefusal(
      fixture,
      () => fixture.needs.mergeNeed(merge(duplicate, heshanNeed)),
      'VALIDATION_FAILED',
      ['input', 'intoNeedId'],
    );
    expect(error.details).toMatchObject({ targetCommunityId: fixture.communities.heshan });
  });

  it('a merge into a withdrawn need', async () => {
    await expectRefusal(
      fixture,
      () => fixture.needs.mergeNeed(merge(duplicate, withdrawn)),
      'STATUS_NOT_ALLOWED',
      ['input', 'intoNeedId'],
    );
  });

  it('a merge of a need already closed', async () => {
    const error = await expectRefusal(
      fixture,
      () => fixture.needs.mergeNeed(merge(withdrawn, target)),
      'STATUS_NOT_ALLOWED',
      ['input', 'needId'],
    );
    expect(error.details).toMatchObject({ state: 'withdrawn', event: 'merge', allowed: [] });
  });

  it.each([
    ['no reason', { reason: undefined }, 'REASON_REQUIRED', 'reason'],
    ['a blank reason', { reason: '  ' }, 'REASON_REQUIRED', 'reason'],
    [
      'a reason naming a resident by mobile number',
      { reason: '同为 13912345678 反映' },
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      'reason',
    ],
    ['a day after today', { mergedOn: '2025-10-01' }, 'DATE_IN_FUTURE', 'mergedOn'],
    [
      'a day before the duplicate was collected',
      { mergedOn: '2025-03-31' },
      'INVALID_DATE_RANGE',
      'mergedOn',
    ],
    [
      'a version the duplicate is no longer at',
      { expectedVersion: 7 },
      'VERSION_CONFLICT',
      'expectedVersion',
    ],
    ['an id that cannot exist', { intoNeedId: 0 }, 'NOT_FOUND', 'intoNeedId'],
    ['a need that does not exist', { intoNeedId: 999_999 }, 'NOT_FOUND', 'intoNeedId'],
  ])('%s', async (_what, extra, code, field) => {
    await expectRefusal(fixture, () => fixture.needs.mergeNeed(merge(duplicate, target, extra)), code, [
      'input',
      field,
    ]);
  });

  it('a need the caller cannot see answers NOT_FOUND, as a missing one', async () => {
    // 何山社区 staff see no need of 狮山社区; 枫桥街道 staff neither.
    for (const actor of [staff.otherCommunity, staff.otherSubdistrict]) {
      const hidden = await expectRefusal(
        fixture,
        () => fixture.needsAs(actor).mergeNeed(merge(duplicate, target)),
        'NOT_FOUND',
        ['input', 'needId'],
      );
      const missing = await expectRefusal(
        fixture,
        () => fixture.needsAs(actor).mergeNeed(merge(duplicate, target, { needId: 999_999 })),
        'NOT_FOUND',
        ['input', 'needId'],
      );
      expect(hidden.message.replace(String(duplicate.id), 'ID')).toBe(
        missing.message.replace('999999', 'ID'),
      );
    }
    // 狮山社区 staff see their need but not 何山社区's: the target is missing to them.
    await expectRefusal(
      fixture,
      () => fixture.needsAs(staff.community).mergeNeed(merge(duplicate, heshanNeed)),
      'NOT_FOUND',
      ['input', 'intoNeedId'],
    );
  });

  it('a caller who sees the need but may not record needs answers FORBIDDEN', async () => {
    await expectRefusal(
      fixture,
      () => fixture.needsAs(staff.evaluator).mergeNeed(merge(duplicate, target)),
      'FORBIDDEN',
    );
  });
});
