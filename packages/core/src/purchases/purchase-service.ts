import type { DistrictDatabase } from '../database/district-database.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createBiddingUseCases } from './bidding.js';
import { createContractUseCases } from './contracts.js';
import { createDeliveryStageUseCases } from './delivery-stages.js';
import { createPurchaseContext } from './purchase-context.js';
import { createPurchaseReads } from './purchase-reads.js';
import { createTenderingUseCases } from './tendering.js';

/**
 * Government purchase of services, for one district (政府购买服务, docs/domain.md §6.3): a
 * purchase planned for an approved project, its tender, the bids and their assessment against
 * who may undertake, the award, the contract and its tranches, the stages of delivery, and the
 * cancellation before a contract or the termination of one.
 *
 * Every write validates its input first, checks the caller's permission where the project lies
 * and for the purchaser (`purchase.run`; bids `purchase.bid` for the bidding organization), then
 * runs in one transaction that locks the purchase, checks `expectedVersion`, asks the stage
 * machine (purchase-stages.ts: STAGE_OUT_OF_ORDER) and the rules, writes, and appends to the
 * audit log; it either applies whole or throws a {@link SansheError} and changes nothing. The
 * database holds the stage order, the days in order, the contract term and the single award
 * whoever connects (migration `needs_projects_funds_invariants`): the service says them first,
 * with the figures.
 */
export function createPurchaseService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const context = createPurchaseContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createTenderingUseCases(context),
    ...createBiddingUseCases(context),
    ...createContractUseCases(context),
    ...createDeliveryStageUseCases(context),
    ...createPurchaseReads(context),
  };
}

export type PurchaseService = ReturnType<typeof createPurchaseService>;
