import {
  type CatalogueFilter,
  journalEntries,
  journalLines,
  type PointsHolder,
  STATEMENT_PAGE_LIMIT,
  visibleTimeBankAccounts,
} from '@sanshe/core';
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder, type SharedNodeRef } from '../../builder.js';
import {
  compiledJson,
  compiledJsonField,
  compiledPlannedRelation,
  compiledValue,
  globalIdSQL,
} from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { decodeGlobalId, encodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { filterLocalIdOf, localIdOf, visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputDivisionCode, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { LedgerUnitEnum } from '../service-chain/chain-enums.js';
import { timeBankAccountsVisibleTo, timeBankExchangesVisibleTo } from '../visibility.js';
import { VolunteerRef } from '../volunteers/volunteer-nodes.js';
import {
  CatalogueItemKindEnum,
  FamilyRelationEnum,
  TimeBankAccountKindEnum,
  TimeBankEntryKindEnum,
  TransferReasonEnum,
} from './time-bank-enums.js';

/**
 * The time bank and participation points (积分制, 时间银行; docs/domain.md §5.5) over core's
 * time-bank service: accounts with their statements, the public exchange catalogue, exchanges,
 * transfers, the district's totals, and the six writes. Points and minutes are whole numbers on
 * the district's one ledger, beside (never among) the service chain's money. Every write carries
 * the caller's idempotency key, as the funds mutations do.
 */

const globalIdOr = (typename: string, districtCode: string, id: number | null) =>
  id === null ? null : encodeGlobalId(typename, districtCode, id);

const StatementLineRef = builder
  .objectRef<{
    lineId: number;
    entryId: number;
    entryKind: string;
    occurredOn: string;
    description: string;
    amount: number;
    reversesEntryId: number | null;
  }>('TimeBankStatementLine')
  .implement({
    description: 'One line of a time-bank account: a signed amount in the account’s unit, with its entry.',
    fields: (t) => ({
      entryKind: t.field({
        type: TimeBankEntryKindEnum,
        resolve: (line) => line.entryKind as 'points_earning',
        extensions: compiledJsonField(),
      }),
      occurredOn: t.expose('occurredOn', { type: 'Date' }),
      description: t.exposeString('description'),
      amount: t.exposeInt('amount', { description: 'Positive into the account, negative out of it.' }),
      reversal: t.boolean({
        description: 'Whether the entry undoes another.',
        resolve: (line) => line.reversesEntryId !== null,
        extensions: compiledJsonField(),
      }),
    }),
  });

const StatementRef = builder
  .objectRef<{ totalLines: number; lines: { lineId: number }[] }>('TimeBankStatement')
  .implement({
    description: 'A page of an account’s lines, newest first.',
    fields: (t) => ({
      totalLines: t.exposeInt('totalLines'),
      lines: t.field({
        type: [StatementLineRef],
        resolve: (statement) => statement.lines as never,
        extensions: compiledJson((statement: SQL) => sql`(${statement} -> 'lines')`),
      }),
    }),
  });

/**
 * Core's statement read in SQL, for the compiled path: the page of the account's lines, newest
 * first, with their entries, and how many lines it has; null when the caller may not see the
 * account. The page's bounds are clamped as core clamps them.
 */
function statementSQL(
  // biome-ignore lint/suspicious/noExplicitAny: the account's table, an alias
  account: any,
  ctx: DistrictContext,
  args: { limit?: number | null; offset?: number | null },
): SQL {
  const limit = Math.min(Math.max(Math.trunc(args.limit ?? 50), 1), STATEMENT_PAGE_LIMIT);
  const offset = Math.max(Math.trunc(args.offset ?? 0), 0);
  const line = alias(journalLines, 'statement_line');
  const entry = alias(journalEntries, 'statement_entry');
  const counted = alias(journalLines, 'statement_counted');
  const ofAccount = sql`${line.districtCode} = ${account.districtCode} and ${line.accountId} = ${account.id}`;
  const page = sql`(select ${line.id} as line_id, ${line.entryId} as entry_id, ${line.amount} as amount,
      ${entry.kind} as kind, ${entry.occurredOn} as occurred_on, ${entry.description} as description,
      ${entry.reversesEntryId} as reverses_entry_id
    from ${journalLines} ${line}
    join ${journalEntries} ${entry} on ${entry.districtCode} = ${line.districtCode} and ${entry.id} = ${line.entryId}
    where ${ofAccount}
    order by ${line.entryId} desc, ${line.id} desc
    limit ${sql.raw(String(limit))} offset ${sql.raw(String(offset))})`;
  return sql`(case when ${visibleTimeBankAccounts(ctx.actor, ctx.district.districtCode, account)} then jsonb_build_object(
    'totalLines', (select count(*) from ${journalLines} ${counted}
      where ${counted.districtCode} = ${account.districtCode} and ${counted.accountId} = ${account.id}),
    'lines', (select coalesce(jsonb_agg(jsonb_build_object('entryKind', p.kind, 'occurredOn', p.occurred_on,
        'description', p.description, 'amount', p.amount, 'reversal', p.reverses_entry_id is not null)
        order by p.entry_id desc, p.line_id desc), '[]'::jsonb)
      from ${page} as p)) end)`;
}

// A variant of the ledger's accounts: the same table as funds' LedgerAccount, its own type.
export const TimeBankAccountRef: SharedNodeRef<'ledgerAccounts', { districtCode: string; id: number }> =
  builder.drizzleNode('ledgerAccounts', {
    variant: 'TimeBankAccount',
    description:
      'An account of the time bank on the district’s ledger: a volunteer’s points or minutes, a pool of points, or the bank’s own side. Its balance is the sum of its lines, never below its floor.',
    id: { column: (row) => [row.districtCode, row.id] },
    select: { columns: { districtCode: true, id: true } },
    fields: (t) => ({
      kind: t.field({
        type: TimeBankAccountKindEnum,
        select: { columns: { kind: true } },
        resolve: (row) => row.kind as 'volunteer',
      }),
      unit: t.field({
        type: LedgerUnitEnum,
        select: { columns: { unit: true } },
        resolve: (row) => row.unit as 'points',
      }),
      balance: t.exposeInt('balance', { description: 'In the account’s unit (points or minutes).' }),
      floor: t.exposeInt('floor', {
        nullable: true,
        description: 'The balance never goes below it; null for none.',
      }),
      openedOn: t.expose('openedOn', { type: 'Date' }),
      owner: t.id({
        nullable: true,
        description:
          'The global ID of its owner: a Volunteer, a VolunteerTeam, a Community or a SocialOrganization; null for the bank’s own side.',
        select: { columns: { volunteerId: true, teamId: true, communityId: true, organizationId: true } },
        resolve: (row) =>
          globalIdOr('Volunteer', row.districtCode, row.volunteerId) ??
          globalIdOr('VolunteerTeam', row.districtCode, row.teamId) ??
          globalIdOr('Community', row.districtCode, row.communityId) ??
          globalIdOr('SocialOrganization', row.districtCode, row.organizationId),
        extensions: compiledValue(
          (row) => sql`coalesce(${globalIdSQL('Volunteer', row.districtCode, row.volunteerId)},
            ${globalIdSQL('VolunteerTeam', row.districtCode, row.teamId)},
            ${globalIdSQL('Community', row.districtCode, row.communityId)},
            ${globalIdSQL('SocialOrganization', row.districtCode, row.organizationId)})`,
        ),
      }),
      statement: t.field({
        type: StatementRef,
        nullable: true,
        description: 'A page of the account’s lines, newest first (at most 200).',
        args: { limit: t.arg.int({ defaultValue: 50 }), offset: t.arg.int({ defaultValue: 0 }) },
        resolve: (row, args, ctx) =>
          ctx.timeBank.statement(row.id, { limit: args.limit ?? 50, offset: args.offset ?? 0 }) as never,
        extensions: compiledJson((row, ctx, args: { limit?: number | null; offset?: number | null }) =>
          statementSQL(row, ctx, args),
        ),
      }),
    }),
  });

export const TimeBankCatalogueItemRef: SharedNodeRef<
  'timeBankCatalogueItems',
  { districtCode: string; id: number }
> = builder.drizzleNode('timeBankCatalogueItems', {
  name: 'TimeBankCatalogueItem',
  description:
    'An item of the exchange catalogue (积分兑换目录): a service or goods a community or an organization offers for points. Public.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders items across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    kind: t.field({
      type: CatalogueItemKindEnum,
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as 'goods',
    }),
    providerCommunityId: t.id({
      nullable: true,
      select: { columns: { providerCommunityId: true } },
      resolve: (row) => globalIdOr('Community', row.districtCode, row.providerCommunityId),
      extensions: compiledValue((row) => globalIdSQL('Community', row.districtCode, row.providerCommunityId)),
    }),
    providerOrganizationId: t.id({
      nullable: true,
      select: { columns: { providerOrganizationId: true } },
      resolve: (row) => globalIdOr('SocialOrganization', row.districtCode, row.providerOrganizationId),
      extensions: compiledValue((row) =>
        globalIdSQL('SocialOrganization', row.districtCode, row.providerOrganizationId),
      ),
    }),
    pricePoints: t.exposeInt('pricePoints'),
    stock: t.exposeInt('stock', {
      nullable: true,
      description: 'Units left; null for a service offered without limit.',
    }),
    listedOn: t.expose('listedOn', { type: 'Date' }),
    withdrawnOn: t.expose('withdrawnOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version'),
  }),
});

const TimeBankExchangeRef = builder.drizzleNode('timeBankExchanges', {
  name: 'TimeBankExchange',
  description: 'An exchange of a volunteer’s points for units of a catalogue item.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    itemId: t.id({
      select: { columns: { itemId: true } },
      resolve: (row) => encodeGlobalId('TimeBankCatalogueItem', row.districtCode, row.itemId),
      extensions: compiledValue((row) => globalIdSQL('TimeBankCatalogueItem', row.districtCode, row.itemId)),
    }),
    volunteerId: t.id({
      select: { columns: { volunteerId: true } },
      resolve: (row) => encodeGlobalId('Volunteer', row.districtCode, row.volunteerId),
      extensions: compiledValue((row) => globalIdSQL('Volunteer', row.districtCode, row.volunteerId)),
    }),
    quantity: t.exposeInt('quantity'),
    points: t.exposeInt('points'),
    exchangedOn: t.expose('exchangedOn', { type: 'Date' }),
  }),
});

const TimeBankTransferRef = builder.drizzleNode('timeBankTransfers', {
  name: 'TimeBankTransfer',
  description:
    'A transfer of points between two accounts: to family, between a volunteer and a team pool, an award or a donation.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    fromAccountId: t.id({
      select: { columns: { fromAccountId: true } },
      resolve: (row) => encodeGlobalId('TimeBankAccount', row.districtCode, row.fromAccountId),
      extensions: compiledValue((row) => globalIdSQL('TimeBankAccount', row.districtCode, row.fromAccountId)),
    }),
    toAccountId: t.id({
      select: { columns: { toAccountId: true } },
      resolve: (row) => encodeGlobalId('TimeBankAccount', row.districtCode, row.toAccountId),
      extensions: compiledValue((row) => globalIdSQL('TimeBankAccount', row.districtCode, row.toAccountId)),
    }),
    points: t.exposeInt('points'),
    reason: t.field({
      type: TransferReasonEnum,
      select: { columns: { reason: true } },
      resolve: (row) => row.reason as 'family',
    }),
    relation: t.field({
      type: FamilyRelationEnum,
      nullable: true,
      select: { columns: { relation: true } },
      resolve: (row) => row.relation as 'spouse' | null,
    }),
    transferredOn: t.expose('transferredOn', { type: 'Date' }),
  }),
});

const TotalsRef = builder
  .objectRef<{
    pointsIssued: number;
    pointsRedeemed: number;
    pointsOutstanding: number;
    minutesBanked: number;
  }>('TimeBankTotals')
  .implement({
    description: 'What the district’s time bank holds (public aggregates).',
    fields: (t) => ({
      pointsIssued: t.exposeInt('pointsIssued', {
        description: 'Earned for certified service, less reversals.',
      }),
      pointsRedeemed: t.exposeInt('pointsRedeemed', {
        description: 'Exchanged for catalogue items, less reversals.',
      }),
      pointsOutstanding: t.exposeInt('pointsOutstanding', { description: 'Held by volunteers and pools.' }),
      minutesBanked: t.exposeInt('minutesBanked', { description: 'Minutes of certified service banked.' }),
    }),
  });

/**
 * A volunteer's account in one unit, read with the volunteer (a page of volunteers reads them in
 * its statement, and the field compiles): visible as core's time-bank reads say.
 */
function volunteerAccountField(
  // biome-ignore lint/suspicious/noExplicitAny: the field builder of the Volunteer type
  t: any,
  unit: 'points' | 'minutes',
  description: string,
) {
  return t.field({
    type: TimeBankAccountRef,
    nullable: true,
    description,
    select: (_args: unknown, ctx: DistrictContext, nestedSelection: (query: unknown) => unknown) => ({
      with: {
        timeBankAccounts: nestedSelection({
          where: { kind: 'volunteer', unit, ...timeBankAccountsVisibleTo(ctx) },
          limit: 1,
        }),
      },
    }),
    resolve: (row: { timeBankAccounts: unknown[] }) => row.timeBankAccounts[0] ?? null,
    extensions: compiledPlannedRelation(),
  });
}

builder.drizzleObjectFields(VolunteerRef, (t) => ({
  exchanges: t.field({
    type: [TimeBankExchangeRef],
    description: 'The volunteer’s exchanges of points for catalogue items the caller may see, newest first.',
    select: (_args, ctx, nestedSelection) => ({
      with: {
        timeBankExchanges: nestedSelection({
          where: timeBankExchangesVisibleTo(ctx),
          orderBy: { exchangedOn: 'desc', id: 'desc' },
        }),
      },
    }),
    resolve: (row) => row.timeBankExchanges,
    extensions: compiledPlannedRelation(),
  }),
  pointsAccount: volunteerAccountField(
    t,
    'points',
    'The volunteer’s points in the time bank; null before any or when the caller may not see it.',
  ),
  minutesAccount: volunteerAccountField(
    t,
    'minutes',
    'The minutes of certified service the volunteer banked.',
  ),
}));

const CatalogueFilterInput = builder.inputType('TimeBankCatalogueFilter', {
  description: 'Narrows the catalogue.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    kind: t.field({ type: CatalogueItemKindEnum }),
    providerCommunityId: t.id(),
    providerOrganizationId: t.id(),
    includeWithdrawn: t.boolean({ description: 'Withdrawn items too (default: only items on offer).' }),
  }),
});

builder.queryFields((t) => ({
  timeBankCatalogue: t.field({
    type: [TimeBankCatalogueItemRef],
    description:
      'The exchange catalogue of the districts served (public): items on offer, oldest listing first.',
    args: { filter: t.arg({ type: CatalogueFilterInput }) },
    extensions: routeExtension({ kind: 'fanOutList', filterArg: 'filter' }),
    resolve: async (_root, args, ctx) => {
      const { districtCode } = ctx.district;
      if (args.filter?.districtCode != null && args.filter.districtCode !== districtCode) return [];
      const providerCommunityId = filterLocalIdOf(
        args.filter?.providerCommunityId,
        'Community',
        districtCode,
        ['filter', 'providerCommunityId'],
      );
      const providerOrganizationId = filterLocalIdOf(
        args.filter?.providerOrganizationId,
        'SocialOrganization',
        districtCode,
        ['filter', 'providerOrganizationId'],
      );
      // A provider of another district: that district answers; this one offers nothing of it.
      if (providerCommunityId === undefined || providerOrganizationId === undefined) return [];
      const filter: CatalogueFilter = {
        kind: args.filter?.kind ?? null,
        providerCommunityId,
        providerOrganizationId,
        includeWithdrawn: args.filter?.includeWithdrawn ?? false,
      };
      return (await ctx.timeBank.catalogue(filter)) as never;
    },
  }),
  timeBankTotals: t.field({
    type: TotalsRef,
    description:
      'What the district’s time bank holds: points issued, redeemed and outstanding, minutes banked (public).',
    args: { districtCode: t.arg.string({ required: true }) },
    extensions: routeExtension({ kind: 'code', argPath: ['districtCode'] }),
    resolve: (_root, args, ctx) => {
      assertOwnDistrict(args.districtCode, ctx);
      return ctx.timeBank.totals();
    },
  }),
}));

const idempotencyKeyField = {
  required: true,
  description:
    'Chosen by the caller for this request (8–128 characters). Sending the same input again with the same key answers the first result and writes nothing; another input under a used key is refused (IDEMPOTENCY_KEY_REUSED).',
} as const;

const ListCatalogueItemInput = builder.inputType('ListCatalogueItemInput', {
  fields: (t) => ({
    districtCode: t.string({ required: true }),
    name: t.string({ required: true, description: 'Published: no personal data.' }),
    description: t.string(),
    kind: t.field({ type: CatalogueItemKindEnum, required: true }),
    providerCommunityId: t.id({ description: 'Exactly one provider: a community …' }),
    providerOrganizationId: t.id({ description: '… or an organization.' }),
    pricePoints: t.int({ required: true }),
    stock: t.int({ description: 'Units on offer; none for a service offered without limit.' }),
    listedOn: t.field({ type: 'Date', description: 'Default today; never after it.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const RestockCatalogueItemInput = builder.inputType('RestockCatalogueItemInput', {
  fields: (t) => ({
    itemId: t.id({ required: true }),
    quantity: t.int({ required: true }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const WithdrawCatalogueItemInput = builder.inputType('WithdrawCatalogueItemInput', {
  fields: (t) => ({
    itemId: t.id({ required: true }),
    withdrawnOn: t.field({ type: 'Date', description: 'Default today.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const ExchangePointsInput = builder.inputType('ExchangePointsInput', {
  fields: (t) => ({
    volunteerId: t.id({ required: true }),
    itemId: t.id({ required: true }),
    quantity: t.int({ description: 'Default 1.' }),
    exchangedOn: t.field({ type: 'Date', description: 'Default today.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const PointsHolderInput = builder.inputType('PointsHolderInput', {
  description: 'Who holds points: exactly one of a volunteer, a team, a community or an organization.',
  fields: (t) => ({
    volunteerId: t.id(),
    teamId: t.id(),
    communityId: t.id(),
    organizationId: t.id(),
  }),
});

const TransferPointsInput = builder.inputType('TransferPointsInput', {
  fields: (t) => ({
    districtCode: t.string({ required: true }),
    from: t.field({ type: PointsHolderInput, required: true }),
    to: t.field({ type: PointsHolderInput, required: true }),
    points: t.int({ required: true }),
    reason: t.field({ type: TransferReasonEnum, required: true }),
    relation: t.field({
      type: FamilyRelationEnum,
      description: 'For a family transfer only, and then required.',
    }),
    transferredOn: t.field({ type: 'Date', description: 'Default today.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const ReverseTimeBankEntryInput = builder.inputType('ReverseTimeBankEntryInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The TimeBankExchange or TimeBankTransfer to undo.' }),
    reason: t.string({ required: true }),
    reversedOn: t.field({ type: 'Date', description: 'Default today.' }),
    idempotencyKey: t.string(idempotencyKeyField),
  }),
});

const ReversalRef = builder
  .objectRef<{ reversed: string; occurredOn: string }>('TimeBankReversal')
  .implement({
    description: 'A reversal of an exchange (its item restocked) or a transfer.',
    fields: (t) => ({
      reversed: t.exposeID('reversed', { description: 'The exchange or transfer undone.' }),
      occurredOn: t.field({ type: 'Date', resolve: (reversal) => reversal.occurredOn }),
    }),
  });

const idOf = (typename: string, id: string | number, ctx: DistrictContext, path: (string | number)[]) =>
  visibleLocalIdOf(ctx, String(id), typename, path);

function rowKey(ctx: DistrictContext, id: number) {
  return { districtCode: ctx.district.districtCode, id };
}

/** A holder from the input, each ID checked by its type's read rule. */
async function holderOf(
  input: {
    volunteerId?: string | number | null;
    teamId?: string | number | null;
    communityId?: string | number | null;
    organizationId?: string | number | null;
  },
  ctx: DistrictContext,
  field: 'from' | 'to',
): Promise<PointsHolder> {
  const named = Object.entries(input).filter(([, value]) => value != null);
  if (named.length !== 1) return {} as PointsHolder; // core refuses it with VALIDATION_FAILED
  const [key, value] = named[0] as [keyof typeof input, string];
  const typename = {
    volunteerId: 'Volunteer',
    teamId: 'VolunteerTeam',
    communityId: 'Community',
    organizationId: 'SocialOrganization',
  }[key];
  const path = ['input', field, key];
  const id =
    key === 'communityId'
      ? localIdOf(String(value), typename, ctx.district.districtCode, path)
      : await idOf(typename, value, ctx, path);
  return { [key]: id } as PointsHolder;
}

defineMutation('listCatalogueItem', {
  type: TimeBankCatalogueItemRef,
  description: 'List a service or goods a community or an organization offers for points.',
  input: ListCatalogueItemInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    const { districtCode, providerCommunityId, providerOrganizationId, ...rest } = input;
    const result = await ctx.timeBank.listCatalogueItem({
      ...definedOnly(rest),
      kind: input.kind,
      providerCommunityId:
        providerCommunityId == null
          ? null
          : localIdOf(String(providerCommunityId), 'Community', districtCode, [
              'input',
              'providerCommunityId',
            ]),
      providerOrganizationId:
        providerOrganizationId == null
          ? null
          : await idOf('SocialOrganization', providerOrganizationId, ctx, [
              'input',
              'providerOrganizationId',
            ]),
    });
    return rowKey(ctx, result.itemId) as never;
  },
});

defineMutation('restockCatalogueItem', {
  type: TimeBankCatalogueItemRef,
  description: 'Add units to an item offered in limited stock.',
  input: RestockCatalogueItemInput,
  route: byInputGlobalId('itemId'),
  resolve: async (input, ctx) => {
    const result = await ctx.timeBank.restockCatalogueItem({
      ...definedOnly(input),
      itemId: await idOf('TimeBankCatalogueItem', input.itemId, ctx, ['input', 'itemId']),
    });
    return rowKey(ctx, result.itemId) as never;
  },
});

defineMutation('withdrawCatalogueItem', {
  type: TimeBankCatalogueItemRef,
  description: 'Stop offering an item; its exchanges stay.',
  input: WithdrawCatalogueItemInput,
  route: byInputGlobalId('itemId'),
  resolve: async (input, ctx) => {
    const result = await ctx.timeBank.withdrawCatalogueItem({
      ...definedOnly(input),
      itemId: await idOf('TimeBankCatalogueItem', input.itemId, ctx, ['input', 'itemId']),
    });
    return rowKey(ctx, result.itemId) as never;
  },
});

defineMutation('exchangePoints', {
  type: TimeBankExchangeRef,
  description:
    'Exchange a volunteer’s points for units of a catalogue item: never below the account’s floor (INSUFFICIENT_BALANCE) nor beyond the stock (INSUFFICIENT_STOCK).',
  input: ExchangePointsInput,
  route: byInputGlobalId('volunteerId'),
  resolve: async (input, ctx) => {
    const result = await ctx.timeBank.exchangePoints({
      ...definedOnly(input),
      volunteerId: await idOf('Volunteer', input.volunteerId, ctx, ['input', 'volunteerId']),
      itemId: await idOf('TimeBankCatalogueItem', input.itemId, ctx, ['input', 'itemId']),
    });
    return rowKey(ctx, result.exchangeId!) as never;
  },
});

defineMutation('transferPoints', {
  type: TimeBankTransferRef,
  description:
    'Transfer points between two accounts as the time-bank policy allows (TRANSFER_NOT_ALLOWED otherwise).',
  input: TransferPointsInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    const { districtCode: _district, from, to, ...rest } = input;
    const result = await ctx.timeBank.transferPoints({
      ...definedOnly(rest),
      reason: input.reason,
      from: await holderOf(from, ctx, 'from'),
      to: await holderOf(to, ctx, 'to'),
    });
    return rowKey(ctx, result.transferId!) as never;
  },
});

defineMutation('reverseTimeBankEntry', {
  type: ReversalRef,
  description:
    'Undo an exchange (restocking its item) or a transfer by a reversal entry, at most once, with the reason.',
  input: ReverseTimeBankEntryInput,
  route: byInputGlobalId('id'),
  inputNames: { exchangeId: 'id', transferId: 'id' },
  resolve: async (input, ctx) => {
    const typename = (() => {
      try {
        return decodeGlobalId(String(input.id)).typename;
      } catch {
        return 'TimeBankExchange';
      }
    })();
    const kind = typename === 'TimeBankTransfer' ? 'transferId' : 'exchangeId';
    const id = await idOf(kind === 'transferId' ? 'TimeBankTransfer' : 'TimeBankExchange', input.id, ctx, [
      'input',
      'id',
    ]);
    const { id: _id, ...rest } = input;
    const result = await ctx.timeBank.reverseTimeBankEntry({ ...definedOnly(rest), [kind]: id });
    return { reversed: String(input.id), occurredOn: result.occurredOn };
  },
});
