// The ready-made documents of grid plans and the working calendar (docs/domain.md §7.1–§7.6) over
// real HTTP against a real gateway (PGlite, or PostgreSQL when SANSHE_TEST_PG is set): the district
// administrator records a department, its route and its inspection list; community staff draw a
// grid's boundary, are refused a team below the "1+2+N" composition and set a valid one with a
// volunteer informant they registered; the grid worker on the team records a patrol, which the
// coverage counts; the district adds a local holiday and a deadline counted across it moves a day.
import { createHierarchyService, todayInChina } from '@sanshe/core';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import {
  createGateway,
  createLocalDistrictSource,
  type ListeningGateway,
  listen,
  signHs256Token,
  type TokenClaims,
} from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AddInspectionItem,
  AddWorkingDays,
  CommunityByCode,
  CreateDepartment,
  createClient,
  DepartmentById,
  DepartmentsPage,
  DrawGridBoundary,
  GridAt,
  GridPatrolsPage,
  GridPlan,
  IsWorkingDay,
  PatrolCoverage,
  RecordPatrol,
  RegisterVolunteer,
  RouteFor,
  type SansheClient,
  SetCalendarDay,
  SetEventRoute,
  SetGridTeam,
  WorkingCalendar,
} from '../src/index.js';
import { testAuth } from './support/test-auth.js';

const district = '320505';
const community = '320505001001';
const grid = '320505001001001';
const today = todayInChina();

let running: ListeningGateway;
let url: string;
let admin: SansheClient;
let staff: SansheClient;
let gridWorker: SansheClient;
let anyone: SansheClient;
let gridId: string;
let communityId: string;

const as = async (claims: TokenClaims) =>
  createClient({ url, token: await signHs256Token(testAuth, claims, '2h') });

/** A mutation's success `data`, or the test fails with what came back instead. */
function success<R extends { __typename: string }>(
  result: R | undefined,
): Extract<R, { data: unknown }>['data'] {
  if (result && 'data' in result) return (result as Extract<R, { data: unknown }>).data;
  throw new Error(`expected a success, got ${JSON.stringify(result)}`);
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid identity number (GB 11643) of an adult of the district. */
function residentId(sequence: number): string {
  const first17 = `${district}19850615${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  return first17 + '10X98765432'.charAt(sum % 11);
}

/** A closed square ring of 0.01° from a south-west corner. */
const square = (west: number, south: number) => [
  [
    [west, south],
    [west + 0.01, south],
    [west + 0.01, south + 0.01],
    [west, south + 0.01],
    [west, south],
  ],
];

beforeAll(async () => {
  const database = await createTestDistrictDatabase({ districtCode: district });
  const h = createHierarchyService(database, { today: () => '2025-01-01' });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  await h.createCommunity({ code: community, name: '狮山社区', effectiveFrom: '2001-01-01' });
  await h.createGrid({ code: grid, name: '狮山一网格', effectiveFrom: '2010-01-01' });
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(database)],
      logging: false,
      auth: testAuth,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
  url = `${running.origin}/graphql`;
  admin = await as({ sub: 'qu-admin', role: 'DISTRICT_ADMIN', district });
  staff = await as({ sub: 'sq-ss-01', role: 'COMMUNITY_STAFF', district, community });
  gridWorker = await as({ sub: 'wg-ss-01', role: 'GRID_WORKER', district, community });
  anyone = createClient({ url });
  const plan = (await anyone.request(GridPlan, { code: grid })).data?.grid;
  if (!plan) throw new Error(`no grid ${grid}`);
  gridId = plan.id;
  const home = (await anyone.request(CommunityByCode, { code: community })).data?.community;
  if (!home) throw new Error(`no community ${community}`);
  communityId = home.id;
});
afterAll(() => running?.close());

describe('departments and routing through the client', () => {
  it('records a department, routes a category to it and lists its inspection item', async () => {
    const department = success(
      (
        await admin.request(CreateDepartment, {
          input: { unitCode: district, code: 'CG', name: '虎丘区城市管理局', kind: 'FUNCTIONAL' },
        })
      ).data?.createDepartment,
    );
    expect(department).toMatchObject({ code: 'CG', kind: 'FUNCTIONAL', establishedOn: today });
    success(
      (
        await admin.request(SetEventRoute, {
          input: { departmentId: department.id, categoryCode: 'E05', areaCode: district },
        })
      ).data?.setEventRoute,
    );
    const item = success(
      (
        await admin.request(AddInspectionItem, {
          input: {
            departmentId: department.id,
            code: 'CG.01.001',
            title: '门前三包落实情况',
            frequency: 'DAILY',
            categoryCode: 'E0502',
          },
        })
      ).data?.addInspectionItem,
    );
    expect(item).toMatchObject({ frequency: 'DAILY', categoryName: '占道经营', department: { code: 'CG' } });
    const route = (await anyone.request(RouteFor, { gridId, categoryCode: 'E0502' })).data?.routeFor;
    expect(route).toMatchObject({
      matchedBy: 'PARENT_CATEGORY',
      areaLevel: 'DISTRICT',
      department: { code: 'CG' },
    });
    const page = await anyone.request(DepartmentsPage, { first: 5, filter: { districtCode: district } });
    expect(page.data?.departments.nodes.map((node) => node.code)).toEqual(['CG']);
  });
});

describe('a grid plan through the client', () => {
  let informantId: string;

  it('community staff draw the boundary; anyone finds the grid of a point', async () => {
    const boundary = success(
      (
        await staff.request(DrawGridBoundary, {
          input: {
            gridId,
            boundary: { type: 'Polygon', coordinates: square(120.5, 31.3) },
            effectiveFrom: '2025-01-01',
            source: '虎丘区网格划分方案（2025）',
          },
        })
      ).data?.drawGridBoundary,
    );
    expectTypeOf(boundary.geometry).toEqualTypeOf<{ type: string; [member: string]: unknown }>();
    expect(boundary).toMatchObject({
      geometry: { type: 'Polygon' },
      minLongitude: 120.5,
      maxLatitude: 31.31,
    });
    const found = await anyone.request(GridAt, {
      districtCode: district,
      longitude: 120.505,
      latitude: 31.305,
    });
    expect(found.data?.gridAt?.map((g) => g.code)).toEqual([grid]);
    const outside = await anyone.request(GridAt, {
      districtCode: district,
      longitude: 121.5,
      latitude: 31.305,
    });
    expect(outside.data?.gridAt).toEqual([]);
  });

  it('refuses a team below the "1+2+N" composition, then sets a valid one', async () => {
    const volunteer = success(
      (
        await staff.request(RegisterVolunteer, {
          input: {
            homeCommunityId: communityId,
            name: '周信息',
            residentId: residentId(17),
            registeredOn: '2024-06-01',
          },
        })
      ).data?.registerVolunteer,
    );
    informantId = volunteer.id;
    const head = { role: 'HEAD', memberName: '王网格长', accountId: 'wg-ss-head' } as const;
    const worker = { role: 'WORKER', memberName: '李网格员', accountId: 'wg-ss-01' } as const;
    const informant = { role: 'INFORMANT', memberName: '周信息', volunteerId: informantId } as const;

    const below = (
      await staff.request(SetGridTeam, {
        input: { gridId, members: [head, worker, informant], effectiveOn: '2025-02-01' },
      })
    ).data?.setGridTeam;
    if (!below || below.__typename === 'SetGridTeamSuccess') throw new Error('a team of one worker was set');
    expect(below.code).toBe('TEAM_BELOW_COMPOSITION');
    expect(below.path).toEqual(['input', 'members']);

    const team = success(
      (
        await staff.request(SetGridTeam, {
          input: {
            gridId,
            members: [
              head,
              worker,
              { role: 'WORKER', memberName: '赵网格员', accountId: 'wg-ss-02' },
              informant,
            ],
            effectiveOn: '2025-02-01',
          },
        })
      ).data?.setGridTeam,
    );
    expect(team.members.map((member) => member.role)).toEqual(['HEAD', 'WORKER', 'WORKER', 'INFORMANT']);
    expect(team.members[3]?.volunteer?.id).toBe(informantId);
    // Team members are personal: staff see them, PUBLIC does not.
    expect((await staff.request(GridPlan, { code: grid })).data?.grid?.team).toHaveLength(4);
    expect((await anyone.request(GridPlan, { code: grid })).data?.grid?.team).toEqual([]);
  });

  it('the grid worker on the team records a patrol; the coverage counts it', async () => {
    const patrolledAt = new Date(
      Math.max(Date.now() - 2000, Date.parse(`${today}T00:00:00+08:00`)),
    ).toISOString();
    const department = (
      await anyone.request(DepartmentsPage, { first: 1, filter: { districtCode: district } })
    ).data?.departments.nodes[0];
    const items = await anyone.request(DepartmentById, { id: department!.id, asOf: today });
    const itemId =
      items.data?.node?.__typename === 'Department' ? items.data.node.inspectionItems[0]?.id : undefined;
    const patrol = success(
      (
        await gridWorker.request(RecordPatrol, {
          input: { gridId, inspectionItemId: itemId!, patrolledAt, result: 'PROBLEM', note: '门前堆放杂物' },
        })
      ).data?.recordPatrol,
    );
    expect(patrol).toMatchObject({ result: 'PROBLEM', patrolledBy: 'wg-ss-01', grid: { code: grid } });
    const patrols = [];
    for await (const node of staff.paginate(
      GridPatrolsPage,
      { code: grid, first: 10 },
      (data) => data.grid!.patrols,
    )) {
      patrols.push(node);
    }
    expect(patrols.map((p) => p.id)).toEqual([patrol.id]);
    const coverage = (await staff.request(PatrolCoverage, { gridId, from: today, to: today })).data
      ?.patrolCoverage;
    expect(coverage?.items).toEqual([
      expect.objectContaining({ expected: 1, covered: 1, patrols: 1, coverage: 1 }),
    ]);
  });
});

describe('the working calendar through the client', () => {
  it('a local holiday moves a deadline counted across it by a day', async () => {
    const before = (
      await anyone.request(AddWorkingDays, { districtCode: district, start: '2025-11-11', days: 2 })
    ).data?.addWorkingDays;
    expect(before).toEqual({ start: '2025-11-11', days: 2, day: '2025-11-13', provisional: false });
    const entry = success(
      (
        await admin.request(SetCalendarDay, {
          input: {
            districtCode: district,
            day: '2025-11-12',
            kind: 'HOLIDAY',
            name: '区庆日',
            source: '虎丘区人民政府关于区庆日放假的通知',
            expectedVersion: 0,
          },
        })
      ).data?.setCalendarDay,
    );
    expect(entry).toMatchObject({ day: '2025-11-12', kind: 'HOLIDAY', version: 1, working: false });
    const after = (
      await anyone.request(AddWorkingDays, { districtCode: district, start: '2025-11-11', days: 2 })
    ).data?.addWorkingDays;
    expect(after?.day).toBe('2025-11-14');
    expect(
      (await anyone.request(IsWorkingDay, { districtCode: district, day: '2025-11-12' })).data?.isWorkingDay,
    ).toBe(false);
    const year = (await anyone.request(WorkingCalendar, { districtCode: district, year: 2025 })).data
      ?.workingCalendar;
    expect(year?.known).toBe(true);
    expect(year?.days).toContainEqual(
      expect.objectContaining({ day: '2025-11-12', origin: 'DISTRICT', working: false }),
    );
    // Community staff may not edit the district's calendar.
    const refused = (
      await staff.request(SetCalendarDay, {
        input: { districtCode: district, day: '2025-11-13', kind: 'HOLIDAY', name: '假日', source: '通知' },
      })
    ).data?.setCalendarDay;
    expect(refused?.__typename).toBe('ForbiddenError');
  });
});
