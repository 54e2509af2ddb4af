import type pg from 'pg';

/**
 * LISTEN/NOTIFY over a `pg` pool (district-database.ts `listen`): one connection taken from the
 * pool and held while any listener is registered, whatever the number of channels and
 * listeners, so listening costs the pool one connection. A lost connection (a restart, a
 * failover) is replaced after a second and every channel listened to again; notifications sent
 * while it was down are lost, which is why listeners treat a notification as a hint to read
 * the record, never as the record.
 */
export function createPoolListeners(pool: pg.Pool) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let connection: Promise<pg.PoolClient> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const quote = (channel: string) => `"${channel.replaceAll('"', '""')}"`;

  const onNotification = (message: pg.Notification) => {
    for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
  };

  function connect(): Promise<pg.PoolClient> {
    const attempt = (async () => {
      const client = await pool.connect();
      client.on('notification', onNotification);
      client.on('error', () => reconnect(client));
      for (const channel of handlers.keys()) await client.query(`LISTEN ${quote(channel)}`);
      return client;
    })();
    attempt.catch(() => undefined);
    return attempt;
  }

  function reconnect(failed?: pg.PoolClient) {
    failed?.release(true);
    connection = undefined;
    if (closed || handlers.size === 0 || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      if (closed || handlers.size === 0) return;
      connection = connect();
      connection.catch(() => reconnect());
    }, 1000);
    retry.unref();
  }

  async function release() {
    const current = connection;
    connection = undefined;
    if (!current) return;
    const client = await current.catch(() => undefined);
    if (!client) return;
    client.removeListener('notification', onNotification);
    await client.query('UNLISTEN *').catch(() => undefined);
    client.release();
  }

  return {
    async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
      if (closed) throw new Error('The district database is closed.');
      let set = handlers.get(channel);
      const newChannel = !set;
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      if (!connection) {
        connection = connect();
        await connection;
      } else if (newChannel) {
        await (await connection).query(`LISTEN ${quote(channel)}`);
      }
      return async () => {
        const current = handlers.get(channel);
        if (!current?.delete(handler)) return;
        if (current.size > 0) return;
        handlers.delete(channel);
        if (handlers.size === 0) await release();
        else if (connection)
          await (await connection).query(`UNLISTEN ${quote(channel)}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      handlers.clear();
      await release();
    },
  };
}
