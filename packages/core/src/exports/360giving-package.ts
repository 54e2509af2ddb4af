/**
 * A district's project funding as a 360Giving data package (360Giving Data Standard 1.4): who gave
 * how much to which organization, for what, when, and how much has been paid.
 *
 * One grant per earmark (定向资助, docs/domain.md §6.4). An earmark is one funder's fixed amount for
 * one project, and money reaches the project's undertaker only out of it, so an earmark is exactly
 * "a funder's award to a recipient for an activity" once the project has an undertaker: the
 * organization holding its contract (one live purchase, so one contract, per project). A grant per
 * contract × source would be the same pairs with a less faithful amount: the contract's amount is
 * not what any one funder awarded. An earmark whose project has no contract yet has no recipient
 * and is not a grant yet (it appears in OCDS as the project's budget); an earmark reversed in full
 * awards nothing and is left out.
 *
 * - `amountAwarded`: the earmark as the ledger holds it (earmarked less reversed), in yuan;
 * - `amountDisbursed` and `disbursementTransaction`: the payments to the undertaker out of the
 *   earmark that no reversal undoes;
 * - `awardDate`: the day of the earmark; `plannedDates`: the contract's term; `actualDates`: from
 *   the start of implementation to the contract's early termination or the purchase's closure;
 * - `fundingOrganization`: the funder as published (an individual donor: 个人捐赠, with an
 *   internal identifier, never a name); `recipientOrganization`: the undertaker, identified by its
 *   USCC (organization-identifiers.ts);
 * - `beneficiaryLocation`: the communities the project serves; `locationScope` GLS060 "Local
 *   area" (a district's communities are below China's second-level division, the prefecture);
 * - `fromOpenCall`: `Yes` for a purchase by open tender (公开招标), `No` otherwise;
 * - `classifications`: the funding source's kind and the project's service domain, in sanshe's
 *   own vocabularies; `relatedActivity`: the purchase's OCDS ocid.
 */
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { type FundingSourceKind, fundingSourceKinds, trancheMilestones } from '../funds/code-lists.js';
import { legalForms, serviceDomains } from '../organizations/code-lists.js';
import type { PublicOrganization } from '../organizations/public-view.js';
import { type ExportOptions, type ExportPublisher, parseExportOptions } from './export-options.js';
import { parseOcidPrefix } from './ocds-release-package.js';
import { usccOrgId } from './organization-identifiers.js';
import {
  loadPublicChain,
  type PublicChain,
  type PublicEarmark,
  type PublicFundingSource,
} from './public-chain.js';
import { endOfDay, exportCurrency, latestDay, yuanOf } from './standard-values.js';

/**
 * The placeholder 360Giving prefix. Grant identifiers start with the publisher's prefix, which
 * 360Giving assigns (`360G-` and a short code); this one is assigned to no one. A district that
 * publishes passes its own `grantIdPrefix`.
 */
export const placeholderGrantIdPrefix = '360G-sanshe';

/** 360Giving's Location Scope code for a local area (codelists/locationScope.csv). */
export const localAreaLocationScope = 'GLS060';

/** The vocabularies of the grants' classifications. */
export const givingClassificationVocabularies = {
  fundingSourceKind: 'sanshe:funding_source_kind',
  serviceDomain: 'sanshe:service_domain',
} as const;

export interface GivingExportOptions extends ExportOptions {
  /** The publisher's 360Giving prefix, e.g. `360G-abcd`. */
  grantIdPrefix?: string;
  /** The OCID prefix of the matching OCDS export, for `relatedActivity`. */
  ocidPrefix?: string;
}

export interface GivingOrganization {
  id: string;
  name: string;
  organisationType?: string;
  addressCountry?: string;
}

export interface GivingGrant {
  id: string;
  title: string;
  description: string;
  currency: string;
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  plannedDates: { startDate: string; endDate: string }[];
  actualDates?: { startDate: string; endDate?: string }[];
  recipientOrganization: GivingOrganization[];
  fundingOrganization: GivingOrganization[];
  disbursementTransaction: {
    id: string;
    transactionDate: string;
    value: number;
    currency: string;
    description: string;
  }[];
  beneficiaryLocation: { id: string; name: string; countryCode: string; geoCode: string }[];
  locationScope: string;
  fromOpenCall: 'Yes' | 'No';
  classifications: { vocabulary: string; code: string; title: string }[];
  relatedActivity: string[];
  dataSource: string;
  dateModified: string;
}

export interface GivingPackage {
  grants: GivingGrant[];
  version: '1.4';
  title: string;
  description: string;
  issued: string;
  identifier: string;
  publisher: { name: string; identifier?: string; website?: string };
  license?: string;
  downloadURL: string;
}

/**
 * The district's earmarks as a 360Giving data package, served at `<uriBase>/360giving/<district>`.
 * A district with no earmark for a contracted project yet has no grant: its package's `grants`
 * is empty, which 360Giving's schema refuses (`minItems: 1`): there is nothing to publish yet.
 *
 * @throws {SansheError} INVALID_DIVISION_CODE, CODE_LEVEL_MISMATCH, INVALID_DATE,
 *   VALIDATION_FAILED (an option, named by its path), NOT_FOUND (no such district)
 */
export async function export360GivingPackage(
  db: SansheDb,
  districtCode: string,
  options: GivingExportOptions,
): Promise<GivingPackage> {
  const parsed = parseExportOptions(districtCode, options);
  const grantIdPrefix = options.grantIdPrefix ?? placeholderGrantIdPrefix;
  if (!/^360G-[A-Za-z0-9_.-]{1,40}$/.test(grantIdPrefix)) {
    throw new SansheError(
      'VALIDATION_FAILED',
      'A 360Giving prefix is "360G-" and a code of letters or digits.',
      {
        path: ['options', 'grantIdPrefix'],
      },
    );
  }
  const ocidPrefix = parseOcidPrefix(options.ocidPrefix);
  const chain = await loadPublicChain(db, parsed.districtCode);
  const downloadURL = `${parsed.uriBase}/360giving/${parsed.districtCode}`;
  const grants = chain.earmarks.flatMap((earmark) => {
    const grant = earmarkGrant(chain, earmark, { grantIdPrefix, ocidPrefix, dataSource: downloadURL });
    return grant ? [grant] : [];
  });
  return {
    grants,
    version: '1.4',
    title: `${chain.districtName}三社联动服务项目资助数据`,
    description: `${chain.districtName}（${chain.districtCode}）服务项目的定向资金：出资方、承接机构、资助金额与拨付情况。`,
    issued: parsed.publishedAt,
    identifier: `${grantIdPrefix}-${parsed.districtCode}-${parsed.publishedOn}`,
    publisher: givingPublisher(parsed.publisher, chain.districtName),
    ...(parsed.license ? { license: parsed.license } : {}),
    downloadURL,
  };
}

function givingPublisher(publisher: ExportPublisher | undefined, districtName: string) {
  if (!publisher) return { name: districtName };
  return {
    name: publisher.name,
    ...(publisher.scheme && publisher.uid ? { identifier: `${publisher.scheme}-${publisher.uid}` } : {}),
    ...(publisher.uri ? { website: publisher.uri } : {}),
  };
}

function earmarkGrant(
  chain: PublicChain,
  earmark: PublicEarmark,
  ids: { grantIdPrefix: string; ocidPrefix: string; dataSource: string },
): GivingGrant | undefined {
  if (earmark.earmarkedFen <= 0) return undefined;
  const project = chain.projects.find((row) => row.id === earmark.projectId);
  const source = chain.sources.get(earmark.sourceId);
  if (!project || !source) return undefined;
  const purchaseIds = new Set(
    chain.purchases.filter((row) => row.projectId === project.id).map((row) => row.id),
  );
  const contract = chain.contracts.find((row) => purchaseIds.has(row.purchaseId));
  const purchase = contract && chain.purchases.find((row) => row.id === contract.purchaseId);
  const recipient = contract && chain.organizations.get(contract.organizationId);
  if (!contract || !purchase || !recipient) return undefined;

  const grantId = `${ids.grantIdPrefix}-${chain.districtCode}-${earmark.id}`;
  const tranches = new Map(chain.tranches.map((row) => [row.id, row]));
  const payments = chain.disbursements.filter(
    (row) => row.contractId === contract.id && row.sourceId === earmark.sourceId,
  );
  const endedOn = contract.terminatedOn ?? (purchase.stage === 'closure' ? purchase.closedOn : null);
  const domain = project.serviceDomain as keyof typeof serviceDomains;
  return {
    id: grantId,
    title: project.name,
    description: project.goals ?? project.name,
    currency: exportCurrency,
    amountAwarded: yuanOf(earmark.earmarkedFen),
    amountDisbursed: yuanOf(payments.reduce((sum, row) => sum + row.amountFen, 0)),
    awardDate: earmark.earmarkedOn,
    plannedDates: [{ startDate: contract.startsOn, endDate: contract.endsOn }],
    ...(purchase.implementationStartedOn
      ? {
          actualDates: [
            { startDate: purchase.implementationStartedOn, ...(endedOn ? { endDate: endedOn } : {}) },
          ],
        }
      : {}),
    recipientOrganization: [recipientOrganization(chain, ids.grantIdPrefix, recipient)],
    fundingOrganization: [fundingOrganization(chain, ids.grantIdPrefix, source)],
    disbursementTransaction: payments.map((row) => {
      const tranche = tranches.get(row.trancheId);
      return {
        id: `${grantId}-${row.entryId}`,
        transactionDate: row.paidOn,
        value: yuanOf(row.amountFen),
        currency: exportCurrency,
        description: tranche
          ? `第${tranche.trancheNumber}期拨付：${trancheMilestones[tranche.milestone as keyof typeof trancheMilestones] ?? tranche.milestone}`
          : '分期拨付',
      };
    }),
    beneficiaryLocation: project.communityIds.flatMap((id) => {
      const community = chain.communities.get(id);
      return community
        ? [{ id: community.code, name: community.name, countryCode: 'CN', geoCode: community.code }]
        : [];
    }),
    locationScope: localAreaLocationScope,
    fromOpenCall: purchase.method === 'open_tender' ? 'Yes' : 'No',
    classifications: [
      {
        vocabulary: givingClassificationVocabularies.fundingSourceKind,
        code: source.kind,
        title: fundingSourceKinds[source.kind as FundingSourceKind] ?? source.kind,
      },
      {
        vocabulary: givingClassificationVocabularies.serviceDomain,
        code: project.serviceDomain,
        title: serviceDomains[domain] ?? project.serviceDomain,
      },
    ],
    relatedActivity: [`${ids.ocidPrefix}-${chain.districtCode}-${purchase.id}`],
    dataSource: ids.dataSource,
    dateModified: endOfDay(
      latestDay([earmark.earmarkedOn, contract.signedOn, endedOn, ...payments.map((row) => row.paidOn)]) ??
        earmark.earmarkedOn,
    ),
  };
}

function recipientOrganization(
  chain: PublicChain,
  grantIdPrefix: string,
  organization: PublicOrganization,
): GivingOrganization {
  return {
    id: organization.uscc
      ? usccOrgId(organization.uscc)
      : `${grantIdPrefix}-${chain.districtCode}-organization-${organization.id}`,
    name: organization.name,
    ...(organization.legalForm
      ? {
          organisationType:
            legalForms[organization.legalForm as keyof typeof legalForms] ?? organization.legalForm,
        }
      : {}),
    addressCountry: 'CN',
  };
}

/**
 * The funder: by its USCC when it has one; otherwise by an identifier internal to the district
 * (360Giving's rule for an organization with no registered number: the publisher's prefix and its
 * own record's id), which names no one.
 */
function fundingOrganization(
  chain: PublicChain,
  grantIdPrefix: string,
  source: PublicFundingSource,
): GivingOrganization {
  return {
    id: source.funderUscc
      ? usccOrgId(source.funderUscc)
      : `${grantIdPrefix}-${chain.districtCode}-funder-${source.id}`,
    name: source.funderName,
  };
}
