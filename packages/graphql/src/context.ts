import {
  type Actor,
  type CreditService,
  createCreditService,
  createHierarchyService,
  createIndicatorService,
  createOrganizationService,
  createPolicyService,
  createSocialWorkerService,
  type DistrictDatabase,
  type HierarchyService,
  type IndicatorService,
  type MessageLanguage,
  type OrganizationService,
  type PolicyService,
  type SocialWorkerService,
} from '@sanshe/core';

/**
 * What resolvers of the district schema see: exactly one district's database and the services
 * over it, acting for one caller. The gateway builds one of these per district a request
 * touches, so a resolver can never reach into another district's data by mistake.
 */
export interface DistrictContext {
  district: DistrictDatabase;
  actor: Actor;
  hierarchy: HierarchyService;
  organizations: OrganizationService;
  credit: CreditService;
  socialWorkers: SocialWorkerService;
  indicators: IndicatorService;
  policies: PolicyService;
  /** The language of the caller's error messages (see `messageLanguageOf`). Default English. */
  language?: MessageLanguage;
}

/**
 * The caller of a request until authentication exists (issue 5): writes are still audited,
 * under this name.
 */
export const unauthenticatedActor: Actor = Object.freeze({ id: 'gateway:unauthenticated', role: 'PUBLIC' });

export function createDistrictContext(
  database: DistrictDatabase,
  actor: Actor = unauthenticatedActor,
): DistrictContext {
  const options = { actor };
  return {
    district: database,
    actor,
    hierarchy: createHierarchyService(database, options),
    organizations: createOrganizationService(database, options),
    credit: createCreditService(database, options),
    socialWorkers: createSocialWorkerService(database, options),
    indicators: createIndicatorService(database),
    policies: createPolicyService(database, options),
  };
}
