// Runs the grid-events example over real HTTP against a real gateway serving the demo city (PGlite
// copies, or throwaway PostgreSQL databases when SANSHE_TEST_PG is set), its tokens signed as an
// identity provider would: the resident's, the grid centre's, the community's and the district's
// up front, the department's once the routing rules have named it.
import { createClient, GridEventById } from '@sanshe/client';
import { buildWorkingCalendar, todayInChina as coreToday } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { createGateway, type ListeningGateway, listen, openDemoCity, signHs256Token } from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM, type RunReport, run, SECOND_PROBLEM, signToken, todayInChina } from '../src/main.js';

const auth = {
  secret: 'example-secret-of-at-least-32-bytes',
  issuer: 'https://id.example.test',
  audience: 'sanshe',
};
const district = '320505';
const subdistrict = '320505001';
const community = '320505001001';

let running: ListeningGateway;
let url: string;
let report: RunReport;

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(
    createGateway({ districts: city.sources, logging: false, auth, overdueCheckMinutes: 0 }),
    { port: 0 },
  );
  url = `${running.origin}/graphql`;
  report = await run({
    url,
    residentToken: await signHs256Token(auth, { sub: 'app-user-test-1', role: 'RESIDENT', district }),
    gridCentreToken: await signHs256Token(auth, {
      sub: 'grid-centre',
      role: 'SUBDISTRICT_STAFF',
      district,
      subdistrict,
    }),
    communityStaffToken: await signHs256Token(auth, {
      sub: 'community-staff',
      role: 'COMMUNITY_STAFF',
      district,
      community,
    }),
    districtAdminToken: await signHs256Token(auth, {
      sub: 'district-grid-centre',
      role: 'DISTRICT_ADMIN',
      district,
    }),
    departmentToken: (department, sub) =>
      signHs256Token(auth, { sub, role: 'DEPARTMENT_STAFF', district, department }),
    runId: 'test-run-1',
    log: () => {},
  });
});
afterAll(() => running?.close());

describe('the grid-events example against a demo gateway', () => {
  it('reports at a point inside the community’s first grid, under the category asked for', () => {
    expect(report.grid.code.startsWith(community)).toBe(true);
    expect(report.category).toEqual({ code: PROBLEM.categoryCode, name: '暴露垃圾' });
    expect(report.event).toMatchObject({
      grid: { code: report.grid.code },
      community: { code: community },
      longitude: report.point.longitude,
      latitude: report.point.latitude,
      reporterRole: 'RESIDENT',
      reportedByMe: true,
      source: 'RESIDENT',
    });
    expect(report.states[0]).toMatchObject({ step: 'REPORT', state: 'COLLECTED', department: null });
  });

  it('takes the five steps, each by its role, the state moving along the loop', () => {
    expect(report.states.map((s) => [s.step, s.role, s.state])).toEqual([
      ['REPORT', 'RESIDENT', 'COLLECTED'],
      ['DISPATCH', 'SUBDISTRICT_STAFF', 'DISPATCHED'],
      ['ACCEPT', 'DEPARTMENT_STAFF', 'HANDLING'],
      ['FEED_BACK', 'DEPARTMENT_STAFF', 'FED_BACK'],
      ['CLOSE', 'COMMUNITY_STAFF', 'CLOSED'],
      ['RATE', 'RESIDENT', 'CLOSED'],
    ]);
    expect(report.states.map((s) => s.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report.event.steps.map((step) => [step.step, step.actorRole])).toEqual([
      ['REPORT', 'RESIDENT'],
      ['DISPATCH', 'SUBDISTRICT_STAFF'],
      ['ACCEPT', 'DEPARTMENT_STAFF'],
      ['FEED_BACK', 'DEPARTMENT_STAFF'],
      ['CLOSE', 'COMMUNITY_STAFF'],
      ['RATE', 'RESIDENT'],
    ]);
    // The resident reads its own steps as its own, no one else's account.
    expect(report.event.steps.map((step) => step.byMe)).toEqual([true, false, false, false, false, true]);
    expect(report.event.steps.every((step) => step.actorId === null)).toBe(true);
  });

  it('dispatches to the department the routing rules name, which keeps it to the end', () => {
    // The demo routes city appearance (E01) to the district's city-management bureau.
    expect(report.route.departmentCode).toBe('CG');
    for (const state of report.states.slice(1)) {
      expect(state.department).toMatchObject({ id: report.route.departmentId, code: 'CG' });
    }
  });

  it('sets deadlines counted in working days from today, on the district’s calendar', () => {
    const today = todayInChina();
    expect(today).toBe(coreToday());
    // The time limits in force for a routine event of E0101: 1 working day to accept, 7 to close.
    expect(report.counted).toMatchObject({ dispatchedOn: today, acceptWorkingDays: 1, closeWorkingDays: 7 });
    // Counted again with core's national calendar (the demo adds no local days).
    const calendar = buildWorkingCalendar({});
    const accept = calendar.addWorkingDays(today, 1);
    const close = calendar.addWorkingDays(today, 7);
    expect(report.counted).toMatchObject({
      acceptDueOn: accept.day,
      closeDueOn: close.day,
      provisional: accept.provisional || close.provisional,
    });
    const dispatched = report.states[1]!;
    expect(dispatched).toMatchObject({ acceptDueOn: accept.day, closeDueOn: close.day });
    expect(report.event).toMatchObject({
      acceptDueOn: accept.day,
      closeDueOn: close.day,
      dueProvisional: report.counted.provisional,
      acceptedLate: false,
      closedLate: false,
      overdue: false,
    });
    expect(report.event.steps[1]).toMatchObject({ step: 'DISPATCH', dueOn: close.day });
  });

  it('refuses the department closing what it handled; the community closes it', () => {
    expect(report.departmentVerifying).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(report.event.steps[4]).toMatchObject({ step: 'CLOSE', note: PROBLEM.checked });
  });

  it('refuses the handler verifying its own work as HANDLER_CANNOT_VERIFY, with a role that may verify', () => {
    expect(report.handlerVerifying).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'HANDLER_CANNOT_VERIFY',
      path: ['input', 'eventId'],
    });
    expect(report.secondEvent).toMatchObject({
      stateAfterRefusal: 'FED_BACK',
      handledByAdmin: true,
      finalState: 'CLOSED',
    });
  });

  it('has the reporter confirm the fix and rate it', () => {
    expect(report.event).toMatchObject({ state: 'CLOSED', satisfaction: PROBLEM.satisfaction });
    expect(report.event.confirmedAt).not.toBeNull();
    expect(report.event.ratedAt).not.toBeNull();
    expect(report.lines.some((line) => line.includes(`满意度 ${PROBLEM.satisfaction}/5`))).toBe(true);
  });

  it('keeps the event from another resident and shows it to the department it went to', async () => {
    const otherResident = createClient({
      url,
      token: await signHs256Token(auth, { sub: 'app-user-test-2', role: 'RESIDENT', district }),
    });
    expect((await otherResident.request(GridEventById, { id: report.event.id })).data?.node).toBeNull();
    const department = createClient({
      url,
      token: await signHs256Token(auth, {
        sub: 'cg-reader',
        role: 'DEPARTMENT_STAFF',
        district,
        department: report.route.departmentId,
      }),
    });
    const read = (await department.request(GridEventById, { id: report.secondEvent.id })).data?.node;
    expect(read).toMatchObject({ __typename: 'GridEvent', title: SECOND_PROBLEM.title, state: 'CLOSED' });
  });
});

describe('the example’s helpers', () => {
  it('signs a token the gateway accepts, as the command line does', async () => {
    // The resident who reported, signed by the example's own signer: it reads its event.
    const token = signToken(auth, { sub: 'app-user-test-1', role: 'RESIDENT', district });
    const { data, error } = await createClient({ url, token }).request(GridEventById, {
      id: report.event.id,
    });
    expect(error).toBeUndefined();
    expect(data?.node).toMatchObject({ id: report.event.id, reportedByMe: true });
    const forged = signToken(
      { ...auth, secret: 'another-secret-of-at-least-32-bytes' },
      { sub: 'x', role: 'CITY_ADMIN' },
    );
    const refused = await createClient({ url, token: forged }).request(GridEventById, {
      id: report.event.id,
    });
    expect(refused.error?.code).toBe('UNAUTHENTICATED');
  });

  it('dates days in China Standard Time', () => {
    expect(todayInChina(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
  });
});
