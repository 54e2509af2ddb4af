/**
 * Needs and projects traceable both ways (docs/domain.md §6.1: "project_needs links a need to each
 * project that answers it, read from either side"): linking a further need to a draft or an
 * approved project, unlinking from a draft, what each side reads, and what is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Need, ServiceProject } from '../../src/schema/index.js';
import {
  type ChainFixture,
  createChainFixture,
  expectRefusal,
  needInput,
  projectInput,
  staff,
} from '../needs/fixture.js';

let fixture: ChainFixture;
let approved: ServiceProject;
let draft: ServiceProject;

beforeAll(async () => {
  fixture = await createChainFixture();
  const designed = await fixture.projects.designProject(projectInput(fixture));
  approved = await fixture.projects.approveProject({ projectId: designed.id, approvedOn: '2025-09-01' });
  draft = await fixture.projects.designProject(projectInput(fixture, { name: '邻里互助站' }));
});

afterAll(async () => {
  await fixture?.database.close();
});

const record = (overrides: Parameters<typeof needInput>[1] = {}) =>
  fixture.needs.recordNeed(needInput(fixture, overrides));

describe('linking', () => {
  it('links an approved project to a further need, read from both sides', async () => {
    const need = await record({ title: '老人理发' });
    const link = await fixture.projectsAs(staff.subdistrict).linkNeed({
      projectId: approved.id,
      needId: need.id,
      linkedOn: '2025-09-25',
      expectedVersion: approved.version,
    });
    expect(link).toMatchObject({ projectId: approved.id, needId: need.id, linkedOn: '2025-09-25' });
    expect(await fixture.needs.getNeed(need.id)).toMatchObject({ status: 'answered', version: 2 });
    expect(
      (await fixture.projects.needProjects(need.id)).map((project) => [project.id, project.linkedOn]),
    ).toEqual([[approved.id, '2025-09-25']]);
    expect((await fixture.projects.projectNeeds(approved.id)).map((row) => row.id)).toContain(need.id);
    // A link is its own record: the project's row stays as it was.
    expect(await fixture.projects.getProject(approved.id)).toEqual(approved);
  });

  it('links several projects to one need, each read back', async () => {
    const need = await record({ title: '助浴服务' });
    await fixture.projects.linkNeed({ projectId: draft.id, needId: need.id });
    await fixture.projects.linkNeed({ projectId: approved.id, needId: need.id });
    expect((await fixture.projects.needProjects(need.id)).map((project) => project.id)).toEqual([
      approved.id,
      draft.id,
    ]);
  });

  describe('refuses', () => {
    let need: Need;

    beforeAll(async () => {
      need = await record({ title: '康复器材借用', category: 'disability' });
    });

    it('a need linked already', async () => {
      await fixture.projects.linkNeed({ projectId: draft.id, needId: need.id });
      await expectRefusal(
        fixture,
        () => fixture.projects.linkNeed({ projectId: draft.id, needId: need.id }),
        'DUPLICATE_RECORD',
        ['input', 'needId'],
      );
    });

    it('a need of a community the project does not serve', async () => {
      const heshan = await record({ communityId: fixture.communities.heshan, title: '康复指导' });
      await expectRefusal(
        fixture,
        () => fixture.projects.linkNeed({ projectId: approved.id, needId: heshan.id }),
        'VALIDATION_FAILED',
        ['input', 'needId'],
      );
    });

    it('a need met, merged or withdrawn', async () => {
      const withdrawn = await record({ title: '助听器' });
      await fixture.needs.closeNeed({ needId: withdrawn.id, outcome: 'withdrawn' });
      const error = await expectRefusal(
        fixture,
        () => fixture.projects.linkNeed({ projectId: approved.id, needId: withdrawn.id }),
        'STATUS_NOT_ALLOWED',
        ['input', 'needId'],
      );
      expect(error.details).toMatchObject({ state: 'withdrawn', event: 'answer' });
    });

    it('a closed or cancelled project', async () => {
      const cancelled = await fixture.projects.designProject(projectInput(fixture, { name: '暂缓项目' }));
      await fixture.projects.cancelProject({ projectId: cancelled.id, reason: '暂缓实施' });
      await expectRefusal(
        fixture,
        () => fixture.projects.linkNeed({ projectId: cancelled.id, needId: need.id }),
        'STATUS_NOT_ALLOWED',
        ['input', 'projectId'],
      );
    });

    it.each([
      ['a day after today', { linkedOn: '2025-10-01' }, 'DATE_IN_FUTURE', 'linkedOn'],
      [
        'a version the project is no longer at',
        { expectedVersion: 5 },
        'VERSION_CONFLICT',
        'expectedVersion',
      ],
      ['a need that does not exist', { needId: 999_999 }, 'NOT_FOUND', 'needId'],
      ['a project that does not exist', { projectId: 999_999 }, 'NOT_FOUND', 'projectId'],
    ])('%s', async (_what, extra, code, field) => {
      await expectRefusal(
        fixture,
        () => fixture.projects.linkNeed({ projectId: approved.id, needId: need.id, ...extra }),
        code,
        ['input', field],
      );
    });

    it('a project or need the caller cannot see, as missing; a project outside its unit, FORBIDDEN', async () => {
      await expectRefusal(
        fixture,
        () =>
          fixture.projectsAs(staff.otherSubdistrict).linkNeed({ projectId: approved.id, needId: need.id }),
        'NOT_FOUND',
        ['input', 'projectId'],
      );
      // 狮山社区 staff see the subdistrict's project serving them, but design only their own.
      await expectRefusal(
        fixture,
        () => fixture.projectsAs(staff.community).linkNeed({ projectId: approved.id, needId: need.id }),
        'FORBIDDEN',
      );
      const own = await fixture
        .projectsAs(staff.community)
        .designProject(projectInput(fixture, { unitCode: '320505001001', name: '楼道微更新' }));
      const heshan = await record({ communityId: fixture.communities.heshan, title: '楼道照明' });
      await expectRefusal(
        fixture,
        () => fixture.projectsAs(staff.community).linkNeed({ projectId: own.id, needId: heshan.id }),
        'NOT_FOUND',
        ['input', 'needId'],
      );
    });
  });
});

describe('unlinking from a draft', () => {
  it('reopens a need no other project answers, and leaves one another answers answered', async () => {
    const alone = await record({ title: '代购药品' });
    const shared = await record({ title: '陪同就医' });
    await fixture.projects.linkNeed({ projectId: draft.id, needId: alone.id });
    await fixture.projects.linkNeed({ projectId: draft.id, needId: shared.id });
    await fixture.projects.linkNeed({ projectId: approved.id, needId: shared.id });

    const removed = await fixture.projects.unlinkNeed({ projectId: draft.id, needId: alone.id });
    expect(removed).toMatchObject({ projectId: draft.id, needId: alone.id });
    expect(await fixture.needs.getNeed(alone.id)).toMatchObject({ status: 'open', version: 3 });
    await fixture.projects.unlinkNeed({ projectId: draft.id, needId: shared.id });
    expect(await fixture.needs.getNeed(shared.id)).toMatchObject({ status: 'answered' });
    expect((await fixture.projects.needProjects(shared.id)).map((project) => project.id)).toEqual([
      approved.id,
    ]);
    expect(await fixture.projects.needProjects(alone.id)).toEqual([]);
  });

  it('refuses an approved project, whose needs are what was approved, and a need not linked', async () => {
    const need = await record({ title: '家政服务' });
    await fixture.projects.linkNeed({ projectId: approved.id, needId: need.id });
    await expectRefusal(
      fixture,
      () => fixture.projects.unlinkNeed({ projectId: approved.id, needId: need.id }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    await expectRefusal(
      fixture,
      () => fixture.projects.unlinkNeed({ projectId: draft.id, needId: need.id }),
      'NOT_FOUND',
      ['input', 'needId'],
    );
  });
});

describe('reads', () => {
  it('answer nothing for a project or need the caller cannot see', async () => {
    const need = await record({ title: '助老信息化' });
    await fixture.projects.linkNeed({ projectId: approved.id, needId: need.id });
    const outsider = fixture.projectsAs(staff.otherSubdistrict);
    expect(await outsider.getProject(approved.id)).toBeUndefined();
    expect(await outsider.projectNeeds(approved.id)).toEqual([]);
    expect(await outsider.needProjects(need.id)).toEqual([]);
    expect(await outsider.projectBudgetLines(approved.id)).toEqual([]);
    expect(await outsider.listProjects()).toEqual([]);
    // 何山社区 staff see neither the project (it serves 狮山) nor the need.
    const heshan = fixture.projectsAs(staff.otherCommunity);
    expect(await heshan.getProject(approved.id)).toBeUndefined();
    // 狮山社区 staff see both sides.
    const shishan = fixture.projectsAs(staff.community);
    expect((await shishan.needProjects(need.id)).map((project) => project.id)).toEqual([approved.id]);
    expect((await shishan.projectNeeds(approved.id)).map((row) => row.id)).toContain(need.id);
  });

  it('list projects by status, unit, community served and name', async () => {
    const reads = fixture.projects;
    expect((await reads.listProjects({ status: 'approved' })).map((project) => project.id)).toEqual([
      approved.id,
    ]);
    expect((await reads.listProjects({ nameContains: '互助' })).map((project) => project.id)).toEqual([
      draft.id,
    ]);
    expect(await reads.listProjects({ communityId: fixture.communities.fengqiao })).toEqual([]);
    const inUnit = await reads.listProjects({
      unitCode: '320505001',
      communityId: fixture.communities.shishan,
    });
    expect(inUnit.map((project) => project.id)).toEqual(expect.arrayContaining([approved.id, draft.id]));
    await expect(reads.listProjects({ status: 'open' })).rejects.toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['filter', 'status'],
    });
  });
});
