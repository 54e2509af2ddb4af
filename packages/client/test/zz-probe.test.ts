import { createGateway, listen, openDemoCity } from '@sanshe/graphql';
import { createTestDistrictDatabase } from '@sanshe/core/testing';
import { it } from 'vitest';

it('probe', async () => {
  let t = Date.now();
  const city = await openDemoCity({ openDatabase: (districtCode) => createTestDistrictDatabase({ districtCode }) });
  console.log('open', Date.now() - t);
  const gateway = createGateway({ districts: city.sources });
  const running = await listen(gateway, { port: 0 });
  const q = async (query: string, variables?: unknown) => {
    const r = await fetch(`${running.origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }, body: JSON.stringify({ query, variables }) });
    console.log(r.status, r.headers.get('content-type'), (await r.text()).slice(0, 600));
  };
  await q('{ communities(first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { id code name subdistrict { code } } } districts { nodes { code name } } }');
  await q('{ communities(first: 100000) { totalCount } }');
  await q('{ node(id: "garbage") { id } }');
  await q('{ communities(first: 2, after: "garbage") { totalCount } }');
  await q('{ nope }');
  await q('{ communities(first: "x") { totalCount } }');
  await q('query($f: Int!) { communities(first: $f) { totalCount } }', { f: 'x' });
  await q('{ communities(');
  await q('mutation { createCommunity(input: { code: "320505001999", name: "x" }) { __typename ... on Error { code message path } } }');
  await q('mutation { createCommunity(input: { code: "12", name: "x" }) { __typename ... on Error { code message path } } }');
  t = Date.now();
  await running.close();
  console.log('close', Date.now() - t);
});
