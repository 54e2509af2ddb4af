/**
 * The contenders, each answering a query's `run(fixture)` with its raw answer:
 * - `sql`: the hand-written statement through a `pg` pool, the floor;
 * - `sanshe (in-process)`: the gateway's `yoga.fetch`, no network;
 * - `sanshe (HTTP)`: the same gateway listening on loopback (its throughput measured with the
 *   callers in a process of their own, load-generator.mjs, as PostGraphile's over HTTP);
 * - `PostGraphile (in-process)` / `(HTTP)`: PostGraphile v5 (amber preset, connection filter)
 *   over the same database, its schema generated from it. In process it is called as sanshe is:
 *   through its server's request handler (grafserv's fetch adapter), so both contenders pay for
 *   reading the request, parsing, validating and writing the response, and neither a socket.
 * Every GraphQL contender runs as a city administrator (sanshe) or the database owner
 * (PostGraphile), so both see every row.
 */
import { createServer } from 'node:http';
import { openDistrictDatabase } from '@sanshe/core';
import { createGateway, createLocalDistrictSource, listen, signHs256Token } from '@sanshe/graphql';
import pg from 'pg';
import { httpCaller } from './http-client.mjs';

// PostGraphile 5.1 uses Promise.withResolvers (Node 22); Node 20 needs it provided.
if (!Promise.withResolvers) {
  Promise.withResolvers = () => {
    let resolve;
    let reject;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const poolSize = 10;
const auth = {
  secret: 'sanshe-bench-secret-of-at-least-32-bytes',
  issuer: 'sanshe-bench',
  audience: 'sanshe',
};

function graphqlData(result, who) {
  if (result.errors?.length) throw new Error(`${who}: ${JSON.stringify(result.errors[0]).slice(0, 300)}`);
  return result.data;
}

export async function sqlContender(dataset) {
  const pool = new pg.Pool({ connectionString: dataset.url, max: poolSize });
  return {
    name: 'sql (floor)',
    kind: 'sql',
    // Hand-written SQL, one statement per query.
    run: async (query, fixture) => (await pool.query(query.sql.text, query.sql.params(fixture))).rows,
    close: () => pool.end(),
  };
}

/** `@sanshe/core` services called directly, as an embedding application would. */
export async function coreContender(dataset) {
  const { createHierarchyService, createIndicatorService, createOrganizationService } = await import(
    '@sanshe/core'
  );
  const database = await openDistrictDatabase({
    url: dataset.url,
    districtCode: dataset.districtCode,
    poolSize,
  });
  const services = {
    indicators: createIndicatorService(database),
    organizations: createOrganizationService(database),
    hierarchy: createHierarchyService(database),
  };
  return {
    name: '@sanshe/core (direct)',
    kind: 'core',
    run: (query, fixture) => query.core.run(services, fixture),
    close: () => database.close(),
  };
}

export async function sansheContenders(dataset) {
  const database = await openDistrictDatabase({
    url: dataset.url,
    districtCode: dataset.districtCode,
    poolSize,
  });
  const gateway = createGateway({
    districts: [createLocalDistrictSource(database)],
    auth,
    graphiql: false,
    logging: false,
  });
  const token = await signHs256Token(auth, { sub: 'bench', role: 'CITY_ADMIN' }, '1d');
  // A fresh object per request: Yoga's in-process fetch writes content-length into the one given.
  const headers = () => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  const listening = await listen(gateway, { port: 0 });
  const caller = httpCaller();
  const body = (query, fixture) =>
    JSON.stringify({ query: query.sanshe.document, variables: query.sanshe.variables(fixture) });
  return [
    {
      name: 'sanshe (in-process)',
      kind: 'sanshe',
      run: async (query, fixture) => {
        const response = await gateway.yoga.fetch('http://bench/graphql', {
          method: 'POST',
          headers: headers(),
          body: body(query, fixture),
        });
        return graphqlData(await response.json(), 'sanshe');
      },
      close: async () => {},
    },
    {
      name: 'sanshe (HTTP)',
      kind: 'sanshe',
      // What the throughput run's callers send (load-generator.mjs).
      http: (query, fixtures) => ({
        url: `${listening.origin}/graphql`,
        headers: headers(),
        bodies: fixtures.map((fixture) => body(query, fixture)),
      }),
      run: async (query, fixture) =>
        graphqlData(
          (await caller.post(`${listening.origin}/graphql`, headers(), body(query, fixture))).json,
          'sanshe http',
        ),
      close: async () => {
        caller.close();
        await listening.close();
      },
    },
  ];
}

/** The tables the benchmark's PostGraphile queries read and its mutation writes. */
const postgraphileTables = [
  'districts',
  'subdistricts',
  'communities',
  'social_organizations',
  'organization_communities',
  'social_worker_posts',
  'social_workers',
];

export async function postgraphileContenders(dataset) {
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  const { grafserv: fetchGrafserv } = await import('postgraphile/grafserv/whatwg-node__server/v4');
  const { PostGraphileConnectionFilterPreset } = await import('postgraphile-plugin-connection-filter');
  const { jsonPgSmartTags } = await import('postgraphile/utils');
  const pool = new pg.Pool({ connectionString: dataset.url, max: poolSize });
  // PostGraphile exposes the tables the queries read; every other table is left out of its
  // schema (behavior -*), as an application serving these pages would. Generating a schema from
  // all of sanshe's tables runs into its naming conflicts (two unique keys that give a lookup the
  // same name) and leaves types without fields.
  const { rows: tables } = await pool.query(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  );
  const leftOut = Object.fromEntries(
    tables
      .map((row) => row.table_name)
      .filter((name) => !postgraphileTables.includes(name))
      .map((name) => [name, { tags: { behavior: '-*' } }]),
  );
  const preset = {
    extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
    plugins: [jsonPgSmartTags({ version: 1, config: { class: leftOut } })],
    pgServices: [makePgService({ pool, schemas: ['public'] })],
    // Filtering by an unindexed column (communities.retired_on) is refused by default; the
    // queries need it to ask for communities in force, as sanshe's lists do.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    grafast: { explain: false },
    grafserv: { graphiql: false },
  };
  // Over HTTP: PostGraphile's own Node adapter. In process: the same preset behind grafserv's
  // fetch adapter, as sanshe's `yoga.fetch` (a PostGraphile instance serves one adapter).
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const inProcess = postgraphile(preset);
  const handler = inProcess.createServ(fetchGrafserv).createHandler();
  const server = createServer();
  serv.addTo(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/graphql`;
  const caller = httpCaller();
  return [
    {
      name: 'PostGraphile (in-process)',
      kind: 'postgraphile',
      run: async (query, fixture) => {
        const response = await handler.fetch('http://bench/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            query: query.postgraphile.document,
            variables: query.postgraphile.variables(fixture),
          }),
        });
        return graphqlData(await response.json(), 'postgraphile');
      },
      close: async () => {},
    },
    {
      name: 'PostGraphile (HTTP)',
      kind: 'postgraphile',
      http: (query, fixtures) => ({
        url,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        bodies: fixtures.map((fixture) =>
          JSON.stringify({
            query: query.postgraphile.document,
            variables: query.postgraphile.variables(fixture),
          }),
        ),
      }),
      run: async (query, fixture) =>
        graphqlData(
          (
            await caller.post(
              url,
              { 'content-type': 'application/json', accept: 'application/json' },
              JSON.stringify({
                query: query.postgraphile.document,
                variables: query.postgraphile.variables(fixture),
              }),
            )
          ).json,
          'postgraphile http',
        ),
      close: async () => {
        caller.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await pgl.release();
        await inProcess.release();
        await pool.end();
      },
    },
  ];
}

/** The canonical answer a contender gives to a query. */
export function canonicalAnswer(contender, query, raw) {
  const answer = query[contender.kind].canonical(raw);
  // Plain data only: some contenders hand back objects without a prototype.
  return JSON.parse(JSON.stringify(answer));
}
