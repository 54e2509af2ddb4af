import { builder } from '../../builder.js';
import { defineMutation } from '../../mutation-field.js';
import { unitListQuery } from './unit-fields.js';
import { CommunityFilterInput, SubdistrictKindEnum, UnitOrderEnum } from './unit-inputs.js';
import { byInputCode, defineUnitEdits } from './unit-mutations.js';

const SubdistrictRef = builder.drizzleNode('subdistricts', {
  name: 'Subdistrict',
  description: '街道 / 镇 / 乡: the level between a district and its communities.',
  id: { column: (unit) => [unit.districtCode, unit.id] },
  // Only the key by default: each field brings the columns it reads (see SocialOrganization).
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    code: t.exposeString('code', { description: '9-digit code: the district code + 001–399.' }),
    name: t.exposeString('name'),
    kind: t.field({
      type: SubdistrictKindEnum,
      select: { columns: { kind: true } },
      resolve: (unit) => unit.kind as 'subdistrict',
    }),
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
      query: (args, ctx) => unitListQuery(ctx.district.districtCode, args.filter, args.orderBy),
      totalCount: true,
    }),
  }),
});

const CreateSubdistrictInput = builder.inputType('CreateSubdistrictInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: '9 digits: the district code + 001–399.' }),
    name: t.string({ required: true }),
    effectiveFrom: t.field({ type: 'Date', description: 'Defaults to today.' }),
  }),
});

defineMutation('createSubdistrict', {
  type: SubdistrictRef,
  description: 'Record a new subdistrict, town or township.',
  input: CreateSubdistrictInput,
  route: byInputCode,
  resolve: (input, ctx) =>
    ctx.hierarchy.createSubdistrict({
      code: input.code,
      name: input.name,
      ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}),
    }),
});

defineUnitEdits('subdistrict', SubdistrictRef);
