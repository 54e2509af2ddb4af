import type { DistrictDatabase } from '../database/district-database.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createProjectContext } from './project-context.js';
import { createProjectDecisionUseCases } from './project-decisions.js';
import { createProjectDesignUseCases } from './project-design.js';
import { createProjectNeedsUseCases } from './project-needs.js';
import { createProjectReads } from './project-reads.js';

/**
 * Service projects (服务项目) of a district (docs/domain.md §6.2): designed from the needs of the
 * communities they serve as drafts with a budget in integer fen and indicators, approved, then
 * closed or cancelled; linked to the needs they answer, traceable both ways. Who undertakes a
 * project is decided by its purchase (§6.3).
 *
 * Every write parses its whole input first, is authorized (`project.design` to design, revise
 * and link; `project.approve` to approve, close, cancel and record indicators, each where the
 * project's unit lies; a project or need the caller cannot see is NOT_FOUND, as a missing one),
 * then runs in one transaction that locks what its rules read (the project, then its unit and
 * communities, then needs in id order), checks `expectedVersion`, writes, and appends to the
 * audit log; it either applies whole or throws a {@link SansheError} and changes nothing.
 */
export function createProjectService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const context = createProjectContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createProjectDesignUseCases(context),
    ...createProjectDecisionUseCases(context),
    ...createProjectNeedsUseCases(context),
    ...createProjectReads(context),
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
