import { randomBytes } from 'node:crypto';
import type { Role } from '@sanshe/core';
import { signHs256Token, type TokenClaims } from '../auth/sign-token.js';
import type { TokenVerification } from '../auth/token-verifier.js';
import type { Gateway } from '../server/create-gateway.js';
import type { GraphiQLDemoToken } from '../server/graphiql.js';

/** Token verification for a demo gateway: a fresh random secret, valid only for this process. */
export function demoTokenVerification(): TokenVerification & {
  secret: string;
  issuer: string;
  audience: string;
} {
  return { secret: randomBytes(32).toString('base64url'), issuer: 'sanshe-demo', audience: 'sanshe-demo' };
}

/** Where in the demo city each demo caller works. */
const DEMO_DISTRICT = '320505';
const DEMO_SUBDISTRICT = '320505001';
const DEMO_COMMUNITY = '320505001001';

export interface DemoToken {
  role: Exclude<Role, 'PUBLIC'>;
  claims: TokenClaims;
  token: string;
}

/**
 * One token per role for the demo city, signed with the demo secret and valid 12 hours. The
 * organization and worker of ORG_STAFF and SOCIAL_WORKER are looked up through the gateway
 * itself (an organization rooted in the demo community, and a worker posted with it).
 */
export async function demoTokens(
  gateway: Gateway,
  auth: { secret: string; issuer: string; audience: string },
): Promise<DemoToken[]> {
  const sign = (claims: TokenClaims) => signHs256Token(auth, claims, '12h');
  const admin = await sign({ sub: 'demo-city-admin', role: 'CITY_ADMIN' });
  const response = await gateway.yoga.fetch('http://demo.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      query: `query($community: String!) {
        socialOrganizations(first: 20, filter: { parentCode: $community, status: ACTIVE }) {
          nodes { id posts(first: 1, current: true) { nodes { worker { id } } } }
        }
      }`,
      variables: { community: DEMO_COMMUNITY },
    }),
  });
  const body = (await response.json()) as {
    data?: {
      socialOrganizations: { nodes: { id: string; posts: { nodes: { worker: { id: string } }[] } }[] };
    };
  };
  const organizations = body.data?.socialOrganizations.nodes ?? [];
  const employer = organizations.find((o) => o.posts.nodes.length > 0) ?? organizations[0];
  const worker = employer?.posts.nodes[0]?.worker.id;

  const claims: TokenClaims[] = [
    { sub: 'demo-city-admin', role: 'CITY_ADMIN' },
    { sub: 'demo-district-admin', role: 'DISTRICT_ADMIN', district: DEMO_DISTRICT },
    { sub: 'demo-civil-affairs', role: 'DEPARTMENT_STAFF', district: DEMO_DISTRICT },
    { sub: 'demo-evaluator', role: 'EVALUATOR', district: DEMO_DISTRICT },
    {
      sub: 'demo-subdistrict',
      role: 'SUBDISTRICT_STAFF',
      district: DEMO_DISTRICT,
      subdistrict: DEMO_SUBDISTRICT,
    },
    { sub: 'demo-community', role: 'COMMUNITY_STAFF', district: DEMO_DISTRICT, community: DEMO_COMMUNITY },
    { sub: 'demo-grid-worker', role: 'GRID_WORKER', district: DEMO_DISTRICT, community: DEMO_COMMUNITY },
    ...(employer ? [{ sub: 'demo-org-staff', role: 'ORG_STAFF' as const, org: employer.id }] : []),
    ...(worker ? [{ sub: 'demo-social-worker', role: 'SOCIAL_WORKER' as const, worker }] : []),
    { sub: 'demo-service', role: 'SERVICE' },
  ];
  return Promise.all(claims.map(async (c) => ({ role: c.role, claims: c, token: await sign(c) })));
}

/** The banner lines that hand the demo tokens to a person trying the gateway. */
export function describeDemoTokens(tokens: readonly DemoToken[]): string[] {
  const lines = [
    '',
    '  DEMO TOKENS: for the demo city only. Signed with a secret made at start-up, valid 12 hours;',
    '  send one as "Authorization: Bearer <token>". Without a token you are PUBLIC.',
  ];
  for (const { role, claims, token } of tokens) {
    lines.push(`  ${role.padEnd(18)} ${demoTokenScope(claims)}`, `    ${token}`);
  }
  return lines;
}

/** The demo tokens as GraphiQL's role picker offers them (`createGateway({ graphiqlDemoTokens })`). */
export function graphiqlDemoTokens(tokens: readonly DemoToken[]): GraphiQLDemoToken[] {
  return tokens.map(({ role, claims, token }) => ({
    role,
    label: `${role} · ${demoTokenScope(claims)}`,
    token,
  }));
}

/** Where a demo caller's reach is: the most precise place its claims name. */
function demoTokenScope(claims: TokenClaims): string {
  return (
    claims.community ??
    claims.subdistrict ??
    claims.district ??
    (claims.org ? 'own organization' : claims.worker ? 'own worker record' : 'the city')
  );
}
