import { builder } from '../../builder.js';
import { expectFailures } from '../error-types.js';
import { byInputCode, defineUnitEdits, errorsNamed } from './unit-mutations.js';

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

builder.mutationFields((t) => ({
  createGrid: t.field({
    type: GridRef,
    description: 'Record a new grid in an existing community.',
    args: { input: t.arg({ type: CreateGridInput, required: true }) },
    nullable: false,
    errors: errorsNamed('CreateGrid'),
    extensions: byInputCode,
    resolve: (_root, { input }, ctx) =>
      expectFailures(() =>
        ctx.hierarchy.createGrid({
          code: input.code,
          name: input.name,
          ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}),
        }),
      ),
  }),
}));

defineUnitEdits('grid', GridRef);
