import { randomBytes } from 'node:crypto';
import { databaseUrl } from '@sanshe/core/testing';
import pg from 'pg';
import { afterAll } from 'vitest';

/** Every scratch database's name starts so, whichever test file made it. */
const scratchPrefix = 'sanshe_scratch_';

export interface ScratchDatabases {
  /** A connection to the server (the database its URL names), open until the file ends. */
  admin(): Promise<pg.Client>;
  /** A name for a database of this file, dropped when the file ends if it exists by then. */
  name(purpose: string): string;
  /** A new empty database under {@link name}. */
  create(purpose: string): Promise<string>;
  /** The server's URL with the database swapped for `database`. */
  url(database: string): string;
  /**
   * Whether `database` is a scratch database of another test file: files run in parallel, so a
   * listing of the server's databases can hold theirs, coming and going.
   */
  madeElsewhere(database: string): boolean;
}

/**
 * Throwaway databases on the PostgreSQL server at `serverUrl`, for tests of what the real CLI
 * does to a database it is given: they are plain `create database` ones (not copies of the
 * migrated template), named per file and dropped, with any connection still open, when the file
 * ends. Nothing connects until a test asks, so a suite skipped without a server costs nothing.
 */
export function scratchDatabases(serverUrl: string | undefined): ScratchDatabases {
  const suffix = randomBytes(4).toString('hex');
  const named: string[] = [];
  let admin: Promise<pg.Client> | undefined;
  afterAll(async () => {
    if (!admin) return;
    const client = await admin;
    for (const database of named) await client.query(`drop database if exists "${database}" with (force)`);
    await client.end();
  });
  const scratch: ScratchDatabases = {
    admin() {
      admin ??= (async () => {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        return client;
      })();
      return admin;
    },
    name(purpose) {
      const database = `${scratchPrefix}${purpose}_${suffix}`;
      named.push(database);
      return database;
    },
    async create(purpose) {
      const client = await scratch.admin();
      const database = scratch.name(purpose);
      await client.query(`create database "${database}"`);
      return database;
    },
    url: (database) => databaseUrl(serverUrl!, database),
    madeElsewhere: (database) => database.startsWith(scratchPrefix) && !named.includes(database),
  };
  return scratch;
}
