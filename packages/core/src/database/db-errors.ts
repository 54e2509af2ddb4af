/** PostgreSQL's SQLSTATE for a unique violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}

function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  // drizzle wraps driver errors (DrizzleQueryError) with the original as `cause`.
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
