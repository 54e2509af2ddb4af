import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { createPolicyService } from '../policies/policy-service.js';
import { type Department, departments } from '../schema/departments.js';
import { gridEvents, summonsDepartments, summonses } from '../schema/grid-events.js';
import { communities } from '../schema/hierarchy.js';
import { parseCode } from '../services/code-list.js';
import { todayInChina } from '../services/dates.js';
import { parseInstant } from '../volunteers/volunteer-rules.js';
import { summonsReasons } from './code-lists.js';
import { noticeDepartment } from './event-steps.js';
import type { SummonsContext } from './summons-context.js';
import { explicitSummonsDeadline, policySummonsDeadline } from './summons-deadline.js';
import { summonsLifecycle, summonsStateOf } from './summons-lifecycle.js';
import type { CloseSummonsInput, IssueSummonsInput, SummonsView } from './summons-types.js';
import { loadWorkingCalendar } from './working-calendar-loader.js';

/** A summons names at most this many departments: a joint action, not a circular to every office. */
export const MAX_SUMMONED_DEPARTMENTS = 30;

/** An instant shown to a department in its notice: China time, to the minute. */
function chinaTimeOf(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Whether a department may be summoned on `day` to a community: established by then and not
 * dissolved, and serving the community (a district department serves every community, a
 * subdistrict's office only the communities of its subdistrict: docs/domain.md §7.4).
 */
function summonable(department: Department, communityCode: string, day: string): boolean {
  return (
    department.establishedOn <= day &&
    (department.dissolvedOn === null || department.dissolvedOn > day) &&
    communityCode.startsWith(department.unitCode)
  );
}

/**
 * The community's side of 吹哨报到 (docs/domain.md §7.8; the 街乡吹哨、部门报到 practice of Beijing's
 * 2018 reform, taken up by communities: 社区吹哨): a community summons the departments it needs for
 * what it cannot solve alone, and closes the summons with whether it was solved. Both belong to
 * the grid centre of the community, subdistrict or district (`event.dispatch`).
 */
export function createSummonsIssuing(ctx: SummonsContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * 吹哨: summon departments to a community, about one of its events or not. Each department
     * named gets a row to report in on and a `summoned` notice; the report-in deadline is the
     * caller's, or policy `grid.summons_report`'s in force for the community.
     *
     * @throws {SansheError} NOT_FOUND (community, event, a department: missing, dissolved or not
     *   serving the community), INVALID_CODE_LIST_VALUE (reason), INVALID_TEXT / VALIDATION_FAILED
     *   (description; no department, too many, one named twice), INVALID_DATE / INVALID_DATE_RANGE
     *   (reportDueAt not an instant, not after now), DEADLINE_ON_HOLIDAY, PARENT_RETIRED (community),
     *   STATUS_NOT_ALLOWED (the event is closed), VALIDATION_FAILED (the event lies in another
     *   community), FORBIDDEN, POLICY_NOT_SET
     */
    async issueSummons(input: IssueSummonsInput): Promise<SummonsView> {
      const communityId = kit.requireId(input.communityId, 'community', ['input', 'communityId']);
      const eventId =
        input.eventId === undefined || input.eventId === null
          ? null
          : kit.requireId(input.eventId, 'grid event', ['input', 'eventId']);
      const reason = parseCode(summonsReasons, input.reason, ['input', 'reason'], 'The reason');
      const description = kit.text(input.description, ['input', 'description'], {
        maxLength: 2000,
        multiline: true,
        label: 'The description',
      });
      if (!Array.isArray(input.departmentIds) || input.departmentIds.length === 0) {
        throw new SansheError('VALIDATION_FAILED', 'A summons names at least one department.', {
          path: ['input', 'departmentIds'],
        });
      }
      if (input.departmentIds.length > MAX_SUMMONED_DEPARTMENTS) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `A summons names at most ${MAX_SUMMONED_DEPARTMENTS} departments, not ${input.departmentIds.length}.`,
          { path: ['input', 'departmentIds'] },
        );
      }
      const departmentIds = input.departmentIds.map((id, index) =>
        kit.requireId(id, 'department', ['input', 'departmentIds', index]),
      );
      const twice = departmentIds.findIndex((id, index) => departmentIds.indexOf(id) !== index);
      if (twice >= 0) {
        throw new SansheError('VALIDATION_FAILED', `Department ${departmentIds[twice]} is named twice.`, {
          path: ['input', 'departmentIds', twice],
        });
      }
      const dueGiven =
        input.reportDueAt === undefined || input.reportDueAt === null
          ? null
          : parseInstant(input.reportDueAt, ['input', 'reportDueAt']);
      const now = ctx.now();
      const today = kit.today();

      return db.transaction(async (tx) => {
        // FOR SHARE: a retirement of the community, or a dissolution of a department, waits.
        const community = await kit.requireRecord(
          tx,
          communities,
          communityId,
          'community',
          ['input', 'communityId'],
          'share',
        );
        kit.authorize('event.dispatch', { unitCode: community.code });
        if (!isActiveOn(community, today)) {
          throw new SansheError(
            'PARENT_RETIRED',
            `Community ${community.code} is not in force on ${today}.`,
            {
              path: ['input', 'communityId'],
            },
          );
        }
        if (eventId !== null) {
          await kit.requireVisible(tx, 'grid_event', eventId, ['input', 'eventId']);
          const event = await kit.requireRecord(
            tx,
            gridEvents,
            eventId,
            'grid event',
            ['input', 'eventId'],
            'share',
          );
          if (event.communityId !== community.id) {
            throw new SansheError(
              'VALIDATION_FAILED',
              `Event ${eventId} lies in another community than ${community.code}: a community summons for its own events.`,
              { path: ['input', 'eventId'] },
            );
          }
          if (event.state === 'closed') {
            throw new SansheError(
              'STATUS_NOT_ALLOWED',
              `Event ${eventId} is closed: there is nothing to summon for.`,
              {
                path: ['input', 'eventId'],
                details: { state: event.state, allowed: [] },
              },
            );
          }
        }
        // FOR SHARE, in id order: a dissolution of a department named waits for the summons.
        const found = await tx
          .select()
          .from(departments)
          .where(and(eq(departments.districtCode, districtCode), inArray(departments.id, departmentIds)))
          .orderBy(asc(departments.id))
          .for('share');
        const byId = new Map(found.map((row) => [row.id, row]));
        departmentIds.forEach((id, index) => {
          const department = byId.get(id);
          if (!department || !summonable(department, community.code, today)) {
            throw new SansheError(
              'NOT_FOUND',
              department
                ? `Department ${department.name} cannot be summoned to ${community.code} on ${today}: ${whyNotSummonable(community.code, department)}.`
                : `No department with id ${id} in district ${districtCode}.`,
              { path: ['input', 'departmentIds', index] },
            );
          }
        });

        const policy = await createPolicyService({ db: tx, districtCode }).requireValueInForce(
          'grid.summons_report',
          community.code,
          today,
        );
        // The calendar of the year of issue (the clock's China day) and of the deadline's.
        const issueYear = Number(todayInChina(now).slice(0, 4));
        const dueYear =
          dueGiven === null ? issueYear + 1 : Math.max(issueYear + 1, Number(dueGiven.slice(0, 4)));
        const calendar = await loadWorkingCalendar(tx, districtCode, issueYear, dueYear);
        const deadline =
          dueGiven === null
            ? policySummonsDeadline({ reason, policy: policy.value, calendar, now })
            : explicitSummonsDeadline({
                reason,
                reportDueAt: dueGiven,
                calendar,
                now,
                path: ['input', 'reportDueAt'],
              });

        const [summons] = await tx
          .insert(summonses)
          .values({
            districtCode,
            communityId: community.id,
            eventId,
            reason,
            description,
            issuedBy: kit.actor.id,
            issuedAt: now.toISOString(),
            reportDueAt: deadline.reportDueAt,
          })
          .returning();
        const rows = await tx
          .insert(summonsDepartments)
          .values(
            departmentIds.map((departmentId) => ({ districtCode, summonsId: summons!.id, departmentId })),
          )
          .returning();
        for (const departmentId of departmentIds) {
          await noticeDepartment(tx, districtCode, {
            departmentId,
            kind: 'summoned',
            summonsId: summons!.id,
            eventId,
            message: `${community.name}吹哨（${summonsReasons[reason]}）：${description.slice(0, 100)}。请于${chinaTimeOf(
              deadline.reportDueAt,
            )}前报到。`,
          });
        }
        await kit.audit(tx, {
          action: 'summons.issue',
          entityType: 'summons',
          entityId: summons!.id,
          after: {
            ...summons!,
            departmentIds,
            deadline: {
              ...deadline,
              basis: dueGiven === null ? 'policy' : 'given',
              policySource: dueGiven === null ? policy.source : null,
            },
          },
        });
        return ctx.viewOf(summons!, rows);
      });
    },

    /**
     * Close a summons, saying whether the problem was solved and what came of it. Departments
     * that never reported in stay on the record as not reported.
     *
     * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED (solved not a boolean; note),
     *   INVALID_TEXT, FORBIDDEN, VERSION_CONFLICT, STATUS_NOT_ALLOWED (already closed)
     */
    async closeSummons(input: CloseSummonsInput): Promise<SummonsView> {
      const summonsId = kit.requireId(input.summonsId, 'summons', ['input', 'summonsId']);
      if (typeof input.solved !== 'boolean') {
        throw new SansheError('VALIDATION_FAILED', 'solved is true or false.', { path: ['input', 'solved'] });
      }
      const note = kit.text(input.note, ['input', 'note'], {
        maxLength: 2000,
        multiline: true,
        label: 'The closing note',
      });
      const now = ctx.now();
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'summons', summonsId, ['input', 'summonsId']);
        // FOR UPDATE: report-ins hold the summons FOR SHARE, so a closing waits for them and they for it.
        const current = await ctx.requireSummons(tx, summonsId, ['input', 'summonsId'], 'update');
        kit.authorize('event.dispatch', { unitCode: await ctx.communityCodeOf(tx, current.communityId) });
        kit.checkVersion(current, input.expectedVersion, `Summons ${summonsId}`);
        summonsLifecycle.next(
          summonsStateOf(current),
          'close',
          ['input', 'summonsId'],
          `Summons ${summonsId}`,
        );
        const [closed] = await tx
          .update(summonses)
          .set({
            closedAt: now.toISOString(),
            solved: input.solved,
            closingNote: note,
            version: current.version + 1,
            updatedAt: sql`now()`,
          })
          .where(and(eq(summonses.districtCode, districtCode), eq(summonses.id, summonsId)))
          .returning();
        await kit.audit(tx, {
          action: 'summons.close',
          entityType: 'summons',
          entityId: summonsId,
          before: current,
          after: closed,
        });
        const departmentsOf = await ctx.departmentsOf(tx, [summonsId]);
        return ctx.viewOf(closed!, departmentsOf.get(summonsId) ?? []);
      });
    },
  };
}

/** Why a department found cannot be summoned, in words. */
function whyNotSummonable(code: string, department: Department): string {
  if (!code.startsWith(department.unitCode)) return `it serves ${department.unitCode} only`;
  if (department.dissolvedOn !== null) return `it was dissolved on ${department.dissolvedOn}`;
  return `it is established from ${department.establishedOn}`;
}
