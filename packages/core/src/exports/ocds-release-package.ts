/**
 * A district's government purchases of services (政府购买服务, docs/domain.md §6.3) as an Open
 * Contracting Data Standard 1.1 release package: one release per purchase, with its project as
 * the planning budget, its tender, the award to the winning bidder, the contract with its
 * tranches as payment milestones, the payments out of each source's earmark as implementation
 * transactions, and the third-party evaluations as implementation documents.
 *
 * Public data only (四公开, docs/domain.md §6.8): rows come through public-chain.ts; bids are a
 * count (`numberOfTenderers`) and the winner, never the other bidders or their assessment.
 */
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { evaluationGrades, evaluationKinds } from '../evaluations/code-lists.js';
import { trancheMilestones } from '../funds/code-lists.js';
import { serviceDomains } from '../organizations/code-lists.js';
import type { PublicOrganization } from '../organizations/public-view.js';
import type { PurchaseMethod, PurchaseStage } from '../purchases/code-lists.js';
import { type ExportOptions, type ExportPublisher, parseExportOptions } from './export-options.js';
import {
  type OcdsPartyRole,
  type OcdsReleaseTag,
  ocdsDocumentTypeOfEvaluation,
  ocdsMethodOfPurchaseMethod,
  ocdsMilestoneTypeOfTranche,
  ocdsStageCodes,
} from './ocds-codes.js';
import { usccOrgId, usccScheme } from './organization-identifiers.js';
import {
  loadPublicChain,
  type PublicChain,
  type PublicContract,
  type PublicFundingSource,
  type PublicProject,
  type PublicPurchase,
} from './public-chain.js';
import { contentDigest, endOfDay, exportCurrency, latestDay, startOfDay, yuanOf } from './standard-values.js';

/**
 * The placeholder OCID prefix. OCDS requires every publisher to register its own prefix with the
 * Open Contracting Partnership (`ocds-` and six characters, standard.open-contracting.org
 * "Identifiers"); this one is registered to no one, so that data published with it is visibly
 * unregistered. A district that publishes passes its own `ocidPrefix`.
 */
export const placeholderOcidPrefix = 'ocds-sanshe';

/**
 * The OCID prefix to use: the one given, checked, or the placeholder.
 *
 * @throws {SansheError} VALIDATION_FAILED at `options.ocidPrefix`
 */
export function parseOcidPrefix(value: string | undefined): string {
  const prefix = value ?? placeholderOcidPrefix;
  if (!/^ocds-[a-z0-9]{6}$/.test(prefix)) {
    throw new SansheError(
      'VALIDATION_FAILED',
      'An OCID prefix is "ocds-" and six lower-case letters or digits.',
      {
        path: ['options', 'ocidPrefix'],
      },
    );
  }
  return prefix;
}

export interface OcdsExportOptions extends ExportOptions {
  /** The publisher's registered OCID prefix: `ocds-` and six letters or digits. */
  ocidPrefix?: string;
}

export interface OcdsValue {
  amount: number;
  currency: string;
}

export interface OcdsOrganizationReference {
  id: string;
  name: string;
}

export interface OcdsParty extends OcdsOrganizationReference {
  identifier?: { scheme: string; id: string; legalName: string };
  roles: OcdsPartyRole[];
}

export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: OcdsReleaseTag[];
  initiationType: 'tender';
  language: 'zh';
  parties: OcdsParty[];
  buyer: OcdsOrganizationReference;
  planning: {
    budget: { id: string; description?: string; amount: OcdsValue; project: string; projectID: string };
  };
  tender: Record<string, unknown>;
  awards?: Record<string, unknown>[];
  contracts?: Record<string, unknown>[];
}

export interface OcdsReleasePackage {
  uri: string;
  version: '1.1';
  publishedDate: string;
  publisher: { name: string; scheme?: string; uid?: string; uri?: string };
  license?: string;
  releases: OcdsRelease[];
}

/**
 * The district's purchases as an OCDS 1.1 release package, served at `<uriBase>/ocds/<district>`.
 *
 * @throws {SansheError} INVALID_DIVISION_CODE, CODE_LEVEL_MISMATCH, INVALID_DATE,
 *   VALIDATION_FAILED (an option, named by its path), NOT_FOUND (the database records no such
 *   district)
 */
export async function exportOcdsReleasePackage(
  db: SansheDb,
  districtCode: string,
  options: OcdsExportOptions,
): Promise<OcdsReleasePackage> {
  const parsed = parseExportOptions(districtCode, options);
  const ocidPrefix = parseOcidPrefix(options.ocidPrefix);
  const chain = await loadPublicChain(db, parsed.districtCode);
  const projects = new Map(chain.projects.map((project) => [project.id, project]));
  const releases = chain.purchases.flatMap((purchase) => {
    const project = projects.get(purchase.projectId);
    return project ? [purchaseRelease(chain, ocidPrefix, purchase, project)] : [];
  });
  return {
    uri: `${parsed.uriBase}/ocds/${parsed.districtCode}`,
    version: '1.1',
    publishedDate: parsed.publishedAt,
    publisher: ocdsPublisher(parsed.publisher, chain.districtName),
    ...(parsed.license ? { license: parsed.license } : {}),
    releases,
  };
}

function ocdsPublisher(publisher: ExportPublisher | undefined, districtName: string) {
  if (!publisher) return { name: districtName };
  return {
    name: publisher.name,
    ...(publisher.scheme ? { scheme: publisher.scheme } : {}),
    ...(publisher.uid ? { uid: publisher.uid } : {}),
    ...(publisher.uri ? { uri: publisher.uri } : {}),
  };
}

const money = (fen: number): OcdsValue => ({ amount: yuanOf(fen), currency: exportCurrency });

/** The release of one purchase: everything the purchase has reached, as of its latest fact. */
function purchaseRelease(
  chain: PublicChain,
  ocidPrefix: string,
  purchase: PublicPurchase,
  project: PublicProject,
): OcdsRelease {
  const ocid = `${ocidPrefix}-${chain.districtCode}-${purchase.id}`;
  const parties = new Map<string, OcdsParty>();
  const party = (reference: OcdsParty): OcdsOrganizationReference => {
    const known = parties.get(reference.id);
    if (known) known.roles = [...new Set([...known.roles, ...reference.roles])];
    else parties.set(reference.id, { ...reference, roles: [...reference.roles] });
    return { id: reference.id, name: reference.name };
  };

  const buyer = party({
    id: `sanshe-unit-${purchase.purchaserUnitCode}`,
    name: chain.unitNames.get(purchase.purchaserUnitCode) ?? purchase.purchaserUnitCode,
    roles: ['buyer', 'procuringEntity'],
  });
  const stage = purchase.stage as PurchaseStage;
  const codes = ocdsStageCodes[stage];
  const method = ocdsMethodOfPurchaseMethod[purchase.method as PurchaseMethod];
  const contract = chain.contracts.find((row) => row.purchaseId === purchase.id);
  const supplierId = contract?.organizationId ?? purchase.awardedBid?.organizationId;
  const supplierOrganization = supplierId === undefined ? undefined : chain.organizations.get(supplierId);
  const disbursements = contract ? chain.disbursements.filter((row) => row.contractId === contract.id) : [];
  const supplier = supplierOrganization
    ? party(organizationParty(supplierOrganization, ['tenderer', 'supplier', ...payee(disbursements.length)]))
    : undefined;
  for (const earmark of chain.earmarks) {
    const source = chain.sources.get(earmark.sourceId);
    if (earmark.projectId === project.id && earmark.earmarkedFen > 0 && source) {
      party(funderParty(chain, source, ['funder']));
    }
  }

  const tender: Record<string, unknown> = {
    id: `${ocid}-tender`,
    title: project.name,
    ...(project.goals ? { description: project.goals } : {}),
    status: codes.tenderStatus,
    ...(stage === 'cancelled' && purchase.cancelledOn
      ? { statusDetails: `${purchase.cancelledOn} 终止` }
      : {}),
    procuringEntity: buyer,
    value: money(project.budgetFen),
    procurementMethod: method.procurementMethod,
    procurementMethodDetails: method.procurementMethodDetails,
    mainProcurementCategory: 'services',
    items: [
      {
        id: '1',
        description: `${serviceDomains[project.serviceDomain as keyof typeof serviceDomains] ?? project.serviceDomain}：${project.name}`,
        quantity: 1,
      },
    ],
    ...(purchase.tenderPublishedOn
      ? {
          tenderPeriod: {
            startDate: startOfDay(purchase.tenderPublishedOn),
            ...(purchase.bidsClosedOn ? { endDate: endOfDay(purchase.bidsClosedOn) } : {}),
          },
        }
      : {}),
    ...(purchase.bidsClosedOn
      ? {
          awardPeriod: {
            startDate: startOfDay(purchase.bidsClosedOn),
            ...(purchase.awardedOn ? { endDate: endOfDay(purchase.awardedOn) } : {}),
          },
          numberOfTenderers: purchase.bidCount,
        }
      : {}),
  };

  const awardId = purchase.awardedBid ? `${ocid}-award-${purchase.awardedBid.id}` : undefined;
  const awards =
    purchase.awardedBid && purchase.awardedOn && supplier
      ? [
          {
            id: awardId,
            title: `${project.name} 成交结果`,
            status: stage === 'cancelled' ? 'cancelled' : 'active',
            date: startOfDay(purchase.awardedOn),
            value: money(purchase.awardedBid.priceFen),
            suppliers: [supplier],
            ...(contract
              ? {
                  contractPeriod: {
                    startDate: startOfDay(contract.startsOn),
                    endDate: endOfDay(contract.endsOn),
                  },
                }
              : {}),
          },
        ]
      : undefined;

  const terminated = contract !== undefined && (contract.terminatedOn !== null || stage === 'closure');
  const contracts =
    contract && supplier && awardId
      ? [
          contractSection(chain, ocid, awardId, contract, supplier, terminated, (sourceId) => {
            const source = chain.sources.get(sourceId);
            return source ? party(funderParty(chain, source, ['payer'])) : undefined;
          }),
        ]
      : undefined;

  const tag: OcdsReleaseTag = contract?.terminatedOn ? 'contractTermination' : codes.tag;
  const factDays = [
    purchase.plannedOn,
    purchase.tenderPublishedOn,
    purchase.bidsClosedOn,
    purchase.awardedOn,
    purchase.contractedOn,
    purchase.implementationStartedOn,
    purchase.evaluationStartedOn,
    purchase.closedOn,
    purchase.cancelledOn,
    contract?.signedOn,
    contract?.terminatedOn,
    ...chain.tranches.filter((row) => row.contractId === contract?.id).map((row) => row.releasedOn),
    ...disbursements.map((row) => row.paidOn),
    ...chain.evaluations.filter((row) => row.contractId === contract?.id).map((row) => row.evaluatedOn),
  ];
  const release: Omit<OcdsRelease, 'id'> = {
    ocid,
    // The day of the latest fact the release tells, not the day of the export: the same facts
    // make the same release, whenever exported.
    date: startOfDay(latestDay(factDays) ?? purchase.plannedOn),
    tag: [tag],
    initiationType: 'tender',
    language: 'zh',
    parties: [...parties.values()],
    buyer,
    planning: {
      budget: {
        id: `sanshe-project-${chain.districtCode}-${project.id}`,
        ...(project.goals ? { description: project.goals } : {}),
        amount: money(project.budgetFen),
        project: project.name,
        projectID: `sanshe-project-${chain.districtCode}-${project.id}`,
      },
    },
    tender,
    ...(awards ? { awards } : {}),
    ...(contracts ? { contracts } : {}),
  };
  // A release id is unique within its ocid and names one content: the digest of that content.
  return { ...release, id: `${ocid}-${contentDigest(release)}` } as OcdsRelease;
}

function contractSection(
  chain: PublicChain,
  ocid: string,
  awardId: string,
  contract: PublicContract,
  supplier: OcdsOrganizationReference,
  terminated: boolean,
  payer: (sourceId: number) => OcdsOrganizationReference | undefined,
): Record<string, unknown> {
  const tranches = chain.tranches.filter((row) => row.contractId === contract.id);
  const transactions = chain.disbursements
    .filter((row) => row.contractId === contract.id)
    .flatMap((row) => {
      const paidBy = payer(row.sourceId);
      return paidBy
        ? [
            {
              id: `${ocid}-transaction-${row.entryId}`,
              date: startOfDay(row.paidOn),
              value: money(row.amountFen),
              payer: paidBy,
              payee: supplier,
            },
          ]
        : [];
    });
  const documents = chain.evaluations
    .filter((row) => row.contractId === contract.id)
    .map((row) => ({
      id: `${ocid}-evaluation-${row.id}`,
      documentType: ocdsDocumentTypeOfEvaluation[row.kind as keyof typeof ocdsDocumentTypeOfEvaluation],
      title: `${evaluationKinds[row.kind as keyof typeof evaluationKinds] ?? row.kind}：${row.evaluatorName}`,
      description: [
        `得分 ${row.score}，等级 ${evaluationGrades[row.grade as keyof typeof evaluationGrades] ?? row.grade}。`,
        row.summary ?? '',
      ].join(''),
      datePublished: startOfDay(row.evaluatedOn),
      language: 'zh',
    }));
  const description = contract.terminatedOn !== null ? `合同于 ${contract.terminatedOn} 提前解除` : undefined;
  return {
    id: `${ocid}-contract-${contract.id}`,
    awardID: awardId,
    title: `政府购买服务合同 ${contract.contractNumber}`,
    ...(description ? { description } : {}),
    status: terminated ? 'terminated' : 'active',
    period: { startDate: startOfDay(contract.startsOn), endDate: endOfDay(contract.endsOn) },
    value: money(contract.amountFen),
    dateSigned: startOfDay(contract.signedOn),
    milestones: tranches.map((row) => ({
      id: `${ocid}-tranche-${row.trancheNumber}`,
      title: `第${row.trancheNumber}期拨付：${trancheMilestones[row.milestone as keyof typeof trancheMilestones] ?? row.milestone}`,
      type: ocdsMilestoneTypeOfTranche[row.milestone as keyof typeof ocdsMilestoneTypeOfTranche],
      code: row.milestone,
      description: `计划拨付 ${yuanOf(row.amountFen)} 元`,
      dueDate: startOfDay(row.plannedOn),
      status: row.releasedOn ? 'met' : 'scheduled',
      ...(row.releasedOn ? { dateMet: startOfDay(row.releasedOn) } : {}),
    })),
    implementation: {
      transactions,
      ...(documents.length > 0 ? { documents } : {}),
    },
  };
}

function payee(payments: number): OcdsPartyRole[] {
  return payments > 0 ? ['payee'] : [];
}

/** An organization of the district as a party: identified by its USCC when it has one. */
function organizationParty(organization: PublicOrganization, roles: OcdsPartyRole[]): OcdsParty {
  return organization.uscc
    ? {
        id: usccOrgId(organization.uscc),
        name: organization.name,
        identifier: { scheme: usccScheme, id: organization.uscc, legalName: organization.name },
        roles,
      }
    : {
        id: `sanshe-organization-${organization.districtCode}-${organization.id}`,
        name: organization.name,
        roles,
      };
}

/** A funding source's funder as a party (an individual donor: 个人捐赠, never a name). */
function funderParty(chain: PublicChain, source: PublicFundingSource, roles: OcdsPartyRole[]): OcdsParty {
  return source.funderUscc
    ? {
        id: usccOrgId(source.funderUscc),
        name: source.funderName,
        identifier: { scheme: usccScheme, id: source.funderUscc, legalName: source.funderName },
        roles,
      }
    : { id: `sanshe-funder-${chain.districtCode}-${source.id}`, name: source.funderName, roles };
}
