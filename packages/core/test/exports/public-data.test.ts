/**
 * The exports are public data (四公开, docs/domain.md §6.8; §9: never personal data in public
 * views): whatever the chain's private columns hold (an individual donor's name, a respondent's
 * hash, the eligibility details of the other bidders, reasons, who confirmed) appears in none of
 * the three, free text that looks like it holds personal data is left out, and exporting reads
 * without writing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  export360GivingPackage,
  exportDistrict,
  exportHsds,
  exportOcdsReleasePackage,
  individualDonorName,
  publishedFunderName,
} from '../../src/exports/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import {
  createExportChain,
  DISTRICT,
  type ExportChain,
  PRIVATE_TEXTS,
  PUBLISHED_AT,
  URI_BASE,
} from './fixture.js';

let chain: ExportChain;
let documents: Record<string, string>;

beforeAll(async () => {
  chain = await createExportChain();
  const options = { publishedAt: PUBLISHED_AT, uriBase: URI_BASE };
  documents = {
    ocds: JSON.stringify(await exportOcdsReleasePackage(chain.database.db, DISTRICT, options)),
    '360giving': JSON.stringify(await export360GivingPackage(chain.database.db, DISTRICT, options)),
    hsds: JSON.stringify(await exportHsds(chain.database.db, DISTRICT, options)),
  };
});

afterAll(async () => {
  await chain?.database.close();
});

describe('the exports publish public data only', () => {
  it.each(Object.entries(PRIVATE_TEXTS))('no export holds the private %s', (_, text) => {
    for (const [standard, document] of Object.entries(documents)) {
      expect(document.includes(text), `${standard} holds "${text}"`).toBe(false);
    }
  });

  it('publishes the individual donation as 个人捐赠 where a funder appears', () => {
    expect(documents.ocds).toContain(individualDonorName);
    expect(documents['360giving']).toContain(individualDonorName);
    expect(documents.hsds).toContain(individualDonorName);
  });

  it('names a donor or an in-kind giver only when it is an organization; other funders by name unless the name holds personal data', () => {
    const source = { kind: 'donation', funderName: '李建国', funderUscc: null, funderOrganizationId: null };
    expect(publishedFunderName(source)).toBe('个人捐赠');
    expect(
      publishedFunderName({
        ...source,
        funderName: '苏州某某科技有限公司',
        funderUscc: '91320505MA0000011X',
      }),
    ).toBe('苏州某某科技有限公司');
    expect(publishedFunderName({ ...source, funderOrganizationId: 7, funderName: '狮山社区基金会' })).toBe(
      '狮山社区基金会',
    );
    // An in-kind gift from a funder that is no organization may be a person's (a room, equipment):
    // published as 个人捐赠, as the disclosure does (one rule, disclosure-rules.ts).
    expect(publishedFunderName({ ...source, kind: 'in_kind', funderName: '王秀英' })).toBe('个人捐赠');
    expect(
      publishedFunderName({
        ...source,
        kind: 'in_kind',
        funderName: '狮山社区居委会',
        funderOrganizationId: 3,
      }),
    ).toBe('狮山社区居委会');
    expect(
      publishedFunderName({ ...source, kind: 'enterprise_sponsorship', funderName: '联系 13912345678' }),
    ).toBe('未公开出资方');
  });

  it('leaves out a project’s goals that hold a mobile number, and keeps its name', () => {
    expect(documents.ocds).toContain('狮山tender服务项目');
    expect(documents.ocds).not.toContain('课业辅导');
  });

  it('reads without writing: every table is as before the exports', async () => {
    const before = await snapshotDatabase(chain.database);
    for (const standard of ['ocds', '360giving', 'hsds']) {
      await exportDistrict(chain.database.db, standard, DISTRICT, {
        publishedAt: PUBLISHED_AT,
        uriBase: URI_BASE,
      });
    }
    expect(await snapshotDatabase(chain.database)).toEqual(before);
  });
});
