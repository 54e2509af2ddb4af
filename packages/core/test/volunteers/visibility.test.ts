/**
 * Who reads which volunteers and records (docs/domain.md §5.1, §14; access/volunteer-visibility.ts):
 * a volunteer is a private person, seen where it lives, serves, is engaged or belongs to a team;
 * a team's leader sees its members; PUBLIC sees none. The same rule answers reads and every ID a
 * write names (record-visibility.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { recordIsVisible } from '../../src/access/index.js';
import type { Volunteer, VolunteerService } from '../../src/schema/index.js';
import {
  createVolunteerDistrict,
  DISTRICT,
  registerAdult,
  span,
  type VolunteerDistrict,
  volunteerActor,
} from './fixture.js';

let d: VolunteerDistrict;
let home: Volunteer;
let visitor: Volunteer;
let orgMember: Volunteer;
let stranger: Volunteer;
let visitorService: VolunteerService;
let orgService: VolunteerService;

beforeAll(async () => {
  d = await createVolunteerDistrict();
  home = await registerAdult(d, '本地甲', d.communities.shishan);
  visitor = await registerAdult(d, '来客乙', d.communities.fengqiao);
  orgMember = await registerAdult(d, '机构丙', d.communities.heshan);
  stranger = await registerAdult(d, '陌生丁', d.communities.fengqiao);
  // 来客乙 served in 狮山社区, certified by it.
  visitorService = (
    await d.as().recordService({
      volunteerId: visitor.id,
      content: '社区清洁',
      place: '狮山公园',
      communityId: d.communities.shishan,
      ...span('03-01', 9, 11),
      certifier: { communityId: d.communities.shishan },
    })
  ).service;
  const orgTeam = await d
    .as()
    .formTeam({ name: '乐龄志愿队', organizationId: d.organizations.leling, foundedOn: '2024-01-01' });
  await d.as().addTeamMember({ teamId: orgTeam.id, volunteerId: orgMember.id, joinedOn: '2024-02-01' });
  // 陌生丁's service certified by 乐龄 (served in 枫桥社区).
  orgService = (
    await d.as().recordService({
      volunteerId: stranger.id,
      content: '助餐',
      place: '枫桥食堂',
      communityId: d.communities.fengqiao,
      ...span('03-02', 11, 12),
      certifier: { organizationId: d.organizations.leling },
    })
  ).service;
  // 本地甲 leads 狮山队, in which 来客乙 is a member.
  const team = await d
    .as()
    .formTeam({ name: '狮山队', communityId: d.communities.shishan, foundedOn: '2024-01-01' });
  await d
    .as()
    .addTeamMember({ teamId: team.id, volunteerId: home.id, role: 'leader', joinedOn: '2024-02-01' });
  await d.as().addTeamMember({ teamId: team.id, volunteerId: visitor.id, joinedOn: '2024-02-01' });
});
afterAll(async () => {
  await d?.database.close();
});

async function namesSeenBy(actor: Actor): Promise<string[]> {
  return (await d.as(actor).listVolunteers()).map((v) => v.name).sort();
}

describe('the volunteer list, narrowed to the caller', () => {
  it('district roles see every volunteer of the district', async () => {
    expect(await namesSeenBy(d.actors.admin)).toEqual(['本地甲', '机构丙', '来客乙', '陌生丁'].sort());
    expect(await namesSeenBy({ id: 'x', role: 'DISTRICT_ADMIN', district: '320506' })).toEqual([]);
  });

  it('community staff see who lives there and who served, was engaged or teamed there', async () => {
    expect(await namesSeenBy(d.actors.shishan)).toEqual(['本地甲', '来客乙'].sort());
    expect(await namesSeenBy(d.actors.subdistrict)).toEqual(['本地甲', '机构丙', '来客乙'].sort());
    expect(await namesSeenBy(d.actors.fengqiao)).toEqual(['来客乙', '陌生丁'].sort());
  });

  it('a grid worker sees the people of its community only', async () => {
    expect(await namesSeenBy(d.actors.gridWorker)).toEqual(['本地甲']);
  });

  it('an organization sees its teams’ members and whom it certified', async () => {
    expect(await namesSeenBy(d.actors.leling)).toEqual(['机构丙', '陌生丁'].sort());
    expect(await namesSeenBy(d.actors.yangguang)).toEqual([]);
  });

  it('a volunteer sees itself, and as a team’s leader the members of the team', async () => {
    expect(await namesSeenBy(volunteerActor(home.id))).toEqual(['本地甲', '来客乙'].sort());
    expect(await namesSeenBy(volunteerActor(visitor.id))).toEqual(['来客乙']);
  });

  it('PUBLIC, social workers and a volunteer without its claim see none', async () => {
    expect(await namesSeenBy(d.actors.public)).toEqual([]);
    expect(await namesSeenBy({ id: 'sw', role: 'SOCIAL_WORKER', district: DISTRICT, workerId: 1 })).toEqual(
      [],
    );
    expect(await namesSeenBy({ id: 'v', role: 'VOLUNTEER', district: DISTRICT })).toEqual([]);
  });

  it('filters by home community, team, skill and name prefix; withdrawn volunteers on request', async () => {
    expect(
      (await d.as().listVolunteers({ homeCommunityId: d.communities.fengqiao })).map((v) => v.name).sort(),
    ).toEqual(['来客乙', '陌生丁'].sort());
    expect((await d.as().listVolunteers({ namePrefix: '本地' })).map((v) => v.name)).toEqual(['本地甲']);
    expect(await d.as().listVolunteers({ namePrefix: '%' })).toEqual([]);
    expect(await d.as().listVolunteers({ skill: 'legal' })).toEqual([]);
    await expect(d.as().listVolunteers({ skill: 'cooking' })).rejects.toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['filter', 'skill'],
    });
    const withdrawn = await registerAdult(d, '已走戊');
    await d.as().withdrawVolunteer({ id: withdrawn.id, withdrawnOn: '2025-05-01' });
    expect((await d.as().listVolunteers({ namePrefix: '已走' })).length).toBe(0);
    expect((await d.as().listVolunteers({ namePrefix: '已走', includeWithdrawn: true })).length).toBe(1);
  });
});

describe('service records and records named by id', () => {
  it('a service is visible with its volunteer, or to the unit that certified it', async () => {
    expect((await d.as(d.actors.shishan).servicesOf(visitor.id)).map((s) => s.id)).toEqual([
      visitorService.id,
    ]);
    expect((await d.as(d.actors.leling).servicesOf(stranger.id)).map((s) => s.id)).toEqual([orgService.id]);
    expect(await d.as(d.actors.yangguang).servicesOf(stranger.id)).toEqual([]);
    expect(await d.as(d.actors.public).getService(visitorService.id)).toBeUndefined();
    expect(await d.as(d.actors.shishan).servedMinutes(visitor.id, '2025-01-01', '2025-12-31')).toBe(120);
    expect(await d.as(d.actors.yangguang).servedMinutes(visitor.id, '2025-01-01', '2025-12-31')).toBeNull();
  });

  it('the rule of every kind answers node lookups and IDs in writes', async () => {
    const visible = (actor: Actor, kind: Parameters<typeof recordIsVisible>[3], id: number) =>
      recordIsVisible(d.database.db, actor, DISTRICT, kind, id);
    expect(await visible(d.actors.shishan, 'volunteer', visitor.id)).toBe(true);
    expect(await visible(d.actors.shishan, 'volunteer', stranger.id)).toBe(false);
    expect(await visible(d.actors.shishan, 'volunteer_service', visitorService.id)).toBe(true);
    expect(await visible(d.actors.public, 'volunteer', home.id)).toBe(false);
    const [team] = await d.as().listTeams({ communityId: d.communities.shishan });
    expect(await visible(d.actors.shishan, 'volunteer_team', team!.id)).toBe(true);
    expect(await visible(d.actors.fengqiao, 'volunteer_team', team!.id)).toBe(false);
    expect(await visible(volunteerActor(visitor.id), 'volunteer_team', team!.id)).toBe(true);
    const [membership] = await d.as().membersOf(team!.id);
    expect(await visible(volunteerActor(home.id), 'volunteer_team_membership', membership!.id)).toBe(true);
    expect(await visible(d.actors.yangguang, 'volunteer_team_membership', membership!.id)).toBe(false);
  });
});
