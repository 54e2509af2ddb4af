import type { DistrictDatabase } from '../database/district-database.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createAllocationUseCases } from './allocations.js';
import { createFundsContext } from './funds-context.js';
import { createFundsReads } from './funds-reads.js';
import { createReversalUseCases } from './reversals.js';
import { createSourceUseCases } from './sources.js';

/**
 * Funds of the service chain, for one district (docs/domain.md §6.4–§6.5): funding sources and
 * their receipts, earmarks for projects, tranche payments to undertakers, and reversals, all as
 * balanced entries of the district's double-entry ledger in integer fen.
 *
 * Every write takes an idempotency key (the same key and body answer the first result and write
 * nothing; another body is IDEMPOTENCY_KEY_REUSED), validates its input first, then runs in one
 * transaction that locks what its rules read (a source, a project or a contract, then the
 * accounts in id order), appends to the audit log, and either applies whole or throws a
 * {@link SansheError} and changes nothing. The database holds the same ledger rules whoever
 * connects (migration `needs_projects_funds_invariants`): these checks say them first, with the
 * figures.
 */
export function createFundsService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const context = createFundsContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createSourceUseCases(context),
    ...createAllocationUseCases(context),
    ...createReversalUseCases(context),
    ...createFundsReads(context),
  };
}

export type FundsService = ReturnType<typeof createFundsService>;
