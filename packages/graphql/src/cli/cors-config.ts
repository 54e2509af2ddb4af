import { type CorsPolicy, CorsPolicyError, checkCorsPolicy } from '../server/cors.js';
import { UsageError } from './usage-error.js';

/**
 * `SANSHE_CORS_ORIGINS`: the web origins whose pages may call `/graphql` from a browser,
 * comma-separated exact origins (`https://sanshe.example.gov.cn,http://10.3.0.8:8080`), or `*`.
 * Unset or empty: the gateway's default, no origin in production and the developer's own machine
 * (`localhost`) otherwise. Checked at start; a malformed origin is refused with how to write it.
 */
export function corsPolicyFromEnv(env: NodeJS.ProcessEnv): CorsPolicy | undefined {
  const text = env.SANSHE_CORS_ORIGINS?.trim();
  if (!text) return undefined;
  const origins = text
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  if (origins.length === 0) {
    throw new UsageError(
      'SANSHE_CORS_ORIGINS lists no origin: list origins, or leave it unset for the default',
      'sanshe serve --help',
    );
  }
  try {
    return checkCorsPolicy({ origins });
  } catch (error) {
    if (error instanceof CorsPolicyError)
      throw new UsageError(`SANSHE_CORS_ORIGINS: ${error.message}`, 'sanshe serve --help');
    throw error;
  }
}
