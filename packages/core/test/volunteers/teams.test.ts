/**
 * Teams, memberships and engagements (docs/domain.md §5.1): who led which team on which day is
 * kept, since a team's leader certifies its members' service (§5.2). Every refusal is typed and
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Volunteer } from '../../src/schema/index.js';
import { createVolunteerDistrict, expectRefused, registerAdult, type VolunteerDistrict } from './fixture.js';

let d: VolunteerDistrict;
let a: Volunteer;
let b: Volunteer;

beforeAll(async () => {
  d = await createVolunteerDistrict();
  a = await registerAdult(d, '队员甲');
  b = await registerAdult(d, '队员乙');
});
afterAll(async () => {
  await d?.database.close();
});

describe('forming and disbanding teams', () => {
  it('a community forms a team, an organization its own; names are unique in the district', async () => {
    const team = await d
      .as(d.actors.shishan)
      .formTeam({ name: '狮山为老服务队', communityId: d.communities.shishan, foundedOn: '2024-02-01' });
    expect(team).toMatchObject({
      communityId: d.communities.shishan,
      organizationId: null,
      foundedOn: '2024-02-01',
      disbandedOn: null,
    });
    const own = await d
      .as(d.actors.leling)
      .formTeam({ name: '乐龄志愿队', organizationId: d.organizations.leling, foundedOn: '2024-02-01' });
    expect(own.organizationId).toBe(d.organizations.leling);
    await expectRefused(
      d.database,
      () => d.as().formTeam({ name: '狮山为老服务队', communityId: d.communities.heshan }),
      {
        code: 'DUPLICATE_RECORD',
        path: ['input', 'name'],
      },
    );
  });

  it('refuses two owners or none, another unit, a retired community, a date after today', async () => {
    await expectRefused(
      d.database,
      () =>
        d.as().formTeam({
          name: '双头队',
          communityId: d.communities.shishan,
          organizationId: d.organizations.leling,
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'organizationId'] },
    );
    await expectRefused(d.database, () => d.as().formTeam({ name: '无主队' }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'communityId'],
    });
    await expectRefused(
      d.database,
      () => d.as(d.actors.fengqiao).formTeam({ name: '越界队', communityId: d.communities.shishan }),
      {
        code: 'FORBIDDEN',
        path: [],
      },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.yangguang).formTeam({ name: '越界队', organizationId: d.organizations.leling }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'organizationId'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as().formTeam({ name: '退役队', communityId: d.communities.retired }),
      {
        code: 'PARENT_RETIRED',
        path: ['input', 'communityId'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as().formTeam({ name: '未来队', communityId: d.communities.shishan, foundedOn: '2025-06-02' }),
      {
        code: 'DATE_IN_FUTURE',
        path: ['input', 'foundedOn'],
      },
    );
  });

  it('disbanding ends the open memberships that day, once', async () => {
    const team = await d
      .as()
      .formTeam({ name: '临时队', communityId: d.communities.heshan, foundedOn: '2024-01-01' });
    await d.as().addTeamMember({ teamId: team.id, volunteerId: a.id, joinedOn: '2024-03-01' });
    await expectRefused(
      d.database,
      () => d.as().disbandTeam({ teamId: team.id, disbandedOn: '2024-02-01' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'disbandedOn'],
      },
    );
    const disbanded = await d
      .as(d.actors.heshan)
      .disbandTeam({ teamId: team.id, disbandedOn: '2025-01-31', expectedVersion: 1 });
    expect(disbanded).toMatchObject({ disbandedOn: '2025-01-31', version: 2 });
    expect(await d.as().membersOf(team.id, { includeEnded: true })).toMatchObject([
      { volunteerId: a.id, leftOn: '2025-01-31' },
    ]);
    await expectRefused(d.database, () => d.as().disbandTeam({ teamId: team.id }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'teamId'],
    });
    await expectRefused(d.database, () => d.as().addTeamMember({ teamId: team.id, volunteerId: b.id }), {
      code: 'STATUS_NOT_ALLOWED',
      path: ['input', 'teamId'],
    });
  });
});

describe('members and leaders', () => {
  it('a volunteer joins as member or leader, leads several teams, holds one open membership per team', async () => {
    const first = await d
      .as()
      .formTeam({ name: '一队', communityId: d.communities.shishan, foundedOn: '2024-01-01' });
    const second = await d
      .as()
      .formTeam({ name: '二队', communityId: d.communities.shishan, foundedOn: '2024-01-01' });
    const lead1 = await d
      .as(d.actors.shishan)
      .addTeamMember({ teamId: first.id, volunteerId: a.id, role: 'leader', joinedOn: '2024-01-10' });
    const lead2 = await d
      .as(d.actors.shishan)
      .addTeamMember({ teamId: second.id, volunteerId: a.id, role: 'leader', joinedOn: '2024-01-10' });
    const member = await d
      .as(d.actors.shishan)
      .addTeamMember({ teamId: first.id, volunteerId: b.id, joinedOn: '2024-02-01' });
    expect([lead1.role, lead2.role, member.role]).toEqual(['leader', 'leader', 'member']);
    await expectRefused(
      d.database,
      () => d.as().addTeamMember({ teamId: first.id, volunteerId: b.id, role: 'leader' }),
      {
        code: 'DUPLICATE_RECORD',
        path: ['input', 'volunteerId'],
      },
    );
    // A change of role: the membership ends, another begins.
    const ended = await d.as().endTeamMembership({ membershipId: member.id, leftOn: '2025-01-01' });
    expect(ended.leftOn).toBe('2025-01-01');
    await expectRefused(d.database, () => d.as().endTeamMembership({ membershipId: member.id }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'membershipId'],
    });
    await d
      .as()
      .addTeamMember({ teamId: first.id, volunteerId: b.id, role: 'leader', joinedOn: '2025-01-02' });
    expect((await d.as().membersOf(first.id)).map((m) => [m.volunteerId, m.role])).toEqual([
      [a.id, 'leader'],
      [b.id, 'leader'],
    ]);
    expect((await d.as().membersOf(first.id, { includeEnded: true })).length).toBe(3);
  });

  it('refuses a day before the team or the registration, after today, an unknown role, another unit', async () => {
    const team = await d
      .as()
      .formTeam({ name: '三队', communityId: d.communities.shishan, foundedOn: '2024-06-01' });
    await expectRefused(
      d.database,
      () => d.as().addTeamMember({ teamId: team.id, volunteerId: a.id, joinedOn: '2024-05-31' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'joinedOn'],
      },
    );
    const late = await registerAdult(d, '晚来者');
    const lateTeam = await d
      .as()
      .formTeam({ name: '老队', communityId: d.communities.shishan, foundedOn: '2020-01-01' });
    await expectRefused(
      d.database,
      () => d.as().addTeamMember({ teamId: lateTeam.id, volunteerId: late.id, joinedOn: '2023-12-31' }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'joinedOn'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as().addTeamMember({ teamId: team.id, volunteerId: a.id, joinedOn: '2025-06-02' }),
      {
        code: 'DATE_IN_FUTURE',
        path: ['input', 'joinedOn'],
      },
    );
    await expectRefused(
      d.database,
      // An unknown code, as a caller might send it.
      () => d.as().addTeamMember({ teamId: team.id, volunteerId: a.id, role: 'captain' as never }),
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'role'] },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.fengqiao).addTeamMember({ teamId: team.id, volunteerId: a.id }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'teamId'],
      },
    );
    const withdrawn = await registerAdult(d, '已注销');
    await d.as().withdrawVolunteer({ id: withdrawn.id, withdrawnOn: '2025-03-01' });
    await expectRefused(
      d.database,
      () => d.as().addTeamMember({ teamId: team.id, volunteerId: withdrawn.id, joinedOn: '2025-04-01' }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'volunteerId'],
      },
    );
  });
});

describe('engagements', () => {
  it('a grid informant, a community volunteer, an organization volunteer; one open engagement of a kind', async () => {
    const informant = await d
      .as(d.actors.shishan)
      .startEngagement({ volunteerId: a.id, role: 'grid_informant', gridId: d.grid, startsOn: '2024-05-01' });
    expect(informant).toMatchObject({
      role: 'grid_informant',
      gridId: d.grid,
      projectId: null,
      communityId: null,
      endsOn: null,
    });
    await expectRefused(
      d.database,
      () => d.as().startEngagement({ volunteerId: a.id, role: 'grid_informant', gridId: d.grid }),
      {
        code: 'DUPLICATE_RECORD',
        path: ['input', 'gridId'],
      },
    );
    const community = await d
      .as()
      .startEngagement({ volunteerId: a.id, role: 'community_volunteer', communityId: d.communities.heshan });
    expect(community.startsOn).toBe('2025-06-01');
    // The organization does not see a volunteer it has not engaged: staff who see both engage it.
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.leling).startEngagement({
          volunteerId: a.id,
          role: 'organization_volunteer',
          organizationId: d.organizations.leling,
        }),
      { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
    );
    const organization = await d.as(d.actors.shishan).startEngagement({
      volunteerId: a.id,
      role: 'organization_volunteer',
      organizationId: d.organizations.leling,
      startsOn: '2025-01-01',
    });
    const ended = await d
      .as(d.actors.leling)
      .endEngagement({ engagementId: organization.id, endsOn: '2025-05-01' });
    expect(ended.endsOn).toBe('2025-05-01');
    await expectRefused(d.database, () => d.as().endEngagement({ engagementId: organization.id }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'engagementId'],
    });
    await expectRefused(
      d.database,
      () => d.as().endEngagement({ engagementId: informant.id, endsOn: '2024-04-30' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'endsOn'],
      },
    );
    expect((await d.as().engagementsOf(a.id)).map((e) => e.role)).toEqual([
      'grid_informant',
      'organization_volunteer',
      'community_volunteer',
    ]);
  });

  it('names exactly the reference its role names, in the caller’s jurisdiction', async () => {
    await expectRefused(
      d.database,
      () =>
        d
          .as()
          .startEngagement({ volunteerId: b.id, role: 'grid_informant', communityId: d.communities.shishan }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'gridId'],
      },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().startEngagement({
          volunteerId: b.id,
          role: 'community_volunteer',
          communityId: d.communities.shishan,
          gridId: d.grid,
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'gridId'] },
    );
    await expectRefused(
      d.database,
      // An unknown code, as a caller might send it.
      () =>
        d
          .as()
          .startEngagement({ volunteerId: b.id, role: 'donor' as never, communityId: d.communities.shishan }),
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'role'] },
    );
    // Staff of 狮山社区 see b (home there) but do not work in 枫桥社区.
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.shishan).startEngagement({
          volunteerId: b.id,
          role: 'community_volunteer',
          communityId: d.communities.fengqiao,
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().startEngagement({
          volunteerId: b.id,
          role: 'community_volunteer',
          communityId: d.communities.retired,
        }),
      { code: 'PARENT_RETIRED', path: ['input', 'communityId'] },
    );
    // Volunteer team writes are for staff: a volunteer or the public cannot.
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.public).startEngagement({
          volunteerId: b.id,
          role: 'community_volunteer',
          communityId: d.communities.shishan,
        }),
      { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
    );
  });
});
