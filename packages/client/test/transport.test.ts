// Failures the real gateway does not produce on demand: closed ports, silent servers, overloaded
// proxies, broken bodies. Each uses a tiny local HTTP server or a port nothing listens on.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CommunitiesPage,
  CommunityByCode,
  CreateCommunity,
  createClient,
  isSansheClientError,
} from '../src/index.js';
import {
  closedPortUrl,
  json,
  type LocalServer,
  recordingFetch,
  startServer,
} from './support/local-server.js';

const servers: LocalServer[] = [];
async function server(...args: Parameters<typeof startServer>) {
  const started = await startServer(...args);
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const community = { community: { code: '320505001001' } };
const createInput = { input: { code: '320505001198', name: 'x' } };

describe('network errors and retries', () => {
  it('returns NETWORK_ERROR after retrying a query against a closed port', async () => {
    const recorder = recordingFetch();
    const client = createClient({ url: await closedPortUrl(), fetch: recorder.fetch });
    const { data, error } = await client.request(CommunityByCode, { code: '320505001001' });
    expect(data).toBeUndefined();
    expect(error?.code).toBe('NETWORK_ERROR');
    expect(error?.networkError).toBeInstanceOf(Error);
    expect(error?.message).toMatch(/^\[Network\] fetch failed: .*ECONNREFUSED/);
    expect(recorder.calls).toHaveLength(3); // the first attempt and the default two retries
  });

  it('follows the retries option', async () => {
    const recorder = recordingFetch();
    const client = createClient({ url: await closedPortUrl(), fetch: recorder.fetch, retries: 0 });
    await client.request(CommunityByCode, { code: '320505001001' });
    expect(recorder.calls).toHaveLength(1);
  });

  it('never retries a mutation, even on a network error', async () => {
    const recorder = recordingFetch();
    const client = createClient({ url: await closedPortUrl(), fetch: recorder.fetch, retries: 5 });
    const { error } = await client.request(CreateCommunity, createInput);
    expect(error?.code).toBe('NETWORK_ERROR');
    expect(recorder.calls).toHaveLength(1);
  });

  it('retries a query on 503 and returns the answer that finally came', async () => {
    const flaky = await server((_request, response, hit) =>
      hit < 3 ? json(response, 503, {}) : json(response, 200, { data: community }),
    );
    const { data, error } = await createClient({ url: flaky.url }).request(CommunityByCode, {
      code: '320505001001',
    });
    expect(error).toBeUndefined();
    expect(data).toEqual(community);
    expect(flaky.hits).toBe(3);
  });

  it.each([429, 502, 503, 504])('returns HTTP_ERROR %i once the retries are spent', async (status) => {
    const overloaded = await server((_request, response) =>
      json(response, status, {}, { 'retry-after': '0' }),
    );
    const { error } = await createClient({ url: overloaded.url }).request(CommunityByCode, {
      code: '320505001001',
    });
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status });
    expect(overloaded.hits).toBe(3);
  });

  it('sends a mutation once on 503', async () => {
    const overloaded = await server((_request, response) => json(response, 503, {}));
    const { error } = await createClient({ url: overloaded.url }).request(CreateCommunity, createInput);
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 503 });
    expect(overloaded.hits).toBe(1);
  });

  it('does not retry other HTTP errors', async () => {
    const failing = await server((_request, response) => {
      response.writeHead(500, { 'content-type': 'text/html' });
      response.end('<h1>Internal Server Error</h1>');
    });
    const { error } = await createClient({ url: failing.url }).request(CommunityByCode, {
      code: '320505001001',
    });
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 500 });
    expect(failing.hits).toBe(1);
  });

  it('returns INVALID_RESPONSE for a 200 that is not a GraphQL response', async () => {
    const wrong = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>login page</html>');
    });
    const client = createClient({ url: wrong.url });
    expect((await client.request(CommunityByCode, { code: '320505001001' })).error?.code).toBe(
      'INVALID_RESPONSE',
    );
    const empty = await server((_request, response) => json(response, 200, { hello: 'world' }));
    const other = createClient({ url: empty.url });
    expect((await other.request(CommunityByCode, { code: '320505001001' })).error?.code).toBe(
      'INVALID_RESPONSE',
    );
  });
});

describe('GraphQL errors', () => {
  it('returns GRAPHQL_ERROR for an error that carries no code (another GraphQL server)', async () => {
    const plain = await server((_request, response) =>
      json(response, 200, { errors: [{ message: 'Something went wrong' }] }),
    );
    const { error } = await createClient({ url: plain.url }).request(CommunityByCode, {
      code: '320505001001',
    });
    expect(error).toMatchObject({
      code: 'GRAPHQL_ERROR',
      message: expect.stringContaining('Something went wrong'),
    });
  });
});

describe('timeouts and cancellation', () => {
  // Accepts the request and never answers.
  const silent = () => server(() => {});

  it('returns TIMEOUT when no answer comes in time, retries included', async () => {
    const hanging = await silent();
    const client = createClient({ url: hanging.url, timeoutMs: 150 });
    const started = Date.now();
    const { data, error } = await client.request(CommunityByCode, { code: '320505001001' });
    expect(data).toBeUndefined();
    expect(error?.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('takes a per-request timeout over the client default', async () => {
    const hanging = await silent();
    const client = createClient({ url: hanging.url });
    const { error } = await client.request(CommunityByCode, { code: '320505001001' }, { timeoutMs: 50 });
    expect(error?.code).toBe('TIMEOUT');
  });

  it('returns ABORTED when the caller cancels', async () => {
    const hanging = await silent();
    const controller = new AbortController();
    const client = createClient({ url: hanging.url });
    setTimeout(() => controller.abort(), 50);
    const { error } = await client.request(
      CommunityByCode,
      { code: '320505001001' },
      { signal: controller.signal },
    );
    expect(isSansheClientError(error)).toBe(true);
    expect(error?.code).toBe('ABORTED');
  });

  it('sends nothing for a signal that is already aborted', async () => {
    const recorder = recordingFetch();
    const client = createClient({ url: await closedPortUrl(), fetch: recorder.fetch });
    const { error } = await client.request(
      CommunityByCode,
      { code: '320505001001' },
      { signal: AbortSignal.abort() },
    );
    expect(error?.code).toBe('ABORTED');
    expect(recorder.calls).toHaveLength(0);
  });

  it('stops waiting between retries when the caller cancels', async () => {
    const overloaded = await server((_request, response) => json(response, 503, {}, { 'retry-after': '5' }));
    const controller = new AbortController();
    const client = createClient({ url: overloaded.url });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const { error } = await client.request(
      CommunityByCode,
      { code: '320505001001' },
      { signal: controller.signal },
    );
    expect(error?.code).toBe('ABORTED');
    expect(overloaded.hits).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops paginating with ABORTED', async () => {
    const hanging = await silent();
    const client = createClient({ url: hanging.url });
    const pages = client.paginate(CommunitiesPage, {}, (data) => data.communities, {
      signal: AbortSignal.abort(),
    });
    await expect(pages.next()).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
