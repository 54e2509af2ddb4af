import { and, eq } from 'drizzle-orm';
import type { WriteTarget } from '../access/jurisdiction.js';
import { reachOf } from '../access/jurisdiction.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { departments } from '../schema/departments.js';
import { type GridAssessmentMark, gridAssessmentMarks } from '../schema/grid-events.js';
import { gridTeamMembers } from '../schema/grid-teams.js';
import { communities, grids } from '../schema/hierarchy.js';
import { parseCode } from '../services/code-list.js';
import type { ServiceKit } from '../services/service-kit.js';
import { type MarkSubject, parseQuarter, requireMayGiveMark } from './assessment-rules.js';
import type { RecordAssessmentMarkInput } from './assessment-types.js';
import { type AssessmentSubject, assessmentRaters, assessmentSubjects } from './code-lists.js';

const subjectFields = {
  community: 'communityId',
  department: 'departmentId',
  member: 'memberId',
} as const satisfies Record<AssessmentSubject, keyof RecordAssessmentMarkInput>;

/**
 * The marks beside the computed rates (docs/domain.md §7.9): a community, a department or a grid
 * team member is marked 0–100 for a quarter by itself (自评), by the community side (社区评价) and
 * by a third party (第三方评价), once per subject, quarter and kind of rater.
 */
export function createAssessmentMarkUseCases(kit: ServiceKit) {
  const { db, districtCode } = kit;

  /** The subject, read FOR SHARE, and where it lies for the jurisdiction check. */
  async function loadSubject(
    tx: SansheDb,
    kind: AssessmentSubject,
    id: number,
  ): Promise<{
    subject: MarkSubject;
    target: WriteTarget;
    activeDuring: (from: string, to: string) => boolean;
  }> {
    const path = ['input', subjectFields[kind]];
    if (kind === 'community') {
      const community = await kit.requireRecord(tx, communities, id, 'community', path, 'share');
      return {
        subject: { kind, id, code: community.code },
        target: { unitCode: community.code },
        activeDuring: (from, to) =>
          community.effectiveFrom <= to && (community.retiredOn === null || community.retiredOn > from),
      };
    }
    if (kind === 'department') {
      const department = await kit.requireRecord(tx, departments, id, 'department', path, 'share');
      // A unit's staff mark a department that serves their unit, as lying in it; district roles
      // mark any, where it lies.
      const reach = reachOf(kit.actor, districtCode);
      const serves =
        reach.kind === 'unit' &&
        (reach.prefix.startsWith(department.unitCode) || department.unitCode.startsWith(reach.prefix));
      return {
        subject: { kind, id, unitCode: department.unitCode },
        target: { unitCode: reach.kind === 'unit' ? (serves ? reach.prefix : null) : department.unitCode },
        activeDuring: (from, to) =>
          department.establishedOn <= to &&
          (department.dissolvedOn === null || department.dissolvedOn > from),
      };
    }
    const member = await kit.requireRecord(tx, gridTeamMembers, id, 'grid team member', path, 'share');
    const [grid] = await tx
      .select({ code: grids.code })
      .from(grids)
      .where(and(eq(grids.districtCode, districtCode), eq(grids.id, member.gridId)));
    return {
      subject: { kind, id, accountId: member.accountId, gridCode: grid!.code },
      target: { unitCode: grid!.code },
      activeDuring: (from, to) => member.joinedOn <= to && (member.leftOn === null || member.leftOn >= from),
    };
  }

  return {
    /**
     * Give a mark (`grid.assess` where the subject lies; which kinds of mark a role gives:
     * assessment-rules.ts `requireMayGiveMark`). The quarter must have begun, and the subject
     * been in place during it.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE (subject kind, rater), VALIDATION_FAILED (not
     *   exactly the subject's id, period, subject not in place that quarter), INVALID_NUMBER
     *   (score), INVALID_TEXT (note), DATE_IN_FUTURE (a quarter not begun), NOT_FOUND, FORBIDDEN,
     *   DUPLICATE_RECORD (the subject already has this kind of mark for the quarter)
     */
    async recordAssessmentMark(input: RecordAssessmentMarkInput): Promise<GridAssessmentMark> {
      const subjectKind = parseCode(
        assessmentSubjects,
        input.subjectKind,
        ['input', 'subjectKind'],
        'The subject',
      );
      const field = subjectFields[subjectKind];
      for (const other of Object.values(subjectFields)) {
        if (other !== field && input[other] !== undefined && input[other] !== null) {
          throw new SansheError('VALIDATION_FAILED', `A ${subjectKind} mark names the ${subjectKind} only.`, {
            path: ['input', other],
          });
        }
      }
      const subjectId = kit.requireId(input[field], subjectKind, ['input', field]);
      const quarter = parseQuarter(input.period, ['input', 'period']);
      kit.notAfterToday(quarter.from, ['input', 'period'], `Quarter ${quarter.period} begins on`);
      const rater = parseCode(assessmentRaters, input.rater, ['input', 'rater'], 'The rater');
      if (!Number.isInteger(input.score) || input.score < 0 || input.score > 100) {
        throw new SansheError('INVALID_NUMBER', 'A mark is a whole number from 0 to 100.', {
          path: ['input', 'score'],
        });
      }
      const note =
        input.note === undefined || input.note === null
          ? null
          : kit.text(input.note, ['input', 'note'], { maxLength: 1000, multiline: true, label: 'The note' });

      return db.transaction(async (tx) => {
        const { subject, target, activeDuring } = await loadSubject(tx, subjectKind, subjectId);
        kit.authorize('grid.assess', target);
        requireMayGiveMark(kit.actor, rater, subject);
        if (!activeDuring(quarter.from, quarter.to)) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `The ${subjectKind} was not in place during ${quarter.period} (${quarter.from} – ${quarter.to}).`,
            { path: ['input', field] },
          );
        }
        const [mark] = await kit.insertUnique(
          () =>
            tx
              .insert(gridAssessmentMarks)
              .values({
                districtCode,
                subjectKind,
                communityId: subjectKind === 'community' ? subjectId : null,
                departmentId: subjectKind === 'department' ? subjectId : null,
                memberId: subjectKind === 'member' ? subjectId : null,
                period: quarter.period,
                rater,
                score: input.score,
                ratedBy: kit.actor.id,
                note,
              })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `This ${subjectKind} already has a ${assessmentRaters[rater]} mark for ${quarter.period}.`,
            path: ['input', 'rater'],
          },
        );
        await kit.audit(tx, {
          action: 'grid_assessment_mark.record',
          entityType: 'grid_assessment_mark',
          entityId: mark!.id,
          after: mark,
        });
        return mark!;
      });
    },
  };
}
