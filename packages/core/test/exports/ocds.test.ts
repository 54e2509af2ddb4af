/**
 * The district's purchases as an OCDS 1.1 release package (Open Contracting Data Standard 1.1.5,
 * vendored schema and codelists): valid against release-package-schema.json, one release per
 * purchase, and every code of ours mapped as ocds-codes.ts says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportOcdsReleasePackage,
  type OcdsRelease,
  type OcdsReleasePackage,
  ocdsMethodOfPurchaseMethod,
  ocdsStageCodes,
  placeholderOcidPrefix,
} from '../../src/exports/index.js';
import {
  createExportChain,
  DISTRICT,
  type ExportChain,
  PUBLISHED_AT,
  type Stage,
  URI_BASE,
  USCC,
} from './fixture.js';
import { codelist, validateOcdsReleasePackage } from './standard-validators.js';

let chain: ExportChain;
let ocds: OcdsReleasePackage;

beforeAll(async () => {
  chain = await createExportChain();
  ocds = await exportOcdsReleasePackage(chain.database.db, DISTRICT, {
    publishedAt: PUBLISHED_AT,
    uriBase: URI_BASE,
    ocidPrefix: 'ocds-a1b2c3',
    publisher: {
      name: '虎丘区民政局',
      scheme: 'CN-USCC',
      uid: USCC.bureau,
      uri: 'https://mz.huqiu.example/',
    },
    license: 'https://creativecommons.org/licenses/by/4.0/',
  });
});

afterAll(async () => {
  await chain?.database.close();
});

const releaseOf = (stage: Stage): OcdsRelease =>
  ocds.releases.find((release) => release.ocid === `ocds-a1b2c3-${DISTRICT}-${chain.purchases[stage]}`)!;

// biome-ignore lint/suspicious/noExplicitAny: the release's sections are loosely typed JSON
const section = (release: OcdsRelease, path: string): any =>
  path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], release);

describe('OCDS release package', () => {
  it('is valid against the OCDS 1.1.5 release package schema, one release per purchase', () => {
    const result = validateOcdsReleasePackage(ocds);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(ocds.releases).toHaveLength(Object.keys(chain.purchases).length);
    expect(ocds).toMatchObject({
      uri: `${URI_BASE}/ocds/${DISTRICT}`,
      version: '1.1',
      publishedDate: '2025-10-01T01:00:00.000Z',
      publisher: {
        name: '虎丘区民政局',
        scheme: 'CN-USCC',
        uid: USCC.bureau,
        uri: 'https://mz.huqiu.example/',
      },
      license: 'https://creativecommons.org/licenses/by/4.0/',
    });
  });

  it('a schema violation is caught: the validator is not a formality', () => {
    const broken = structuredClone(ocds);
    (broken.releases[0] as unknown as Record<string, unknown>).tag = ['finished'];
    delete (broken.releases[1] as unknown as Record<string, unknown>).date;
    const result = validateOcdsReleasePackage(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.some((error) => error.startsWith('/releases/0/tag/0'))).toBe(true);
    expect(result.errors.some((error) => error.includes("'date'"))).toBe(true);
  });

  it('maps every purchase method to procurementMethod, with the Chinese method as details', () => {
    const expected: Record<Stage, [string, string]> = {
      plan: ['direct', '单一来源'],
      tender: ['open', '公开招标'],
      bids: ['selective', '竞争性磋商'],
      award: ['selective', '邀请招标'],
      contract: ['selective', '竞争性磋商'],
      implementation: ['open', '公开招标'],
      evaluation: ['selective', '邀请招标'],
      closure: ['open', '公开招标'],
      cancelled: ['open', '公开招标'],
      terminated: ['direct', '单一来源'],
    };
    for (const [stage, [method, details]] of Object.entries(expected)) {
      const tender = section(releaseOf(stage as Stage), 'tender');
      expect([tender.procurementMethod, tender.procurementMethodDetails], stage).toEqual([method, details]);
    }
    expect(ocdsMethodOfPurchaseMethod).toEqual({
      open_tender: { procurementMethod: 'open', procurementMethodDetails: '公开招标' },
      invitation: { procurementMethod: 'selective', procurementMethodDetails: '邀请招标' },
      competitive_consultation: { procurementMethod: 'selective', procurementMethodDetails: '竞争性磋商' },
      single_source: { procurementMethod: 'direct', procurementMethodDetails: '单一来源' },
    });
    const methods = codelist('ocds-1.1.5/schema/codelists/method.csv');
    for (const mapped of Object.values(ocdsMethodOfPurchaseMethod)) {
      expect(methods.has(mapped.procurementMethod)).toBe(true);
    }
  });

  it('tags each release with its stage, and sets the tender, award and contract statuses', () => {
    const expected: Record<Stage, [string, string, string | undefined, string | undefined]> = {
      plan: ['planning', 'planned', undefined, undefined],
      tender: ['tender', 'active', undefined, undefined],
      bids: ['tenderUpdate', 'active', undefined, undefined],
      award: ['award', 'complete', 'active', undefined],
      contract: ['contract', 'complete', 'active', 'active'],
      implementation: ['implementation', 'complete', 'active', 'active'],
      evaluation: ['implementationUpdate', 'complete', 'active', 'active'],
      closure: ['contractTermination', 'complete', 'active', 'terminated'],
      cancelled: ['tenderCancellation', 'cancelled', undefined, undefined],
      terminated: ['contractTermination', 'complete', 'active', 'terminated'],
    };
    for (const [stage, [tag, tenderStatus, awardStatus, contractStatus]] of Object.entries(expected)) {
      const release = releaseOf(stage as Stage);
      expect(
        [
          release.tag,
          section(release, 'tender.status'),
          release.awards?.[0]?.status,
          release.contracts?.[0]?.status,
        ],
        stage,
      ).toEqual([[tag], tenderStatus, awardStatus, contractStatus]);
    }
    const tags = codelist('ocds-1.1.5/schema/codelists/releaseTag.csv');
    const tenderStatuses = codelist('ocds-1.1.5/schema/codelists/tenderStatus.csv');
    for (const codes of Object.values(ocdsStageCodes)) {
      expect(tags.has(codes.tag)).toBe(true);
      expect(tenderStatuses.has(codes.tenderStatus)).toBe(true);
    }
  });

  it('gives each purchase its ocid and a release id unique to its content, the same at every export', async () => {
    const again = await exportOcdsReleasePackage(chain.database.db, DISTRICT, {
      publishedAt: '2025-12-01T09:00:00+08:00',
      uriBase: URI_BASE,
      ocidPrefix: 'ocds-a1b2c3',
    });
    expect(again.releases.map((release) => release.id)).toEqual(ocds.releases.map((release) => release.id));
    expect(new Set(ocds.releases.map((release) => release.id)).size).toBe(ocds.releases.length);
    for (const release of ocds.releases) expect(release.id.startsWith(`${release.ocid}-`)).toBe(true);
    const placeholder = await exportOcdsReleasePackage(chain.database.db, DISTRICT, {
      publishedAt: PUBLISHED_AT,
      uriBase: URI_BASE,
    });
    expect(placeholder.releases[0]!.ocid).toBe(
      `${placeholderOcidPrefix}-${DISTRICT}-${chain.purchases.plan}`,
    );
    expect(placeholder.publisher).toEqual({ name: '虎丘区' });
  });

  it('dates a release by its latest fact, in China Standard Time', () => {
    expect(releaseOf('plan').date).toBe('2025-01-02T00:00:00+08:00');
    expect(releaseOf('cancelled').date).toBe('2025-01-20T00:00:00+08:00');
    // The mid-term tranche's payment, 2025-09-10, is the implementation's latest fact.
    expect(releaseOf('implementation').date).toBe('2025-09-10T00:00:00+08:00');
    expect(section(releaseOf('bids'), 'tender.tenderPeriod')).toEqual({
      startDate: '2025-01-10T00:00:00+08:00',
      endDate: '2025-01-31T23:59:59+08:00',
    });
  });

  it('counts the bids and names only the winner: the buyer, the supplier and the funders are the parties', () => {
    expect(section(releaseOf('bids'), 'tender.numberOfTenderers')).toBe(3);
    expect(section(releaseOf('tender'), 'tender.numberOfTenderers')).toBeUndefined();
    expect(releaseOf('bids').awards).toBeUndefined();
    const implementation = releaseOf('implementation');
    const roles = Object.fromEntries(implementation.parties.map((party) => [party.name, party.roles.sort()]));
    expect(roles).toEqual({
      虎丘区: ['buyer', 'procuringEntity'],
      虎丘区乐龄社会工作服务中心: ['payee', 'supplier', 'tenderer'],
      虎丘区民政局: ['funder', 'payer'],
      个人捐赠: ['funder', 'payer'],
    });
    const supplier = implementation.parties.find((party) => party.roles.includes('supplier'))!;
    expect(supplier).toMatchObject({
      id: `CN-USCC-${USCC.elderly}`,
      identifier: { scheme: 'CN-USCC', id: USCC.elderly, legalName: '虎丘区乐龄社会工作服务中心' },
    });
    expect(implementation.buyer).toEqual({ id: `sanshe-unit-${DISTRICT}`, name: '虎丘区' });
    expect(releaseOf('tender').buyer).toEqual({ id: 'sanshe-unit-320505001', name: '狮山街道' });
    // A withdrawn earmark funds nothing: the evaluation purchase has no funder.
    expect(releaseOf('evaluation').parties.some((party) => party.roles.includes('funder'))).toBe(false);
    expect(releaseOf('plan').parties.find((party) => party.roles.includes('funder'))).toMatchObject({
      id: `CN-USCC-${USCC.foundation}`,
      name: '虎丘区狮山社区基金会',
    });
  });

  it('writes amounts in CNY yuan: the budget, the winning price, the contract', () => {
    const release = releaseOf('implementation');
    expect(release.planning.budget.amount).toEqual({ amount: 300_000, currency: 'CNY' });
    expect(section(release, 'tender.value')).toEqual({ amount: 300_000, currency: 'CNY' });
    expect(release.awards?.[0]?.value).toEqual({ amount: 288_000, currency: 'CNY' });
    expect(release.contracts?.[0]?.value).toEqual({ amount: 288_000, currency: 'CNY' });
    expect(release.contracts?.[0]?.period).toEqual({
      startDate: '2025-03-01T00:00:00+08:00',
      endDate: '2026-02-28T23:59:59+08:00',
    });
  });

  it('publishes the payments that stand as transactions, each paid by the funder whose earmark paid it', () => {
    const transactions = section(releaseOf('implementation'), 'contracts.0.implementation.transactions') as {
      id: string;
      date: string;
      value: { amount: number };
      payer: { name: string };
      payee: { name: string };
    }[];
    expect(transactions.map((t) => [t.date.slice(0, 10), t.value.amount, t.payer.name])).toEqual([
      ['2025-02-28', 86_400, '虎丘区民政局'],
      ['2025-06-05', 30_000, '个人捐赠'],
      ['2025-06-05', 27_600, '虎丘区民政局'],
      ['2025-09-10', 86_400, '虎丘区民政局'],
    ]);
    expect(transactions.every((t) => t.payee.name === '虎丘区乐龄社会工作服务中心')).toBe(true);
    expect(JSON.stringify(ocds)).not.toContain(`transaction-${chain.reversedPaymentEntryId}"`);
  });

  it('writes the tranches as payment milestones and the evaluations as implementation documents', () => {
    const milestones = section(releaseOf('implementation'), 'contracts.0.milestones') as Record<
      string,
      unknown
    >[];
    expect(milestones.map((m) => [m.code, m.type, m.status, m.dateMet ?? null])).toEqual([
      ['signing', 'payment', 'met', '2025-02-28T00:00:00+08:00'],
      ['milestone', 'payment', 'met', '2025-06-05T00:00:00+08:00'],
      ['midterm_evaluation', 'payment', 'met', '2025-09-10T00:00:00+08:00'],
      ['final_evaluation', 'payment', 'scheduled', null],
    ]);
    expect(section(releaseOf('implementation'), 'contracts.0.implementation.documents')).toEqual([
      expect.objectContaining({
        documentType: 'physicalProgressReport',
        title: '中期评估：苏州市公益评估中心',
        description: '得分 86，等级 良好。项目按计划推进，服务对象反馈良好。',
        datePublished: '2025-09-01T00:00:00+08:00',
      }),
    ]);
    expect(section(releaseOf('closure'), 'contracts.0.implementation.documents.0.documentType')).toBe(
      'finalAudit',
    );
    expect(section(releaseOf('terminated'), 'contracts.0.description')).toBe('合同于 2025-08-31 提前解除');
  });
});
