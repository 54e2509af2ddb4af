import { fail, ok, type ParseOptions, type ParseResult } from '../errors/result.js';
import { findPersonalData } from '../personal-data/personal-data-scan.js';
import { parseName } from './text.js';

/**
 * The one check of text that PUBLIC can read (docs/domain.md §9: no personal data in public views):
 * names of units and organizations, disclosures, the public credit report. Anything that looks
 * like a resident ID or a mobile number is refused, valid or not (a mistyped ID is still
 * somebody's). The error says what was found, masked, and where; never the number itself.
 */
export function checkPublishedText(text: string, options?: ParseOptions): ParseResult<string> {
  const findings = findPersonalData(text);
  if (findings.length === 0) return ok(text);
  const described = findings
    .map(
      (f) =>
        `${f.kind === 'resident_id' ? 'a resident ID' : 'a mobile number'} (${f.masked}) at character ${f.start + 1}`,
    )
    .join('; ');
  return fail(
    'PERSONAL_DATA_IN_PUBLIC_TEXT',
    `Published text must hold no personal data; found ${described}.`,
    options?.path ?? [],
    // Positions and kinds only: the error travels to clients and logs, the numbers must not.
    { findings: findings.map(({ kind, start, end }) => ({ kind, start, end })) },
  );
}

/** A name (see {@link parseName}) that is published: a unit's or an organization's. */
export function parsePublicName(value: unknown, options?: ParseOptions): ParseResult<string> {
  const parsed = parseName(value, options);
  return parsed.success ? checkPublishedText(parsed.data, options) : parsed;
}
