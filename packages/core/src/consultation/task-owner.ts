import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isLocalId } from '../services/service-kit.js';

/** Who owns a task, parsed: exactly one of the three. */
export type TaskOwner =
  | { kind: 'department'; id: number }
  | { kind: 'organization'; id: number }
  | { kind: 'community'; id: number };

const ownerFields = {
  departmentId: 'department',
  organizationId: 'organization',
  communityId: 'community',
} as const;

/**
 * A task's owner: an object naming exactly one of a department, an organization or a community
 * (the schema's CHECK `outcome_tasks_one_owner`).
 *
 * @throws {SansheError} VALIDATION_FAILED (none, or more than one); NOT_FOUND (an id that cannot exist)
 */
export function parseTaskOwner(value: unknown, path: FieldPath): TaskOwner {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SansheError(
      'VALIDATION_FAILED',
      'The owner is an object naming a department, an organization or a community.',
      {
        path,
      },
    );
  }
  const given = Object.entries(ownerFields).filter(
    ([field]) =>
      (value as Record<string, unknown>)[field] !== undefined &&
      (value as Record<string, unknown>)[field] !== null,
  );
  if (given.length !== 1) {
    throw new SansheError(
      'VALIDATION_FAILED',
      `A task has exactly one owner: a departmentId, an organizationId or a communityId (got ${given.length}).`,
      { path },
    );
  }
  const [field, kind] = given[0]!;
  const id = (value as Record<string, unknown>)[field];
  if (!isLocalId(id)) {
    throw new SansheError('NOT_FOUND', `No ${kind} with id ${String(id).slice(0, 32)}.`, {
      path: [...path, field],
    });
  }
  return { kind, id } as TaskOwner;
}
