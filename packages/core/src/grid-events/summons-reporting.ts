import { and, eq } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { summonsDepartments } from '../schema/grid-events.js';
import type { SummonsContext } from './summons-context.js';
import { summonsLifecycle, summonsStateOf } from './summons-lifecycle.js';
import type { ReportInInput, SummonsView } from './summons-types.js';

/**
 * The departments' side of 吹哨报到 (docs/domain.md §7.8): a summoned department reports in (报到),
 * once, while the summons is open; whether it did so by the deadline is what the assessment and
 * the indicator "summonses reported in on time" count. Only the staff of a department the summons
 * names report in for it (`NOT_RESPONSIBLE_DEPARTMENT`): a department's staff token names the
 * department (Actor.departmentId), and bureau staff without one answer no summons.
 */
export function createSummonsReporting(ctx: SummonsContext) {
  const { kit, db, districtCode } = ctx;

  /** The department the caller reports in for: its own, or the one an administrator names. */
  function reportingDepartment(given: number | null): number {
    const actor = kit.actor;
    if (actor.role === 'DEPARTMENT_STAFF') {
      const own = actor.departmentId;
      if (!own) {
        throw new SansheError(
          'NOT_RESPONSIBLE_DEPARTMENT',
          `${actor.id} belongs to no department that answers summonses.`,
          { path: ['input', 'summonsId'] },
        );
      }
      if (given !== null && given !== own) {
        throw new SansheError(
          'NOT_RESPONSIBLE_DEPARTMENT',
          `${actor.id} reports in for department ${own} only, not for ${given}.`,
          { path: ['input', 'departmentId'] },
        );
      }
      return own;
    }
    if (given === null) {
      throw new SansheError(
        'VALIDATION_FAILED',
        'Name the department reporting in (only department staff report in for their own without naming it).',
        { path: ['input', 'departmentId'] },
      );
    }
    return given;
  }

  return {
    /**
     * 报到: the caller's department reports in to a summons that names it.
     *
     * @throws {SansheError} NOT_FOUND (summons), FORBIDDEN, NOT_RESPONSIBLE_DEPARTMENT (the caller
     *   has no department, names another, or the summons does not name it), VALIDATION_FAILED
     *   (no department named by an administrator), INVALID_TEXT (note), STATUS_NOT_ALLOWED (the
     *   summons is closed), ALREADY_REPORTED_IN
     */
    async reportIn(input: ReportInInput): Promise<SummonsView> {
      const summonsId = kit.requireId(input.summonsId, 'summons', ['input', 'summonsId']);
      const given =
        input.departmentId === undefined || input.departmentId === null
          ? null
          : kit.requireId(input.departmentId, 'department', ['input', 'departmentId']);
      const note =
        input.note === undefined || input.note === null
          ? null
          : kit.text(input.note, ['input', 'note'], { maxLength: 1000, multiline: true, label: 'The note' });
      const now = ctx.now();
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'summons', summonsId, ['input', 'summonsId']);
        // FOR SHARE: departments report in side by side; a closing (FOR UPDATE) waits for them.
        const summons = await ctx.requireSummons(tx, summonsId, ['input', 'summonsId'], 'share');
        kit.authorize('event.handle', { unitCode: await ctx.communityCodeOf(tx, summons.communityId) });
        const departmentId = reportingDepartment(given);
        summonsLifecycle.next(
          summonsStateOf(summons),
          'reportIn',
          ['input', 'summonsId'],
          `Summons ${summonsId}`,
        );
        // FOR UPDATE: the same department reporting in twice at once is decided by this row.
        const [row] = await tx
          .select()
          .from(summonsDepartments)
          .where(
            and(
              eq(summonsDepartments.districtCode, districtCode),
              eq(summonsDepartments.summonsId, summonsId),
              eq(summonsDepartments.departmentId, departmentId),
            ),
          )
          .for('update');
        if (!row) {
          throw new SansheError(
            'NOT_RESPONSIBLE_DEPARTMENT',
            `Summons ${summonsId} does not name department ${departmentId}.`,
            { path: ['input', 'summonsId'], details: { departmentId } },
          );
        }
        if (row.reportedAt !== null) {
          throw new SansheError(
            'ALREADY_REPORTED_IN',
            `Department ${departmentId} already reported in to summons ${summonsId}.`,
            { path: ['input', 'summonsId'], details: { departmentId, reportedAt: row.reportedAt } },
          );
        }
        const [reported] = await tx
          .update(summonsDepartments)
          .set({ reportedAt: now.toISOString(), reportedBy: kit.actor.id, note })
          .where(and(eq(summonsDepartments.districtCode, districtCode), eq(summonsDepartments.id, row.id)))
          .returning();
        await kit.audit(tx, {
          action: 'summons.report_in',
          entityType: 'summons_department',
          entityId: row.id,
          before: row,
          after: reported,
        });
        const departments = await ctx.departmentsOf(tx, [summonsId]);
        return ctx.viewOf(summons, departments.get(summonsId) ?? []);
      });
    },
  };
}
