import { builder } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputDivisionCode, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import {
  CreditCategoryEnum,
  CreditListEnum,
  CreditProcedureKindEnum,
  CreditProcedureStatusEnum,
  ListingReasonEnum,
  ListRemovalReasonEnum,
} from './organization-enums.js';

/**
 * Credit information (社会组织信用信息管理办法): records, the two lists, objections and credit
 * repair, with the mutations that write them.
 */
const CreditRecordRef = builder.drizzleNode('organizationCreditRecords', {
  name: 'OrganizationCreditRecord',
  description: 'A piece of credit information (信用信息) about an organization.',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    category: t.field({
      type: CreditCategoryEnum,
      resolve: (row) => row.category as 'basic',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.category),
    }),
    kind: t.exposeString('kind'),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    summary: t.exposeString('summary'),
    source: t.exposeString('source', { description: 'The document the record comes from.' }),
    withdrawnOn: t.expose('withdrawnOn', {
      type: 'Date',
      nullable: true,
      description: 'Set when an objection against the record was upheld.',
    }),
  }),
});

const ListEntryRef = builder.drizzleNode('organizationListEntries', {
  name: 'OrganizationListEntry',
  description: 'A stay on the abnormal-activity list or the serious dishonesty list.',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    list: t.field({
      type: CreditListEnum,
      resolve: (row) => row.list as 'abnormal_activity',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.list),
    }),
    reason: t.field({
      type: ListingReasonEnum,
      resolve: (row) => row.reason as 'other',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.reason),
    }),
    reasonDetail: t.exposeString('reasonDetail', { nullable: true }),
    listedOn: t.expose('listedOn', { type: 'Date' }),
    removedOn: t.expose('removedOn', { type: 'Date', nullable: true }),
    removalReason: t.field({
      type: ListRemovalReasonEnum,
      nullable: true,
      resolve: (row) => row.removalReason as 'rectified' | null,
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.removalReason),
    }),
    version: t.exposeInt('version'),
    organization: t.relation('organization'),
  }),
});

const CreditProcedureRef = builder.drizzleNode('organizationCreditProcedures', {
  name: 'OrganizationCreditProcedure',
  description: 'An objection (异议) or a credit repair application (信用修复) and its decision.',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    kind: t.field({
      type: CreditProcedureKindEnum,
      resolve: (row) => row.kind as 'objection',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.kind),
    }),
    status: t.field({
      type: CreditProcedureStatusEnum,
      resolve: (row) => row.status as 'pending',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.status),
    }),
    filedOn: t.expose('filedOn', { type: 'Date' }),
    grounds: t.exposeString('grounds'),
    decidedOn: t.expose('decidedOn', { type: 'Date', nullable: true }),
    decisionNote: t.exposeString('decisionNote', { nullable: true }),
    version: t.exposeInt('version'),
    listEntry: t.relation('listEntry', { nullable: true }),
    creditRecord: t.relation('creditRecord', { nullable: true }),
    organization: t.relation('organization'),
  }),
});

const RecordCreditInformationInput = builder.inputType('RecordCreditInformationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    category: t.field({ type: CreditCategoryEnum, required: true }),
    kind: t.string({
      required: true,
      description: 'A finer code, e.g. annual_report_passed, penalty_fine, award.',
    }),
    occurredOn: t.field({ type: 'Date', required: true }),
    summary: t.string({ required: true }),
    source: t.string({ required: true, description: 'The document the information comes from.' }),
  }),
});

const ExemptionStatementInput = builder.inputType('ExemptionStatementInput', {
  description:
    'A written statement by the competent unit that the organization bears no direct responsibility (社会组织信用信息管理办法 第十一条、第十五条): the organization is then not listed (LISTING_EXEMPTED).',
  fields: (t) => ({
    issuedBy: t.string({ required: true, description: 'The unit that wrote it.' }),
    reference: t.string({ required: true, description: 'Its document number or reference.' }),
    issuedOn: t.field({ type: 'Date', required: true }),
  }),
});

const ListOrganizationInput = builder.inputType('ListOrganizationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    list: t.field({ type: CreditListEnum, required: true }),
    reason: t.field({
      type: ListingReasonEnum,
      required: true,
      description:
        'A reason of the chosen list only: 第十条 for ABNORMAL_ACTIVITY, 第十四条 for SERIOUS_DISHONESTY (OTHER for either).',
    }),
    reasonDetail: t.string(),
    listedOn: t.field({
      type: 'Date',
      description: 'On a list the organization is already on, a new circumstance: the clock restarts.',
    }),
    exemptionStatement: t.field({ type: ExemptionStatementInput }),
  }),
});

const ListRemovalEnum = builder.enumType('ListRemoval', {
  description: 'The removals a bureau decides directly (others follow procedures or escalation).',
  values: {
    RECTIFIED: { value: 'rectified', description: '已履行义务或完成整改 (第十三条)' },
    TERM_SERVED: {
      value: 'term_served',
      description: '期满移出: 活动异常名录无整改事项满6个月 (第十三条); 严重违法失信名单满2年 (第十七条)',
    },
  } as const,
});

const RemoveFromListInput = builder.inputType('RemoveFromListInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The list entry.' }),
    removedOn: t.field({ type: 'Date', required: true }),
    removalReason: t.field({ type: ListRemovalEnum, required: true }),
    expectedVersion: t.int(),
  }),
});

const EscalateOverdueListingsInput = builder.inputType('EscalateOverdueListingsInput', {
  fields: (t) => ({
    districtCode: t.string({ required: true }),
    on: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const FileObjectionInput = builder.inputType('FileObjectionInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    listEntryId: t.id({ description: 'The list entry objected to (or give creditRecordId).' }),
    creditRecordId: t.id({ description: 'The credit record objected to.' }),
    grounds: t.string({ required: true }),
    filedOn: t.field({ type: 'Date' }),
  }),
});

const ApplyForCreditRepairInput = builder.inputType('ApplyForCreditRepairInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    listEntryId: t.id({ required: true }),
    grounds: t.string({ required: true }),
    filedOn: t.field({ type: 'Date' }),
  }),
});

const DecideCreditProcedureInput = builder.inputType('DecideCreditProcedureInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The objection or credit repair application.' }),
    accepted: t.boolean({ required: true }),
    decidedOn: t.field({ type: 'Date', required: true }),
    note: t.string({ required: true }),
    expectedVersion: t.int(),
  }),
});

const idOf = (typename: string, id: string | number, ctx: DistrictContext, field: string) =>
  visibleLocalIdOf(ctx, String(id), typename, ['input', field]);
const optionalIdOf = async (
  typename: string,
  id: string | number | null | undefined,
  ctx: DistrictContext,
  field: string,
) => (id == null ? undefined : idOf(typename, id, ctx, field));

const EscalationResultRef = builder.objectRef<{ moved: unknown[] }>('EscalationResult').implement({
  description: 'The entries moved from the abnormal-activity list to the dishonesty list.',
  fields: (t) => ({
    moved: t.field({ type: [ListEntryRef], resolve: (result) => result.moved as never }),
  }),
});

defineMutation('recordCreditInformation', {
  type: CreditRecordRef,
  description: 'Record credit information; a penalty also enters the status history.',
  input: RecordCreditInformationInput,
  route: byInputGlobalId('organizationId'),
  resolve: async (input, ctx) =>
    ctx.credit.recordCreditInformation({
      ...input,
      organizationId: await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
    }),
});

defineMutation('listOrganization', {
  type: ListEntryRef,
  description: 'Put an organization on the abnormal-activity or the dishonesty list.',
  input: ListOrganizationInput,
  route: byInputGlobalId('organizationId'),
  resolve: async (input, ctx) =>
    ctx.credit.listOrganization({
      ...definedOnly(input),
      organizationId: await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
    }),
});

defineMutation('removeFromList', {
  type: ListEntryRef,
  description: 'Remove an organization from a list after rectification, or when its term is served.',
  input: RemoveFromListInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.credit.removeFromList({
      ...definedOnly(input),
      entryId: await idOf('OrganizationListEntry', input.id, ctx, 'id'),
    }),
});

defineMutation('escalateOverdueListings', {
  type: EscalationResultRef,
  description:
    'Move every organization on the abnormal-activity list for the policy’s term (2 years) to the dishonesty list. Idempotent.',
  input: EscalateOverdueListingsInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    return ctx.credit.escalateOverdueListings(input.on ?? undefined);
  },
});

defineMutation('fileObjection', {
  type: CreditProcedureRef,
  description: 'File an objection (异议) to a list entry or a credit record.',
  input: FileObjectionInput,
  route: byInputGlobalId('organizationId'),
  resolve: async (input, ctx) =>
    ctx.credit.fileObjection({
      organizationId: await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
      listEntryId: await optionalIdOf('OrganizationListEntry', input.listEntryId, ctx, 'listEntryId'),
      creditRecordId: await optionalIdOf(
        'OrganizationCreditRecord',
        input.creditRecordId,
        ctx,
        'creditRecordId',
      ),
      grounds: input.grounds,
      ...(input.filedOn ? { filedOn: input.filedOn } : {}),
    }),
});

defineMutation('decideObjection', {
  type: CreditProcedureRef,
  description: 'Decide an objection; an accepted one corrects the record.',
  input: DecideCreditProcedureInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.credit.decideObjection({
      ...definedOnly(input),
      procedureId: await idOf('OrganizationCreditProcedure', input.id, ctx, 'id'),
    }),
});

defineMutation('applyForCreditRepair', {
  type: CreditProcedureRef,
  description: 'Apply for credit repair (信用修复) of an open list entry.',
  input: ApplyForCreditRepairInput,
  route: byInputGlobalId('organizationId'),
  resolve: async (input, ctx) =>
    ctx.credit.applyForCreditRepair({
      organizationId: await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
      listEntryId: await idOf('OrganizationListEntry', input.listEntryId, ctx, 'listEntryId'),
      grounds: input.grounds,
      ...(input.filedOn ? { filedOn: input.filedOn } : {}),
    }),
});

defineMutation('decideCreditRepair', {
  type: CreditProcedureRef,
  description: 'Decide a credit repair application; an accepted one removes the organization from the list.',
  input: DecideCreditProcedureInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.credit.decideCreditRepair({
      ...definedOnly(input),
      procedureId: await idOf('OrganizationCreditProcedure', input.id, ctx, 'id'),
    }),
});
