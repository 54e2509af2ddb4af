import { redactedUrl } from './database-errors.js';

/** Where one district's database is: a PostgreSQL URL, or the PGlite directory of that district. */
export type DatabaseLocation = { url: string } | { dataDir: string };

/** How a location reads in messages (a URL's password left out). */
export function describeLocation(location: DatabaseLocation): string {
  return 'url' in location
    ? `PostgreSQL database ${redactedUrl(location.url)}`
    : `PGlite database ${location.dataDir}`;
}
