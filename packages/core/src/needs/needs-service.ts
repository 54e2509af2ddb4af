import type { DistrictDatabase } from '../database/district-database.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createNeedClosingUseCases } from './need-closing.js';
import { createNeedMergingUseCases } from './need-merging.js';
import { createNeedRecordingUseCases } from './need-recording.js';
import { createNeedsContext } from './needs-context.js';
import { createNeedsReads } from './needs-reads.js';

/**
 * The needs list (需求清单) of a district's communities (docs/domain.md §6.1): record what residents
 * need, merge duplicates into the need they repeat, close needs as met or withdrawn, and read
 * them through the caller's read rule. Projects answer needs through the project service
 * (projects/), which keeps a need's `answered` status.
 *
 * Every write parses its whole input first, is authorized (`need.record` where the need's
 * community lies; a need the caller cannot see is NOT_FOUND, as a missing one), then runs in one
 * transaction that locks what its rules read, checks `expectedVersion`, writes, and appends to
 * the audit log; it either applies whole or throws a {@link SansheError} and changes nothing.
 */
export function createNeedsService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const context = createNeedsContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createNeedRecordingUseCases(context),
    ...createNeedMergingUseCases(context),
    ...createNeedClosingUseCases(context),
    ...createNeedsReads(context),
  };
}

export type NeedsService = ReturnType<typeof createNeedsService>;
