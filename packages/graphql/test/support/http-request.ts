import type { TokenClaims } from '../../src/index.js';
import { testToken } from './demo-gateway.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely shaped responses
type Loose = any;

/**
 * One GraphQL request to a listening gateway over real HTTP, with a test token signed for the
 * caller's claims (none for PUBLIC): how the suites of the grid areas talk to their gateway.
 */
export async function requestOverHttp(
  origin: string,
  query: string,
  variables: Record<string, unknown>,
  as: TokenClaims | 'public',
): Promise<{ data?: Loose; errors?: Loose[] }> {
  const token = as === 'public' ? undefined : await testToken(as);
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Loose; errors?: Loose[] };
}
