import { SansheError } from '../errors/sanshe-error.js';
import { fundingSources } from '../schema/funding.js';
import { parseCode } from '../services/code-list.js';
import { checkPublishedText } from '../validators/published-text.js';
import { parseUscc } from '../validators/uscc.js';
import { fundingSourceKinds } from './code-lists.js';
import type { FundingSourceResult, FundsContext, FundsEntryResult } from './funds-context.js';
import { movementLines, parseAmountFen, requireWithinLimit } from './funds-rules.js';
import type { RecordReceiptInput, RegisterFundingSourceInput } from './funds-types.js';

/**
 * Funding sources and what they bring in (docs/domain.md §6.4): district-wide records, run by the
 * civil-affairs bureau (`funds.source`).
 */
export function createSourceUseCases(context: FundsContext) {
  const { kit, districtCode } = context;

  function publishedText(value: unknown, field: string, maxLength: number, label: string): string {
    const path = ['input', field];
    return kit.unwrap(checkPublishedText(kit.text(value, path, { maxLength, label }), { path }));
  }

  return {
    /**
     * Register a source with its funder as published, its document, the amount committed and the
     * day; an in-kind source also says what is given and how its value was set. Opens the source's
     * two accounts (funder, source) with nothing in them: money arrives by receipts.
     *
     * @throws {SansheError} FORBIDDEN, INVALID_CODE_LIST_VALUE, VALIDATION_FAILED, INVALID_TEXT,
     *   PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_USCC, INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE,
     *   NOT_FOUND (the funder organization), IDEMPOTENCY_KEY_REUSED
     */
    async registerFundingSource(input: RegisterFundingSourceInput): Promise<FundingSourceResult> {
      const key = context.parseIdempotencyKey(input.idempotencyKey);
      const kind = parseCode(fundingSourceKinds, input.kind, ['input', 'kind'], 'funding source kind');
      const funderName = publishedText(input.funderName, 'funderName', 200, 'The funder name');
      const funderUscc =
        input.funderUscc === undefined || input.funderUscc === null
          ? null
          : kit.unwrap(parseUscc(input.funderUscc, { path: ['input', 'funderUscc'] })).code;
      const funderOrganizationId =
        input.funderOrganizationId === undefined || input.funderOrganizationId === null
          ? null
          : kit.requireId(input.funderOrganizationId, 'social organization', [
              'input',
              'funderOrganizationId',
            ]);
      const reference = publishedText(input.reference, 'reference', 200, 'The reference');
      const amountFen = parseAmountFen(input.amountFen, ['input', 'amountFen']);
      const committedOn = kit.pastDate(input.committedOn, ['input', 'committedOn']);
      const inKind = kind === 'in_kind';
      const given = input.inKindDescription ?? null;
      const basis = input.valuationBasis ?? null;
      if (inKind !== (given !== null) || inKind !== (basis !== null)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          inKind
            ? 'An in-kind source says what is given and how its value was set.'
            : 'Only an in-kind source has a description of what is given and a valuation basis.',
          { path: ['input', (given !== null) === inKind ? 'valuationBasis' : 'inKindDescription'] },
        );
      }
      const inKindDescription =
        given === null ? null : publishedText(given, 'inKindDescription', 500, 'The in-kind description');
      const valuationBasis =
        basis === null ? null : publishedText(basis, 'valuationBasis', 200, 'The valuation basis');
      kit.authorize('funds.source');

      const body = {
        kind,
        funderName: input.funderName,
        funderUscc: input.funderUscc ?? null,
        funderOrganizationId: input.funderOrganizationId ?? null,
        reference: input.reference,
        amountFen,
        committedOn: input.committedOn,
        inKindDescription: given,
        valuationBasis: basis,
      };
      return context.idempotent('funds.register_source', key, body, async (tx) => {
        if (funderOrganizationId !== null) {
          await kit.requireVisible(tx, 'social_organization', funderOrganizationId, [
            'input',
            'funderOrganizationId',
          ]);
        }
        const [source] = await tx
          .insert(fundingSources)
          .values({
            districtCode,
            kind,
            funderName,
            funderUscc,
            funderOrganizationId,
            reference,
            amountFen,
            committedOn,
            inKindDescription,
            valuationBasis,
          })
          .returning();
        const funder = await context.openAccount(
          tx,
          { kind: 'funder', fundingSourceId: source!.id },
          committedOn,
        );
        const held = await context.openAccount(
          tx,
          { kind: 'source', fundingSourceId: source!.id },
          committedOn,
        );
        await kit.audit(tx, {
          action: 'funding_source.register',
          entityType: 'funding_source',
          entityId: source!.id,
          after: source!,
        });
        return { sourceId: source!.id, funderAccountId: funder.id, sourceAccountId: held.id };
      });
    },

    /**
     * Record money (or in-kind value) a source brought in: funder → source. What a source brings
     * in never exceeds what it committed.
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE,
     *   VALIDATION_FAILED, INVALID_TEXT, AMOUNT_OVER_LIMIT, IDEMPOTENCY_KEY_REUSED
     */
    async recordReceipt(input: RecordReceiptInput): Promise<FundsEntryResult> {
      const key = context.parseIdempotencyKey(input.idempotencyKey);
      const sourceId = kit.requireId(input.sourceId, 'funding source', ['input', 'sourceId']);
      const amountFen = parseAmountFen(input.amountFen, ['input', 'amountFen']);
      const receivedOn = kit.pastDate(input.receivedOn, ['input', 'receivedOn'], false);
      const description = context.optionalDescription(input.description);
      kit.authorize('funds.source');

      const body = {
        sourceId,
        amountFen,
        receivedOn: input.receivedOn ?? null,
        description: input.description ?? null,
      };
      return context.idempotent('funds.receive', key, body, async (tx) => {
        // The source's row lock makes receipts of one source follow one another, so the sum
        // checked against the commitment is the sum written.
        const source = await kit.requireRecord(
          tx,
          fundingSources,
          sourceId,
          'funding source',
          ['input', 'sourceId'],
          'update',
        );
        const funder = await context.openAccount(
          tx,
          { kind: 'funder', fundingSourceId: sourceId },
          receivedOn,
        );
        const held = await context.openAccount(tx, { kind: 'source', fundingSourceId: sourceId }, receivedOn);
        const locked = await context.lockAccounts(tx, [funder.id, held.id]);
        const receivedFen = 0 - locked.get(funder.id)!.balance;
        requireWithinLimit(
          { limitFen: source.amountFen, usedFen: receivedFen, amountFen },
          `The amount source ${sourceId} committed`,
          ['input', 'amountFen'],
        );
        const entry = await context.postEntry(tx, {
          kind: 'receipt',
          occurredOn: receivedOn,
          description: description ?? `${source.funderName} ${source.reference}`,
          lines: movementLines(funder.id, held.id, amountFen),
        });
        await kit.audit(tx, {
          action: 'funding_source.receive',
          entityType: 'journal_entry',
          entityId: entry.entryId,
          after: { sourceId, amountFen, ...entry },
        });
        return entry;
      });
    },
  };
}
