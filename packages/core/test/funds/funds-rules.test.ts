/**
 * The pure rules of funds: the canonical body an idempotency key hashes, the tranche milestone
 * rule (docs/domain.md §6.3), and the line order every ledger write uses.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  movementLines,
  requestHash,
  reversalLines,
  type TrancheFacts,
  trancheMilestoneUnmet,
} from '../../src/funds/index.js';

describe('canonical request bodies', () => {
  it('hashes the same body the same whatever its key order, and drops undefined members', () => {
    const a = { sourceId: 3, trancheId: 7, amountFen: 5_000, paidOn: null, nested: { b: 1, a: [1, 'x'] } };
    const b = {
      nested: { a: [1, 'x'], b: 1 },
      paidOn: null,
      amountFen: 5_000,
      trancheId: 7,
      sourceId: 3,
      note: undefined,
    };
    expect(canonicalJson(a)).toBe(
      '{"amountFen":5000,"nested":{"a":[1,"x"],"b":1},"paidOn":null,"sourceId":3,"trancheId":7}',
    );
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash({ ...a, amountFen: 5_001 })).not.toBe(requestHash(a));
    // A null and a missing member are different requests.
    expect(requestHash({ x: null })).not.toBe(requestHash({}));
  });

  it('refuses what is not plain data', () => {
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(TypeError);
    expect(() => canonicalJson({ amount: Number.POSITIVE_INFINITY })).toThrow(TypeError);
  });
});

describe('tranche milestones', () => {
  const facts = (overrides: Partial<TrancheFacts>): TrancheFacts => ({
    milestone: 'signing',
    plannedOn: '2025-06-01',
    paidOn: '2025-06-10',
    contractSignedOn: '2025-02-20',
    purchaseStage: 'implementation',
    evaluations: [],
    ...overrides,
  });

  it('releases the signing tranche once the contract is signed', () => {
    expect(trancheMilestoneUnmet(facts({}))).toBeNull();
    expect(trancheMilestoneUnmet(facts({ paidOn: '2025-02-19' }))).toMatch(/signed on 2025-02-20/);
  });

  it('releases a milestone tranche once delivery is under way and its day is reached', () => {
    expect(trancheMilestoneUnmet(facts({ milestone: 'milestone' }))).toBeNull();
    expect(trancheMilestoneUnmet(facts({ milestone: 'milestone', purchaseStage: 'contract' }))).toMatch(
      /delivery/,
    );
    expect(trancheMilestoneUnmet(facts({ milestone: 'milestone', paidOn: '2025-05-31' }))).toMatch(/planned/);
  });

  it('releases an evaluation tranche once an evaluation of its kind passed by the day', () => {
    const passed = { kind: 'midterm', grade: 'pass', evaluatedOn: '2025-06-05' };
    expect(
      trancheMilestoneUnmet(facts({ milestone: 'midterm_evaluation', evaluations: [passed] })),
    ).toBeNull();
    expect(
      trancheMilestoneUnmet(
        facts({ milestone: 'midterm_evaluation', evaluations: [{ ...passed, grade: 'fail' }] }),
      ),
    ).toMatch(/midterm/);
    expect(
      trancheMilestoneUnmet(
        facts({ milestone: 'midterm_evaluation', evaluations: [{ ...passed, evaluatedOn: '2025-06-11' }] }),
      ),
    ).toMatch(/midterm/);
    expect(trancheMilestoneUnmet(facts({ milestone: 'final_evaluation', evaluations: [passed] }))).toMatch(
      /final/,
    );
  });
});

describe('line order', () => {
  it('writes a movement’s lines and its reversal’s in account order, summing to zero', () => {
    expect(movementLines(9, 4, 100)).toEqual([
      { accountId: 4, amount: 100 },
      { accountId: 9, amount: -100 },
    ]);
    expect(reversalLines(movementLines(9, 4, 100))).toEqual([
      { accountId: 4, amount: -100 },
      { accountId: 9, amount: 100 },
    ]);
  });
});
