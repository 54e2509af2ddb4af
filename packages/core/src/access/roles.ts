/**
 * The roles of docs/architecture.md §4. PUBLIC is the caller without a token; every other role comes
 * from a verified token's `role` claim.
 */
export const roles = [
  'PUBLIC',
  'CITY_ADMIN',
  'DISTRICT_ADMIN',
  'SUBDISTRICT_STAFF',
  'COMMUNITY_STAFF',
  'GRID_WORKER',
  'DEPARTMENT_STAFF',
  'ORG_STAFF',
  'SOCIAL_WORKER',
  'VOLUNTEER',
  'RESIDENT',
  'EVALUATOR',
  'SERVICE',
] as const;

export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
