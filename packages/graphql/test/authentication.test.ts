/**
 * docs/architecture.md §4 / issue 5: bearer tokens are verified with jose. A missing token is PUBLIC;
 * a forged, expired, wrong-issuer, wrong-audience, `alg: none` or malformed one is refused with
 * HTTP 401 and `extensions.code = "UNAUTHENTICATED"`, never treated as PUBLIC. A verified
 * caller's subject and role are what the audit log records.
 */
import { readAuditLog } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createGateway,
  createTokenVerifier,
  encodeGlobalId,
  type Gateway,
  openDemoCity,
} from '../src/index.js';

const secret = 'a-test-secret-of-at-least-32-bytes!!';
const issuer = 'https://id.sanshe.test';
const audience = 'sanshe-gateway';

let gateway: Gateway;
let city: Awaited<ReturnType<typeof openDemoCity>>;
let rsaGateway: Gateway;
let rsaKeys: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  city = await openDemoCity({ openDatabase: demoTestDatabases() });
  gateway = createGateway({ districts: city.sources, logging: false, auth: { secret, issuer, audience } });
  rsaKeys = await generateKeyPair('RS256');
  rsaGateway = createGateway({
    districts: city.sources,
    logging: false,
    auth: { publicKeyPem: await exportSPKI(rsaKeys.publicKey), algorithm: 'RS256', issuer, audience },
  });
});
afterAll(() => gateway.close());

function hs256(
  claims: Record<string, unknown>,
  options: { expiresIn?: string | number; iss?: string; aud?: string; key?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.key ?? secret));
}

async function post(target: Gateway, query: string, token?: string, variables?: Record<string, unknown>) {
  const response = await target.yoga.fetch('http://sanshe.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined
        ? {}
        : { authorization: token.startsWith('Bearer') ? token : `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] },
  };
}

const query = '{ districts(first: 1) { nodes { code } } }';
const admin = { sub: 'clerk-1', role: 'DISTRICT_ADMIN', district: '320505' };

describe('authentication (jose)', () => {
  it('answers a request without a token as PUBLIC', async () => {
    const { status, body } = await post(gateway, query);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('accepts a valid HS256 token and a valid RS256 token', async () => {
    expect((await post(gateway, query, await hs256(admin))).status).toBe(200);
    const rs256 = await new SignJWT(admin)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(rsaKeys.privateKey);
    expect((await post(rsaGateway, query, rs256)).status).toBe(200);
  });

  const refusals: [string, () => Promise<string>][] = [
    [
      'a token signed with another secret (forged)',
      () => hs256(admin, { key: 'another-secret-of-at-least-32-bytes!!' }),
    ],
    ['an expired token', () => hs256(admin, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })],
    ['a token for another audience', () => hs256(admin, { aud: 'another-system' })],
    ['a token from another issuer', () => hs256(admin, { iss: 'https://evil.example' })],
    [
      'an unsigned token (alg: none)',
      async () =>
        new UnsecuredJWT(admin).setIssuer(issuer).setAudience(audience).setExpirationTime('5m').encode(),
    ],
    ['a token with an unknown role', () => hs256({ ...admin, role: 'SUPERUSER' })],
    ['a token claiming PUBLIC', () => hs256({ ...admin, role: 'PUBLIC' })],
    ['a token with a malformed district claim', () => hs256({ ...admin, district: '3205' })],
    [
      'a token with a community outside its subdistrict',
      () => hs256({ ...admin, subdistrict: '320505001', community: '320505002001' }),
    ],
    ['a token without a subject', () => hs256({ role: 'CITY_ADMIN' })],
    // Issue 15, item 8: every claim of the jurisdiction chain agrees with every other.
    [
      'community staff of 320506 claiming district 320505 (no subdistrict claim)',
      () => hs256({ sub: 'c', role: 'COMMUNITY_STAFF', district: '320505', community: '320506001001' }),
    ],
    [
      'a subdistrict of another district than the community',
      () => hs256({ sub: 'c', role: 'COMMUNITY_STAFF', subdistrict: '320506001', community: '320505001001' }),
    ],
    [
      'an organization of another district than the community',
      () =>
        hs256({
          sub: 'o',
          role: 'ORG_STAFF',
          community: '320506001001',
          org: encodeGlobalId('SocialOrganization', '320505', 1),
        }),
    ],
    [
      'a token issued in the future (iat an hour ahead)',
      () =>
        new SignJWT(admin)
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setIssuedAt(Math.floor(Date.now() / 1000) + 3600)
          .setExpirationTime(Math.floor(Date.now() / 1000) + 7200)
          .sign(new TextEncoder().encode(secret)),
    ],
    ['a token living a year (exp − iat over the one-day maximum)', () => hs256(admin, { expiresIn: '365d' })],
    [
      'a token without iat that expires in a week',
      () =>
        new SignJWT(admin)
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(issuer)
          .setAudience(audience)
          .setExpirationTime('7d')
          .sign(new TextEncoder().encode(secret)),
    ],
    ['garbage', async () => 'not.a.jwt'],
    ['a header that is not Bearer', async () => 'Basic dXNlcjpwYXNz'],
  ];
  for (const [label, make] of refusals) {
    it(`refuses ${label} with 401 UNAUTHENTICATED`, async () => {
      const token = await make();
      const { status, body } = await post(gateway, query, token.startsWith('Basic') ? undefined : token);
      if (token.startsWith('Basic')) {
        const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: token },
          body: JSON.stringify({ query }),
        });
        expect(response.status).toBe(401);
        return;
      }
      expect(status).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    });
  }

  it('accepts a consistent chain, a lifetime within a configured maximum, and refuses one over it', async () => {
    const staff = { sub: 'c', role: 'COMMUNITY_STAFF', district: '320505', community: '320505001001' };
    expect((await post(gateway, query, await hs256(staff, { expiresIn: '23h' }))).status).toBe(200);
    const strict = createTokenVerifier({ secret, issuer, audience, maxLifetimeSec: 600 });
    await expect(strict(await hs256(admin, { expiresIn: '9m' }))).resolves.toMatchObject({
      role: 'DISTRICT_ADMIN',
    });
    await expect(strict(await hs256(admin, { expiresIn: '11m' }))).rejects.toThrow(
      /longer than the 600 seconds/,
    );
  });

  it('refuses an RS256-signed token at an HS256 gateway and vice versa (algorithm confusion)', async () => {
    const rs256 = await new SignJWT(admin)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('5m')
      .sign(rsaKeys.privateKey);
    expect((await post(gateway, query, rs256)).status).toBe(401);
    expect((await post(rsaGateway, query, await hs256(admin))).status).toBe(401);
  });

  it('remembers a verified token only until it expires', async () => {
    const verify = createTokenVerifier({ secret, issuer, audience, clockToleranceSec: 0 });
    const token = await hs256(
      { sub: 'brief', role: 'CITY_ADMIN' },
      { expiresIn: Math.floor(Date.now() / 1000) + 2 },
    );
    expect((await verify(token)).role).toBe('CITY_ADMIN');
    expect((await verify(token)).role).toBe('CITY_ADMIN'); // from the cache
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect(verify(token)).rejects.toThrow(/expired/);
    // A forged token is never remembered: refused each time.
    const forged = await hs256(
      { sub: 'x', role: 'CITY_ADMIN' },
      { key: 'another-secret-of-at-least-32-bytes!!' },
    );
    await expect(verify(forged)).rejects.toThrow(/signature/);
    await expect(verify(forged)).rejects.toThrow(/signature/);
  });

  it('refuses any token at a gateway configured without verification', async () => {
    const open = createGateway({ districts: city.sources, logging: false });
    expect((await post(open, query, await hs256(admin))).status).toBe(401);
    expect((await post(open, query)).status).toBe(200);
  });

  it('records the verified subject and role in the audit log of a write', async () => {
    const { body } = await post(
      gateway,
      `mutation($input: RenameUnitInput!) { renameCommunity(input: $input) { __typename } }`,
      await hs256(admin),
      { input: { id: Buffer.from('Community:320505:1').toString('base64url'), name: '审计测试社区' } },
    );
    expect(body.errors).toBeUndefined();
    const database = city.databases.find((d) => d.districtCode === '320505')!;
    const [entry] = await readAuditLog(database.db, '320505', {
      entityType: 'community',
      entityId: 1,
      limit: 1,
    });
    expect(entry).toMatchObject({
      action: 'community.rename',
      actorId: 'clerk-1',
      actorRole: 'DISTRICT_ADMIN',
    });
  });
});
