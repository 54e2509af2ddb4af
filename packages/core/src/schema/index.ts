export type { Community, District, Grid, Subdistrict } from './hierarchy.js';
export { communities, districts, grids, subdistricts } from './hierarchy.js';
export type { PolicyValueRow } from './policies.js';
export { policyValues } from './policies.js';
export type { SansheRelations } from './relations.js';
export { relations } from './relations.js';
