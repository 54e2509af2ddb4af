import { builder } from '../../builder.js';
import { compiledRoot } from '../../compiled-reads/compiled-root.js';
import { compiledParameter } from '../../compiled-reads/statement-parameters.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';

const byCode = routeExtension({ kind: 'code', argPath: ['code'] });

const districtByCode = (args: { code: string }) => ({ where: { districtCode: args.code } });

/**
 * The relational query of a lookup by code in the caller's district (the compiled path reads it
 * too). The code is used as it is, in an equality: it is a statement parameter
 * (`compiledParameter`), so one compiled statement serves every code of the district.
 */
const unitByCode = (args: { code: string }, ctx: DistrictContext) => ({
  where: { districtCode: ctx.district.districtCode, code: args.code },
});

builder.queryFields((t) => ({
  district: t.drizzleField({
    type: 'districts',
    nullable: true,
    description: 'A district by its 6-digit code.',
    args: { code: t.arg.string({ required: true, extensions: compiledParameter() }) },
    extensions: { ...byCode, ...compiledRoot({ kind: 'lookup', table: 'districts', query: districtByCode }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.districts.findFirst(query(districtByCode(args))),
  }),
  subdistrict: t.drizzleField({
    type: 'subdistricts',
    nullable: true,
    description: 'A subdistrict by its 9-digit code (retired ones too).',
    args: { code: t.arg.string({ required: true, extensions: compiledParameter() }) },
    extensions: { ...byCode, ...compiledRoot({ kind: 'lookup', table: 'subdistricts', query: unitByCode }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.subdistricts.findFirst(query(unitByCode(args, ctx))),
  }),
  community: t.drizzleField({
    type: 'communities',
    nullable: true,
    description: 'A community or village by its 12-digit code (retired ones too).',
    args: { code: t.arg.string({ required: true, extensions: compiledParameter() }) },
    extensions: { ...byCode, ...compiledRoot({ kind: 'lookup', table: 'communities', query: unitByCode }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.communities.findFirst(query(unitByCode(args, ctx))),
  }),
  grid: t.drizzleField({
    type: 'grids',
    nullable: true,
    description: 'A grid by its code (retired ones too).',
    args: { code: t.arg.string({ required: true, extensions: compiledParameter() }) },
    extensions: { ...byCode, ...compiledRoot({ kind: 'lookup', table: 'grids', query: unitByCode }) },
    resolve: (query, _parent, args, ctx) =>
      ctx.district.db.query.grids.findFirst(query(unitByCode(args, ctx))),
  }),
}));
