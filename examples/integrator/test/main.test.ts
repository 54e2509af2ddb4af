// Runs the integrator example over real HTTP against a real gateway serving the demo city
// (PGlite copies, or throwaway PostgreSQL databases when SANSHE_TEST_PG is set).
import { demoTestDatabases } from '@sanshe/core/testing';
import { createGateway, type ListeningGateway, listen, openDemoCity, signHs256Token } from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFreeCode, type RunReport, run } from '../src/main.js';

// The gateway verifies tokens (jose, HS256 here); the example sends a signed one.
const auth = {
  secret: 'example-secret-of-at-least-32-bytes',
  issuer: 'https://id.example.test',
  audience: 'sanshe',
};
let running: ListeningGateway;
let url: string;
let token: string;
let report: RunReport;

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(createGateway({ districts: city.sources, logging: false, auth }), { port: 0 });
  url = `${running.origin}/graphql`;
  token = await signHs256Token(auth, {
    sub: 'example-integrator',
    role: 'DISTRICT_ADMIN',
    district: '320505',
  });
  report = await run({
    url,
    token,
    log: () => {},
  });
});
afterAll(() => running?.close());

describe('the integrator example against a demo gateway', () => {
  it('lists the first page with the total count', () => {
    expect(report.firstPage.codes).toHaveLength(10);
    expect([...report.firstPage.codes].sort()).toEqual(report.firstPage.codes);
    expect(report.firstPage.totalCount).toBeGreaterThan(100);
  });

  it('visits every community of the subdistrict across several pages', () => {
    expect(report.subdistrict).toMatchObject({ code: '320505001' });
    expect(report.subdistrict.totalCount).toBeGreaterThan(10); // more than one page of 10
    expect(report.subdistrict.visited).toBe(report.subdistrict.totalCount);
    expect(report.subdistrict.population).toBeGreaterThan(0);
  });

  it('looks a community up by code', () => {
    expect(report.lookedUp).toMatchObject({ code: '320505001001', subdistrict: report.subdistrict.name });
    expect(report.lookedUp?.version).toBeGreaterThanOrEqual(1);
  });

  it('creates a community under the first free code, then gets DUPLICATE_CODE for it', async () => {
    expect(report.created).toMatchObject({ typename: 'CreateCommunitySuccess' });
    expect(report.created.code).toMatch(/^320505001\d{3}$/);
    expect(report.duplicate).toEqual({ typename: 'ConflictError', code: 'DUPLICATE_CODE' });
  });

  it('reports a page over the limit as PAGE_SIZE_EXCEEDED', () => {
    expect(report.pageSizeError?.code).toBe('PAGE_SIZE_EXCEEDED');
  });

  it('creates the next free code when run again, and sees the community it made before', async () => {
    const second = await run({ url, token, log: () => {} });
    expect(second.subdistrict.totalCount).toBe(report.subdistrict.totalCount + 1);
    expect(second.created.typename).toBe('CreateCommunitySuccess');
    expect(second.created.code).not.toBe(report.created.code);
    expect(second.lines).toContain(
      `Creating ${second.created.code} again: conflict DUPLICATE_CODE at input.code: A unit with code ${second.created.code} already exists.`,
    );
  });

  it('picks the lowest unused suffix', () => {
    expect(firstFreeCode('320505001', ['320505001001', '320505001002', '320505001004'])).toBe('320505001003');
  });
});
