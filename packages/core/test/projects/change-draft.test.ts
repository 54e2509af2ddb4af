/**
 * Revising a draft (docs/domain.md §6.2): each field given replaces what the draft holds (lines
 * renumbered and summed, indicators written anew, communities and needs set), fields not given
 * stay; an approved project is not revised; every refusal with its code and path, and nothing
 * changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/index.js';
import type { Need, ServiceProject } from '../../src/schema/index.js';
import {
  type ChainFixture,
  createChainFixture,
  DISTRICT,
  expectRefusal,
  needInput,
  projectInput,
  staff,
} from '../needs/fixture.js';

let fixture: ChainFixture;
let shishanNeed: Need;
let heshanNeed: Need;
let project: ServiceProject;

beforeAll(async () => {
  fixture = await createChainFixture();
  shishanNeed = await fixture.needs.recordNeed(needInput(fixture, { title: '老人助餐' }));
  heshanNeed = await fixture.needs.recordNeed(
    needInput(fixture, { communityId: fixture.communities.heshan, title: '老人探访' }),
  );
  project = await fixture.projects.designProject(projectInput(fixture, { needIds: [shishanNeed.id] }));
});

afterAll(async () => {
  await fixture?.database.close();
});

describe('a revision', () => {
  it('replaces the lines, renumbered, and the budget with their sum; keeps what it does not name', async () => {
    const revised = await fixture.projectsAs(staff.subdistrict).changeProjectDraft({
      projectId: project.id,
      expectedVersion: 1,
      budgetLines: [
        { category: 'activities', description: '助餐活动', amountFen: 12_000_000 },
        { category: 'management', description: '项目管理', amountFen: 1_500_000 },
      ],
      endsOn: '2026-06-30',
    });
    expect(revised).toMatchObject({
      budgetFen: 13_500_000,
      endsOn: '2026-06-30',
      name: project.name,
      goals: project.goals,
      startsOn: project.startsOn,
      version: 2,
    });
    expect(
      (await fixture.projects.projectBudgetLines(project.id)).map((line) => [
        line.lineNumber,
        line.amountFen,
      ]),
    ).toEqual([
      [1, 12_000_000],
      [2, 1_500_000],
    ]);
    expect((await fixture.projects.projectIndicators(project.id)).length).toBe(2);
    const [entry] = await readAuditLog(fixture.database.db, DISTRICT, {
      entityType: 'service_project',
      entityId: project.id,
    });
    expect(entry).toMatchObject({ action: 'service_project.change' });
    expect((entry!.before as { budgetLines: unknown[] }).budgetLines).toHaveLength(3);
    project = revised;
  });

  it('sets the communities and needs: needs no longer named reopen, new ones are answered', async () => {
    const revised = await fixture.projects.changeProjectDraft({
      projectId: project.id,
      communityIds: [fixture.communities.shishan, fixture.communities.heshan],
      needIds: [heshanNeed.id],
      indicators: [{ kind: 'output', description: '探访人次', unit: '人次', target: 1200 }],
      expectedVersion: project.version,
    });
    expect(revised.version).toBe(project.version + 1);
    expect(await fixture.needs.getNeed(shishanNeed.id)).toMatchObject({ status: 'open' });
    expect(await fixture.needs.getNeed(heshanNeed.id)).toMatchObject({ status: 'answered' });
    expect((await fixture.projects.projectNeeds(project.id)).map((need) => need.id)).toEqual([heshanNeed.id]);
    expect((await fixture.projects.projectCommunities(project.id)).map((community) => community.id)).toEqual([
      fixture.communities.shishan,
      fixture.communities.heshan,
    ]);
    expect(
      (await fixture.projects.projectIndicators(project.id)).map((indicator) => [
        indicator.description,
        indicator.target,
      ]),
    ).toEqual([['探访人次', 1200]]);
    project = revised;
  });
});

describe('refused', () => {
  it('a revision that changes nothing', async () => {
    await expectRefusal(
      fixture,
      () => fixture.projects.changeProjectDraft({ projectId: project.id }),
      'VALIDATION_FAILED',
      ['input'],
    );
  });

  it('communities that no longer hold a need it answers', async () => {
    await expectRefusal(
      fixture,
      () =>
        fixture.projects.changeProjectDraft({
          projectId: project.id,
          communityIds: [fixture.communities.shishan],
        }),
      'VALIDATION_FAILED',
      ['input', 'communityIds'],
    );
  });

  it.each([
    ['a start after the end it keeps', { startsOn: '2026-07-01' }, 'INVALID_DATE_RANGE', ['startsOn']],
    ['an empty name', { name: '' }, 'VALIDATION_FAILED', ['name']],
    ['no method', { methods: [] }, 'VALIDATION_FAILED', ['methods']],
    ['a need that does not exist', { needIds: [999_999] }, 'NOT_FOUND', ['needIds', 0]],
    [
      'a version it is no longer at',
      { expectedVersion: 1, name: '新名称' },
      'VERSION_CONFLICT',
      ['expectedVersion'],
    ],
  ])('%s', async (_what, extra, code, path) => {
    await expectRefusal(
      fixture,
      () => fixture.projects.changeProjectDraft({ projectId: project.id, ...extra }),
      code,
      ['input', ...path],
    );
  });

  it('an approved project: what was approved stays', async () => {
    const other = await fixture.projects.designProject(projectInput(fixture, { name: '已批准项目' }));
    await fixture.projects.approveProject({ projectId: other.id });
    const error = await expectRefusal(
      fixture,
      () => fixture.projects.changeProjectDraft({ projectId: other.id, name: '改名' }),
      'STATUS_NOT_ALLOWED',
      ['input', 'projectId'],
    );
    expect(error.details).toMatchObject({ state: 'approved', event: 'reviseDraft' });
  });

  it('a caller outside the unit, or one who cannot see it', async () => {
    await expectRefusal(
      fixture,
      () => fixture.projectsAs(staff.community).changeProjectDraft({ projectId: project.id, name: '改名' }),
      'FORBIDDEN',
    );
    await expectRefusal(
      fixture,
      () =>
        fixture
          .projectsAs(staff.otherSubdistrict)
          .changeProjectDraft({ projectId: project.id, name: '改名' }),
      'NOT_FOUND',
      ['input', 'projectId'],
    );
  });
});
