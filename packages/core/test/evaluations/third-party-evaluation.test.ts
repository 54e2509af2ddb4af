/**
 * Third-party evaluation (第三方评估, 民发〔2012〕196号; docs/domain.md §6.7): a mid-term evaluation
 * during delivery, the final one after it (the purchase at evaluation), never by the undertaker
 * (by id or by USCC) nor by a rival bidder, one final per contract, and the final one written to
 * the undertaker's credit record as `purchased_service` (§6.3).
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvaluationInput } from '../../src/evaluations/index.js';
import { auditLog, organizationCreditRecords, projectEvaluations } from '../../src/schema/index.js';
import {
  type ChainContract,
  createDeliveryChain,
  type DeliveryChain,
  DISTRICT,
  expectRefusal,
  moveStage,
  TODAY,
  usccOfAgency,
} from '../delivery/fixture.js';

let chain: DeliveryChain;
let underway: ChainContract;
let assessed: ChainContract;

beforeAll(async () => {
  chain = await createDeliveryChain();
  underway = await chain.addContract('implementation');
  assessed = await chain.addContract('evaluation');
});

afterAll(async () => {
  await chain?.database.close();
});

function evaluation(overrides: Partial<RecordEvaluationInput> = {}): RecordEvaluationInput {
  return {
    contractId: assessed.contractId,
    kind: 'final',
    evaluatorName: '苏州市公益评估中心',
    evaluatorOrganizationId: chain.organizations.evaluator,
    evaluatedOn: '2025-09-18',
    score: 88.5,
    grade: 'good',
    reportReference: '苏公评〔2025〕第31号',
    summary: '项目完成小组活动24场、社区活动12场，服务长者1,280人次。\n居民满意度较高，建议加强个案跟进。',
    ...overrides,
  };
}

async function creditRecordsOfUndertaker() {
  return chain.database.db
    .select()
    .from(organizationCreditRecords)
    .where(
      and(
        eq(organizationCreditRecords.districtCode, DISTRICT),
        eq(organizationCreditRecords.organizationId, chain.organizations.undertaker),
      ),
    );
}

describe('evaluations of delivery', () => {
  it('records mid-term evaluations during delivery, any number of them, with no credit record', async () => {
    const evaluations = chain.evaluations(chain.staff.evaluator);
    const first = await evaluations.recordEvaluation(
      evaluation({
        contractId: underway.contractId,
        kind: 'midterm',
        evaluatedOn: '2025-06-30',
        grade: 'pass',
        score: 76,
      }),
    );
    expect(first.creditRecordId).toBeNull();
    expect(first.evaluation).toMatchObject({
      contractId: underway.contractId,
      undertakerOrganizationId: chain.organizations.undertaker,
      kind: 'midterm',
      evaluatorOrganizationId: chain.organizations.evaluator,
      // Taken from the evaluator organization, which was named without its code.
      evaluatorUscc: chain.usccs.evaluator,
      score: 76,
      grade: 'pass',
    });
    // An evaluator from outside the district, known by its code only, on today by default.
    const outside = usccOfAgency(90);
    const second = await chain.evaluations(chain.staff.admin).recordEvaluation(
      evaluation({
        contractId: underway.contractId,
        kind: 'midterm',
        evaluatorName: '江苏省社会组织评估院',
        evaluatorOrganizationId: null,
        evaluatorUscc: outside.toLowerCase(),
        evaluatedOn: undefined,
      }),
    );
    expect(second.evaluation).toMatchObject({
      evaluatorUscc: outside,
      evaluatorOrganizationId: null,
      evaluatedOn: TODAY,
    });
    expect((await evaluations.evaluationsOfContract(underway.contractId)).map((row) => row.id)).toEqual([
      first.evaluation.id,
      second.evaluation.id,
    ]);
    expect(await creditRecordsOfUndertaker()).toEqual([]);
  });

  it('records the final evaluation after delivery, and the undertaker’s purchased_service credit record with it', async () => {
    const recorded = await chain.evaluations().recordEvaluation(evaluation());
    expect(recorded.evaluation).toMatchObject({
      kind: 'final',
      score: 88.5,
      grade: 'good',
      evaluatedOn: '2025-09-18',
    });
    const credit = await creditRecordsOfUndertaker();
    expect(credit).toHaveLength(1);
    expect(credit[0]).toMatchObject({
      id: recorded.creditRecordId,
      category: 'other',
      kind: 'purchased_service',
      occurredOn: '2025-09-18',
      source: '苏公评〔2025〕第31号',
      withdrawnOn: null,
    });
    expect(credit[0]!.summary).toContain(assessed.contractNumber);
    expect(credit[0]!.summary).toContain('良好');
    const actions = await chain.database.db
      .select({ action: auditLog.action, entityId: auditLog.entityId })
      .from(auditLog)
      .where(eq(auditLog.actorId, chain.staff.evaluator.id));
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'project_evaluation.record', entityId: recorded.evaluation.id },
        { action: 'credit_record.add', entityId: recorded.creditRecordId },
      ]),
    );
  });

  it('refuses a second final evaluation of a contract, and writes no second credit record', async () => {
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations()
          .recordEvaluation(evaluation({ evaluatedOn: '2025-09-25', grade: 'excellent', score: 95 })),
      'DUPLICATE_RECORD',
      ['input', 'kind'],
    );
    expect(await creditRecordsOfUndertaker()).toHaveLength(1);
  });
});

describe('only after delivery', () => {
  it('refuses a final evaluation before the purchase reaches evaluation (NOT_DELIVERED)', async () => {
    const signed = await chain.addContract('contract');
    for (const contract of [underway, signed]) {
      const error = await expectRefusal(
        chain,
        () => chain.evaluations().recordEvaluation(evaluation({ contractId: contract.contractId })),
        'NOT_DELIVERED',
        ['input', 'contractId'],
      );
      expect(error).toMatchObject({ details: { allowed: ['evaluation'] } });
    }
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations()
          .recordEvaluation(
            evaluation({ contractId: signed.contractId, kind: 'midterm', evaluatedOn: '2025-02-25' }),
          ),
      'NOT_DELIVERED',
      ['input', 'contractId'],
    );
  });

  it('refuses an evaluation dated before the stage it belongs to began', async () => {
    const fresh = await chain.addContract('evaluation');
    // The purchase's evaluation stage began on 2025-09-01; implementation on 2025-03-01.
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations()
          .recordEvaluation(evaluation({ contractId: fresh.contractId, evaluatedOn: '2025-08-31' })),
      'NOT_DELIVERED',
      ['input', 'evaluatedOn'],
    );
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations()
          .recordEvaluation(
            evaluation({ contractId: underway.contractId, kind: 'midterm', evaluatedOn: '2025-02-28' }),
          ),
      'NOT_DELIVERED',
      ['input', 'evaluatedOn'],
    );
  });

  it('refuses a mid-term evaluation once delivery has ended, and a final one once the purchase is closed', async () => {
    const fresh = await chain.addContract('implementation');
    await moveStage(chain, fresh.purchaseId, 'evaluation', '2025-09-05');
    const error = await expectRefusal(
      chain,
      () =>
        chain.evaluations().recordEvaluation(evaluation({ contractId: fresh.contractId, kind: 'midterm' })),
      'STAGE_OUT_OF_ORDER',
      ['input', 'contractId'],
    );
    expect(error).toMatchObject({ details: { state: 'evaluation', allowed: ['implementation'] } });
    const closed = await chain.addContract('closure');
    await expectRefusal(
      chain,
      () => chain.evaluations().recordEvaluation(evaluation({ contractId: closed.contractId })),
      'STAGE_OUT_OF_ORDER',
      ['input', 'contractId'],
    );
    // The stage moved on: the final evaluation is now due.
    await expect(
      chain
        .evaluations()
        .recordEvaluation(evaluation({ contractId: fresh.contractId, evaluatedOn: '2025-09-20' })),
    ).resolves.toMatchObject({ evaluation: { kind: 'final' } });
  });
});

describe('never by the undertaker nor a competitor', () => {
  let open: ChainContract;

  beforeAll(async () => {
    open = await chain.addContract('evaluation');
  });

  it('refuses the undertaker as evaluator, by id and by USCC (CONFLICT_OF_INTEREST)', async () => {
    const byUndertaker = (overrides: Partial<RecordEvaluationInput>) => () =>
      chain.evaluations().recordEvaluation(evaluation({ contractId: open.contractId, ...overrides }));
    await expectRefusal(
      chain,
      byUndertaker({
        evaluatorName: '虎丘区乐龄社会工作服务中心',
        evaluatorOrganizationId: chain.organizations.undertaker,
      }),
      'CONFLICT_OF_INTEREST',
      ['input', 'evaluatorOrganizationId'],
    );
    for (const uscc of [chain.usccs.undertaker, ` ${chain.usccs.undertaker.toLowerCase()} `]) {
      await expectRefusal(
        chain,
        byUndertaker({ evaluatorName: '乐龄评估部', evaluatorOrganizationId: null, evaluatorUscc: uscc }),
        'CONFLICT_OF_INTEREST',
        ['input', 'evaluatorUscc'],
      );
    }
    // A mid-term one is refused alike.
    await expectRefusal(
      chain,
      () =>
        chain.evaluations().recordEvaluation(
          evaluation({
            contractId: underway.contractId,
            kind: 'midterm',
            evaluatorOrganizationId: chain.organizations.undertaker,
          }),
        ),
      'CONFLICT_OF_INTEREST',
      ['input', 'evaluatorOrganizationId'],
    );
  });

  it('refuses an organization that bid for the same purchase, by id and by USCC', async () => {
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations()
          .recordEvaluation(
            evaluation({ contractId: open.contractId, evaluatorOrganizationId: chain.organizations.rival }),
          ),
      'CONFLICT_OF_INTEREST',
      ['input', 'evaluatorOrganizationId'],
    );
    await expectRefusal(
      chain,
      () =>
        chain.evaluations().recordEvaluation(
          evaluation({
            contractId: open.contractId,
            evaluatorOrganizationId: null,
            evaluatorUscc: chain.usccs.rival,
          }),
        ),
      'CONFLICT_OF_INTEREST',
      ['input', 'evaluatorUscc'],
    );
  });

  it('refuses a USCC that is not the named organization’s', async () => {
    await expectRefusal(
      chain,
      () =>
        chain
          .evaluations()
          .recordEvaluation(evaluation({ contractId: open.contractId, evaluatorUscc: chain.usccs.stranger })),
      'VALIDATION_FAILED',
      ['input', 'evaluatorUscc'],
    );
  });
});

describe('bad input', () => {
  it.each([
    ['an unknown kind', { kind: 'interim' as 'final' }, 'INVALID_CODE_LIST_VALUE', ['input', 'kind']],
    ['an unknown grade', { grade: 'AAAA' as 'good' }, 'INVALID_CODE_LIST_VALUE', ['input', 'grade']],
    ['a score over 100', { score: 100.01 }, 'INVALID_NUMBER', ['input', 'score']],
    ['a negative score', { score: -1 }, 'INVALID_NUMBER', ['input', 'score']],
    ['a score with three decimals', { score: 88.125 }, 'INVALID_NUMBER', ['input', 'score']],
    ['a score given as text', { score: '88' as unknown as number }, 'INVALID_NUMBER', ['input', 'score']],
    [
      'a summary naming a phone number',
      { summary: '联系人 13812345678' },
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'summary'],
    ],
    ['an empty summary', { summary: '' }, 'VALIDATION_FAILED', ['input', 'summary']],
    [
      'an evaluator name holding a resident ID',
      { evaluatorName: '评估员 320505198803120245' },
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'evaluatorName'],
    ],
    [
      'a report reference with a control character',
      { reportReference: '苏公评\u001b31' },
      'INVALID_TEXT',
      ['input', 'reportReference'],
    ],
    ['a malformed USCC', { evaluatorUscc: '52320505MJ550000' }, 'INVALID_USCC', ['input', 'evaluatorUscc']],
    ['a day after today', { evaluatedOn: '2025-10-01' }, 'DATE_IN_FUTURE', ['input', 'evaluatedOn']],
    [
      'an evaluator organization that does not exist',
      { evaluatorOrganizationId: 999_999 },
      'NOT_FOUND',
      ['input', 'evaluatorOrganizationId'],
    ],
    ['a contract that does not exist', { contractId: 999_999 }, 'NOT_FOUND', ['input', 'contractId']],
    ['a contract id that cannot exist', { contractId: 1.5 }, 'NOT_FOUND', ['input', 'contractId']],
  ] as const)('refuses %s', async (_what, overrides, code, path) => {
    await expectRefusal(
      chain,
      () => chain.evaluations().recordEvaluation(evaluation(overrides as Partial<RecordEvaluationInput>)),
      code,
      path,
    );
  });
});

describe('who may record', () => {
  it('refuses the undertaker’s own staff and the units; another organization is told nothing exists', async () => {
    const fresh = await chain.addContract('evaluation');
    const record = (actor: Parameters<DeliveryChain['evaluations']>[0]) => () =>
      chain.evaluations(actor).recordEvaluation(evaluation({ contractId: fresh.contractId }));
    for (const actor of [
      chain.staff.undertaker,
      chain.staff.rival,
      chain.staff.bureau,
      chain.staff.subdistrict,
      chain.staff.community,
    ]) {
      await expectRefusal(chain, record(actor), 'FORBIDDEN');
    }
    for (const actor of [chain.staff.stranger, chain.staff.otherSubdistrict]) {
      await expectRefusal(chain, record(actor), 'NOT_FOUND', ['input', 'contractId']);
    }
    const rows = await chain.database.db
      .select()
      .from(projectEvaluations)
      .where(eq(projectEvaluations.contractId, fresh.contractId));
    expect(rows).toEqual([]);
  });
});
