import type { DistrictDatabase } from '../database/district-database.js';
import type { SansheError } from '../errors/sanshe-error.js';
import { createEngagementUseCases } from './engagements.js';
import { createRecordItemUseCases } from './record-items.js';
import { createRegistryUseCases } from './registry.js';
import { createServiceRecordUseCases } from './service-records.js';
import { createTeamUseCases } from './teams.js';
import { createVolunteerContext, type VolunteerServiceOptions } from './volunteer-context.js';
import { createVolunteerReads } from './volunteer-reads.js';

export type { VolunteerServiceOptions } from './volunteer-context.js';

/**
 * Volunteers of one district (docs/domain.md §5.1, §5.2; 志愿服务条例; 志愿服务记录与证明出具办法,
 * 民政部令第67号): the registry, teams and engagements, and service records with their
 * corrections, training, commendations and evaluations. Service is unpaid: a record holds time,
 * never money; the time bank (time-bank/) banks it in the same transaction.
 *
 * Every write validates its input first, then runs in one transaction that checks what the
 * caller may see and do, locks what its rules read, appends to the audit log, and either applies
 * whole or throws a {@link SansheError} and changes nothing. Reads answer only what the caller
 * may see (access/volunteer-visibility.ts).
 */
export function createVolunteerService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: VolunteerServiceOptions = {},
) {
  const context = createVolunteerContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createRegistryUseCases(context),
    ...createTeamUseCases(context),
    ...createEngagementUseCases(context),
    ...createServiceRecordUseCases(context),
    ...createRecordItemUseCases(context),
    ...createVolunteerReads(context),
  };
}

export type VolunteersService = ReturnType<typeof createVolunteerService>;
