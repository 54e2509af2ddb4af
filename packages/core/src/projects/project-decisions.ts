import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { type FieldPath, isSansheError, SansheError } from '../errors/sanshe-error.js';
import { requiredReason } from '../needs/needs-context.js';
import { purchases } from '../schema/purchases.js';
import {
  type ProjectIndicator,
  projectIndicators,
  type ServiceProject,
  serviceProjects,
} from '../schema/service-projects.js';
import type { ProjectStatus } from './code-lists.js';
import type { ProjectContext } from './project-context.js';
import { type ProjectEvent, projectLifecycle } from './project-lifecycle.js';
import { parseIndicatorValue, requireApprovable, requireClosedAfterApproved } from './project-rules.js';
import type {
  ApproveProjectInput,
  CancelProjectInput,
  CloseProjectInput,
  RecordIndicatorAchievedInput,
} from './project-types.js';

/** The stages of a purchase once its contract is signed (docs/domain.md §6.3). */
const CONTRACTED_STAGES = new Set(['contract', 'implementation', 'evaluation', 'closure']);

/**
 * Approving, closing and cancelling a project, and recording what its indicators achieved
 * (docs/domain.md §6.2), by who approves projects where it lies (`project.approve` at its unit).
 */
export function createProjectDecisionUseCases(context: ProjectContext) {
  const { kit, db, districtCode, needWrites } = context;

  /** The project's purchases that are not cancelled (one at most: `purchases_live_per_project_unique`). */
  async function livePurchases(tx: SansheDb, projectId: number) {
    return tx
      .select({ id: purchases.id, stage: purchases.stage })
      .from(purchases)
      .where(
        and(
          eq(purchases.districtCode, districtCode),
          eq(purchases.projectId, projectId),
          ne(purchases.stage, 'cancelled'),
        ),
      )
      .orderBy(asc(purchases.id));
  }

  /**
   * Parse a status change's input, authorize it at the project's unit, and run it in one
   * transaction on the project locked FOR UPDATE, at the version the caller read and in a status
   * the event allows. A new purchase of the project waits on that lock (its foreign key), so what
   * the change reads of purchases stays true until it commits.
   */
  async function decide(
    input: { projectId: number; expectedVersion?: number | null | undefined },
    event: ProjectEvent,
    write: (tx: SansheDb, project: ServiceProject) => Promise<ServiceProject>,
  ): Promise<ServiceProject> {
    const projectPath: FieldPath = ['input', 'projectId'];
    const projectId = kit.requireId(input.projectId, 'service project', projectPath);
    const found = await context.visibleProject(projectId, projectPath);
    kit.authorize('project.approve', { unitCode: found.unitCode });
    return db.transaction(async (tx) => {
      const project = await context.lockProject(tx, projectId, projectPath, 'update');
      kit.checkVersion(project, input.expectedVersion, `Service project ${projectId}`);
      projectLifecycle.next(
        project.status as ProjectStatus,
        event,
        projectPath,
        `Service project ${projectId}`,
      );
      return write(tx, project);
    });
  }

  return {
    /**
     * Approve a draft, on a day (never after today): its budget has at least one line and the
     * lines sum to it (BUDGET_MISMATCH: the service keeps them equal on every write, so this is
     * the check of what is stored, whoever wrote it), and it has at least one indicator.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, VERSION_CONFLICT,
     *   STATUS_NOT_ALLOWED, BUDGET_MISMATCH, VALIDATION_FAILED
     */
    async approveProject(input: ApproveProjectInput): Promise<ServiceProject> {
      const approvedOn = kit.pastDate(input.approvedOn, ['input', 'approvedOn'], false);
      return decide(input, 'approve', async (tx, project) => {
        const parts = await context.partsOf(tx, project.id);
        requireApprovable(
          { budgetFen: project.budgetFen, lines: parts.budgetLines, indicatorCount: parts.indicators.length },
          ['input', 'projectId'],
        );
        const after = await context.updateProject(tx, project, { status: 'approved', approvedOn });
        await kit.audit(tx, {
          action: 'service_project.approve',
          entityType: 'service_project',
          entityId: project.id,
          before: project,
          after,
        });
        return after;
      });
    },

    /**
     * Close an approved project, on a day on or after its approval (never after today), once its
     * purchase is settled: a purchase not cancelled must have reached its closure (结项), since
     * the contract's delivery, evaluation and payments are settled there (§6.3). Its needs keep
     * their status: the community closes each as met (needs service).
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, VERSION_CONFLICT,
     *   STATUS_NOT_ALLOWED, INVALID_DATE_RANGE
     */
    async closeProject(input: CloseProjectInput): Promise<ServiceProject> {
      const closedOn = kit.pastDate(input.closedOn, ['input', 'closedOn'], false);
      return decide(input, 'close', async (tx, project) => {
        requireClosedAfterApproved(project.approvedOn, closedOn, ['input', 'closedOn']);
        const unsettled = (await livePurchases(tx, project.id)).find(
          (purchase) => purchase.stage !== 'closure',
        );
        if (unsettled) {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Project ${project.id} has purchase ${unsettled.id} at stage ${unsettled.stage}: a project closes once its purchase reaches closure or is cancelled.`,
            {
              path: ['input', 'projectId'],
              details: { state: project.status, purchaseId: unsettled.id, purchaseStage: unsettled.stage },
            },
          );
        }
        const after = await context.updateProject(tx, project, { status: 'closed', closedOn });
        await kit.audit(tx, {
          action: 'service_project.close',
          entityType: 'service_project',
          entityId: project.id,
          before: project,
          after,
        });
        return after;
      });
    },

    /**
     * Cancel a draft or an approved project, with the reason (kept in the audit log) and the day
     * (never after today, nor before its approval). Only a project no live purchase is buying:
     * a purchase not yet contracted is cancelled first (终止, 政府采购法 第三十六条 *to verify*,
     * by the purchase's own write), and once a contract is signed the purchase is never
     * cancelled: the contract is terminated and the purchase settled at its closure, after which
     * the project is closed, not cancelled (docs/domain.md §6.3). Either way STATUS_NOT_ALLOWED,
     * naming the purchase and its stage.
     *
     * The needs it answered stay linked (traceable); each one no project that is not cancelled
     * answers any more is open again, to be answered by another project.
     *
     * @throws {SansheError} NOT_FOUND, REASON_REQUIRED, VALIDATION_FAILED, INVALID_TEXT,
     *   INVALID_DATE, DATE_IN_FUTURE, FORBIDDEN, VERSION_CONFLICT, STATUS_NOT_ALLOWED,
     *   INVALID_DATE_RANGE
     */
    async cancelProject(input: CancelProjectInput): Promise<ServiceProject> {
      const reason = requiredReason(kit, input.reason, ['input', 'reason'], {
        maxLength: 500,
        published: false,
      });
      const cancelledOn = kit.pastDate(input.cancelledOn, ['input', 'cancelledOn'], false);
      return decide(input, 'cancel', async (tx, project) => {
        requireClosedAfterApproved(project.approvedOn, cancelledOn, ['input', 'cancelledOn']);
        const [live] = await livePurchases(tx, project.id);
        if (live) {
          const contracted = CONTRACTED_STAGES.has(live.stage);
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            contracted
              ? `Project ${project.id} is bought by purchase ${live.id}, contracted (stage ${live.stage}): the contract is terminated and the purchase settled at its closure, then the project is closed, not cancelled.`
              : `Project ${project.id} is being bought by purchase ${live.id} (stage ${live.stage}): cancel the purchase first.`,
            {
              path: ['input', 'projectId'],
              details: { state: project.status, purchaseId: live.id, purchaseStage: live.stage, contracted },
            },
          );
        }
        const after = await context.updateProject(tx, project, {
          status: 'cancelled',
          closedOn: cancelledOn,
        });
        await kit.audit(tx, {
          action: 'service_project.cancel',
          entityType: 'service_project',
          entityId: project.id,
          before: project,
          after,
          reason,
        });
        const links = await needWrites.linksOfProject(tx, project.id);
        const locked = await needWrites.lockNeeds(
          tx,
          links.map((link) => ({ id: link.needId, path: ['input', 'projectId'] })),
        );
        for (const need of locked.values()) await needWrites.settleAnswered(tx, need, ['input', 'projectId']);
        return after;
      });
    },

    /**
     * Record the value an indicator of an approved project achieved (at evaluation, before the
     * project closes); recorded again, the value is corrected (the audit log keeps the earlier).
     *
     * @throws {SansheError} NOT_FOUND, INVALID_NUMBER, FORBIDDEN, VERSION_CONFLICT,
     *   STATUS_NOT_ALLOWED
     */
    async recordIndicatorAchieved(input: RecordIndicatorAchievedInput): Promise<ProjectIndicator> {
      const indicatorPath: FieldPath = ['input', 'indicatorId'];
      const indicatorId = kit.requireId(input.indicatorId, 'project indicator', indicatorPath);
      const achieved = parseIndicatorValue(input.achieved, ['input', 'achieved']);
      const indicator = await kit.requireRecord(
        db,
        projectIndicators,
        indicatorId,
        'project indicator',
        indicatorPath,
      );
      // An indicator is visible with its project, and missing when its project is hidden.
      const projectVisible = await kit
        .requireVisible(db, 'service_project', indicator.projectId, indicatorPath)
        .then(
          () => true,
          (error: unknown) => {
            if (isSansheError(error) && error.code === 'NOT_FOUND') return false;
            throw error;
          },
        );
      if (!projectVisible) throw kit.notFound('project indicator', indicatorId, indicatorPath);
      const found = await kit.requireRecord(
        db,
        serviceProjects,
        indicator.projectId,
        'service project',
        indicatorPath,
      );
      kit.authorize('project.approve', { unitCode: found.unitCode });

      return db.transaction(async (tx) => {
        const project = await context.lockProject(tx, indicator.projectId, indicatorPath, 'share');
        const current = await kit.requireRecord(
          tx,
          projectIndicators,
          indicatorId,
          'project indicator',
          indicatorPath,
          'update',
        );
        kit.checkVersion(current, input.expectedVersion, `Project indicator ${indicatorId}`);
        projectLifecycle.next(
          project.status as ProjectStatus,
          'recordAchievement',
          indicatorPath,
          `Service project ${project.id}`,
        );
        const [after] = await tx
          .update(projectIndicators)
          .set({ achieved, version: sql`${projectIndicators.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(projectIndicators.districtCode, districtCode), eq(projectIndicators.id, indicatorId)))
          .returning();
        await kit.audit(tx, {
          action: 'project_indicator.achieve',
          entityType: 'project_indicator',
          entityId: indicatorId,
          before: current,
          after: after!,
        });
        return after!;
      });
    },
  };
}
