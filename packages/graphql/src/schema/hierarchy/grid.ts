import { builder } from '../../builder.js';

export const GridRef = builder.drizzleNode('grids', {
  name: 'Grid',
  description: '网格: the smallest unit of grid management inside a community.',
  id: { column: (unit) => [unit.districtCode, unit.id] },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The community code followed by a local suffix.' }),
    name: t.exposeString('name'),
    districtCode: t.exposeString('districtCode'),
    effectiveFrom: t.expose('effectiveFrom', { type: 'Date' }),
    retiredOn: t.expose('retiredOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version'),
    community: t.relation('community'),
    successor: t.relation('successor', { nullable: true }),
  }),
});
