/**
 * Disclosures (四公开, docs/domain.md §3: organizations publish their service projects, sources of
 * funds, service procedures and party-member identity) and the rule that published text holds
 * no personal data (docs/domain.md §9). organization-service.ts publishDisclosure, withdrawDisclosure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationService, PublishDisclosureInput } from '../../src/organizations/index.js';
import type { SocialOrganization } from '../../src/schema/index.js';
import {
  ACTOR,
  auditOf,
  createOrganizationFixture,
  expectRefused,
  makeUscc,
  type OrganizationFixture,
  TODAY,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;
let org: SocialOrganization;

beforeAll(async () => {
  f = await createOrganizationFixture();
  service = f.service;
  org = await service.registerOrganization({
    name: '狮山社区公益服务社',
    legalForm: 'social_service_agency',
    uscc: makeUscc(600, 'social_service_agency'),
    category: 'services',
    registeredOn: '2020-01-01',
  });
});

afterAll(async () => {
  await f?.database.close();
});

function disclosure(extra: Partial<PublishDisclosureInput> = {}): PublishDisclosureInput {
  return {
    organizationId: org.id,
    kind: 'funding_sources',
    title: '2024年度资金来源',
    content: '政府购买服务资金30万元；慈善捐赠5万元。',
    publishedOn: '2024-12-31',
    ...extra,
  };
}

describe('publishDisclosure', () => {
  it('stores the disclosure and audits it', async () => {
    const row = await service.publishDisclosure(disclosure({ title: '  2024年度资金来源 ' }));
    expect(row).toMatchObject({
      organizationId: org.id,
      kind: 'funding_sources',
      title: '2024年度资金来源',
      content: '政府购买服务资金30万元；慈善捐赠5万元。',
      publishedOn: '2024-12-31',
      withdrawnOn: null,
    });
    expect(await auditOf(f.database, 'organization_disclosure', row.id)).toMatchObject([
      { action: 'disclosure.publish', actorId: ACTOR.id, after: { id: row.id, kind: 'funding_sources' } },
    ]);
    expect(await service.getDisclosure(row.id)).toEqual(row);
  });

  it('publishedOn defaults to today; content keeps its line breaks', async () => {
    const row = await service.publishDisclosure(
      disclosure({
        kind: 'service_procedures',
        publishedOn: undefined,
        content: '第一步：预约\n第二步：上门服务',
      }),
    );
    expect(row).toMatchObject({ publishedOn: TODAY, content: '第一步：预约\n第二步：上门服务' });
  });

  it('content of 5000 characters is accepted, counted in characters (not UTF-16 units)', async () => {
    const row = await service.publishDisclosure(disclosure({ content: '𠀀'.repeat(5000) }));
    expect(Array.from(row.content)).toHaveLength(5000);
  });

  it('lists disclosures newest first, the withdrawn ones only when asked for', async () => {
    const other = await service.registerOrganization({
      name: '列表测试社',
      legalForm: 'social_association',
      uscc: makeUscc(601),
      category: 'services',
      registeredOn: '2020-01-01',
    });
    const older = await service.publishDisclosure(
      disclosure({ organizationId: other.id, publishedOn: '2023-01-01' }),
    );
    const newer = await service.publishDisclosure(
      disclosure({ organizationId: other.id, publishedOn: '2024-01-01' }),
    );
    await service.withdrawDisclosure({ disclosureId: older.id, withdrawnOn: '2024-02-01' });
    expect((await service.listDisclosures(other.id)).map((d) => d.id)).toEqual([newer.id]);
    expect((await service.listDisclosures(other.id, { includeWithdrawn: true })).map((d) => d.id)).toEqual([
      newer.id,
      older.id,
    ]);
    expect(await service.listDisclosures(999_999)).toEqual([]);
  });
});

describe('PERSONAL_DATA_IN_PUBLIC_TEXT (docs/domain.md §9: never put personal data in public views)', () => {
  it.each([
    ['a resident ID in the content', { content: '负责人身份证号320505199001011234。' }, 'content'],
    ['a mobile number in the content', { content: '预约请致电 138-1234-5678。' }, 'content'],
    ['a mobile number with +86 in the content', { content: '热线 +86 13912345678' }, 'content'],
    ['a resident ID in the title', { title: '党员320505199001011234身份公开' }, 'title'],
    ['a mobile number in the title', { title: '联系13812345678' }, 'title'],
  ] as const)('refuses %s', async (_label, extra, field) => {
    await expectRefused(
      f.database,
      () => service.publishDisclosure(disclosure({ kind: 'party_building', ...extra })),
      {
        code: 'PERSONAL_DATA_IN_PUBLIC_TEXT',
        path: ['input', field],
      },
    );
  });

  it('the error tells where, but never repeats the number in clear', async () => {
    const error = await expectRefused(
      f.database,
      () => service.publishDisclosure(disclosure({ content: '电话13812345678，身份证320505199001011234' })),
      { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: ['input', 'content'] },
    );
    const told = JSON.stringify({ message: error.message, details: error.details });
    expect(told).not.toContain('13812345678');
    expect(told).not.toContain('320505199001011234');
    expect(error.details).toEqual({
      findings: [
        { kind: 'mobile_phone', start: 2, end: 13 },
        { kind: 'resident_id', start: 17, end: 35 },
      ],
    });
  });
});

describe('refusals', () => {
  it('ORGANIZATION_INACTIVE: a deregistered organization publishes nothing', async () => {
    const gone = await service.registerOrganization({
      name: '已注销服务社',
      legalForm: 'social_association',
      uscc: makeUscc(602),
      category: 'services',
      registeredOn: '2019-01-01',
    });
    await service.deregisterOrganization({ id: gone.id, deregisteredOn: '2022-01-01', reason: '解散' });
    await expectRefused(
      f.database,
      () => service.publishDisclosure(disclosure({ organizationId: gone.id, publishedOn: '2021-01-01' })),
      { code: 'ORGANIZATION_INACTIVE', path: ['input', 'organizationId'] },
    );
  });

  it('ORGANIZATION_INACTIVE: nothing is published before the organization existed', async () => {
    await expectRefused(
      f.database,
      () => service.publishDisclosure(disclosure({ publishedOn: '2019-12-31' })),
      {
        code: 'ORGANIZATION_INACTIVE',
        path: ['input', 'publishedOn'],
      },
    );
  });
});

describe('withdrawDisclosure', () => {
  it('records the withdrawal day and audits it', async () => {
    const row = await service.publishDisclosure(disclosure({ publishedOn: '2024-03-03' }));
    const withdrawn = await service.withdrawDisclosure({ disclosureId: row.id, withdrawnOn: '2024-03-04' });
    expect(withdrawn).toMatchObject({ id: row.id, withdrawnOn: '2024-03-04', content: row.content });
    expect((await auditOf(f.database, 'organization_disclosure', row.id)).map((e) => e.action)).toEqual([
      'disclosure.publish',
      'disclosure.withdraw',
    ]);
  });

  it('a deregistered organization may still withdraw what it published', async () => {
    const org2 = await service.registerOrganization({
      name: '撤回测试社',
      legalForm: 'social_association',
      uscc: makeUscc(603),
      category: 'services',
      registeredOn: '2019-01-01',
    });
    const row = await service.publishDisclosure(
      disclosure({ organizationId: org2.id, publishedOn: '2020-01-01' }),
    );
    await service.deregisterOrganization({ id: org2.id, deregisteredOn: '2021-01-01', reason: '解散' });
    const withdrawn = await service.withdrawDisclosure({ disclosureId: row.id, withdrawnOn: '2022-01-01' });
    expect(withdrawn.withdrawnOn).toBe('2022-01-01');
  });

  it('ALREADY_ENDED and INVALID_DATE_RANGE', async () => {
    const row = await service.publishDisclosure(disclosure({ publishedOn: '2024-05-05' }));
    await expectRefused(
      f.database,
      () => service.withdrawDisclosure({ disclosureId: row.id, withdrawnOn: '2024-05-04' }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'withdrawnOn'] },
    );
    await service.withdrawDisclosure({ disclosureId: row.id, withdrawnOn: '2024-05-05' });
    await expectRefused(
      f.database,
      () => service.withdrawDisclosure({ disclosureId: row.id, withdrawnOn: '2024-06-01' }),
      { code: 'ALREADY_ENDED', path: ['input', 'disclosureId'] },
    );
  });
});
