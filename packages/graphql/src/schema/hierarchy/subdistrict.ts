import { unitCondition } from '@sanshe/core';
import { builder } from '../../builder.js';
import { today, toUnitFilter } from './unit-fields.js';
import { CommunityFilterInput, SubdistrictKindEnum, UnitOrderEnum } from './unit-inputs.js';

export const SubdistrictRef = builder.drizzleNode('subdistricts', {
  name: 'Subdistrict',
  description: '街道 / 镇 / 乡: the level between a district and its communities.',
  id: { column: (unit) => [unit.districtCode, unit.id] },
  fields: (t) => ({
    code: t.exposeString('code', { description: '9-digit code: the district code + 001–399.' }),
    name: t.exposeString('name'),
    kind: t.field({ type: SubdistrictKindEnum, resolve: (unit) => unit.kind as 'subdistrict' }),
    districtCode: t.exposeString('districtCode'),
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date' }),
    retiredOn: t.expose('retiredOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version', { description: 'Pass it back as expectedVersion to edit safely.' }),
    district: t.relation('district'),
    successor: t.relation('successor', {
      nullable: true,
      description: 'The unit that took over on retirement.',
    }),
    communities: t.relatedConnection('communities', {
      description: 'The communities and villages of the subdistrict.',
      args: {
        filter: t.arg({ type: CommunityFilterInput }),
        orderBy: t.arg({ type: UnitOrderEnum, defaultValue: 'code' }),
      },
      query: (args, ctx) => ({
        where: {
          RAW: (table) => unitCondition(table, ctx.district.districtCode, toUnitFilter(args.filter), today()),
        },
        orderBy: args.orderBy === 'name' ? { name: 'asc', code: 'asc' } : { code: 'asc' },
      }),
      totalCount: true,
    }),
  }),
});
