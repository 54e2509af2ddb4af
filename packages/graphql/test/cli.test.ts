import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSanshe, sansheBin, sansheBuilt, startSanshe } from './support/sanshe-process.js';

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

  it.runIf(existsSync(sansheBuilt))(
    'seed --district writes that one demo district into <data-dir>/<code>, and nothing else',
    async () => {
      const seedDir = join(dataDir, 'one-district');
      const seeded = await runSanshe(['seed', '--district', '320506', '--data-dir', seedDir]);
      expect(seeded.stderr).toBe('');
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toMatch(/^seeded district 320506: \d+ rows in \d+ ms\n$/);
      expect(readdirSync(seedDir)).toEqual(['320506']);
    },
    120_000,
  );

  it.runIf(existsSync(sansheBuilt))(
    'migrate, generate-key and rotate-keys on one PGlite district',
    async () => {
      const districtDir = join(dataDir, 'maintenance');
      const migrated = await runSanshe(['migrate', '--district', '320508', '--data-dir', districtDir]);
      expect(migrated.code).toBe(0);
      expect(migrated.stdout).toBe(
        `migrated district 320508 in the PGlite database ${join(districtDir, '320508')}\n`,
      );

      const generated = await runSanshe(['generate-key', '--key-id', 'k2027']);
      expect(generated.code).toBe(0);
      const dataKey = /^k2027=(\S+)$/m.exec(generated.stdout)?.[1];
      const lookupKey = /^SANSHE_PERSONAL_DATA_LOOKUP_KEY=(\S+)$/m.exec(generated.stdout)?.[1];
      expect(Buffer.from(dataKey!, 'base64')).toHaveLength(32);
      expect(Buffer.from(lookupKey!, 'base64')).toHaveLength(32);

      const rotated = await runSanshe(['rotate-keys', '--district', '320508', '--data-dir', districtDir], {
        SANSHE_PERSONAL_DATA_KEYS: `k2027=${dataKey}`,
        SANSHE_PERSONAL_DATA_LOOKUP_KEY: lookupKey!,
      });
      expect(rotated.stderr).toBe('');
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toMatch(
        /^district 320508: 0 rows, values by key before \{\}, 0 resealed with k2027/,
      );
    },
    60_000,
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
