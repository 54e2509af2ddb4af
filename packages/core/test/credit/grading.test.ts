/**
 * Evaluation grades (社会组织评估管理办法, 民政部令第39号; docs/domain.md §3): eligibility read from
 * the records, the grade from the local cut-offs in force on the award day, validity, the
 * superseding of an earlier grade, and history that stays re-derivable when the policy changes.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreditService } from '../../src/organizations/credit-service.js';
import { gradeForScore } from '../../src/organizations/evaluation-rules.js';
import { createPolicyService } from '../../src/policies/index.js';
import { organizationGrades } from '../../src/schema/index.js';
import {
  auditOf,
  COMMUNITY_CODE,
  type CreditFixture,
  CUTOFFS_2015,
  CUTOFFS_2015_SOURCE,
  createCreditFixture,
  DISTRICT,
  expectRefused,
  TODAY,
} from './helpers.js';

let f: CreditFixture;

beforeAll(async () => {
  f = await createCreditFixture();
});
afterAll(() => f?.database.close());

describe('gradeOrganization', () => {
  it('awards the grade the score earns, valid 5 years, with the source of the cut-offs, and audits it', async () => {
    const organization = await f.organization({ registeredOn: '2018-03-15' });
    const grade = await f.credit.gradeOrganization({ organizationId: organization.id, score: 650 });
    expect(grade).toMatchObject({
      districtCode: DISTRICT,
      organizationId: organization.id,
      grade: 3,
      score: 650,
      awardedOn: TODAY,
      validUntil: '2030-05-31',
      cutoffsSource: CUTOFFS_2015_SOURCE,
      revokedOn: null,
    });
    const audit = await auditOf(f.database, 'organization_grade', grade.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'organization.grade' });
    expect(audit[0]!.reason).toContain(CUTOFFS_2015_SOURCE);
    expect(audit[0]!.reason).toContain('民政部令第39号');

    expect(await f.credit.currentGrade(organization.id)).toEqual(grade);
    expect(await f.credit.currentGrade(organization.id, '2025-05-31')).toBeUndefined();
    expect(await f.credit.currentGrade(organization.id, '2030-05-31')).toEqual(grade);
    expect(await f.credit.currentGrade(organization.id, '2030-06-01')).toBeUndefined();
  });

  it('each cut-off is the lowest score of its grade', async () => {
    const grades = [];
    for (const score of [CUTOFFS_2015['1A'], CUTOFFS_2015['4A'] - 1, CUTOFFS_2015['5A'], 1000]) {
      const organization = await f.organization();
      grades.push((await f.credit.gradeOrganization({ organizationId: organization.id, score })).grade);
    }
    expect(grades).toEqual([1, 3, 5, 5]);
  });

  it('社会组织评估管理办法 第六条: graded on the day two full years of registration are complete', async () => {
    const organization = await f.organization({ registeredOn: '2023-06-01' });
    const grade = await f.credit.gradeOrganization({ organizationId: organization.id, score: 500 });
    expect(grade.grade).toBe(2);
  });

  it('a new grade supersedes a still-valid earlier one from its award day', async () => {
    const organization = await f.organization({ registeredOn: '2015-01-01' });
    const first = await f.credit.gradeOrganization({
      organizationId: organization.id,
      score: 480,
      awardedOn: '2022-03-01',
    });
    const second = await f.credit.gradeOrganization({
      organizationId: organization.id,
      score: 780,
      awardedOn: '2025-04-01',
    });
    const [stored] = await f.database.db
      .select()
      .from(organizationGrades)
      .where(eq(organizationGrades.id, first.id));
    expect(stored).toMatchObject({ revokedOn: '2025-04-01', grade: 2, validUntil: '2027-02-28' });
    expect(second).toMatchObject({ grade: 4, revokedOn: null });
    expect((await f.credit.currentGrade(organization.id, '2025-03-31'))?.id).toBe(first.id);
    expect((await f.credit.currentGrade(organization.id, '2025-04-01'))?.id).toBe(second.id);
    const audit = await auditOf(f.database, 'organization_grade', first.id);
    expect(audit.map((a) => a.action)).toEqual(['organization.grade', 'organization_grade.supersede']);
  });

  it('an expired grade is left as it was when a new one is awarded', async () => {
    const organization = await f.organization({ registeredOn: '2010-01-01' });
    const old = await f.credit.gradeOrganization({
      organizationId: organization.id,
      score: 700,
      awardedOn: '2016-01-10',
    });
    await f.credit.gradeOrganization({ organizationId: organization.id, score: 700 });
    const [stored] = await f.database.db
      .select()
      .from(organizationGrades)
      .where(eq(organizationGrades.id, old.id));
    expect(stored!.revokedOn).toBeNull();
  });

  it('docs/domain.md §3: listed and penalised together, the refusal names both reasons', async () => {
    const organization = await f.organization({ registeredOn: '2016-01-01' });
    await f.credit.listOrganization({
      organizationId: organization.id,
      list: 'abnormal_activity',
      reason: 'annual_report_missing',
      listedOn: '2025-03-01',
    });
    await f.credit.recordCreditInformation({
      organizationId: organization.id,
      category: 'penalty',
      kind: 'penalty_fine',
      occurredOn: '2024-12-01',
      summary: '罚款人民币2万元',
      source: '虎民罚〔2024〕9号',
    });
    const refusal = await expectRefused(
      f.database,
      () => f.credit.gradeOrganization({ organizationId: organization.id, score: 800 }),
      {
        code: 'NOT_ELIGIBLE',
        path: ['input', 'organizationId'],
        details: { reasons: ['listed', 'penalised'] },
      },
    );
    expect(refusal.message).toContain('民政部令第39号');
    // Before the listing and more than a year after the penalty, the same organization could
    // have been graded: the rule reads the records as they stood on the award day.
    const earlier = await f.credit.gradeOrganization({
      organizationId: organization.id,
      score: 800,
      awardedOn: '2023-11-30',
    });
    expect(earlier.grade).toBe(4);
  });
});

describe('社会组织评估管理办法 第七条: exclusions read from the credit records', () => {
  it('第七条第一至四项: the previous calendar year’s inspection failed, an open investigation, a penalty not carried out; each ends as its record says', async () => {
    const organization = await f.organization({ registeredOn: '2015-01-01' });
    const record = (category: 'inspection' | 'other', kind: string, occurredOn: string) =>
      f.credit.recordCreditInformation({
        organizationId: organization.id,
        category,
        kind,
        occurredOn,
        summary: kind,
        source: '虎民检〔2025〕7号',
      });
    await record('inspection', 'annual_inspection_failed', '2024-06-10');
    await record('inspection', 'investigation_opened', '2025-02-01');
    await record('other', 'penalty_execution_pending', '2025-03-01');
    const refusal = await expectRefused(
      f.database,
      () => f.credit.gradeOrganization({ organizationId: organization.id, score: 800 }),
      {
        code: 'NOT_ELIGIBLE',
        path: ['input', 'organizationId'],
        details: { reasons: ['annual_inspection_failed', 'under_investigation', 'penalty_outstanding'] },
      },
    );
    expect(refusal.message).toContain('第七条');
    await record('inspection', 'investigation_closed', '2025-05-10');
    await record('other', 'penalty_executed', '2025-05-20');
    await expectRefused(
      f.database,
      () => f.credit.gradeOrganization({ organizationId: organization.id, score: 800 }),
      {
        code: 'NOT_ELIGIBLE',
        path: ['input', 'organizationId'],
        details: { reasons: ['annual_inspection_failed'] },
      },
    );
    // In 2026 the failed inspection of 2024 is no longer the previous year's.
    const nextYear = createCreditService(f.database, { today: () => '2026-01-05' });
    expect((await nextYear.gradeOrganization({ organizationId: organization.id, score: 800 })).grade).toBe(4);
  });
});

describe('re-derivable history (policy values never rewrite decisions already taken)', () => {
  it('a later cut-off policy grades later awards; an earlier grade still matches the policy of its own day', async () => {
    const earlyOrganization = await f.organization({ registeredOn: '2017-01-01' });
    const early = await f.credit.gradeOrganization({
      organizationId: earlyOrganization.id,
      score: 620,
      awardedOn: '2024-03-01',
    });
    expect(early).toMatchObject({ grade: 3, cutoffsSource: CUTOFFS_2015_SOURCE });

    const stricter = { '1A': 350, '2A': 500, '3A': 650, '4A': 800, '5A': 950 };
    const stricterSource = '虎民〔2025〕3号 评估等级分数线调整';
    const policies = createPolicyService(f.database, { today: () => '2024-12-01' });
    await policies.setPolicy({
      key: 'organization.evaluation_grade_cutoffs',
      jurisdictionCode: DISTRICT,
      effectiveFrom: '2025-01-01',
      value: stricter,
      source: stricterSource,
    });

    const lateOrganization = await f.organization({ registeredOn: '2017-01-01' });
    const late = await f.credit.gradeOrganization({ organizationId: lateOrganization.id, score: 620 });
    expect(late).toMatchObject({ grade: 2, cutoffsSource: stricterSource });

    // Re-derive the early grade from the policy in force on its award day.
    const [stored] = await f.database.db
      .select()
      .from(organizationGrades)
      .where(eq(organizationGrades.id, early.id));
    const thenInForce = await policies.requireValueInForce(
      'organization.evaluation_grade_cutoffs',
      COMMUNITY_CODE,
      stored!.awardedOn,
    );
    expect(thenInForce.source).toBe(stored!.cutoffsSource);
    expect(gradeForScore(stored!.score, thenInForce.value)).toBe(stored!.grade);
    expect(stored!.grade).toBe(3);
    // The policy of today would have given another grade: the stored source is what explains it.
    const nowInForce = await policies.requireValueInForce(
      'organization.evaluation_grade_cutoffs',
      COMMUNITY_CODE,
      TODAY,
    );
    expect(gradeForScore(stored!.score, nowInForce.value)).toBe(2);
  });

  it('the cut-offs of the base community’s subdistrict win over the district’s; an organization without a base community uses the district’s', async () => {
    const policies = createPolicyService(f.database, { today: () => '2024-12-01' });
    await policies.setPolicy({
      key: 'organization.evaluation_grade_cutoffs',
      jurisdictionCode: '320505001',
      effectiveFrom: '2025-02-01',
      value: { '1A': 200, '2A': 300, '3A': 400, '4A': 500, '5A': 600 },
      source: '狮山街道〔2025〕1号',
    });
    const inCommunity = await f.organization();
    const districtWide = await f.organization({ inCommunity: false });
    const local = await f.credit.gradeOrganization({ organizationId: inCommunity.id, score: 620 });
    const wide = await f.credit.gradeOrganization({ organizationId: districtWide.id, score: 620 });
    expect(local).toMatchObject({ grade: 5, cutoffsSource: '狮山街道〔2025〕1号' });
    expect(wide).toMatchObject({ grade: 2, cutoffsSource: '虎民〔2025〕3号 评估等级分数线调整' });
  });
});
