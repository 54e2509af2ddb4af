import type { YogaLogger } from 'graphql-yoga';
import { type DestinationStream, type Logger, pino } from 'pino';
import { escapeControls, escapedInJson, type GatewayLogging, quoteForLog } from './safe-logger.js';

/** The levels a gateway logs at, from the most to the least verbose; `silent` logs nothing. */
export const gatewayLogLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type GatewayLogLevel = (typeof gatewayLogLevels)[number];

/**
 * How a log line is written: `json`, one JSON object per line for a log collector; `text`, one
 * readable line per entry for a person at a terminal (`pretty` is the same).
 */
export const gatewayLogFormats = ['json', 'text', 'pretty'] as const;
export type GatewayLogFormat = (typeof gatewayLogFormats)[number];

/** Where log lines go: anything with `write(line)` (a stream, a file, a test's array). */
export interface LogDestination {
  write(line: string): unknown;
}

export interface GatewayLoggerOptions {
  /** Default `info`. */
  level?: GatewayLogLevel;
  /** Default `json`. */
  format?: GatewayLogFormat;
  /** Default the process's standard output. */
  destination?: LogDestination;
}

/**
 * The gateway's structured logger (pino): one entry per request, the cause of every
 * DISTRICT_UNAVAILABLE, and Yoga's own messages. Whatever the format, no line carries a raw
 * control character, line or paragraph separator or bidirectional override, so nothing a caller
 * sent can forge or disguise a line: JSON escapes what JSON escapes and the rest is escaped as
 * `\uXXXX` too; text quotes every value that is not a plain word.
 */
export function createGatewayLogger(options: GatewayLoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stdout;
  const format = options.format ?? 'json';
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    format === 'json' ? jsonLines(destination) : textLines(destination),
  );
}

/**
 * The logger of a gateway given `logger` (used as it is) or the older `logging`: off (`false`:
 * silent), on (`true`: info and up), a level, or a Yoga-style logger object. Default: warnings
 * and errors, as JSON lines on standard output (request lines, at info, are not written then).
 */
export function gatewayLoggerFor(options: {
  logger?: Logger | undefined;
  logging?: GatewayLogging | undefined;
}): Logger {
  if (options.logger) return options.logger;
  const logging = options.logging ?? 'warn';
  if (logging === false) return pino({ level: 'silent' });
  if (logging === true) return createGatewayLogger({ level: 'info' });
  if (typeof logging === 'string') return createGatewayLogger({ level: logging });
  return loggerWritingTo(logging);
}

function jsonLines(destination: LogDestination): DestinationStream {
  return { write: (line) => destination.write(line.replace(escapedInJson, unicodeEscape)) };
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function textLines(destination: LogDestination): DestinationStream {
  return {
    write: (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const level = String(entry.level ?? '').toUpperCase();
      destination.write(`${String(entry.time ?? '')} ${level.padEnd(5)} ${renderEntry(entry)}\n`);
    },
  };
}

/**
 * The gateway's logger, writing into a Yoga-style logger object (`debug`, `info`, `warn`,
 * `error`): each entry is one text line (as the `text` format writes it, without the time and
 * level, which that logger adds) given to the method of its level.
 */
export function loggerWritingTo(target: YogaLogger): Logger {
  return pino(
    { level: 'debug', formatters: { level: (label) => ({ level: label }) } },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        const method = yogaMethodOf(String(entry.level));
        target[method](renderEntry(entry));
      },
    },
  );
}

function yogaMethodOf(level: string): keyof YogaLogger {
  if (level === 'trace' || level === 'debug') return 'debug';
  if (level === 'info' || level === 'warn') return level;
  return 'error';
}

/** Fields every pino entry has, left out of the text form (or written in their own place). */
const placedFields = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'stack']);

/**
 * `message key=value …` and, when the entry holds a stack, its frames on the lines below, each
 * indented. A value that is not a plain word is quoted as JSON with controls escaped; the
 * message is written as it is with its control characters escaped (what a caller sent is
 * already quoted in it).
 */
function renderEntry(entry: Record<string, unknown>): string {
  const parts = [escapeControls(String(entry.msg ?? ''))];
  for (const [key, value] of Object.entries(entry)) {
    if (!placedFields.has(key)) renderField(parts, key, value);
  }
  let text = parts.join(' ');
  if (Array.isArray(entry.stack)) {
    for (const frame of entry.stack) text += `\n    ${escapeControls(String(frame))}`;
  }
  return text;
}

const plainWord = /^[\w.:/@+-]+$/;

function renderField(parts: string[], key: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    const items = value.map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item)));
    const joined = items.join(',');
    parts.push(`${key}=${items.every((item) => plainWord.test(item)) ? joined : quoteForLog(joined)}`);
    return;
  }
  if (typeof value === 'object') {
    for (const [inner, innerValue] of Object.entries(value))
      renderField(parts, `${key}.${inner}`, innerValue);
    return;
  }
  const text = String(value);
  parts.push(`${key}=${plainWord.test(text) ? text : quoteForLog(text)}`);
}
