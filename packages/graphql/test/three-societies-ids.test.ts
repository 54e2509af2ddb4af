/**
 * Every mutation of the three societies that addresses a record by global ID refuses a malformed
 * ID (INVALID_ID) and an ID of another type (NOT_FOUND) as a typed union member, and changes
 * nothing in any district (docs/domain.md §3, §4; docs/architecture.md §3 routing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../src/index.js';
import { openTestGateway, type TestGateway } from './support/demo-gateway.js';

let t: TestGateway;
let before: Awaited<ReturnType<TestGateway['snapshot']>>;
beforeAll(async () => {
  t = await openTestGateway();
  before = await t.snapshot();
});
afterAll(() => t.close());

/** A well-formed ID of a type no mutation below accepts where it is used. */
const wrongTypeId = encodeGlobalId('Grid', '320505', 1);
const malformedId = 'not-a-global-id';

/** Each mutation, its input type, the ID field under test, and the other fields a valid input needs. */
const cases: { mutation: string; inputType: string; idField: string; rest: Record<string, unknown> }[] = [
  {
    mutation: 'changeOrganization',
    inputType: 'ChangeOrganizationInput',
    idField: 'id',
    rest: { name: '新名' },
  },
  {
    mutation: 'deregisterOrganization',
    inputType: 'DeregisterOrganizationInput',
    idField: 'id',
    rest: { deregisteredOn: '2025-01-01', reason: '自行解散' },
  },
  {
    mutation: 'gradeOrganization',
    inputType: 'GradeOrganizationInput',
    idField: 'organizationId',
    rest: { score: 900 },
  },
  {
    mutation: 'recordCreditInformation',
    inputType: 'RecordCreditInformationInput',
    idField: 'organizationId',
    rest: {
      category: 'OTHER',
      kind: 'award',
      occurredOn: '2024-01-01',
      summary: '表彰',
      source: '苏民〔2024〕1号',
    },
  },
  {
    mutation: 'listOrganization',
    inputType: 'ListOrganizationInput',
    idField: 'organizationId',
    rest: { list: 'ABNORMAL_ACTIVITY', reason: 'UNREACHABLE' },
  },
  {
    mutation: 'removeFromList',
    inputType: 'RemoveFromListInput',
    idField: 'id',
    rest: { removedOn: '2025-01-01', removalReason: 'RECTIFIED' },
  },
  {
    mutation: 'fileObjection',
    inputType: 'FileObjectionInput',
    idField: 'organizationId',
    rest: { grounds: '记录有误' },
  },
  {
    mutation: 'decideObjection',
    inputType: 'DecideCreditProcedureInput',
    idField: 'id',
    rest: { accepted: true, decidedOn: '2025-01-01', note: '核实' },
  },
  {
    mutation: 'applyForCreditRepair',
    inputType: 'ApplyForCreditRepairInput',
    idField: 'organizationId',
    rest: { listEntryId: encodeGlobalId('OrganizationListEntry', '320505', 1), grounds: '已整改' },
  },
  {
    mutation: 'decideCreditRepair',
    inputType: 'DecideCreditProcedureInput',
    idField: 'id',
    rest: { accepted: false, decidedOn: '2025-01-01', note: '不予支持' },
  },
  {
    mutation: 'publishDisclosure',
    inputType: 'PublishDisclosureInput',
    idField: 'organizationId',
    rest: { kind: 'SERVICE_PROJECTS', title: '项目公示', content: '本年度服务项目' },
  },
  {
    mutation: 'withdrawDisclosure',
    inputType: 'WithdrawDisclosureInput',
    idField: 'id',
    rest: { withdrawnOn: '2025-01-01' },
  },
  {
    mutation: 'addHubMember',
    inputType: 'AddHubMemberInput',
    idField: 'hubId',
    rest: { memberId: encodeGlobalId('SocialOrganization', '320505', 2) },
  },
  {
    mutation: 'endHubMembership',
    inputType: 'EndHubMembershipInput',
    idField: 'id',
    rest: { leftOn: '2025-01-01' },
  },
  {
    mutation: 'updateSocialWorker',
    inputType: 'UpdateSocialWorkerInput',
    idField: 'id',
    rest: { name: '新名' },
  },
  {
    mutation: 'addCertificate',
    inputType: 'AddCertificateInput',
    idField: 'workerId',
    rest: { level: 'ASSISTANT', certificateNumber: 'ID-TEST-0001', passedOn: '2024-06-01' },
  },
  {
    mutation: 'registerCertificate',
    inputType: 'RegisterCertificateInput',
    idField: 'certificateId',
    rest: {},
  },
  {
    mutation: 'renewRegistration',
    inputType: 'RegisterCertificateInput',
    idField: 'certificateId',
    rest: {},
  },
  {
    mutation: 'recordContinuingEducation',
    inputType: 'RecordContinuingEducationInput',
    idField: 'workerId',
    rest: { hours: 8, completedOn: '2024-06-01', provider: '市社工协会', course: '督导' },
  },
  {
    mutation: 'startPost',
    inputType: 'StartPostInput',
    idField: 'workerId',
    rest: { communityId: encodeGlobalId('Community', '320505', 1), title: '社工', fullTime: false },
  },
  { mutation: 'endPost', inputType: 'EndPostInput', idField: 'id', rest: { endsOn: '2025-01-01' } },
];

describe('three-society mutations refuse IDs they cannot use, and change nothing', () => {
  for (const { mutation, inputType, idField, rest } of cases) {
    for (const [label, id, code] of [
      ['a malformed ID', malformedId, 'INVALID_ID'],
      ['an ID of another type', wrongTypeId, 'NOT_FOUND'],
    ] as const) {
      it(`${mutation} with ${label} in input.${idField} → ${code}`, async () => {
        const response = await t.gql(
          `mutation($input: ${inputType}!) { ${mutation}(input: $input) { __typename ... on Error { code path } } }`,
          { input: { ...rest, [idField]: id } },
        );
        expect(response.errors).toBeUndefined();
        expect(response.data[mutation]).toMatchObject({ code, path: ['input', idField] });
      });
    }
  }

  it('left every district exactly as it was', async () => {
    expect(await t.snapshot()).toEqual(before);
  });
});
