import type { FieldPath } from '../errors/sanshe-error.js';
import { SansheError } from '../errors/sanshe-error.js';
import { requireWorkingDay } from '../grid-events/event-deadlines.js';
import { loadWorkingCalendar } from '../grid-events/working-calendar-loader.js';
import { type OutcomeTask, outcomeTasks } from '../schema/consultation.js';
import { serviceProjects } from '../schema/service-projects.js';
import { parseIsoDate } from '../validators/text.js';
import type { ConsultationContext } from './consultation-context.js';
import { requireNotBefore } from './consultation-rules.js';
import type { AddOutcomeTaskInput, CompleteTaskInput } from './consultation-types.js';
import { outcomeLifecycle, outcomeStateOf } from './outcome-lifecycle.js';
import { parseTaskOwner } from './task-owner.js';

/**
 * The tasks that carry an adopted outcome out (docs/domain.md §8), and their completion: a task
 * is owned by a department, an organization or the community itself, due on a working day, and
 * done once, by the community or its owner.
 */
export function createOutcomeTaskUseCases(ctx: ConsultationContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * Charge an adopted outcome with a task (`consultation.record` at the meeting's community).
     * The owner is a department serving the community, an organization the caller can see and
     * that exists today, or the meeting's community itself (a meeting binds its own community,
     * never another). The due day is a working day on the district's calendar, not before the
     * meeting; a linked event is one of the community's, a linked project one the caller sees.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, STATUS_NOT_ALLOWED (the outcome is not adopted,
     *   or already implemented), DEADLINE_ON_HOLIDAY, INVALID_DATE, INVALID_DATE_RANGE,
     *   VALIDATION_FAILED, INVALID_TEXT, ORGANIZATION_INACTIVE
     */
    async addOutcomeTask(given: AddOutcomeTaskInput): Promise<OutcomeTask> {
      const input: Partial<AddOutcomeTaskInput> = given ?? {};
      const at = (field: string): FieldPath => ['input', field];
      const outcomeId = kit.requireId(input.outcomeId, 'meeting outcome', at('outcomeId'));
      const title = kit.text(input.title, at('title'), { maxLength: 200, label: 'The title' });
      const owner = parseTaskOwner(input.owner, at('owner'));
      const dueOn = kit.unwrap(parseIsoDate(input.dueOn, { path: at('dueOn') }));
      const eventId =
        input.eventId === undefined || input.eventId === null
          ? null
          : kit.requireId(input.eventId, 'grid event', at('eventId'));
      const projectId =
        input.projectId === undefined || input.projectId === null
          ? null
          : kit.requireId(input.projectId, 'service project', at('projectId'));
      const today = kit.today();
      return db.transaction(async (tx) => {
        // FOR SHARE: marking the outcome implemented locks it FOR UPDATE, so a task cannot be
        // added to an outcome while it is being closed, nor after.
        const outcome = await ctx.requireOutcome(tx, outcomeId, at('outcomeId'), 'share');
        const { meeting, community, target } = await ctx.placeOfOutcome(tx, outcome);
        kit.authorize('consultation.record', target);
        outcomeLifecycle.next(outcomeStateOf(outcome), 'addTask', at('outcomeId'), `Outcome ${outcome.id}`);
        requireNotBefore(dueOn, meeting.heldOn, at('dueOn'), 'the meeting');
        const year = Number(dueOn.slice(0, 4));
        requireWorkingDay(await loadWorkingCalendar(tx, districtCode, year, year), dueOn, at('dueOn'));

        const ownerPath: FieldPath = ['input', 'owner', `${owner.kind}Id`];
        if (owner.kind === 'department') {
          await ctx.requireDepartmentServing(tx, owner.id, community, today, ownerPath);
        } else if (owner.kind === 'organization') {
          await ctx.requireOrganizationOn(tx, owner.id, today, ownerPath);
        } else if (owner.id !== community.id) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `A meeting of ${community.name} charges its own community, not another (community ${owner.id}).`,
            { path: ownerPath, details: { communityId: community.id } },
          );
        }
        if (eventId !== null) await ctx.requireEventOf(tx, eventId, community, at('eventId'));
        if (projectId !== null) {
          await kit.requireVisible(tx, 'service_project', projectId, at('projectId'));
          await kit.requireRecord(tx, serviceProjects, projectId, 'service project', at('projectId'));
        }

        const [task] = await tx
          .insert(outcomeTasks)
          .values({
            districtCode,
            outcomeId,
            title,
            departmentId: owner.kind === 'department' ? owner.id : null,
            organizationId: owner.kind === 'organization' ? owner.id : null,
            communityId: owner.kind === 'community' ? owner.id : null,
            dueOn,
            eventId,
            projectId,
          })
          .returning();
        await kit.audit(tx, {
          action: 'outcome_task.add',
          entityType: 'outcome_task',
          entityId: task!.id,
          after: task,
        });
        return task!;
      });
    },

    /**
     * Record a task done, once (`consultation.follow_up`): by the staff of the meeting's community
     * (or above it), or by its owner — the staff of the owning department or organization. The
     * staff of another organization do not see the task (NOT_FOUND); those of another
     * department, or a community's task, see it but may not complete it (FORBIDDEN).
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, STATUS_NOT_ALLOWED (done already),
     *   VERSION_CONFLICT, INVALID_DATE, DATE_IN_FUTURE, INVALID_DATE_RANGE, VALIDATION_FAILED,
     *   INVALID_TEXT
     */
    async completeTask(given: CompleteTaskInput): Promise<OutcomeTask> {
      const input: Partial<CompleteTaskInput> = given ?? {};
      const at = (field: string): FieldPath => ['input', field];
      const taskId = kit.requireId(input.taskId, 'outcome task', at('taskId'));
      const doneOn = kit.pastDate(input.doneOn, at('doneOn'));
      const result = kit.text(input.result, at('result'), {
        maxLength: 2000,
        label: 'The result',
        multiline: true,
      });
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'outcome_task', taskId, at('taskId'));
        const task = await ctx.requireTask(tx, taskId, at('taskId'), 'update');
        const outcome = await ctx.requireOutcome(tx, task.outcomeId, at('taskId'));
        const { meeting, target } = await ctx.placeOfOutcome(tx, outcome);
        kit.authorize('consultation.follow_up', { ...target, organizationId: task.organizationId });
        // Department staff reach the whole district (access/jurisdiction.ts); a task is theirs to
        // complete only when their department owns it: an owner reports its own work, not another's.
        if (
          kit.actor.role === 'DEPARTMENT_STAFF' &&
          (task.departmentId === null || kit.actor.departmentId !== task.departmentId)
        ) {
          throw new SansheError(
            'FORBIDDEN',
            `Task ${task.id} is not owned by the department of ${kit.actor.id}.`,
            { details: { action: 'consultation.follow_up' } },
          );
        }
        kit.checkVersion(task, input.expectedVersion, `Task ${task.id}`);
        if (task.doneOn !== null) {
          throw new SansheError('STATUS_NOT_ALLOWED', `Task ${task.id} was done on ${task.doneOn}.`, {
            path: at('taskId'),
            details: { state: 'done', doneOn: task.doneOn, allowed: [] },
          });
        }
        requireNotBefore(doneOn, meeting.heldOn, at('doneOn'), 'the meeting');
        const done = await ctx.bumpTask(tx, task, { doneOn, result });
        await kit.audit(tx, {
          action: 'outcome_task.complete',
          entityType: 'outcome_task',
          entityId: task.id,
          before: task,
          after: done,
        });
        return done;
      });
    },
  };
}
