import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';

const byCode = routeExtension({ kind: 'code', argPath: ['code'] });

builder.queryFields((t) => ({
  district: t.drizzleField({
    type: 'districts',
    nullable: true,
    description: 'A district by its 6-digit code.',
    args: { code: t.arg.string({ required: true }) },
    extensions: byCode,
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.districts.findFirst(query({ where: { districtCode: args.code } })),
  }),
  subdistrict: t.drizzleField({
    type: 'subdistricts',
    nullable: true,
    description: 'A subdistrict by its 9-digit code (retired ones too).',
    args: { code: t.arg.string({ required: true }) },
    extensions: byCode,
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.subdistricts.findFirst(
        query({ where: { districtCode: ctx.district.districtCode, code: args.code } }),
      ),
  }),
  community: t.drizzleField({
    type: 'communities',
    nullable: true,
    description: 'A community or village by its 12-digit code (retired ones too).',
    args: { code: t.arg.string({ required: true }) },
    extensions: byCode,
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.communities.findFirst(
        query({ where: { districtCode: ctx.district.districtCode, code: args.code } }),
      ),
  }),
  grid: t.drizzleField({
    type: 'grids',
    nullable: true,
    description: 'A grid by its code (retired ones too).',
    args: { code: t.arg.string({ required: true }) },
    extensions: byCode,
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.grids.findFirst(
        query({ where: { districtCode: ctx.district.districtCode, code: args.code } }),
      ),
  }),
}));
