import { unitCondition } from '@sanshe/core';
import { builder } from '../../builder.js';
import { today, toUnitFilter } from './unit-fields.js';
import { CommunityKindEnum, UnitFilterInput, UnitOrderEnum } from './unit-inputs.js';

export const CommunityRef = builder.drizzleNode('communities', {
  name: 'Community',
  description: '社区 (居委会) / 村 (村委会): the platform of 三社联动.',
  id: { column: (unit) => [unit.districtCode, unit.id] },
  fields: (t) => ({
    code: t.exposeString('code', { description: '12-digit statistical division code.' }),
    name: t.exposeString('name'),
    kind: t.field({ type: CommunityKindEnum, resolve: (unit) => unit.kind as 'community' }),
    districtCode: t.exposeString('districtCode'),
    urbanRuralClass: t.exposeString('urbanRuralClass', {
      nullable: true,
      description: '城乡分类代码: 111 main urban … 220 village.',
    }),
    residentPopulation: t.exposeInt('residentPopulation', { nullable: true }),
    households: t.exposeInt('households', { nullable: true }),
    areaKm2: t.exposeFloat('areaKm2', { nullable: true }),
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date' }),
    retiredOn: t.expose('retiredOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version'),
    subdistrict: t.relation('subdistrict'),
    successor: t.relation('successor', { nullable: true }),
    grids: t.relatedConnection('grids', {
      description: 'The grids (网格) the community is divided into.',
      args: {
        filter: t.arg({ type: UnitFilterInput }),
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
