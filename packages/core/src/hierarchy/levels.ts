import { communities, grids, subdistricts } from '../schema/hierarchy.js';

/** The levels below a district that services create, rename and retire. */
export const unitLevels = ['subdistrict', 'community', 'grid'] as const;
export type UnitLevel = (typeof unitLevels)[number];

export const unitTables = {
  subdistrict: subdistricts,
  community: communities,
  grid: grids,
} as const;

export type UnitTable = (typeof unitTables)[UnitLevel];
