import { inspect } from 'node:util';
import { GraphQLError } from 'graphql';
import type { LogLevel, YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import { isExpectedError } from '../gateway/district-call.js';

/**
 * What a gateway logs to: on (info and up), off, from a level up (as JSON lines on standard
 * output), or a logger object of the caller's (`debug`, `info`, `warn`, `error`; one text line
 * per entry).
 */
export type GatewayLogging = boolean | LogLevel | YogaLogger;

/**
 * Characters escaped in log lines besides those JSON escapes (C0 controls, quotes, backslashes,
 * lone surrogates): DEL and the C1 controls, the line and paragraph separators, and the
 * bidirectional overrides, any of which can make a line read as something else.
 */
const alsoEscaped = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** What JSON leaves raw but a log line may not hold (see `quoteForLog`); pino's JSON is escaped too. */
export const escapedInJson = alsoEscaped;

/**
 * Every control character (C0, DEL, C1), line and paragraph separator, bidirectional override
 * and lone surrogate, which `escapeControls` writes as an escape.
 */
const controls = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;
const shortEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text made safe for one log line without quoting it: each control character (and separator,
 * override, lone surrogate) becomes `\n`, `\t`, `\r` or `\uXXXX`; everything else, backslashes
 * included, is left as it is. For messages whose caller-sent parts are already quoted.
 */
export function escapeControls(text: string): string {
  return text.replace(
    controls,
    (char) => shortEscapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A value quoted for a log line: JSON, with every control character escaped. */
export function quoteForLog(text: string): string {
  return JSON.stringify(text).replace(
    alsoEscaped,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A message without the statement parameters drizzle appends to a failed query's message
 * (`Failed query: <sql>\nparams: <values>`): the values are what the caller sent, and a log
 * has no use for them.
 */
export function withoutParameters(message: string): string {
  return message.startsWith('Failed query: ') ? message.replace(/\nparams: [\s\S]*$/, '') : message;
}

/** The same without the quotes, for the logger's own messages and stack frames. */
function escapeForLog(text: string): string {
  return quoteForLog(text).slice(1, -1);
}

/** The error a wrapped one stands for: the end of its `originalError` (or `cause`) chain. */
export function rootCause(error: Error): Error {
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
 * One error on one line: its name and message (quoted), its code and GraphQL path, and the name
 * and message of the error it stands for. Its stack frames are not part of it (`stackFrames`).
 */
export function describeError(error: Error): string {
  const parts = [`${error.name}: ${quoteForLog(withoutParameters(error.message))}`];
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    if (code !== undefined) parts.push(`code ${quoteForLog(String(code))}`);
    if (error.path) parts.push(`at ${quoteForLog(error.path.join('.'))}`);
  }
  const cause = rootCause(error);
  if (cause !== error) parts.push(`from ${cause.name}: ${quoteForLog(withoutParameters(cause.message))}`);
  return parts.join(' ');
}

/**
 * The stack frames (`at …`, raw) of the error a wrapped one stands for. The message is cut off
 * the top of the stack first (V8 writes it there), so a message holding line breaks and
 * forged `at` lines adds no frame.
 */
export function stackFrames(error: Error): string[] {
  const cause = rootCause(error);
  if (!cause.stack) return [];
  const head = `${cause.name}: ${cause.message}`;
  const stack = cause.stack.startsWith(head) ? cause.stack.slice(head.length) : '';
  return stack
    .split('\n')
    .filter((frame) => /^\s+at /.test(frame))
    .map((frame) => frame.trim());
}

function describe(value: unknown): string {
  if (typeof value === 'string') return escapeForLog(value);
  if (value instanceof Error) return describeError(value);
  return escapeForLog(inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY }));
}

/** Only expected errors among the arguments (and at least one): the caller's mistake, not ours. */
function onlyExpectedErrors(args: readonly unknown[]): boolean {
  const errors = args.filter((arg): arg is Error => arg instanceof Error);
  return errors.length > 0 && errors.every((error) => isExpectedError(error));
}

/**
 * Yoga's messages into the gateway's pino logger: nothing a caller sent reaches the message
 * unquoted (values are JSON-quoted, control characters escaped), and an expected error (bad
 * input refused with a code: a SansheError, a GraphQL validation or coercion error, a refused
 * page size) is no server error: Yoga hands every error it masks to `error`, and those are
 * debug entries without a stack. Only unexpected errors are error entries, their stack frames
 * the entry's `stack` field (one string per frame, never part of the message, so a message
 * cannot add frames).
 */
export function yogaLoggerOver(logger: Logger): YogaLogger {
  const write =
    (level: 'debug' | 'info' | 'warn') =>
    (...args: unknown[]) => {
      if (logger.isLevelEnabled(level)) logger[level](args.map((arg) => describe(arg)).join(' '));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: (...args: unknown[]) => {
      if (onlyExpectedErrors(args)) {
        if (logger.isLevelEnabled('debug'))
          logger.debug(`expected error: ${args.map((arg) => describe(arg)).join(' ')}`);
        return;
      }
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const message = args.map((arg) => describe(arg)).join(' ');
      logger.error(error ? { stack: stackFrames(error) } : {}, message);
    },
  };
}
