/**
 * Social organizations and social workers through the gateway (docs/domain.md §3, §4): mutations
 * route to the owning district, rules come back as typed union members, a refused mutation
 * changes nothing, and personal data is only ever shown masked.
 */
import { computeOrganizationCodeCheck, computeResidentIdCheck, computeUsccCheck } from '@sanshe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestGateway, type TestGateway } from './support/demo-gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await openTestGateway();
});
afterAll(() => t.close());

const DISTRICT = '320506';

function uscc(serial: number, category = '2'): string {
  const body = `GQ${String(serial).padStart(6, '0')}`;
  const first17 = `5${category}${DISTRICT}${body}${computeOrganizationCodeCheck(body)}`;
  return first17 + computeUsccCheck(first17);
}

function residentId(sequence: number): string {
  const first17 = `${DISTRICT}19880214${String(sequence).padStart(3, '0')}`;
  return first17 + computeResidentIdCheck(first17);
}

const result = `__typename ... on Error { code message path } ... on ConflictError { currentVersion }`;

const registerOrganization = `mutation($input: RegisterOrganizationInput!) {
  registerOrganization(input: $input) {
    ${result}
    ... on RegisterOrganizationSuccess { data { id name uscc legalStatus legalForm category serviceDomains version
      community { code } statusHistory { kind occurredOn } } }
  }
}`;
const fileGroup = `mutation($input: FileCommunityGroupInput!) {
  fileCommunityGroup(input: $input) {
    ${result}
    ... on FileCommunityGroupSuccess { data { id legalStatus uscc guidingUnitCode community { code } } }
  }
}`;
const changeOrganization = `mutation($input: ChangeOrganizationInput!) {
  changeOrganization(input: $input) {
    ${result}
    ... on ChangeOrganizationSuccess { data { id name version statusHistory { kind changedFields } } }
  }
}`;
const addHubMember = `mutation($input: AddHubMemberInput!) {
  addHubMember(input: $input) { ${result} ... on AddHubMemberSuccess { data { id hub { name } member { name } } } }
}`;
const gradeOrganization = `mutation($input: GradeOrganizationInput!) {
  gradeOrganization(input: $input) { ${result} ... on GradeOrganizationSuccess { data { gradeName validUntil } } }
}`;
const registerWorker = `mutation($input: RegisterSocialWorkerInput!) {
  registerSocialWorker(input: $input) {
    ${result}
    ... on RegisterSocialWorkerSuccess { data { id name residentIdMasked mobilePhoneMasked } }
  }
}`;
const addCertificate = `mutation($input: AddCertificateInput!) {
  addCertificate(input: $input) { ${result} ... on AddCertificateSuccess { data { id level } } }
}`;
const registerCertificate = `mutation($input: RegisterCertificateInput!) {
  registerCertificate(input: $input) {
    ${result}
    ... on RegisterCertificateSuccess { data { kind validFrom validUntil policySource } }
  }
}`;
const renewRegistration = `mutation($input: RegisterCertificateInput!) {
  renewRegistration(input: $input) { ${result} ... on RenewRegistrationSuccess { data { kind } } }
}`;
const startPost = `mutation($input: StartPostInput!) {
  startPost(input: $input) { ${result} ... on StartPostSuccess { data { id title startsOn } } }
}`;

async function communityOf(district: string) {
  const response = await t.gql(
    `query($filter: CommunityFilter) { communities(first: 1, filter: $filter) { nodes { id code subdistrict { code } } } }`,
    { filter: { districtCode: district, kind: 'COMMUNITY' } },
  );
  return response.data.communities.nodes[0] as { id: string; code: string; subdistrict: { code: string } };
}

/** Run a mutation expected to be refused: its typed error, and every district unchanged. */
async function expectRefused(query: string, input: Record<string, unknown>, field: string, code: string) {
  const before = await t.snapshot();
  const response = await t.gql(query, { input });
  expect(response.errors).toBeUndefined();
  expect(response.data[field]).toMatchObject({ code });
  expect(await t.snapshot()).toEqual(before);
  return response.data[field];
}

describe('social organizations through the gateway (docs/domain.md §3)', () => {
  it('registers an organization in the district its input names, with its history', async () => {
    const community = await communityOf(DISTRICT);
    const response = await t.gql(registerOrganization, {
      input: {
        districtCode: DISTRICT,
        name: '金阊社工服务中心',
        legalForm: 'SOCIAL_SERVICE_AGENCY',
        uscc: uscc(1),
        category: 'SERVICES',
        serviceDomains: ['ELDERLY', 'CHILDREN'],
        communityCode: community.code,
        registeredOn: '2020-03-01',
      },
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.registerOrganization).toMatchObject({
      __typename: 'RegisterOrganizationSuccess',
      data: {
        uscc: uscc(1),
        legalStatus: 'REGISTERED',
        legalForm: 'SOCIAL_SERVICE_AGENCY',
        serviceDomains: ['ELDERLY', 'CHILDREN'],
        version: 1,
        community: { code: community.code },
        statusHistory: [{ kind: 'REGISTERED', occurredOn: '2020-03-01' }],
      },
    });
    const { id } = response.data.registerOrganization.data;
    const changed = await t.gql(changeOrganization, {
      input: { id, name: '金阊社会工作服务中心', expectedVersion: 1 },
    });
    expect(changed.data.changeOrganization).toMatchObject({
      data: {
        version: 2,
        statusHistory: [{ kind: 'REGISTERED' }, { kind: 'CHANGED', changedFields: ['name'] }],
      },
    });
    // docs/domain.md §3 / services: a stale version is a typed conflict that changes nothing.
    const stale = await expectRefused(
      changeOrganization,
      { id, name: '又一个名字', expectedVersion: 1 },
      'changeOrganization',
      'VERSION_CONFLICT',
    );
    expect(stale).toMatchObject({ __typename: 'ConflictError', currentVersion: 2 });
  });

  it('refuses an invalid, mismatched or duplicate USCC, and a filed group given one', async () => {
    const community = await communityOf(DISTRICT);
    const base = {
      districtCode: DISTRICT,
      name: '测试协会',
      legalForm: 'SOCIAL_ASSOCIATION',
      category: 'OTHER',
      communityCode: community.code,
      registeredOn: '2021-01-01',
    };
    const bad = uscc(2, '1');
    const wrongCheck = bad.slice(0, 17) + (bad[17] === '0' ? '1' : '0');
    await expectRefused(
      registerOrganization,
      { ...base, uscc: wrongCheck },
      'registerOrganization',
      'INVALID_USCC',
    );
    // GB 32100: position 2 is the legal form; a social service agency code for an association.
    await expectRefused(
      registerOrganization,
      { ...base, uscc: uscc(3, '2') },
      'registerOrganization',
      'USCC_MISMATCH',
    );
    await expectRefused(
      registerOrganization,
      { ...base, uscc: uscc(1), legalForm: 'SOCIAL_SERVICE_AGENCY' },
      'registerOrganization',
      'DUPLICATE_USCC',
    );
    await expectRefused(
      fileGroup,
      { guidingUnitCode: community.code, name: '广场舞队', category: 'CULTURE_SPORT', uscc: uscc(4, '1') },
      'fileCommunityGroup',
      'USCC_NOT_ALLOWED',
    );
    // A legacy code with a bad check character is accepted with a reason (audited).
    const accepted = await t.gql(registerOrganization, {
      input: { ...base, uscc: wrongCheck, usccOverrideReason: '历史档案登记证书所载代码' },
    });
    expect(accepted.data.registerOrganization.__typename).toBe('RegisterOrganizationSuccess');
  });

  it('refuses a hub cycle and grading an organization registered less than two full years', async () => {
    const community = await communityOf(DISTRICT);
    const hub = async (serial: number, name: string) => {
      const response = await t.gql(registerOrganization, {
        input: {
          districtCode: DISTRICT,
          name,
          legalForm: 'SOCIAL_ASSOCIATION',
          uscc: uscc(serial, '1'),
          category: 'HUB',
          communityCode: community.code,
          registeredOn: '2024-06-01',
        },
      });
      return response.data.registerOrganization.data.id as string;
    };
    const a = await hub(10, '社会组织联合会甲');
    const b = await hub(11, '社会组织联合会乙');
    const joined = await t.gql(addHubMember, { input: { hubId: a, memberId: b, joinedOn: '2024-07-01' } });
    expect(joined.data.addHubMember.__typename).toBe('AddHubMemberSuccess');
    await expectRefused(
      addHubMember,
      { hubId: b, memberId: a, joinedOn: '2024-07-02' },
      'addHubMember',
      'HUB_CYCLE',
    );
    // 社会组织评估管理办法: two full years of registration before an evaluation.
    const refused = await expectRefused(
      gradeOrganization,
      { organizationId: a, score: 900, awardedOn: '2025-06-01' },
      'gradeOrganization',
      'NOT_ELIGIBLE',
    );
    expect(refused.__typename).toBe('ConflictError');
  });
});

describe('policy tables through the gateway (docs/domain.md §3: grade cut-offs are local)', () => {
  it('sets a district’s cut-offs from today, reads them back, and grades under them', async () => {
    const community = await communityOf(DISTRICT);
    const registered = await t.gql(registerOrganization, {
      input: {
        districtCode: DISTRICT,
        name: '老年协会',
        legalForm: 'SOCIAL_ASSOCIATION',
        uscc: uscc(30, '1'),
        category: 'SERVICES',
        communityCode: community.code,
        registeredOn: '2019-01-01',
      },
    });
    const organizationId = registered.data.registerOrganization.data.id;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const cutoffs = { '1A': 500, '2A': 600, '3A': 700, '4A': 800, '5A': 900 };
    const set = await t.gql(
      `mutation($input: SetPolicyInput!) { setPolicy(input: $input) { ${result} ... on SetPolicySuccess { data { key jurisdictionCode effectiveFrom valueJson source } } } }`,
      {
        input: {
          key: 'ORGANIZATION__EVALUATION_GRADE_CUTOFFS',
          jurisdictionCode: DISTRICT,
          effectiveFrom: today,
          valueJson: JSON.stringify(cutoffs),
          source: '测试区民政局评估细则',
        },
      },
    );
    expect(set.data.setPolicy).toMatchObject({ data: { jurisdictionCode: DISTRICT, effectiveFrom: today } });
    const read = await t.gql(
      `query($unit: String!) { policyInForce(key: ORGANIZATION__EVALUATION_GRADE_CUTOFFS, unitCode: $unit) { valueJson source } }`,
      { unit: community.code },
    );
    expect(JSON.parse(read.data.policyInForce.valueJson)).toEqual(cutoffs);
    expect(read.data.policyInForce.source).toBe('测试区民政局评估细则');

    const graded = await t.gql(gradeOrganization, { input: { organizationId, score: 815 } });
    expect(graded.data.gradeOrganization).toMatchObject({
      __typename: 'GradeOrganizationSuccess',
      data: { gradeName: '4A' },
    });
    // A malformed value is refused by the policy's own validator and changes nothing.
    await expectRefused(
      `mutation($input: SetPolicyInput!) { setPolicy(input: $input) { ${result} } }`,
      {
        key: 'ORGANIZATION__EVALUATION_GRADE_CUTOFFS',
        jurisdictionCode: DISTRICT,
        effectiveFrom: today,
        valueJson: JSON.stringify({ ...cutoffs, '5A': 100 }),
        source: 'x',
      },
      'setPolicy',
      'INVALID_NUMBER',
    );
  });
});

describe('social workers through the gateway (docs/domain.md §4, §9)', () => {
  it('registers a worker, a certificate and a post; identity and phone only ever masked', async () => {
    const community = await communityOf(DISTRICT);
    const id = residentId(101);
    const worker = await t.gql(registerWorker, {
      input: { districtCode: DISTRICT, name: '王晓燕', residentId: id, mobilePhone: '13912345678' },
    });
    expect(worker.errors).toBeUndefined();
    const data = worker.data.registerSocialWorker.data;
    expect(data.residentIdMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(data.mobilePhoneMasked).toBe('139****5678');
    expect(JSON.stringify(worker)).not.toContain(id);
    expect(JSON.stringify(worker)).not.toContain('13912345678');

    await expectRefused(
      registerWorker,
      { districtCode: DISTRICT, name: '重复', residentId: id },
      'registerSocialWorker',
      'DUPLICATE_RECORD',
    );
    await expectRefused(
      registerWorker,
      { districtCode: DISTRICT, name: '错号', residentId: `${id.slice(0, 17)}${id[17] === '1' ? '2' : '1'}` },
      'registerSocialWorker',
      'INVALID_RESIDENT_ID',
    );

    const certificate = await t.gql(addCertificate, {
      input: {
        workerId: data.id,
        level: 'ASSISTANT',
        certificateNumber: 'GQ-2023-0001',
        passedOn: '2023-06-18',
      },
    });
    const certificateId = certificate.data.addCertificate.data.id;
    // 社会工作者职业水平证书登记办法: first registration within one year; valid three years.
    const registered = await t.gql(registerCertificate, {
      input: { certificateId, registeredOn: '2023-09-01' },
    });
    expect(registered.data.registerCertificate.data).toMatchObject({
      kind: 'FIRST',
      validFrom: '2023-09-01',
      validUntil: '2026-08-31',
    });
    // Renewal needs 72 continuing-education hours for an assistant; none are recorded.
    await expectRefused(
      renewRegistration,
      { certificateId, registeredOn: '2026-07-01' },
      'renewRegistration',
      'INSUFFICIENT_CE_HOURS',
    );

    const post = await t.gql(startPost, {
      input: {
        workerId: data.id,
        communityId: community.id,
        title: '社区社工',
        fullTime: true,
        startsOn: '2023-10-01',
      },
    });
    expect(post.data.startPost.__typename).toBe('StartPostSuccess');
    await expectRefused(
      startPost,
      { workerId: data.id, communityId: community.id, title: '兼任', fullTime: true, startsOn: '2024-01-01' },
      'startPost',
      'OVERLAPPING_POST',
    );

    const read = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on SocialWorker { name certifiedOn(on: "2025-01-01") certifiedLevel(on: "2025-01-01")
        lapsed: certifiedOn(on: "2026-09-01") posts { community { code } } } } }`,
      { id: data.id },
    );
    expect(read.data.node).toMatchObject({
      certifiedOn: true,
      certifiedLevel: 'ASSISTANT',
      lapsed: false,
      posts: [{ community: { code: community.code } }],
    });
  });

  it('answers a mutation for a district this gateway does not serve with DISTRICT_NOT_SERVED', async () => {
    const response = await t.gql(registerWorker, {
      input: { districtCode: '110101', name: '外区', residentId: residentId(5) },
    });
    expect(response.data.registerSocialWorker).toMatchObject({ code: 'DISTRICT_NOT_SERVED' });
  });
});
