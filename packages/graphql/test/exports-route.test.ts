/**
 * `GET /exports/{ocds|360giving|hsds}/<code>` over real HTTP: a district gateway answers its
 * district's open-data documents (valid against the standards' schemas, the same as core builds
 * them, as a JSON attachment anyone may fetch without a token), refuses what it does not serve
 * with a typed JSON error, and a city gateway forwards a remote district's export to the
 * district's own gateway.
 */
import { exportOcdsReleasePackage, type OcdsReleasePackage } from '@sanshe/core';
import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import { createTestDistrictDatabase, testDatabaseKind } from '@sanshe/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  validate360GivingPackage,
  validateHsdsOrganizationPage,
  validateOcdsReleasePackage,
} from '../../core/test/exports/standard-validators.js';
import {
  createGateway,
  createLocalDistrictSource,
  createRemoteDistrictSource,
  type DistrictSource,
  type ListeningGateway,
  listen,
} from '../src/index.js';
import { testAuth, testServiceToken } from './support/demo-gateway.js';
import { keepOpen, serveDistrict } from './support/remote-districts.js';

const DISTRICT = '320505';
const publishedAt = new Date('2026-12-01T01:00:00.000Z');
const exportsOptions = { ocidPrefix: 'ocds-a1b2c3', now: () => publishedAt };

let source: DistrictSource;
let district: ListeningGateway;
let city: ListeningGateway;
let cityWithoutOrigin: ListeningGateway;

beforeAll(async () => {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  await seedDemoDistrict(
    database,
    planDemoDistrict({
      districtCode: DISTRICT,
      name: '虎丘区',
      seed: 1,
      scale: { subdistricts: 2, communitiesPerSubdistrict: 3, gridsPerCommunity: 1 },
    }),
  );
  source = createLocalDistrictSource(database);
  district = await serveDistrict(source, { exports: exportsOptions });
  const remote = createRemoteDistrictSource({
    districtCode: DISTRICT,
    url: district.origin,
    serviceToken: testServiceToken,
  });
  city = await listen(
    createGateway({
      // The remote source says where the district's gateway is, so the city can forward to it.
      districts: [{ ...remote, origin: district.origin } as DistrictSource],
      auth: testAuth,
      logging: false,
      exports: exportsOptions,
    }),
    { port: 0 },
  );
  cityWithoutOrigin = await listen(
    createGateway({
      districts: [{ ...remote, origin: undefined } as DistrictSource],
      auth: testAuth,
      logging: false,
    }),
    { port: 0 },
  );
});

afterAll(async () => {
  await city?.close();
  await cityWithoutOrigin?.close();
  await district?.close();
  await source?.close();
});

async function get(origin: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${origin}${path}`, init);
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : undefined };
}

describe(`GET /exports/<standard>/<district> (${testDatabaseKind()})`, () => {
  it('answers the OCDS release package as a JSON attachment, valid, the same as core builds it', async () => {
    const { response, body } = await get(district.origin, `/exports/ocds/${DISTRICT}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${DISTRICT}-ocds.json"`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const result = validateOcdsReleasePackage(body);
    expect(result.errors).toEqual([]);
    const built = await exportOcdsReleasePackage(source.database!.db, DISTRICT, {
      publishedAt: publishedAt.toISOString(),
      uriBase: `${district.origin}/exports`,
      ocidPrefix: 'ocds-a1b2c3',
    });
    expect(body as OcdsReleasePackage).toEqual(built);
    expect((body as OcdsReleasePackage).uri).toBe(`${district.origin}/exports/ocds/${DISTRICT}`);
  });

  it('answers the 360Giving package and the HSDS page, each valid against its schema', async () => {
    const giving = await get(district.origin, `/exports/360giving/${DISTRICT}`);
    expect(giving.response.status).toBe(200);
    expect(giving.response.headers.get('content-disposition')).toBe(
      `attachment; filename="${DISTRICT}-360giving.json"`,
    );
    // A package without grants is refused by 360Giving's schema: there must be some to validate.
    if (giving.body.grants.length > 0) expect(validate360GivingPackage(giving.body).errors).toEqual([]);
    const hsds = await get(district.origin, `/exports/hsds/${DISTRICT}`);
    expect(hsds.response.status).toBe(200);
    expect(validateHsdsOrganizationPage(hsds.body).errors).toEqual([]);
    expect(hsds.body.contents.length).toBeGreaterThan(0);
  });

  it('needs no token, and a HEAD says the same without the document', async () => {
    const head = await fetch(`${district.origin}/exports/hsds/${DISTRICT}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-disposition')).toBe(`attachment; filename="${DISTRICT}-hsds.json"`);
    expect(await head.text()).toBe('');
  });

  it('refuses a district it does not serve, an unknown standard and a write, with typed JSON errors', async () => {
    const notServed = await get(district.origin, '/exports/ocds/320506');
    expect(notServed.response.status).toBe(404);
    expect(notServed.response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(notServed.body).toEqual({
      errors: [
        { message: 'District 320506 is not served here.', extensions: { code: 'DISTRICT_NOT_SERVED' } },
      ],
    });
    const unknown = await get(district.origin, `/exports/iati/${DISTRICT}`);
    expect([unknown.response.status, unknown.body.errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    const post = await get(district.origin, `/exports/ocds/${DISTRICT}`, { method: 'POST' });
    expect([
      post.response.status,
      post.response.headers.get('allow'),
      post.body.errors[0].extensions.code,
    ]).toEqual([405, 'GET, HEAD', 'BAD_REQUEST']);
  });

  it('a city gateway forwards a remote district’s export to the district’s own gateway', async () => {
    const direct = await get(district.origin, `/exports/ocds/${DISTRICT}`);
    const forwarded = await get(city.origin, `/exports/ocds/${DISTRICT}`);
    expect(forwarded.response.status).toBe(200);
    expect(forwarded.response.headers.get('content-disposition')).toBe(
      `attachment; filename="${DISTRICT}-ocds.json"`,
    );
    expect(forwarded.body).toEqual(direct.body);
    const notServed = await get(city.origin, '/exports/hsds/320508');
    expect(notServed.body.errors[0].extensions.code).toBe('DISTRICT_NOT_SERVED');
  });

  it('a remote district whose gateway is not known, or does not answer, is said so', async () => {
    const unknownOrigin = await get(cityWithoutOrigin.origin, `/exports/ocds/${DISTRICT}`);
    expect(unknownOrigin.response.status).toBe(404);
    expect(unknownOrigin.body.errors[0]).toEqual({
      message: `District ${DISTRICT} is served by another gateway, which publishes its exports: ask it for /exports/ocds/${DISTRICT}.`,
      extensions: { code: 'DISTRICT_NOT_SERVED' },
    });
    const stopped = await serveDistrict(source);
    const origin = stopped.origin;
    await stopped.close();
    const down = await listen(
      createGateway({
        districts: keepOpen([
          {
            ...createRemoteDistrictSource({
              districtCode: DISTRICT,
              url: origin,
              serviceToken: testServiceToken,
            }),
            origin,
          } as DistrictSource,
        ]),
        logging: false,
      }),
      { port: 0 },
    );
    try {
      const unavailable = await get(down.origin, `/exports/ocds/${DISTRICT}`);
      expect([unavailable.response.status, unavailable.body.errors[0].extensions.code]).toEqual([
        502,
        'DISTRICT_UNAVAILABLE',
      ]);
    } finally {
      await down.close();
    }
  });
});
