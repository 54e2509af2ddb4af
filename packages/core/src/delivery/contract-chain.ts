import type { SansheDb } from '../database/district-database.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import type { Purchase, ServiceContract } from '../schema/purchases.js';
import { purchases, serviceContracts } from '../schema/purchases.js';
import { type ServiceProject, serviceProjects } from '../schema/service-projects.js';
import type { RowLock, ServiceKit } from '../services/service-kit.js';

/** A contract with the purchase it came from and the project bought. */
export interface ContractChain {
  contract: ServiceContract;
  purchase: Purchase;
  project: ServiceProject;
}

/**
 * A contract, its purchase and its project, read in `executor`. With a lock, the contract and
 * the purchase are locked FOR SHARE: a write that reads the purchase's stage or the contract's
 * term (delivery, evaluation) holds them while it writes, so a stage change or a termination
 * waits for it and never slips between the check and the insert.
 *
 * @throws {SansheError} NOT_FOUND at `path` when there is no such contract
 */
export async function loadContractChain(
  kit: ServiceKit,
  executor: SansheDb,
  contractId: number,
  path: FieldPath,
  lock: RowLock = false,
): Promise<ContractChain> {
  const contract = await kit.requireRecord(
    executor,
    serviceContracts,
    contractId,
    'service contract',
    path,
    lock,
  );
  const purchase = await kit.requireRecord(executor, purchases, contract.purchaseId, 'purchase', path, lock);
  const project = await kit.requireRecord(
    executor,
    serviceProjects,
    purchase.projectId,
    'service project',
    path,
  );
  return { contract, purchase, project };
}
