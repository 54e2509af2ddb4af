import {
  fundingSources,
  journalEntries,
  ledgerAccounts,
  visibleFundingSources,
  visibleJournalEntries,
} from '@sanshe/core';
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { defineMutation } from '../../mutation-field.js';
import { visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputDivisionCode, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import {
  journalEntriesVisibleTo,
  ledgerAccountsVisibleTo,
  organizationsVisibleTo,
  projectsVisibleTo,
  withContractVisibleTo,
} from '../visibility.js';
import {
  FundingSourceKindEnum,
  FundsAccountKindEnum,
  FundsEntryKindEnum,
  LedgerUnitEnum,
} from './chain-enums.js';

/**
 * Funds of the service chain (docs/domain.md §6.4–§6.5): funding sources, earmarks, the ledger's
 * accounts, entries and lines, and the five funds mutations of core's funds service. Every
 * amount is integer fen (`Fen`). Each mutation carries the caller's idempotency key: a replay
 * with the same input answers the first result and writes nothing; another input under the same
 * key is IDEMPOTENCY_KEY_REUSED.
 */

const accountBalances = { with: { accounts: { columns: { kind: true, balance: true } } } } as const;

function balanceOf(row: { accounts: readonly { kind: string; balance: number }[] }, kind: string): number {
  return row.accounts.find((account) => account.kind === kind)?.balance ?? 0;
}

const FundingSourceRef = builder.drizzleNode('fundingSources', {
  name: 'FundingSource',
  description:
    'Money or in-kind resources committed to the district’s service projects (资金来源): government budget, donations, a community foundation, enterprise sponsorship, in-kind. Disclosed (四公开): a person who donates is published as 个人捐赠.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders sources across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    kind: t.field({
      type: FundingSourceKindEnum,
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as 'donation',
    }),
    funderName: t.exposeString('funderName', { description: 'The funder as published.' }),
    funderUscc: t.exposeString('funderUscc', { nullable: true }),
    funderOrganization: t.relation('funderOrganization', {
      nullable: true,
      description: 'The funder, when it is an organization of this district the caller may see.',
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    reference: t.exposeString('reference', {
      description: 'The budget appropriation (预算指标文号), the donation or the sponsorship agreement.',
    }),
    amountFen: t.expose('amountFen', {
      type: 'Fen',
      description: 'The amount committed (for in-kind, its value).',
    }),
    committedOn: t.expose('committedOn', { type: 'Date' }),
    inKindDescription: t.exposeString('inKindDescription', { nullable: true }),
    valuationBasis: t.exposeString('valuationBasis', { nullable: true }),
    receivedFen: t.field({
      type: 'Fen',
      description: 'Brought in so far (receipts, less receipts reversed): from the ledger.',
      select: accountBalances,
      resolve: (row) => -balanceOf(row, 'funder'),
    }),
    heldFen: t.field({
      type: 'Fen',
      description: 'Brought in and not yet earmarked for a project: the source account’s balance.',
      select: accountBalances,
      resolve: (row) => balanceOf(row, 'source'),
    }),
    earmarks: t.relation('earmarks', {
      description: 'The projects this source funds, with what each earmark still holds.',
      query: { orderBy: { earmarkedOn: 'asc', id: 'asc' } },
    }),
  }),
});

const FundingEarmarkRef = builder.drizzleObject('fundingEarmarks', {
  name: 'FundingEarmark',
  description:
    'A source’s money set aside for one project (定向使用): a fixed amount, spent on that project only.',
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    source: t.relation('source'),
    project: t.relation('project', {
      nullable: true,
      description: 'Null when the caller may not see the project.',
      query: (_args, ctx) => ({ where: projectsVisibleTo(ctx) }),
    }),
    amountFen: t.expose('amountFen', { type: 'Fen' }),
    earmarkedOn: t.expose('earmarkedOn', { type: 'Date' }),
    availableFen: t.field({
      type: 'Fen',
      description: 'Still in the earmark: earmarked less paid to the undertaker (from the ledger).',
      select: { with: { account: { columns: { balance: true } } } },
      resolve: (row) => row.account?.balance ?? 0,
      // The earmark's account (the `account` relation: its source and project) in SQL.
      extensions: compiledValue((row) => {
        const account = alias(ledgerAccounts, 'earmark_account');
        return sql`coalesce((select ${account.balance} from ${ledgerAccounts} ${account}
          where ${account.districtCode} = ${row.districtCode} and ${account.fundingSourceId} = ${row.sourceId}
            and ${account.projectId} = ${row.projectId} limit 1), 0)`;
      }),
    }),
  }),
});

builder.drizzleNode('ledgerAccounts', {
  name: 'LedgerAccount',
  description:
    'An account of the district’s double-entry ledger (docs/domain.md §6.5): its balance is the sum of its lines, kept by the database, never below its floor.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    kind: t.field({
      type: FundsAccountKindEnum,
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as 'source',
    }),
    unit: t.field({
      type: LedgerUnitEnum,
      select: { columns: { unit: true } },
      resolve: (row) => row.unit as 'fen',
    }),
    balance: t.expose('balance', { type: 'Fen', description: 'In the account’s unit (fen for money).' }),
    floor: t.expose('floor', {
      type: 'Fen',
      nullable: true,
      description: 'The balance never goes below it; null for none.',
    }),
    openedOn: t.expose('openedOn', { type: 'Date' }),
    fundingSource: t.relation('fundingSource', { nullable: true }),
    project: t.relation('project', {
      nullable: true,
      query: (_args, ctx) => ({ where: projectsVisibleTo(ctx) }),
    }),
    organization: t.relation('organization', {
      nullable: true,
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    lines: t.relation('lines', { query: { orderBy: { entryId: 'asc', id: 'asc' } } }),
  }),
});

builder.drizzleObject('journalLines', {
  name: 'JournalLine',
  description: 'One side of a movement: a signed amount on one account (the lines of an entry sum to zero).',
  fields: (t) => ({
    amount: t.expose('amount', {
      type: 'Fen',
      description: 'Positive into the account, negative out of it.',
    }),
    account: t.relation('account', {
      nullable: true,
      description:
        'Null when the caller may not see the account (a source’s own accounts are district-wide).',
      query: (_args, ctx) => ({ where: ledgerAccountsVisibleTo(ctx) }),
    }),
  }),
});

const JournalEntryRef = builder.drizzleNode('journalEntries', {
  name: 'JournalEntry',
  description:
    'One movement of the ledger: a receipt, an earmark, a tranche payment or a reversal. Never edited nor deleted: a correction is a reversal entry.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders entries across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    kind: t.field({
      type: FundsEntryKindEnum,
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as 'receipt',
    }),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    description: t.exposeString('description'),
    recordedBy: t.exposeString('recordedBy', { description: 'The id of who recorded it.' }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    reverses: t.relation('reverses', {
      nullable: true,
      description: 'For a reversal: the entry it undoes.',
      query: (_args, ctx) => ({ where: journalEntriesVisibleTo(ctx) }),
    }),
    tranche: t.relation('tranche', {
      nullable: true,
      description: 'For a payment (and its reversal): the contract tranche it pays.',
      query: (_args, ctx) => ({ where: withContractVisibleTo(ctx) }),
    }),
    lines: t.relation('lines', { query: { orderBy: { id: 'asc' } } }),
  }),
});

const FundingSourceFilterInput = builder.inputType('FundingSourceFilter', {
  description: 'Narrows a list of funding sources.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    kind: t.field({ type: FundingSourceKindEnum }),
  }),
});

const JournalEntryFilterInput = builder.inputType('JournalEntryFilter', {
  description: 'Narrows a list of journal entries.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    kind: t.field({ type: FundsEntryKindEnum }),
    occurredFrom: t.field({ type: 'Date', description: 'On or after this day.' }),
    occurredUntil: t.field({ type: 'Date', description: 'On or before this day.' }),
  }),
});

function targetsDistrict(filter: { districtCode?: string | null } | null | undefined, ctx: DistrictContext) {
  return filter?.districtCode == null || filter.districtCode === ctx.district.districtCode;
}

/**
 * The conditions of the two lists, on the table as the query names it: the connection's query
 * aliases it, so the columns must come from the `table` the RAW callback is given.
 */
function sourceCondition(
  ctx: DistrictContext,
  table: typeof fundingSources,
  filter: { kind?: string | null } | null | undefined,
): SQL {
  const { districtCode } = ctx.district;
  return and(
    eq(table.districtCode, districtCode),
    filter?.kind ? eq(table.kind, filter.kind) : undefined,
    visibleFundingSources(ctx.actor, districtCode),
  )!;
}

function entryCondition(
  ctx: DistrictContext,
  table: typeof journalEntries,
  filter:
    | { kind?: string | null; occurredFrom?: string | null; occurredUntil?: string | null }
    | null
    | undefined,
): SQL {
  const { districtCode } = ctx.district;
  return and(
    eq(table.districtCode, districtCode),
    filter?.kind ? eq(table.kind, filter.kind) : undefined,
    filter?.occurredFrom ? gte(table.occurredOn, filter.occurredFrom) : undefined,
    filter?.occurredUntil ? lte(table.occurredOn, filter.occurredUntil) : undefined,
    visibleJournalEntries(ctx.actor, districtCode, table),
  )!;
}

builder.queryFields((t) => ({
  fundingSources: t.drizzleConnection(
    {
      type: 'fundingSources',
      description: 'Funding sources across the districts served, oldest commitment first.',
      args: { filter: t.arg({ type: FundingSourceFilterInput }) },
      extensions: routeExtension({
        kind: 'fanOutConnection',
        filterArg: 'filter',
        sortFields: { committedOn: ['committedOn', 'sortKey'] },
      }),
      totalCount: (_parent, args, ctx) =>
        targetsDistrict(args.filter, ctx)
          ? ctx.district.db.$count(fundingSources, sourceCondition(ctx, fundingSources, args.filter))
          : 0,
      resolve: (query, _parent, args, ctx) => {
        if (!targetsDistrict(args.filter, ctx)) return [];
        return ctx.district.db.query.fundingSources.findMany(
          query({
            where: { RAW: (table) => sourceCondition(ctx, table, args.filter) },
            orderBy: { committedOn: 'asc', id: 'asc' },
          }),
        );
      },
    },
    { name: 'FundingSourceConnection' },
    { name: 'FundingSourceEdge' },
  ),
  journalEntries: t.drizzleConnection(
    {
      type: 'journalEntries',
      description:
        'The ledger’s entries across the districts served, in the order they occurred (district-wide roles: the auditor’s view).',
      args: { filter: t.arg({ type: JournalEntryFilterInput }) },
      extensions: routeExtension({
        kind: 'fanOutConnection',
        filterArg: 'filter',
        sortFields: { occurredOn: ['occurredOn', 'sortKey'] },
      }),
      totalCount: (_parent, args, ctx) =>
        targetsDistrict(args.filter, ctx)
          ? ctx.district.db.$count(journalEntries, entryCondition(ctx, journalEntries, args.filter))
          : 0,
      resolve: (query, _parent, args, ctx) => {
        if (!targetsDistrict(args.filter, ctx)) return [];
        return ctx.district.db.query.journalEntries.findMany(
          query({
            where: { RAW: (table) => entryCondition(ctx, table, args.filter) },
            orderBy: { occurredOn: 'asc', id: 'asc' },
          }),
        );
      },
    },
    { name: 'JournalEntryConnection' },
    { name: 'JournalEntryEdge' },
  ),
}));

const idempotencyKeyField = {
  required: true,
  description:
    'Chosen by the caller for this request (8–128 characters). Sending the same input again with the same key answers the first result and writes nothing; another input under a used key is refused (IDEMPOTENCY_KEY_REUSED).',
} as const;

const RegisterFundingSourceInput = builder.inputType('RegisterFundingSourceInput', {
  fields: (t) => ({
    districtCode: t.string({ required: true, description: 'The district whose ledger keeps it.' }),
    kind: t.field({ type: FundingSourceKindEnum, required: true }),
    funderName: t.string({
      required: true,
      description:
        'The funder as published: a department, a foundation, an enterprise; 个人捐赠 for a person.',
    }),
    funderUscc: t.string({ description: 'The funder’s unified social credit code, when it has one.' }),
    funderOrganizationId: t.id({ description: 'The funder, when it is an organization of this district.' }),
    reference: t.string({
      required: true,
      description: 'The appropriation, donation or sponsorship agreement.',
    }),
    amountFen: t.field({
      type: 'Fen',
      required: true,
      description: 'The amount committed (in-kind: its value).',
    }),
    committedOn: t.field({ type: 'Date', required: true }),
    inKindDescription: t.string({ description: 'In-kind only, and then required: what is given.' }),
    valuationBasis: t.string({ description: 'In-kind only, and then required: how its value was set.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const RecordFundingReceiptInput = builder.inputType('RecordFundingReceiptInput', {
  fields: (t) => ({
    sourceId: t.id({ required: true }),
    amountFen: t.field({ type: 'Fen', required: true }),
    receivedOn: t.field({ type: 'Date', description: 'Default today; never after it.' }),
    description: t.string(),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const EarmarkFundsInput = builder.inputType('EarmarkFundsInput', {
  fields: (t) => ({
    sourceId: t.id({ required: true }),
    projectId: t.id({ required: true, description: 'An approved project.' }),
    amountFen: t.field({ type: 'Fen', required: true }),
    earmarkedOn: t.field({ type: 'Date', description: 'Default today.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const DisburseTrancheInput = builder.inputType('DisburseTrancheInput', {
  fields: (t) => ({
    sourceId: t.id({ required: true, description: 'The source whose earmark for the project pays.' }),
    trancheId: t.id({ required: true }),
    amountFen: t.field({ type: 'Fen', required: true }),
    paidOn: t.field({ type: 'Date', description: 'Default today.' }),
    description: t.string(),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const ReverseJournalEntryInput = builder.inputType('ReverseJournalEntryInput', {
  fields: (t) => ({
    entryId: t.id({ required: true }),
    reversedOn: t.field({ type: 'Date', description: 'Default today.' }),
    reason: t.string({ required: true }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const idOf = (typename: string, id: string | number, ctx: DistrictContext, field: string) =>
  visibleLocalIdOf(ctx, String(id), typename, ['input', field]);

/** The row key a mutation answers; the payload reads the rest with the caller's selection. */
function rowKey(ctx: DistrictContext, id: number) {
  return { districtCode: ctx.district.districtCode, id };
}

defineMutation('registerFundingSource', {
  type: FundingSourceRef,
  description: 'Register a funding source with its funder and commitment; its ledger accounts open with it.',
  input: RegisterFundingSourceInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    const { districtCode: _district, funderOrganizationId, ...rest } = input;
    const result = await ctx.funds.registerFundingSource({
      ...definedOnly(rest),
      kind: input.kind,
      funderOrganizationId:
        funderOrganizationId == null
          ? null
          : await idOf('SocialOrganization', funderOrganizationId, ctx, 'funderOrganizationId'),
    });
    return rowKey(ctx, result.sourceId) as never;
  },
});

defineMutation('recordFundingReceipt', {
  type: JournalEntryRef,
  description: 'Record money (or in-kind value) a source brings in, within what it committed.',
  input: RecordFundingReceiptInput,
  route: byInputGlobalId('sourceId'),
  resolve: async (input, ctx) => {
    const result = await ctx.funds.recordReceipt({
      ...definedOnly(input),
      sourceId: await idOf('FundingSource', input.sourceId, ctx, 'sourceId'),
    });
    return rowKey(ctx, result.entryId) as never;
  },
});

defineMutation('earmarkFunds', {
  type: FundingEarmarkRef,
  description: 'Set a source’s money aside for one approved project, within the project’s budget.',
  input: EarmarkFundsInput,
  route: byInputGlobalId('sourceId'),
  resolve: async (input, ctx) => {
    const result = await ctx.funds.earmarkFunds({
      ...definedOnly(input),
      sourceId: await idOf('FundingSource', input.sourceId, ctx, 'sourceId'),
      projectId: await idOf('ServiceProject', input.projectId, ctx, 'projectId'),
    });
    return rowKey(ctx, result.earmarkId) as never;
  },
});

defineMutation('disburseTranche', {
  type: JournalEntryRef,
  description:
    'Pay a contract tranche out of the project’s earmark of one source, once its milestone is met; never past the earmark, the tranche or the contract.',
  input: DisburseTrancheInput,
  route: byInputGlobalId('trancheId'),
  resolve: async (input, ctx) => {
    const result = await ctx.funds.disburseTranche({
      ...definedOnly(input),
      sourceId: await idOf('FundingSource', input.sourceId, ctx, 'sourceId'),
      trancheId: await idOf('ContractTranche', input.trancheId, ctx, 'trancheId'),
    });
    return rowKey(ctx, result.entryId) as never;
  },
});

defineMutation('reverseJournalEntry', {
  type: JournalEntryRef,
  description: 'Undo an entry by a new entry of the opposite lines, at most once, with the reason.',
  input: ReverseJournalEntryInput,
  route: byInputGlobalId('entryId'),
  resolve: async (input, ctx) => {
    const result = await ctx.funds.reverseEntry({
      ...definedOnly(input),
      entryId: await idOf('JournalEntry', input.entryId, ctx, 'entryId'),
    });
    return rowKey(ctx, result.entryId) as never;
  },
});
