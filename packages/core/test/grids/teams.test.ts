/**
 * Grid teams, "1+2+N" (docs/domain.md §7.2): set as a whole from a day, matched by account and by
 * volunteer, checked against policy grid.team_composition in force at the grid (TEAM_BELOW_COMPOSITION
 * with the figures); informants are registered volunteers the caller can see; a member leaves
 * unless the team would drop below the composition. Names are shown to the grid's staff only.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { recordIsVisible } from '../../src/access/index.js';
import { createPolicyService } from '../../src/policies/index.js';
import { auditLog } from '../../src/schema/index.js';
import { computeResidentIdCheck } from '../../src/validators/index.js';
import { createVolunteerService } from '../../src/volunteers/index.js';
import {
  createGridDistrict,
  DISTRICT,
  type ExpectedRefusal,
  expectRefused,
  type GridDistrict,
  NOW,
  TODAY,
} from '../grid-events/fixture.js';
import { fixtureTeam, openMembers, planAs, registerVolunteer } from './helpers.js';

let d: GridDistrict;
let informant2: number;
let withdrawn: number;
let ofFengqiao: number;

beforeAll(async () => {
  d = await createGridDistrict();
  informant2 = await registerVolunteer(d, '吴信息');
  withdrawn = await registerVolunteer(d, '郑退出');
  await createVolunteerService(d.database, { today: () => TODAY, now: () => NOW }).withdrawVolunteer({
    id: withdrawn,
    withdrawnOn: '2026-01-15',
  });
  // A volunteer living in 枫桥社区: 狮山社区's staff do not see it.
  const volunteers = createVolunteerService(d.database, { today: () => TODAY, now: () => NOW });
  const first17 = `${DISTRICT}19900101555`;
  ofFengqiao = (
    await volunteers.registerVolunteer({
      name: '冯枫桥',
      residentId: first17 + computeResidentIdCheck(first17),
      homeCommunityId: d.communities.fengqiao,
      registeredOn: '2025-06-01',
    })
  ).id;
});
afterAll(async () => {
  await d?.database.close();
});

describe('setGridTeam', () => {
  it('sets a new team on a grid without one, audited', async () => {
    const result = await planAs(d, d.actors.shishan).setGridTeam({
      gridId: d.grids.grid2,
      effectiveOn: '2026-03-01',
      members: [
        { role: 'worker', memberName: '钱网格员', accountId: 'wg-ss-21' },
        { role: 'head', memberName: '孙网格长', accountId: 'wg-ss-20' },
        { role: 'informant', memberName: '吴信息', volunteerId: informant2 },
        { role: 'worker', memberName: '陈网格员', accountId: 'wg-ss-22' },
      ],
    });
    expect(result.members.map((m) => [m.role, m.memberName, m.joinedOn])).toEqual([
      ['head', '孙网格长', '2026-03-01'],
      ['worker', '钱网格员', '2026-03-01'],
      ['worker', '陈网格员', '2026-03-01'],
      ['informant', '吴信息', '2026-03-01'],
    ]);
    expect(result).toMatchObject({ leftIds: [], updatedIds: [] });
    expect(result.joinedIds).toHaveLength(4);
    const [entry] = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'grid_team.set'), eq(auditLog.entityId, d.grids.grid2)));
    expect(entry).toMatchObject({ entityType: 'grid', actorId: d.actors.shishan.id });
  });

  it('replaces a team as a whole: the unlisted leave, the new join, the listed stay; a change of role is a leaving and a joining', async () => {
    const before = await openMembers(d, d.grids.grid1);
    const byAccount = new Map(before.map((m) => [m.accountId ?? `v${m.volunteerId}`, m]));
    const result = await planAs(d).setGridTeam({
      gridId: d.grids.grid1,
      members: [
        // 李网格员 becomes head; 王网格长 leaves; 赵 stays with a corrected name; two workers and an informant join.
        { role: 'head', memberName: '李网格员', accountId: 'wg-ss-01' },
        { role: 'worker', memberName: '赵网格员（组长）', accountId: 'wg-ss-02' },
        { role: 'worker', memberName: '蒋网格员', accountId: 'wg-ss-03' },
        { role: 'worker', memberName: '韩网格员', accountId: 'wg-ss-04' },
        { role: 'informant', memberName: '周信息', volunteerId: d.informantVolunteerId },
        { role: 'informant', memberName: '吴信息', volunteerId: informant2 },
      ],
    });
    const head = byAccount.get('wg-ss-head')!;
    const li = byAccount.get('wg-ss-01')!;
    const zhao = byAccount.get('wg-ss-02')!;
    const zhou = byAccount.get(`v${d.informantVolunteerId}`)!;
    expect(result.leftIds.sort((a, b) => a - b)).toEqual([head.id, li.id].sort((a, b) => a - b));
    expect(result.updatedIds).toEqual([zhao.id]);
    expect(result.joinedIds).toHaveLength(4);
    expect(result.members.map((m) => [m.role, m.memberName, m.accountId, m.joinedOn])).toEqual([
      ['head', '李网格员', 'wg-ss-01', TODAY],
      ['worker', '赵网格员（组长）', 'wg-ss-02', '2024-01-01'],
      ['worker', '蒋网格员', 'wg-ss-03', TODAY],
      ['worker', '韩网格员', 'wg-ss-04', TODAY],
      ['informant', '周信息', null, '2024-01-01'],
      ['informant', '吴信息', null, TODAY],
    ]);
    expect(result.members.find((m) => m.id === zhou.id)).toBeDefined();
    // Who was head on which day is kept.
    const reads = planAs(d);
    expect((await reads.teamOf({ gridId: d.grids.grid1, day: '2026-03-01' }))[0]).toMatchObject({
      role: 'head',
      memberName: '王网格长',
    });
    expect((await reads.teamOf({ gridId: d.grids.grid1 }))[0]).toMatchObject({
      role: 'head',
      memberName: '李网格员',
    });

    // Setting the same team again changes nothing and writes no audit entry.
    const audits = await d.database.db.select().from(auditLog).where(eq(auditLog.action, 'grid_team.set'));
    const same = await planAs(d).setGridTeam({
      gridId: d.grids.grid1,
      members: result.members.map((m) => ({
        role: m.role as never,
        memberName: m.memberName,
        accountId: m.role === 'informant' ? null : m.accountId,
        volunteerId: m.volunteerId,
      })),
    });
    expect(same).toMatchObject({ joinedIds: [], leftIds: [], updatedIds: [] });
    expect(
      await d.database.db.select().from(auditLog).where(eq(auditLog.action, 'grid_team.set')),
    ).toHaveLength(audits.length);
  });

  it('refuses a team below the composition (1+1+0) with the figures, changing nothing', async () => {
    await expectRefused(
      d.database,
      () =>
        planAs(d).setGridTeam({
          gridId: d.grids.fengqiao,
          members: [
            { role: 'head', memberName: '冯网格长', accountId: 'wg-fq-head' },
            { role: 'worker', memberName: '褚网格员', accountId: 'wg-fq-01' },
          ],
        }),
      {
        code: 'TEAM_BELOW_COMPOSITION',
        path: ['input', 'members'],
        details: {
          required: { heads: 1, minWorkers: 2, minInformants: 1 },
          actual: { heads: 1, workers: 1, informants: 0 },
          short: ['worker', 'informant'],
        },
      },
    );
  });

  it('reads the composition in force at the grid: a subdistrict’s own policy applies to its grids', async () => {
    await createPolicyService(d.database, { today: () => TODAY }).setPolicy({
      key: 'grid.team_composition',
      jurisdictionCode: '320505002',
      effectiveFrom: TODAY,
      value: { heads: 1, minWorkers: 3, minInformants: 0 },
      source: '枫桥街道网格化服务管理办法（2026）',
    });
    const team = [
      { role: 'head', memberName: '冯网格长', accountId: 'wg-fq-head' },
      { role: 'worker', memberName: '褚网格员', accountId: 'wg-fq-01' },
      { role: 'worker', memberName: '卫网格员', accountId: 'wg-fq-02' },
    ] as const;
    const refusal = await expectRefused(
      d.database,
      () => planAs(d, d.actors.fengqiao).setGridTeam({ gridId: d.grids.fengqiao, members: team }),
      { code: 'TEAM_BELOW_COMPOSITION', path: ['input', 'members'], details: { short: ['worker'] } },
    );
    expect(refusal.details).toMatchObject({ policySource: '枫桥街道网格化服务管理办法（2026）' });
    const set = await planAs(d, d.actors.fengqiao).setGridTeam({
      gridId: d.grids.fengqiao,
      members: [...team, { role: 'worker', memberName: '蒋网格员', accountId: 'wg-fq-03' }],
    });
    expect(set.members).toHaveLength(4);
  });

  const member = (role: string, name: string, identity: Record<string, unknown>) => ({
    role,
    memberName: name,
    ...identity,
  });
  const refusals: [string, () => unknown[] | unknown, ExpectedRefusal][] = [
    [
      'an informant who has withdrawn',
      () => [...fixtureTeam(d).slice(0, 3), member('informant', '郑退出', { volunteerId: withdrawn })],
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'members', 3, 'volunteerId'] },
    ],
    [
      'an informant the caller cannot see',
      () => [...fixtureTeam(d), member('informant', '冯枫桥', { volunteerId: ofFengqiao })],
      { code: 'NOT_FOUND', path: ['input', 'members', 4, 'volunteerId'] },
    ],
    [
      'a volunteer that does not exist',
      () => [...fixtureTeam(d), member('informant', '无名', { volunteerId: 999_999 })],
      { code: 'NOT_FOUND', path: ['input', 'members', 4, 'volunteerId'] },
    ],
    [
      'the same account twice (at the second)',
      () => [...fixtureTeam(d), member('worker', '重复', { accountId: 'wg-ss-01' })],
      { code: 'VALIDATION_FAILED', path: ['input', 'members', 4, 'accountId'] },
    ],
    [
      'the same volunteer twice (at the second)',
      () => [...fixtureTeam(d), member('informant', '重复', { volunteerId: d.informantVolunteerId })],
      { code: 'VALIDATION_FAILED', path: ['input', 'members', 4, 'volunteerId'] },
    ],
    [
      'two heads',
      () => [...fixtureTeam(d), member('head', '第二网格长', { accountId: 'wg-ss-99' })],
      { code: 'VALIDATION_FAILED', path: ['input', 'members', 4, 'role'] },
    ],
    [
      'a worker without an account',
      () => [...fixtureTeam(d), member('worker', '无账号', {})],
      { code: 'VALIDATION_FAILED', path: ['input', 'members', 4, 'accountId'] },
    ],
    [
      'a worker naming a volunteer',
      () => [
        ...fixtureTeam(d),
        member('worker', '志愿者', { accountId: 'wg-ss-98', volunteerId: informant2 }),
      ],
      { code: 'VALIDATION_FAILED', path: ['input', 'members', 4, 'volunteerId'] },
    ],
    [
      'an informant without a volunteer',
      () => [...fixtureTeam(d), member('informant', '无登记', { accountId: 'app-9' })],
      { code: 'VALIDATION_FAILED', path: ['input', 'members', 4, 'volunteerId'] },
    ],
    [
      'an unknown role',
      () => [...fixtureTeam(d), member('captain', '队长', { accountId: 'wg-ss-97' })],
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'members', 4, 'role'] },
    ],
    [
      'an empty name',
      () => [...fixtureTeam(d), member('worker', '', { accountId: 'wg-ss-96' })],
      { code: 'INVALID_NAME', path: ['input', 'members', 4, 'memberName'] },
    ],
    ['members that are no list', () => 'wg-ss-01', { code: 'VALIDATION_FAILED', path: ['input', 'members'] }],
  ];
  it.each(refusals)('refuses %s, changing nothing', async (_label, members, expected) => {
    // 网格二 has a full team; the caller is 狮山社区's staff.
    await expectRefused(
      d.database,
      () => planAs(d, d.actors.shishan).setGridTeam({ gridId: d.grids.grid2, members: members() as never }),
      expected,
    );
  });

  it('refuses a day after today, a day before a leaving member joined, and callers elsewhere', async () => {
    const team = [
      { role: 'head', memberName: '孙网格长', accountId: 'wg-ss-20' },
      { role: 'worker', memberName: '钱网格员', accountId: 'wg-ss-21' },
      { role: 'worker', memberName: '韩网格员', accountId: 'wg-ss-23' },
      { role: 'informant', memberName: '吴信息', volunteerId: informant2 },
    ] as const;
    const set =
      (change: Record<string, unknown>, actor: Actor = d.actors.shishan) =>
      () =>
        planAs(d, actor).setGridTeam({ gridId: d.grids.grid2, members: team, ...change });
    await expectRefused(d.database, set({ effectiveOn: '2026-03-03' }), {
      code: 'DATE_IN_FUTURE',
      path: ['input', 'effectiveOn'],
    });
    // 陈网格员 (not listed) joined on 2026-03-01.
    await expectRefused(d.database, set({ effectiveOn: '2026-02-28' }), {
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'effectiveOn'],
    });
    await expectRefused(d.database, set({}, d.actors.fengqiao), { code: 'FORBIDDEN', path: [] });
    await expectRefused(d.database, set({}, d.actors.gridWorker), { code: 'FORBIDDEN', path: [] });
    await expectRefused(d.database, set({ gridId: 999_999 }), {
      code: 'NOT_FOUND',
      path: ['input', 'gridId'],
    });
  });
});

describe('leaveGridTeam', () => {
  it('lets a member go while the team keeps its composition, and refuses the leave that would break it', async () => {
    // 网格二: head, two workers, one informant: no worker may leave alone.
    const team = await openMembers(d, d.grids.grid2);
    const workers = team.filter((m) => m.role === 'worker');
    await expectRefused(
      d.database,
      () => planAs(d, d.actors.shishan).leaveGridTeam({ memberId: workers[0]!.id }),
      {
        code: 'TEAM_BELOW_COMPOSITION',
        path: ['input', 'memberId'],
        details: { actual: { heads: 1, workers: 1, informants: 1 }, short: ['worker'] },
      },
    );
    // 网格一 has three workers since its team was set: one may leave.
    const grid1 = await openMembers(d, d.grids.grid1);
    const jiang = grid1.find((m) => m.accountId === 'wg-ss-03')!;
    const left = await planAs(d, d.actors.centre).leaveGridTeam({ memberId: jiang.id, leftOn: TODAY });
    expect(left).toMatchObject({ leftOn: TODAY, version: 2 });
    await expectRefused(d.database, () => planAs(d).leaveGridTeam({ memberId: jiang.id }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'memberId'],
    });
    // One of two informants may leave; a day before joining may not be its last.
    const wu = grid1.find((m) => m.volunteerId === informant2)!;
    await expectRefused(
      d.database,
      () => planAs(d).leaveGridTeam({ memberId: wu.id, leftOn: '2026-03-01' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'leftOn'],
      },
    );
    expect((await planAs(d).leaveGridTeam({ memberId: wu.id })).leftOn).toBe(TODAY);
  });

  it('answers a member the caller cannot see as missing', async () => {
    const [head] = await openMembers(d, d.grids.grid2);
    for (const actor of [d.actors.public, d.actors.resident, d.actors.fengqiao]) {
      await expectRefused(d.database, () => planAs(d, actor).leaveGridTeam({ memberId: head!.id }), {
        code: 'NOT_FOUND',
        path: ['input', 'memberId'],
      });
    }
  });
});

describe('who sees a team', () => {
  it('shows names to district roles and the grid’s unit; an informant sees its own place; no one else', async () => {
    const teamSeenBy = async (actor: (typeof d.actors)[keyof typeof d.actors]) =>
      (await planAs(d, actor).teamOf({ gridId: d.grids.grid1 })).map((m) => m.memberName);
    const full = ['李网格员', '赵网格员（组长）', '韩网格员', '周信息'];
    expect(await teamSeenBy(d.actors.admin)).toEqual(full);
    expect(await teamSeenBy(d.actors.cg)).toEqual(full);
    expect(await teamSeenBy(d.actors.centre)).toEqual(full);
    expect(await teamSeenBy(d.actors.shishan)).toEqual(full);
    expect(await teamSeenBy(d.actors.otherGridWorker)).toEqual(full);
    expect(await teamSeenBy(d.actors.informant)).toEqual(['周信息']);
    for (const actor of [d.actors.fengqiao, d.actors.public, d.actors.resident]) {
      expect(await teamSeenBy(actor)).toEqual([]);
    }
    const [head] = await planAs(d).teamOf({ gridId: d.grids.grid1 });
    expect(
      await recordIsVisible(d.database.db, d.actors.public, DISTRICT, 'grid_team_member', head!.id),
    ).toBe(false);
    expect(await planAs(d, d.actors.resident).teamMemberById(head!.id)).toBeUndefined();
    expect((await planAs(d, d.actors.gridWorker).teamMemberById(head!.id))?.memberName).toBe('李网格员');
  });
});
