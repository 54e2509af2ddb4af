import { type ErrorCode, errorMessage, type MessageLanguage } from '@sanshe/core';

/**
 * How Open311 GeoReport v2 answers are written (server/open311-route.ts): JSON or XML chosen by
 * the resource's extension (`services.json`, `requests.xml`), both mapped from one value by the
 * Spark convention the specification names: a JSON list is an XML element holding one child per
 * item, named by the list (`services` → `service`, `service_requests` → `request`), an object is an
 * element per key, `null` an empty element.
 */
export type Open311Format = 'json' | 'xml';

export const open311Formats: readonly Open311Format[] = ['json', 'xml'];

/** A value of an Open311 document. */
export type Open311Value = string | number | boolean | null | Open311Record | readonly Open311Record[];
export interface Open311Record {
  readonly [field: string]: Open311Value;
}

/** The element of each item of a list, by the list's name (the specification's XML examples). */
const itemElementOf: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
};

/**
 * A failure answered in Open311's error format (`[{ code, description }]`) with the HTTP status
 * the specification names: 404 for a resource or jurisdiction that does not exist, 403 for a wrong
 * api_key, 400 for anything else the request gets wrong. `code` is one of sanshe's error codes (the
 * one table in core), more specific than the status, as the specification allows; the description
 * names the Open311 parameter at fault.
 */
export class Open311Error extends Error {
  override readonly name = 'Open311Error';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Headers the answer needs besides the body (`Allow` of a 405, `WWW-Authenticate` of a 401). */
    readonly headers: Readonly<Record<string, string>> = status === 401
      ? { 'www-authenticate': 'Bearer' }
      : {},
  ) {
    super(message);
  }
}

const contentTypes: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/**
 * Every Open311 answer: public (no cookies, bearer keys only, so any web page may read it), never
 * cached (a keyed caller's answer holds what only it may read), and not to be sniffed as HTML.
 */
export const open311Headers = {
  'access-control-allow-origin': '*',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

// XML 1.0 forbids these characters even escaped (control characters, lone surrogates, U+FFFE/F).
const notXmlCharacter = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function escapeXmlText(text: string): string {
  return text.replace(notXmlCharacter, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlElement(name: string, value: Open311Value, indent: string): string {
  if (value === null) return `${indent}<${name}/>\n`;
  if (typeof value !== 'object') return `${indent}<${name}>${escapeXmlText(String(value))}</${name}>\n`;
  const inner = `${indent}  `;
  let children = '';
  if (Array.isArray(value)) {
    const item = itemElementOf[name];
    if (!item) throw new Error(`Open311 XML: no item element is known for the list "${name}"`);
    for (const entry of value as readonly Open311Record[]) children += xmlElement(item, entry, inner);
  } else {
    for (const [field, child] of Object.entries(value as Open311Record)) {
      children += xmlElement(field, child, inner);
    }
  }
  return children === '' ? `${indent}<${name}/>\n` : `${indent}<${name}>\n${children}${indent}</${name}>\n`;
}

/** The XML document of a value under its root element, with the declaration the specification asks for. */
export function toOpen311Xml(root: string, value: Open311Value): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement(root, value, '')}`;
}

/** An Open311 answer in the format asked for: `root` names the XML root (`services`, `service_requests` …). */
export function open311Response(
  fetchAPI: { Response: typeof Response },
  format: Open311Format,
  root: string,
  value: Open311Value,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  const body = format === 'xml' ? toOpen311Xml(root, value) : JSON.stringify(value);
  return new fetchAPI.Response(body, {
    status,
    headers: { 'content-type': contentTypes[format], ...open311Headers, ...headers },
  });
}

/**
 * An error in Open311's format: the code, and a description a person can read, in the caller's
 * language (Chinese: the code's Chinese meaning, then the specific English text, which names the
 * parameter).
 */
export function open311ErrorResponse(
  fetchAPI: { Response: typeof Response },
  format: Open311Format,
  error: Open311Error,
  language: MessageLanguage,
): Response {
  const description =
    language === 'zh' ? `${errorMessage(error.code, 'zh')}：${error.message}` : error.message;
  return open311Response(fetchAPI, format, 'errors', [{ code: error.code, description }], error.status, {
    ...error.headers,
  });
}

/**
 * An instant as the specification's w3 date-time, in China Standard Time with its offset
 * (`2026-03-02T10:00:00+08:00`): the district's own clock, and the offset the format requires.
 * Takes what the database returns for a timestamptz (`2026-03-02 02:00:00+00`) or an ISO instant.
 */
export function w3DateTime(instant: string): string {
  const time = new Date(instant).getTime();
  if (Number.isNaN(time)) throw new Error(`not an instant: ${instant}`);
  return `${new Date(time + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** The end of a day in China Standard Time (a closing day is "by the end of that day"). */
export function endOfChinaDay(day: string): string {
  return `${day}T23:59:59+08:00`;
}

/** A day in words, as a notice writes it: `2026年3月11日`. */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${year}年${Number(month)}月${Number(date)}日`;
}

const w3Pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * A date-time parameter (`start_date`, `end_date`): the w3 format with its time zone, as the
 * specification requires ("Must use w3 format, eg 2010-01-01T00:00:00Z"); the instant in ms.
 *
 * @throws {Open311Error} 400 INVALID_DATE
 */
export function parseW3DateTime(value: string, parameter: string): number {
  const time = w3Pattern.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new Open311Error(
      400,
      'INVALID_DATE',
      `${parameter}: "${value.slice(0, 40)}" is not a w3 date-time with its time zone (2010-01-01T00:00:00Z or 2010-01-01T08:00:00+08:00).`,
    );
  }
  return time;
}
