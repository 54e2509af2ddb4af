import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sansheBin, sansheBuilt, startSanshe } from './support/sanshe-process.js';

/**
 * `sanshe serve` as a real process, the way `npm start` runs it. It needs the built package
 * (`npm test` builds first; after editing src, run the build or `npm test`).
 */
const bin = sansheBin;
const dataDir = mkdtempSync(join(tmpdir(), 'sanshe-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `sanshe serve` on the demo city in this suite's data directory; `url` is its /graphql. */
async function startServe(...flags: string[]) {
  const started = await startSanshe(['serve', '--port', '0', '--data-dir', dataDir, ...flags]);
  return { ...started, url: `${started.origin}/graphql` };
}

describe('sanshe serve (the CLI)', () => {
  it.runIf(existsSync(sansheBuilt))(
    'seeds the demo city once, serves it, and reuses the data on the next start',
    async () => {
      const first = await startServe();
      try {
        expect(first.output.join('')).toMatch(/seeded district 320505/);
        const response = await fetch(first.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ communities(first: 1) { totalCount } }' }),
        });
        const body = (await response.json()) as { data: { communities: { totalCount: number } } };
        expect(body.data.communities.totalCount).toBeGreaterThan(100);

        // Demo mode hands out one token per role, each narrowed to its place in the demo city.
        const text = first.output.join('');
        expect(text).toMatch(/DEMO TOKENS/);
        const tokenOf = (role: string) => new RegExp(`  ${role} +[^\\n]*\\n    (\\S+)`).exec(text)?.[1];
        const roles = [
          'CITY_ADMIN',
          'DISTRICT_ADMIN',
          'DEPARTMENT_STAFF',
          'EVALUATOR',
          'SUBDISTRICT_STAFF',
          'COMMUNITY_STAFF',
          'GRID_WORKER',
          'ORG_STAFF',
          'SOCIAL_WORKER',
          'SERVICE',
        ];
        for (const role of roles) expect(tokenOf(role), role).toMatch(/^ey/);
        const count = async (token?: string) => {
          const r = await fetch(first.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify({ query: '{ socialOrganizations(first: 1) { totalCount } }' }),
          });
          return ((await r.json()) as { data: { socialOrganizations: { totalCount: number } } }).data
            .socialOrganizations.totalCount;
        };
        const city = await count(tokenOf('CITY_ADMIN'));
        const district = await count(tokenOf('DISTRICT_ADMIN'));
        const community = await count(tokenOf('COMMUNITY_STAFF'));
        const own = await count(tokenOf('ORG_STAFF'));
        expect(city).toBeGreaterThan(district);
        expect(district).toBeGreaterThan(community);
        expect(community).toBeGreaterThan(0);
        expect(own).toBeGreaterThanOrEqual(1);
        expect(await count()).toBe(0);
      } finally {
        await first.stop();
      }
      const second = await startServe();
      try {
        expect(second.output.join('')).not.toMatch(/seeded/);
      } finally {
        await second.stop();
      }
    },
  );

  it.runIf(existsSync(sansheBuilt))(
    'never writes a personal identifier to its logs: a canary registered, unmasked, duplicated and misused',
    async () => {
      const server = await startServe();
      const canary = { residentId: '320505198502140020', phone: '13600002222' };
      try {
        const token = / {2}CITY_ADMIN +[^\n]*\n {4}(\S+)/.exec(server.output.join(''))?.[1];
        expect(token).toMatch(/^ey/);
        const gql = async (query: string, variables: Record<string, unknown>) => {
          const response = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables }),
          });
          return (await response.json()) as {
            data?: Record<string, { data?: { id: string }; code?: string }>;
          };
        };
        const register = `mutation($input: RegisterSocialWorkerInput!) {
          registerSocialWorker(input: $input) { ... on RegisterSocialWorkerSuccess { data { id } } ... on Error { code message } }
        }`;
        const input = {
          districtCode: '320505',
          name: '金丝雀',
          residentId: canary.residentId,
          mobilePhone: canary.phone,
        };
        const created = await gql(register, { input });
        const id = created.data?.registerSocialWorker?.data?.id;
        expect(id).toBeTruthy();
        expect((await gql(register, { input })).data?.registerSocialWorker?.code).toBe('DUPLICATE_RECORD');
        const revealed = await gql(
          `mutation($input: RevealSocialWorkerIdentifiersInput!) {
            revealSocialWorkerIdentifiers(input: $input) { ... on RevealSocialWorkerIdentifiersSuccess { data { residentId } } }
          }`,
          {
            input: { workerId: id, fields: ['RESIDENTID', 'MOBILEPHONE'], purpose: 'IDENTITY_VERIFICATION' },
          },
        );
        expect(JSON.stringify(revealed)).toContain(canary.residentId);
        // A wrong phone in an update, and the ID where an ID of a record belongs.
        await gql(
          `mutation($input: UpdateSocialWorkerInput!) { updateSocialWorker(input: $input) { __typename } }`,
          {
            input: { id: canary.residentId, mobilePhone: `${canary.phone}9` },
          },
        );
      } finally {
        await server.stop();
      }
      const logs = server.output.join('');
      expect(logs).not.toContain(canary.residentId);
      expect(logs).not.toContain(canary.phone);
      expect(logs).not.toContain(canary.residentId.slice(6, 14));
    },
  );

  it('refuses to start in production without token verification', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--production', '--port', '0', '--data-dir', dataDir],
      {
        env: { ...process.env, SANSHE_JWT_SECRET: '', SANSHE_JWKS_URL: '', SANSHE_JWT_PUBLIC_KEY: '' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/production mode needs token verification/);
  });

  it('refuses bad flags with a clear message', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', 'eighty']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be 0–65535/);
  });

  it.runIf(existsSync(sansheBuilt))(
    'serves an Apollo Federation subgraph at /subgraph with --subgraph',
    async () => {
      const running = await startServe('--subgraph');
      try {
        expect(running.output.join('')).toMatch(/subgraph: +http:\/\/\S+\/subgraph \(Apollo Federation 2\)/);
        const response = await fetch(`${running.origin}/subgraph`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ _service { sdl } }' }),
        });
        const body = (await response.json()) as { data: { _service: { sdl: string } } };
        expect(body.data._service.sdl).toMatch(/type Community implements Node\s+@key\(fields: "id"\)/);
      } finally {
        await running.stop();
      }
    },
  );

  it.runIf(existsSync(sansheBuilt))('prints the Citus distribution script', async () => {
    const child = spawn(process.execPath, [bin, 'citus-script']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^SELECT create_reference_table\('policy_values'\);$/m);
    expect(stdout).toMatch(
      /^SELECT create_distributed_table\('social_organizations', 'district_code', colocate_with => '\w+'\);$/m,
    );
  });
});
