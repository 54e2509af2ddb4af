import { defineRelations } from 'drizzle-orm';
import * as tables from './tables.js';

/** Relations (drizzle relational queries v2); every join goes through the composite keys. */
export const relations = defineRelations(tables, (r) => ({
  districts: {
    subdistricts: r.many.subdistricts(),
  },
  subdistricts: {
    district: r.one.districts({
      from: r.subdistricts.districtCode,
      to: r.districts.districtCode,
      optional: false,
    }),
    communities: r.many.communities(),
    successor: r.one.subdistricts({
      from: [r.subdistricts.districtCode, r.subdistricts.successorId],
      to: [r.subdistricts.districtCode, r.subdistricts.id],
      alias: 'subdistrict_successor',
    }),
  },
  communities: {
    subdistrict: r.one.subdistricts({
      from: [r.communities.districtCode, r.communities.subdistrictId],
      to: [r.subdistricts.districtCode, r.subdistricts.id],
      optional: false,
    }),
    grids: r.many.grids(),
    successor: r.one.communities({
      from: [r.communities.districtCode, r.communities.successorId],
      to: [r.communities.districtCode, r.communities.id],
      alias: 'community_successor',
    }),
  },
  grids: {
    community: r.one.communities({
      from: [r.grids.districtCode, r.grids.communityId],
      to: [r.communities.districtCode, r.communities.id],
      optional: false,
    }),
    successor: r.one.grids({
      from: [r.grids.districtCode, r.grids.successorId],
      to: [r.grids.districtCode, r.grids.id],
      alias: 'grid_successor',
    }),
  },
}));

export type SansheRelations = typeof relations;
