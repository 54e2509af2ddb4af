/**
 * The three exports of a seeded demo district (demo/, seed 1, a small scale), validated against
 * the standards' schemas: whatever the demo plans of the service chain, every record exported is
 * valid, the counts agree with the tables, and no private column's text reaches an export.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import {
  export360GivingPackage,
  exportHsds,
  exportOcdsReleasePackage,
  type GivingPackage,
  type HsdsOrganizationPage,
  type OcdsReleasePackage,
} from '../../src/exports/index.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';
import {
  validate360GivingPackage,
  validateHsdsOrganizationPage,
  validateOcdsReleasePackage,
} from './standard-validators.js';

const DISTRICT = '320505';
const options = { publishedAt: '2026-12-01T09:00:00+08:00', uriBase: 'https://open.huqiu.example/exports' };

let database: DistrictDatabase;
let ocds: OcdsReleasePackage;
let giving: GivingPackage;
let hsds: HsdsOrganizationPage;

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ count: number }>(query);
  return Number(row?.count ?? 0);
}

beforeAll(async () => {
  database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  await seedDemoDistrict(
    database,
    planDemoDistrict({
      districtCode: DISTRICT,
      name: '虎丘区',
      seed: 1,
      scale: { subdistricts: 4, communitiesPerSubdistrict: 6, gridsPerCommunity: 1 },
    }),
  );
  ocds = await exportOcdsReleasePackage(database.db, DISTRICT, options);
  giving = await export360GivingPackage(database.db, DISTRICT, options);
  hsds = await exportHsds(database.db, DISTRICT, options);
});

afterAll(async () => {
  await database?.close();
});

describe(`the exports of the demo district (${testDatabaseKind()})`, () => {
  it('OCDS: every release valid, one per purchase of a project past its draft', async () => {
    const result = validateOcdsReleasePackage(ocds);
    expect(result.errors.slice(0, 10)).toEqual([]);
    expect(ocds.releases).toHaveLength(
      await count(sql`select count(*)::int as count from purchases p join service_projects s
        on s.district_code = p.district_code and s.id = p.project_id where s.status <> 'draft'`),
    );
    console.info(`OCDS: ${ocds.releases.length} releases validated`);
  });

  it('360Giving: every grant valid, one per earmark standing on a contracted project', async () => {
    // 360Giving refuses a package without grants: a demo without a funded contract has none to publish.
    if (giving.grants.length > 0) {
      const result = validate360GivingPackage(giving);
      expect(result.errors.slice(0, 10)).toEqual([]);
    }
    expect(giving.grants).toHaveLength(
      await count(sql`select count(*)::int as count from funding_earmarks e
        join service_projects s on s.district_code = e.district_code and s.id = e.project_id
        join purchases p on p.district_code = e.district_code and p.project_id = e.project_id
        join service_contracts c on c.district_code = p.district_code and c.purchase_id = p.id
        join social_organizations o on o.district_code = c.district_code and o.id = c.organization_id
        where s.status <> 'draft' and (select coalesce(sum(l.amount), 0) from ledger_accounts a
          join journal_lines l on l.district_code = a.district_code and l.account_id = a.id
          join journal_entries j on j.district_code = l.district_code and j.id = l.entry_id
          where a.district_code = e.district_code and a.kind = 'earmark' and a.funding_source_id = e.source_id
            and a.project_id = e.project_id and j.tranche_id is null) > 0`),
    );
    console.info(`360Giving: ${giving.grants.length} grants validated`);
  });

  it('HSDS: every organization in force valid, with its contracted services', async () => {
    const result = validateHsdsOrganizationPage(hsds);
    expect(result.errors.slice(0, 10)).toEqual([]);
    expect(hsds.contents).toHaveLength(
      await count(sql`select count(*)::int as count from social_organizations where status = 'active'`),
    );
    expect(hsds.contents.length).toBeGreaterThan(0);
    const services = hsds.contents.reduce((sum, org) => sum + org.services.length, 0);
    expect(services).toBe(
      await count(sql`select count(*)::int as count from service_contracts c
        join social_organizations o on o.district_code = c.district_code and o.id = c.organization_id
        join purchases p on p.district_code = c.district_code and p.id = c.purchase_id
        join service_projects s on s.district_code = p.district_code and s.id = p.project_id
        where o.status = 'active' and s.status <> 'draft'`),
    );
    console.info(`HSDS: ${hsds.contents.length} organizations and ${services} services validated`);
  });

  it('no export holds an individual donor’s name, a respondent’s hash, or a reason kept private', async () => {
    const documents = [JSON.stringify(ocds), JSON.stringify(giving), JSON.stringify(hsds)];
    const privateTexts = [
      ...(
        await rows<{ text: string }>(sql`select distinct funder_name as text from funding_sources
          where kind = 'donation' and funder_uscc is null and funder_organization_id is null and funder_name <> '个人捐赠'`)
      ).map((row) => row.text),
      ...(
        await rows<{ text: string }>(sql`select respondent_hash as text from satisfaction_answers limit 200`)
      ).map((row) => row.text),
      ...(
        await rows<{ text: string }>(sql`select distinct disqualification_reason as text from purchase_bids
          where disqualification_reason is not null
          union select distinct dispute_reason from delivery_activities where dispute_reason is not null
          union select distinct cancellation_reason from purchases where cancellation_reason is not null
          union select distinct termination_reason from service_contracts where termination_reason is not null`)
      ).map((row) => row.text),
    ];
    for (const text of privateTexts) {
      for (const document of documents) expect(document.includes(text), text).toBe(false);
    }
  });
});
