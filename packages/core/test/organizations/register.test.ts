/**
 * Registering (登记) and filing (备案) organizations (docs/domain.md §3, organization-service.ts):
 * the stored row, the communities served, the status history and the audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationService } from '../../src/organizations/index.js';
import { parseUscc } from '../../src/validators/index.js';
import {
  ACTOR,
  auditOf,
  CODES,
  createOrganizationFixture,
  DISTRICT,
  makeUscc,
  type OrganizationFixture,
  TODAY,
} from './fixtures.js';

let f: OrganizationFixture;
let service: OrganizationService;

beforeAll(async () => {
  f = await createOrganizationFixture();
  service = f.service;
});

afterAll(async () => {
  await f?.database.close();
});

const servedCodes = async (id: number) => (await service.servedCommunities(id)).map((c) => c.code);

describe('fixtures.ts makeUscc', () => {
  it.each(['social_association', 'social_service_agency', 'foundation'] as const)(
    'GB 32100-2015: makes a valid civil-affairs code for a %s',
    (legalForm) => {
      const parsed = parseUscc(makeUscc(42, legalForm));
      expect(parsed).toMatchObject({
        success: true,
        data: { authority: { code: '5' }, category: legalForm, checkCharacterValid: true },
      });
    },
  );
});

describe('registerOrganization (docs/domain.md §3: a registered organization is a legal person with a USCC)', () => {
  it('stores the organization with its legal form, USCC, category, domains and base community', async () => {
    const uscc = makeUscc(1, 'social_service_agency');
    const row = await service.registerOrganization({
      name: ' 狮山社区养老服务中心 ',
      legalForm: 'social_service_agency',
      uscc,
      category: 'services',
      // Repeats dropped and code-list order kept, so equal sets are stored alike.
      serviceDomains: ['disability', 'elderly', 'disability'],
      communityCode: CODES.urban,
      servedCommunityCodes: [CODES.village],
      registeredOn: '2020-05-01',
    });
    expect(row).toMatchObject({
      districtCode: DISTRICT,
      name: '狮山社区养老服务中心',
      legalStatus: 'registered',
      legalForm: 'social_service_agency',
      uscc,
      usccOverrideReason: null,
      category: 'services',
      serviceDomains: ['elderly', 'disability'],
      communityId: f.communities.urban.id,
      guidingUnitCode: null,
      registeredOn: '2020-05-01',
      status: 'active',
      deregisteredOn: null,
      version: 1,
    });
    expect(await service.getOrganization(row.id)).toEqual(row);
  });

  it('docs/domain.md §3: the base community is always among the communities served', async () => {
    const row = await service.registerOrganization({
      name: '狮山邻里互助会',
      legalForm: 'social_association',
      uscc: makeUscc(2),
      category: 'harmony_security',
      communityCode: CODES.urban,
      servedCommunityCodes: [CODES.village, CODES.otherCommunity, CODES.village],
      registeredOn: '2019-01-01',
    });
    expect(await servedCodes(row.id)).toEqual([CODES.urban, CODES.village, CODES.otherCommunity].sort());
  });

  it('an organization working across the district has no base community and may serve none', async () => {
    const row = await service.registerOrganization({
      name: '虎丘区慈善基金会',
      legalForm: 'foundation',
      uscc: makeUscc(3, 'foundation'),
      category: 'other',
      registeredOn: '2015-03-03',
    });
    expect(row).toMatchObject({ communityId: null, serviceDomains: [] });
    expect(await servedCodes(row.id)).toEqual([]);
  });

  it('serves communities without a base community', async () => {
    const row = await service.registerOrganization({
      name: '虎丘区青少年服务社',
      legalForm: 'social_service_agency',
      uscc: makeUscc(4, 'social_service_agency'),
      category: 'services',
      servedCommunityCodes: [CODES.otherCommunity],
      registeredOn: '2018-01-01',
    });
    expect(row.communityId).toBeNull();
    expect(await servedCodes(row.id)).toEqual([CODES.otherCommunity]);
  });

  it('registeredOn defaults to today', async () => {
    const row = await service.registerOrganization({
      name: '今日登记协会',
      legalForm: 'social_association',
      uscc: makeUscc(5),
      category: 'culture_sport',
    });
    expect(row.registeredOn).toBe(TODAY);
  });

  it('GB 32100-2015 prints codes in upper case: a lower-case code is stored upper-cased and found either way', async () => {
    const uscc = makeUscc(6);
    const row = await service.registerOrganization({
      name: '小写代码协会',
      legalForm: 'social_association',
      uscc: `  ${uscc.toLowerCase()} `,
      category: 'consultation',
      registeredOn: '2021-01-01',
    });
    expect(row.uscc).toBe(uscc);
    expect((await service.findByUscc(uscc.toLowerCase()))?.id).toBe(row.id);
    expect((await service.findByUscc(uscc))?.id).toBe(row.id);
  });

  it('docs/domain.md §3: positions 3–8 name the registering authority, so a code issued by the city bureau (320500) is accepted', async () => {
    const uscc = makeUscc(7, 'social_association', { area: '320500' });
    const row = await service.registerOrganization({
      name: '市级登记协会',
      legalForm: 'social_association',
      uscc,
      category: 'other',
      registeredOn: '2012-01-01',
    });
    expect(row.uscc).toBe(uscc);
  });

  it('writes the status history entry "registered" on the registration date', async () => {
    const row = await service.registerOrganization({
      name: '历史记录协会',
      legalForm: 'social_association',
      uscc: makeUscc(8),
      category: 'consultation',
      registeredOn: '2016-06-16',
    });
    const history = await service.statusHistory(row.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      organizationId: row.id,
      kind: 'registered',
      occurredOn: '2016-06-16',
      changes: null,
    });
    expect(history[0]!.summary).toContain(row.uscc!);
  });

  it('writes one audit entry organization.register with the actor, the row and the communities served', async () => {
    const row = await service.registerOrganization({
      name: '审计留痕协会',
      legalForm: 'social_association',
      uscc: makeUscc(9),
      category: 'consultation',
      communityCode: CODES.village,
      registeredOn: '2017-07-07',
    });
    const entries = await auditOf(f.database, 'social_organization', row.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: ACTOR.id,
      actorRole: ACTOR.role,
      action: 'organization.register',
      entityType: 'social_organization',
      entityId: row.id,
      before: null,
      reason: null,
      after: { id: row.id, uscc: row.uscc, name: '审计留痕协会', servedCommunityCodes: [CODES.village] },
    });
  });

  it('a community that retired later was in force on a past registration date', async () => {
    const row = await service.registerOrganization({
      name: '塔园老年协会',
      legalForm: 'social_association',
      uscc: makeUscc(10),
      category: 'services',
      communityCode: CODES.retiring,
      registeredOn: '2023-12-31',
    });
    expect(row.communityId).toBe(f.communities.retiring.id);
  });
});

describe('fileCommunityGroup (docs/domain.md §3: a filed group has no legal personality and is guided by the street or the residents’ committee)', () => {
  it('a group guided by a community is based in it, and has no USCC and no legal form', async () => {
    const row = await service.fileCommunityGroup({
      name: '狮山社区广场舞队',
      category: 'culture_sport',
      serviceDomains: ['culture'],
      guidingUnitCode: CODES.urban,
      filedOn: '2022-04-01',
    });
    expect(row).toMatchObject({
      legalStatus: 'filed',
      legalForm: null,
      uscc: null,
      usccOverrideReason: null,
      category: 'culture_sport',
      serviceDomains: ['culture'],
      communityId: f.communities.urban.id,
      guidingUnitCode: CODES.urban,
      registeredOn: '2022-04-01',
      status: 'active',
      version: 1,
    });
    expect(await servedCodes(row.id)).toEqual([CODES.urban]);
  });

  it('a group guided by a community may name that same community as its base and serve others', async () => {
    const row = await service.fileCommunityGroup({
      name: '新浒村调解小组',
      category: 'harmony_security',
      guidingUnitCode: CODES.village,
      communityCode: CODES.village,
      servedCommunityCodes: [CODES.urban],
      filedOn: '2021-02-02',
    });
    expect(row.communityId).toBe(f.communities.village.id);
    expect(await servedCodes(row.id)).toEqual([CODES.urban, CODES.village]);
  });

  it('a group guided by a subdistrict may be based in one of its communities', async () => {
    const row = await service.fileCommunityGroup({
      name: '新浒村志愿服务队',
      category: 'services',
      guidingUnitCode: CODES.subdistrict,
      communityCode: CODES.village,
      filedOn: '2020-09-09',
    });
    expect(row).toMatchObject({ guidingUnitCode: CODES.subdistrict, communityId: f.communities.village.id });
  });

  it('a group guided by a subdistrict may have no base community', async () => {
    const row = await service.fileCommunityGroup({
      name: '狮山街道议事会',
      category: 'consultation',
      guidingUnitCode: CODES.subdistrict,
    });
    expect(row).toMatchObject({ communityId: null, registeredOn: TODAY });
    expect(await servedCodes(row.id)).toEqual([]);
  });

  it('an empty or null uscc means none and is accepted', async () => {
    const empty = await service.fileCommunityGroup({
      name: '空代码小组',
      category: 'other',
      guidingUnitCode: CODES.urban,
      uscc: '',
    });
    const none = await service.fileCommunityGroup({
      name: '无代码小组',
      category: 'other',
      guidingUnitCode: CODES.urban,
      uscc: null,
    });
    expect([empty.uscc, none.uscc]).toEqual([null, null]);
  });

  it('writes the status history entry "filed" and the audit entry organization.file with the actor', async () => {
    const row = await service.fileCommunityGroup({
      name: '枫桥社区读书会',
      category: 'culture_sport',
      guidingUnitCode: CODES.otherCommunity,
      filedOn: '2019-10-10',
    });
    expect(await service.statusHistory(row.id)).toMatchObject([{ kind: 'filed', occurredOn: '2019-10-10' }]);
    const entries = await auditOf(f.database, 'social_organization', row.id);
    expect(entries).toMatchObject([
      {
        actorId: ACTOR.id,
        action: 'organization.file',
        after: {
          id: row.id,
          guidingUnitCode: CODES.otherCommunity,
          servedCommunityCodes: [CODES.otherCommunity],
        },
      },
    ]);
  });
});

describe('reads', () => {
  it('findByUscc returns undefined for a code nobody holds and for things that are not codes', async () => {
    expect(await service.findByUscc(makeUscc(999))).toBeUndefined();
    expect(await service.findByUscc('not a code')).toBeUndefined();
    expect(await service.findByUscc(42 as unknown as string)).toBeUndefined();
  });

  it('getOrganization returns undefined for ids that do not exist or cannot exist', async () => {
    for (const id of [999_999, 0, -1, 1.5, 2 ** 31, Number.NaN]) {
      expect(await service.getOrganization(id)).toBeUndefined();
    }
  });

  it('getOrganizations returns the rows of the known ids, skipping the others', async () => {
    const a = await service.findByUscc(makeUscc(1, 'social_service_agency'));
    const b = await service.findByUscc(makeUscc(2));
    const rows = await service.getOrganizations([a!.id, b!.id, a!.id, 999_999, -3]);
    expect(rows.map((r) => r.id).sort((x, y) => x - y)).toEqual([a!.id, b!.id].sort((x, y) => x - y));
    expect(await service.getOrganizations([])).toEqual([]);
  });

  it('statusHistory and servedCommunities of an unknown organization are empty', async () => {
    expect(await service.statusHistory(999_999)).toEqual([]);
    expect(await service.servedCommunities(999_999)).toEqual([]);
  });
});
