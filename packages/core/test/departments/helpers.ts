/**
 * Pieces the department suites share, on the grid district of ../grid-events/fixture.ts. Not a
 * test file: vitest collects only `*.test.ts`.
 */
import type { Actor } from '../../src/access/index.js';
import { createDepartmentService, type DepartmentService } from '../../src/departments/index.js';
import type { GridDistrict } from '../grid-events/fixture.js';
import { TODAY } from '../grid-events/fixture.js';

/** The department service of the district acting as `actor` (the district admin by default), on TODAY. */
export function departmentsAs(d: GridDistrict, actor: Actor = d.actors.admin): DepartmentService {
  return createDepartmentService(d.database, { actor, today: () => TODAY });
}
