import { inspect } from 'node:util';
import { GraphQLError } from 'graphql';
import { createLogger, type LogLevel, type YogaLogger } from 'graphql-yoga';
import { isExpectedError } from '../gateway/district-call.js';

/** What a gateway logs to: on (Yoga's default level), off, from a level up, or a logger of the caller's. */
export type GatewayLogging = boolean | LogLevel | YogaLogger;

/**
 * Characters escaped in log lines besides those JSON escapes (C0 controls, quotes, backslashes,
 * lone surrogates): DEL and the C1 controls, the line and paragraph separators, and the
 * bidirectional overrides, any of which can make a line read as something else.
 */
const alsoEscaped = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A value quoted for a log line: JSON, with every control character escaped. */
export function quoteForLog(text: string): string {
  return JSON.stringify(text).replace(
    alsoEscaped,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The same without the quotes, for the logger's own messages and stack frames. */
function escapeForLog(text: string): string {
  return quoteForLog(text).slice(1, -1);
}

/** The error a wrapped one stands for: the end of its `originalError` (or `cause`) chain. */
function rootCause(error: Error): Error {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    const next =
      current instanceof GraphQLError ? current.originalError : (current as { cause?: unknown }).cause;
    if (!(next instanceof Error)) break;
    current = next;
  }
  return current;
}

/**
 * One error on one line: its name and message (quoted), its code and GraphQL path; with the
 * stack, the stack frames of the error it stands for follow, each on its own line and escaped.
 * The message is left out of the stack (V8 writes it at the top), so a message holding line
 * breaks cannot add lines of its own.
 */
export function describeError(error: Error, options: { stack: boolean }): string {
  const parts = [`${error.name}: ${quoteForLog(error.message)}`];
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    if (code !== undefined) parts.push(`code ${quoteForLog(String(code))}`);
    if (error.path) parts.push(`at ${quoteForLog(error.path.join('.'))}`);
  }
  const cause = rootCause(error);
  if (cause !== error) parts.push(`from ${cause.name}: ${quoteForLog(cause.message)}`);
  let line = parts.join(' ');
  if (options.stack && cause.stack) {
    const head = `${cause.name}: ${cause.message}`;
    const stack = cause.stack.startsWith(head) ? cause.stack.slice(head.length) : '';
    const frames = stack
      .split('\n')
      .filter((frame) => /^\s+at /.test(frame))
      .map((frame) => `    ${escapeForLog(frame.trim())}`);
    if (frames.length) line += `\n${frames.join('\n')}`;
  }
  return line;
}

function describe(value: unknown, stack: boolean): string {
  if (typeof value === 'string') return escapeForLog(value);
  if (value instanceof Error) return describeError(value, { stack });
  return escapeForLog(inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY }));
}

function baseLogger(logging: GatewayLogging): YogaLogger {
  if (typeof logging === 'object') return logging;
  if (logging === false) return createLogger('silent');
  return logging === true ? createLogger() : createLogger(logging);
}

/**
 * The logger of a gateway, around Yoga's (or the one given): nothing a caller sent reaches a log
 * line unescaped (values are JSON-quoted, control characters escaped, each error on its own
 * line), and an expected error (bad input refused with a code: a SansheError, a GraphQL
 * validation or coercion error, a refused page size) is no server error: Yoga hands every error
 * it masks to `error`, and those are written at debug level without a stack. Only unexpected
 * errors are logged as errors, with their stack.
 */
export function createSafeLogger(logging: GatewayLogging): YogaLogger {
  const base = baseLogger(logging);
  const write =
    (level: 'debug' | 'info' | 'warn') =>
    (...args: unknown[]) =>
      base[level](args.map((arg) => describe(arg, false)).join(' '));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: (...args: unknown[]) => {
      const errors = args.filter((arg): arg is Error => arg instanceof Error);
      if (errors.length > 0 && errors.every((error) => isExpectedError(error))) {
        base.debug(`expected error: ${args.map((arg) => describe(arg, false)).join(' ')}`);
        return;
      }
      base.error(args.map((arg) => describe(arg, true)).join(' '));
    },
  };
}
