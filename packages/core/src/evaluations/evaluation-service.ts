import type { DistrictDatabase } from '../database/district-database.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createEvaluationContext } from './evaluation-context.js';
import { createEvaluationReads } from './evaluation-reads.js';
import { createSatisfactionUseCases } from './satisfaction.js';
import { createThirdPartyEvaluationUseCases } from './third-party-evaluations.js';

/**
 * Evaluation of the service chain, for one district (docs/domain.md §6.7): residents' satisfaction
 * with a project (one answer per resident, kept only as a keyed hash of the resident ID number) and
 * third-party evaluations of a contract's delivery (mid-term during it, final after it, never by
 * the undertaker nor a competitor). A final evaluation also becomes the undertaker's
 * `purchased_service` credit record (§6.3).
 *
 * Every write validates its input first, then runs in one transaction that checks what the
 * caller may see and do, locks what its rules read, appends to the audit log, and either applies
 * whole or throws a {@link SansheError} and changes nothing.
 */
export function createEvaluationService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const context = createEvaluationContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createSatisfactionUseCases(context),
    ...createThirdPartyEvaluationUseCases(context),
    ...createEvaluationReads(context),
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
