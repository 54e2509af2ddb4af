import { and, eq, sql } from 'drizzle-orm';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { trancheMilestones } from '../funds/code-lists.js';
import { parseAmountFen } from '../funds/funds-rules.js';
import { socialOrganizations } from '../schema/organizations.js';
import {
  type ContractTranche,
  contractTranches,
  type Purchase,
  purchaseBids,
  purchases,
  type ServiceContract,
  serviceContracts,
} from '../schema/purchases.js';
import { parseCode } from '../services/code-list.js';
import { parseIsoDate } from '../validators/text.js';
import { undertakerIneligibilityReasons } from './code-lists.js';
import { requireContractAmountWithin, requireContractTerm, requireTranchesSumTo } from './contract-rules.js';
import type { PurchaseContext } from './purchase-context.js';
import type { SignContractInput, TerminateContractInput, TrancheInput } from './purchase-types.js';
import { standingReasons } from './undertaker-eligibility.js';

/** A contract has at most this many tranches. */
const MAX_TRANCHES = 24;

/** The stages during which a contract is in force and may be terminated early. */
const CONTRACT_STAGES: readonly string[] = ['contract', 'implementation', 'evaluation'];

/**
 * The contract with the awarded bidder and its early termination (docs/domain.md §6.3): its term
 * (contract-rules.ts), its amount within the award and the budget, its payment in tranches that
 * sum to the amount. Run by the purchaser (`purchase.run`).
 */
export function createContractUseCases(context: PurchaseContext) {
  const { kit, db, districtCode } = context;

  function date(value: unknown, path: FieldPath): string {
    return kit.unwrap(parseIsoDate(value, { path }));
  }

  function parseTranches(value: unknown, signedOn: string): TrancheInput[] {
    const path: FieldPath = ['input', 'tranches'];
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TRANCHES) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `A contract is paid in 1 to ${MAX_TRANCHES} tranches, each with its milestone, planned day and amount.`,
        { path },
      );
    }
    return value.map((tranche: unknown, index) => {
      const at: FieldPath = [...path, index];
      if (typeof tranche !== 'object' || tranche === null || Array.isArray(tranche)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'A tranche is an object with milestone, plannedOn and amountFen.',
          {
            path: at,
          },
        );
      }
      const fields = tranche as Record<string, unknown>;
      const milestone = parseCode(trancheMilestones, fields.milestone, [...at, 'milestone'], 'The milestone');
      const plannedOn = date(fields.plannedOn, [...at, 'plannedOn']);
      if (plannedOn < signedOn) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `Tranche ${index + 1} is planned for ${plannedOn}, before the contract is signed on ${signedOn}.`,
          { path: [...at, 'plannedOn'] },
        );
      }
      return { milestone, plannedOn, amountFen: parseAmountFen(fields.amountFen, [...at, 'amountFen']) };
    });
  }

  return {
    /**
     * Sign the contract with the awarded bidder (award → contract). At most 1 year, at most 3 for a
     * continuing service that says why (CONTRACT_TOO_LONG, the same rule as the CHECK
     * `service_contracts_term`); its amount at most the awarded price and the project's budget
     * (AMOUNT_OVER_LIMIT); its tranches, numbered in the order given, summing to the amount
     * (BUDGET_MISMATCH). Only a registered organization still active signs (NOT_ELIGIBLE). The
     * contract names the bid, the purchase and the organization together, so they cannot disagree.
     *
     * @throws {SansheError} NOT_FOUND, VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT,
     *   REASON_REQUIRED, INVALID_DATE, DATE_IN_FUTURE, INVALID_DATE_RANGE, CONTRACT_TOO_LONG,
     *   INVALID_NUMBER, INVALID_CODE_LIST_VALUE, BUDGET_MISMATCH, FORBIDDEN, VERSION_CONFLICT,
     *   STAGE_OUT_OF_ORDER, NOT_ELIGIBLE, AMOUNT_OVER_LIMIT, DUPLICATE_RECORD
     */
    async signContract(
      input: SignContractInput,
    ): Promise<{ purchase: Purchase; contract: ServiceContract; tranches: ContractTranche[] }> {
      const purchaseId = kit.requireId(input.purchaseId, 'purchase', ['input', 'purchaseId']);
      const contractNumber = context.publishedText(
        input.contractNumber,
        ['input', 'contractNumber'],
        64,
        'The contract number',
      );
      const signedOn = kit.pastDate(input.signedOn, ['input', 'signedOn']);
      const startsOn = date(input.startsOn, ['input', 'startsOn']);
      const endsOn = date(input.endsOn, ['input', 'endsOn']);
      if (typeof input.continuing !== 'boolean') {
        throw new SansheError('VALIDATION_FAILED', 'Say whether the service is continuing (true or false).', {
          path: ['input', 'continuing'],
        });
      }
      const continuing = input.continuing;
      let continuingReason: string | null = null;
      if (continuing) {
        continuingReason = context.requiredReason(
          input.continuingReason,
          ['input', 'continuingReason'],
          'A continuing service',
        );
      } else if (input.continuingReason !== undefined && input.continuingReason !== null) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'Only a continuing service gives a reason for being continuing.',
          {
            path: ['input', 'continuingReason'],
          },
        );
      }
      requireContractTerm({ startsOn, endsOn, continuing }, ['input', 'endsOn']);
      if (signedOn > endsOn) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `The contract ends on ${endsOn}, before it is signed on ${signedOn}.`,
          {
            path: ['input', 'signedOn'],
          },
        );
      }
      const amountFen = parseAmountFen(input.amountFen, ['input', 'amountFen']);
      const tranches = parseTranches(input.tranches, signedOn);
      requireTranchesSumTo(tranches, amountFen, ['input', 'tranches']);
      context.authorizeRun(await context.placeOfPurchase(purchaseId, ['input', 'purchaseId']));

      return db.transaction(async (tx) => {
        const { purchase, project } = await context.lockPurchase(tx, purchaseId, input.expectedVersion);
        context.nextStage(purchase, 'signContract');
        context.stageDay(purchase, signedOn, ['input', 'signedOn']);
        const [bid] = await tx
          .select()
          .from(purchaseBids)
          .where(
            and(
              eq(purchaseBids.districtCode, districtCode),
              eq(purchaseBids.purchaseId, purchaseId),
              eq(purchaseBids.status, 'awarded'),
            ),
          )
          .for('share');
        if (!bid) throw new Error(`Purchase ${purchaseId} is at stage award without an awarded bid.`);
        const organization = await kit.requireRecord(
          tx,
          socialOrganizations,
          bid.organizationId,
          'social organization',
          ['input', 'purchaseId'],
          'share',
        );
        const standing = standingReasons(organization, signedOn);
        if (standing.length > 0) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `Organization ${organization.id} cannot sign the contract: ${standing.map((reason) => undertakerIneligibilityReasons[reason]).join('；')}.`,
            { path: ['input', 'purchaseId'], details: { reasons: standing } },
          );
        }
        requireContractAmountWithin(amountFen, { bidPriceFen: bid.priceFen, budgetFen: project.budgetFen }, [
          'input',
          'amountFen',
        ]);
        const [contract] = await kit.insertUnique(
          () =>
            tx
              .insert(serviceContracts)
              .values({
                districtCode,
                purchaseId,
                bidId: bid.id,
                organizationId: bid.organizationId,
                contractNumber,
                signedOn,
                startsOn,
                endsOn,
                continuing,
                continuingReason,
                amountFen,
              })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            message: `A contract numbered ${contractNumber} is already recorded in district ${districtCode}.`,
            path: ['input', 'contractNumber'],
          },
        );
        const written = await tx
          .insert(contractTranches)
          .values(
            tranches.map((tranche, index) => ({
              districtCode,
              contractId: contract!.id,
              trancheNumber: index + 1,
              ...tranche,
            })),
          )
          .returning();
        written.sort((a, b) => a.trancheNumber - b.trancheNumber);
        await kit.audit(tx, {
          action: 'service_contract.sign',
          entityType: 'service_contract',
          entityId: contract!.id,
          after: { ...contract!, tranches: written },
        });
        const moved = await context.writeStage(tx, purchase, 'signContract', signedOn);
        return { purchase: moved, contract: contract!, tranches: written };
      });
    },

    /**
     * End a contract early (解除合同) with its day and reason. The purchase goes on to evaluation
     * and closure, which settle what was delivered; a contract of a closed purchase, or one
     * already terminated, is not terminated again.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, DATE_IN_FUTURE, REASON_REQUIRED,
     *   VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT, FORBIDDEN, VERSION_CONFLICT,
     *   ALREADY_ENDED, STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE
     */
    async terminateContract(input: TerminateContractInput): Promise<ServiceContract> {
      const contractId = kit.requireId(input.contractId, 'service contract', ['input', 'contractId']);
      const terminatedOn = kit.pastDate(input.terminatedOn, ['input', 'terminatedOn']);
      const reason = context.requiredReason(input.reason, ['input', 'reason'], 'A termination');
      context.authorizeRun(await context.placeOfContract(contractId, ['input', 'contractId']));

      return db.transaction(async (tx) => {
        const contract = await kit.requireRecord(
          tx,
          serviceContracts,
          contractId,
          'service contract',
          ['input', 'contractId'],
          'update',
        );
        kit.checkVersion(contract, input.expectedVersion, `Contract ${contract.contractNumber}`);
        const purchase = await kit.requireRecord(
          tx,
          purchases,
          contract.purchaseId,
          'purchase',
          ['input', 'contractId'],
          'share',
        );
        if (contract.terminatedOn !== null) {
          throw new SansheError(
            'ALREADY_ENDED',
            `Contract ${contract.contractNumber} was terminated on ${contract.terminatedOn}.`,
            { path: ['input', 'contractId'] },
          );
        }
        if (!CONTRACT_STAGES.includes(purchase.stage)) {
          throw new SansheError(
            'STAGE_OUT_OF_ORDER',
            `Purchase ${purchase.id} is ${purchase.stage}: its contract is no longer terminated, the purchase is settled.`,
            { path: ['input', 'contractId'], details: { state: purchase.stage, allowed: [] } },
          );
        }
        if (terminatedOn < contract.signedOn || terminatedOn > contract.endsOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Contract ${contract.contractNumber} runs from its signing on ${contract.signedOn} to ${contract.endsOn}; it cannot be terminated on ${terminatedOn}.`,
            { path: ['input', 'terminatedOn'] },
          );
        }
        const [terminated] = await tx
          .update(serviceContracts)
          .set({
            terminatedOn,
            terminationReason: reason,
            version: sql`${serviceContracts.version} + 1`,
            updatedAt: sql`now()`,
          })
          .where(
            and(
              eq(serviceContracts.districtCode, districtCode),
              eq(serviceContracts.id, contractId),
              eq(serviceContracts.version, contract.version),
            ),
          )
          .returning();
        if (!terminated) throw kit.versionConflict(contract, `Contract ${contract.contractNumber}`);
        await kit.audit(tx, {
          action: 'service_contract.terminate',
          entityType: 'service_contract',
          entityId: contractId,
          before: contract,
          after: terminated,
          reason,
        });
        return terminated;
      });
    },
  };
}
