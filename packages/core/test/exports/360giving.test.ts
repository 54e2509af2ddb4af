/**
 * The district's funding as a 360Giving data package (360Giving Data Standard 1.4.3, vendored
 * schema and codelists): valid against 360-giving-package-schema.json and the closed codelists
 * the schema leaves unchecked, one grant per earmark of a contracted project, with the amounts
 * awarded and disbursed and the planned and actual dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  export360GivingPackage,
  type GivingGrant,
  type GivingPackage,
  localAreaLocationScope,
} from '../../src/exports/index.js';
import { createExportChain, DISTRICT, type ExportChain, PUBLISHED_AT, URI_BASE, USCC } from './fixture.js';
import { givingClosedCodelists, validate360GivingPackage } from './standard-validators.js';

let chain: ExportChain;
let giving: GivingPackage;

beforeAll(async () => {
  chain = await createExportChain();
  giving = await export360GivingPackage(chain.database.db, DISTRICT, {
    publishedAt: PUBLISHED_AT,
    uriBase: URI_BASE,
    grantIdPrefix: '360G-huqiu',
    ocidPrefix: 'ocds-a1b2c3',
    publisher: { name: '虎丘区民政局', scheme: 'CN-USCC', uid: USCC.bureau },
  });
});

afterAll(async () => {
  await chain?.database.close();
});

const grantOf = (earmark: keyof ExportChain['earmarks']): GivingGrant | undefined =>
  giving.grants.find((grant) => grant.id === `360G-huqiu-${DISTRICT}-${chain.earmarks[earmark]}`);

describe('360Giving data package', () => {
  it('is valid against the 360Giving 1.4.3 package schema and its closed codelists', () => {
    const result = validate360GivingPackage(giving);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(giving).toMatchObject({
      version: '1.4',
      issued: '2025-10-01T01:00:00.000Z',
      publisher: { name: '虎丘区民政局', identifier: `CN-USCC-${USCC.bureau}` },
      downloadURL: `${URI_BASE}/360giving/${DISTRICT}`,
    });
  });

  it('a code outside a closed codelist, or a grant without a recipient, is caught', () => {
    const broken = structuredClone(giving);
    broken.grants[0]!.locationScope = 'GLS999';
    delete (broken.grants[1] as Partial<GivingGrant>).recipientOrganization;
    const result = validate360GivingPackage(broken);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain('/grants/0/locationScope: GLS999');
    expect(result.errors.some((error) => error.startsWith('/grants/1'))).toBe(true);
    expect(givingClosedCodelists.locationScope.has(localAreaLocationScope)).toBe(true);
  });

  it('makes one grant per earmark whose project has an undertaker, none for an earmark withdrawn', () => {
    expect(giving.grants.map((grant) => grant.id).sort()).toEqual(
      (['implementationBudget', 'implementationDonation', 'closure', 'terminated'] as const)
        .map((earmark) => `360G-huqiu-${DISTRICT}-${chain.earmarks[earmark]}`)
        .sort(),
    );
    // The plan project has no contract yet (no recipient); the evaluation earmark was reversed.
    expect(grantOf('plan')).toBeUndefined();
    expect(grantOf('evaluation')).toBeUndefined();
  });

  it('awards the earmark and counts as disbursed the payments out of it that stand, in yuan', () => {
    expect([
      grantOf('implementationBudget')?.amountAwarded,
      grantOf('implementationBudget')?.amountDisbursed,
    ]).toEqual([210_000, 200_400]);
    expect([
      grantOf('implementationDonation')?.amountAwarded,
      grantOf('implementationDonation')?.amountDisbursed,
    ]).toEqual([30_000, 30_000]);
    expect(grantOf('closure')).toMatchObject({
      amountAwarded: 110_000,
      amountDisbursed: 110_000,
      currency: 'CNY',
    });
    expect(
      grantOf('implementationBudget')?.disbursementTransaction.map((t) => [
        t.transactionDate,
        t.value,
        t.description,
      ]),
    ).toEqual([
      ['2025-02-28', 86_400, '第1期拨付：合同签订'],
      ['2025-06-05', 27_600, '第2期拨付：履约节点'],
      ['2025-09-10', 86_400, '第3期拨付：中期评估'],
    ]);
  });

  it('dates the award, the planned term and the actual delivery', () => {
    expect(grantOf('implementationBudget')).toMatchObject({
      awardDate: '2025-02-25',
      plannedDates: [{ startDate: '2025-03-01', endDate: '2026-02-28' }],
      actualDates: [{ startDate: '2025-03-01' }],
    });
    expect(grantOf('implementationBudget')?.actualDates?.[0]?.endDate).toBeUndefined();
    expect(grantOf('closure')?.actualDates).toEqual([{ startDate: '2024-03-01', endDate: '2025-04-15' }]);
    expect(grantOf('terminated')?.actualDates).toEqual([{ startDate: '2025-03-01', endDate: '2025-08-31' }]);
  });

  it('identifies the recipient and the funder by USCC, and an individual donor only as 个人捐赠', () => {
    expect(grantOf('implementationBudget')?.recipientOrganization).toEqual([
      {
        id: `CN-USCC-${USCC.elderly}`,
        name: '虎丘区乐龄社会工作服务中心',
        organisationType: '社会服务机构 (民办非企业单位)',
        addressCountry: 'CN',
      },
    ]);
    expect(grantOf('implementationBudget')?.fundingOrganization).toEqual([
      { id: `CN-USCC-${USCC.bureau}`, name: '虎丘区民政局' },
    ]);
    expect(grantOf('implementationDonation')?.fundingOrganization).toEqual([
      { id: `360G-huqiu-${DISTRICT}-funder-${chain.sources.donation}`, name: '个人捐赠' },
    ]);
  });

  it('says where, the kind of money and the domain, whether the call was open, and the OCDS process', () => {
    expect(grantOf('implementationBudget')).toMatchObject({
      beneficiaryLocation: [
        { id: '320505001001', name: '狮山社区', countryCode: 'CN', geoCode: '320505001001' },
        { id: '320505001002', name: '何山社区', countryCode: 'CN', geoCode: '320505001002' },
      ],
      locationScope: 'GLS060',
      fromOpenCall: 'Yes',
      classifications: [
        { vocabulary: 'sanshe:funding_source_kind', code: 'government_budget', title: '财政预算' },
        { vocabulary: 'sanshe:service_domain', code: 'elderly', title: '养老服务' },
      ],
      relatedActivity: [`ocds-a1b2c3-${DISTRICT}-${chain.purchases.implementation}`],
    });
    expect(grantOf('implementationDonation')?.classifications[0]?.code).toBe('donation');
    expect(grantOf('terminated')?.fromOpenCall).toBe('No');
  });
});
