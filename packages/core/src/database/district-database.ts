import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { SansheError } from '../errors/sanshe-error.js';
import { developmentKeyring, type PersonalDataKeyring } from '../personal-data/keyring.js';
import { relations, type SansheRelations } from '../schema/relations.js';
import { parseDivisionCodeOfLevel } from '../validators/division-code.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { migrationsFolder } from './migrations-folder.js';
import { createPoolListeners } from './pool-listeners.js';
import {
  observePglite,
  observePool,
  type StatementObserver,
  StatementObservers,
} from './statement-observers.js';

/** The drizzle database every service and query works with, whatever the driver. */
export type SansheDb = PgAsyncDatabase<PgQueryResultHKT, SansheRelations>;

/** Where a district's data lives. Exactly one of these. */
export type DatabaseConnection =
  /**
   * An embedded PGlite database kept in this directory (created when missing). One process at
   * a time: opening a directory another live process holds throws DATABASE_IN_USE.
   */
  | { dataDir: string }
  /** An embedded PGlite database in memory, gone when closed. Handy for tests and demos. */
  | { memory: true }
  /** An existing PGlite instance; closing the district database does not close it. */
  | { pglite: PGlite }
  /** A PostgreSQL database by URL; a pool of `poolSize` connections (default 10) is opened. */
  | { url: string; poolSize?: number }
  /** An existing `pg` pool; closing the district database does not end it. */
  | { pool: pg.Pool };

export type OpenDistrictDatabaseOptions = DatabaseConnection & {
  /** The 6-digit code of the district that owns this database. */
  districtCode: string;
  /** A drizzle logger, e.g. {@link createSqlRecorder} to count statements. */
  logger?: Logger;
  /**
   * The keys that seal personal identifiers (personal-data/keyring.ts). Defaults to the
   * published development keyring, which protects nothing: configure one for real data.
   */
  personalData?: PersonalDataKeyring;
};

/** A district's database: the connection, the district that owns it, and its lifecycle. */
export interface DistrictDatabase {
  readonly districtCode: string;
  readonly db: SansheDb;
  readonly driver: 'pglite' | 'postgres';
  /** The keyring that seals and opens this district's personal identifiers. */
  readonly personalData: PersonalDataKeyring;
  /** Apply the migrations shipped in `@sanshe/core` that this database has not seen yet. */
  migrate(): Promise<void>;
  /** Whether the database answers a trivial query (for readiness checks). */
  ping(): Promise<boolean>;
  /**
   * Be told of every statement sent through `db` (for metrics and traces; readiness pings are
   * not). Returns the function that stops it.
   */
  observeStatements(observer: StatementObserver): () => void;
  /**
   * Send one statement already built as text and parameters (the gateway's compiled reads keep it
   * so, to send it again without building it again), told to the logger and the statement
   * observers like any other; answers its rows. `prepared`: on PostgreSQL, send it as a named
   * statement (named by its text), which each pooled connection parses and plans once and then
   * only executes; the text must not vary with values (they are parameters), and must carry its
   * limits as literals, so that a plan made for any parameters still sees them.
   */
  queryRows(
    text: string,
    params: readonly unknown[],
    options?: { prepared?: boolean },
  ): Promise<Record<string, unknown>[]>;
  /** How the PostgreSQL connection pool is used now; undefined on PGlite (no pool). */
  poolUsage(): PoolUsage | undefined;
  /**
   * Be told of the notifications committed transactions send on `channel` (LISTEN/NOTIFY), from
   * this process or any other writing the same database: how gateways learn of changed grid
   * events (channel `sanshe_grid_events`). On PostgreSQL one pooled connection is held for
   * listening while any listener is registered, and re-established after a lost connection.
   * Returns the function that stops listening.
   */
  listen(channel: string, onNotification: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A `pg` pool's state: connections open, of those idle, and queries waiting for one. */
export interface PoolUsage {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * Open the database of one district: an embedded PGlite directory, in-memory PGlite, or
 * PostgreSQL by URL or pool. The one documented way to reach a district's data.
 *
 * @throws {SansheError} INVALID_DIVISION_CODE when `districtCode` is not a district code.
 * @throws {SansheError} DATABASE_IN_USE when another process has the `dataDir` open.
 */
export async function openDistrictDatabase(options: OpenDistrictDatabaseOptions): Promise<DistrictDatabase> {
  const parsed = parseDivisionCodeOfLevel(options.districtCode, 'district', { path: ['districtCode'] });
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  const districtCode = parsed.data.code;
  const logger = options.logger;
  const personalData = options.personalData ?? developmentKeyring;

  if ('url' in options || 'pool' in options) {
    const ownsPool = 'url' in options;
    const pool = ownsPool
      ? new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 })
      : options.pool;
    // An idle connection dropped by the server (restart, failover, a test dropping its
    // database) must not crash the process; the pool replaces it on the next query.
    if (ownsPool) pool.on('error', () => {});
    const observers = new StatementObservers();
    const listeners = createPoolListeners(pool);
    const observedPool = observePool(pool, observers);
    const db = drizzleNodePg({
      client: observedPool,
      relations,
      ...(logger ? { logger } : {}),
    });
    return {
      districtCode,
      db: db as unknown as SansheDb,
      driver: 'postgres',
      personalData,
      migrate: async () => {
        await migrateNodePg(db, { migrationsFolder: migrationsFolder() });
      },
      ping: () => pingWith(() => pool.query('select 1')),
      observeStatements: (observer) => observers.add(observer),
      queryRows: async (text, params, queryOptions) => {
        logger?.logQuery(text, [...params]);
        const values = [...params];
        const result = queryOptions?.prepared
          ? await observedPool.query({ name: statementName(text), text, values })
          : await observedPool.query(text, values);
        return result.rows;
      },
      poolUsage: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      listen: (channel, onNotification) => listeners.listen(channel, onNotification),
      close: async () => {
        await listeners.close();
        if (ownsPool) await pool.end();
      },
    };
  }

  const ownsClient = !('pglite' in options);
  // One process at a time may open a data directory (data-dir-lock.ts): a second PGlite on
  // the same files would silently lose the first one's acknowledged writes.
  const lock = 'dataDir' in options ? await acquireDataDirLock(ensureDirectory(options.dataDir)) : undefined;
  let client: PGlite;
  try {
    client =
      'pglite' in options
        ? options.pglite
        : 'dataDir' in options
          ? await PGlite.create({ dataDir: options.dataDir })
          : await PGlite.create();
  } catch (error) {
    lock?.release();
    throw error;
  }
  const observers = new StatementObservers();
  const observedClient = observePglite(client, observers);
  const db = drizzlePglite({
    client: observedClient,
    relations,
    ...(logger ? { logger } : {}),
  });
  return {
    districtCode,
    db: db as unknown as SansheDb,
    driver: 'pglite',
    personalData,
    migrate: async () => {
      await migratePglite(db, { migrationsFolder: migrationsFolder() });
    },
    ping: () => pingWith(() => client.query('select 1')),
    observeStatements: (observer) => observers.add(observer),
    queryRows: async (text, params) => {
      logger?.logQuery(text, [...params]);
      return (await observedClient.query<Record<string, unknown>>(text, [...params])).rows;
    },
    poolUsage: () => undefined,
    listen: async (channel, onNotification) => {
      const stop = await client.listen(channel, onNotification);
      return async () => {
        if (!client.closed) await stop();
      };
    },
    close: async () => {
      try {
        if (ownsClient && !client.closed) await client.close();
      } finally {
        // Released only once PGlite has flushed and closed its files.
        lock?.release();
      }
    },
  };
}

/** PGlite creates the data directory itself, but not its parents (`.sanshe/320505`). */
function ensureDirectory(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function pingWith(query: () => Promise<unknown>): Promise<boolean> {
  try {
    await query();
    return true;
  } catch {
    return false;
  }
}

/**
 * A prepared statement's name: its text's digest, so the same text is prepared once per
 * connection. The names of recent texts are kept (the compiled reads send the same few texts
 * again and again), so that a request does not hash its statement again.
 */
const statementNames = new Map<string, string>();
const statementNamesKept = 1000;

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `sanshe_${createHash('sha1').update(text).digest('base64url')}`;
    // The oldest name goes first: a Map iterates in insertion order.
    if (statementNames.size >= statementNamesKept) {
      statementNames.delete(statementNames.keys().next().value as string);
    }
    statementNames.set(text, name);
  }
  return name;
}
