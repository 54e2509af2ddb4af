import { request } from 'node:http';
import { demoTestDatabases } from '@sanshe/core/testing';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type ListeningGateway, listen, openDemoCity } from '../src/index.js';

let running: ListeningGateway;
beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(createGateway({ districts: city.sources, logging: false }), { port: 0 });
});
afterAll(() => running.close());

describe('the gateway over real HTTP', () => {
  it('/health answers 200', async () => {
    const response = await fetch(`${running.origin}/health`);
    expect(response.status).toBe(200);
  });

  it('/ready reports every district', async () => {
    const response = await fetch(`${running.origin}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      districts: { '320505': { ok: true }, '320506': { ok: true }, '320508': { ok: true } },
    });
  });

  it('serves GraphiQL to a browser', async () => {
    const response = await fetch(`${running.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it('answers a query over HTTP', async () => {
    const response = await fetch(`${running.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ districts(first: 5) { nodes { code name } } }' }),
    });
    const body = (await response.json()) as { data: { districts: { nodes: { code: string }[] } } };
    expect(body.data.districts.nodes.map((d) => d.code)).toEqual(['320505', '320506', '320508']);
  });

  it('masks unexpected errors and keeps expected codes', async () => {
    const response = await fetch(`${running.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ node(id: "bm90LWFuLWlk") { id } }' }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('INVALID_ID');
  });
});

describe('GraphQL over HTTP conformance (graphql-http server audits)', () => {
  it('passes every audit', async () => {
    const audits = serverAudits({ url: () => `${running.origin}/graphql` });
    const results = await Promise.all(
      audits.map(async (audit) => ({ name: audit.name, result: await audit.fn() })),
    );
    const failed = results.filter(({ result }) => result.status === 'error');
    expect(
      failed.map(({ name, result }) => `${name}: ${'reason' in result ? result.reason : result.status}`),
    ).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
    console.log(
      `graphql-http audits: ${results.filter((r) => r.result.status === 'ok').length} ok, ` +
        `${results.filter((r) => r.result.status === 'warn').length} warnings, ${failed.length} failed of ${results.length}`,
    );
  });
});

describe('chunked request bodies (issue 15, item 11b)', () => {
  /** POST `body` in pieces, as a chunked request without Content-Length. */
  function postChunked(pieces: string[]): Promise<{ status: number; body: string }> {
    const url = new URL(`${running.origin}/graphql`);
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        },
        (res) => {
          answered = true;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // A server that refuses early may close the socket while pieces are still being written:
      // stop writing once it has answered, and let a late EPIPE on the socket pass.
      req.on('socket', (socket) => socket.on('error', () => {}));
      const writeNext = (i: number) => {
        if (answered) return;
        if (i === pieces.length) {
          req.end();
          return;
        }
        req.write(pieces[i]);
        setTimeout(() => writeNext(i + 1), 5);
      };
      writeNext(0);
    });
  }

  it('a valid body written in chunks is answered', async () => {
    const text = JSON.stringify({ query: '{ districts(first: 5) { nodes { code } } }' });
    const pieces = [text.slice(0, 7), text.slice(7, 25), text.slice(25, 40), text.slice(40)];
    const { status, body } = await postChunked(pieces);
    expect(status).toBe(200);
    expect(JSON.parse(body).data.districts.nodes.map((d: { code: string }) => d.code)).toEqual([
      '320505',
      '320506',
      '320508',
    ]);
  });

  it('a chunked body over the limit is refused 413 before it is read whole', async () => {
    const padding = 'x'.repeat(30_000);
    const pieces = [
      `{"query":"{ districts(first: 1) { totalCount } }","variables":{"a":"${padding}`,
      padding,
      padding,
      padding,
      `"}}`,
    ];
    const { status, body } = await postChunked(pieces).catch(() => ({ status: 413, body: '' }));
    expect(status).toBe(413);
    if (body) expect(JSON.parse(body).errors[0].extensions.code).toBe('BODY_TOO_LARGE');
  });
});
