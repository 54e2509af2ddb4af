import { builder } from '../../builder.js';
import { defineMutation } from '../../mutation-field.js';
import { byInputCode, defineUnitEdits } from './unit-mutations.js';

const GridRef = builder.drizzleNode('grids', {
  name: 'Grid',
  description: '网格: the smallest unit of grid management inside a community.',
  id: { column: (unit) => [unit.districtCode, unit.id] },
  // Only the key by default: each field brings the columns it reads (see SocialOrganization).
  select: { columns: { districtCode: true, id: true } },
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

const CreateGridInput = builder.inputType('CreateGridInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'The community code followed by 1–6 digits.' }),
    name: t.string({ required: true }),
    effectiveFrom: t.field({ type: 'Date' }),
  }),
});

defineMutation('createGrid', {
  type: GridRef,
  description: 'Record a new grid in an existing community.',
  input: CreateGridInput,
  route: byInputCode,
  resolve: (input, ctx) =>
    ctx.hierarchy.createGrid({
      code: input.code,
      name: input.name,
      ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}),
    }),
});

defineUnitEdits('grid', GridRef);
