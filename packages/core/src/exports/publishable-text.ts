import { containsPersonalData } from '../personal-data/personal-data-scan.js';

/**
 * Free text as an export publishes it (四公开 is public data; docs/domain.md §9: never personal data
 * in public views). The services check published text as it is written, but a free-text column
 * (a project's goals, an evaluation summary, a cancellation reason) may predate that check or be
 * written by another tool; an export is the last gate, so text that looks like it holds a
 * resident ID or a mobile number is left out (null) rather than published.
 */
export function publishableText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  if (trimmed === '' || containsPersonalData(trimmed)) return null;
  return trimmed;
}
