import type { DistrictDatabase } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createDisclosureUseCases } from './disclosures.js';
import { createHubMembershipUseCases } from './hub-memberships.js';
import { createOrganizationContext } from './organization-context.js';
import { createOrganizationReads } from './organization-reads.js';
import { createRegistrationUseCases } from './registration.js';

export type {
  AddHubMemberInput,
  ChangeOrganizationInput,
  DeregisterOrganizationInput,
  EndHubMembershipInput,
  FileCommunityGroupInput,
  PublishDisclosureInput,
  RegisterOrganizationInput,
  WithdrawDisclosureInput,
} from './organization-inputs.js';

/**
 * Register, file, change and deregister social organizations, link hubs to their members and
 * publish disclosures, for one district (docs/domain.md §3). Every write validates its input first,
 * runs in one transaction with the rows it relies on locked (or, for a change of an
 * organization's row alone, in one statement that applies only if the row has not moved since
 * it was read), records its status change and audit entry in that transaction, and either
 * applies whole or throws a {@link SansheError} and changes nothing.
 */
export function createOrganizationService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const context = createOrganizationContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createRegistrationUseCases(context),
    ...createHubMembershipUseCases(context),
    ...createDisclosureUseCases(context),
    ...createOrganizationReads(context),
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
