import { afterAll, beforeAll, expect, it } from 'vitest';
import { createGateway, type Gateway, openDemoCity, printGatewaySchema } from '../src/index.js';

let gateway: Gateway;
beforeAll(async () => {
  const city = await openDemoCity({ memory: true });
  gateway = createGateway({ districts: city.sources });
});
afterAll(() => gateway?.close());

async function gql(query: string, variables?: Record<string, unknown>) {
  const response = await gateway.yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

it('prints', () => {
  expect(printGatewaySchema()).toContain('type Community');
});

it('lists', async () => {
  const r = await gql(
    `{ communities(first: 3) { totalCount edges { cursor node { id code name grids(first: 2) { totalCount nodes { code } } subdistrict { name } } } pageInfo { hasNextPage endCursor } } }`,
  );
  console.log(JSON.stringify(r, null, 1).slice(0, 3000));
  const r2 = await gql(
    `mutation { createCommunity(input: { code: "320505001999", name: "x" }) { __typename ... on Error { code message } ... on CreateCommunitySuccess { data { code } } } }`,
  );
  console.log(JSON.stringify(r2));
  const r3 = await gql(
    `mutation { createCommunity(input: { code: "110101001999", name: "x" }) { __typename ... on Error { code message } } }`,
  );
  console.log(JSON.stringify(r3));
  const r4 = await gql(`{ communities(first: 100000) { totalCount } }`);
  console.log(JSON.stringify(r4));
  const r5 = await gql(
    `{ node(id: "${r.data.communities.edges[0].node.id}") { id ... on Community { name } } }`,
  );
  console.log(JSON.stringify(r5));
});
