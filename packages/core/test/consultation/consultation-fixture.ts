/**
 * The district of the consultation suites (docs/domain.md §8), on the grid suites' city block
 * (test/grid-events/fixture.ts: 狮山社区 and 枫桥社区, their departments, TODAY Monday 2026-03-02).
 * Not a test file: vitest collects only `*.test.ts`. What consultation names but does not own is
 * inserted as rows (their services are other areas): two organizations, a grid event and a need
 * in each community, a project of 狮山社区. Meetings, tasks and follow-up go through the service
 * under test.
 */
import type { Actor } from '../../src/access/index.js';
import {
  type ConsultationService,
  createConsultationService,
  type RecordMeetingInput,
} from '../../src/consultation/index.js';
import { gridEvents, needs, serviceProjects, socialOrganizations } from '../../src/schema/index.js';
import { computeOrganizationCodeCheck, computeUsccCheck } from '../../src/validators/index.js';
import {
  createGridDistrict,
  DISTRICT,
  FENGQIAO_GRID,
  GRID_1,
  type GridDistrict,
  TODAY,
} from '../grid-events/fixture.js';

export { DISTRICT, FENGQIAO, SHISHAN, TODAY } from '../grid-events/fixture.js';
export { expectRefused } from '../hierarchy/helpers.js';

function usccOfAgency(serial: number): string {
  const body = `7${String(serial).padStart(7, '0')}`;
  const first17 = `52${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

export interface ConsultationDistrict extends GridDistrict {
  organizations: { leling: number; yangguang: number };
  events: { shishan: number; fengqiao: number };
  needs: { shishan: number; fengqiao: number };
  projects: { shishan: number };
  /** The grid district's actors, and the staff of each organization. */
  staff: GridDistrict['actors'] & { leling: Actor; yangguang: Actor };
  /** The consultation service acting as `actor` (the district admin by default), today TODAY. */
  as(actor?: Actor): ConsultationService;
}

export async function createConsultationDistrict(): Promise<ConsultationDistrict> {
  const grid = await createGridDistrict();
  const db = grid.database.db;
  const organization = async (name: string, serial: number, communityId: number) => {
    const [row] = await db
      .insert(socialOrganizations)
      .values({
        districtCode: DISTRICT,
        name,
        legalStatus: 'registered',
        legalForm: 'social_service_agency',
        uscc: usccOfAgency(serial),
        category: 'services',
        registeredOn: '2015-01-01',
        status: 'active',
        communityId,
      })
      .returning({ id: socialOrganizations.id });
    return row!.id;
  };
  const organizations = {
    leling: await organization('乐龄社工服务中心', 1, grid.communities.shishan),
    yangguang: await organization('阳光社工服务社', 2, grid.communities.fengqiao),
  };
  const event = async (gridId: number, unitCode: string, communityId: number, title: string) => {
    const [row] = await db
      .insert(gridEvents)
      .values({
        districtCode: DISTRICT,
        gridId,
        communityId,
        unitCode,
        categoryCode: 'S0102',
        urgency: 'routine',
        title,
        description: `${title}，居民多次反映。`,
        source: 'resident',
        reportedBy: 'app-user-1001',
        reporterRole: 'RESIDENT',
        reportedAt: '2026-01-20T09:00:00+08:00',
        state: 'collected',
      })
      .returning({ id: gridEvents.id });
    return row!.id;
  };
  const events = {
    shishan: await event(grid.grids.grid1, GRID_1, grid.communities.shishan, '小区加装电梯费用分摊争议'),
    fengqiao: await event(grid.grids.fengqiao, FENGQIAO_GRID, grid.communities.fengqiao, '老旧小区停车难'),
  };
  const need = async (communityId: number, title: string) => {
    const [row] = await db
      .insert(needs)
      .values({
        districtCode: DISTRICT,
        communityId,
        source: 'survey',
        category: 'elderly',
        urgency: 'medium',
        residentsAffected: 40,
        title,
        description: `${title}（入户走访）。`,
        collectedOn: '2026-01-05',
        status: 'open',
      })
      .returning({ id: needs.id });
    return row!.id;
  };
  const needIds = {
    shishan: await need(grid.communities.shishan, '老年人助餐点'),
    fengqiao: await need(grid.communities.fengqiao, '四点半课堂'),
  };
  const [project] = await db
    .insert(serviceProjects)
    .values({
      districtCode: DISTRICT,
      name: '狮山社区加装电梯协商服务项目',
      unitCode: grid.actors.shishan.community,
      serviceDomain: 'elderly',
      goals: '协助居民就加装电梯达成共识。',
      methods: ['community_work'],
      startsOn: '2026-03-01',
      endsOn: '2026-12-31',
      budgetFen: 5_000_000,
    })
    .returning({ id: serviceProjects.id });
  const staff = {
    ...grid.actors,
    leling: { id: 'll-01', role: 'ORG_STAFF', district: DISTRICT, organizationId: organizations.leling },
    yangguang: {
      id: 'yg-01',
      role: 'ORG_STAFF',
      district: DISTRICT,
      organizationId: organizations.yangguang,
    },
  } satisfies Record<string, Actor>;
  return {
    ...grid,
    organizations,
    events,
    needs: needIds,
    projects: { shishan: project!.id },
    staff,
    as: (actor: Actor = grid.actors.admin) =>
      createConsultationService(grid.database, { actor, today: () => TODAY }),
  };
}

/**
 * A council of 狮山社区 on 2026-02-10 (34 present) with one topic, from a residents' proposal,
 * and one outcome adopted 20 : 5 with 3 abstaining; `changes` replace fields of the input.
 */
export function shishanMeeting(
  d: ConsultationDistrict,
  changes: Partial<RecordMeetingInput> = {},
): RecordMeetingInput {
  return {
    communityId: d.communities.shishan,
    title: '狮山社区居民议事会（2月）',
    form: 'council',
    heldOn: '2026-02-10',
    place: '狮山社区党群服务中心二楼议事厅',
    summary: '议定楼道堆物清理方案。',
    participants: [
      { kind: 'residents_representative', headcount: 25 },
      { kind: 'party_organization', headcount: 2 },
      { kind: 'residents_committee', headcount: 3 },
      { kind: 'social_organization', headcount: 2, organizationId: d.organizations.leling },
      { kind: 'property_company', headcount: 1 },
      { kind: 'department', headcount: 1, departmentId: d.departments.cg },
    ],
    topics: [
      {
        title: '楼道堆物清理',
        source: 'proposal',
        outcomes: [
          {
            text: '由物业牵头，每月第一个周六集中清理楼道堆物。',
            votesFor: 20,
            votesAgainst: 5,
            abstentions: 3,
          },
        ],
      },
    ],
    ...changes,
  };
}
