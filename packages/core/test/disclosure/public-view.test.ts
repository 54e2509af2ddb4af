/**
 * The public project view as a pure function (四公开, docs/domain.md §6.8): rows as stored go in,
 * with every private column they carry, and only the whitelisted fields come out; the rules of
 * what is published when.
 */
import { describe, expect, it } from 'vitest';
import {
  isDisclosed,
  PERSONAL_DONOR_NAME,
  type PublicProjectSource,
  parsePublicProjectsQuery,
  publishedFunderName,
  purchaseStageDays,
  toPublicProject,
} from '../../src/disclosure/index.js';
import { expectWhitelisted } from './whitelist.js';

const PRIVATE = {
  recordedBy: 'mz-czk-01',
  cancellationReason: '有效投标人不足三家',
  terminationReason: '承接机构人员变动',
  needDescription: '王某某住在3号楼',
  respondentHash: 'a'.repeat(64),
  eligibility: '信用核查编号XY-01',
};

/** A project's rows as a read might hand them over, private columns included. */
function storedRows(stage: 'tender' | 'award' | 'contract'): PublicProjectSource {
  const reached = (s: string) =>
    ['tender', 'award', 'contract'].indexOf(stage) >= ['tender', 'award', 'contract'].indexOf(s);
  const rows = {
    project: {
      id: 7,
      districtCode: '320505',
      name: '长者助餐项目',
      unitCode: '320505001001',
      serviceDomain: 'elderly',
      goals: '助餐与探访',
      startsOn: '2024-03-15',
      endsOn: '2025-03-14',
      methods: ['casework'],
      status: 'approved',
      approvedOn: '2024-02-01',
      closedOn: null,
      budgetFen: 1_000_000,
      version: 3,
      createdAt: '2024-02-01T00:00:00Z',
      updatedBy: PRIVATE.recordedBy,
    },
    unitNames: new Map([
      ['320505001001', '狮山社区'],
      ['320505001', '狮山街道'],
    ]),
    communitiesServed: [{ code: '320505001001', communityId: 12 }],
    budgetLines: [
      {
        lineNumber: 1,
        category: 'personnel',
        description: '人员',
        amountFen: 1_000_000,
        recordedAt: 'x',
        id: 4,
      },
    ],
    indicators: [{ kind: 'output', description: '人次', unit: '人次', target: 10, achieved: null, id: 1 }],
    needs: [
      {
        title: '助餐',
        category: 'elderly',
        source: 'micro_wish',
        communityCode: '320505001001',
        description: PRIVATE.needDescription,
        residentsAffected: 3,
      },
    ],
    purchase: {
      purchaserUnitCode: '320505001',
      method: 'open_tender',
      stage,
      plannedOn: '2024-02-05',
      tenderPublishedOn: '2024-02-10',
      bidsClosedOn: reached('award') ? '2024-02-25' : null,
      awardedOn: reached('award') ? '2024-03-01' : null,
      contractedOn: reached('contract') ? '2024-03-10' : null,
      implementationStartedOn: null,
      evaluationStartedOn: null,
      closedOn: null,
      cancellationReason: PRIVATE.cancellationReason,
    },
    bidCount: 3,
    undertaker: { name: '乐龄社工中心', uscc: '52320505MJ5500001A', eligibility: PRIVATE.eligibility },
    contract: reached('contract')
      ? {
          contractNumber: 'HQ-1',
          signedOn: '2024-03-10',
          startsOn: '2024-03-15',
          endsOn: '2025-03-14',
          amountFen: 900_000,
          terminatedOn: null,
          terminationReason: PRIVATE.terminationReason,
          id: 5,
        }
      : null,
    tranches: reached('contract')
      ? [
          {
            trancheNumber: 1,
            milestone: 'signing',
            plannedOn: '2024-03-10',
            amountFen: 900_000,
            releasedOn: null,
            contractId: 5,
          },
        ]
      : [],
    funding: [
      {
        kind: 'donation',
        funderName: '张三丰',
        funderUscc: null,
        funderOrganizationId: null,
        earmarkedFen: 100_000,
        disbursedFen: 40_000,
        sourceId: 3,
      },
    ],
    evaluations: [],
    scoreCounts: [
      { score: 4, count: 2, respondentHash: PRIVATE.respondentHash },
      { score: 2, count: 1 },
    ],
  };
  return rows;
}

describe('toPublicProject', () => {
  it('copies the whitelisted fields only, whatever columns the rows carry', () => {
    const view = toPublicProject(storedRows('contract'));
    expectWhitelisted(view);
    const text = JSON.stringify(view);
    for (const value of Object.values(PRIVATE)) expect(text).not.toContain(value);
    expect(text).not.toContain('张三丰');
    expect(view.funding).toEqual({
      earmarkedFen: 100_000,
      disbursedFen: 40_000,
      bySource: [
        { kind: 'donation', funderName: PERSONAL_DONOR_NAME, earmarkedFen: 100_000, disbursedFen: 40_000 },
      ],
    });
    expect(view.satisfaction).toEqual({
      answers: 3,
      average: 10 / 3,
      scoreCounts: [
        { score: 1, count: 0 },
        { score: 2, count: 1 },
        { score: 3, count: 0 },
        { score: 4, count: 2 },
        { score: 5, count: 0 },
      ],
    });
  });

  it('the whitelist check catches a copied row', () => {
    const view = toPublicProject(storedRows('contract'));
    const leaky = { ...view, purchase: { ...view.purchase, cancellationReason: PRIVATE.cancellationReason } };
    expect(() => expectWhitelisted(leaky)).toThrow();
    expect(() => expectWhitelisted({ ...view, version: 3 })).toThrow();
    const nestedLeak = { ...view, needsAnswered: [{ ...view.needsAnswered[0], description: 'x' }] };
    expect(() => expectWhitelisted(nestedLeak)).toThrow();
  });

  it('a view is a copy: editing it leaves the rows as they were', () => {
    const rows = storedRows('contract');
    const view = toPublicProject(rows);
    view.methods.push('group_work');
    expect(rows.project.methods).toEqual(['casework']);
  });

  it('each stage adds its part: bids counted once opened, the undertaker from the award, the contract once signed', () => {
    const tender = toPublicProject(storedRows('tender'));
    expect(tender.purchase).toMatchObject({ bidCount: null, undertaker: null, contract: null });
    expect(tender.purchase.stages.map((s) => s.stage)).toEqual(['plan', 'tender']);
    const award = toPublicProject(storedRows('award'));
    expect(award.purchase).toMatchObject({
      bidCount: 3,
      undertaker: { name: '乐龄社工中心', uscc: '52320505MJ5500001A' },
      contract: null,
    });
    const contract = toPublicProject(storedRows('contract'));
    expect(contract.purchase.contract?.tranches).toHaveLength(1);
    expect(contract.purchase.stages.map((s) => s.stage)).toEqual([
      'plan',
      'tender',
      'bids',
      'award',
      'contract',
    ]);
  });
});

describe('disclosure rules', () => {
  it('isDisclosed: approved or closed, with a live purchase tendered on or before the day', () => {
    const tendered = { tenderPublishedOn: '2024-05-01' };
    expect(isDisclosed({ status: 'approved' }, tendered, '2024-05-01')).toBe(true);
    expect(isDisclosed({ status: 'closed' }, tendered, '2024-05-01')).toBe(true);
    expect(isDisclosed({ status: 'approved' }, tendered, '2024-04-30')).toBe(false);
    expect(isDisclosed({ status: 'approved' }, { tenderPublishedOn: null }, '2024-05-01')).toBe(false);
    expect(isDisclosed({ status: 'approved' }, null, '2024-05-01')).toBe(false);
    expect(isDisclosed({ status: 'draft' }, tendered, '2024-05-01')).toBe(false);
    expect(isDisclosed({ status: 'cancelled' }, tendered, '2024-05-01')).toBe(false);
  });

  it('publishedFunderName: a gift from someone with no credit code is 个人捐赠; organizations keep their names', () => {
    const source = { funderName: '李四', funderUscc: null, funderOrganizationId: null };
    expect(publishedFunderName({ ...source, kind: 'donation' })).toBe(PERSONAL_DONOR_NAME);
    expect(publishedFunderName({ ...source, kind: 'in_kind' })).toBe(PERSONAL_DONOR_NAME);
    expect(publishedFunderName({ ...source, kind: 'donation', funderUscc: '91320505MA00000010' })).toBe(
      '李四',
    );
    expect(publishedFunderName({ ...source, kind: 'donation', funderOrganizationId: 4 })).toBe('李四');
    // Budgets and sponsorships come from departments and enterprises: published as recorded.
    expect(publishedFunderName({ ...source, kind: 'government_budget', funderName: '虎丘区民政局' })).toBe(
      '虎丘区民政局',
    );
    expect(publishedFunderName({ ...source, kind: 'enterprise_sponsorship', funderName: '某公司' })).toBe(
      '某公司',
    );
  });

  it('purchaseStageDays: the stages reached, in order, with their days', () => {
    expect(
      purchaseStageDays({
        plannedOn: '2024-01-01',
        tenderPublishedOn: '2024-01-05',
        bidsClosedOn: null,
        awardedOn: null,
        contractedOn: null,
        implementationStartedOn: null,
        evaluationStartedOn: null,
        closedOn: null,
      }),
    ).toEqual([
      { stage: 'plan', reachedOn: '2024-01-01' },
      { stage: 'tender', reachedOn: '2024-01-05' },
    ]);
  });

  it('parsePublicProjectsQuery: defaults, and the district’s own codes', () => {
    expect(parsePublicProjectsQuery(undefined, '320505')).toEqual({
      success: true,
      data: { unitCode: null, year: null, first: 20, afterId: null },
    });
    expect(
      parsePublicProjectsQuery({ unitCode: '320505001', year: 2024, first: 5, after: '12' }, '320505'),
    ).toEqual({
      success: true,
      data: { unitCode: '320505001', year: 2024, first: 5, afterId: 12 },
    });
    expect(parsePublicProjectsQuery({ after: '0' }, '320505')).toMatchObject({
      success: false,
      error: { code: 'INVALID_CURSOR', path: ['input', 'after'] },
    });
    expect(parsePublicProjectsQuery({ first: 1.5 }, '320505')).toMatchObject({
      success: false,
      error: { code: 'INVALID_PAGINATION', path: ['input', 'first'] },
    });
  });
});
