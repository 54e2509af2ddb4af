import { signHs256Token } from '@sanshe/graphql';

/** The token configuration of the client suites' gateways (HS256, a fixed test secret). */
export const testAuth = {
  secret: 'sanshe-client-test-secret-32-bytes-long',
  issuer: 'https://auth.sanshe.test',
  audience: 'sanshe-gateway',
};

/** A city administrator's token: the client suites read and write across the demo city. */
export function cityAdminToken(): Promise<string> {
  return signHs256Token(testAuth, { sub: 'client-tests', role: 'CITY_ADMIN' }, '2h');
}
