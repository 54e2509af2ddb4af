/**
 * Grid plans through the gateway (docs/domain.md §7.1–§7.3), over real HTTP with real tokens:
 * community staff draw their grids' boundaries (GeoJSON, in a variable, as JSON text or inline)
 * and set "1+2+N" teams; `gridAt` finds the grid of a point on any day; team members are personal
 * (PUBLIC, a neighbouring community and other volunteers see none of them, an informant sees its
 * own place); a grid worker on the team records patrols of its grid only, and `patrolCoverage`
 * counts them against the inspection list. Every refusal is typed, names the input field and
 * changes nothing.
 */
import {
  addDays,
  computeResidentIdCheck,
  createHierarchyService,
  createVolunteerService,
  type DistrictDatabase,
  todayInChina,
} from '@sanshe/core';
import { createTestDistrictDatabase, snapshotDatabase } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  createLocalDistrictSource,
  encodeGlobalId,
  type ListeningGateway,
  listen,
  type TokenClaims,
} from '../src/index.js';
import { testAuth } from './support/demo-gateway.js';
import { requestOverHttp } from './support/http-request.js';

const DISTRICT = '320505';
const SHISHAN = '320505001001';
const NEIGHBOUR = '320505001002';
const G1 = '320505001001001';
const G2 = '320505001001002';
const today = todayInChina();

const admin: TokenClaims = { sub: 'qu-admin', role: 'DISTRICT_ADMIN', district: DISTRICT };
const staff: TokenClaims = {
  sub: 'sq-ss-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  subdistrict: '320505001',
  community: SHISHAN,
};
const neighbourStaff: TokenClaims = {
  sub: 'sq-nb-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  subdistrict: '320505001',
  community: NEIGHBOUR,
};
/** A grid worker of 狮山社区 whose account the team of 网格一 lists. */
const gridWorker: TokenClaims = {
  sub: 'wg-ss-01',
  role: 'GRID_WORKER',
  district: DISTRICT,
  community: SHISHAN,
};

let database: DistrictDatabase;
let running: ListeningGateway;
const ids: Record<string, string> = {};

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

function gql(
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<{ data?: Loose; errors?: Loose[] }> {
  return requestOverHttp(running.origin, query, variables, as);
}

async function data(query: string, variables: Record<string, unknown>, as: TokenClaims | 'public') {
  const body = await gql(query, variables, as);
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** A mutation's typed refusal (code and path), the district exactly as it was. */
async function refused(mutation: string, input: Record<string, unknown>, as: TokenClaims) {
  const before = await snapshotDatabase(database);
  const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const answer = await data(
    `mutation($input: ${name}Input!) { ${mutation}(input: $input) { __typename ... on Error { code path detail } } }`,
    { input },
    as,
  );
  const result = answer[mutation];
  expect(result.__typename, JSON.stringify(result)).not.toBe(`${name}Success`);
  expect(await snapshotDatabase(database)).toEqual(before);
  return { code: result.code as string, path: result.path as string[], detail: result.detail as string };
}

async function succeeded(
  mutation: string,
  input: Record<string, unknown>,
  selection: string,
  as: TokenClaims,
) {
  const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const answer = await data(
    `mutation($input: ${name}Input!) {
      ${mutation}(input: $input) { __typename ... on ${name}Success { data { ${selection} } } ... on Error { code path detail } }
    }`,
    { input },
    as,
  );
  const result = answer[mutation];
  expect(result.__typename, JSON.stringify(result)).toBe(`${name}Success`);
  return result.data;
}

/** A closed square ring from its south-west corner, `size` degrees wide. */
function square(west: number, south: number, size: number): number[][] {
  return [
    [west, south],
    [west + size, south],
    [west + size, south + size],
    [west, south + size],
    [west, south],
  ];
}

let sequence = 100;
/** A volunteer registered in `community` on 2024-01-01, as a VOLUNTEER token would name it. */
async function registerVolunteer(communityId: number, name: string): Promise<string> {
  sequence += 1;
  const first17 = `${DISTRICT}19850101${String(sequence).padStart(3, '0')}`;
  const volunteer = await createVolunteerService(database, { today: () => '2025-01-01' }).registerVolunteer({
    name,
    residentId: first17 + computeResidentIdCheck(first17),
    homeCommunityId: communityId,
    registeredOn: '2024-01-01',
  });
  return encodeGlobalId('Volunteer', DISTRICT, volunteer.id);
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const h = createHierarchyService(database, { today: () => '2025-01-01' });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: '320505001', name: '狮山街道', effectiveFrom: '2000-01-01' });
  const shishan = await h.createCommunity({ code: SHISHAN, name: '狮山社区', effectiveFrom: '2001-01-01' });
  const neighbour = await h.createCommunity({
    code: NEIGHBOUR,
    name: '何山社区',
    effectiveFrom: '2001-01-01',
  });
  for (const [key, code, name] of [
    ['g1', G1, '狮山一网格'],
    ['g2', G2, '狮山二网格'],
    ['g3', '320505001002001', '何山一网格'],
  ] as const) {
    const grid = await h.createGrid({ code, name, effectiveFrom: '2010-01-01' });
    ids[key] = encodeGlobalId('Grid', DISTRICT, grid.id);
  }
  ids.informant = await registerVolunteer(shishan.id, '周信息');
  ids.secondInformant = await registerVolunteer(shishan.id, '吴信息');
  ids.neighbourVolunteer = await registerVolunteer(neighbour.id, '郑邻居');
  running = await listen(
    createGateway({
      districts: [createLocalDistrictSource(database)],
      auth: testAuth,
      logging: false,
      overdueCheckMinutes: 0,
    }),
    { port: 0 },
  );
}, 60_000);
afterAll(() => running?.close());

const gridAt = `query($longitude: Float!, $latitude: Float!, $on: Date) {
  gridAt(districtCode: "${DISTRICT}", longitude: $longitude, latitude: $latitude, on: $on) { code }
}`;
const codesAt = async (longitude: number, latitude: number, on?: string) =>
  (await data(gridAt, { longitude, latitude, ...(on ? { on } : {}) }, 'public')).gridAt.map(
    (g: Loose) => g.code,
  );

describe('grid boundaries', () => {
  it('community staff draw boundaries as GeoJSON: in a variable, as JSON text, inline', async () => {
    const drawn = await succeeded(
      'drawGridBoundary',
      {
        gridId: ids.g1,
        boundary: { type: 'Polygon', coordinates: [square(120.5, 31.3, 0.01)] },
        effectiveFrom: '2025-01-01',
        source: '虎丘区网格划分方案（2025）',
      },
      'id effectiveFrom geometry minLongitude minLatitude maxLongitude maxLatitude source grid { code }',
      staff,
    );
    expect(drawn).toMatchObject({
      effectiveFrom: '2025-01-01',
      geometry: { type: 'Polygon', coordinates: [square(120.5, 31.3, 0.01)] },
      minLongitude: 120.5,
      minLatitude: 31.3,
      maxLongitude: 120.51,
      maxLatitude: 31.31,
      grid: { code: G1 },
    });
    // A Feature, sent as its JSON text: the geometry is kept, the rest dropped.
    const feature = JSON.stringify({
      type: 'Feature',
      properties: { name: '狮山二网格' },
      geometry: { type: 'Polygon', coordinates: [square(120.51, 31.3, 0.01)] },
    });
    const second = await succeeded(
      'drawGridBoundary',
      {
        gridId: ids.g2,
        boundary: feature,
        effectiveFrom: '2025-01-01',
        source: '虎丘区网格划分方案（2025）',
      },
      'geometry',
      staff,
    );
    expect(second.geometry).toEqual({ type: 'Polygon', coordinates: [square(120.51, 31.3, 0.01)] });
    // Inline in the document: the scalar reads the object literal.
    const inline = await data(
      `mutation {
        drawGridBoundary(input: {
          gridId: "${ids.g1}", effectiveFrom: "2025-06-01", source: "2025年网格调整",
          boundary: { type: "MultiPolygon", coordinates: [[[[120.5, 31.3], [120.51, 31.3], [120.51, 31.32], [120.5, 31.32], [120.5, 31.3]]]] }
        }) { __typename ... on DrawGridBoundarySuccess { data { effectiveFrom geometry } } ... on Error { code path } }
      }`,
      {},
      staff,
    );
    expect(inline.drawGridBoundary.data).toMatchObject({
      effectiveFrom: '2025-06-01',
      geometry: { type: 'MultiPolygon' },
    });
  });

  it('answers the boundary in force on a day, and every boundary a grid had, to PUBLIC too', async () => {
    const grid = await data(
      `{ grid(code: "${G1}") {
          now: boundary { effectiveFrom maxLatitude }
          march: boundary(on: "2025-03-01") { effectiveFrom maxLatitude }
          before: boundary(on: "2024-12-31") { effectiveFrom }
          boundaries { effectiveFrom }
        } }`,
      {},
      'public',
    );
    expect(grid.grid).toEqual({
      now: { effectiveFrom: '2025-06-01', maxLatitude: 31.32 },
      march: { effectiveFrom: '2025-01-01', maxLatitude: 31.31 },
      before: null,
      boundaries: [{ effectiveFrom: '2025-01-01' }, { effectiveFrom: '2025-06-01' }],
    });
  });

  it('finds the grid of a point on a day: one inside, both on a shared edge, none outside', async () => {
    expect(await codesAt(120.505, 31.305)).toEqual([G1]);
    expect(await codesAt(120.515, 31.305)).toEqual([G2]);
    expect(await codesAt(120.51, 31.305)).toEqual([G1, G2]);
    expect(await codesAt(121.5, 32)).toEqual([]);
    // 网格一 grew north in June: a point there lay in no grid in March.
    expect(await codesAt(120.505, 31.315)).toEqual([G1]);
    expect(await codesAt(120.505, 31.315, '2025-03-01')).toEqual([]);
    const bad = await gql(gridAt, { longitude: 200, latitude: 31.3 }, 'public');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_NUMBER', field: ['longitude'] });
    const elsewhere = await gql(
      `{ gridAt(districtCode: "320599", longitude: 120.5, latitude: 31.3) { code } }`,
      {},
      'public',
    );
    // A district this gateway does not serve: nothing is there.
    expect(elsewhere).toEqual({ data: { gridAt: null } });
  });

  it('refuses bad boundaries at the position at fault, changing nothing', async () => {
    const open = square(120.5, 31.3, 0.01)
      .slice(0, 4)
      .concat([[120.5, 31.301]]);
    expect(
      await refused(
        'drawGridBoundary',
        {
          gridId: ids.g1,
          boundary: { type: 'Polygon', coordinates: [open] },
          source: '测绘',
          effectiveFrom: '2025-07-01',
        },
        staff,
      ),
    ).toMatchObject({ code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'coordinates', '0'] });
    expect(
      await refused(
        'drawGridBoundary',
        {
          gridId: ids.g1,
          boundary: {
            type: 'Polygon',
            coordinates: [
              [
                [120.5, 31.3],
                [190, 31.3],
                [120.51, 31.31],
                [120.5, 31.3],
              ],
            ],
          },
          source: '测绘',
          effectiveFrom: '2025-07-01',
        },
        staff,
      ),
    ).toMatchObject({ code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'coordinates', '0', '1'] });
    expect(
      await refused('drawGridBoundary', { gridId: ids.g1, boundary: '{not json', source: '测绘' }, staff),
    ).toMatchObject({ code: 'INVALID_GEOMETRY', path: ['input', 'boundary'] });
    expect(
      await refused(
        'drawGridBoundary',
        { gridId: ids.g1, boundary: { type: 'Point', coordinates: [120.5, 31.3] }, source: '测绘' },
        staff,
      ),
    ).toMatchObject({ code: 'INVALID_GEOMETRY', path: ['input', 'boundary', 'type'] });
    // A boundary never slips under a later one, and one grid has one boundary per day.
    const polygon = { type: 'Polygon', coordinates: [square(120.5, 31.3, 0.01)] };
    expect(
      await refused(
        'drawGridBoundary',
        { gridId: ids.g1, boundary: polygon, source: '测绘', effectiveFrom: '2025-03-01' },
        staff,
      ),
    ).toMatchObject({ code: 'INVALID_DATE_RANGE', path: ['input', 'effectiveFrom'] });
    expect(
      await refused(
        'drawGridBoundary',
        { gridId: ids.g1, boundary: polygon, source: '测绘', effectiveFrom: '2025-06-01' },
        staff,
      ),
    ).toMatchObject({ code: 'DUPLICATE_RECORD', path: ['input', 'effectiveFrom'] });
    // The neighbouring community's staff draw only their own grids.
    expect(
      (
        await refused(
          'drawGridBoundary',
          { gridId: ids.g1, boundary: polygon, source: '测绘', effectiveFrom: '2025-07-01' },
          neighbourStaff,
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      await refused('drawGridBoundary', { gridId: ids.informant, boundary: polygon, source: '测绘' }, staff),
    ).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'gridId'] });
  });
});

const teamOf = `query($code: String!, $on: Date) { grid(code: $code) { team(on: $on) { id role memberName accountId joinedOn leftOn volunteer { id } } } }`;

describe('"1+2+N" teams', () => {
  const head = { role: 'HEAD', memberName: '王网格长', accountId: 'wg-ss-head' };
  const workerA = { role: 'WORKER', memberName: '李网格员', accountId: 'wg-ss-01' };
  const workerB = { role: 'WORKER', memberName: '赵网格员', accountId: 'wg-ss-02' };
  const informant = () => ({ role: 'INFORMANT', memberName: '周信息', volunteerId: ids.informant });

  it('refuses a team below the composition in force, naming what is short, changing nothing', async () => {
    const below = await refused(
      'setGridTeam',
      { gridId: ids.g1, members: [head, workerA, informant()], effectiveOn: '2025-02-01' },
      staff,
    );
    expect(below).toMatchObject({ code: 'TEAM_BELOW_COMPOSITION', path: ['input', 'members'] });
    expect(below.detail).toContain('1 grid worker(s)');
    expect(
      await refused(
        'setGridTeam',
        { gridId: ids.g1, members: [head, workerA, workerB], effectiveOn: '2025-02-01' },
        staff,
      ),
    ).toMatchObject({ code: 'TEAM_BELOW_COMPOSITION' });
    // Two heads, and a grid worker without an account: the path names the member at fault.
    expect(
      await refused(
        'setGridTeam',
        {
          gridId: ids.g1,
          members: [head, { ...head, accountId: 'wg-ss-head2' }, workerA, workerB, informant()],
        },
        staff,
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', path: ['input', 'members', '1', 'role'] });
    expect(
      await refused(
        'setGridTeam',
        { gridId: ids.g1, members: [head, { role: 'WORKER', memberName: '无账号' }, workerB, informant()] },
        staff,
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED', path: ['input', 'members', '1', 'accountId'] });
    // A volunteer the caller cannot see answers as one that does not exist.
    expect(
      await refused(
        'setGridTeam',
        {
          gridId: ids.g1,
          members: [head, workerA, workerB, { ...informant(), volunteerId: ids.neighbourVolunteer }],
        },
        staff,
      ),
    ).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'members', '3', 'volunteerId'] });
    // The neighbouring community's staff (naming a volunteer they see) may not set 网格一's team.
    expect(
      (
        await refused(
          'setGridTeam',
          {
            gridId: ids.g1,
            members: [head, workerA, workerB, { ...informant(), volunteerId: ids.neighbourVolunteer }],
          },
          neighbourStaff,
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('sets a valid team: the head, then the workers, then the informants', async () => {
    const change = await succeeded(
      'setGridTeam',
      { gridId: ids.g1, members: [informant(), workerB, head, workerA], effectiveOn: '2025-02-01' },
      'grid { code } members { id role memberName joinedOn } joinedIds leftIds updatedIds',
      staff,
    );
    expect(change.grid.code).toBe(G1);
    expect(change.members.map((m: Loose) => m.role)).toEqual(['HEAD', 'WORKER', 'WORKER', 'INFORMANT']);
    expect(change.members.every((m: Loose) => m.joinedOn === '2025-02-01')).toBe(true);
    expect(change.joinedIds).toHaveLength(4);
    expect(change.leftIds).toEqual([]);
    ids.head = change.members[0].id;
    ids.workerA = change.members.find((m: Loose) => m.memberName === '李网格员').id;
    ids.informantMember = change.members[3].id;
  });

  it('shows team members only to whom core’s rule allows: never PUBLIC, an informant its own place', async () => {
    const seen = await data(teamOf, { code: G1 }, staff);
    // Workers in the order they joined (赵 was listed first).
    expect(seen.grid.team.map((m: Loose) => m.memberName)).toEqual([
      '王网格长',
      '赵网格员',
      '李网格员',
      '周信息',
    ]);
    expect(seen.grid.team[3].volunteer).toEqual({ id: ids.informant });
    expect((await data(teamOf, { code: G1, on: '2025-01-31' }, staff)).grid.team).toEqual([]);
    expect((await data(teamOf, { code: G1 }, 'public')).grid.team).toEqual([]);
    expect((await data(teamOf, { code: G1 }, neighbourStaff)).grid.team).toEqual([]);
    const own = await data(teamOf, { code: G1 }, {
      sub: 'zyz-zhou',
      role: 'VOLUNTEER',
      volunteer: ids.informant,
    } as unknown as TokenClaims);
    expect(own.grid.team.map((m: Loose) => m.memberName)).toEqual(['周信息']);
    const other = await data(teamOf, { code: G1 }, {
      sub: 'zyz-wu',
      role: 'VOLUNTEER',
      volunteer: ids.secondInformant,
    } as unknown as TokenClaims);
    expect(other.grid.team).toEqual([]);
    const node = `query($id: ID!) { node(id: $id) { ... on GridTeamMember { memberName } } }`;
    expect((await data(node, { id: ids.head }, 'public')).node).toBeNull();
    expect((await data(node, { id: ids.head }, staff)).node).toEqual({ memberName: '王网格长' });
  });

  it('keeps the composition when a member leaves; a new team records who joined and left', async () => {
    const kept = await refused('leaveGridTeam', { id: ids.workerA, leftOn: '2025-03-01' }, staff);
    expect(kept).toMatchObject({ code: 'TEAM_BELOW_COMPOSITION', path: ['input', 'id'] });
    expect(await refused('leaveGridTeam', { id: ids.head, leftOn: '2025-01-15' }, staff)).toMatchObject({
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'leftOn'],
    });
    expect((await refused('leaveGridTeam', { id: ids.head }, neighbourStaff)).code).toBe('NOT_FOUND');
    // A second informant joins; then one may leave.
    const change = await succeeded(
      'setGridTeam',
      {
        gridId: ids.g1,
        members: [
          head,
          { ...workerA, memberName: '李网格员（专职）' },
          workerB,
          informant(),
          { role: 'INFORMANT', memberName: '吴信息', volunteerId: ids.secondInformant },
        ],
        effectiveOn: '2025-03-01',
      },
      'members { id } joinedIds leftIds updatedIds',
      staff,
    );
    expect(change.joinedIds).toHaveLength(1);
    expect(change.leftIds).toEqual([]);
    expect(change.updatedIds).toEqual([ids.workerA]);
    const left = await succeeded(
      'leaveGridTeam',
      { id: ids.informantMember, leftOn: '2025-04-01' },
      'leftOn role',
      staff,
    );
    expect(left).toEqual({ leftOn: '2025-04-01', role: 'INFORMANT' });
    expect(await refused('leaveGridTeam', { id: ids.informantMember }, staff)).toMatchObject({
      code: 'ALREADY_ENDED',
      path: ['input', 'id'],
    });
    const march = await data(teamOf, { code: G1, on: '2025-03-15' }, staff);
    expect(march.grid.team.map((m: Loose) => m.memberName)).toEqual([
      '王网格长',
      '赵网格员',
      '李网格员（专职）',
      '周信息',
      '吴信息',
    ]);
  });
});

describe('patrols', () => {
  const patrolsOf = `query($code: String!) { grid(code: $code) { patrols(first: 10) { totalCount nodes { patrolledBy result note item { code } grid { code } } } } }`;
  const coverage = `query($gridId: ID!, $from: Date!, $to: Date!) {
    patrolCoverage(gridId: $gridId, from: $from, to: $to) {
      grid { code } from to items { item { code } inForceFrom inForceTo expected covered patrols coverage }
    }
  }`;
  /** An instant of today in China just before now: patrols are never recorded after now. */
  const justNow = () => {
    const instant = new Date(Date.now() - 2000).toISOString();
    return instant < `${today}T00:00:00+08:00` ? `${today}T00:00:00+08:00` : instant;
  };

  beforeAll(async () => {
    const department = await succeeded(
      'createDepartment',
      { unitCode: DISTRICT, code: 'CG', name: '虎丘区城市管理局', kind: 'FUNCTIONAL' },
      'id',
      admin,
    );
    for (const [key, code, frequency, effectiveFrom] of [
      ['daily', 'CG.01.001', 'DAILY', today],
      ['later', 'CG.01.002', 'WEEKLY', addDays(today, 1)],
    ] as const) {
      ids[key] = (
        await succeeded(
          'addInspectionItem',
          {
            departmentId: department.id,
            code,
            title: `巡查事项${code}`,
            frequency,
            categoryCode: 'E0502',
            effectiveFrom,
          },
          'id',
          admin,
        )
      ).id;
    }
  });

  it('a grid worker on the team records a patrol of its grid', async () => {
    const patrol = await succeeded(
      'recordPatrol',
      {
        gridId: ids.g1,
        inspectionItemId: ids.daily,
        patrolledAt: justNow(),
        result: 'PROBLEM',
        note: '门前堆放杂物',
      },
      'id result note patrolledBy item { code } grid { code }',
      gridWorker,
    );
    expect(patrol).toMatchObject({
      result: 'PROBLEM',
      note: '门前堆放杂物',
      patrolledBy: 'wg-ss-01',
      item: { code: 'CG.01.001' },
      grid: { code: G1 },
    });
  });

  it('refuses a patrol of another grid, of an item not in force, or in the future, changing nothing', async () => {
    expect(
      (
        await refused(
          'recordPatrol',
          { gridId: ids.g2, inspectionItemId: ids.daily, patrolledAt: justNow(), result: 'NORMAL' },
          gridWorker,
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      await refused(
        'recordPatrol',
        { gridId: ids.g1, inspectionItemId: ids.later, patrolledAt: justNow(), result: 'NORMAL' },
        gridWorker,
      ),
    ).toMatchObject({ code: 'STATUS_NOT_ALLOWED', path: ['input', 'inspectionItemId'] });
    expect(
      await refused(
        'recordPatrol',
        {
          gridId: ids.g1,
          inspectionItemId: ids.daily,
          patrolledAt: new Date(Date.now() + 3_600_000).toISOString(),
          result: 'NORMAL',
        },
        gridWorker,
      ),
    ).toMatchObject({ code: 'DATE_IN_FUTURE', path: ['input', 'patrolledAt'] });
    expect(
      await refused(
        'recordPatrol',
        { gridId: ids.g1, inspectionItemId: ids.head, patrolledAt: justNow(), result: 'NORMAL' },
        gridWorker,
      ),
    ).toMatchObject({ code: 'NOT_FOUND', path: ['input', 'inspectionItemId'] });
  });

  it('lists a grid’s patrols to the staff of its unit only, and counts them against the list', async () => {
    const seen = await data(patrolsOf, { code: G1 }, staff);
    expect(seen.grid.patrols.totalCount).toBe(1);
    expect(seen.grid.patrols.nodes[0]).toMatchObject({
      patrolledBy: 'wg-ss-01',
      item: { code: 'CG.01.001' },
    });
    for (const caller of ['public', neighbourStaff] as const) {
      expect((await data(patrolsOf, { code: G1 }, caller)).grid.patrols).toEqual({
        totalCount: 0,
        nodes: [],
      });
    }
    const counted = await data(coverage, { gridId: ids.g1, from: today, to: today }, staff);
    expect(counted.patrolCoverage).toEqual({
      grid: { code: G1 },
      from: today,
      to: today,
      items: [
        {
          item: { code: 'CG.01.001' },
          inForceFrom: today,
          inForceTo: today,
          expected: 1,
          covered: 1,
          patrols: 1,
          coverage: 1,
        },
      ],
    });
    // Only the patrols the caller may see are counted.
    const blind = await data(coverage, { gridId: ids.g1, from: today, to: today }, 'public');
    expect(blind.patrolCoverage.items[0]).toMatchObject({ expected: 1, covered: 0, patrols: 0, coverage: 0 });
    const reversed = await gql(coverage, { gridId: ids.g1, from: today, to: addDays(today, -1) }, staff);
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DATE_RANGE', field: ['to'] });
  });

  it('lists a grid’s patrols within the days asked, on either path, and refuses a range that ends before it begins', async () => {
    const within = `query($code: String!, $from: Date, $to: Date) {
      grid(code: $code) { code patrols(first: 10, from: $from, to: $to) { totalCount nodes { patrolledBy } } }
    }`;
    const countWithin = async (from: string | null, to: string | null) =>
      (await data(within, { code: G1, from, to }, staff)).grid.patrols.totalCount;
    expect(await countWithin(today, today)).toBe(1);
    expect(await countWithin(null, today)).toBe(1);
    expect(await countWithin(addDays(today, -30), addDays(today, -1))).toBe(0);
    expect(await countWithin(addDays(today, 1), null)).toBe(0);
    // The days are checked before anything is read; the error names the argument.
    const reversed = await gql(within, { code: G1, from: today, to: addDays(today, -1) }, staff);
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DATE_RANGE', field: ['to'] });
    expect(reversed.errors?.[0]?.message).toContain('before it begins');
  });
});
