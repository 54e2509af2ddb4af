export type { Community, District, Grid, Subdistrict } from './hierarchy.js';
export { communities, districts, grids, subdistricts } from './hierarchy.js';
export type { SansheRelations } from './relations.js';
export { relations } from './relations.js';
