import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * Told of each SQL statement a district database sends, as it is sent (its text, with
 * placeholders: parameter values are not passed). The function it returns, if any, is called
 * once the statement has finished, with the error when it failed. Metrics count statements with
 * it, traces time them.
 */
export type StatementObserver = (sql: string) => ((outcome: { error?: unknown }) => void) | undefined;

/** The observers of one database; while there are none, a statement costs one size check more. */
export class StatementObservers {
  readonly #observers = new Set<StatementObserver>();

  add(observer: StatementObserver): () => void {
    this.#observers.add(observer);
    return () => {
      this.#observers.delete(observer);
    };
  }

  /** Send a statement through `send`, telling every observer when it starts and ends. */
  observe<T>(sql: string, send: () => Promise<T>): Promise<T> {
    if (this.#observers.size === 0) return send();
    const ends = [...this.#observers].map((observer) => observer(sql));
    const end = (outcome: { error?: unknown }) => {
      for (const ended of ends) ended?.(outcome);
    };
    let sent: Promise<T>;
    try {
      sent = send();
    } catch (error) {
      end({ error });
      throw error;
    }
    return sent.then(
      (result) => {
        end({});
        return result;
      },
      (error: unknown) => {
        end({ error });
        throw error;
      },
    );
  }
}

/** The text of a `query(textOrConfig, …)` call, as both drivers take it. */
function statementText(query: unknown): string {
  if (typeof query === 'string') return query;
  const text = (query as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

/**
 * The object whose `query` is replaced; everything else is the target's own, called on the target
 * (PGlite keeps private fields, which a proxy as `this` cannot read).
 */
function withQuery<T extends object>(target: T, overrides: Record<PropertyKey, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property];
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

function observedQuery(
  target: { query: (...args: never[]) => unknown },
  observers: StatementObservers,
): (...args: unknown[]) => unknown {
  return (...args) => {
    // The callback form (not used by drizzle) is passed through unobserved.
    if (typeof args.at(-1) === 'function') return (target.query as (...a: unknown[]) => unknown)(...args);
    return observers.observe(statementText(args[0]), () =>
      (target.query as (...a: unknown[]) => Promise<unknown>)(...args),
    );
  };
}

/**
 * A `pg` pool whose statements the observers see: `pool.query` and the `query` of every client
 * `pool.connect()` hands out (drizzle's transactions). Still a `pg.Pool` to drizzle, which checks.
 */
export function observePool(pool: pg.Pool, observers: StatementObservers): pg.Pool {
  return withQuery(pool, {
    query: observedQuery(pool, observers),
    connect: (...args: unknown[]) => {
      if (args.length > 0) return (pool.connect as (...a: unknown[]) => unknown)(...args);
      return pool.connect().then((client) => withQuery(client, { query: observedQuery(client, observers) }));
    },
  });
}

/** A PGlite client whose statements (and those of its transactions) the observers see. */
export function observePglite(client: PGlite, observers: StatementObservers): PGlite {
  return withQuery(client, {
    query: observedQuery(client, observers),
    transaction: <T>(work: (tx: Transaction) => Promise<T>) =>
      client.transaction((tx) => work(withQuery(tx, { query: observedQuery(tx, observers) }))),
  });
}
