import { communities, grids, subdistricts } from '@sanshe/core';
import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { rootListExtensions } from '../root-list.js';
import { countUnits, filterTargetsDistrict, type UnitFilterArgs, unitListQuery } from './unit-fields.js';
import {
  CommunityFilterInput,
  SubdistrictFilterInput,
  UnitFilterInput,
  UnitOrderEnum,
} from './unit-inputs.js';

/**
 * The root lists of units. In a district schema each answers from its own database; the
 * gateway fans the same field out to every district the filter can reach and merges the
 * pages by the sort keys named in the route (the order one database holding all rows would
 * give: codes are unique across the city).
 */
const sortFields = { code: ['code'], name: ['name', 'code'] } as const;

/**
 * The relational query of a root list of units in the caller's district (its resolver and the
 * compiled path read it alike), or undefined when the filter names another district.
 */
function unitRootQuery(
  args: { filter?: UnitFilterArgs | null; orderBy?: string | null },
  ctx: DistrictContext,
) {
  const { districtCode } = ctx.district;
  const options = unitListQuery(districtCode, args.filter, args.orderBy);
  return filterTargetsDistrict(args.filter, districtCode) ? options : undefined;
}

builder.queryFields((t) => ({
  subdistricts: t.drizzleConnection(
    {
      type: 'subdistricts',
      description: 'Subdistricts, towns and townships across the districts served.',
      args: {
        filter: t.arg({ type: SubdistrictFilterInput }),
        orderBy: t.arg({ type: UnitOrderEnum, defaultValue: 'code' }),
      },
      extensions: rootListExtensions(sortFields, { table: 'subdistricts', query: unitRootQuery }),
      totalCount: (_parent, args, ctx) => countUnits(ctx.district, subdistricts, args.filter),
      resolve: (query, _parent, args, ctx) => {
        const options = unitRootQuery(args, ctx);
        return options ? ctx.district.db.query.subdistricts.findMany(query(options)) : [];
      },
    },
    { name: 'SubdistrictConnection' },
    { name: 'SubdistrictEdge' },
  ),

  communities: t.drizzleConnection(
    {
      type: 'communities',
      description: 'Communities and villages across the districts served.',
      args: {
        filter: t.arg({ type: CommunityFilterInput }),
        orderBy: t.arg({ type: UnitOrderEnum, defaultValue: 'code' }),
      },
      extensions: rootListExtensions(sortFields, { table: 'communities', query: unitRootQuery }),
      totalCount: (_parent, args, ctx) => countUnits(ctx.district, communities, args.filter),
      resolve: (query, _parent, args, ctx) => {
        const options = unitRootQuery(args, ctx);
        return options ? ctx.district.db.query.communities.findMany(query(options)) : [];
      },
    },
    { name: 'CommunityConnection' },
    { name: 'CommunityEdge' },
  ),

  grids: t.drizzleConnection(
    {
      type: 'grids',
      description: 'Grids across the districts served.',
      args: {
        filter: t.arg({ type: UnitFilterInput }),
        orderBy: t.arg({ type: UnitOrderEnum, defaultValue: 'code' }),
      },
      extensions: rootListExtensions(sortFields, { table: 'grids', query: unitRootQuery }),
      totalCount: (_parent, args, ctx) => countUnits(ctx.district, grids, args.filter),
      resolve: (query, _parent, args, ctx) => {
        const options = unitRootQuery(args, ctx);
        return options ? ctx.district.db.query.grids.findMany(query(options)) : [];
      },
    },
    { name: 'GridConnection' },
    { name: 'GridEdge' },
  ),

  districts: t.drizzleConnection(
    {
      type: 'districts',
      description: 'The districts this gateway serves, by code.',
      extensions: routeExtension({ kind: 'fanOutConnection', sortFields: { code: ['code'] } }),
      totalCount: async (_parent, _args, ctx) => {
        const rows = await ctx.district.db.query.districts.findMany({ columns: { districtCode: true } });
        return rows.length;
      },
      resolve: (query, _parent, _args, ctx) =>
        ctx.district.db.query.districts.findMany(query({ orderBy: { districtCode: 'asc' } })),
    },
    { name: 'DistrictConnection' },
    { name: 'DistrictEdge' },
  ),
}));
