import type { ObjectRef } from '@pothos/core';
import type { UnitLevel } from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import { defineMutation } from '../../mutation-field.js';
import { localIdOf } from '../local-id.js';

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

export const byInputCode = routeExtension({ kind: 'code', argPath: ['input', 'code'] });
const byInputId = routeExtension({ kind: 'globalId', argPath: ['input', 'id'] });

const typenameOf: Record<UnitLevel, string> = {
  subdistrict: 'Subdistrict',
  community: 'Community',
  grid: 'Grid',
};

function unitIdOf(globalId: string, level: UnitLevel, districtCode: string, path: string[]): number {
  return localIdOf(globalId, typenameOf[level], districtCode, path);
}

/**
 * rename<Unit> and retire<Unit> for one level. Called from each unit's module so that the
 * Pothos refs stay private to it (exported refs cannot be named in declaration files).
 */
// biome-ignore lint/suspicious/noExplicitAny: any unit ref of the three tables
export function defineUnitEdits(level: UnitLevel, ref: ObjectRef<any, any>) {
  const typename = typenameOf[level];
  defineMutation(`rename${typename}`, {
    type: ref,
    description: `Rename a ${level}; its code and history stay.`,
    input: RenameUnitInput,
    route: byInputId,
    resolve: (input, ctx) =>
      ctx.hierarchy.renameUnit({
        level,
        id: unitIdOf(String(input.id), level, ctx.district.districtCode, ['input', 'id']),
        name: input.name,
        ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
      }),
  });
  defineMutation(`retire${typename}`, {
    type: ref,
    description: `Retire a ${level} from a date; its code stays valid in history.`,
    input: RetireUnitInput,
    route: byInputId,
    resolve: (input, ctx) =>
      ctx.hierarchy.retireUnit({
        level,
        id: unitIdOf(String(input.id), level, ctx.district.districtCode, ['input', 'id']),
        retiredOn: input.retiredOn,
        successorId:
          input.successorId == null
            ? null
            : unitIdOf(String(input.successorId), level, ctx.district.districtCode, ['input', 'successorId']),
        ...(input.expectedVersion == null ? {} : { expectedVersion: input.expectedVersion }),
      }),
  });
}
