/**
 * A district's social organizations and the services they deliver as Open Referral's Human
 * Services Data Specification 3.0: the page `GET /organizations?full=true&full_service=true` of
 * the HSDS API (schema/openapi.json) answers, every organization on one page, each fully nested
 * (schema/compiled/organization.json) with its services.
 *
 * - An **organization** is a social organization in force (a deregistered one no longer offers
 *   anything), identified by a name-based UUID and, when registered, by its USCC
 *   (`organization_identifiers`, organization-identifiers.ts). Its service domains are attributes
 *   in sanshe's service-domain taxonomy.
 * - A **service** is a project the organization delivers under a contract (政府购买服务), named
 *   after the project, with the communities it serves as `service_areas`, the public places its
 *   activities took place (never a home: schema/delivery.ts) as `service_at_locations`, its
 *   funders as `funding` (an individual donor as 个人捐赠), and the project's domain as attribute.
 *   `status` on the day of publication: `active` within the contract's term, `inactive` before it
 *   starts, `defunct` once it ended (last day passed, terminated early, or the purchase closed).
 *
 * Nothing personal is exported: no contacts, phones or people; places are activity rooms.
 */
import type { SansheDb } from '../database/district-database.js';
import { fundingSourceKinds } from '../funds/code-lists.js';
import { legalForms, organizationCategories, serviceDomains } from '../organizations/code-lists.js';
import type { PublicOrganization } from '../organizations/public-view.js';
import { type ExportOptions, parseExportOptions } from './export-options.js';
import { usccIdentifierType, usccScheme } from './organization-identifiers.js';
import { loadPublicChain, type PublicChain, type PublicContract } from './public-chain.js';
import { endOfDay, latestDay, nameBasedUuid } from './standard-values.js';

export type HsdsExportOptions = ExportOptions;

/** What a service's status is on a day (HSDS `service.status`, a closed enum). */
export type HsdsServiceStatus = 'active' | 'inactive' | 'defunct';

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_type: string;
  link_entity: 'organization' | 'service';
  taxonomy_term_id: string;
  value: string;
  taxonomy_term: Record<string, unknown>;
}

export interface HsdsService {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  status: HsdsServiceStatus;
  last_modified: string;
  service_areas: Record<string, unknown>[];
  service_at_locations: Record<string, unknown>[];
  funding: { id: string; service_id: string; source: string }[];
  attributes: HsdsAttribute[];
}

export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  year_incorporated: number;
  legal_status: string;
  organization_identifiers: {
    id: string;
    organization_id: string;
    identifier_scheme: string;
    identifier_type: string;
    identifier: string;
  }[];
  attributes: HsdsAttribute[];
  services: HsdsService[];
}

/** The HSDS API's page (openapi.json `components.schemas.Page`) with its `contents`. */
export interface HsdsOrganizationPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsOrganization[];
}

/** The taxonomy of service domains (organizations/code-lists.ts `serviceDomains`). */
export const serviceDomainTaxonomy = {
  id: nameBasedUuid('taxonomy:service_domain'),
  name: 'sanshe:service_domain',
  description: '三社联动服务领域：社会组织与服务项目所属的服务领域',
  version: '1',
} as const;

/**
 * The district's organizations in force with their services, as one HSDS page, served at
 * `<uriBase>/hsds/<district>`.
 *
 * @throws {SansheError} INVALID_DIVISION_CODE, CODE_LEVEL_MISMATCH, INVALID_DATE,
 *   VALIDATION_FAILED (an option, named by its path), NOT_FOUND (no such district)
 */
export async function exportHsds(
  db: SansheDb,
  districtCode: string,
  options: HsdsExportOptions,
): Promise<HsdsOrganizationPage> {
  const parsed = parseExportOptions(districtCode, options);
  const chain = await loadPublicChain(db, parsed.districtCode);
  const contents = [...chain.organizations.values()]
    .filter((organization) => organization.status === 'active')
    .map((organization) => hsdsOrganization(chain, organization, parsed.publishedOn));
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}

function hsdsOrganization(
  chain: PublicChain,
  organization: PublicOrganization,
  publishedOn: string,
): HsdsOrganization {
  const id = nameBasedUuid(`${chain.districtCode}:social_organization:${organization.id}`);
  const legalForm = organization.legalForm
    ? legalForms[organization.legalForm as keyof typeof legalForms]
    : null;
  const category = organizationCategories[organization.category as keyof typeof organizationCategories];
  const domains = organization.serviceDomains.map(domainLabel);
  return {
    id,
    name: organization.name,
    description: [
      legalForm ?? '社区社会组织（备案）',
      category,
      domains.length > 0 ? `服务领域：${domains.join('、')}` : undefined,
    ]
      .filter(Boolean)
      .join('；'),
    year_incorporated: Number(organization.registeredOn.slice(0, 4)),
    legal_status: legalForm ? `${legalForm}（登记）` : '社区社会组织（备案，非法人）',
    organization_identifiers: organization.uscc
      ? [
          {
            id: nameBasedUuid(`${chain.districtCode}:organization_identifier:${organization.id}:uscc`),
            organization_id: id,
            identifier_scheme: usccScheme,
            identifier_type: usccIdentifierType,
            identifier: organization.uscc,
          },
        ]
      : [],
    attributes: organization.serviceDomains.map((domain) => domainAttribute(id, 'organization', domain)),
    services: chain.contracts
      .filter((contract) => contract.organizationId === organization.id)
      .flatMap((contract) => {
        const service = hsdsService(chain, contract, id, publishedOn);
        return service ? [service] : [];
      }),
  };
}

function hsdsService(
  chain: PublicChain,
  contract: PublicContract,
  organizationId: string,
  publishedOn: string,
): HsdsService | undefined {
  const purchase = chain.purchases.find((row) => row.id === contract.purchaseId);
  const project = purchase && chain.projects.find((row) => row.id === purchase.projectId);
  if (!purchase || !project) return undefined;
  const id = nameBasedUuid(`${chain.districtCode}:service:contract:${contract.id}`);
  const endedOn = contract.terminatedOn ?? (purchase.stage === 'closure' ? purchase.closedOn : null);
  const funders = chain.earmarks.filter((row) => row.projectId === project.id && row.earmarkedFen > 0);
  return {
    id,
    organization_id: organizationId,
    name: project.name,
    description: project.goals ?? project.name,
    status: serviceStatus({ startsOn: contract.startsOn, endsOn: contract.endsOn, endedOn }, publishedOn),
    last_modified: endOfDay(
      latestDay([
        contract.signedOn,
        endedOn,
        ...chain.evaluations.filter((row) => row.contractId === contract.id).map((row) => row.evaluatedOn),
      ]) ?? contract.signedOn,
    ),
    service_areas: project.communityIds.flatMap((communityId) => {
      const community = chain.communities.get(communityId);
      return community
        ? [
            {
              id: nameBasedUuid(
                `${chain.districtCode}:service_area:contract:${contract.id}:${community.code}`,
              ),
              service_id: id,
              name: community.name,
              description: `${chain.districtName}${community.subdistrictName}${community.name}（统计用区划代码 ${community.code}）`,
            },
          ]
        : [];
    }),
    service_at_locations: chain.activityPlaces
      .filter((row) => row.contractId === contract.id)
      .flatMap((row) => {
        const community = chain.communities.get(row.communityId);
        if (!community) return [];
        const locationId = nameBasedUuid(`${chain.districtCode}:location:${community.code}:${row.place}`);
        return [
          {
            id: nameBasedUuid(`${chain.districtCode}:service_at_location:${contract.id}:${locationId}`),
            service_id: id,
            location_id: locationId,
            location: {
              id: locationId,
              location_type: 'physical',
              name: row.place,
              description: `${community.subdistrictName}${community.name}`,
              external_identifier: community.code,
              external_identifier_type: '统计用区划代码（社区）',
            },
          },
        ];
      }),
    funding: funders.flatMap((earmark) => {
      const source = chain.sources.get(earmark.sourceId);
      return source
        ? [
            {
              id: nameBasedUuid(`${chain.districtCode}:funding:earmark:${earmark.id}`),
              service_id: id,
              source: `${fundingSourceKinds[source.kind] ?? source.kind}：${source.funderName}`,
            },
          ]
        : [];
    }),
    attributes: [domainAttribute(id, 'service', project.serviceDomain)],
  };
}

/** A service's status on a day: before its term, within it, or after it ended. */
export function serviceStatus(
  term: { startsOn: string; endsOn: string; endedOn: string | null },
  day: string,
): HsdsServiceStatus {
  if ((term.endedOn !== null && term.endedOn <= day) || term.endsOn < day) return 'defunct';
  if (term.startsOn > day) return 'inactive';
  return 'active';
}

function domainLabel(domain: string): string {
  return serviceDomains[domain as keyof typeof serviceDomains] ?? domain;
}

/** A service domain as an HSDS attribute of an organization or a service, with its term. */
function domainAttribute(
  linkId: string,
  linkEntity: 'organization' | 'service',
  domain: string,
): HsdsAttribute {
  const termId = nameBasedUuid(`taxonomy_term:service_domain:${domain}`);
  return {
    id: nameBasedUuid(`attribute:${linkEntity}:${linkId}:service_domain:${domain}`),
    link_id: linkId,
    link_type: 'service_domain',
    link_entity: linkEntity,
    taxonomy_term_id: termId,
    value: domain,
    taxonomy_term: {
      id: termId,
      code: domain,
      name: domainLabel(domain),
      description: `服务领域：${domainLabel(domain)}`,
      taxonomy: serviceDomainTaxonomy.name,
      taxonomy_id: serviceDomainTaxonomy.id,
      taxonomy_detail: serviceDomainTaxonomy,
      language: 'zh',
    },
  };
}
