import { SansheError } from '../errors/sanshe-error.js';
import { todayInChina } from '../services/dates.js';
import { parseDivisionCodeOfLevel } from '../validators/division-code.js';
import { isCalendarDate } from '../validators/text.js';

/**
 * Who publishes an export. OCDS names the publisher by `scheme` and `uid` (an organization
 * identifier, e.g. `CN-USCC` and the bureau's USCC) and `uri`; 360Giving by `identifier`
 * (`<scheme>-<uid>`) and `website`. Without one, the district's name as recorded is used.
 */
export interface ExportPublisher {
  name: string;
  scheme?: string;
  uid?: string;
  uri?: string;
}

/** What every export takes. */
export interface ExportOptions {
  /** When the export is published: an ISO 8601 date-time with its offset (`Z` or `+08:00`). */
  publishedAt: string;
  /**
   * The absolute http(s) URL the exports are served under: a package's own URI is
   * `<uriBase>/<standard>/<districtCode>` (the gateway serves `<origin>/exports`).
   */
  uriBase: string;
  publisher?: ExportPublisher;
  /** The canonical URL of the data's licence, when the publisher has chosen one. */
  license?: string;
}

/** The options once checked: a bad value is a typed error naming the option, before any read. */
export interface ParsedExportOptions {
  districtCode: string;
  /** `publishedAt` as UTC ISO 8601 (`…Z`). */
  publishedAt: string;
  /** The day of `publishedAt` in China Standard Time: what "now" means for a service's status. */
  publishedOn: string;
  uriBase: string;
  publisher: ExportPublisher | undefined;
  license: string | undefined;
}

const dateTimeWithOffset =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** An absolute http(s) URL as given (normalized by the URL parser); `asBase` drops a trailing `/`. */
function absoluteHttpUrl(value: unknown, path: string[], label: string, asBase = false): string {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash) {
        return asBase ? url.href.replace(/\/+$/, '') : url.href;
      }
    } catch {
      // Reported below, the same as any other bad value.
    }
  }
  throw new SansheError(
    'VALIDATION_FAILED',
    `${label} must be an absolute http(s) URL without query or fragment.`,
    {
      path,
    },
  );
}

function nonEmpty(value: unknown, path: string[], label: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 500) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `${label} must be a non-empty string of at most 500 characters.`,
      {
        path,
      },
    );
  }
  return value.trim();
}

/** Check the district code and the options of an export. */
export function parseExportOptions(districtCode: unknown, options: ExportOptions): ParsedExportOptions {
  const parsedCode = parseDivisionCodeOfLevel(districtCode, 'district', { path: ['districtCode'] });
  if (!parsedCode.success) throw SansheError.fromIssue(parsedCode.error);

  const published = options.publishedAt;
  // Date.parse rolls 02-30 over into March: the calendar day and the hour are checked first.
  const parts = typeof published === 'string' ? dateTimeWithOffset.exec(published) : null;
  const time =
    parts && isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3])) && Number(parts[4]) < 24
      ? Date.parse(published)
      : Number.NaN;
  if (Number.isNaN(time)) {
    throw new SansheError(
      'INVALID_DATE',
      'publishedAt must be an ISO 8601 date-time with its offset, e.g. 2026-12-01T09:00:00+08:00.',
      { path: ['options', 'publishedAt'] },
    );
  }
  const publisher =
    options.publisher === undefined
      ? undefined
      : {
          name: nonEmpty(options.publisher.name, ['options', 'publisher', 'name'], 'The publisher name'),
          ...(options.publisher.scheme === undefined
            ? {}
            : {
                scheme: nonEmpty(options.publisher.scheme, ['options', 'publisher', 'scheme'], 'The scheme'),
              }),
          ...(options.publisher.uid === undefined
            ? {}
            : { uid: nonEmpty(options.publisher.uid, ['options', 'publisher', 'uid'], 'The publisher uid') }),
          ...(options.publisher.uri === undefined
            ? {}
            : {
                uri: absoluteHttpUrl(
                  options.publisher.uri,
                  ['options', 'publisher', 'uri'],
                  'The publisher uri',
                ),
              }),
        };
  return {
    districtCode: parsedCode.data.code,
    publishedAt: new Date(time).toISOString(),
    publishedOn: todayInChina(new Date(time)),
    uriBase: absoluteHttpUrl(options.uriBase, ['options', 'uriBase'], 'uriBase', true),
    publisher,
    license:
      options.license === undefined
        ? undefined
        : absoluteHttpUrl(options.license, ['options', 'license'], 'The licence URL'),
  };
}
