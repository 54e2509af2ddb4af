/**
 * Certificates of service through a real gateway over HTTP (docs/domain.md §5.3): issued by
 * GraphQL, the printable page opened in headless Chromium (its text read as a person reads it,
 * and printed to PDF), then the text of the page altered and verified: a changed total or a
 * changed code does not verify, the original does. Without a browser, the page and the checks
 * over plain HTTP.
 *
 * The browser part needs Chromium at /usr/bin/chromium (Debian: `apt-get install chromium`, and
 * `fonts-noto-cjk` for the Chinese glyphs of the PDF); it is skipped without it.
 */
import { existsSync } from 'node:fs';
import type { DistrictDatabase } from '@sanshe/core';
import { createTestDistrictDatabase, testDatabaseKind } from '@sanshe/core/testing';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDistrict,
  type DistrictFixture,
  insertService,
  insertVolunteer,
  residentId,
} from '../../core/test/volunteers/certificate-fixture.js';
import { encodeGlobalId } from '../src/global-id.js';
import {
  createGateway,
  createLocalDistrictSource,
  createRemoteDistrictSource,
  type DistrictSource,
  type ListeningGateway,
  listen,
} from '../src/index.js';
import { testAuth, testServiceToken, testToken } from './support/demo-gateway.js';

const chromiumPath = '/usr/bin/chromium';
const missingChromium = existsSync(chromiumPath)
  ? undefined
  : `skipped: no Chromium at ${chromiumPath}; install it with apt-get install chromium`;
if (missingChromium) console.warn(`Volunteer certificate browser test ${missingChromium}`);
/** Browser waits on a busy machine (a limit, not an assertion). */
const browserWaitMs = 120_000;

const DISTRICT = '320505';
let database: DistrictDatabase;
let fixture: DistrictFixture;
let running: ListeningGateway;
let staffToken: string;
let certificate: {
  id: string;
  volunteerId: string;
  number: string;
  verificationCode: string;
  pagePath: string;
  residentIdMasked: string;
};

// biome-ignore lint/suspicious/noExplicitAny: a loosely read test response
async function gql<T = any>(query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(`${running.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: T; errors?: unknown[] };
}

const verifyQuery = `query($district: String!, $number: String!, $code: String!, $hours: Float) {
  verifyVolunteerCertificate(districtCode: $district, number: $number, code: $code, statedHours: $hours) {
    valid reason mismatches issued { volunteerName totalHours issuerName issuedOn }
  }
}`;

async function verify(number: string, code: string, hours?: number) {
  const answer = await gql(verifyQuery, {
    district: DISTRICT,
    number,
    code,
    ...(hours === undefined ? {} : { hours }),
  });
  expect(answer.errors).toBeUndefined();
  return answer.data.verifyVolunteerCertificate as {
    valid: boolean;
    reason: string | null;
    mismatches: string[];
    issued: { volunteerName: string; totalHours: string } | null;
  };
}

/** What a reader takes off the printed page: number, total hours and code. */
function readPrinted(text: string) {
  return {
    number: /证明编号：\s*(VC-\d{6}-\d{4}-\d{6})/.exec(text)?.[1],
    hours: /累计志愿服务时长\s*([\d.]+)\s*小时/.exec(text)?.[1],
    code: /验证码：\s*([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})/.exec(text)?.[1],
  };
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  fixture = await buildDistrict(database, { district: '虎丘区', home: '狮山', other: '枫桥' });
  const volunteer = await insertVolunteer(fixture, {
    name: '陈思远',
    residentId: residentId('19881009', '275'),
  });
  await insertService(fixture, volunteer, {
    day: '2026-01-12',
    from: '09:00',
    to: '11:00',
    content: '助老陪诊',
  });
  await insertService(fixture, volunteer, {
    day: '2026-02-08',
    from: '14:00',
    to: '15:30',
    content: '社区图书角整理',
  });
  running = await listen(
    createGateway({ districts: [createLocalDistrictSource(database)], auth: testAuth, logging: false }),
    { port: 0 },
  );
  staffToken = await testToken({
    sub: 'staff-shishan',
    role: 'COMMUNITY_STAFF',
    district: DISTRICT,
    community: fixture.home.code,
  });
  const issued = await gql(
    `mutation($input: IssueVolunteerCertificateInput!) {
      issueVolunteerCertificate(input: $input) {
        __typename
        ... on IssueVolunteerCertificateSuccess { data { id number volunteerId verificationCode pagePath residentIdMasked totalHours } }
        ... on Error { code message }
      }
    }`,
    {
      input: {
        volunteerId: encodeGlobalId('Volunteer', DISTRICT, volunteer.id),
        periodFrom: '2026-01-01',
        periodTo: '2026-03-31',
        issuerCommunityId: encodeGlobalId('Community', DISTRICT, fixture.home.id),
      },
    },
    staffToken,
  );
  expect(issued.data.issueVolunteerCertificate).toMatchObject({
    __typename: 'IssueVolunteerCertificateSuccess',
    data: { totalHours: '3.5' },
  });
  certificate = issued.data.issueVolunteerCertificate.data;
});

afterAll(async () => {
  await running?.close();
});

describe.skipIf(missingChromium)(
  `the printable certificate in headless Chromium (${testDatabaseKind()})${missingChromium ? ` (${missingChromium})` : ''}`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      // A fresh profile of its own, removed on close.
      browser = await chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders in Chinese, prints to PDF, and an altered copy of its text does not verify', async () => {
      const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
      context.setDefaultTimeout(browserWaitMs);
      const blocked: string[] = [];
      const gatewayOrigin = new URL(running.origin).origin;
      await context.route('**/*', (route) => {
        if (new URL(route.request().url()).origin === gatewayOrigin) return route.continue();
        blocked.push(route.request().url());
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      const opened = await page.goto(
        `${running.origin}${certificate.pagePath}?code=${certificate.verificationCode}`,
      );
      expect(opened?.status()).toBe(200);
      expect(await page.title()).toBe(`志愿服务记录证明 ${certificate.number}`);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      // The text as rendered, line breaks where the reader sees them: what a person would copy.
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
      const text = await page.locator('body').innerText();
      expect(text).toContain('志愿服务记录证明');
      expect(text).toContain('兹证明，陈思远');
      expect(text).toContain(certificate.residentIdMasked);
      expect(text).toContain('狮山社区');
      const printed = readPrinted(text);
      expect(printed).toEqual({
        number: certificate.number,
        hours: '3.5',
        code: certificate.verificationCode,
      });

      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(1000);
      expect(blocked).toEqual([]);
      await context.close();

      // The original verifies; the same text with the total changed, or one character of the code, does not.
      expect(await verify(printed.number!, printed.code!, Number(printed.hours))).toMatchObject({
        valid: true,
        reason: null,
        issued: { volunteerName: '陈**', totalHours: '3.5' },
      });
      const alteredText = text.replace(/(累计志愿服务时长\s*)3\.5/, '$113.5');
      const altered = readPrinted(alteredText);
      expect(altered.hours).toBe('13.5');
      expect(await verify(altered.number!, altered.code!, Number(altered.hours))).toMatchObject({
        valid: false,
        reason: 'CONTENT_MISMATCH',
        mismatches: ['hours'],
      });
      const code = printed.code!;
      const oneCharacterOff = `${code.slice(0, 5)}${code[5] === '7' ? '8' : '7'}${code.slice(6)}`;
      expect(await verify(printed.number!, oneCharacterOff, Number(printed.hours))).toEqual({
        valid: false,
        reason: 'CODE_MISMATCH',
        mismatches: [],
        issued: null,
      });
    }, 300_000);
  },
);

describe(`the certificate routes over plain HTTP (${testDatabaseKind()})`, () => {
  it('serves the page to the code holder and to staff who see the volunteer; to no one else', async () => {
    const withCode = await fetch(
      `${running.origin}${certificate.pagePath}?code=${certificate.verificationCode}`,
    );
    expect(withCode.status).toBe(200);
    expect(withCode.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(withCode.headers.get('cache-control')).toBe('no-store');
    const html = await withCode.text();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).not.toMatch(/<script|(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);

    const staff = await fetch(`${running.origin}${certificate.pagePath}`, {
      headers: { authorization: `Bearer ${staffToken}` },
    });
    expect(staff.status).toBe(200);
    expect(await staff.text()).toContain(certificate.verificationCode);
    const elsewhere = await testToken({
      sub: 'staff-fengqiao',
      role: 'COMMUNITY_STAFF',
      district: DISTRICT,
      community: fixture.other.code,
    });
    for (const [path, token] of [
      [certificate.pagePath, undefined],
      [certificate.pagePath, elsewhere],
      [`${certificate.pagePath}?code=0000-0000-0000-0000`, undefined],
      [
        `/volunteer-certificates/${DISTRICT}/VC-${DISTRICT}-2026-999999?code=${certificate.verificationCode}`,
        undefined,
      ],
    ] as const) {
      const refused = await fetch(
        `${running.origin}${path}`,
        token ? { headers: { authorization: `Bearer ${token}` } } : {},
      );
      expect([path, refused.status]).toEqual([path, 404]);
      expect(await refused.text()).toContain('未找到志愿服务记录证明');
    }
    const otherDistrict = await fetch(
      `${running.origin}/volunteer-certificates/320506/VC-320506-2026-000001`,
    );
    expect(otherDistrict.status).toBe(404);
  });

  it('answers the public check as JSON', async () => {
    const query = (params: Record<string, string>) =>
      fetch(
        `${running.origin}/volunteer-certificates/verify?${new URLSearchParams({ district: DISTRICT, ...params })}`,
      );
    const ok = await query({ number: certificate.number, code: certificate.verificationCode, hours: '3.5' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(await ok.json()).toMatchObject({
      valid: true,
      reason: null,
      issued: { totalHours: '3.5', volunteerName: '陈**' },
    });
    const altered = await query({
      number: certificate.number,
      code: certificate.verificationCode,
      hours: '35',
    });
    expect(await altered.json()).toMatchObject({ valid: false, reason: 'CONTENT_MISMATCH' });
    const missing = await query({ number: certificate.number });
    expect([missing.status, (await missing.json()).errors[0].extensions.code]).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    const notServed = await fetch(
      `${running.origin}/volunteer-certificates/verify?district=320506&number=x&code=y`,
    );
    expect([notServed.status, (await notServed.json()).errors[0].extensions.code]).toEqual([
      404,
      'DISTRICT_NOT_SERVED',
    ]);
  });

  it('a city gateway forwards both routes of a remote district to the district’s gateway', async () => {
    const remote = createRemoteDistrictSource({
      districtCode: DISTRICT,
      url: running.origin,
      serviceToken: testServiceToken,
    });
    const city = await listen(
      createGateway({
        districts: [{ ...remote, origin: running.origin } as DistrictSource],
        auth: testAuth,
        logging: false,
      }),
      { port: 0 },
    );
    try {
      const path = `${certificate.pagePath}?code=${certificate.verificationCode}`;
      const direct = await fetch(`${running.origin}${path}`);
      const forwarded = await fetch(`${city.origin}${path}`);
      expect([forwarded.status, forwarded.headers.get('content-type')]).toEqual([
        200,
        'text/html; charset=utf-8',
      ]);
      expect(await forwarded.text()).toBe(await direct.text());
      // Without the code the district answers as for anyone: the caller's token is not forwarded.
      const withoutCode = await fetch(`${city.origin}${certificate.pagePath}`, {
        headers: { authorization: `Bearer ${staffToken}` },
      });
      expect(withoutCode.status).toBe(404);
      await withoutCode.text();
      const verified = await fetch(
        `${city.origin}/volunteer-certificates/verify?${new URLSearchParams({ district: DISTRICT, number: certificate.number, code: certificate.verificationCode, hours: '3.5' })}`,
      );
      expect(await verified.json()).toMatchObject({ valid: true });
    } finally {
      await city.close();
    }
  });

  it('moves a record through GraphQL: the export is a logged mutation, re-importing it adds nothing', async () => {
    const exported = await gql(
      `mutation($input: ExportVolunteerRecordInput!) {
        exportVolunteerRecord(input: $input) {
          __typename
          ... on ExportVolunteerRecordSuccess { data { record digest totalMinutes serviceCount fileName } }
          ... on Error { code message }
        }
      }`,
      {
        input: {
          volunteerId: certificate.volunteerId,
          purpose: 'DATA_SUBJECT_REQUEST',
          purposeNote: '本人申请转移记录',
        },
      },
      staffToken,
    );
    const data = exported.data.exportVolunteerRecord.data;
    expect(data).toMatchObject({ totalMinutes: 210, serviceCount: 2 });
    expect(JSON.parse(data.record)).toMatchObject({
      format: 'sanshe.volunteer-record',
      version: 1,
      digest: data.digest,
    });
    const imported = await gql(
      `mutation($input: ImportVolunteerRecordInput!) {
        importVolunteerRecord(input: $input) {
          __typename
          ... on ImportVolunteerRecordSuccess { data { registered imported alreadyPresent minutesAdded } }
          ... on Error { code message }
        }
      }`,
      {
        input: {
          districtCode: DISTRICT,
          homeCommunityId: encodeGlobalId('Community', DISTRICT, fixture.home.id),
          record: data.record,
        },
      },
      staffToken,
    );
    expect(imported.data.importVolunteerRecord).toEqual({
      __typename: 'ImportVolunteerRecordSuccess',
      data: { registered: false, imported: 0, alreadyPresent: 2, minutesAdded: 0 },
    });
    const notJson = await gql(
      `mutation($input: ImportVolunteerRecordInput!) { importVolunteerRecord(input: $input) { __typename ... on Error { code path } } }`,
      {
        input: {
          districtCode: DISTRICT,
          homeCommunityId: encodeGlobalId('Community', DISTRICT, fixture.home.id),
          record: '{',
        },
      },
      staffToken,
    );
    expect(notJson.data.importVolunteerRecord).toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['input', 'record'],
    });
  });
});
