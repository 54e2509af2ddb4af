/**
 * Designing a service project (docs/domain.md §6.2): a draft with its budget lines summed, its
 * indicators, the communities it serves and the needs it answers (an open need becomes answered);
 * every refusal with its code and path, and nothing changed; who may design where (§14).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/audit/index.js';
import type { DesignProjectInput } from '../../src/projects/index.js';
import type { Need } from '../../src/schema/index.js';
import {
  type ChainFixture,
  createChainFixture,
  DISTRICT,
  expectRefusal,
  FENGQIAO,
  needInput,
  projectInput,
  SHISHAN,
  staff,
} from '../needs/fixture.js';

let fixture: ChainFixture;
let open: Need;
let heshanNeed: Need;
let fengqiaoNeed: Need;
let withdrawn: Need;

beforeAll(async () => {
  fixture = await createChainFixture();
  const record = (overrides: Parameters<typeof needInput>[1]) =>
    fixture.needs.recordNeed(needInput(fixture, overrides));
  open = await record({ title: '独居老人助餐' });
  heshanNeed = await record({ communityId: fixture.communities.heshan, title: '高龄老人探访' });
  fengqiaoNeed = await record({ communityId: fixture.communities.fengqiao, title: '老人助浴' });
  withdrawn = await record({ title: '老年大学报名' });
  await fixture.needs.closeNeed({ needId: withdrawn.id, outcome: 'withdrawn' });
});

afterAll(async () => {
  await fixture?.database.close();
});

describe('a project designed', () => {
  it('is a draft whose budget is the sum of its numbered lines, answering its needs', async () => {
    const project = await fixture.projects.designProject(
      projectInput(fixture, {
        needIds: [open.id, heshanNeed.id],
        communityIds: [fixture.communities.shishan, fixture.communities.heshan],
      }),
    );
    expect(project).toMatchObject({
      districtCode: DISTRICT,
      status: 'draft',
      unitCode: '320505001',
      methods: ['casework', 'community_work'],
      budgetFen: 30_000_000,
      approvedOn: null,
      closedOn: null,
      version: 1,
    });
    const lines = await fixture.projects.projectBudgetLines(project.id);
    expect(lines.map((line) => [line.lineNumber, line.category, line.amountFen])).toEqual([
      [1, 'personnel', 18_000_000],
      [2, 'activities', 10_000_000],
      [3, 'evaluation', 2_000_000],
    ]);
    const indicators = await fixture.projects.projectIndicators(project.id);
    expect(indicators.map((indicator) => [indicator.kind, indicator.target, indicator.achieved])).toEqual([
      ['output', 8000, null],
      ['outcome', 90, null],
    ]);
    expect(
      (await fixture.projects.projectCommunities(project.id)).map((community) => community.code),
    ).toEqual([SHISHAN, '320505001002']);
    // Linking answers an open need; the link is dated the day of the design.
    const answered = await fixture.projects.projectNeeds(project.id);
    expect(answered.map((need) => [need.id, need.status, need.linkedOn])).toEqual([
      [open.id, 'answered', '2025-09-30'],
      [heshanNeed.id, 'answered', '2025-09-30'],
    ]);
    const [entry] = await readAuditLog(fixture.database.db, DISTRICT, {
      entityType: 'service_project',
      entityId: project.id,
    });
    expect(entry).toMatchObject({ action: 'service_project.design' });
    expect(entry!.after).toMatchObject({ budgetFen: 30_000_000, needIds: [open.id, heshanNeed.id] });
  });

  it('may answer a need another project answers already, which stays answered', async () => {
    const second = await fixture.projects.designProject(
      projectInput(fixture, { name: '助餐点建设', needIds: [open.id] }),
    );
    expect((await fixture.projects.needProjects(open.id)).map((project) => project.id)).toContain(second.id);
    expect((await fixture.needs.getNeed(open.id))!.status).toBe('answered');
  });

  it('may be designed by a community for itself, and by the district for any community', async () => {
    const own = await fixture
      .projectsAs(staff.community)
      .designProject(projectInput(fixture, { unitCode: SHISHAN, budgetLines: [], indicators: [] }));
    expect(own).toMatchObject({ unitCode: SHISHAN, budgetFen: 0 });
    const district = await fixture.projects.designProject(
      projectInput(fixture, {
        unitCode: DISTRICT,
        communityIds: [fixture.communities.shishan, fixture.communities.fengqiao],
        needIds: [fengqiaoNeed.id],
      }),
    );
    expect(district.unitCode).toBe(DISTRICT);
  });
});

describe('refused', () => {
  const cases: [string, (f: ChainFixture) => Partial<DesignProjectInput>, string, (string | number)[]][] = [
    [
      'a unit code that is no division code',
      () => ({ unitCode: '3205' }),
      'INVALID_DIVISION_CODE',
      ['unitCode'],
    ],
    ['a unit of another district', () => ({ unitCode: '320506001' }), 'CODE_OUTSIDE_DISTRICT', ['unitCode']],
    ['a unit that does not exist', () => ({ unitCode: '320505009' }), 'NOT_FOUND', ['unitCode']],
    [
      'a name with a resident ID',
      () => ({ name: '320505199001011234 助老' }),
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['name'],
    ],
    [
      'goals with a mobile number',
      () => ({ goals: '咨询 138-0013-8000' }),
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['goals'],
    ],
    [
      'an unknown service domain',
      () => ({ serviceDomain: 'sports' }),
      'INVALID_CODE_LIST_VALUE',
      ['serviceDomain'],
    ],
    ['no method', () => ({ methods: [] }), 'VALIDATION_FAILED', ['methods']],
    [
      'an unknown method',
      () => ({ methods: ['casework', 'therapy' as never] }),
      'INVALID_CODE_LIST_VALUE',
      ['methods', 1],
    ],
    ['an end before the start', () => ({ endsOn: '2025-09-30' }), 'INVALID_DATE_RANGE', ['endsOn']],
    ['a start that is no date', () => ({ startsOn: '2025-13-01' }), 'INVALID_DATE', ['startsOn']],
    [
      'a negative line',
      () => ({ budgetLines: [{ category: 'other', description: '其他', amountFen: -5 }] }),
      'INVALID_NUMBER',
      ['budgetLines', 0, 'amountFen'],
    ],
    [
      'a line of an unknown category',
      () => ({ budgetLines: [{ category: 'travel' as never, description: '差旅', amountFen: 5 }] }),
      'INVALID_CODE_LIST_VALUE',
      ['budgetLines', 0, 'category'],
    ],
    [
      'a target of three decimals',
      () => ({ indicators: [{ kind: 'output', description: '人次', unit: '人次', target: 1.005 }] }),
      'INVALID_NUMBER',
      ['indicators', 0, 'target'],
    ],
    ['no community served', () => ({ communityIds: [] }), 'VALIDATION_FAILED', ['communityIds']],
    [
      'a community that does not exist',
      () => ({ communityIds: [999_999] }),
      'NOT_FOUND',
      ['communityIds', 0],
    ],
    [
      'a community outside the unit',
      (f) => ({ communityIds: [f.communities.shishan, f.communities.fengqiao] }),
      'VALIDATION_FAILED',
      ['communityIds', 1],
    ],
    [
      'a community retired before the project starts',
      (f) => ({ communityIds: [f.communities.tayuan] }),
      'UNIT_NOT_IN_FORCE',
      ['communityIds', 0],
    ],
    [
      'a need of a community not served',
      () => ({ needIds: [heshanNeed.id] }),
      'VALIDATION_FAILED',
      ['needIds', 0],
    ],
    ['a need withdrawn', () => ({ needIds: [open.id, withdrawn.id] }), 'STATUS_NOT_ALLOWED', ['needIds', 1]],
    ['a need that does not exist', () => ({ needIds: [999_999] }), 'NOT_FOUND', ['needIds', 0]],
  ];

  it.each(cases)('%s', async (_what, overrides, code, path) => {
    await expectRefusal(
      fixture,
      () => fixture.projects.designProject(projectInput(fixture, overrides(fixture))),
      code,
      ['input', ...path],
    );
  });

  it('a need the designer cannot see, as a missing one', async () => {
    // 狮山社区 staff designing for their community cannot see 枫桥's need.
    await expectRefusal(
      fixture,
      () =>
        fixture
          .projectsAs(staff.community)
          .designProject(projectInput(fixture, { unitCode: SHISHAN, needIds: [fengqiaoNeed.id] })),
      'NOT_FOUND',
      ['input', 'needIds', 0],
    );
  });
});

describe('jurisdiction', () => {
  it.each([
    ['community staff, for the subdistrict', staff.community, {}],
    ['community staff, for another community', staff.otherCommunity, { unitCode: SHISHAN }],
    ['subdistrict staff, for another subdistrict', staff.otherSubdistrict, {}],
    ['subdistrict staff, for the district', staff.subdistrict, { unitCode: DISTRICT }],
    ['an evaluator', staff.evaluator, {}],
    ['the public', staff.public, { unitCode: FENGQIAO }],
  ])('refuses %s as FORBIDDEN', async (_who, actor, overrides) => {
    await expectRefusal(
      fixture,
      () => fixture.projectsAs(actor).designProject(projectInput(fixture, overrides)),
      'FORBIDDEN',
    );
  });
});
