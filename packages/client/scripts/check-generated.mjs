// Fails when src/graphql-env.d.ts no longer matches ../graphql/schema.graphql, i.e. someone changed
// the gateway's schema and did not run `pnpm --filter @sanshe/client generate`. CI runs it.
//
// gql.tada refuses `--output` when schemas are configured by name (we name ours so the output
// carries no global `declare module 'gql.tada'` that would leak into integrators' programs), so
// this regenerates through a temporary tsconfig that points every output into a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsconfig = JSON.parse(readFileSync(join(packageDir, 'tsconfig.json'), 'utf8'));
const plugin = tsconfig.compilerOptions.plugins.find((entry) => entry.name === 'gql.tada/ts-plugin');
const temp = mkdtempSync(join(tmpdir(), 'sanshe-client-generated-'));

try {
  // Either the named form (`schemas: [...]`, ours) or gql.tada's single-schema form.
  const configured = plugin.schemas ?? [
    { schema: plugin.schema, tadaOutputLocation: plugin.tadaOutputLocation },
  ];
  const schemas = configured.map((entry, index) => ({
    ...entry,
    schema: resolve(packageDir, entry.schema),
    committed: resolve(packageDir, entry.tadaOutputLocation),
    tadaOutputLocation: join(temp, `${index}-graphql-env.d.ts`),
  }));
  writeFileSync(
    join(temp, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        plugins: [
          plugin.schemas
            ? { ...plugin, schemas: schemas.map(({ committed, ...entry }) => entry) }
            : { ...plugin, schema: schemas[0].schema, tadaOutputLocation: schemas[0].tadaOutputLocation },
        ],
      },
    }),
  );
  const cli = join(dirname(createRequire(import.meta.url).resolve('gql.tada/package.json')), 'bin/cli.js');
  const run = spawnSync(
    process.execPath,
    [cli, 'generate', 'output', '--tsconfig', join(temp, 'tsconfig.json')],
    {
      cwd: temp,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    process.exit(run.status ?? 1);
  }
  const stale = schemas.filter(
    ({ committed, tadaOutputLocation }) =>
      readFileSync(committed, 'utf8') !== readFileSync(tadaOutputLocation, 'utf8'),
  );
  for (const { committed, schema } of stale) {
    console.error(
      `${relative(process.cwd(), committed)} is out of date with ${relative(process.cwd(), schema)}.\n` +
        'Run `pnpm --filter @sanshe/client generate` and commit the result.',
    );
  }
  if (stale.length) process.exit(1);
  console.log('graphql-env.d.ts matches the schema.');
} finally {
  rmSync(temp, { recursive: true, force: true });
}
