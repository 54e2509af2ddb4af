export type { UnitColumns, UnitFilter } from './filters.js';
export { likePattern, unitCondition, unitWhere } from './filters.js';
export type {
  CreateCommunityInput,
  CreateDistrictInput,
  CreateGridInput,
  CreateSubdistrictInput,
  HierarchyService,
  HierarchyServiceOptions,
  HierarchyUnit,
  RenameUnitInput,
  RetireUnitInput,
} from './hierarchy-service.js';
export { createHierarchyService, urbanRuralClasses } from './hierarchy-service.js';
export type { UnitLevel } from './levels.js';
export { unitLevels, unitTables } from './levels.js';
export type { Lifespan } from './lifespan.js';
export { isActiveOn } from './lifespan.js';
