// The ready-made documents of the service chain (needs, projects, purchase, funds, delivery;
// docs/domain.md §6) over real HTTP against a real gateway serving the demo city (PGlite, or
// PostgreSQL when SANSHE_TEST_PG is set), each sent with the token of the role that does the
// step. The whole walk with evaluations and satisfaction is examples/service-chain.
import { addDays, todayInChina } from '@sanshe/core';
import { demoTestDatabases } from '@sanshe/core/testing';
import {
  createGateway,
  type ListeningGateway,
  listen,
  openDemoCity,
  signHs256Token,
  type TokenClaims,
} from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApproveProject,
  AwardBid,
  CancelProject,
  CancelPurchase,
  ChangeProjectDraft,
  CloseBids,
  CommunityByCode,
  createClient,
  DeliveryActivityById,
  DesignProject,
  DisburseTranche,
  DisputeActivity,
  EarmarkFunds,
  FundingSourceById,
  FundingSourcesPage,
  FundsBySource,
  JournalEntriesPage,
  LinkProjectNeed,
  MergeNeed,
  NeedById,
  NeedsPage,
  PlanPurchase,
  ProjectDisclosure,
  ProjectDisclosures,
  PublishTender,
  PurchaseById,
  PurchasesPage,
  RecordActivity,
  RecordFundingReceipt,
  RecordNeed,
  RegisterFundingSource,
  type ResultOf,
  ReverseJournalEntry,
  type SansheClient,
  type SchemaErrorCode,
  ServiceContractById,
  ServiceProjectById,
  ServiceProjectsPage,
  SignContract,
  SocialOrganizationById,
  SocialOrganizationsPage,
  StartImplementation,
  SubmitBid,
  TerminateContract,
  type VariablesOf,
} from '../src/index.js';
import { cityAdminToken, testAuth } from './support/test-auth.js';

const district = '320505';
const subdistrict = '320505001';
const community = '320505001001';
const today = todayInChina();
const ago = (days: number) => addDays(today, -days);

let running: ListeningGateway;
let admin: SansheClient;
let communityStaff: SansheClient;
let subdistrictStaff: SansheClient;
let bureau: SansheClient;
let organizationStaff: SansheClient;
let undertakerId: string;
let communityId: string;

/** A mutation's success `data`, or the test fails with what came back instead. */
function success<R extends { __typename: string }>(
  result: R | undefined,
): Extract<R, { data: unknown }>['data'] {
  if (result && 'data' in result) return (result as Extract<R, { data: unknown }>).data;
  throw new Error(`expected a success, got ${JSON.stringify(result)}`);
}

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(createGateway({ districts: city.sources, logging: false, auth: testAuth }), {
    port: 0,
  });
  const url = `${running.origin}/graphql`;
  const as = async (claims: TokenClaims) =>
    createClient({ url, token: await signHs256Token(testAuth, claims, '2h') });
  admin = createClient({ url, token: await cityAdminToken() });
  communityStaff = await as({ sub: 'chain-community', role: 'COMMUNITY_STAFF', district, community });
  subdistrictStaff = await as({ sub: 'chain-subdistrict', role: 'SUBDISTRICT_STAFF', district, subdistrict });
  bureau = await as({ sub: 'chain-bureau', role: 'DEPARTMENT_STAFF', district });

  // The undertaker: a registered, active organization of the community, on no list.
  const { data } = await admin.request(SocialOrganizationsPage, {
    first: 30,
    filter: { parentCode: community, legalStatus: 'REGISTERED', status: 'ACTIVE' },
  });
  for (const candidate of data?.socialOrganizations.nodes ?? []) {
    if (!candidate.registeredOn || candidate.registeredOn > ago(200)) continue;
    const found = (await admin.request(SocialOrganizationById, { id: candidate.id })).data?.node;
    if (found?.__typename !== 'SocialOrganization') continue;
    if (found.listEntries.some((entry) => entry.removedOn === null)) continue;
    undertakerId = candidate.id;
    break;
  }
  if (!undertakerId) throw new Error(`no organization of ${community} may undertake`);
  organizationStaff = await as({ sub: 'chain-organization', role: 'ORG_STAFF', org: undertakerId });
  const home = (await communityStaff.request(CommunityByCode, { code: community })).data?.community;
  if (!home) throw new Error(`no community ${community}`);
  communityId = home.id;
});
afterAll(() => running?.close());

describe('disclosure (四公开): what anyone reads without a token', () => {
  it('pages a district’s disclosed projects, each whole by its id, and funding by kind of source', async () => {
    const anyone = createClient({ url: `${running.origin}/graphql` });
    const { data, error } = await anyone.request(ProjectDisclosures, { unitCode: district, first: 5 });
    expect(error).toBeUndefined();
    const page = data!.projectDisclosures;
    expect(page.edges.length).toBeGreaterThan(0);
    for (const { node } of page.edges) {
      // Only projects whose tender is out are disclosed; their budget is the sum of its lines.
      expect(node.purchase.stages.map((stage) => stage.stage)).toContain('TENDER');
      expect(node.budget.lines.reduce((sum, line) => sum + line.amountFen, 0)).toBe(node.budget.totalFen);
      for (const source of node.funding.bySource) {
        if (source.kind === 'DONATION') expectTypeOf(source.funderName).toEqualTypeOf<string>();
      }
    }
    const first = page.edges[0]!.node;
    const one = await anyone.request(ProjectDisclosure, { id: first.id });
    expect(one.data?.projectDisclosure).toEqual(first);

    const funds = await anyone.request(FundsBySource, { unitCode: district });
    expect(funds.error).toBeUndefined();
    const kinds = funds.data!.fundsBySource.kinds;
    expect(kinds.map((kind) => kind.kind)).toEqual([
      'GOVERNMENT_BUDGET',
      'DONATION',
      'COMMUNITY_FOUNDATION',
      'ENTERPRISE_SPONSORSHIP',
      'IN_KIND',
    ]);
    for (const kind of kinds) expect(kind.disbursedFen).toBeLessThanOrEqual(kind.earmarkedFen);
  });
});

describe('lists of the demo city, each as the role that reads it', () => {
  it('pages the needs of a community, each matching the filter', async () => {
    const { data, error } = await communityStaff.request(NeedsPage, {
      first: 10,
      filter: { parentCode: community },
    });
    expect(error).toBeUndefined();
    const page = data!.needs;
    expect(page.totalCount).toBeGreaterThan(0);
    for (const need of page.nodes) expect(need.community.code).toBe(community);

    const ids: string[] = [];
    for await (const need of communityStaff.paginate(
      NeedsPage,
      { first: 4, filter: { parentCode: community } },
      (result) => result.needs,
    )) {
      expectTypeOf(need.status).toEqualTypeOf<'ANSWERED' | 'MERGED' | 'MET' | 'OPEN' | 'WITHDRAWN'>();
      ids.push(need.id);
    }
    expect(new Set(ids).size).toBe(page.totalCount);
    const days = page.nodes.map((need) => need.collectedOn);
    expect([...days].sort()).toEqual(days);
  });

  it('pages the projects of a subdistrict with budgets in integer fen that their lines sum to', async () => {
    const { data, error } = await subdistrictStaff.request(ServiceProjectsPage, {
      first: 20,
      filter: { unitCode: subdistrict },
    });
    expect(error).toBeUndefined();
    const projects = data!.serviceProjects.nodes;
    expect(projects.length).toBeGreaterThan(0);
    for (const project of projects) {
      expect(project.unitCode.startsWith(subdistrict)).toBe(true);
      expectTypeOf(project.budgetFen).toEqualTypeOf<number>();
      expect(Number.isSafeInteger(project.budgetFen)).toBe(true);
      expect(project.budgetLines.reduce((sum, line) => sum + line.amountFen, 0)).toBe(project.budgetFen);
    }
  });

  it('pages purchases by stage, funding sources by kind and the ledger, whose entries balance', async () => {
    const purchases = await admin.request(PurchasesPage, { first: 10, filter: { stage: 'CLOSURE' } });
    expect(purchases.error).toBeUndefined();
    expect(purchases.data!.purchases.nodes.length).toBeGreaterThan(0);
    for (const purchase of purchases.data!.purchases.nodes) {
      expect(purchase.stage).toBe('CLOSURE');
      expect(purchase.closedOn).not.toBeNull();
    }

    const sources = await bureau.request(FundingSourcesPage, { first: 10, filter: { kind: 'DONATION' } });
    expect(sources.error).toBeUndefined();
    expect(sources.data!.fundingSources.nodes.length).toBeGreaterThan(0);
    for (const source of sources.data!.fundingSources.nodes) {
      expect(source.kind).toBe('DONATION');
      expect(source.receivedFen).toBeLessThanOrEqual(source.amountFen);
    }

    // The subdistrict sees the entries that touch its projects, not the whole ledger.
    const [mine, all] = await Promise.all([
      subdistrictStaff.request(JournalEntriesPage, { first: 20, filter: { districtCode: district } }),
      admin.request(JournalEntriesPage, { first: 1, filter: { districtCode: district } }),
    ]);
    expect(mine.error).toBeUndefined();
    const entries = mine.data!.journalEntries;
    expect(entries.totalCount).toBeGreaterThan(0);
    expect(entries.totalCount).toBeLessThan(all.data!.journalEntries.totalCount);
    for (const entry of entries.nodes) {
      expectTypeOf(entry.lines[0]!.amount).toEqualTypeOf<number>();
      expect(entry.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(0);
    }
  });
});

describe('a need through a project, a purchase, funds and delivery', () => {
  type Project = ResultOf<typeof DesignProject>['designProject'];
  let needId: string;
  let furtherNeedId: string;
  let projectId: string;
  let purchaseId: string;
  let contractId: string;
  let sourceId: string;
  let signingTrancheId: string;

  const recordNeed = async (title: string, collectedOn: string) =>
    success(
      (
        await communityStaff.request(RecordNeed, {
          input: {
            communityId,
            source: 'SURVEY',
            category: 'CHILDREN',
            urgency: 'MEDIUM',
            residentsAffected: 40,
            title,
            description: '问卷调查中双职工家庭反映放学后无人看护，希望社区提供课后托管和学业辅导。',
            collectedOn,
          },
        })
      ).data?.recordNeed,
    );

  it('records a need and merges its duplicate into it', async () => {
    const need = await recordNeed('双职工家庭儿童课后托管', ago(120));
    expect(need).toMatchObject({ status: 'OPEN', collectedOn: ago(120), community: { code: community } });
    needId = need.id;
    const duplicate = await recordNeed('放学后孩子无人看护', ago(119));
    const merged = success(
      (
        await communityStaff.request(MergeNeed, {
          input: {
            id: duplicate.id,
            intoNeedId: need.id,
            reason: '同一批家庭在同一次问卷中反映的同一需求',
            mergedOn: ago(118),
            expectedVersion: duplicate.version,
          },
        })
      ).data?.mergeNeed,
    );
    expect(merged).toMatchObject({ status: 'MERGED', closedOn: ago(118), mergedInto: { id: need.id } });
    furtherNeedId = (await recordNeed('暑期儿童安全教育', ago(117))).id;
  });

  it('designs a draft, revises it, links a further need and approves it', async () => {
    const input: VariablesOf<typeof DesignProject>['input'] = {
      unitCode: subdistrict,
      name: '四点半课堂',
      serviceDomain: 'CHILDREN',
      goals: '为双职工家庭儿童提供课后托管、学业辅导和安全教育。',
      methods: ['GROUP_WORK'],
      startsOn: ago(100),
      endsOn: ago(10),
      budgetLines: [
        { category: 'PERSONNEL', description: '社工与志愿者补贴', amountFen: 6_000_000 },
        { category: 'ACTIVITIES', description: '课堂与活动经费', amountFen: 3_000_000 },
      ],
      indicators: [{ kind: 'OUTPUT', description: '开展课后托管', unit: '场次', target: 60 }],
      needIds: [needId],
      communityIds: [communityId],
    };
    const draft: Extract<Project, { data: unknown }>['data'] = success(
      (await subdistrictStaff.request(DesignProject, { input })).data?.designProject,
    );
    expect(draft).toMatchObject({
      status: 'DRAFT',
      budgetFen: 9_000_000,
      needs: [{ id: needId, status: 'ANSWERED' }],
    });
    projectId = draft.id;

    const revised = success(
      (
        await subdistrictStaff.request(ChangeProjectDraft, {
          input: {
            id: draft.id,
            expectedVersion: draft.version,
            name: '兴旺社区四点半课堂',
            budgetLines: [
              ...input.budgetLines,
              { category: 'MATERIALS', description: '学习用品', amountFen: 1_000_000 },
            ],
          },
        })
      ).data?.changeProjectDraft,
    );
    expect(revised).toMatchObject({ name: '兴旺社区四点半课堂', budgetFen: 10_000_000 });
    expect(revised.budgetLines.map((line) => line.lineNumber)).toEqual([1, 2, 3]);

    // A stale version is refused as a conflict that says where the record is now.
    const stale = (
      await subdistrictStaff.request(ChangeProjectDraft, {
        input: { id: draft.id, expectedVersion: draft.version, goals: '过时的修改' },
      })
    ).data?.changeProjectDraft;
    if (stale?.__typename !== 'ConflictError') throw new Error(JSON.stringify(stale));
    expect(stale).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: revised.version });

    const linked = success(
      (
        await subdistrictStaff.request(LinkProjectNeed, {
          input: { projectId, needId: furtherNeedId, linkedOn: ago(116) },
        })
      ).data?.linkProjectNeed,
    );
    expect(linked.needs.map((need) => need.id).sort()).toEqual([needId, furtherNeedId].sort());

    const approved = success(
      (await subdistrictStaff.request(ApproveProject, { input: { id: projectId, on: ago(115) } })).data
        ?.approveProject,
    );
    expect(approved).toMatchObject({ status: 'APPROVED', approvedOn: ago(115) });
  });

  it('cancels a second draft, and the need it answered stays answered by the first', async () => {
    const second = success(
      (
        await subdistrictStaff.request(DesignProject, {
          input: {
            unitCode: subdistrict,
            name: '暑期安全小课堂',
            serviceDomain: 'CHILDREN',
            goals: '暑期儿童安全教育。',
            methods: ['GROUP_WORK'],
            startsOn: ago(90),
            endsOn: ago(60),
            budgetLines: [{ category: 'ACTIVITIES', description: '活动经费', amountFen: 500_000 }],
            indicators: [{ kind: 'OUTPUT', description: '安全课堂', unit: '场次', target: 4 }],
            needIds: [furtherNeedId],
            communityIds: [communityId],
          },
        })
      ).data?.designProject,
    );
    const cancelled = success(
      (
        await subdistrictStaff.request(CancelProject, {
          input: { id: second.id, reason: '并入四点半课堂项目实施', on: ago(114) },
        })
      ).data?.cancelProject,
    );
    expect(cancelled).toMatchObject({ status: 'CANCELLED', closedOn: ago(114) });
    const need = (await communityStaff.request(NeedById, { id: furtherNeedId })).data?.node;
    if (need?.__typename !== 'Need') throw new Error(`got ${need?.__typename}`);
    expect(need.status).toBe('ANSWERED');
    expect(need.projects.map((project) => [project.id, project.status])).toEqual(
      expect.arrayContaining([
        [projectId, 'APPROVED'],
        [second.id, 'CANCELLED'],
      ]),
    );
  });

  it('funds the project: a receipt reversed and recorded again, an earmark, each idempotent', async () => {
    const source = success(
      (
        await bureau.request(RegisterFundingSource, {
          input: {
            districtCode: district,
            kind: 'ENTERPRISE_SPONSORSHIP',
            funderName: '本地企业赞助',
            reference: '赞助协议 ZZ-2026-07',
            amountFen: 10_000_000,
            committedOn: ago(112),
            idempotencyKey: 'client-test-source-0001',
          },
        })
      ).data?.registerFundingSource,
    );
    sourceId = source.id;
    const receive = (receivedOn: string, idempotencyKey: string) =>
      bureau.request(RecordFundingReceipt, {
        input: { sourceId, amountFen: 10_000_000, receivedOn, idempotencyKey },
      });
    const receipt = success((await receive(ago(110), 'client-test-receipt-0001')).data?.recordFundingReceipt);
    expect(receipt).toMatchObject({ kind: 'RECEIPT', occurredOn: ago(110) });
    expect(receipt.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(0);

    const reversal = success(
      (
        await bureau.request(ReverseJournalEntry, {
          input: {
            entryId: receipt.id,
            reversedOn: ago(109),
            reason: '到账金额与银行回单不符，冲正后重新入账',
            idempotencyKey: 'client-test-reversal-0001',
          },
        })
      ).data?.reverseJournalEntry,
    );
    expect(reversal).toMatchObject({ kind: 'REVERSAL', reverses: { id: receipt.id } });
    success((await receive(ago(108), 'client-test-receipt-0002')).data?.recordFundingReceipt);

    const earmark = (idempotencyKey: string, amountFen: number) =>
      bureau.request(EarmarkFunds, {
        input: { sourceId, projectId, amountFen, earmarkedOn: ago(107), idempotencyKey },
      });
    const first = success((await earmark('client-test-earmark-0001', 10_000_000)).data?.earmarkFunds);
    expect(first).toMatchObject({
      amountFen: 10_000_000,
      availableFen: 10_000_000,
      project: { id: projectId },
    });
    // The same request again answers the first result; another body under the key is refused.
    expect(success((await earmark('client-test-earmark-0001', 10_000_000)).data?.earmarkFunds)).toEqual(
      first,
    );
    const reused = (await earmark('client-test-earmark-0001', 9_000_000)).data?.earmarkFunds;
    expect(reused).toMatchObject({ __typename: 'ConflictError', code: 'IDEMPOTENCY_KEY_REUSED' });

    const read = (await bureau.request(FundingSourceById, { id: sourceId })).data?.node;
    if (read?.__typename !== 'FundingSource') throw new Error(`got ${read?.__typename}`);
    expect(read).toMatchObject({ receivedFen: 10_000_000, heldFen: 0 });
    expect(read.earmarks).toHaveLength(1);
  });

  it('cancels a first purchase, then buys from the organization that bids', async () => {
    const plan = (plannedOn: string, method: 'SINGLE_SOURCE' | 'COMPETITIVE_CONSULTATION') =>
      subdistrictStaff.request(PlanPurchase, {
        input: { projectId, purchaserUnitCode: subdistrict, method, plannedOn },
      });
    const abandoned = success((await plan(ago(113), 'SINGLE_SOURCE')).data?.planPurchase);
    const cancelled = success(
      (
        await subdistrictStaff.request(CancelPurchase, {
          input: { id: abandoned.id, reason: '单一来源论证未通过，改为竞争性磋商', on: ago(112) },
        })
      ).data?.cancelPurchase,
    );
    expect(cancelled).toMatchObject({ stage: 'CANCELLED', cancelledOn: ago(112) });

    const planned = success((await plan(ago(111), 'COMPETITIVE_CONSULTATION')).data?.planPurchase);
    purchaseId = planned.id;
    success(
      (await subdistrictStaff.request(PublishTender, { input: { id: purchaseId, on: ago(106) } })).data
        ?.publishTender,
    );

    // A published tender is open to every bidder: the organization's staff bid for their own.
    const bid = success(
      (
        await organizationStaff.request(SubmitBid, {
          input: { purchaseId, organizationId: undertakerId, priceFen: 9_800_000, submittedOn: ago(105) },
        })
      ).data?.submitBid,
    );
    expect(bid).toMatchObject({
      status: 'SUBMITTED',
      priceFen: 9_800_000,
      organization: { id: undertakerId },
    });

    const closed = success(
      (await subdistrictStaff.request(CloseBids, { input: { id: purchaseId, on: ago(104) } })).data
        ?.closeBids,
    );
    expect(closed.bids.map((b) => [b.id, b.status, b.eligibility?.eligible])).toEqual([
      [bid.id, 'QUALIFIED', true],
    ]);
    const awarded = success(
      (await subdistrictStaff.request(AwardBid, { input: { bidId: bid.id, awardedOn: ago(103), score: 90 } }))
        .data?.awardBid,
    );
    expect(awarded).toMatchObject({ status: 'AWARDED', purchase: { stage: 'AWARD', awardedOn: ago(103) } });

    // The organization's staff see the purchase now, with their own bid.
    const seen = (await organizationStaff.request(PurchaseById, { id: purchaseId })).data?.node;
    if (seen?.__typename !== 'Purchase') throw new Error(`got ${seen?.__typename}`);
    expect(seen.bids.map((b) => b.id)).toEqual([bid.id]);
  });

  it('refuses a contract longer than a year as a typed validation error, and signs a lawful one', async () => {
    const contract = (endsOn: string) =>
      subdistrictStaff.request(SignContract, {
        input: {
          purchaseId,
          contractNumber: 'HQ-CLIENT-TEST-0001',
          signedOn: ago(102),
          startsOn: ago(100),
          endsOn,
          continuing: false,
          amountFen: 9_800_000,
          tranches: [
            { milestone: 'SIGNING', plannedOn: ago(102), amountFen: 4_900_000 },
            { milestone: 'FINAL_EVALUATION', plannedOn: ago(5), amountFen: 4_900_000 },
          ],
        },
      });

    // 令第102号: at most a year, to the day before the anniversary.
    const tooLong = (await contract(addDays(ago(100), 366))).data?.signContract;
    if (tooLong?.__typename !== 'ValidationError') throw new Error(JSON.stringify(tooLong));
    expectTypeOf(tooLong.code).toEqualTypeOf<SchemaErrorCode>();
    expectTypeOf(tooLong.path).toEqualTypeOf<string[]>();
    expect(tooLong).toMatchObject({ code: 'CONTRACT_TOO_LONG', path: ['input', 'endsOn'] });
    const unchanged = (await subdistrictStaff.request(PurchaseById, { id: purchaseId })).data?.node;
    expect(unchanged).toMatchObject({ stage: 'AWARD', contract: null });

    const signed = success((await contract(ago(10))).data?.signContract);
    expect(signed).toMatchObject({
      contractNumber: 'HQ-CLIENT-TEST-0001',
      amountFen: 9_800_000,
      organization: { id: undertakerId },
      purchase: { stage: 'CONTRACT', contractedOn: ago(102) },
    });
    expectTypeOf(signed.tranches[0]!.milestone).toEqualTypeOf<
      'FINAL_EVALUATION' | 'MIDTERM_EVALUATION' | 'MILESTONE' | 'SIGNING'
    >();
    contractId = signed.id;
    signingTrancheId = signed.tranches[0]!.id;

    const paid = success(
      (
        await subdistrictStaff.request(DisburseTranche, {
          input: {
            sourceId,
            trancheId: signingTrancheId,
            amountFen: 4_900_000,
            paidOn: ago(101),
            idempotencyKey: 'client-test-tranche-0001',
          },
        })
      ).data?.disburseTranche,
    );
    expect(paid).toMatchObject({
      kind: 'DISBURSEMENT',
      tranche: { id: signingTrancheId, releasedOn: ago(101) },
    });
  });

  it('records an activity the community disputes, then ends the contract early', async () => {
    success(
      (await subdistrictStaff.request(StartImplementation, { input: { id: purchaseId, on: ago(100) } })).data
        ?.startImplementation,
    );
    const activity = success(
      (
        await organizationStaff.request(RecordActivity, {
          input: {
            contractId,
            communityId,
            title: '四点半课堂第一课',
            method: 'GROUP_WORK',
            heldOn: ago(95),
            place: '社区党群服务中心活动室',
            participantCount: 25,
            hours: [
              { role: 'OTHER_STAFF', minutes: 120 },
              { role: 'VOLUNTEER', minutes: 120 },
            ],
          },
        })
      ).data?.recordActivity,
    );
    expect(activity).toMatchObject({ status: 'RECORDED', totalMinutes: 240, contract: { id: contractId } });

    const disputed = success(
      (
        await communityStaff.request(DisputeActivity, {
          input: {
            id: activity.id,
            reason: '签到人数与现场不符',
            on: ago(94),
            expectedVersion: activity.version,
          },
        })
      ).data?.disputeActivity,
    );
    expect(disputed).toMatchObject({ status: 'DISPUTED', confirmedOn: ago(94) });
    const read = (await communityStaff.request(DeliveryActivityById, { id: activity.id })).data?.node;
    expect(read).toMatchObject({ __typename: 'DeliveryActivity', status: 'DISPUTED' });

    const terminated = success(
      (
        await subdistrictStaff.request(TerminateContract, {
          input: { id: contractId, terminatedOn: ago(60), reason: '承接机构人员变动，经协商解除合同' },
        })
      ).data?.terminateContract,
    );
    expect(terminated).toMatchObject({ terminatedOn: ago(60) });

    const contract = (await subdistrictStaff.request(ServiceContractById, { id: contractId })).data?.node;
    if (contract?.__typename !== 'ServiceContract') throw new Error(`got ${contract?.__typename}`);
    expect(contract.activities.map((a) => [a.id, a.status])).toEqual([[activity.id, 'DISPUTED']]);
    expect(contract.tranches.map((t) => t.releasedOn)).toEqual([ago(101), null]);
  });

  it('reads the project back with its needs, purchases and earmarks', async () => {
    const project = (await subdistrictStaff.request(ServiceProjectById, { id: projectId })).data?.node;
    if (project?.__typename !== 'ServiceProject') throw new Error(`got ${project?.__typename}`);
    expect(project.needs.map((need) => need.id).sort()).toEqual([needId, furtherNeedId].sort());
    expect(project.purchases.map((p) => p.stage)).toEqual(['CANCELLED', 'IMPLEMENTATION']);
    expect(project.purchases[1]?.contract?.terminatedOn).toBe(ago(60));
    expect(project.earmarks).toEqual([
      {
        amountFen: 10_000_000,
        availableFen: 5_100_000,
        earmarkedOn: ago(107),
        source: { id: sourceId, kind: 'ENTERPRISE_SPONSORSHIP', funderName: '本地企业赞助' },
      },
    ]);
    expect(project.satisfaction?.answers ?? 0).toBe(0);

    const need = (await communityStaff.request(NeedById, { id: needId })).data?.node;
    expect(need).toMatchObject({ __typename: 'Need', status: 'ANSWERED' });
  });
});
