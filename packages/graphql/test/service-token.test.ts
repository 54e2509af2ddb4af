/**
 * Service tokens between a city and its districts (src/auth/service-token.ts): the city hands the
 * same caller the same token while it has half its minute left, instead of signing one per call,
 * and a district checks a token's signature once and recognises it after.
 */
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createServiceTokenSigner,
  createServiceTokenVerifier,
  principalFromClaims,
  publicPrincipal,
} from '../src/index.js';
import { testServiceToken } from './support/demo-gateway.js';

const admin = principalFromClaims({ sub: 'admin-1', role: 'DISTRICT_ADMIN', district: '320505' });
const otherAdmin = principalFromClaims({ sub: 'admin-2', role: 'DISTRICT_ADMIN', district: '320505' });

afterEach(() => {
  vi.useRealTimers();
});

describe('the service-token signer', () => {
  it('gives a caller the same token for half a minute, then a fresh one', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-03T02:00:00Z'), toFake: ['Date'] });
    const sign = createServiceTokenSigner(testServiceToken);
    const first = await sign(admin);
    vi.setSystemTime(new Date('2026-12-03T02:00:29Z'));
    expect(await sign(admin)).toBe(first);
    vi.setSystemTime(new Date('2026-12-03T02:00:31Z'));
    const fresh = await sign(admin);
    expect(fresh).not.toBe(first);
    // Every token handed out has at least half its minute left.
    expect(decodeJwt(fresh).exp).toBe(Date.parse('2026-12-03T02:01:31Z') / 1000);
  });

  it('signs for each caller apart: another subject or role never gets the first one', async () => {
    const sign = createServiceTokenSigner(testServiceToken);
    const tokens = await Promise.all([sign(admin), sign(otherAdmin), sign(publicPrincipal)]);
    expect(new Set(tokens).size).toBe(3);
    expect(tokens.map((token) => decodeJwt(token).sub)).toEqual(['admin-1', 'admin-2', 'anonymous']);
  });
});

describe('the service-token verifier', () => {
  it('recognises a token it verified, and still refuses a forged or expired one', async () => {
    const verify = createServiceTokenVerifier(testServiceToken);
    const token = await createServiceTokenSigner(testServiceToken)(admin);
    expect(await verify(token)).toMatchObject({ subject: 'admin-1', role: 'DISTRICT_ADMIN' });
    expect(await verify(token)).toMatchObject({ subject: 'admin-1', role: 'DISTRICT_ADMIN' });
    const [header, payload, signature] = token.split('.');
    // The signature's first character carries six bits of it (its last one may carry padding).
    const flipped = signature!.startsWith('A') ? 'B' : 'A';
    const forged = [header, payload, `${flipped}${signature!.slice(1)}`].join('.');
    await expect(verify(forged)).rejects.toThrow(/service token was refused/);
    const elsewhere = await createServiceTokenSigner({ secret: 'another-city-secret-of-at-least-32-bytes' })(
      admin,
    );
    await expect(verify(elsewhere)).rejects.toThrow(/service token was refused/);
    // Once the token has expired, the verifier no longer recognises it (jose then refuses it).
    vi.useFakeTimers({ now: Date.now() + 130_000, toFake: ['Date'] });
    await expect(verify(token)).rejects.toThrow(/service token was refused/);
  });
});
