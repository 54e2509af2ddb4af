import type { DemoScale } from '@sanshe/core/demo';
import { demoTestDatabases, snapshotDatabase } from '@sanshe/core/testing';
import {
  type CreateGatewayOptions,
  createGateway,
  type DemoCity,
  type Gateway,
  openDemoCity,
  signHs256Token,
  type TokenClaims,
} from '../../src/index.js';

/** The test gateways' token configuration: HS256 with a fixed secret. */
export const testAuth = {
  secret: 'sanshe-test-secret-of-at-least-32-bytes!!',
  issuer: 'https://auth.sanshe.test',
  audience: 'sanshe-gateway',
};

/** A token the test gateways accept, for the given caller. */
export function testToken(claims: TokenClaims, expiresIn?: string | number): Promise<string> {
  return signHs256Token(testAuth, claims, expiresIn);
}

/** Who a test request is from: a caller's claims, a raw token, or no token at all (PUBLIC). */
export type Caller = TokenClaims | { token: string } | 'public';

/** The default caller of test requests: a city administrator, who may see and do everything. */
export const cityAdmin: TokenClaims = { sub: 'test-city-admin', role: 'CITY_ADMIN' };

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestGateway {
  gateway: Gateway;
  /** POST a GraphQL request through the gateway in-process (yoga.fetch). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
  gql<T = any>(query: string, variables?: Record<string, unknown>, as?: Caller): Promise<GraphQLResponse<T>>;
  /** Every row of every district database, for "changes nothing" assertions. */
  snapshot(): Promise<Record<string, Record<string, unknown[]>>>;
  close(): Promise<void>;
}

/**
 * The demo city (three districts, each its own database) behind one gateway, on PGlite or on
 * PostgreSQL when SANSHE_TEST_PG / DATABASE_URL is set.
 */
export async function openTestGateway(
  options: { scale?: DemoScale; limits?: CreateGatewayOptions['limits'] } = {},
): Promise<TestGateway> {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(options.scale ? { scale: options.scale } : {}),
    ...(options.scale ? { scale: options.scale } : {}),
  });
  const gateway = createGateway({
    districts: city.sources,
    logging: process.env.DEBUG_GATEWAY ? 'debug' : false,
    auth: testAuth,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const defaultToken = await testToken(cityAdmin, '2h');
  return {
    gateway,
    async gql(query, variables, as) {
      const token =
        as === undefined
          ? defaultToken
          : as === 'public'
            ? undefined
            : 'token' in as
              ? as.token
              : await testToken(as);
      const response = await gateway.yoga.fetch('http://sanshe.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: see gql above
      return (await response.json()) as GraphQLResponse<any>;
    },
    async snapshot() {
      const entries = await Promise.all(
        city.databases.map(
          async (database) => [database.districtCode, await snapshotDatabase(database)] as const,
        ),
      );
      return Object.fromEntries(entries);
    },
    close: () => gateway.close(),
  };
}

/** The service-token secret of {@link openEveryEndpointGateway}'s district endpoints. */
export const testServiceToken = { secret: 'sanshe-test-service-secret-32-bytes!!' };

/**
 * The demo city behind a gateway with every endpoint on: `/graphql`, `/subgraph` and the
 * district endpoints (`/districts/<code>/graphql`, service tokens of {@link testServiceToken}),
 * for suites that check a rule holds at each of them.
 */
export async function openEveryEndpointGateway(): Promise<{
  city: DemoCity;
  gateway: Gateway;
  adminToken: string;
}> {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  const gateway = createGateway({
    districts: city.sources,
    auth: testAuth,
    subgraph: true,
    serviceToken: testServiceToken,
    logging: false,
  });
  return { city, gateway, adminToken: await testToken(cityAdmin) };
}
