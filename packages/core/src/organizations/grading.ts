import { and, desc, eq, inArray, lte, or } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { createPolicyService } from '../policies/policy-service.js';
import {
  type OrganizationGrade,
  organizationCreditRecords,
  organizationGrades,
  organizationListEntries,
} from '../schema/organizations.js';
import { isLocalId } from '../services/service-kit.js';
import { evaluationRecordKinds } from './code-lists.js';
import type { CreditContext } from './credit-context.js';
import type { GradeOrganizationInput } from './credit-inputs.js';
import {
  currentGradeOf,
  EVALUATION_SOURCES,
  evaluationEligibility,
  gradeForScore,
  gradeValidUntil,
} from './evaluation-rules.js';

/**
 * Evaluation grades 1A–5A (社会组织评估管理办法, 民政部令第39号; docs/domain.md §3): who may be
 * graded is decided by evaluation-rules.ts; a grade is valid for the policy's years.
 */
export function createGradingUseCases(ctx: CreditContext) {
  const { kit, db, districtCode, loadOrganization, authorizeOn, unitCodeOf } = ctx;
  return {
    /**
     * Award an evaluation grade (社会组织评估等级) for a score. Eligibility is decided by
     * {@link evaluationEligibility} under policy 'organization.evaluation_eligibility', the
     * grade by the local cut-offs 'organization.evaluation_grade_cutoffs', both in force for
     * the organization's base community (or the district) on the award day; the cut-offs'
     * source is stored so the grade can be re-derived. A still-valid earlier grade is
     * superseded (revoked on the new award day).
     *
     * @throws {SansheError} INVALID_NUMBER, INVALID_DATE, NOT_FOUND, NOT_ELIGIBLE (details.reasons),
     * POLICY_NOT_SET, INVALID_DATE_RANGE (a later grade exists).
     */
    async gradeOrganization(input: GradeOrganizationInput): Promise<OrganizationGrade> {
      const { score } = input;
      if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 1000) {
        throw new SansheError('INVALID_NUMBER', 'The score is a whole number from 0 to 1000.', {
          path: ['input', 'score'],
        });
      }
      const awardedOn = kit.notAfterToday(kit.dateOrToday(input.awardedOn, ['input', 'awardedOn']), [
        'input',
        'awardedOn',
      ]);
      return db.transaction(async (tx) => {
        // An exclusive lock: two gradings of one organization apply one after the other, so
        // each supersedes what the other wrote.
        const organization = await loadOrganization(tx, input.organizationId, 'update');
        await authorizeOn(tx, organization, 'organization.grade');
        const unitCode = await unitCodeOf(tx, organization);
        const policies = createPolicyService({ db: tx, districtCode });
        const rules = await policies.requireValueInForce(
          'organization.evaluation_eligibility',
          unitCode,
          awardedOn,
        );
        const entries = await tx
          .select()
          .from(organizationListEntries)
          .where(
            and(
              eq(organizationListEntries.districtCode, districtCode),
              eq(organizationListEntries.organizationId, organization.id),
            ),
          )
          .for('share');
        const records = await tx
          .select()
          .from(organizationCreditRecords)
          .where(
            and(
              eq(organizationCreditRecords.districtCode, districtCode),
              eq(organizationCreditRecords.organizationId, organization.id),
              or(
                eq(organizationCreditRecords.category, 'penalty'),
                inArray(organizationCreditRecords.kind, Object.keys(evaluationRecordKinds)),
              ),
            ),
          )
          .for('share');
        const eligibility = evaluationEligibility({
          organization,
          openListEntries: entries,
          penalties: records.filter((r) => r.category === 'penalty'),
          records: records.filter(
            (r) =>
              Object.hasOwn(evaluationRecordKinds, r.kind) &&
              evaluationRecordKinds[r.kind as keyof typeof evaluationRecordKinds].category === r.category,
          ),
          on: awardedOn,
          rules: rules.value,
        });
        if (!eligibility.eligible) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `The organization cannot be graded on ${awardedOn}: ${eligibility.reasons.join(', ')} (${EVALUATION_SOURCES.eligibility}, ${EVALUATION_SOURCES.exclusions}; policy: ${rules.source}).`,
            { path: ['input', 'organizationId'], details: { reasons: eligibility.reasons } },
          );
        }
        if (rules.value.gradeValidityYears < 1) {
          throw new SansheError(
            'POLICY_NOT_SET',
            `Policy organization.evaluation_eligibility in force on ${awardedOn} gives grades no validity (${rules.source}).`,
            { details: { policyKey: 'organization.evaluation_eligibility', unitCode, on: awardedOn } },
          );
        }
        const cutoffs = await policies.requireValueInForce(
          'organization.evaluation_grade_cutoffs',
          unitCode,
          awardedOn,
        );
        const grade = gradeForScore(score, cutoffs.value);
        if (grade === null) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `A score of ${score} is below the ${cutoffs.value['1A']} needed for 1A (${cutoffs.source}).`,
            {
              path: ['input', 'score'],
              details: { reasons: ['score_below_1A'], minimumScore: cutoffs.value['1A'] },
            },
          );
        }
        const existing = await tx
          .select()
          .from(organizationGrades)
          .where(
            and(
              eq(organizationGrades.districtCode, districtCode),
              eq(organizationGrades.organizationId, organization.id),
            ),
          )
          .orderBy(desc(organizationGrades.awardedOn), desc(organizationGrades.id));
        const later = existing.find((g) => g.awardedOn > awardedOn);
        if (later) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The organization already holds a grade awarded on ${later.awardedOn}; a new grade cannot predate it.`,
            { path: ['input', 'awardedOn'] },
          );
        }
        for (const previous of existing) {
          if (previous.revokedOn !== null || previous.validUntil < awardedOn) continue;
          const [superseded] = await tx
            .update(organizationGrades)
            .set({ revokedOn: awardedOn })
            .where(
              and(eq(organizationGrades.districtCode, districtCode), eq(organizationGrades.id, previous.id)),
            )
            .returning();
          await kit.audit(tx, {
            action: 'organization_grade.supersede',
            entityType: 'organization_grade',
            entityId: previous.id,
            before: previous,
            after: superseded!,
            reason: `superseded by a grade awarded on ${awardedOn}`,
          });
        }
        const [row] = await tx
          .insert(organizationGrades)
          .values({
            districtCode,
            organizationId: organization.id,
            grade,
            score,
            awardedOn,
            validUntil: gradeValidUntil(awardedOn, rules.value.gradeValidityYears),
            cutoffsSource: cutoffs.source,
          })
          .returning();
        await kit.audit(tx, {
          action: 'organization.grade',
          entityType: 'organization_grade',
          entityId: row!.id,
          after: row!,
          reason: `cut-offs: ${cutoffs.source}; eligibility: ${rules.source}`,
        });
        return row!;
      });
    },
    /** The grade the organization holds on a day (default today), or undefined. */
    async currentGrade(organizationId: number, on?: string): Promise<OrganizationGrade | undefined> {
      const day = kit.dateOrToday(on, ['on']);
      if (!isLocalId(organizationId)) return undefined;
      const grades = await db
        .select()
        .from(organizationGrades)
        .where(
          and(
            eq(organizationGrades.districtCode, districtCode),
            eq(organizationGrades.organizationId, organizationId),
            lte(organizationGrades.awardedOn, day),
          ),
        );
      return currentGradeOf(grades, day);
    },
  };
}
