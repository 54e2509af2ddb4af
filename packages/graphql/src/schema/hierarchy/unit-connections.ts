import { communities, grids, subdistricts, unitCondition } from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import { filterTargetsDistrict, today, toUnitFilter } from './unit-fields.js';
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

function orderOf(orderBy: string | null | undefined) {
  return orderBy === 'name' ? ({ name: 'asc', code: 'asc' } as const) : ({ code: 'asc' } as const);
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
      extensions: routeExtension({ kind: 'fanOutConnection', filterArg: 'filter', sortFields }),
      totalCount: (_parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        if (!filterTargetsDistrict(args.filter, districtCode)) return 0;
        return db.$count(
          subdistricts,
          unitCondition(subdistricts, districtCode, toUnitFilter(args.filter), today()),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        const filter = toUnitFilter(args.filter);
        if (!filterTargetsDistrict(args.filter, districtCode)) return [];
        return db.query.subdistricts.findMany(
          query({
            where: { RAW: (table) => unitCondition(table, districtCode, filter, today()) },
            orderBy: orderOf(args.orderBy),
          }),
        );
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
      extensions: routeExtension({ kind: 'fanOutConnection', filterArg: 'filter', sortFields }),
      totalCount: (_parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        if (!filterTargetsDistrict(args.filter, districtCode)) return 0;
        return db.$count(
          communities,
          unitCondition(communities, districtCode, toUnitFilter(args.filter), today()),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        const filter = toUnitFilter(args.filter);
        if (!filterTargetsDistrict(args.filter, districtCode)) return [];
        return db.query.communities.findMany(
          query({
            where: { RAW: (table) => unitCondition(table, districtCode, filter, today()) },
            orderBy: orderOf(args.orderBy),
          }),
        );
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
      extensions: routeExtension({ kind: 'fanOutConnection', filterArg: 'filter', sortFields }),
      totalCount: (_parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        if (!filterTargetsDistrict(args.filter, districtCode)) return 0;
        return db.$count(grids, unitCondition(grids, districtCode, toUnitFilter(args.filter), today()));
      },
      resolve: (query, _parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        const filter = toUnitFilter(args.filter);
        if (!filterTargetsDistrict(args.filter, districtCode)) return [];
        return db.query.grids.findMany(
          query({
            where: { RAW: (table) => unitCondition(table, districtCode, filter, today()) },
            orderBy: orderOf(args.orderBy),
          }),
        );
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
