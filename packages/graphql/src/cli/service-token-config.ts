import type { ServiceTokenConfig } from '../auth/service-token.js';
import { UsageError } from './usage-error.js';

/** `SANSHE_SERVICE_TOKEN_SECRET`: the secret a city gateway and its district gateways share. */
export function serviceTokenFromEnv(env: NodeJS.ProcessEnv): ServiceTokenConfig | undefined {
  const secret = env.SANSHE_SERVICE_TOKEN_SECRET;
  if (!secret) return undefined;
  if (Buffer.byteLength(secret) < 32)
    throw new UsageError('SANSHE_SERVICE_TOKEN_SECRET must be at least 32 bytes');
  return { secret };
}
