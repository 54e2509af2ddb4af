import type { DistrictDatabase, HierarchyService } from '@sanshe/core';

/**
 * What resolvers of the district schema see: exactly one district's database. The gateway
 * builds one of these per district a request touches, so a resolver can never reach into
 * another district's data by mistake.
 */
export interface DistrictContext {
  district: DistrictDatabase;
  hierarchy: HierarchyService;
}
