/**
 * One answer per resident and project, one final evaluation per contract (docs/domain.md §6.7),
 * when the requests race. On PostgreSQL (SANSHE_TEST_PG) they run at once over the test
 * database's pool; on PGlite, one after another. Either way exactly one is written, the others
 * are refused DUPLICATE_RECORD, and a final evaluation leaves exactly one credit record.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import {
  organizationCreditRecords,
  projectEvaluations,
  satisfactionAnswers,
} from '../../src/schema/index.js';
import { testDatabaseKind } from '../../src/testing/index.js';
import { createDeliveryChain, type DeliveryChain, DISTRICT, residentId } from '../delivery/fixture.js';

let chain: DeliveryChain;

beforeAll(async () => {
  chain = await createDeliveryChain();
});

afterAll(async () => {
  await chain?.database.close();
});

function codesOf(outcomes: PromiseSettledResult<unknown>[]): string[] {
  return outcomes.map((outcome) =>
    outcome.status === 'fulfilled'
      ? 'written'
      : isSansheError(outcome.reason)
        ? outcome.reason.code
        : String(outcome.reason),
  );
}

describe(`racing duplicates (${testDatabaseKind()})`, () => {
  it('writes one answer of a resident to a project, however many arrive at once', async () => {
    const { projectId } = await chain.addContract('implementation');
    const resident = residentId('19480101', '081');
    const outcomes = await Promise.allSettled(
      [1, 2, 3, 4, 5, 4, 3, 2].map((score) =>
        chain.evaluations().recordSatisfaction({ projectId, residentId: resident, score }),
      ),
    );
    const codes = codesOf(outcomes);
    expect(codes.filter((code) => code === 'written')).toHaveLength(1);
    expect(codes.filter((code) => code === 'DUPLICATE_RECORD')).toHaveLength(7);
    const rows = await chain.database.db
      .select()
      .from(satisfactionAnswers)
      .where(
        and(eq(satisfactionAnswers.districtCode, DISTRICT), eq(satisfactionAnswers.projectId, projectId)),
      );
    expect(rows).toHaveLength(1);
  });

  it('writes one final evaluation of a contract and one credit record', async () => {
    const { contractId } = await chain.addContract('evaluation');
    const outcomes = await Promise.allSettled(
      [80, 81, 82, 83, 84].map((score) =>
        chain.evaluations().recordEvaluation({
          contractId,
          kind: 'final',
          evaluatorName: '苏州市公益评估中心',
          evaluatorOrganizationId: chain.organizations.evaluator,
          evaluatedOn: '2025-09-15',
          score,
          grade: 'good',
          reportReference: `苏公评〔2025〕第${score}号`,
          summary: '项目按合同完成。',
        }),
      ),
    );
    const codes = codesOf(outcomes);
    expect(codes.filter((code) => code === 'written')).toHaveLength(1);
    expect(codes.filter((code) => code === 'DUPLICATE_RECORD')).toHaveLength(4);
    const evaluations = await chain.database.db
      .select()
      .from(projectEvaluations)
      .where(
        and(eq(projectEvaluations.districtCode, DISTRICT), eq(projectEvaluations.contractId, contractId)),
      );
    expect(evaluations).toHaveLength(1);
    const credit = await chain.database.db
      .select()
      .from(organizationCreditRecords)
      .where(
        and(
          eq(organizationCreditRecords.districtCode, DISTRICT),
          eq(organizationCreditRecords.kind, 'purchased_service'),
        ),
      );
    expect(credit.map((record) => record.source)).toEqual([evaluations[0]!.reportReference]);
  });
});
