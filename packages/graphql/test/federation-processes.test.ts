/**
 * Issue 6 with real processes: three district gateways (`sanshe serve --districts`, each its own
 * PGlite database, seeded with its part of the demo city) and a city gateway whose districts
 * file lists them as remote, all talking over loopback HTTP. One district is then killed.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHs256Token } from '../src/index.js';
import { type SansheProcess, sansheBuilt, startSanshe } from './support/sanshe-process.js';

const dir = mkdtempSync(join(tmpdir(), 'sanshe-federation-'));
const auth = {
  secret: 'federation-test-user-secret-32-bytes!',
  issuer: 'https://auth.test',
  audience: 'sanshe',
};
const env = {
  SANSHE_JWT_SECRET: auth.secret,
  SANSHE_JWT_ISSUER: auth.issuer,
  SANSHE_JWT_AUDIENCE: auth.audience,
  SANSHE_SERVICE_TOKEN_SECRET: 'federation-test-service-secret-32-bytes',
};
const codes = ['320505', '320506', '320508'];
let districts: SansheProcess[] = [];
let cityGateway: SansheProcess | undefined;

async function post(query: string, claims = { sub: 'city-admin', role: 'CITY_ADMIN' as const }) {
  const token = await signHs256Token(auth, claims);
  const response = await fetch(`${cityGateway!.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
  return (await response.json()) as { data?: any; errors?: any[] };
}

const built = existsSync(sansheBuilt);

beforeAll(async () => {
  if (!built) return;
  districts = await Promise.all(
    codes.map((code) => {
      const file = join(dir, `${code}.json`);
      writeFileSync(
        file,
        JSON.stringify({ districts: [{ code, local: { dataDir: `data/${code}` }, demo: true }] }),
      );
      return startSanshe(['serve', '--port', '0', '--districts', file], env);
    }),
  );
  const cityFile = join(dir, 'city.json');
  writeFileSync(
    cityFile,
    JSON.stringify({
      districts: codes.map((code, i) => ({ code, remote: { url: districts[i]!.origin } })),
      districtTimeoutMs: 5000,
    }),
  );
  cityGateway = await startSanshe(['serve', '--port', '0', '--districts', cityFile], env);
}, 240_000);

afterAll(async () => {
  await cityGateway?.stop();
  await Promise.all(districts.map((d) => d.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(built)('a city gateway over three district processes', () => {
  it('says what it serves: three remote districts', () => {
    expect(cityGateway!.output.join('')).toMatch(/320505 \(remote\), 320506 \(remote\), 320508 \(remote\)/);
  });

  it('lists across the districts and counts them all', async () => {
    const { data, errors } = await post('{ communities(first: 100) { totalCount nodes { code } } }');
    expect(errors).toBeUndefined();
    const perDistrict = await Promise.all(
      codes.map(
        async (code) =>
          (await post(`{ communities(first: 1, filter: { districtCode: "${code}" }) { totalCount } }`)).data
            .communities.totalCount as number,
      ),
    );
    expect(data.communities.totalCount).toBe(perDistrict.reduce((a, b) => a + b, 0));
    expect(perDistrict.every((n) => n > 0)).toBe(true);
    expect(
      new Set(data.communities.nodes.map((n: { code: string }) => n.code.slice(0, 6))).size,
    ).toBeGreaterThan(0);
  });

  it('a killed district: the others answer, with DISTRICT_UNAVAILABLE for it, and /ready says which', async () => {
    await districts[1]!.stop('SIGKILL');
    const { data, errors } = await post(
      '{ socialOrganizations(first: 50) { totalCount nodes { districtCode } } }',
    );
    expect(errors?.map((e) => e.extensions)).toEqual([{ code: 'DISTRICT_UNAVAILABLE', district: '320506' }]);
    const served = new Set(
      data.socialOrganizations.nodes.map((n: { districtCode: string }) => n.districtCode),
    );
    expect(served).toEqual(new Set(['320505', '320508']));
    const ready = await fetch(`${cityGateway!.origin}/ready`);
    expect(ready.status).toBe(503);
    const report = (await ready.json()) as { districts: Record<string, { ok: boolean }> };
    expect(
      Object.fromEntries(Object.entries(report.districts).map(([code, state]) => [code, state.ok])),
    ).toEqual({
      '320505': true,
      '320506': false,
      '320508': true,
    });
  });
});

describe.runIf(built)('a district killed while a city query is in flight', () => {
  it('is reported DISTRICT_UNAVAILABLE as soon as it dies, and the others answer', async () => {
    // 320506 was killed above. 320508 is frozen (SIGSTOP) so that the city's request to it is
    // certainly in flight: sent, in the district's socket, unanswered. Then it is killed.
    const victim = districts[2]!;
    victim.process.kill('SIGSTOP');
    let answeredAt = 0;
    const query = post('{ socialOrganizations(first: 50) { totalCount nodes { districtCode } } }').then(
      (result) => {
        answeredAt = performance.now();
        return result;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answeredAt, 'the city waits for the frozen district').toBe(0);
    const killedAt = performance.now();
    await victim.stop('SIGKILL');
    const { data, errors } = await query;
    // Told by the broken connection, not by the 5 s district timeout.
    expect(answeredAt - killedAt).toBeLessThan(2000);
    expect(errors?.map((e) => e.extensions).sort((a, b) => a.district.localeCompare(b.district))).toEqual([
      { code: 'DISTRICT_UNAVAILABLE', district: '320506' },
      { code: 'DISTRICT_UNAVAILABLE', district: '320508' },
    ]);
    const served = new Set(
      data.socialOrganizations.nodes.map((n: { districtCode: string }) => n.districtCode),
    );
    expect(served).toEqual(new Set(['320505']));
    expect(data.socialOrganizations.totalCount).toBeGreaterThan(0);
  });
});

describe('the districts file', () => {
  it.runIf(built)('is checked at start: every problem reported with where it is', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        districts: [
          { code: '32050', local: { dataDir: 'x' } },
          { code: '320505', remote: { url: 'ftp://nowhere' } },
          { code: '320505', local: { dataDir: 'y' }, demo: true },
          { code: '110101', local: { dataDir: 'z' }, demo: true },
        ],
      }),
    );
    const failed = startSanshe(['serve', '--port', '0', '--districts', file], env);
    await expect(failed).rejects.toThrow(/exited with 2/);
    const message = String(await failed.catch((error: Error) => error.message));
    expect(message).toMatch(/districts\.0\.code: a district code has 6 digits/);
    expect(message).toMatch(/districts\.1\.remote\.url/);
    expect(message).toMatch(/districts\.2\.code: district 320505 is listed twice/);
    expect(message).toMatch(/districts\.3\.demo: demo data exists for 320505, 320506, 320508 only/);
  });
});
