import { satisfactionAnswers } from '../schema/evaluations.js';
import { serviceProjects } from '../schema/service-projects.js';
import { parseResidentId } from '../validators/resident-id.js';
import type { SatisfactionScore } from './code-lists.js';
import type { EvaluationContext } from './evaluation-context.js';
import { parseSatisfactionScore, requireDeliveryStarted } from './evaluation-rules.js';
import type { RecordedSatisfaction, RecordSatisfactionInput } from './evaluation-types.js';
import { respondentHash } from './respondent-hash.js';

/**
 * Residents' satisfaction (docs/domain.md §6.7): one answer per resident and project, the
 * resident kept only as a keyed hash of their resident ID number.
 */
export function createSatisfactionUseCases(context: EvaluationContext) {
  const { kit, db, districtCode, livePurchaseOf } = context;

  return {
    /**
     * Record a resident's answer (`satisfaction.record` at the project's unit: the community or
     * the evaluator runs the survey). Refused before delivery has started (the project's purchase
     * at implementation or later) and for a second answer of the same resident to the same
     * project, which changes nothing.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_RESIDENT_ID, INVALID_NUMBER, INVALID_DATE,
     *   DATE_IN_FUTURE, ENCRYPTION_KEY_MISSING, NOT_DELIVERED, DUPLICATE_RECORD
     */
    async recordSatisfaction(input: RecordSatisfactionInput): Promise<RecordedSatisfaction> {
      const projectId = kit.requireId(input.projectId, 'service project', ['input', 'projectId']);
      // A legacy 15-digit number is hashed in its 18-character form, so one resident is one respondent.
      const residentId = kit.unwrap(
        parseResidentId(input.residentId, {
          path: ['input', 'residentId'],
          today: new Date(`${kit.today()}T00:00:00+08:00`),
        }),
      ).upgraded;
      const score = parseSatisfactionScore(input.score, ['input', 'score']);
      const answeredOn = kit.pastDate(input.answeredOn, ['input', 'answeredOn'], false);

      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'service_project', projectId, ['input', 'projectId']);
        const project = await kit.requireRecord(tx, serviceProjects, projectId, 'service project', [
          'input',
          'projectId',
        ]);
        kit.authorize('satisfaction.record', { unitCode: project.unitCode });
        requireDeliveryStarted(await livePurchaseOf(tx, projectId), answeredOn, {
          project: ['input', 'projectId'],
          answeredOn: ['input', 'answeredOn'],
        });
        const hash = respondentHash(kit.keyring, { districtCode, projectId }, residentId);
        const [answer] = await kit.insertUnique(
          () =>
            tx
              .insert(satisfactionAnswers)
              .values({ districtCode, projectId, respondentHash: hash, answeredOn, score })
              .returning({
                id: satisfactionAnswers.id,
                projectId: satisfactionAnswers.projectId,
                score: satisfactionAnswers.score,
                answeredOn: satisfactionAnswers.answeredOn,
              }),
          {
            code: 'DUPLICATE_RECORD',
            message: `This resident has already answered for project ${projectId}: one answer per resident and project.`,
            path: ['input', 'residentId'],
          },
        );
        const recorded = { ...answer!, score: answer!.score as SatisfactionScore };
        // The audit entry carries what the answer says, never who gave it (not even the hash).
        await kit.audit(tx, {
          action: 'satisfaction_answer.record',
          entityType: 'satisfaction_answer',
          entityId: recorded.id,
          after: recorded,
        });
        return recorded;
      });
    },
  };
}
