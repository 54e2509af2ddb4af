/**
 * What went wrong with a database, in the operator's words. drizzle wraps the driver's error
 * ("Failed query: CREATE SCHEMA …") with the real one as `cause`; a failed connection is a
 * Node system error (ECONNREFUSED), or an AggregateError of one per address tried.
 */
export interface DatabaseFailure {
  /** e.g. `database "nosuch" does not exist (3D000)` */
  cause: string;
  /** What to do about it, where that is clear from the code. */
  hint: string | undefined;
}

/** The database failure inside `error`, or undefined when it is not one. */
export function databaseFailureOf(error: unknown): DatabaseFailure | undefined {
  const found = driverErrorIn(error);
  if (!found) {
    // pg's own refusal, before the server saw anything: the server wants a password, none given.
    const message = error instanceof Error ? error.message : '';
    if (/client password must be a string/.test(message)) {
      return { cause: message, hint: 'the server asks for a password: put it in --database-url' };
    }
    return undefined;
  }
  return { cause: `${found.message} (${found.code})`, hint: hintFor(found.code, found.message) };
}

/** A URL fit for a message: the password replaced. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

/** The database a URL names (its path), for messages and hints. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

interface DriverError {
  code: string;
  message: string;
}

function driverErrorIn(error: unknown): DriverError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown };
    // SQLSTATE (5 characters) from the server, or a system error code (ECONNREFUSED) from Node.
    if (typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || /^E[A-Z_]+$/.test(code))) {
      const messages =
        Array.isArray(errors) && errors.length > 0
          ? [...new Set(errors.map((e) => String((e as { message?: unknown }).message ?? e)))].join('; ')
          : String(message ?? '');
      return { code, message: messages || code };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function hintFor(code: string, message: string): string | undefined {
  switch (code) {
    case '3D000':
      return 'create the database first (CREATE DATABASE …; create-district creates it), or correct the database name in --database-url';
    case '28000':
      return /role .* does not exist/.test(message)
        ? 'correct the user in --database-url, or create that role on the server'
        : "the server's pg_hba.conf does not let this user connect from here";
    case '28P01':
      return 'correct the user or password in --database-url';
    case '42501':
      return 'the user needs the CREATE privilege on the database (sanshe creates its tables and a "drizzle" schema), or use a database it owns';
    case '53300':
      return "the server has no connection left: lower other clients' pools or raise max_connections";
    case '57P03':
      return 'the server is starting or shutting down: try again in a moment';
    case 'ECONNREFUSED':
      return 'nothing listens there: is PostgreSQL running, and are the host and port in --database-url right?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name in --database-url does not resolve';
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the server cannot be reached from here (host, port, firewall)';
    default:
      return undefined;
  }
}
