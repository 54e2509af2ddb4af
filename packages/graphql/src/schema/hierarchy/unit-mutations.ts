import type { UnitLevel } from '@sanshe/core';
import { SansheError } from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import { decodeGlobalId } from '../../global-id.js';
import { expectFailures, mutationErrorTypes } from '../error-types.js';
import { CommunityRef } from './community.js';
import { GridRef } from './grid.js';
import { SubdistrictRef } from './subdistrict.js';

const CreateSubdistrictInput = builder.inputType('CreateSubdistrictInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: '9 digits: the district code + 001–399.' }),
    name: t.string({ required: true }),
    effectiveFrom: t.field({ type: 'Date', description: 'Defaults to today.' }),
  }),
});

const CreateCommunityInput = builder.inputType('CreateCommunityInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: '12 digits: the subdistrict code + 001–399.' }),
    name: t.string({ required: true }),
    effectiveFrom: t.field({ type: 'Date' }),
    urbanRuralClass: t.string({ description: '111, 112, 121, 122, 123, 210 or 220.' }),
    residentPopulation: t.int(),
    households: t.int(),
    areaKm2: t.float(),
  }),
});

const CreateGridInput = builder.inputType('CreateGridInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'The community code followed by 1–6 digits.' }),
    name: t.string({ required: true }),
    effectiveFrom: t.field({ type: 'Date' }),
  }),
});

const RenameUnitInput = builder.inputType('RenameUnitInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ required: true }),
    expectedVersion: t.int({ description: 'Refuse with VERSION_CONFLICT if the unit changed since.' }),
  }),
});

const RetireUnitInput = builder.inputType('RetireUnitInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    retiredOn: t.field({
      type: 'Date',
      required: true,
      description: 'The first day the unit is not in force.',
    }),
    successorId: t.id({ description: 'The unit of the same level that takes over.' }),
    expectedVersion: t.int(),
  }),
});

const byInputCode = routeExtension({ kind: 'code', argPath: ['input', 'code'] });
const byInputId = routeExtension({ kind: 'globalId', argPath: ['input', 'id'] });

const typenameOf: Record<UnitLevel, string> = {
  subdistrict: 'Subdistrict',
  community: 'Community',
  grid: 'Grid',
};

/** The local id behind a global ID, checked to be of the right type and of this district. */
function localIdOf(globalId: string, level: UnitLevel, districtCode: string, path: string[]): number {
  let decoded: ReturnType<typeof decodeGlobalId>;
  try {
    decoded = decodeGlobalId(globalId);
  } catch (error) {
    if (error instanceof SansheError) throw new SansheError('INVALID_ID', error.message, { path });
    throw error;
  }
  if (decoded.typename !== typenameOf[level] || decoded.districtCode !== districtCode) {
    throw new SansheError('NOT_FOUND', `No ${level} with that ID in district ${districtCode}.`, { path });
  }
  return Number(decoded.localId);
}

function errorsNamed(name: string) {
  return {
    types: mutationErrorTypes,
    union: { name: `${name}Result` },
    result: { name: `${name}Success` },
  };
}

builder.mutationFields((t) => ({
  createSubdistrict: t.field({
    type: SubdistrictRef,
    description: 'Record a new subdistrict, town or township.',
    args: { input: t.arg({ type: CreateSubdistrictInput, required: true }) },
    errors: errorsNamed('CreateSubdistrict'),
    extensions: byInputCode,
    resolve: (_root, { input }, ctx) =>
      expectFailures(() =>
        ctx.hierarchy.createSubdistrict({
          code: input.code,
          name: input.name,
          ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}),
        }),
      ),
  }),
  createCommunity: t.field({
    type: CommunityRef,
    description: 'Record a new community or village under an existing subdistrict.',
    args: { input: t.arg({ type: CreateCommunityInput, required: true }) },
    errors: errorsNamed('CreateCommunity'),
    extensions: byInputCode,
    resolve: (_root, { input }, ctx) =>
      expectFailures(() =>
        ctx.hierarchy.createCommunity({
          code: input.code,
          name: input.name,
          ...(input.effectiveFrom ? { effectiveFrom: input.effectiveFrom } : {}),
          urbanRuralClass: input.urbanRuralClass ?? null,
          residentPopulation: input.residentPopulation ?? null,
          households: input.households ?? null,
          areaKm2: input.areaKm2 ?? null,
        }),
      ),
  }),
  createGrid: t.field({
    type: GridRef,
    description: 'Record a new grid in an existing community.',
    args: { input: t.arg({ type: CreateGridInput, required: true }) },
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

for (const [level, ref] of [
  ['subdistrict', SubdistrictRef],
  ['community', CommunityRef],
  ['grid', GridRef],
] as const) {
  const typename = typenameOf[level];
  builder.mutationField(`rename${typename}`, (t) =>
    t.field({
      // biome-ignore lint/suspicious/noExplicitAny: the three refs share one shape of mutation
      type: ref as any,
      description: `Rename a ${level}; its code and history stay.`,
      args: { input: t.arg({ type: RenameUnitInput, required: true }) },
      errors: errorsNamed(`Rename${typename}`),
      extensions: byInputId,
      resolve: (_root, { input }, ctx) =>
        expectFailures(() =>
          ctx.hierarchy.renameUnit({
            level,
            id: localIdOf(String(input.id), level, ctx.district.districtCode, ['input', 'id']),
            name: input.name,
            ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
          }),
        ) as never,
    }),
  );
  builder.mutationField(`retire${typename}`, (t) =>
    t.field({
      // biome-ignore lint/suspicious/noExplicitAny: the three refs share one shape of mutation
      type: ref as any,
      description: `Retire a ${level} from a date; its code stays valid in history.`,
      args: { input: t.arg({ type: RetireUnitInput, required: true }) },
      errors: errorsNamed(`Retire${typename}`),
      extensions: byInputId,
      resolve: (_root, { input }, ctx) =>
        expectFailures(() =>
          ctx.hierarchy.retireUnit({
            level,
            id: localIdOf(String(input.id), level, ctx.district.districtCode, ['input', 'id']),
            retiredOn: input.retiredOn,
            successorId:
              input.successorId == null
                ? null
                : localIdOf(String(input.successorId), level, ctx.district.districtCode, [
                    'input',
                    'successorId',
                  ]),
            ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
          }),
        ) as never,
    }),
  );
}
