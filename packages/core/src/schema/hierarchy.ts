import { sql } from 'drizzle-orm';
import {
  char,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  unique,
  varchar,
} from 'drizzle-orm/pg-core';
import {
  districtCodeColumn,
  idColumn,
  idReference,
  lifespanColumns,
  nameColumn,
  recordColumns,
} from './columns.js';

/**
 * The administrative hierarchy of docs/domain.md §2: district → subdistrict/town → community/village
 * → grid. A district database holds exactly one district row: the district that owns the data.
 */
export const districts = pgTable(
  'districts',
  {
    districtCode: districtCodeColumn(),
    name: nameColumn(),
    ...lifespanColumns(),
    ...recordColumns(),
  },
  (t) => [primaryKey({ columns: [t.districtCode] })],
);

/** 街道 / 镇 / 乡: 9-digit code = district code + 001–399. */
export const subdistricts = pgTable(
  'subdistricts',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    code: char('code', { length: 9 }).notNull(),
    name: nameColumn(),
    /**
     * Derived from the code's suffix: subdistrict (001–099), town (100–199), township (200–399),
     * quasi_township (400–599, 类似乡级单位 such as development zones and farms).
     */
    kind: varchar('kind', { length: 16 }).notNull(),
    ...lifespanColumns(),
    successorId: idReference('successor_id'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('subdistricts_code_unique').on(t.districtCode, t.code),
    foreignKey({
      name: 'subdistricts_district_fk',
      columns: [t.districtCode],
      foreignColumns: [districts.districtCode],
    }),
    foreignKey({
      name: 'subdistricts_successor_fk',
      columns: [t.districtCode, t.successorId],
      foreignColumns: [t.districtCode, t.id],
    }),
    index('subdistricts_name_idx').on(t.districtCode, t.name),
    check('subdistricts_code_in_district', sql`left(${t.code}, 6) = ${t.districtCode}`),
    check('subdistricts_lifespan', sql`${t.retiredOn} is null or ${t.retiredOn} >= ${t.effectiveFrom}`),
  ],
);

/** 社区(居委会) / 村(村委会): 12-digit statistical division code = subdistrict code + 001–399. */
export const communities = pgTable(
  'communities',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    subdistrictId: idReference('subdistrict_id').notNull(),
    code: char('code', { length: 12 }).notNull(),
    name: nameColumn(),
    /** Derived from the code's suffix: community (居委会, 001–199) or village (村委会, 200–399). */
    kind: varchar('kind', { length: 16 }).notNull(),
    /** 城乡分类代码: 111 main urban … 220 village (统计用城乡划分代码). */
    urbanRuralClass: char('urban_rural_class', { length: 3 }),
    residentPopulation: integer('resident_population'),
    households: integer('households'),
    areaKm2: doublePrecision('area_km2'),
    ...lifespanColumns(),
    successorId: idReference('successor_id'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('communities_code_unique').on(t.districtCode, t.code),
    foreignKey({
      name: 'communities_subdistrict_fk',
      columns: [t.districtCode, t.subdistrictId],
      foreignColumns: [subdistricts.districtCode, subdistricts.id],
    }),
    foreignKey({
      name: 'communities_successor_fk',
      columns: [t.districtCode, t.successorId],
      foreignColumns: [t.districtCode, t.id],
    }),
    // With the code, a subdistrict's communities come out in page order straight from the index,
    // instead of walking the whole district's code index for the few that match.
    index('communities_subdistrict_idx').on(t.districtCode, t.subdistrictId, t.code),
    index('communities_name_idx').on(t.districtCode, t.name),
    check('communities_code_in_district', sql`left(${t.code}, 6) = ${t.districtCode}`),
    check('communities_lifespan', sql`${t.retiredOn} is null or ${t.retiredOn} >= ${t.effectiveFrom}`),
    check(
      'communities_counts',
      sql`coalesce(${t.residentPopulation}, 0) >= 0 and coalesce(${t.households}, 0) >= 0`,
    ),
  ],
);

/** 网格: a local code, the community code followed by a suffix of 1–6 digits. */
export const grids = pgTable(
  'grids',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    communityId: idReference('community_id').notNull(),
    code: varchar('code', { length: 18 }).notNull(),
    name: nameColumn(),
    ...lifespanColumns(),
    successorId: idReference('successor_id'),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    unique('grids_code_unique').on(t.districtCode, t.code),
    foreignKey({
      name: 'grids_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    foreignKey({
      name: 'grids_successor_fk',
      columns: [t.districtCode, t.successorId],
      foreignColumns: [t.districtCode, t.id],
    }),
    index('grids_community_idx').on(t.districtCode, t.communityId, t.code),
    check('grids_code_in_district', sql`left(${t.code}, 6) = ${t.districtCode}`),
    check('grids_lifespan', sql`${t.retiredOn} is null or ${t.retiredOn} >= ${t.effectiveFrom}`),
  ],
);

export type District = typeof districts.$inferSelect;
export type Subdistrict = typeof subdistricts.$inferSelect;
export type Community = typeof communities.$inferSelect;
export type Grid = typeof grids.$inferSelect;
