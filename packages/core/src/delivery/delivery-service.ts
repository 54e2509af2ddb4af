import type { DistrictDatabase } from '../database/district-database.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createActivityUseCases } from './activities.js';
import { createConfirmationUseCases } from './confirmation.js';
import { createDeliveryContext } from './delivery-context.js';
import { createDeliveryReads } from './delivery-reads.js';

/**
 * Delivery of the service chain, for one district (docs/domain.md §6.6): the undertaking
 * organization records the activities it delivers under its contract, with the time its social
 * workers, other staff and volunteers gave; the community where each took place confirms or
 * disputes it. Residents who took part are counted, never named.
 *
 * Every write validates its input first, then runs in one transaction that checks what the
 * caller may see and do, locks what its rules read, appends to the audit log, and either applies
 * whole or throws a {@link SansheError} and changes nothing.
 */
export function createDeliveryService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const context = createDeliveryContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createActivityUseCases(context),
    ...createConfirmationUseCases(context),
    ...createDeliveryReads(context),
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
