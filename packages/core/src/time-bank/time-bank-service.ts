import type { DistrictDatabase } from '../database/district-database.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createCatalogueUseCases } from './catalogue.js';
import { createExchangeUseCases } from './exchanges.js';
import { createReversalUseCases } from './reversals.js';
import { createTimeBankContext } from './time-bank-context.js';
import { createTimeBankReads } from './time-bank-reads.js';
import { createTransferUseCases } from './transfers.js';

/**
 * The time bank and participation points (积分制, 时间银行; docs/domain.md §5.5) of one district, on
 * the district's one double-entry ledger (docs/domain.md §6.5) in integer minutes and points:
 * earnings of certified service (service-earnings.ts, called by the volunteers area), the exchange
 * catalogue, exchanges, transfers, reversals, and reads of accounts, statements and totals.
 *
 * Every write takes an idempotency key (the same key and body answer the first result and write
 * nothing; another body is IDEMPOTENCY_KEY_REUSED), validates its input first, then runs in one
 * transaction that locks what its rules read (an item, then the accounts in id order), appends to
 * the audit log, and either applies whole or throws a {@link SansheError} and changes nothing.
 */
export function createTimeBankService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const context = createTimeBankContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createCatalogueUseCases(context),
    ...createExchangeUseCases(context),
    ...createTransferUseCases(context),
    ...createReversalUseCases(context),
    ...createTimeBankReads(context),
  };
}

export type TimeBankService = ReturnType<typeof createTimeBankService>;
