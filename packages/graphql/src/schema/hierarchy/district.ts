import { builder } from '../../builder.js';
import { unitListQuery } from './unit-fields.js';
import { SubdistrictFilterInput, UnitOrderEnum } from './unit-inputs.js';

builder.drizzleNode('districts', {
  name: 'District',
  description: '区 / 县: the unit that owns its data. Each district lives in its own database.',
  id: { column: (district) => district.districtCode },
  fields: (t) => ({
    code: t.exposeString('districtCode', { description: '6-digit GB/T 2260 code.' }),
    name: t.exposeString('name'),
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date' }),
    retiredOn: t.expose('retiredOn', { type: 'Date', nullable: true }),
    subdistricts: t.relatedConnection('subdistricts', {
      description: 'The subdistricts, towns and townships of the district.',
      args: {
        filter: t.arg({ type: SubdistrictFilterInput }),
        orderBy: t.arg({ type: UnitOrderEnum, defaultValue: 'code' }),
      },
      query: (args, ctx) => unitListQuery(ctx.district.districtCode, args.filter, args.orderBy),
      totalCount: true,
    }),
  }),
});
