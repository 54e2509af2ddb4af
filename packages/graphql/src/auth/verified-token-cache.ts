import type { Principal } from './principal.js';

/**
 * Tokens already verified, so a client sending the same token with every request pays for the
 * signature check once, not per request (it costs more than executing a small query). An entry
 * lasts until the token expires, and at most five minutes, so a key withdrawn from a JWKS stops
 * being honoured soon after. At most 1,000 tokens are kept; the least recently used goes first.
 */
export function createVerifiedTokenCache(maxEntries = 1000, maxAgeMs = 5 * 60_000) {
  const entries = new Map<string, { principal: Principal; until: number }>();
  return {
    get(token: string): Principal | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      entries.delete(token);
      if (Date.now() >= entry.until) return undefined;
      entries.set(token, entry);
      return entry.principal;
    },
    set(token: string, principal: Principal, expiresAtMs: number) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(token, { principal, until: Math.min(expiresAtMs, Date.now() + maxAgeMs) });
    },
  };
}
