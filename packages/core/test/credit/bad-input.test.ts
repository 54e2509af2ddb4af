/**
 * Every write the credit service refuses: the error (code, path, SansheError) and a database
 * left exactly as it was (a full snapshot compared before and after, see helpers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreditService } from '../../src/organizations/credit-service.js';
import type {
  OrganizationCreditProcedure,
  OrganizationCreditRecord,
  OrganizationListEntry,
  SocialOrganization,
} from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import { type CreditFixture, createCreditFixture, expectRefused } from './helpers.js';

let f: CreditFixture;
let credit: CreditService;
let before: Record<string, unknown[]>;

// The fixture (filled in beforeAll). Names say what each record is for.
const o = {} as Record<
  'established' | 'other' | 'recent' | 'filed' | 'deregistered' | 'listed' | 'graded',
  SocialOrganization
>;
const e = {} as Record<
  'openAbnormal' | 'closed' | 'dishonesty' | 'otherOrgEntry' | 'listedEntry',
  OrganizationListEntry
>;
const r = {} as Record<'record' | 'withdrawn' | 'otherOrgRecord', OrganizationCreditRecord>;
const p = {} as Record<
  'pendingObjection' | 'decidedObjection' | 'pendingRepair' | 'decidedRepair',
  OrganizationCreditProcedure
>;

beforeAll(async () => {
  f = await createCreditFixture();
  credit = f.credit;
  o.established = await f.organization({ registeredOn: '2012-05-01' });
  o.other = await f.organization({ registeredOn: '2012-05-01' });
  o.recent = await f.organization({ registeredOn: '2024-01-01' });
  o.filed = await f.organization({ legalStatus: 'filed', registeredOn: '2012-05-01' });
  o.deregistered = await f.organization({ registeredOn: '2012-05-01', deregisteredOn: '2024-12-31' });
  o.listed = await f.organization({ registeredOn: '2012-05-01' });
  o.graded = await f.organization({ registeredOn: '2012-05-01' });

  e.openAbnormal = await credit.listOrganization({
    organizationId: o.established.id,
    list: 'abnormal_activity',
    reason: 'annual_report_missing',
    listedOn: '2025-02-01',
  });
  e.closed = await credit.listOrganization({
    organizationId: o.other.id,
    list: 'abnormal_activity',
    reason: 'rectification_overdue',
    listedOn: '2024-01-01',
  });
  e.closed = await credit.removeFromList({
    entryId: e.closed.id,
    removedOn: '2024-03-01',
    removalReason: 'rectified',
  });
  e.dishonesty = await credit.listOrganization({
    organizationId: o.established.id,
    list: 'serious_dishonesty',
    reason: 'activities_suspended',
    listedOn: '2022-01-10',
  });
  e.otherOrgEntry = await credit.listOrganization({
    organizationId: o.other.id,
    list: 'serious_dishonesty',
    reason: 'activities_suspended',
    listedOn: '2024-06-01',
  });
  e.listedEntry = await credit.listOrganization({
    organizationId: o.listed.id,
    list: 'abnormal_activity',
    reason: 'rectification_overdue',
    listedOn: '2025-05-01',
  });

  r.record = await credit.recordCreditInformation({
    organizationId: o.established.id,
    category: 'inspection',
    kind: 'inspection_rectify',
    occurredOn: '2025-01-10',
    summary: '抽查发现财务制度不健全,责令整改',
    source: '虎民检〔2025〕1号',
  });
  r.withdrawn = await credit.recordCreditInformation({
    organizationId: o.established.id,
    category: 'penalty',
    kind: 'penalty_warning',
    occurredOn: '2024-10-10',
    summary: '警告',
    source: '虎民罚〔2024〕6号',
  });
  const objectionToWithdraw = await credit.fileObjection({
    organizationId: o.established.id,
    creditRecordId: r.withdrawn.id,
    grounds: '处罚已撤销',
    filedOn: '2024-10-20',
  });
  p.decidedObjection = await credit.decideObjection({
    procedureId: objectionToWithdraw.id,
    accepted: true,
    decidedOn: '2024-11-01',
    note: '异议成立',
  });
  r.withdrawn = { ...r.withdrawn, withdrawnOn: '2024-11-01' };
  r.otherOrgRecord = await credit.recordCreditInformation({
    organizationId: o.other.id,
    category: 'other',
    kind: 'award',
    occurredOn: '2024-12-01',
    summary: '优秀社会组织',
    source: '虎民〔2024〕40号',
  });

  p.pendingObjection = await credit.fileObjection({
    organizationId: o.established.id,
    listEntryId: e.openAbnormal.id,
    grounds: '年报已于期限内报送',
    filedOn: '2025-02-10',
  });
  p.pendingRepair = await credit.applyForCreditRepair({
    organizationId: o.established.id,
    listEntryId: e.dishonesty.id,
    grounds: '已整改',
    filedOn: '2025-03-01',
  });
  const repairToDecide = await credit.applyForCreditRepair({
    organizationId: o.other.id,
    listEntryId: e.otherOrgEntry.id,
    grounds: '已整改',
    filedOn: '2025-03-01',
  });
  p.decidedRepair = await credit.decideCreditRepair({
    procedureId: repairToDecide.id,
    accepted: false,
    decidedOn: '2025-03-15',
    note: '整改未到位',
  });

  await credit.gradeOrganization({ organizationId: o.graded.id, score: 700, awardedOn: '2025-05-01' });

  before = await snapshotDatabase(f.database);
});
afterAll(() => f?.database.close());

type Expected = Parameters<typeof expectRefused>[2];
const refused = (action: () => Promise<unknown>, expected: Expected) =>
  expectRefused(f.database, action, expected, before);

const valid = {
  record: () => ({
    organizationId: o.established.id,
    category: 'annual_report' as const,
    kind: 'annual_report_passed',
    occurredOn: '2025-05-01',
    summary: '年报合格',
    source: '虎民社〔2025〕2号',
  }),
  listing: () => ({
    organizationId: o.graded.id,
    list: 'abnormal_activity' as const,
    reason: 'annual_report_missing' as const,
    listedOn: '2025-05-20',
  }),
  decision: (procedureId: number) => ({ procedureId, accepted: true, decidedOn: '2025-05-30', note: '核实' }),
};

describe('recordCreditInformation refuses', () => {
  it('an unknown category', () =>
    refused(() => credit.recordCreditInformation({ ...valid.record(), category: 'gossip' as 'basic' }), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['input', 'category'],
    }));

  it('a kind that is not lower-case letters and underscores, or too long', async () => {
    for (const kind of ['Penalty-Fine', '', 'a'.repeat(33), 'penalty fine']) {
      await refused(() => credit.recordCreditInformation({ ...valid.record(), kind }), {
        code: 'VALIDATION_FAILED',
        path: ['input', 'kind'],
      });
    }
  });

  it('a malformed date, or one after today', async () => {
    for (const occurredOn of ['2025-02-30', '2025/05/01']) {
      await refused(() => credit.recordCreditInformation({ ...valid.record(), occurredOn }), {
        code: 'INVALID_DATE',
        path: ['input', 'occurredOn'],
      });
    }
    await refused(() => credit.recordCreditInformation({ ...valid.record(), occurredOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: ['input', 'occurredOn'],
    });
  });

  it('社会组织评估管理办法 第七条: a kind the evaluation reads, under another category', async () => {
    await refused(
      () =>
        credit.recordCreditInformation({
          ...valid.record(),
          category: 'other',
          kind: 'investigation_opened',
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'kind'] },
    );
    await refused(
      () =>
        credit.recordCreditInformation({
          ...valid.record(),
          category: 'penalty',
          kind: 'penalty_execution_pending',
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'kind'] },
    );
  });

  it('a date before the registration (wrong date order)', () =>
    refused(() => credit.recordCreditInformation({ ...valid.record(), occurredOn: '2012-04-30' }), {
      code: 'INVALID_DATE_RANGE',
      path: ['input', 'occurredOn'],
    }));

  it('a date after the deregistration', () =>
    refused(
      () =>
        credit.recordCreditInformation({
          ...valid.record(),
          organizationId: o.deregistered.id,
          occurredOn: '2025-01-01',
        }),
      { code: 'ORGANIZATION_INACTIVE', path: ['input', 'occurredOn'] },
    ));

  it('an empty or overlong summary or source', async () => {
    await refused(() => credit.recordCreditInformation({ ...valid.record(), summary: '  ' }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'summary'],
    });
    await refused(() => credit.recordCreditInformation({ ...valid.record(), summary: '长'.repeat(501) }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'summary'],
    });
    await refused(() => credit.recordCreditInformation({ ...valid.record(), source: 'x'.repeat(201) }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'source'],
    });
  });

  it('docs/domain.md §9: a phone number or an identity number in the published texts', async () => {
    await refused(
      () => credit.recordCreditInformation({ ...valid.record(), summary: '联系人电话 138 1234 5678' }),
      {
        code: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
        path: ['input', 'summary'],
      },
    );
    await refused(
      () => credit.recordCreditInformation({ ...valid.record(), source: '当事人身份证 32050519900101123X' }),
      { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: ['input', 'source'] },
    );
  });

  it('a missing or impossible organization id', async () => {
    for (const organizationId of [999_999, 0, -1, 1.5, 2 ** 40]) {
      await refused(() => credit.recordCreditInformation({ ...valid.record(), organizationId }), {
        code: 'NOT_FOUND',
        path: ['input', 'organizationId'],
      });
    }
  });
});

describe('listOrganization refuses', () => {
  it('an unknown list or reason', async () => {
    await refused(
      () => credit.listOrganization({ ...valid.listing(), list: 'blacklist' as 'abnormal_activity' }),
      {
        code: 'INVALID_CODE_LIST_VALUE',
        path: ['input', 'list'],
      },
    );
    await refused(() => credit.listOrganization({ ...valid.listing(), reason: 'late' as 'other' }), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['input', 'reason'],
    });
  });

  it('社会组织信用信息管理办法 第十条、第十四条: a reason of the other list, naming the list', async () => {
    const dishonestyOnAbnormal = await refused(
      () => credit.listOrganization({ ...valid.listing(), reason: 'fine_50000_or_more' }),
      {
        code: 'INVALID_CODE_LIST_VALUE',
        path: ['input', 'reason'],
        details: { list: 'abnormal_activity' },
      },
    );
    expect(dishonestyOnAbnormal.message).toContain('abnormal_activity');
    expect(dishonestyOnAbnormal.message).toContain('第十条');
    const abnormalOnDishonesty = await refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          list: 'serious_dishonesty',
          reason: 'annual_report_missing',
        }),
      {
        code: 'INVALID_CODE_LIST_VALUE',
        path: ['input', 'reason'],
        details: { list: 'serious_dishonesty' },
      },
    );
    expect(abnormalOnDishonesty.message).toContain('第十四条');
  });

  it('社会组织信用信息管理办法 第十一条、第十五条: an exemption statement of the competent unit, on either list', async () => {
    const statement = { issuedBy: '区科协', reference: '虎科协函〔2025〕3号', issuedOn: '2025-05-18' };
    const abnormal = await refused(
      () => credit.listOrganization({ ...valid.listing(), exemptionStatement: statement }),
      {
        code: 'LISTING_EXEMPTED',
        path: ['input', 'exemptionStatement'],
        details: { list: 'abnormal_activity', reference: statement.reference },
      },
    );
    expect(abnormal.message).toContain('第十一条');
    const dishonesty = await refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          list: 'serious_dishonesty',
          reason: 'dishonest_judgment_debtor',
          exemptionStatement: statement,
        }),
      { code: 'LISTING_EXEMPTED', path: ['input', 'exemptionStatement'] },
    );
    expect(dishonesty.message).toContain('第十五条');
    // An organization already listed: the exempted circumstance does not restart its clock.
    await refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          organizationId: o.established.id,
          exemptionStatement: statement,
        }),
      { code: 'LISTING_EXEMPTED', path: ['input', 'exemptionStatement'] },
    );
  });

  it('a malformed exemption statement', async () => {
    const statement = { issuedBy: '区科协', reference: '虎科协函〔2025〕3号', issuedOn: '2025-05-18' };
    await refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          exemptionStatement: 'yes' as unknown as typeof statement,
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'exemptionStatement'] },
    );
    await refused(
      () =>
        credit.listOrganization({ ...valid.listing(), exemptionStatement: { ...statement, issuedBy: ' ' } }),
      { code: 'VALIDATION_FAILED', path: ['input', 'exemptionStatement', 'issuedBy'] },
    );
    await refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          exemptionStatement: { ...statement, issuedOn: '2025-06-02' },
        }),
      { code: 'DATE_IN_FUTURE', path: ['input', 'exemptionStatement', 'issuedOn'] },
    );
  });

  it('第十四条第一项: the escalation reason given directly', () =>
    refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          list: 'serious_dishonesty',
          reason: 'abnormal_two_years',
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'reason'] },
    ));

  it('the reason "other" without a description', () =>
    refused(() => credit.listOrganization({ ...valid.listing(), reason: 'other' }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'reasonDetail'],
    }));

  it('第十二条: a new circumstance dated before the open listing it would restart (wrong date order)', () =>
    refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          organizationId: o.established.id,
          listedOn: '2025-01-31',
        }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'listedOn'],
        details: { entryId: e.openAbnormal.id },
      },
    ));

  it('a deregistered organization', () =>
    refused(
      () =>
        credit.listOrganization({
          ...valid.listing(),
          organizationId: o.deregistered.id,
          listedOn: '2024-06-01',
        }),
      { code: 'ORGANIZATION_INACTIVE', path: ['input', 'organizationId'] },
    ));

  it('a listing before the registration, or after today', async () => {
    await refused(
      () =>
        credit.listOrganization({ ...valid.listing(), organizationId: o.recent.id, listedOn: '2023-12-31' }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'listedOn'] },
    );
    await refused(() => credit.listOrganization({ ...valid.listing(), listedOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: ['input', 'listedOn'],
    });
  });

  it('a missing organization', () =>
    refused(() => credit.listOrganization({ ...valid.listing(), organizationId: 424_242 }), {
      code: 'NOT_FOUND',
      path: ['input', 'organizationId'],
    }));
});

describe('removeFromList refuses', () => {
  it('a removal reason staff do not give directly', () =>
    refused(
      () =>
        credit.removeFromList({
          entryId: e.openAbnormal.id,
          removedOn: '2025-05-01',
          removalReason: 'credit_repair' as 'rectified',
        }),
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'removalReason'] },
    ));

  it('a missing or malformed removal date', async () => {
    for (const [removedOn, code] of [
      [undefined, 'INVALID_DATE'],
      ['2025-5-1', 'INVALID_DATE'],
      ['2025-06-02', 'DATE_IN_FUTURE'],
    ] as const) {
      await refused(
        () =>
          credit.removeFromList({
            entryId: e.openAbnormal.id,
            removedOn: removedOn as string,
            removalReason: 'rectified',
          }),
        { code, path: ['input', 'removedOn'] },
      );
    }
  });

  it('a missing entry', () =>
    refused(
      () => credit.removeFromList({ entryId: 777_777, removedOn: '2025-05-01', removalReason: 'rectified' }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'entryId'],
      },
    ));

  it('an entry already ended', () =>
    refused(
      () =>
        credit.removeFromList({ entryId: e.closed.id, removedOn: '2025-05-01', removalReason: 'rectified' }),
      {
        code: 'ALREADY_ENDED',
        path: ['input', 'entryId'],
      },
    ));

  it('a stale version', () =>
    refused(
      () =>
        credit.removeFromList({
          entryId: e.openAbnormal.id,
          removedOn: '2025-05-01',
          removalReason: 'rectified',
          expectedVersion: 7,
        }),
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'], details: { currentVersion: 1 } },
    ));

  it('a removal before the listing (wrong date order)', () =>
    refused(
      () =>
        credit.removeFromList({
          entryId: e.openAbnormal.id,
          removedOn: '2025-01-31',
          removalReason: 'rectified',
        }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'removedOn'] },
    ));

  it('第十三条、第十七条: rectification as a way off the dishonesty list; a term on the abnormal-activity list for a reason to rectify', async () => {
    await refused(
      () =>
        credit.removeFromList({
          entryId: e.dishonesty.id,
          removedOn: '2025-05-01',
          removalReason: 'rectified',
        }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removalReason'] },
    );
    await refused(
      () =>
        credit.removeFromList({
          entryId: e.openAbnormal.id,
          removedOn: '2025-05-01',
          removalReason: 'term_served',
        }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removalReason'] },
    );
  });

  it('社会组织信用信息管理办法 第十七条: 2 years without a new circumstance (an abnormal listing of 2025-02-01 restarted them)', async () => {
    const refusal = await refused(
      () =>
        credit.removeFromList({
          entryId: e.dishonesty.id,
          removedOn: '2025-05-01',
          removalReason: 'term_served',
        }),
      { code: 'NOT_ELIGIBLE', path: ['input', 'removedOn'], details: { earliestOn: '2027-02-01' } },
    );
    expect(refusal.message).toContain('第十七条');
  });
});

describe('escalateOverdueListings refuses', () => {
  it('a malformed day, or one after today', async () => {
    await refused(() => credit.escalateOverdueListings('2025-13-01'), { code: 'INVALID_DATE', path: ['on'] });
    await refused(() => credit.escalateOverdueListings('2025-06-02'), {
      code: 'DATE_IN_FUTURE',
      path: ['on'],
    });
  });

  it('a day before any value of the policy is in force (the national rule dates from 2018-03-01)', () =>
    refused(() => credit.escalateOverdueListings('2018-02-28'), {
      code: 'POLICY_NOT_SET',
      path: [],
      details: { policyKey: 'organization.abnormal_list_years_before_dishonesty' },
    }));
});

describe('fileObjection refuses', () => {
  it('not exactly one target', async () => {
    await refused(
      () =>
        credit.fileObjection({
          organizationId: o.established.id,
          listEntryId: e.openAbnormal.id,
          creditRecordId: r.record.id,
          grounds: '错误',
        }),
      { code: 'VALIDATION_FAILED', path: ['input'] },
    );
    await refused(() => credit.fileObjection({ organizationId: o.established.id, grounds: '错误' }), {
      code: 'VALIDATION_FAILED',
      path: ['input'],
    });
  });

  it('empty grounds', () =>
    refused(
      () =>
        credit.fileObjection({ organizationId: o.established.id, creditRecordId: r.record.id, grounds: '' }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'grounds'],
      },
    ));

  it('a target of another organization, or a missing one', async () => {
    await refused(
      () =>
        credit.fileObjection({
          organizationId: o.established.id,
          listEntryId: e.otherOrgEntry.id,
          grounds: '错误',
        }),
      { code: 'NOT_FOUND', path: ['input', 'listEntryId'] },
    );
    await refused(
      () =>
        credit.fileObjection({
          organizationId: o.established.id,
          creditRecordId: r.otherOrgRecord.id,
          grounds: '错误',
        }),
      { code: 'NOT_FOUND', path: ['input', 'creditRecordId'] },
    );
    await refused(
      () =>
        credit.fileObjection({ organizationId: o.established.id, creditRecordId: 888_888, grounds: '错误' }),
      { code: 'NOT_FOUND', path: ['input', 'creditRecordId'] },
    );
    await refused(
      () => credit.fileObjection({ organizationId: 888_888, creditRecordId: r.record.id, grounds: '错误' }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'organizationId'],
      },
    );
  });

  it('an ended listing, or a withdrawn record', async () => {
    await refused(
      () => credit.fileObjection({ organizationId: o.other.id, listEntryId: e.closed.id, grounds: '错误' }),
      {
        code: 'NOT_LISTED',
        path: ['input', 'listEntryId'],
      },
    );
    await refused(
      () =>
        credit.fileObjection({
          organizationId: o.established.id,
          creditRecordId: r.withdrawn.id,
          grounds: '错误',
        }),
      { code: 'ALREADY_ENDED', path: ['input', 'creditRecordId'] },
    );
  });

  it('an objection dated before what it is about (wrong date order), or after today', async () => {
    await refused(
      () =>
        credit.fileObjection({
          organizationId: o.established.id,
          creditRecordId: r.record.id,
          grounds: '错误',
          filedOn: '2025-01-09',
        }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'filedOn'] },
    );
    await refused(
      () =>
        credit.fileObjection({
          organizationId: o.established.id,
          creditRecordId: r.record.id,
          grounds: '错误',
          filedOn: '2025-06-02',
        }),
      { code: 'DATE_IN_FUTURE', path: ['input', 'filedOn'] },
    );
  });

  it('a second objection while one is pending', () =>
    refused(
      () =>
        credit.fileObjection({
          organizationId: o.established.id,
          listEntryId: e.openAbnormal.id,
          grounds: '再次',
        }),
      { code: 'DUPLICATE_RECORD', path: ['input', 'listEntryId'] },
    ));
});

describe('decideObjection and decideCreditRepair refuse', () => {
  it('deciding twice', async () => {
    await refused(() => credit.decideObjection(valid.decision(p.decidedObjection.id)), {
      code: 'ALREADY_DECIDED',
      path: ['input', 'procedureId'],
    });
    await refused(() => credit.decideCreditRepair(valid.decision(p.decidedRepair.id)), {
      code: 'ALREADY_DECIDED',
      path: ['input', 'procedureId'],
    });
  });

  it('a stale version', () =>
    refused(() => credit.decideObjection({ ...valid.decision(p.pendingObjection.id), expectedVersion: 2 }), {
      code: 'VERSION_CONFLICT',
      path: ['input', 'expectedVersion'],
    }));

  it('a decision before the filing (wrong date order), or after today', async () => {
    await refused(
      () => credit.decideObjection({ ...valid.decision(p.pendingObjection.id), decidedOn: '2025-02-09' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'decidedOn'],
      },
    );
    await refused(
      () => credit.decideCreditRepair({ ...valid.decision(p.pendingRepair.id), decidedOn: '2025-06-02' }),
      {
        code: 'DATE_IN_FUTURE',
        path: ['input', 'decidedOn'],
      },
    );
  });

  it('no yes-or-no, or no note', async () => {
    await refused(
      () =>
        credit.decideObjection({
          ...valid.decision(p.pendingObjection.id),
          accepted: 'yes' as unknown as boolean,
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'accepted'] },
    );
    await refused(() => credit.decideObjection({ ...valid.decision(p.pendingObjection.id), note: '' }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'note'],
    });
  });

  it('a missing procedure, or one of the other kind', async () => {
    await refused(() => credit.decideObjection(valid.decision(555_555)), {
      code: 'NOT_FOUND',
      path: ['input', 'procedureId'],
    });
    await refused(() => credit.decideCreditRepair(valid.decision(p.pendingObjection.id)), {
      code: 'NOT_FOUND',
      path: ['input', 'procedureId'],
    });
  });
});

describe('applyForCreditRepair refuses', () => {
  it('an ended listing', () =>
    refused(
      () =>
        credit.applyForCreditRepair({
          organizationId: o.other.id,
          listEntryId: e.closed.id,
          grounds: '整改',
        }),
      {
        code: 'NOT_LISTED',
        path: ['input', 'listEntryId'],
      },
    ));

  it('a listing of another organization, or a missing one', async () => {
    await refused(
      () =>
        credit.applyForCreditRepair({
          organizationId: o.established.id,
          listEntryId: e.otherOrgEntry.id,
          grounds: '整改',
        }),
      { code: 'NOT_FOUND', path: ['input', 'listEntryId'] },
    );
    await refused(
      () =>
        credit.applyForCreditRepair({ organizationId: o.established.id, listEntryId: 1.5, grounds: '整改' }),
      { code: 'NOT_FOUND', path: ['input', 'listEntryId'] },
    );
  });

  it('a second application while one is pending', () =>
    refused(
      () =>
        credit.applyForCreditRepair({
          organizationId: o.established.id,
          listEntryId: e.dishonesty.id,
          grounds: '再次',
        }),
      { code: 'DUPLICATE_RECORD', path: ['input', 'listEntryId'] },
    ));

  it('an application dated before the listing (wrong date order)', () =>
    refused(
      () =>
        credit.applyForCreditRepair({
          organizationId: o.established.id,
          listEntryId: e.openAbnormal.id,
          grounds: '整改',
          filedOn: '2025-01-31',
        }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'filedOn'] },
    ));
});

describe('gradeOrganization refuses', () => {
  it('a score that is not a whole number from 0 to 1000', async () => {
    for (const score of [-1, 1001, 650.5, Number.NaN, '650' as unknown as number]) {
      await refused(() => credit.gradeOrganization({ organizationId: o.established.id, score }), {
        code: 'INVALID_NUMBER',
        path: ['input', 'score'],
      });
    }
  });

  it('an ineligible organization, naming the reason', async () => {
    const cases = [
      [o.recent, 'too_recent'],
      [o.filed, 'filed_group'],
      [o.deregistered, 'deregistered'],
      [o.listed, 'listed'],
    ] as const;
    for (const [organization, reason] of cases) {
      await refused(() => credit.gradeOrganization({ organizationId: organization.id, score: 700 }), {
        code: 'NOT_ELIGIBLE',
        path: ['input', 'organizationId'],
        details: { reasons: [reason] },
      });
    }
  });

  it('a score below 1A', () =>
    refused(() => credit.gradeOrganization({ organizationId: o.graded.id, score: 299 }), {
      code: 'NOT_ELIGIBLE',
      path: ['input', 'score'],
      details: { reasons: ['score_below_1A'], minimumScore: 300 },
    }));

  it('docs/domain.md §3: no local cut-off policy in force on the award day', async () => {
    const error = await refused(
      () => credit.gradeOrganization({ organizationId: o.graded.id, score: 700, awardedOn: '2014-12-31' }),
      { code: 'POLICY_NOT_SET', path: [], details: { policyKey: 'organization.evaluation_grade_cutoffs' } },
    );
    expect(error.message).toContain('2014-12-31');
  });

  it('an award dated before a grade the organization already holds (wrong date order), or after today', async () => {
    await refused(
      () => credit.gradeOrganization({ organizationId: o.graded.id, score: 700, awardedOn: '2025-04-30' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'awardedOn'],
      },
    );
    await refused(
      () => credit.gradeOrganization({ organizationId: o.graded.id, score: 700, awardedOn: '2025-06-02' }),
      {
        code: 'DATE_IN_FUTURE',
        path: ['input', 'awardedOn'],
      },
    );
  });

  it('a missing organization', () =>
    refused(() => credit.gradeOrganization({ organizationId: 31_337, score: 700 }), {
      code: 'NOT_FOUND',
      path: ['input', 'organizationId'],
    }));
});

describe('reads', () => {
  it('currentGrade refuses a malformed day, and finds nothing for an impossible id', async () => {
    await expect(credit.currentGrade(o.graded.id, '2025-02-30')).rejects.toMatchObject({
      code: 'INVALID_DATE',
      path: ['on'],
    });
    expect(await credit.currentGrade(-3)).toBeUndefined();
  });
});
