import { and, eq, ne } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { projectEvaluations } from '../schema/evaluations.js';
import { socialOrganizations } from '../schema/organizations.js';
import { purchaseBids } from '../schema/purchases.js';
import { parseCode } from '../services/code-list.js';
import { parseUscc } from '../validators/uscc.js';
import { evaluationGrades, evaluationKinds } from './code-lists.js';
import type { EvaluationContext } from './evaluation-context.js';
import {
  parseEvaluationScore,
  requireEvaluationTiming,
  requireIndependentEvaluator,
} from './evaluation-rules.js';
import type { RecordEvaluationInput, RecordedEvaluation } from './evaluation-types.js';
import { recordPurchasedServiceCredit } from './purchased-service-credit.js';

const paths = {
  contract: ['input', 'contractId'],
  evaluatedOn: ['input', 'evaluatedOn'],
  organizationId: ['input', 'evaluatorOrganizationId'],
  uscc: ['input', 'evaluatorUscc'],
} as const;

/**
 * Third-party evaluation of a contract's delivery (第三方评估, 民发〔2012〕196号; docs/domain.md
 * §6.7): mid-term during delivery, final after it, never by the undertaker nor by a competitor.
 */
export function createThirdPartyEvaluationUseCases(context: EvaluationContext) {
  const { kit, db, districtCode, publishedText, contractChain } = context;

  return {
    /**
     * Record an evaluation of a contract (`evaluation.record`, where the project lies). Refused
     * when its timing does not fit delivery (evaluation-rules.ts `requireEvaluationTiming`: a
     * final one with the purchase at evaluation, a mid-term one during implementation), when
     * the evaluator is the undertaker (by id or by USCC) or bid for the same purchase, and for a
     * second final evaluation of the contract. A final evaluation also writes the undertaker's
     * `purchased_service` credit record, in the same transaction.
     *
     * The contract and the purchase are locked FOR SHARE while it is written, so the stage
     * checked is the stage in force when it commits.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_CODE_LIST_VALUE, VALIDATION_FAILED,
     *   INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_USCC, INVALID_DATE, DATE_IN_FUTURE,
     *   INVALID_NUMBER, CONFLICT_OF_INTEREST, NOT_DELIVERED, STAGE_OUT_OF_ORDER, DUPLICATE_RECORD
     */
    async recordEvaluation(input: RecordEvaluationInput): Promise<RecordedEvaluation> {
      const contractId = kit.requireId(input.contractId, 'service contract', paths.contract);
      const kind = parseCode(evaluationKinds, input.kind, ['input', 'kind'], 'The evaluation kind');
      const evaluatorName = publishedText(input.evaluatorName, 'evaluatorName', 200, 'The evaluator name');
      const givenUscc =
        input.evaluatorUscc === undefined || input.evaluatorUscc === null
          ? null
          : kit.unwrap(parseUscc(input.evaluatorUscc, { path: paths.uscc })).code;
      const evaluatorOrganizationId =
        input.evaluatorOrganizationId === undefined || input.evaluatorOrganizationId === null
          ? null
          : kit.requireId(input.evaluatorOrganizationId, 'social organization', paths.organizationId);
      const evaluatedOn = kit.pastDate(input.evaluatedOn, paths.evaluatedOn, false);
      const score = parseEvaluationScore(input.score, ['input', 'score']);
      const grade = parseCode(evaluationGrades, input.grade, ['input', 'grade'], 'The grade');
      const reportReference = publishedText(
        input.reportReference,
        'reportReference',
        200,
        'The report reference',
      );
      const summary = publishedText(input.summary, 'summary', 2000, 'The summary', true);

      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'service_contract', contractId, paths.contract);
        const { contract, purchase, project } = await contractChain(tx, contractId, paths.contract, 'share');
        kit.authorize('evaluation.record', { unitCode: project.unitCode });

        let evaluatorUscc = givenUscc;
        if (evaluatorOrganizationId !== null) {
          await kit.requireVisible(tx, 'social_organization', evaluatorOrganizationId, paths.organizationId);
          const evaluator = await kit.requireRecord(
            tx,
            socialOrganizations,
            evaluatorOrganizationId,
            'social organization',
            paths.organizationId,
          );
          if (givenUscc !== null && evaluator.uscc !== null && givenUscc !== evaluator.uscc) {
            throw new SansheError(
              'VALIDATION_FAILED',
              `The evaluator's USCC ${givenUscc} is not that of organization ${evaluator.id} (${evaluator.uscc}).`,
              { path: paths.uscc },
            );
          }
          evaluatorUscc = givenUscc ?? evaluator.uscc;
        }
        const undertaker = await kit.requireRecord(
          tx,
          socialOrganizations,
          contract.organizationId,
          'social organization',
          paths.contract,
        );
        const bidders = await tx
          .select({ organizationId: socialOrganizations.id, uscc: socialOrganizations.uscc })
          .from(purchaseBids)
          .innerJoin(
            socialOrganizations,
            and(
              eq(socialOrganizations.districtCode, purchaseBids.districtCode),
              eq(socialOrganizations.id, purchaseBids.organizationId),
            ),
          )
          .where(
            and(
              eq(purchaseBids.districtCode, districtCode),
              eq(purchaseBids.purchaseId, contract.purchaseId),
              ne(purchaseBids.organizationId, contract.organizationId),
            ),
          );
        requireIndependentEvaluator(
          { organizationId: evaluatorOrganizationId, uscc: evaluatorUscc },
          { organizationId: undertaker.id, uscc: undertaker.uscc },
          bidders,
          paths,
        );
        requireEvaluationTiming(kind, purchase, evaluatedOn, paths);

        const [evaluation] = await kit.insertUnique(
          () =>
            tx
              .insert(projectEvaluations)
              .values({
                districtCode,
                contractId,
                undertakerOrganizationId: contract.organizationId,
                kind,
                evaluatorName,
                evaluatorUscc,
                evaluatorOrganizationId,
                evaluatedOn,
                score,
                grade,
                reportReference,
                summary,
              })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `Contract ${contract.contractNumber} already has its final evaluation: there is one per contract.`,
            path: ['input', 'kind'],
          },
        );
        await kit.audit(tx, {
          action: 'project_evaluation.record',
          entityType: 'project_evaluation',
          entityId: evaluation!.id,
          after: evaluation!,
        });
        const creditRecordId =
          kind === 'final'
            ? await recordPurchasedServiceCredit(kit, tx, {
                organizationId: contract.organizationId,
                evaluationId: evaluation!.id,
                evaluatedOn,
                projectName: project.name,
                contractNumber: contract.contractNumber,
                grade,
                score,
                reportReference,
              })
            : null;
        return { evaluation: evaluation!, creditRecordId };
      });
    },
  };
}
