/**
 * Every input the organization service refuses, mutation by mutation: invalid values, dates in
 * the wrong order, unknown codes and ids that do not exist. Each refusal is checked for its
 * code and path AND for leaving the database exactly as it was (a full snapshot, see
 * ../hierarchy/helpers.ts expectRefused).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type {
  AddHubMemberInput,
  ChangeOrganizationInput,
  DeregisterOrganizationInput,
  EndHubMembershipInput,
  FileCommunityGroupInput,
  OrganizationService,
  PublishDisclosureInput,
  RegisterOrganizationInput,
  WithdrawDisclosureInput,
} from '../../src/organizations/index.js';
import type {
  OrganizationDisclosure,
  OrganizationHubMembership,
  SocialOrganization,
} from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import type { ExpectedRefusal } from '../hierarchy/helpers.js';
import {
  CODES,
  createOrganizationFixture,
  expectRefused as expectRefusedFrom,
  makeUscc,
  type OrganizationFixture,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;
let hub: SocialOrganization;
let member: SocialOrganization;
let gone: SocialOrganization;
let openMembership: OrganizationHubMembership;
let endedMembership: OrganizationHubMembership;
let disclosure: OrganizationDisclosure;
let withdrawn: OrganizationDisclosure;
let baseline: Record<string, unknown[]>;

beforeAll(async () => {
  f = await createOrganizationFixture();
  service = f.service;
  const register = (serial: number, name: string, category: 'hub' | 'services') =>
    service.registerOrganization({
      name,
      legalForm: 'social_association',
      uscc: makeUscc(serial),
      category,
      communityCode: CODES.urban,
      registeredOn: '2018-01-01',
    });
  hub = await register(700, '狮山社会组织联合会', 'hub');
  member = await register(701, '狮山助老服务社', 'services');
  const former = await register(702, '前成员服务社', 'services');
  gone = await register(703, '已注销服务社', 'services');
  gone = await service.deregisterOrganization({ id: gone.id, deregisteredOn: '2020-01-01', reason: '解散' });
  await service.fileCommunityGroup({
    name: '狮山社区合唱团',
    category: 'culture_sport',
    guidingUnitCode: CODES.urban,
    filedOn: '2019-01-01',
  });
  openMembership = await service.addHubMember({ hubId: hub.id, memberId: member.id, joinedOn: '2019-01-01' });
  endedMembership = await service.addHubMember({
    hubId: hub.id,
    memberId: former.id,
    joinedOn: '2019-01-01',
  });
  endedMembership = await service.endHubMembership({
    membershipId: endedMembership.id,
    leftOn: '2020-01-01',
  });
  const publish = (title: string) =>
    service.publishDisclosure({
      organizationId: member.id,
      kind: 'service_projects',
      title,
      content: '助餐服务。',
      publishedOn: '2024-01-01',
    });
  disclosure = await publish('助餐项目');
  withdrawn = await publish('旧项目');
  withdrawn = await service.withdrawDisclosure({ disclosureId: withdrawn.id, withdrawnOn: '2024-02-01' });
  // Every test of this file is a refusal, so this is the state before and after each of them.
  baseline = await snapshotDatabase(f.database);
});

afterAll(async () => {
  await f?.database.close();
});

function expectRefused(action: () => Promise<unknown>, expected: ExpectedRefusal) {
  return expectRefusedFrom(f.database, action, expected, baseline);
}

const at = (...path: (string | number)[]) => ['input', ...path];

// ---- value families ----------------------------------------------------------------------

const badNames: [string, unknown][] = [
  ['empty', ''],
  ['only spaces', '   '],
  ['101 characters', '社'.repeat(101)],
  ['a line break inside', '狮山\n协会'],
  ['a NUL character', 'bad\u0000name'],
  ['null', null],
  ['a number', 42],
];

/** Organization names are published (the public credit report): no ID or mobile number in them. */
const namesWithPersonalData: [string, string][] = [
  ['a mobile number', '助老服务社13812345678'],
  ['a resident ID', '320505198804120051服务社'],
];

const badDates: [string, unknown][] = [
  ['30 February', '2024-02-30'],
  ['a word', 'yesterday'],
  ['empty', ''],
  ['slashes', '2024/01/01'],
  ['a timestamp', '2024-01-01T00:00:00+08:00'],
  ['before 1900', '1899-12-31'],
  ['a number', 20240101],
];

/** Ids that no record has or can have (organization-service.ts requireId, isLocalId). */
const missingIds: [string, unknown][] = [
  ['an id no record has', 999_999],
  ['0', 0],
  ['a negative id', -1],
  ['a fraction', 1.5],
  ['beyond 32 bits', 2 ** 31],
  ['NaN', Number.NaN],
  ['a string', '1'],
  ['null', null],
];

const badCommunityCodes: [string, unknown, ExpectedRefusal['code']][] = [
  ['letters', 'abc', 'INVALID_DIVISION_CODE'],
  ['an empty string', '', 'INVALID_DIVISION_CODE'],
  ['11 digits', '32050500100', 'INVALID_DIVISION_CODE'],
  ['community suffix 000', '320505001000', 'INVALID_DIVISION_CODE'],
  ['a number', 320505001001, 'INVALID_DIVISION_CODE'],
  ['a subdistrict code', CODES.subdistrict, 'CODE_LEVEL_MISMATCH'],
  ['a district code', '320505', 'CODE_LEVEL_MISMATCH'],
  ['a community of district 320506', '320506001001', 'CODE_OUTSIDE_DISTRICT'],
  ['an unknown community', '320505001099', 'NOT_FOUND'],
  ['a community retired in 2010', CODES.retired, 'UNIT_NOT_IN_FORCE'],
  ['a community in force only from 2025-03-01', CODES.late, 'UNIT_NOT_IN_FORCE'],
];

const badDomains: [string, unknown, (string | number)[]][] = [
  ['not a list', 'elderly', ['serviceDomains']],
  ['an unknown domain', ['elderly', 'gardening'], ['serviceDomains', 1]],
  ['null in the list', [null], ['serviceDomains', 0]],
  ['a label instead of a code', ['养老服务'], ['serviceDomains', 0]],
];

// ---- registerOrganization --------------------------------------------------------------------

const registration: RegisterOrganizationInput = {
  name: '新登记协会',
  legalForm: 'social_association',
  uscc: makeUscc(790),
  category: 'services',
  registeredOn: '2024-01-01',
};
const register = (extra: Record<string, unknown>) => () =>
  service.registerOrganization({ ...registration, ...extra } as RegisterOrganizationInput);

describe('registerOrganization', () => {
  it.each(badNames)('INVALID_NAME: a name %s', async (_label, name) => {
    await expectRefused(register({ name }), { code: 'INVALID_NAME', path: at('name') });
  });

  it.each(namesWithPersonalData)('PERSONAL_DATA_IN_PUBLIC_TEXT: a name with %s', async (_label, name) => {
    await expectRefused(register({ name }), { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: at('name') });
  });

  it.each([
    ['an empty string', ''],
    ['a company', 'company'],
    ['upper case', 'SOCIAL_ASSOCIATION'],
    ['null', null],
    ['a label', '社会团体'],
  ])('INVALID_CODE_LIST_VALUE: a legal form %s', async (_label, legalForm) => {
    await expectRefused(register({ legalForm }), { code: 'INVALID_CODE_LIST_VALUE', path: at('legalForm') });
  });

  it.each([
    ['an empty string', ''],
    ['an unknown category', 'hubs'],
    ['null', null],
  ])('INVALID_CODE_LIST_VALUE: a category %s', async (_label, category) => {
    await expectRefused(register({ category }), { code: 'INVALID_CODE_LIST_VALUE', path: at('category') });
  });

  it.each(badDomains)('service domains %s', async (_label, serviceDomains, path) => {
    await expectRefused(register({ serviceDomains }), {
      code: path.length === 1 ? 'VALIDATION_FAILED' : 'INVALID_CODE_LIST_VALUE',
      path: at(...path),
    });
  });

  it.each(badCommunityCodes)('a base community that is %s (%s)', async (_label, communityCode, code) => {
    await expectRefused(register({ communityCode }), { code, path: at('communityCode') });
  });

  it.each(badCommunityCodes)(
    'a served community that is %s (%s), at its index',
    async (_label, bad, code) => {
      await expectRefused(register({ servedCommunityCodes: [CODES.urban, bad] }), {
        code,
        path: at('servedCommunityCodes', 1),
      });
    },
  );

  it('VALIDATION_FAILED: served communities that are not a list, or more than 500', async () => {
    await expectRefused(register({ servedCommunityCodes: CODES.urban }), {
      code: 'VALIDATION_FAILED',
      path: at('servedCommunityCodes'),
    });
    await expectRefused(register({ servedCommunityCodes: Array(501).fill(CODES.urban) }), {
      code: 'VALIDATION_FAILED',
      path: at('servedCommunityCodes'),
    });
  });

  it('UNIT_NOT_IN_FORCE: a community retired later, on a registration date after its retirement', async () => {
    await expectRefused(register({ communityCode: CODES.retiring, registeredOn: '2024-01-01' }), {
      code: 'UNIT_NOT_IN_FORCE',
      path: at('communityCode'),
    });
  });

  it.each(badDates)('INVALID_DATE: a registration date %s', async (_label, registeredOn) => {
    await expectRefused(register({ registeredOn }), { code: 'INVALID_DATE', path: at('registeredOn') });
  });

  it('DATE_IN_FUTURE: a registration dated after today', async () => {
    await expectRefused(register({ registeredOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: at('registeredOn'),
    });
  });

  it('DUPLICATE_USCC: the code of an organization of the fixture', async () => {
    await expectRefused(register({ uscc: hub.uscc }), { code: 'DUPLICATE_USCC', path: at('uscc') });
  });
});

// ---- fileCommunityGroup ------------------------------------------------------------------------

const filing: FileCommunityGroupInput = {
  name: '新备案小组',
  category: 'culture_sport',
  guidingUnitCode: CODES.subdistrict,
  filedOn: '2024-01-01',
};
const file = (extra: Record<string, unknown>) => () =>
  service.fileCommunityGroup({ ...filing, ...extra } as FileCommunityGroupInput);

describe('fileCommunityGroup', () => {
  it.each(badNames)('INVALID_NAME: a name %s', async (_label, name) => {
    await expectRefused(file({ name }), { code: 'INVALID_NAME', path: at('name') });
  });

  it.each(namesWithPersonalData)('PERSONAL_DATA_IN_PUBLIC_TEXT: a name with %s', async (_label, name) => {
    await expectRefused(file({ name }), { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: at('name') });
  });

  it('INVALID_CODE_LIST_VALUE: an unknown category', async () => {
    await expectRefused(file({ category: 'dance' }), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: at('category'),
    });
  });

  it.each(badDomains)('service domains %s', async (_label, serviceDomains, path) => {
    await expectRefused(file({ serviceDomains }), {
      code: path.length === 1 ? 'VALIDATION_FAILED' : 'INVALID_CODE_LIST_VALUE',
      path: at(...path),
    });
  });

  it.each<[string, unknown, ExpectedRefusal['code']]>([
    ['missing', undefined, 'INVALID_DIVISION_CODE'],
    ['null', null, 'INVALID_DIVISION_CODE'],
    ['letters', 'abc', 'INVALID_DIVISION_CODE'],
    ['the district itself', '320505', 'CODE_LEVEL_MISMATCH'],
    ['a subdistrict of district 320506', '320506001', 'CODE_OUTSIDE_DISTRICT'],
    ['a community of district 320506', '320506001001', 'CODE_OUTSIDE_DISTRICT'],
    ['an unknown subdistrict', '320505009', 'NOT_FOUND'],
    ['an unknown community', '320505001099', 'NOT_FOUND'],
    ['a retired community', CODES.retired, 'UNIT_NOT_IN_FORCE'],
    ['a community not yet in force', CODES.late, 'UNIT_NOT_IN_FORCE'],
  ])('a guiding unit that is %s (%s)', async (_label, guidingUnitCode, code) => {
    await expectRefused(file({ guidingUnitCode }), { code, path: at('guidingUnitCode') });
  });

  it('UNIT_NOT_IN_FORCE: a subdistrict on a filing date before it came into force (2000-01-01)', async () => {
    await expectRefused(file({ filedOn: '1999-12-31' }), {
      code: 'UNIT_NOT_IN_FORCE',
      path: at('guidingUnitCode'),
    });
  });

  it('VALIDATION_FAILED: a base community other than the guiding community, or outside the guiding subdistrict', async () => {
    await expectRefused(file({ guidingUnitCode: CODES.urban, communityCode: CODES.village }), {
      code: 'VALIDATION_FAILED',
      path: at('communityCode'),
    });
    await expectRefused(file({ communityCode: CODES.otherCommunity }), {
      code: 'VALIDATION_FAILED',
      path: at('communityCode'),
    });
  });

  it.each(badCommunityCodes)('a served community that is %s (%s)', async (_label, bad, code) => {
    await expectRefused(file({ servedCommunityCodes: [bad] }), { code, path: at('servedCommunityCodes', 0) });
  });

  it.each(badDates)('INVALID_DATE: a filing date %s', async (_label, filedOn) => {
    await expectRefused(file({ filedOn }), { code: 'INVALID_DATE', path: at('filedOn') });
  });

  it('DATE_IN_FUTURE: a filing dated after today', async () => {
    await expectRefused(file({ filedOn: '2026-01-01' }), { code: 'DATE_IN_FUTURE', path: at('filedOn') });
  });
});

// ---- changeOrganization --------------------------------------------------------------------------

const change = (extra: Record<string, unknown>) => () =>
  service.changeOrganization({
    id: member.id,
    name: '改名',
    changedOn: '2024-06-01',
    ...extra,
  } as ChangeOrganizationInput);

describe('changeOrganization', () => {
  it.each(missingIds)('NOT_FOUND: %s', async (_label, id) => {
    await expectRefused(change({ id }), { code: 'NOT_FOUND', path: at('id') });
  });

  it.each(badNames)('INVALID_NAME: a name %s', async (_label, name) => {
    await expectRefused(change({ name }), { code: 'INVALID_NAME', path: at('name') });
  });

  it.each(namesWithPersonalData)('PERSONAL_DATA_IN_PUBLIC_TEXT: a name with %s', async (_label, name) => {
    await expectRefused(change({ name }), { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: at('name') });
  });

  it('INVALID_CODE_LIST_VALUE: an unknown category', async () => {
    await expectRefused(change({ category: 'club' }), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: at('category'),
    });
  });

  it.each(badDomains)('service domains %s', async (_label, serviceDomains, path) => {
    await expectRefused(change({ serviceDomains }), {
      code: path.length === 1 ? 'VALIDATION_FAILED' : 'INVALID_CODE_LIST_VALUE',
      path: at(...path),
    });
  });

  it.each(badCommunityCodes)('a base community that is %s (%s)', async (_label, communityCode, code) => {
    await expectRefused(change({ communityCode }), { code, path: at('communityCode') });
  });

  it.each(badCommunityCodes)('a served community that is %s (%s)', async (_label, bad, code) => {
    await expectRefused(change({ servedCommunityCodes: [bad] }), {
      code,
      path: at('servedCommunityCodes', 0),
    });
  });

  it.each(badDates)('INVALID_DATE: a change date %s', async (_label, changedOn) => {
    await expectRefused(change({ changedOn }), { code: 'INVALID_DATE', path: at('changedOn') });
  });

  it.each([['before the registration (2018-01-01)', '2017-12-31']])(
    'INVALID_DATE_RANGE: a change dated %s',
    async (_label, changedOn) => {
      await expectRefused(change({ changedOn }), { code: 'INVALID_DATE_RANGE', path: at('changedOn') });
    },
  );

  it('DATE_IN_FUTURE: a change dated after today', async () => {
    await expectRefused(change({ changedOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: at('changedOn'),
    });
  });

  it('ORGANIZATION_INACTIVE: a deregistered organization', async () => {
    await expectRefused(change({ id: gone.id }), { code: 'ORGANIZATION_INACTIVE', path: at('id') });
  });
});

// ---- deregisterOrganization ----------------------------------------------------------------------

const deregister = (extra: Record<string, unknown>) => () =>
  service.deregisterOrganization({
    id: member.id,
    deregisteredOn: '2024-06-01',
    reason: '解散',
    ...extra,
  } as DeregisterOrganizationInput);

describe('deregisterOrganization', () => {
  it.each(missingIds)('NOT_FOUND: %s', async (_label, id) => {
    await expectRefused(deregister({ id }), { code: 'NOT_FOUND', path: at('id') });
  });

  it.each([...badDates, ['missing', undefined] as [string, unknown]])(
    'INVALID_DATE: a deregistration date %s',
    async (_label, deregisteredOn) => {
      await expectRefused(deregister({ deregisteredOn }), {
        code: 'INVALID_DATE',
        path: at('deregisteredOn'),
      });
    },
  );

  it.each([
    ['before the registration', '2017-12-31'],
    ['before the membership it holds began (2019-01-01)', '2018-12-31'],
    ['before its disclosure (2024-01-01)', '2023-12-31'],
  ])('INVALID_DATE_RANGE: a deregistration dated %s', async (_label, deregisteredOn) => {
    await expectRefused(deregister({ deregisteredOn }), {
      code: 'INVALID_DATE_RANGE',
      path: at('deregisteredOn'),
    });
  });

  it('DATE_IN_FUTURE: a deregistration dated after today', async () => {
    await expectRefused(deregister({ deregisteredOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: at('deregisteredOn'),
    });
  });

  it('VALIDATION_FAILED: a reason longer than 500 characters, or not text', async () => {
    await expectRefused(deregister({ reason: '因'.repeat(501) }), {
      code: 'VALIDATION_FAILED',
      path: at('reason'),
    });
    await expectRefused(deregister({ reason: 42 }), { code: 'VALIDATION_FAILED', path: at('reason') });
  });

  it('REASON_REQUIRED: no reason', async () => {
    await expectRefused(deregister({ reason: undefined }), { code: 'REASON_REQUIRED', path: at('reason') });
  });

  it('ORGANIZATION_INACTIVE: already deregistered', async () => {
    await expectRefused(deregister({ id: gone.id }), { code: 'ORGANIZATION_INACTIVE', path: at('id') });
  });
});

// ---- addHubMember --------------------------------------------------------------------------------

const addMember = (extra: Record<string, unknown>) => () =>
  service.addHubMember({ hubId: hub.id, memberId: gone.id, ...extra } as AddHubMemberInput);

describe('addHubMember', () => {
  it.each(missingIds)('NOT_FOUND: a hub id that is %s', async (_label, hubId) => {
    await expectRefused(addMember({ hubId, memberId: member.id }), { code: 'NOT_FOUND', path: at('hubId') });
  });

  it.each(missingIds)('NOT_FOUND: a member id that is %s', async (_label, memberId) => {
    await expectRefused(addMember({ memberId }), { code: 'NOT_FOUND', path: at('memberId') });
  });

  it.each(badDates)('INVALID_DATE: a joining date %s', async (_label, joinedOn) => {
    await expectRefused(addMember({ memberId: member.id, joinedOn }), {
      code: 'INVALID_DATE',
      path: at('joinedOn'),
    });
  });

  it('DATE_IN_FUTURE: a joining date after today', async () => {
    await expectRefused(addMember({ joinedOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: at('joinedOn'),
    });
  });

  it('NOT_A_HUB, ORGANIZATION_INACTIVE, DUPLICATE_RECORD and HUB_CYCLE on the fixture', async () => {
    await expectRefused(addMember({ hubId: member.id, memberId: hub.id }), {
      code: 'NOT_A_HUB',
      path: at('hubId'),
    });
    await expectRefused(addMember({}), { code: 'ORGANIZATION_INACTIVE', path: at('memberId') });
    await expectRefused(addMember({ memberId: member.id }), {
      code: 'DUPLICATE_RECORD',
      path: at('memberId'),
    });
    await expectRefused(addMember({ memberId: hub.id }), { code: 'HUB_CYCLE', path: at('memberId') });
  });
});

// ---- endHubMembership ----------------------------------------------------------------------------

const endMembership = (extra: Record<string, unknown>) => () =>
  service.endHubMembership({
    membershipId: openMembership.id,
    leftOn: '2024-01-01',
    ...extra,
  } as EndHubMembershipInput);

describe('endHubMembership', () => {
  it.each(missingIds)('NOT_FOUND: %s', async (_label, membershipId) => {
    await expectRefused(endMembership({ membershipId }), { code: 'NOT_FOUND', path: at('membershipId') });
  });

  it.each([...badDates, ['missing', undefined] as [string, unknown]])(
    'INVALID_DATE: a leaving date %s',
    async (_label, leftOn) => {
      await expectRefused(endMembership({ leftOn }), { code: 'INVALID_DATE', path: at('leftOn') });
    },
  );

  it.each([['before the membership began', '2018-12-31']])(
    'INVALID_DATE_RANGE: a leaving date %s',
    async (_label, leftOn) => {
      await expectRefused(endMembership({ leftOn }), { code: 'INVALID_DATE_RANGE', path: at('leftOn') });
    },
  );

  it('DATE_IN_FUTURE: a leaving date after today', async () => {
    await expectRefused(endMembership({ leftOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: at('leftOn'),
    });
  });

  it('ALREADY_ENDED: an ended membership', async () => {
    await expectRefused(endMembership({ membershipId: endedMembership.id }), {
      code: 'ALREADY_ENDED',
      path: at('membershipId'),
    });
  });
});

// ---- publishDisclosure ---------------------------------------------------------------------------

const publish = (extra: Record<string, unknown>) => () =>
  service.publishDisclosure({
    organizationId: member.id,
    kind: 'service_projects',
    title: '新项目',
    content: '项目介绍。',
    publishedOn: '2024-06-01',
    ...extra,
  } as PublishDisclosureInput);

describe('publishDisclosure', () => {
  it.each(missingIds)('NOT_FOUND: %s', async (_label, organizationId) => {
    await expectRefused(publish({ organizationId }), { code: 'NOT_FOUND', path: at('organizationId') });
  });

  it.each([
    ['an unknown kind', 'annual_report'],
    ['null', null],
    ['a label', '服务项目'],
  ])('INVALID_CODE_LIST_VALUE: a kind that is %s', async (_label, kind) => {
    await expectRefused(publish({ kind }), { code: 'INVALID_CODE_LIST_VALUE', path: at('kind') });
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['201 characters', '题'.repeat(201)],
    ['null', null],
  ])('VALIDATION_FAILED: a title %s', async (_label, title) => {
    await expectRefused(publish({ title }), { code: 'VALIDATION_FAILED', path: at('title') });
  });

  it('INVALID_TEXT: a title with a line break (a title is one line)', async () => {
    await expectRefused(publish({ title: '第一行\n第二行' }), { code: 'INVALID_TEXT', path: at('title') });
  });

  it.each([
    ['empty', ''],
    ['only line breaks', '\n\n'],
    ['5001 characters', '文'.repeat(5001)],
    ['a number', 42],
  ])('VALIDATION_FAILED: content %s', async (_label, content) => {
    await expectRefused(publish({ content }), { code: 'VALIDATION_FAILED', path: at('content') });
  });

  it.each([
    ['a NUL character', '项目\u0000介绍'],
    ['an escape character', '项目\u001b[31m介绍'],
    ['a lone surrogate', '项目\uD800介绍'],
  ])('INVALID_TEXT: content with %s (validators/text.ts parseText)', async (_label, content) => {
    await expectRefused(publish({ content }), { code: 'INVALID_TEXT', path: at('content') });
  });

  it('PERSONAL_DATA_IN_PUBLIC_TEXT: a mobile number in the content', async () => {
    await expectRefused(publish({ content: '报名电话 13912345678' }), {
      code: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
      path: at('content'),
    });
  });

  it.each(badDates)('INVALID_DATE: a publication date %s', async (_label, publishedOn) => {
    await expectRefused(publish({ publishedOn }), { code: 'INVALID_DATE', path: at('publishedOn') });
  });

  it('DATE_IN_FUTURE: a publication dated after today', async () => {
    await expectRefused(publish({ publishedOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: at('publishedOn'),
    });
  });

  it('ORGANIZATION_INACTIVE: before the organization was registered, or by a deregistered one', async () => {
    await expectRefused(publish({ publishedOn: '2017-12-31' }), {
      code: 'ORGANIZATION_INACTIVE',
      path: at('publishedOn'),
    });
    await expectRefused(publish({ organizationId: gone.id, publishedOn: '2019-01-01' }), {
      code: 'ORGANIZATION_INACTIVE',
      path: at('organizationId'),
    });
  });
});

// ---- withdrawDisclosure --------------------------------------------------------------------------

const withdraw = (extra: Record<string, unknown>) => () =>
  service.withdrawDisclosure({
    disclosureId: disclosure.id,
    withdrawnOn: '2024-06-01',
    ...extra,
  } as WithdrawDisclosureInput);

describe('withdrawDisclosure', () => {
  it.each(missingIds)('NOT_FOUND: %s', async (_label, disclosureId) => {
    await expectRefused(withdraw({ disclosureId }), { code: 'NOT_FOUND', path: at('disclosureId') });
  });

  it.each([...badDates, ['missing', undefined] as [string, unknown]])(
    'INVALID_DATE: a withdrawal date %s',
    async (_label, withdrawnOn) => {
      await expectRefused(withdraw({ withdrawnOn }), { code: 'INVALID_DATE', path: at('withdrawnOn') });
    },
  );

  it.each([['before the publication (2024-01-01)', '2023-12-31']])(
    'INVALID_DATE_RANGE: a withdrawal dated %s',
    async (_label, withdrawnOn) => {
      await expectRefused(withdraw({ withdrawnOn }), { code: 'INVALID_DATE_RANGE', path: at('withdrawnOn') });
    },
  );

  it('DATE_IN_FUTURE: a withdrawal dated after today', async () => {
    await expectRefused(withdraw({ withdrawnOn: '2025-06-02' }), {
      code: 'DATE_IN_FUTURE',
      path: at('withdrawnOn'),
    });
  });

  it('ALREADY_ENDED: a withdrawn disclosure', async () => {
    await expectRefused(withdraw({ disclosureId: withdrawn.id }), {
      code: 'ALREADY_ENDED',
      path: at('disclosureId'),
    });
  });
});
