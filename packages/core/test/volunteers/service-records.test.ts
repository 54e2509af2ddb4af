/**
 * Service records (志愿服务记录办法, 民政部令第67号; docs/domain.md §5.2): recorded and so
 * certified by whoever organized the service (谁组织谁记录、谁记录谁证明), never by the volunteer
 * itself; the time actually served; one person in one place at a time; corrections are new
 * records. Every refusal is typed and changes nothing.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Volunteer, VolunteerTeam } from '../../src/schema/index.js';
import { timeBankEarnings } from '../../src/schema/time-bank.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import {
  createVolunteerDistrict,
  expectRefused,
  registerAdult,
  span,
  type VolunteerDistrict,
  volunteerActor,
} from './fixture.js';

let d: VolunteerDistrict;
let leader: Volunteer;
let member: Volunteer;
let outsider: Volunteer;
let team: VolunteerTeam;
let otherTeam: VolunteerTeam;

const facts = (day: string, from: number, to: number) => ({
  content: '陪伴独居老人就医',
  place: '狮山社区卫生服务站',
  communityId: d.communities.shishan,
  ...span(day, from, to),
});

beforeAll(async () => {
  d = await createVolunteerDistrict();
  leader = await registerAdult(d, '队长王');
  member = await registerAdult(d, '队员李');
  outsider = await registerAdult(d, '旁人赵');
  team = await d
    .as()
    .formTeam({ name: '狮山为老服务队', communityId: d.communities.shishan, foundedOn: '2024-01-01' });
  otherTeam = await d
    .as()
    .formTeam({ name: '何山服务队', communityId: d.communities.heshan, foundedOn: '2024-01-01' });
  await d
    .as()
    .addTeamMember({ teamId: team.id, volunteerId: leader.id, role: 'leader', joinedOn: '2024-01-02' });
  await d.as().addTeamMember({ teamId: team.id, volunteerId: member.id, joinedOn: '2024-01-02' });
  await d.as().addTeamMember({
    teamId: otherTeam.id,
    volunteerId: outsider.id,
    role: 'leader',
    joinedOn: '2024-01-02',
  });
  await d.as().addTeamMember({ teamId: otherTeam.id, volunteerId: member.id, joinedOn: '2024-01-02' });
});
afterAll(async () => {
  await d?.database.close();
});

describe('recording a service', () => {
  it('community staff certify as the community where it took place; minutes default to the span; the time bank banks them', async () => {
    const { service, earning } = await d
      .as(d.actors.shishan)
      .recordService({ volunteerId: member.id, ...facts('03-01', 9, 11) });
    expect(service).toMatchObject({
      volunteerId: member.id,
      minutes: 120,
      certifierKind: 'community',
      certifierCommunityId: d.communities.shishan,
      certifierName: '狮山社区',
      isVoid: false,
      correctsServiceId: null,
      recordedBy: d.actors.shishan.id,
    });
    expect(earning.minutes).toBe(120);
    const [banked] = await d.database.db
      .select()
      .from(timeBankEarnings)
      .where(eq(timeBankEarnings.serviceId, service.id));
    expect(banked).toMatchObject({ minutes: 120, volunteerId: member.id });
  });

  it('minutes actually served are at most the span (travel excluded)', async () => {
    const { service } = await d.as().recordService({
      volunteerId: member.id,
      ...facts('03-02', 9, 12),
      minutes: 150,
      certifier: { communityId: d.communities.shishan },
    });
    expect(service.minutes).toBe(150);
    for (const minutes of [181, 0, 1.5]) {
      await expectRefused(
        d.database,
        () =>
          d.as().recordService({
            volunteerId: member.id,
            ...facts('03-03', 9, 12),
            minutes,
            certifier: { communityId: d.communities.shishan },
          }),
        { code: 'INVALID_NUMBER', path: ['input', 'minutes'] },
      );
    }
  });

  it('a team leader certifies a member of its team on the day, as the team', async () => {
    const { service } = await d.as(volunteerActor(leader.id)).recordService({
      volunteerId: member.id,
      ...facts('03-05', 14, 16),
      certifier: { teamId: team.id },
    });
    expect(service).toMatchObject({
      certifierKind: 'team',
      certifierTeamId: team.id,
      certifierName: '狮山为老服务队',
      minutes: 120,
    });
  });

  it('an organization’s staff certify as their organization', async () => {
    await d.as().startEngagement({
      volunteerId: member.id,
      role: 'organization_volunteer',
      organizationId: d.organizations.leling,
      startsOn: '2025-01-01',
    });
    const { service } = await d
      .as(d.actors.leling)
      .recordService({ volunteerId: member.id, ...facts('03-06', 9, 10) });
    expect(service).toMatchObject({
      certifierKind: 'organization',
      certifierOrganizationId: d.organizations.leling,
      certifierName: '乐龄社工服务中心',
    });
  });

  it('one person serves in one place at a time: an overlap is OVERLAPPING_SERVICE naming the record; touching ends are fine', async () => {
    const { service } = await d.as().recordService({
      volunteerId: outsider.id,
      ...facts('04-01', 9, 11),
      certifier: { communityId: d.communities.shishan },
    });
    const error = await expectRefused(
      d.database,
      () =>
        d.as().recordService({
          volunteerId: outsider.id,
          ...facts('04-01', 10, 12),
          certifier: { communityId: d.communities.shishan },
        }),
      { code: 'OVERLAPPING_SERVICE', path: ['input', 'startedAt'], details: { serviceId: service.id } },
    );
    expect(error.kind).toBe('conflict');
    const next = await d.as().recordService({
      volunteerId: outsider.id,
      ...facts('04-01', 11, 12),
      certifier: { communityId: d.communities.shishan },
    });
    expect(next.service.minutes).toBe(60);
  });
});

describe('who may certify (谁组织谁记录、谁记录谁证明)', () => {
  it('a volunteer never records its own service, not even as a team leader (SELF_CERTIFICATION)', async () => {
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(member.id)).recordService({
          volunteerId: member.id,
          ...facts('03-10', 9, 10),
          certifier: { teamId: team.id },
        }),
      { code: 'SELF_CERTIFICATION', path: ['input', 'volunteerId'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(leader.id)).recordService({
          volunteerId: leader.id,
          ...facts('03-10', 9, 10),
          certifier: { teamId: team.id },
        }),
      { code: 'SELF_CERTIFICATION', path: ['input', 'volunteerId'] },
    );
  });

  it('a member does not certify a fellow member; a leader not for another team, nor as a community', async () => {
    const fellow = await registerAdult(d, '队员孙');
    await d.as().addTeamMember({ teamId: team.id, volunteerId: fellow.id, joinedOn: '2024-02-01' });
    // The member leads no team: it cannot see its fellow's record at all.
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(member.id)).recordService({
          volunteerId: fellow.id,
          ...facts('03-10', 9, 10),
          certifier: { teamId: team.id },
        }),
      { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
    );
    // 赵 leads 何山服务队, of which 李 is a member; it cannot certify as 狮山为老服务队.
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(outsider.id)).recordService({
          volunteerId: member.id,
          ...facts('03-10', 9, 10),
          certifier: { teamId: team.id },
        }),
      { code: 'NOT_FOUND', path: ['input', 'certifier', 'teamId'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(leader.id)).recordService({
          volunteerId: member.id,
          ...facts('03-10', 9, 10),
          certifier: { communityId: d.communities.shishan },
        }),
      { code: 'FORBIDDEN', path: ['input', 'certifier'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(leader.id)).recordService({ volunteerId: member.id, ...facts('03-10', 9, 10) }),
      { code: 'VALIDATION_FAILED', path: ['input', 'certifier'] },
    );
  });

  it('a team certifies only its members on the day of service (NOT_ELIGIBLE)', async () => {
    const newcomer = await registerAdult(d, '新人周');
    await d.as().addTeamMember({ teamId: team.id, volunteerId: newcomer.id, joinedOn: '2025-04-01' });
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(leader.id)).recordService({
          volunteerId: newcomer.id,
          ...facts('03-20', 9, 10),
          certifier: { teamId: team.id },
        }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'certifier', 'teamId'] },
    );
  });

  it('staff certify as their kind of unit in their jurisdiction only', async () => {
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.shishan).recordService({
          volunteerId: member.id,
          ...facts('03-21', 9, 10),
          certifier: { teamId: team.id },
        }),
      { code: 'FORBIDDEN', path: ['input', 'certifier'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.shishan).recordService({
          volunteerId: member.id,
          ...facts('03-21', 9, 10),
          certifier: { communityId: d.communities.heshan },
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.leling).recordService({
          volunteerId: member.id,
          ...facts('03-21', 9, 10),
          certifier: { organizationId: d.organizations.yangguang },
        }),
      { code: 'NOT_FOUND', path: ['input', 'certifier', 'organizationId'] },
    );
    for (const actor of [d.actors.bureau, d.actors.evaluator]) {
      await expectRefused(
        d.database,
        () =>
          d.as(actor).recordService({
            volunteerId: member.id,
            ...facts('03-21', 9, 10),
            certifier: { communityId: d.communities.shishan },
          }),
        { code: 'FORBIDDEN', path: [] },
      );
    }
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.public).recordService({
          volunteerId: member.id,
          ...facts('03-21', 9, 10),
          certifier: { communityId: d.communities.shishan },
        }),
      { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
    );
  });
});

describe('bad records change nothing', () => {
  const as = () => d.as(d.actors.shishan);
  it.each([
    [
      'an end after now',
      { endedAt: '2025-06-01T13:00:00+08:00', startedAt: '2025-06-01T11:00:00+08:00' },
      'DATE_IN_FUTURE',
      ['input', 'endedAt'],
    ],
    [
      'an end on a day after today',
      { startedAt: '2025-06-02T09:00:00+08:00', endedAt: '2025-06-02T10:00:00+08:00' },
      'DATE_IN_FUTURE',
      ['input', 'endedAt'],
    ],
    [
      'an instant without its offset',
      { startedAt: '2025-03-01T09:00:00' },
      'INVALID_DATE',
      ['input', 'startedAt'],
    ],
    [
      'a day that does not exist',
      { startedAt: '2025-02-30T09:00:00+08:00' },
      'INVALID_DATE',
      ['input', 'startedAt'],
    ],
    [
      'an end before the start',
      { startedAt: '2025-03-01T11:00:00+08:00', endedAt: '2025-03-01T09:00:00+08:00' },
      'INVALID_DATE_RANGE',
      ['input', 'endedAt'],
    ],
    [
      'a span over 24 hours',
      { startedAt: '2025-03-01T09:00:00+08:00', endedAt: '2025-03-02T10:00:00+08:00' },
      'VALIDATION_FAILED',
      ['input', 'endedAt'],
    ],
    ['empty content', { content: '  ' }, 'VALIDATION_FAILED', ['input', 'content']],
    ['a control character in the place', { place: '狮山\u0007' }, 'INVALID_TEXT', ['input', 'place']],
    ['a missing project', { projectId: 424242 }, 'NOT_FOUND', ['input', 'projectId']],
  ] as const)('%s', async (_what, change, code, path) => {
    const input = { volunteerId: member.id, ...facts('03-01', 13, 14), ...change };
    await expectRefused(d.database, () => as().recordService(input), { code, path: [...path] });
  });

  it('a community retired by the day, a grid of another community', async () => {
    await expectRefused(
      d.database,
      () =>
        d.as().recordService({
          volunteerId: member.id,
          ...facts('03-01', 13, 14),
          communityId: d.communities.retired,
          certifier: { communityId: d.communities.shishan },
        }),
      { code: 'PARENT_RETIRED', path: ['input', 'communityId'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().recordService({
          volunteerId: member.id,
          ...facts('03-01', 13, 14),
          communityId: d.communities.heshan,
          gridId: d.grid,
          certifier: { communityId: d.communities.shishan },
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'gridId'] },
    );
  });

  it('a withdrawn volunteer takes no service from the day of withdrawal; none before registration', async () => {
    const leaving = await registerAdult(d, '离开者');
    await d.as().withdrawVolunteer({ id: leaving.id, withdrawnOn: '2025-05-01' });
    await expectRefused(
      d.database,
      () => as().recordService({ volunteerId: leaving.id, ...facts('05-01', 9, 10) }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'volunteerId'],
      },
    );
    // A service before the withdrawal is still recorded.
    expect(
      (await as().recordService({ volunteerId: leaving.id, ...facts('04-30', 9, 10) })).service.minutes,
    ).toBe(60);
    await expectRefused(
      d.database,
      () =>
        as().recordService({
          volunteerId: leaving.id,
          ...facts('01-01', 9, 10),
          startedAt: '2023-12-31T09:00:00+08:00',
          endedAt: '2023-12-31T10:00:00+08:00',
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'startedAt'] },
    );
  });
});

describe('corrections', () => {
  it('replaces the facts with a new record naming the old, with the reason; the old leaves force', async () => {
    const { service: original } = await d
      .as(d.actors.shishan)
      .recordService({ volunteerId: leader.id, ...facts('02-01', 9, 12) });
    const { service: corrected, earning } = await d.as(d.actors.shishan).correctService({
      serviceId: original.id,
      reason: '实际服务至11点',
      ...facts('02-01', 9, 11),
    });
    expect(corrected).toMatchObject({
      correctsServiceId: original.id,
      correctionReason: '实际服务至11点',
      minutes: 120,
      isVoid: false,
      certifierKind: 'community',
    });
    expect(earning.minutes).toBe(120);
    const inForce = (await d.as().servicesOf(leader.id)).map((s) => s.id);
    expect(inForce).toContain(corrected.id);
    expect(inForce).not.toContain(original.id);
    expect((await d.as().serviceChain(original.id)).map((s) => s.id)).toEqual([original.id, corrected.id]);
    expect(await d.as().servedMinutes(leader.id, '2025-02-01', '2025-02-01')).toBe(120);
  });

  it('the overlap check leaves out the record corrected, not the others', async () => {
    const { service: original } = await d
      .as(d.actors.shishan)
      .recordService({ volunteerId: leader.id, ...facts('02-02', 9, 11) });
    await d.as(d.actors.shishan).recordService({ volunteerId: leader.id, ...facts('02-02', 12, 13) });
    // Moving it by an hour overlaps only itself: fine.
    const { service: moved } = await d
      .as(d.actors.shishan)
      .correctService({ serviceId: original.id, reason: '时间登记有误', ...facts('02-02', 10, 12) });
    await expectRefused(
      d.database,
      () =>
        d
          .as(d.actors.shishan)
          .correctService({ serviceId: moved.id, reason: '再次更正', ...facts('02-02', 11, 13) }),
      { code: 'OVERLAPPING_SERVICE', path: ['input', 'startedAt'] },
    );
  });

  it('voids a record (0 minutes, its facts kept); the void may itself be corrected', async () => {
    const { service: original } = await d
      .as(d.actors.shishan)
      .recordService({ volunteerId: leader.id, ...facts('02-03', 9, 11) });
    const { service: voided } = await d
      .as(d.actors.shishan)
      .correctService({ serviceId: original.id, reason: '活动取消', void: true });
    expect(voided).toMatchObject({
      isVoid: true,
      minutes: 0,
      content: original.content,
      startedAt: original.startedAt,
    });
    expect(await d.as().servedMinutes(leader.id, '2025-02-03', '2025-02-03')).toBe(0);
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).correctService({ serviceId: original.id, reason: '重复更正', void: true }),
      { code: 'ALREADY_CORRECTED', path: ['input', 'serviceId'], details: { correctedById: voided.id } },
    );
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.shishan).correctService({ serviceId: voided.id, reason: 'x', void: true, minutes: 3 }),
      { code: 'VALIDATION_FAILED', path: ['input', 'minutes'] },
    );
    const { service: restored } = await d
      .as(d.actors.shishan)
      .correctService({ serviceId: voided.id, reason: '活动如期举行', ...facts('02-03', 9, 11) });
    expect(await d.as().servedMinutes(leader.id, '2025-02-03', '2025-02-03')).toBe(120);
    expect((await d.as().serviceChain(voided.id)).map((s) => s.id)).toEqual([
      original.id,
      voided.id,
      restored.id,
    ]);
  });

  it('needs a reason, the full facts, and the certifying unit', async () => {
    const { service } = await d
      .as(volunteerActor(leader.id))
      .recordService({ volunteerId: member.id, ...facts('02-04', 9, 10), certifier: { teamId: team.id } });
    for (const reason of ['', '   ']) {
      await expectRefused(
        d.database,
        () => d.as().correctService({ serviceId: service.id, reason, void: true }),
        {
          code: 'REASON_REQUIRED',
          path: ['input', 'reason'],
        },
      );
    }
    await expectRefused(
      d.database,
      () => d.as().correctService({ serviceId: service.id, reason: '补全', content: '新内容' }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'place'],
      },
    );
    // Community staff did not certify it (the team did).
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).correctService({ serviceId: service.id, reason: '更正', void: true }),
      {
        code: 'FORBIDDEN',
        path: ['input', 'certifier'],
      },
    );
    // The member itself may not correct its own record.
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(member.id)).correctService({ serviceId: service.id, reason: '更正', void: true }),
      {
        code: 'SELF_CERTIFICATION',
        path: ['input', 'volunteerId'],
      },
    );
    // The team's leader corrects it.
    const { service: voided } = await d
      .as(volunteerActor(leader.id))
      .correctService({ serviceId: service.id, reason: '重复录入', void: true });
    expect(voided).toMatchObject({ certifierKind: 'team', certifierTeamId: team.id, isVoid: true });
  });
});

describe('training, commendations, evaluations', () => {
  it('are recorded by staff or a team’s leader, never by the volunteer for itself', async () => {
    const training = await d.as(d.actors.shishan).recordRecordItem({
      volunteerId: member.id,
      kind: 'training',
      title: '急救知识培训',
      issuer: '狮山社区',
      occurredOn: '2025-03-15',
      minutes: 180,
    });
    expect(training).toMatchObject({ kind: 'training', minutes: 180, rating: null });
    const evaluation = await d.as(volunteerActor(leader.id)).recordRecordItem({
      volunteerId: member.id,
      kind: 'evaluation',
      title: '年度评价',
      issuer: '狮山为老服务队',
      occurredOn: '2025-05-01',
      rating: 'excellent',
    });
    expect(evaluation.rating).toBe('excellent');
    expect((await d.as().recordItemsOf(member.id)).map((item) => item.kind)).toEqual([
      'training',
      'evaluation',
    ]);
    await expectRefused(
      d.database,
      () =>
        d.as(volunteerActor(member.id)).recordRecordItem({
          volunteerId: member.id,
          kind: 'commendation',
          title: '优秀志愿者',
          issuer: '自己',
          occurredOn: '2025-05-01',
        }),
      { code: 'SELF_CERTIFICATION', path: ['input', 'volunteerId'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().recordRecordItem({
          volunteerId: member.id,
          kind: 'evaluation',
          title: '评价',
          issuer: '队',
          occurredOn: '2025-05-01',
        }),
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'rating'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().recordRecordItem({
          volunteerId: member.id,
          kind: 'commendation',
          title: '表彰',
          issuer: '区',
          occurredOn: '2025-05-01',
          minutes: 30,
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'minutes'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().recordRecordItem({
          volunteerId: member.id,
          kind: 'training',
          title: '培训',
          issuer: '区',
          occurredOn: '2023-01-01',
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'occurredOn'] },
    );
  });

  it('the database keeps records append-only', async () => {
    const before = await snapshotDatabase(d.database);
    await expect(d.database.db.delete(timeBankEarnings)).rejects.toThrow();
    expect(await snapshotDatabase(d.database)).toEqual(before);
  });
});
