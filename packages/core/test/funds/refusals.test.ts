/**
 * What the funds service refuses, each with its code and field path, and nothing changed (every
 * table compared before and after): docs/domain.md §6.3–§6.5 and §6.10 "left to the services".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFundsChain,
  DISTRICT,
  expectRefusal,
  type FundsChain,
  fundedSource,
  newKey,
  recordEvaluation,
  staff,
  TODAY,
} from './fixture.js';

let chain: FundsChain;
/** 10,000,000 fen received; 4,000,000 earmarked for the chain's project. */
let budget: Awaited<ReturnType<typeof fundedSource>>;

beforeAll(async () => {
  chain = await createFundsChain();
  budget = await fundedSource(chain, { amountFen: 12_000_000, receivedFen: 10_000_000 });
  await chain.funds.earmarkFunds({
    sourceId: budget.sourceId,
    projectId: chain.projectId,
    amountFen: 4_000_000,
    earmarkedOn: '2025-02-21',
    idempotencyKey: newKey(),
  });
});

afterAll(async () => {
  await chain?.database.close();
});

const pay = (
  amountFen: number,
  extra: Partial<{ sourceId: number; trancheId: number; paidOn: string }> = {},
) => ({
  sourceId: budget.sourceId,
  trancheId: chain.tranches.signing,
  amountFen,
  paidOn: '2025-03-01',
  idempotencyKey: newKey(),
  ...extra,
});

describe('amounts', () => {
  it.each([
    ['a fraction of a fen', 100.5],
    ['a negative amount', -100],
    ['zero', 0],
    ['a string', '100'],
    ['an amount past 2^53', 2 ** 53],
    ['not a number', Number.NaN],
  ])('refuses %s as INVALID_NUMBER', async (_what, amountFen) => {
    await expectRefusal(
      chain,
      () => chain.funds.disburseTranche({ ...pay(1), amountFen: amountFen as number }),
      'INVALID_NUMBER',
      ['input', 'amountFen'],
    );
    await expectRefusal(
      chain,
      () =>
        chain.funds.recordReceipt({
          sourceId: budget.sourceId,
          amountFen: amountFen as number,
          idempotencyKey: newKey(),
        }),
      'INVALID_NUMBER',
      ['input', 'amountFen'],
    );
  });
});

describe('limits', () => {
  it('refuses a receipt past what the source committed', async () => {
    const error = await expectRefusal(
      chain,
      () =>
        chain.funds.recordReceipt({
          sourceId: budget.sourceId,
          amountFen: 2_000_001,
          idempotencyKey: newKey(),
        }),
      'AMOUNT_OVER_LIMIT',
      ['input', 'amountFen'],
    );
    expect(error).toMatchObject({
      details: { limitFen: 12_000_000, usedFen: 10_000_000, requestedFen: 2_000_001 },
    });
  });

  it('refuses earmarks past the project budget across sources, before the database would', async () => {
    const other = await fundedSource(chain, { amountFen: 40_000_000 });
    const error = await expectRefusal(
      chain,
      () =>
        chain.funds.earmarkFunds({
          sourceId: other.sourceId,
          projectId: chain.projectId,
          amountFen: 26_000_001,
          idempotencyKey: newKey(),
        }),
      'AMOUNT_OVER_LIMIT',
      ['input', 'amountFen'],
    );
    expect(error).toMatchObject({
      details: { limitFen: 30_000_000, usedFen: 4_000_000, requestedFen: 26_000_001 },
    });
  });

  it('refuses an earmark past what the source holds', async () => {
    await expectRefusal(
      chain,
      () =>
        chain.funds.earmarkFunds({
          sourceId: budget.sourceId,
          projectId: chain.otherProjectId,
          amountFen: 6_000_001,
          idempotencyKey: newKey(),
        }),
      'INSUFFICIENT_BALANCE',
      ['input', 'amountFen'],
    );
  });

  it('refuses a second earmark of one source for one project', async () => {
    await expectRefusal(
      chain,
      () =>
        chain.funds.earmarkFunds({
          sourceId: budget.sourceId,
          projectId: chain.projectId,
          amountFen: 1,
          idempotencyKey: newKey(),
        }),
      'DUPLICATE_RECORD',
      ['input', 'projectId'],
    );
  });

  it('refuses a disbursement past the earmark (over-disbursement)', async () => {
    const error = await expectRefusal(
      chain,
      () => chain.funds.disburseTranche(pay(4_000_001)),
      'INSUFFICIENT_BALANCE',
      ['input', 'amountFen'],
    );
    expect(error).toMatchObject({ details: { balanceFen: 4_000_000, requestedFen: 4_000_001 } });
  });

  it('refuses a disbursement past the tranche, then past the contract', async () => {
    const big = await fundedSource(chain, { amountFen: 25_000_000 });
    await chain.funds.earmarkFunds({
      sourceId: big.sourceId,
      projectId: chain.projectId,
      amountFen: 25_000_000,
      idempotencyKey: newKey(),
    });
    await expectRefusal(
      chain,
      () => chain.funds.disburseTranche({ ...pay(8_640_001), sourceId: big.sourceId }),
      'AMOUNT_OVER_LIMIT',
      ['input', 'amountFen'],
    );
    // The signing tranche paid in full: nothing more on it, whatever the source.
    await chain.funds.disburseTranche({ ...pay(8_640_000), sourceId: big.sourceId });
    await expectRefusal(chain, () => chain.funds.disburseTranche(pay(1)), 'AMOUNT_OVER_LIMIT', [
      'input',
      'amountFen',
    ]);
  });
});

describe('what may be paid', () => {
  it('refuses a disbursement from a source to a project it is not earmarked for', async () => {
    const stranger = await fundedSource(chain, { amountFen: 5_000_000 });
    await chain.funds.earmarkFunds({
      sourceId: stranger.sourceId,
      projectId: chain.otherProjectId,
      amountFen: 5_000_000,
      idempotencyKey: newKey(),
    });
    const error = await expectRefusal(
      chain,
      () =>
        chain.funds.disburseTranche({
          ...pay(1_000),
          sourceId: stranger.sourceId,
          trancheId: chain.tranches.milestone,
          paidOn: '2025-06-02',
        }),
      'NOT_EARMARKED',
      ['input', 'sourceId'],
    );
    expect(error).toMatchObject({ details: { sourceId: stranger.sourceId, projectId: chain.projectId } });
  });

  it('refuses a tranche whose milestone is not met on the day', async () => {
    // The milestone tranche is planned for 2025-06-01.
    await expectRefusal(
      chain,
      () =>
        chain.funds.disburseTranche(
          pay(1_000, { trancheId: chain.tranches.milestone, paidOn: '2025-05-31' }),
        ),
      'MILESTONE_NOT_REACHED',
      ['input', 'trancheId'],
    );
    // The mid-term tranche: no evaluation yet, then a failed one; a passed one releases it.
    const midterm = () =>
      chain.funds.disburseTranche(pay(1_000, { trancheId: chain.tranches.midterm, paidOn: TODAY }));
    await expectRefusal(chain, midterm, 'MILESTONE_NOT_REACHED', ['input', 'trancheId']);
    await recordEvaluation(chain, 'midterm', 'fail', '2025-09-05');
    await expectRefusal(chain, midterm, 'MILESTONE_NOT_REACHED', ['input', 'trancheId']);
    await recordEvaluation(chain, 'midterm', 'pass', '2025-09-20');
    await expect(midterm()).resolves.toMatchObject({ kind: 'disbursement' });
    // The final tranche waits for the final evaluation.
    await expectRefusal(
      chain,
      () => chain.funds.disburseTranche(pay(1_000, { trancheId: chain.tranches.final, paidOn: TODAY })),
      'MILESTONE_NOT_REACHED',
      ['input', 'trancheId'],
    );
  });

  it('refuses an unknown source or tranche as NOT_FOUND, and a payment day after today', async () => {
    await expectRefusal(
      chain,
      () => chain.funds.disburseTranche(pay(1, { sourceId: 999_999 })),
      'NOT_FOUND',
      ['input', 'sourceId'],
    );
    await expectRefusal(
      chain,
      () => chain.funds.disburseTranche(pay(1, { trancheId: 999_999 })),
      'NOT_FOUND',
      ['input', 'trancheId'],
    );
    await expectRefusal(
      chain,
      () => chain.funds.disburseTranche(pay(1, { paidOn: '2025-10-01' })),
      'DATE_IN_FUTURE',
      ['input', 'paidOn'],
    );
  });
});

describe('idempotency keys', () => {
  it('refuses a replayed key with a different body, and changes nothing', async () => {
    // The signing tranche is paid in full by now; the milestone tranche is open.
    const first = pay(1_000, { trancheId: chain.tranches.milestone, paidOn: '2025-06-02' });
    const answer = await chain.funds.disburseTranche(first);
    await expectRefusal(
      chain,
      () => chain.funds.disburseTranche({ ...first, amountFen: 1_001 }),
      'IDEMPOTENCY_KEY_REUSED',
      ['input', 'idempotencyKey'],
    );
    await expect(chain.funds.disburseTranche(first)).resolves.toEqual(answer);
  });

  it('refuses a key that is too short or not plain text', async () => {
    for (const idempotencyKey of ['short', 'x'.repeat(129), 'key with spaces', 42]) {
      await expectRefusal(
        chain,
        () => chain.funds.disburseTranche({ ...pay(1), idempotencyKey: idempotencyKey as string }),
        'VALIDATION_FAILED',
        ['input', 'idempotencyKey'],
      );
    }
  });
});

describe('who may', () => {
  it('lets the bureau and the project’s subdistrict run funds; refuses community staff and another subdistrict', async () => {
    await expectRefusal(chain, () => chain.as(staff.community).disburseTranche(pay(1)), 'FORBIDDEN');
    await expectRefusal(chain, () => chain.as(staff.otherSubdistrict).disburseTranche(pay(1)), 'FORBIDDEN');
    // Sources are district-wide: a subdistrict does not register them.
    await expectRefusal(
      chain,
      () =>
        chain.as(staff.subdistrict).registerFundingSource({
          kind: 'enterprise_sponsorship',
          funderName: '苏州某科技有限公司',
          reference: '赞助协议 ZZ-2025-02',
          amountFen: 100_000,
          committedOn: '2025-03-01',
          idempotencyKey: newKey(),
        }),
      'FORBIDDEN',
    );
    await expect(
      chain
        .as(staff.subdistrict)
        .disburseTranche(pay(1, { trancheId: chain.tranches.milestone, paidOn: '2025-06-02' })),
    ).resolves.toMatchObject({
      kind: 'disbursement',
    });
    expect(DISTRICT).toBe('320505');
  });

  it('refuses a source that names a person in published text, or in-kind fields on money', async () => {
    await expectRefusal(
      chain,
      () =>
        chain.funds.registerFundingSource({
          kind: 'donation',
          funderName: '捐赠人 13912345678',
          reference: '捐赠协议 JZ-2025-012',
          amountFen: 100_000,
          committedOn: '2025-03-01',
          idempotencyKey: newKey(),
        }),
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'funderName'],
    );
    await expectRefusal(
      chain,
      () =>
        chain.funds.registerFundingSource({
          kind: 'donation',
          funderName: '个人捐赠',
          reference: '捐赠协议 JZ-2025-013',
          amountFen: 100_000,
          committedOn: '2025-03-01',
          valuationBasis: '市场价',
          idempotencyKey: newKey(),
        }),
      'VALIDATION_FAILED',
      ['input', 'valuationBasis'],
    );
    await expectRefusal(
      chain,
      () =>
        chain.funds.registerFundingSource({
          kind: 'in_kind',
          funderName: '狮山社区居委会',
          reference: '场地使用协议 SS-2025-04',
          amountFen: 100_000,
          committedOn: '2025-03-01',
          inKindDescription: '活动室',
          idempotencyKey: newKey(),
        }),
      'VALIDATION_FAILED',
      ['input', 'valuationBasis'],
    );
    await expectRefusal(
      chain,
      () =>
        chain.funds.registerFundingSource({
          kind: 'lottery' as 'donation',
          funderName: '某单位',
          reference: 'X-1',
          amountFen: 100_000,
          committedOn: '2025-03-01',
          idempotencyKey: newKey(),
        }),
      'INVALID_CODE_LIST_VALUE',
      ['input', 'kind'],
    );
  });
});
