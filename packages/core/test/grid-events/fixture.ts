/**
 * The district of the grid-management and consultation suites (docs/domain.md §7, §8). Not a
 * test file: vitest collects only `*.test.ts`. The hierarchy is made with its own service; the
 * departments, routes, boundaries and teams every suite stands on are inserted as rows (their
 * own suites test the services that write them), so each suite starts from the same city block.
 *
 * - 虎丘区 (320505): 狮山街道 (320505001) with 狮山社区 (…001001; grids 网格一 …001 and 网格二
 *   …002) and 枫桥街道 (320505002) with 枫桥社区 (…002001; grid 网格一 …001). Each grid is a square
 *   of 0.01° (about 950 m × 1,100 m) side by side along latitude 31.30–31.31 from longitude 120.50.
 * - Departments: 区城市管理局 (CG), 区住房和城乡建设局 (ZJ), 区水务集团 (SW, a public utility) and
 *   狮山街道综合行政执法局 (SSZF, serving 狮山街道 only). Routes: street order (E05) and city
 *   appearance (E01) → CG; public utilities (C01) → SW; buildings (C05) → ZJ; in 狮山街道 illegal
 *   parking (E0503) → SSZF; disputes (S01) and safety (S02) → SSZF in 狮山街道, ZJ elsewhere.
 * - 网格一 of 狮山社区 has its "1+2+N" team: head wg-ss-head, workers wg-ss-01 and wg-ss-02, and an
 *   informant volunteer.
 * - Today is Monday 2026-03-02; "now" is 10:00 that day in China. The 2026 national calendar
 *   applies (清明 04-04–06, 劳动节 05-01–05 with 05-09 worked).
 */

import type { Logger } from 'drizzle-orm';
import type { Actor } from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { departments, eventRoutes, gridBoundaries, gridTeamMembers } from '../../src/schema/index.js';
import { createTestDistrictDatabase } from '../../src/testing/index.js';
import { computeResidentIdCheck } from '../../src/validators/index.js';
import { createVolunteerService } from '../../src/volunteers/index.js';

export { type ExpectedRefusal, expectRefused } from '../hierarchy/helpers.js';

export const DISTRICT = '320505';
export const TODAY = '2026-03-02';
export const NOW = new Date('2026-03-02T10:00:00+08:00');
export const SHISHAN = '320505001001';
export const FENGQIAO = '320505002001';
export const GRID_1 = `${SHISHAN}001`;
export const GRID_2 = `${SHISHAN}002`;
export const FENGQIAO_GRID = `${FENGQIAO}001`;

/** A closed square ring of side 0.01° from a south-west corner. */
export function square(longitude: number, latitude: number, side = 0.01) {
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [longitude, latitude],
        [longitude + side, latitude],
        [longitude + side, latitude + side],
        [longitude, latitude + side],
        [longitude, latitude],
      ],
    ],
  };
}

/** A point inside each grid, and one outside every grid. */
export const points = {
  grid1: { longitude: 120.505, latitude: 31.305 },
  grid2: { longitude: 120.515, latitude: 31.305 },
  fengqiao: { longitude: 120.525, latitude: 31.305 },
  nowhere: { longitude: 120.6, latitude: 31.4 },
};

export interface GridDistrict {
  database: DistrictDatabase;
  communities: { shishan: number; fengqiao: number };
  grids: { grid1: number; grid2: number; fengqiao: number };
  departments: { cg: number; zj: number; sw: number; sszf: number };
  informantVolunteerId: number;
  actors: ReturnType<typeof actorsOf>;
}

function actorsOf(d: { departments: GridDistrict['departments']; informantVolunteerId: number }) {
  return {
    admin: { id: 'qmzj-admin-01', role: 'DISTRICT_ADMIN', district: DISTRICT },
    /** The grid centre of 狮山街道 (网格化服务管理中心). */
    centre: { id: 'js-wgzx-01', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: '320505001' },
    shishan: { id: 'sq-ss-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: SHISHAN },
    fengqiao: { id: 'sq-fq-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: FENGQIAO },
    gridHead: { id: 'wg-ss-head', role: 'GRID_WORKER', district: DISTRICT, community: SHISHAN },
    gridWorker: { id: 'wg-ss-01', role: 'GRID_WORKER', district: DISTRICT, community: SHISHAN },
    gridWorker2: { id: 'wg-ss-02', role: 'GRID_WORKER', district: DISTRICT, community: SHISHAN },
    /** A grid worker of 狮山社区 who is on no grid's team. */
    otherGridWorker: { id: 'wg-ss-09', role: 'GRID_WORKER', district: DISTRICT, community: SHISHAN },
    cg: { id: 'cg-01', role: 'DEPARTMENT_STAFF', district: DISTRICT, departmentId: d.departments.cg },
    cg2: { id: 'cg-02', role: 'DEPARTMENT_STAFF', district: DISTRICT, departmentId: d.departments.cg },
    zj: { id: 'zj-01', role: 'DEPARTMENT_STAFF', district: DISTRICT, departmentId: d.departments.zj },
    sw: { id: 'sw-01', role: 'DEPARTMENT_STAFF', district: DISTRICT, departmentId: d.departments.sw },
    sszf: { id: 'sszf-01', role: 'DEPARTMENT_STAFF', district: DISTRICT, departmentId: d.departments.sszf },
    /** The civil-affairs bureau: department staff with no department of grid events. */
    bureau: { id: 'mz-01', role: 'DEPARTMENT_STAFF', district: DISTRICT },
    informant: {
      id: `zyz-${d.informantVolunteerId}`,
      role: 'VOLUNTEER',
      district: DISTRICT,
      volunteerId: d.informantVolunteerId,
    },
    resident: { id: 'app-user-1001', role: 'RESIDENT', district: DISTRICT },
    resident2: { id: 'app-user-1002', role: 'RESIDENT', district: DISTRICT },
    /** An Open311 or hotline system of the district. */
    service: { id: 'open311-app', role: 'SERVICE', district: DISTRICT },
    evaluator: { id: 'pg-01', role: 'EVALUATOR', district: DISTRICT },
    public: { id: 'anonymous', role: 'PUBLIC' },
  } satisfies Record<string, Actor>;
}

/** `options.logger`: a drizzle logger for the database (the gateway's statement counts use one). */
export async function createGridDistrict(options: { logger?: Logger } = {}): Promise<GridDistrict> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT, ...options });
  const db = database.db;
  const h = createHierarchyService(database, { today: () => TODAY });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505002', name: '枫桥街道', effectiveFrom: '2000-01-01' });
  const shishan = await h.createCommunity({ code: SHISHAN, name: '狮山社区', effectiveFrom: '2001-01-01' });
  const fengqiao = await h.createCommunity({ code: FENGQIAO, name: '枫桥社区', effectiveFrom: '2001-01-01' });
  const grid1 = await h.createGrid({ code: GRID_1, name: '网格一', effectiveFrom: '2010-01-01' });
  const grid2 = await h.createGrid({ code: GRID_2, name: '网格二', effectiveFrom: '2010-01-01' });
  const fengqiaoGrid = await h.createGrid({
    code: FENGQIAO_GRID,
    name: '网格一',
    effectiveFrom: '2010-01-01',
  });

  const boundary = (gridId: number, longitude: number) => {
    const geometry = square(longitude, 31.3);
    return {
      districtCode: DISTRICT,
      gridId,
      effectiveFrom: '2020-01-01',
      geometry,
      minLongitude: longitude,
      minLatitude: 31.3,
      maxLongitude: longitude + 0.01,
      maxLatitude: 31.31,
      source: '虎丘区网格划分方案（2020）',
      recordedBy: 'qmzj-admin-01',
    };
  };
  await db
    .insert(gridBoundaries)
    .values([boundary(grid1.id, 120.5), boundary(grid2.id, 120.51), boundary(fengqiaoGrid.id, 120.52)]);

  const department = async (code: string, name: string, kind: string, unitCode = DISTRICT) => {
    const [row] = await db
      .insert(departments)
      .values({ districtCode: DISTRICT, code, name, kind, unitCode, establishedOn: '2010-01-01' })
      .returning({ id: departments.id });
    return row!.id;
  };
  const ids = {
    cg: await department('CG', '虎丘区城市管理局', 'functional'),
    zj: await department('ZJ', '虎丘区住房和城乡建设局', 'functional'),
    sw: await department('SW', '虎丘区水务集团', 'public_utility'),
    sszf: await department('SSZF', '狮山街道综合行政执法局', 'subdistrict_office', '320505001'),
  };
  const route = (categoryCode: string, areaCode: string, departmentId: number) => ({
    districtCode: DISTRICT,
    categoryCode,
    areaCode,
    departmentId,
    effectiveFrom: '2020-01-01',
  });
  await db
    .insert(eventRoutes)
    .values([
      route('E05', DISTRICT, ids.cg),
      route('E01', DISTRICT, ids.cg),
      route('C01', DISTRICT, ids.sw),
      route('C05', DISTRICT, ids.zj),
      route('E0503', '320505001', ids.sszf),
      route('S01', '320505001', ids.sszf),
      route('S02', '320505001', ids.sszf),
      route('S01', DISTRICT, ids.zj),
      route('S02', DISTRICT, ids.zj),
    ]);

  const informantId = `${DISTRICT}19800101${'203'}`;
  const informant = await createVolunteerService(database, {
    today: () => TODAY,
    now: () => NOW,
  }).registerVolunteer({
    name: '周信息',
    residentId: informantId + computeResidentIdCheck(informantId),
    homeCommunityId: shishan.id,
    registeredOn: '2025-01-01',
  });
  const member = (
    role: string,
    memberName: string,
    accountId: string | null,
    volunteerId: number | null = null,
  ) => ({
    districtCode: DISTRICT,
    gridId: grid1.id,
    role,
    memberName,
    accountId,
    volunteerId,
    joinedOn: '2024-01-01',
  });
  await db
    .insert(gridTeamMembers)
    .values([
      member('head', '王网格长', 'wg-ss-head'),
      member('worker', '李网格员', 'wg-ss-01'),
      member('worker', '赵网格员', 'wg-ss-02'),
      member('informant', '周信息', null, informant.id),
    ]);

  return {
    database,
    communities: { shishan: shishan.id, fengqiao: fengqiao.id },
    grids: { grid1: grid1.id, grid2: grid2.id, fengqiao: fengqiaoGrid.id },
    departments: ids,
    informantVolunteerId: informant.id,
    actors: actorsOf({ departments: ids, informantVolunteerId: informant.id }),
  };
}
