/**
 * A real district from nothing, with the real binary: `sanshe create-district` makes and
 * migrates the database, records the district and prints its first administrator's token; a
 * production gateway started on it with the same secret accepts that token for a mutation over
 * HTTP. Then what it refuses, and `sanshe issue-token` with an RS256 key pair.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, importSPKI, jwtVerify } from 'jose';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { graphqlRequest } from './support/gateway-client.js';
import { processSandbox, runSanshe, sansheBuilt, startSanshe } from './support/sanshe-process.js';

const { dir, running } = processSandbox('cli-create-district');

const tokenSettings = {
  SANSHE_JWT_SECRET: 'create-district-test-secret-32-bytes!',
  SANSHE_JWT_ISSUER: 'https://id.district.test',
  SANSHE_JWT_AUDIENCE: 'sanshe',
  SANSHE_JWT_MAX_LIFETIME_SECONDS: '3600',
  SANSHE_JWT_PUBLIC_KEY: '',
  SANSHE_JWKS_URL: '',
};
const keySettings = {
  SANSHE_PERSONAL_DATA_KEYS: `k1=${randomBytes(32).toString('base64')}`,
  SANSHE_PERSONAL_DATA_LOOKUP_KEY: randomBytes(32).toString('base64'),
};

const createSubdistrict = `mutation($input: CreateSubdistrictInput!) {
  createSubdistrict(input: $input) {
    __typename
    ... on CreateSubdistrictSuccess { data { code name } }
    ... on Error { code message }
  }
}`;

describe.runIf(existsSync(sansheBuilt))('sanshe create-district', () => {
  it('creates a district in a fresh PGlite directory whose printed token administers it over HTTP', async () => {
    const dataDir = join(dir, 'fresh');
    const created = await runSanshe(
      ['create-district', '--district', '320505', '--name', '虎丘区', '--data-dir', dataDir],
      tokenSettings,
    );
    expect(created.stderr).toMatch(
      /^created district 320505 虎丘区 \(in force from \d{4}-\d\d-\d\d\) in the PGlite database \S+, migrated\nadministrator: DISTRICT_ADMIN of district 320505, subject "district-admin-320505"\ntoken valid until \S+ \(3600 s\)/,
    );
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(created.stdout).toBe(`${token}\n`);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: 'district-admin-320505',
      role: 'DISTRICT_ADMIN',
      district: '320505',
      iss: tokenSettings.SANSHE_JWT_ISSUER,
      aud: tokenSettings.SANSHE_JWT_AUDIENCE,
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(readdirSync(dataDir)).toEqual(['320505']);

    const gateway = await startSanshe(
      ['serve', '--production', '--port', '0', '--district', '320505', '--data-dir', dataDir],
      { ...tokenSettings, ...keySettings },
    );
    running.push(gateway);
    const banner = gateway.output.join('');
    expect(banner).toMatch(/serving district 320505 \(虎丘区\) in the PGlite database/);
    expect(banner).not.toMatch(/GraphiQL:|not recorded/);

    const input = { code: '320505001', name: '虎丘街道' };
    const anonymous = await graphqlRequest(gateway.origin, {
      query: createSubdistrict,
      variables: { input },
    });
    expect(anonymous.body.data.createSubdistrict.__typename).toBe('ForbiddenError');
    const written = await graphqlRequest(
      gateway.origin,
      { query: createSubdistrict, variables: { input } },
      { token },
    );
    expect(written.body.data.createSubdistrict).toEqual({
      __typename: 'CreateSubdistrictSuccess',
      data: { code: '320505001', name: '虎丘街道' },
    });
    const read = await graphqlRequest(
      gateway.origin,
      { query: '{ district(code: "320505") { name } }' },
      { token },
    );
    expect(read.body.data.district).toEqual({ name: '虎丘区' });
    await gateway.stop();

    // A second create-district on the same database: refused, pointing at issue-token.
    const again = await runSanshe(
      ['create-district', '--district', '320505', '--name', '虎丘区', '--data-dir', dataDir],
      tokenSettings,
    );
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      /^sanshe: PGlite database \S+ already records district 320505 \(虎丘区\)\n {2}hint: .*sanshe issue-token --district 320505\n$/,
    );
  }, 120_000);

  it('refuses before creating anything: no token settings, no name, a name that is not one', async () => {
    const dataDir = join(dir, 'never');
    const cases = [
      [
        ['--name', '虎丘区'],
        { SANSHE_JWT_SECRET: '' },
        /^sanshe: create-district signs a token the gateway must accept: set SANSHE_JWT_SECRET/,
      ],
      [[], tokenSettings, /^sanshe: create-district needs --name <name>/],
      [['--name', '  '], tokenSettings, /^sanshe: --name: /],
    ] as const;
    for (const [flags, env, refusal] of cases) {
      const run = await runSanshe(
        ['create-district', '--district', '320505', '--data-dir', dataDir, ...flags],
        env,
      );
      expect(run.code, String(refusal)).toBe(2);
      expect(run.stderr, String(refusal)).toMatch(refusal);
      expect(run.stdout).toBe('');
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('issue-token signs with SANSHE_JWT_PRIVATE_KEY (RS256), and says what to do with a public key alone', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const env = {
      ...tokenSettings,
      SANSHE_JWT_SECRET: '',
      SANSHE_JWT_PUBLIC_KEY: publicPem,
      SANSHE_JWT_ALGORITHM: 'RS256',
    };
    const issued = await runSanshe(['issue-token', '--district', '320506', '--subject', 'zhang.wei'], {
      ...env,
      SANSHE_JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    expect(issued.code).toBe(0);
    const { payload, protectedHeader } = await jwtVerify(
      issued.stdout.trim(),
      await importSPKI(publicPem, 'RS256'),
      {
        issuer: env.SANSHE_JWT_ISSUER,
        audience: env.SANSHE_JWT_AUDIENCE,
      },
    );
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: 'zhang.wei', role: 'DISTRICT_ADMIN', district: '320506' });

    // Another key pair's private key: the token would not verify, so none is printed.
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const mismatched = await runSanshe(['issue-token', '--district', '320506'], {
      ...env,
      SANSHE_JWT_PRIVATE_KEY: stranger.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    expect(mismatched.code).toBe(2);
    expect(mismatched.stdout).toBe('');
    expect(mismatched.stderr).toMatch(
      /does not verify with them: .*SANSHE_JWT_PRIVATE_KEY match SANSHE_JWT_PUBLIC_KEY/,
    );

    const publicOnly = await runSanshe(['issue-token', '--district', '320506'], {
      ...env,
      SANSHE_JWT_PRIVATE_KEY: '',
    });
    expect(publicOnly.code).toBe(1);
    expect(publicOnly.stdout).toBe('');
    expect(publicOnly.stderr).toMatch(/set SANSHE_JWT_PRIVATE_KEY .* or have the key's holder sign a token/);
    expect(publicOnly.stderr).toMatch(
      /hint: claims: \{"iss":"https:\/\/id\.district\.test",.*"role":"DISTRICT_ADMIN","district":"320506"\}/,
    );
  }, 60_000);

  const serverUrl = process.env.SANSHE_TEST_PG || process.env.DATABASE_URL || undefined;
  it.runIf(serverUrl)(
    'on PostgreSQL: creates the database the URL names when it is missing',
    async () => {
      const name = `sanshe_cli_create_${randomBytes(4).toString('hex')}`;
      const url = new URL(serverUrl!);
      url.pathname = `/${name}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        const created = await runSanshe(
          ['create-district', '--district', '320508', '--name', '姑苏区', '--database-url', url.toString()],
          tokenSettings,
        );
        expect(created.stderr).toMatch(
          /^created district 320508 姑苏区 .* in the PostgreSQL database \S+, a new database, migrated\n/,
        );
        expect(created.code).toBe(0);
        expect(decodeJwt(created.stdout.trim())).toMatchObject({
          role: 'DISTRICT_ADMIN',
          district: '320508',
        });
        const district = new pg.Client({ connectionString: url.toString() });
        await district.connect();
        try {
          expect((await district.query('select district_code, name from districts')).rows).toEqual([
            { district_code: '320508', name: '姑苏区' },
          ]);
        } finally {
          await district.end();
        }
      } finally {
        await admin.query(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
    60_000,
  );
});
