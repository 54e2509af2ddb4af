import type { DistrictDatabase } from '../database/district-database.js';
import type { SansheError } from '../errors/sanshe-error.js';
import { createSummonsContext } from './summons-context.js';
import { createSummonsIssuing } from './summons-issuing.js';
import { createSummonsReads } from './summons-reads.js';
import { createSummonsReporting } from './summons-reporting.js';
import type { SummonsServiceOptions } from './summons-types.js';

export type { SummonsServiceOptions } from './summons-types.js';

/**
 * 吹哨报到 of one district (docs/domain.md §7.8): a community summons the departments it needs
 * for what it cannot solve alone (a difficult problem, joint enforcement, an emergency), each
 * summoned department reports in by a deadline from policy `grid.summons_report` (or one the
 * community names, on a working day), and the community closes the summons, solved or not. Every
 * summons is kept and assessed: reported in on time, solved (indicators, assessment.ts).
 *
 * Every write validates its input first, then runs in one transaction that checks what the
 * caller may see and do, locks what its rules read, appends to the audit log, and either applies
 * whole or throws a {@link SansheError} and changes nothing. Reads answer only what the caller
 * may see (access/summons-visibility.ts).
 */
export function createSummonsService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: SummonsServiceOptions = {},
) {
  const context = createSummonsContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createSummonsIssuing(context),
    ...createSummonsReporting(context),
    ...createSummonsReads(context),
  };
}

export type SummonsService = ReturnType<typeof createSummonsService>;
