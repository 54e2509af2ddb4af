// Runs the three-societies example over real HTTP against a real gateway serving the demo city
// (PGlite copies, or throwaway PostgreSQL databases when SANSHE_TEST_PG is set).
import {
  computeOrganizationCodeCheck,
  computeResidentIdCheck,
  computeUsccCheck,
  todayInChina as coreToday,
  parseResidentId,
  parseUscc,
} from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { createGateway, type ListeningGateway, listen, openDemoCity, signHs256Token } from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IndicatorChange,
  makeResidentId,
  makeUscc,
  monthsBefore,
  organizationCodeCheck,
  type RunReport,
  run,
  todayInChina,
} from '../src/main.js';

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

const delta = (rows: IndicatorChange[], key: string) => rows.find((row) => row.key === key)?.numeratorDelta;

describe('the three-societies example against a demo gateway', () => {
  it('works in the default community of the demo district, on today in China', () => {
    expect(report.today).toBe(coreToday());
    expect(report.community).toMatchObject({ code: '320505001001', urbanRuralClass: '111' });
    expect(report.community.organizationsAfter).toBe(report.community.organizationsBefore + 2);
  });

  it('registers an agency with a valid USCC and files a group', () => {
    const parsed = parseUscc(report.agency.uscc);
    expect(parsed.success).toBe(true);
    expect(report.agency.uscc).toMatch(/^52320505MK\d{6}[0-9X][0-9A-HJ-NPQRTUWXY]$/);
    expect(report.agency.attempts).toBe(1);
    expect(report.group.name).toBe(`${report.community.name}邻里读书会`);
  });

  it('records a worker, masked, certified today with a post at the agency', () => {
    expect(report.worker.residentIdMasked).toMatch(/^3205\*{10}[0-9X]{4}$/);
    expect(report.worker.mobilePhoneMasked).toMatch(/^170\*{4}\d{4}$/);
    expect(report.worker).toMatchObject({ certifiedToday: true, certifiedLevel: 'INTERMEDIATE' });
    expect(report.certificate).toMatchObject({
      passedOn: monthsBefore(report.today, 3),
      validFrom: report.today,
    });
    expect(report.post).toMatchObject({ startsOn: report.today, organization: report.agency.name });
  });

  it('shows the numerators rising: organizations by 2, certified workers by 1, denominators unchanged', () => {
    for (const rows of [report.indicators.district, report.indicators.community]) {
      expect(delta(rows, 'organizations_per_10k_residents')).toBe(2);
      expect(delta(rows, 'community_organizations_per_urban_community')).toBe(2);
      expect(delta(rows, 'community_organizations_per_rural_community')).toBe(0);
      expect(delta(rows, 'certified_social_workers_per_10k_residents')).toBe(1);
      for (const row of rows) {
        expect(row.after.denominator).toBe(row.before.denominator);
        if (row.after.value !== null) {
          expect(row.after.value).toBeCloseTo((row.after.numerator / row.after.denominator) * row.scale, 9);
        }
      }
    }
    expect(report.lines).toContain(
      'Change in 320505: organizations +2, certified social workers +1 (expected +2 and +1 unless others wrote meanwhile).',
    );
  });

  it('never prints an identity number in clear', () => {
    const text = report.lines.join('\n');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).toContain(report.worker.residentIdMasked);
  });

  it('runs again safely, moving past the codes taken by the first run', async () => {
    // The same serial as the first run: its USCC, resident ID and certificate number are taken.
    const serial = Number(report.agency.uscc.slice(10, 16));
    const second = await run({ url, token, serial, log: () => {} });
    expect(second.agency.attempts).toBe(2);
    expect(second.agency.uscc).not.toBe(report.agency.uscc);
    expect(second.worker.attempts).toBe(2);
    expect(second.worker.id).not.toBe(report.worker.id);
    expect(second.community.organizationsBefore).toBe(report.community.organizationsAfter);
    expect(delta(second.indicators.district, 'organizations_per_10k_residents')).toBe(2);
    expect(delta(second.indicators.community, 'certified_social_workers_per_10k_residents')).toBe(1);
    expect(second.lines.some((line) => line.includes('is already recorded; trying the next serial'))).toBe(
      true,
    );
  });

  it('stops before writing anything when the community is not recorded', async () => {
    // A valid village code of the demo district that names no village.
    await expect(run({ url, token, communityCode: '320505001398', log: () => {} })).rejects.toThrow(
      'The gateway has no community 320505001398.',
    );
  });
});

describe('the demo codes', () => {
  it('computes the check characters as @sanshe/core does', () => {
    for (const body of ['MK000001', 'MK123456', 'MJ100000', '12345678', 'ABCDEFGH']) {
      expect(organizationCodeCheck(body)).toBe(computeOrganizationCodeCheck(body));
    }
    for (const form of ['1', '2', '3'] as const) {
      const code = makeUscc(form, '320505', 'MK004711');
      expect(code.slice(17)).toBe(computeUsccCheck(code.slice(0, 17)));
      expect(parseUscc(code).success).toBe(true);
    }
    for (const serial of [0, 1, 8999, 9000, 123_456, 999_999]) {
      const id = makeResidentId('320505', serial);
      expect(id.slice(17)).toBe(computeResidentIdCheck(id.slice(0, 17)));
      expect(parseResidentId(id).success).toBe(true);
    }
    expect(makeResidentId('320505', 9000)).not.toBe(makeResidentId('320505', 0));
  });

  it('counts days in China Standard Time', () => {
    expect(todayInChina(new Date('2026-03-31T16:30:00Z'))).toBe('2026-04-01');
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2026-02-15', 3)).toBe('2025-11-15');
  });
});
