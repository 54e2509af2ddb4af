// Every table of a district database, in one list for drizzle-kit and the relations.
export { communities, districts, grids, subdistricts } from './hierarchy.js';
export { policyValues } from './policies.js';
