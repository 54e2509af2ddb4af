import { channel } from 'node:diagnostics_channel';

/**
 * Checking the compiled path against the resolvers while serving (`compiledReads: 'verify'`, or
 * `SANSHE_COMPILED_READS=verify`): every operation answered by a compiled statement is executed
 * by its resolvers too, and the two answers compared as the caller would receive them. A
 * difference is logged, counted (`sanshe_compiled_reads_total{path="mismatch"}`) and published on
 * the diagnostics channel named {@link compiledReadMismatchChannel}; the caller gets the
 * resolvers' answer. It doubles the cost of a read: for a test run (the workspace's suites run in
 * it and fail a test whose reads differ) or for trying a new release on real traffic.
 */

/** How a gateway answers queries of its local district: compiled, by resolvers only, or both, compared. */
export type CompiledReadsMode = boolean | 'verify';

/** The `node:diagnostics_channel` name a difference is published on, as a {@link CompiledReadMismatch}. */
export const compiledReadMismatchChannel = 'sanshe:compiled-read-mismatch';

export interface CompiledReadMismatch {
  operationName: string | null;
  /** The operation's document, as sent. */
  query: string;
  variables: Readonly<Record<string, unknown>>;
  /** The compiled statement's answer and the resolvers', each as the JSON a caller would receive. */
  compiled: string;
  general: string;
}

const mismatches = channel(compiledReadMismatchChannel);

export function publishCompiledReadMismatch(mismatch: CompiledReadMismatch): void {
  if (mismatches.hasSubscribers) mismatches.publish(mismatch);
}

/**
 * The mode from `SANSHE_COMPILED_READS` (`on`, `off` or `verify`) when the gateway's options do
 * not say; on when neither does.
 * @throws {Error} for any other value, naming the variable
 */
export function compiledReadsMode(option: CompiledReadsMode | undefined): CompiledReadsMode {
  if (option !== undefined) return option;
  const setting = process.env.SANSHE_COMPILED_READS?.trim().toLowerCase();
  if (setting === undefined || setting === '' || setting === 'on') return true;
  if (setting === 'off') return false;
  if (setting === 'verify') return 'verify';
  throw new Error(
    `SANSHE_COMPILED_READS is "${process.env.SANSHE_COMPILED_READS}": it takes on, off or verify.`,
  );
}
