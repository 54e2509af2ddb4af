import type { Actor } from '../access/actor.js';
import { auditReaderRoles } from '../access/permissions.js';
import { seesWholeDistrict } from '../access/visibility.js';
import type { DistrictDatabase } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { PersonalDataAccessRow } from '../schema/personal-data-access.js';
import { createServiceKit } from '../services/service-kit.js';
import { type PersonalDataAccessQuery, selectPersonalDataAccess } from './access-log.js';
import { developmentKeyring } from './keyring.js';

/**
 * The personal-data access log of one district, for those who oversee it: city and district
 * administrators of the district (and the embedding program). Unmasking itself lives with each
 * entity's service (`socialWorkers.revealIdentifiers`), which knows who may see the record.
 */
export function createPersonalDataService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: { actor?: Actor } = {},
) {
  const { db, districtCode, actor } = createServiceKit(database, options);

  function mayReadLog(): boolean {
    if (actor.role === undefined || actor.role === 'SYSTEM') return true;
    return auditReaderRoles.includes(actor.role) && seesWholeDistrict(actor, districtCode);
  }

  return {
    districtCode,

    /**
     * Who unmasked what, newest first.
     *
     * @throws {SansheError} FORBIDDEN for anyone but an administrator of the district.
     */
    async accessLog(query: PersonalDataAccessQuery = {}): Promise<PersonalDataAccessRow[]> {
      if (!mayReadLog()) {
        throw new SansheError(
          'FORBIDDEN',
          `The personal-data access log of ${districtCode} is read by its administrators.`,
        );
      }
      return selectPersonalDataAccess(db, districtCode, query);
    },

    /** Whether this district runs on the published development keyring (never in production). */
    usesDevelopmentKeyring(): boolean {
      return (database.personalData ?? developmentKeyring).development;
    },
  };
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>;
