/**
 * The district's organizations and their services as Open Referral HSDS 3.0 (vendored schemas):
 * the API page of fully nested organizations, valid against the Page of openapi.json and
 * compiled/organization.json closed to unknown fields (as HSDS's own CI checks), with USCCs as
 * organization identifiers and contracted projects as services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportHsds,
  type HsdsOrganization,
  type HsdsOrganizationPage,
  serviceStatus,
} from '../../src/exports/index.js';
import { createExportChain, DISTRICT, type ExportChain, PUBLISHED_AT, URI_BASE, USCC } from './fixture.js';
import { validateHsdsOrganizationPage } from './standard-validators.js';

let chain: ExportChain;
let hsds: HsdsOrganizationPage;

beforeAll(async () => {
  chain = await createExportChain();
  hsds = await exportHsds(chain.database.db, DISTRICT, { publishedAt: PUBLISHED_AT, uriBase: URI_BASE });
});

afterAll(async () => {
  await chain?.database.close();
});

const organizationNamed = (name: string): HsdsOrganization => hsds.contents.find((org) => org.name === name)!;

describe('HSDS organizations with their services', () => {
  it('is valid against the HSDS 3.0 page and compiled organization schemas, closed to unknown fields', () => {
    const result = validateHsdsOrganizationPage(hsds);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('a field HSDS does not define, or an id that is no UUID, is caught', () => {
    const broken = structuredClone(hsds);
    (broken.contents[0] as unknown as Record<string, unknown>).uscc = USCC.elderly;
    broken.contents[1]!.id = 'organization-2';
    const result = validateHsdsOrganizationPage(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.some((error) => error.startsWith('/contents/0') && error.includes('uscc'))).toBe(
      true,
    );
    expect(result.errors.some((error) => error.startsWith('/contents/1/id'))).toBe(true);
  });

  it('lists the organizations in force, deregistered ones left out, on one page', () => {
    expect(hsds.contents.map((org) => org.name)).toEqual([
      '虎丘区乐龄社会工作服务中心',
      '虎丘区青苗社会工作服务社',
      '虎丘区阳光社工事务所',
      '苏州市公益评估中心',
      '狮山社区银龄志愿队',
      '虎丘区狮山社区基金会',
    ]);
    expect(hsds).toMatchObject({ total_items: 6, total_pages: 1, page_number: 1, size: 6, empty: false });
  });

  it('identifies a registered organization by its USCC; a filed group has no identifier', () => {
    const elderly = organizationNamed('虎丘区乐龄社会工作服务中心');
    expect(elderly.organization_identifiers).toEqual([
      expect.objectContaining({
        organization_id: elderly.id,
        identifier_scheme: 'CN-USCC',
        identifier: USCC.elderly,
      }),
    ]);
    expect(elderly).toMatchObject({
      year_incorporated: 2018,
      legal_status: '社会服务机构 (民办非企业单位)（登记）',
      description: '社会服务机构 (民办非企业单位)；公益慈善/生活服务类；服务领域：养老服务、助残服务',
    });
    const filed = organizationNamed('狮山社区银龄志愿队');
    expect(filed.organization_identifiers).toEqual([]);
    expect(filed.legal_status).toBe('社区社会组织（备案，非法人）');
  });

  it('gives its service domains as attributes of sanshe’s service-domain taxonomy', () => {
    const elderly = organizationNamed('虎丘区乐龄社会工作服务中心');
    expect(elderly.attributes.map((attribute) => [attribute.value, attribute.taxonomy_term.name])).toEqual([
      ['elderly', '养老服务'],
      ['disability', '助残服务'],
    ]);
    expect(elderly.attributes.every((attribute) => attribute.link_id === elderly.id)).toBe(true);
  });

  it('makes each contracted project a service of its undertaker, with its status on the day of publication', () => {
    const services = (name: string) =>
      organizationNamed(name).services.map((service) => [service.name, service.status]);
    expect(services('虎丘区乐龄社会工作服务中心')).toEqual([
      ['狮山implementation服务项目', 'active'],
      ['狮山closure服务项目', 'defunct'],
    ]);
    expect(services('虎丘区青苗社会工作服务社')).toEqual([
      ['狮山contract服务项目', 'inactive'],
      ['狮山evaluation服务项目', 'active'],
      ['狮山terminated服务项目', 'defunct'],
    ]);
    expect(services('虎丘区阳光社工事务所')).toEqual([]);
    expect(serviceStatus({ startsOn: '2025-03-01', endsOn: '2026-02-28', endedOn: null }, '2026-02-28')).toBe(
      'active',
    );
    expect(serviceStatus({ startsOn: '2025-03-01', endsOn: '2026-02-28', endedOn: null }, '2026-03-01')).toBe(
      'defunct',
    );
  });

  it('gives a service its communities, its public activity places (disputed ones left out) and its funders', () => {
    const service = organizationNamed('虎丘区乐龄社会工作服务中心').services[0]!;
    expect(service.service_areas.map((area) => area.name)).toEqual(['狮山社区', '何山社区']);
    expect(service.service_at_locations).toEqual([
      expect.objectContaining({
        service_id: service.id,
        location: expect.objectContaining({
          location_type: 'physical',
          name: '狮山社区党群服务中心活动室',
          external_identifier: '320505001001',
        }),
      }),
    ]);
    expect(service.funding.map((funding) => funding.source)).toEqual([
      '财政预算：虎丘区民政局',
      '慈善捐赠：个人捐赠',
    ]);
    expect(service.attributes.map((attribute) => attribute.value)).toEqual(['elderly']);
  });

  it('keeps every id a stable UUID: the same records, the same ids at the next export', async () => {
    const again = await exportHsds(chain.database.db, DISTRICT, {
      publishedAt: '2026-01-15T10:00:00Z',
      uriBase: URI_BASE,
    });
    const ids = (page: HsdsOrganizationPage) =>
      page.contents.flatMap((org) => [org.id, ...org.services.map((service) => service.id)]);
    expect(ids(again)).toEqual(ids(hsds));
    expect(new Set(ids(hsds)).size).toBe(ids(hsds).length);
  });
});
