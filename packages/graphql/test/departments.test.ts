/**
 * Departments, routing and inspection lists through the gateway (docs/domain.md §7.3–§7.5), over
 * real HTTP with real tokens: the district administrator keeps the departments, routes event
 * categories to them by area and keeps their inspection lists; `routeFor` explains which rule
 * decides and why; everyone, PUBLIC included, reads them (reference data); community staff may
 * not write them; every refusal is typed, names the input field and changes nothing.
 */
import { addDays, createHierarchyService, type DistrictDatabase, todayInChina } from '@sanshe/core';
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
const SHISHAN_STREET = '320505001';
const OTHER_STREET = '320505002';
const GRID = '320505001001001';
const today = todayInChina();
const tomorrow = addDays(today, 1);

const admin: TokenClaims = { sub: 'qu-admin', role: 'DISTRICT_ADMIN', district: DISTRICT };
const communityStaff: TokenClaims = {
  sub: 'sq-ss-01',
  role: 'COMMUNITY_STAFF',
  district: DISTRICT,
  subdistrict: SHISHAN_STREET,
  community: '320505001001',
};

let database: DistrictDatabase;
let running: ListeningGateway;
let gridId: string;

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

/** A GraphQL request over HTTP, with a signed token for the caller (none for PUBLIC). */
function gql(
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<{ data?: Loose; errors?: Loose[] }> {
  return requestOverHttp(running.origin, query, variables, as);
}

/** The answer's data, the test failing on any top-level error. */
async function data(query: string, variables: Record<string, unknown>, as: TokenClaims | 'public') {
  const body = await gql(query, variables, as);
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** A mutation's typed refusal: its code and path, and the district exactly as it was. */
async function refused(
  mutation: string,
  input: Record<string, unknown>,
  as: TokenClaims,
): Promise<{ code: string; path: string[] }> {
  const before = await snapshotDatabase(database);
  const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const answer = await data(
    `mutation($input: ${name}Input!) { ${mutation}(input: $input) { __typename ... on Error { code path } } }`,
    { input },
    as,
  );
  const result = answer[mutation];
  expect(result.__typename, JSON.stringify(result)).not.toBe(`${name}Success`);
  expect(await snapshotDatabase(database)).toEqual(before);
  return { code: result.code, path: result.path };
}

/** A mutation's success `data`, the test failing with what came back instead. */
async function succeeded(mutation: string, input: Record<string, unknown>, selection: string, as = admin) {
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

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const h = createHierarchyService(database, { today: () => '2025-01-01' });
  await h.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: SHISHAN_STREET, name: '狮山街道', effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({ code: OTHER_STREET, name: '枫桥街道', effectiveFrom: '2000-01-01' });
  await h.createCommunity({ code: '320505001001', name: '狮山社区', effectiveFrom: '2001-01-01' });
  const grid = await h.createGrid({ code: GRID, name: '狮山一网格', effectiveFrom: '2010-01-01' });
  gridId = encodeGlobalId('Grid', DISTRICT, grid.id);
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
// The gateway closes the district database it serves.
afterAll(() => running?.close());

const routeFor = `query($gridId: ID!, $categoryCode: String!, $on: Date) {
  routeFor(gridId: $gridId, categoryCode: $categoryCode, on: $on) {
    matchedBy areaLevel explanation
    department { code name }
    route { categoryCode categoryName areaCode areaLevel effectiveFrom }
  }
}`;

describe('departments through the gateway', () => {
  const ids: Record<string, string> = {};

  it('the district administrator records departments; everyone pages them by code, filtered', async () => {
    const cg = await succeeded(
      'createDepartment',
      { unitCode: DISTRICT, code: 'CG', name: '虎丘区城市管理局', kind: 'FUNCTIONAL' },
      'id code name kind unitCode establishedOn dissolvedOn version',
    );
    expect(cg).toMatchObject({
      code: 'CG',
      kind: 'FUNCTIONAL',
      unitCode: DISTRICT,
      establishedOn: today,
      dissolvedOn: null,
      version: 1,
    });
    ids.cg = cg.id;
    ids.zf = (
      await succeeded(
        'createDepartment',
        { unitCode: SHISHAN_STREET, code: 'SS-ZF', name: '狮山街道综合执法队', kind: 'SUBDISTRICT_OFFICE' },
        'id',
      )
    ).id;
    ids.water = (
      await succeeded(
        'createDepartment',
        { unitCode: DISTRICT, code: 'SW', name: '虎丘区水务局', kind: 'FUNCTIONAL' },
        'id',
      )
    ).id;

    const page = `query($filter: DepartmentFilter) {
      departments(first: 10, filter: $filter) { totalCount nodes { id code kind unitCode } }
    }`;
    const all = await data(page, {}, 'public');
    expect(all.departments.nodes.map((n: Loose) => n.code)).toEqual(['CG', 'SS-ZF', 'SW']);
    expect(all.departments.totalCount).toBe(3);
    const offices = await data(page, { filter: { kind: 'SUBDISTRICT_OFFICE' } }, 'public');
    expect(offices.departments.nodes.map((n: Loose) => n.code)).toEqual(['SS-ZF']);
    const ofStreet = await data(page, { filter: { unitCode: SHISHAN_STREET } }, communityStaff);
    expect(ofStreet.departments.nodes.map((n: Loose) => n.code)).toEqual(['SS-ZF']);
    // Nothing was established before today.
    const before = await data(page, { filter: { asOf: addDays(today, -1) } }, 'public');
    expect(before.departments.totalCount).toBe(0);
    // Another district's code: that district answers (none is served here).
    const elsewhere = await data(page, { filter: { districtCode: '320506' } }, 'public');
    expect(elsewhere.departments.totalCount).toBe(0);
    // A community is no unit a department serves: a typed error naming the filter's field.
    const community = await gql(page, { filter: { unitCode: '320505001001' } }, 'public');
    expect(community.errors?.[0]?.extensions).toMatchObject({
      code: 'CODE_LEVEL_MISMATCH',
      field: ['filter', 'unitCode'],
    });
    // node(id) serves a department to PUBLIC: the names of government bodies are public.
    const node = await data(
      `query($id: ID!) { node(id: $id) { ... on Department { code name } } }`,
      { id: ids.cg },
      'public',
    );
    expect(node.node).toEqual({ code: 'CG', name: '虎丘区城市管理局' });
  });

  it('refuses bad departments with typed codes at the input field, changing nothing', async () => {
    expect(
      await refused(
        'createDepartment',
        { unitCode: DISTRICT, code: 'CG', name: '另一个城管局', kind: 'FUNCTIONAL' },
        admin,
      ),
    ).toEqual({ code: 'DUPLICATE_RECORD', path: ['input', 'code'] });
    expect(
      await refused(
        'createDepartment',
        { unitCode: '320505001001', code: 'SQ', name: '社区', kind: 'OTHER' },
        admin,
      ),
    ).toEqual({ code: 'CODE_LEVEL_MISMATCH', path: ['input', 'unitCode'] });
    expect(
      await refused(
        'createDepartment',
        { unitCode: DISTRICT, code: 'cg 1', name: '小写', kind: 'OTHER' },
        admin,
      ),
    ).toEqual({ code: 'VALIDATION_FAILED', path: ['input', 'code'] });
    expect(
      await refused(
        'createDepartment',
        { unitCode: DISTRICT, code: 'FUTURE', name: '未来局', kind: 'OTHER', establishedOn: tomorrow },
        admin,
      ),
    ).toMatchObject({ path: ['input', 'establishedOn'] });
    // Departments are the district's: community staff keep none.
    expect(
      (
        await refused(
          'createDepartment',
          { unitCode: DISTRICT, code: 'SQ', name: '社区办', kind: 'OTHER' },
          communityStaff,
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('routes categories by area; routeFor explains which rule decides and why', async () => {
    const e05 = await succeeded(
      'setEventRoute',
      { departmentId: ids.cg, categoryCode: 'E05', areaCode: DISTRICT },
      'id categoryCode categoryName areaCode areaLevel effectiveFrom retiredOn department { code }',
    );
    expect(e05).toMatchObject({
      categoryCode: 'E05',
      categoryName: '街面秩序',
      areaLevel: 'DISTRICT',
      effectiveFrom: today,
      retiredOn: null,
      department: { code: 'CG' },
    });
    ids.e05 = e05.id;
    ids.e0503 = (
      await succeeded(
        'setEventRoute',
        { departmentId: ids.zf, categoryCode: 'E0503', areaCode: SHISHAN_STREET },
        'id',
      )
    ).id;

    // The category itself, in the subdistrict, wins over its class for the whole district.
    const parked = await data(routeFor, { gridId, categoryCode: 'E0503' }, 'public');
    expect(parked.routeFor).toMatchObject({
      matchedBy: 'CATEGORY',
      areaLevel: 'SUBDISTRICT',
      department: { code: 'SS-ZF' },
      route: { categoryCode: 'E0503', categoryName: '机动车乱停放', areaCode: SHISHAN_STREET },
    });
    expect(parked.routeFor.explanation).toContain(GRID);
    // Another category of the class falls to the class's rule.
    const stalls = await data(routeFor, { gridId, categoryCode: 'E0502' }, communityStaff);
    expect(stalls.routeFor).toMatchObject({
      matchedBy: 'PARENT_CATEGORY',
      areaLevel: 'DISTRICT',
      department: { code: 'CG' },
    });
    // No rule: an event of that category there would be refused NO_ROUTE.
    expect((await data(routeFor, { gridId, categoryCode: 'S0101' }, 'public')).routeFor).toBeNull();
    // Nothing routed yesterday: the rules start today.
    expect(
      (await data(routeFor, { gridId, categoryCode: 'E0503', on: addDays(today, -1) }, 'public')).routeFor,
    ).toBeNull();
    // An event is filed under a second-level category; the error names the argument.
    const firstLevel = await gql(routeFor, { gridId, categoryCode: 'E05' }, 'public');
    expect(firstLevel.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      field: ['categoryCode'],
    });
    const notAGrid = await gql(routeFor, { gridId: ids.cg, categoryCode: 'E0503' }, 'public');
    expect(notAGrid.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: ['gridId'] });

    // The department lists the rules that name it.
    const routes = await data(
      `query($id: ID!, $asOf: Date) { node(id: $id) { ... on Department { routes(asOf: $asOf) { categoryCode areaCode } } } }`,
      { id: ids.cg, asOf: today },
      'public',
    );
    expect(routes.node.routes).toEqual([{ categoryCode: 'E05', areaCode: DISTRICT }]);
  });

  it('refuses routes a department cannot take, naming the field, changing nothing', async () => {
    // A subdistrict's office handles its own subdistrict only.
    expect(
      await refused(
        'setEventRoute',
        { departmentId: ids.zf, categoryCode: 'E0502', areaCode: OTHER_STREET },
        admin,
      ),
    ).toEqual({ code: 'VALIDATION_FAILED', path: ['input', 'departmentId'] });
    expect(
      await refused(
        'setEventRoute',
        { departmentId: ids.cg, categoryCode: 'X99', areaCode: DISTRICT },
        admin,
      ),
    ).toEqual({ code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'categoryCode'] });
    // Routing changes from today on, never in the past.
    expect(
      await refused(
        'setEventRoute',
        {
          departmentId: ids.water,
          categoryCode: 'E04',
          areaCode: DISTRICT,
          effectiveFrom: addDays(today, -1),
        },
        admin,
      ),
    ).toEqual({ code: 'INVALID_DATE_RANGE', path: ['input', 'effectiveFrom'] });
    expect(
      await refused(
        'setEventRoute',
        { departmentId: ids.water, categoryCode: 'E04', areaCode: '320505009' },
        admin,
      ),
    ).toEqual({ code: 'NOT_FOUND', path: ['input', 'areaCode'] });
    expect(
      (
        await refused(
          'setEventRoute',
          { departmentId: ids.water, categoryCode: 'E04', areaCode: DISTRICT },
          communityStaff,
        )
      ).code,
    ).toBe('FORBIDDEN');
    // A department's ID must name a Department.
    expect(
      await refused(
        'setEventRoute',
        { departmentId: gridId, categoryCode: 'E04', areaCode: DISTRICT },
        admin,
      ),
    ).toEqual({ code: 'NOT_FOUND', path: ['input', 'departmentId'] });
  });

  it('keeps inspection lists: items added and retired, listed by the day asked', async () => {
    const item = await succeeded(
      'addInspectionItem',
      {
        departmentId: ids.cg,
        code: 'CG.01.001',
        title: '门前三包落实情况',
        frequency: 'DAILY',
        categoryCode: 'E0502',
      },
      'id code title frequency categoryCode categoryName effectiveFrom retiredOn department { code }',
    );
    expect(item).toMatchObject({
      code: 'CG.01.001',
      frequency: 'DAILY',
      categoryName: '占道经营',
      effectiveFrom: today,
      retiredOn: null,
      department: { code: 'CG' },
    });
    const later = await succeeded(
      'addInspectionItem',
      {
        departmentId: ids.cg,
        code: 'CG.01.002',
        title: '共享单车停放秩序',
        frequency: 'WEEKLY',
        categoryCode: 'E0504',
        effectiveFrom: tomorrow,
      },
      'id',
    );
    expect(
      await refused(
        'addInspectionItem',
        { departmentId: ids.cg, code: 'CG.01.001', title: '重复', frequency: 'DAILY', categoryCode: 'E0502' },
        admin,
      ),
    ).toEqual({ code: 'DUPLICATE_RECORD', path: ['input', 'code'] });
    expect(
      await refused(
        'addInspectionItem',
        { departmentId: ids.cg, code: 'CG.01.009', title: '大类', frequency: 'DAILY', categoryCode: 'E05' },
        admin,
      ),
    ).toEqual({ code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'categoryCode'] });
    expect(
      await refused(
        'addInspectionItem',
        {
          departmentId: ids.cg,
          code: 'CG.01.010',
          title: '网格长13812345678',
          frequency: 'DAILY',
          categoryCode: 'E0502',
        },
        admin,
      ),
    ).toEqual({ code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: ['input', 'title'] });

    const retired = await succeeded(
      'retireInspectionItem',
      { id: later.id, retiredOn: addDays(today, 30) },
      'retiredOn',
    );
    expect(retired.retiredOn).toBe(addDays(today, 30));
    expect(await refused('retireInspectionItem', { id: later.id }, admin)).toEqual({
      code: 'ALREADY_ENDED',
      path: ['input', 'id'],
    });
    const list = `query($id: ID!, $asOf: Date) { node(id: $id) { ... on Department { inspectionItems(asOf: $asOf) { code } } } }`;
    expect((await data(list, { id: ids.cg, asOf: today }, 'public')).node.inspectionItems).toEqual([
      { code: 'CG.01.001' },
    ]);
    expect((await data(list, { id: ids.cg, asOf: tomorrow }, 'public')).node.inspectionItems).toEqual([
      { code: 'CG.01.001' },
      { code: 'CG.01.002' },
    ]);
    expect((await data(list, { id: ids.cg }, 'public')).node.inspectionItems).toHaveLength(2);
  });

  it('renames with a version check, retires a rule, and dissolves a department with its duties', async () => {
    expect(
      await refused('renameDepartment', { id: ids.water, name: '虎丘区水利局', expectedVersion: 7 }, admin),
    ).toMatchObject({ code: 'VERSION_CONFLICT' });
    const renamed = await succeeded(
      'renameDepartment',
      { id: ids.water, name: '虎丘区水利局', expectedVersion: 1 },
      'name version',
    );
    expect(renamed).toEqual({ name: '虎丘区水利局', version: 2 });

    // Retiring the subdistrict's rule from tomorrow: the class's rule decides from then on.
    const retired = await succeeded('retireEventRoute', { id: ids.e0503, retiredOn: tomorrow }, 'retiredOn');
    expect(retired.retiredOn).toBe(tomorrow);
    const afterwards = await data(routeFor, { gridId, categoryCode: 'E0503', on: tomorrow }, 'public');
    expect(afterwards.routeFor).toMatchObject({ matchedBy: 'PARENT_CATEGORY', department: { code: 'CG' } });

    const dissolved = await succeeded(
      'dissolveDepartment',
      { id: ids.cg, reason: '机构改革' },
      'dissolvedOn routes { retiredOn } inspectionItems { retiredOn }',
    );
    expect(dissolved.dissolvedOn).toBe(today);
    expect(dissolved.routes.every((route: Loose) => route.retiredOn === today)).toBe(true);
    expect(dissolved.inspectionItems.every((item: Loose) => item.retiredOn !== null)).toBe(true);
    // A dissolved department routes nothing.
    expect((await data(routeFor, { gridId, categoryCode: 'E0502' }, 'public')).routeFor).toBeNull();
    expect(await refused('renameDepartment', { id: ids.cg, name: '新城管局' }, admin)).toEqual({
      code: 'STATUS_NOT_ALLOWED',
      path: ['input', 'id'],
    });
    expect(await refused('dissolveDepartment', { id: ids.cg }, admin)).toEqual({
      code: 'ALREADY_ENDED',
      path: ['input', 'id'],
    });
    const inForce = await data(
      `{ departments(first: 10, filter: { asOf: "${today}" }) { nodes { code } } }`,
      {},
      'public',
    );
    expect(inForce.departments.nodes.map((n: Loose) => n.code)).toEqual(['SS-ZF', 'SW']);
  });

  it('serves each department’s audit trail to administrators only', async () => {
    const trail = `query($id: ID!) { node(id: $id) { ... on Department { auditTrail { action } } } }`;
    const seen = await data(trail, { id: ids.cg }, admin);
    expect(seen.node.auditTrail.map((entry: Loose) => entry.action)).toEqual(
      expect.arrayContaining(['department.create', 'department.dissolve']),
    );
    const hidden = await gql(trail, { id: ids.cg }, communityStaff);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
