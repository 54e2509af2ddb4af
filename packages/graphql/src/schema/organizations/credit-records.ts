import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { expectFailures } from '../error-types.js';
import { errorsNamed } from '../hierarchy/unit-mutations.js';
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
    category: t.field({ type: CreditCategoryEnum, resolve: (row) => row.category as 'basic' }),
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
    list: t.field({ type: CreditListEnum, resolve: (row) => row.list as 'abnormal_activity' }),
    reason: t.field({ type: ListingReasonEnum, resolve: (row) => row.reason as 'other' }),
    reasonDetail: t.exposeString('reasonDetail', { nullable: true }),
    listedOn: t.expose('listedOn', { type: 'Date' }),
    removedOn: t.expose('removedOn', { type: 'Date', nullable: true }),
    removalReason: t.field({
      type: ListRemovalReasonEnum,
      nullable: true,
      resolve: (row) => row.removalReason as 'rectified' | null,
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
    kind: t.field({ type: CreditProcedureKindEnum, resolve: (row) => row.kind as 'objection' }),
    status: t.field({ type: CreditProcedureStatusEnum, resolve: (row) => row.status as 'pending' }),
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

const ListOrganizationInput = builder.inputType('ListOrganizationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    list: t.field({ type: CreditListEnum, required: true }),
    reason: t.field({ type: ListingReasonEnum, required: true }),
    reasonDetail: t.string(),
    listedOn: t.field({ type: 'Date' }),
  }),
});

const ListRemovalEnum = builder.enumType('ListRemoval', {
  description: 'The removals a bureau decides directly (others follow procedures or escalation).',
  values: {
    RECTIFIED: { value: 'rectified', description: '已整改' },
    TERM_SERVED: { value: 'term_served', description: '期满移出' },
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

builder.mutationFields((t) => ({
  recordCreditInformation: t.field({
    type: CreditRecordRef,
    nullable: false,
    description: 'Record credit information; a penalty also enters the status history.',
    args: { input: t.arg({ type: RecordCreditInformationInput, required: true }) },
    errors: errorsNamed('RecordCreditInformation'),
    extensions: byInputGlobalId('organizationId'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.credit.recordCreditInformation({
          ...input,
          organizationId: await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
        }),
      ),
  }),
  listOrganization: t.field({
    type: ListEntryRef,
    nullable: false,
    description: 'Put an organization on the abnormal-activity or the dishonesty list.',
    args: { input: t.arg({ type: ListOrganizationInput, required: true }) },
    errors: errorsNamed('ListOrganization'),
    extensions: byInputGlobalId('organizationId'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.credit.listOrganization({
          ...definedOnly(input),
          organizationId: await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
        }),
      ),
  }),
  removeFromList: t.field({
    type: ListEntryRef,
    nullable: false,
    description: 'Remove an organization from a list after rectification, or when its term is served.',
    args: { input: t.arg({ type: RemoveFromListInput, required: true }) },
    errors: errorsNamed('RemoveFromList'),
    extensions: byInputGlobalId('id'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.credit.removeFromList({
          ...definedOnly(input),
          entryId: await idOf('OrganizationListEntry', input.id, ctx, 'id'),
        }),
      ),
  }),
  escalateOverdueListings: t.field({
    type: EscalationResultRef,
    nullable: false,
    description:
      'Move every organization on the abnormal-activity list for the policy’s term (2 years) to the dishonesty list. Idempotent.',
    args: { input: t.arg({ type: EscalateOverdueListingsInput, required: true }) },
    errors: errorsNamed('EscalateOverdueListings'),
    extensions: byInputDivisionCode('districtCode'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () => {
        assertOwnDistrict(input.districtCode, ctx);
        return ctx.credit.escalateOverdueListings(input.on ?? undefined);
      }),
  }),
  fileObjection: t.field({
    type: CreditProcedureRef,
    nullable: false,
    description: 'File an objection (异议) to a list entry or a credit record.',
    args: { input: t.arg({ type: FileObjectionInput, required: true }) },
    errors: errorsNamed('FileObjection'),
    extensions: byInputGlobalId('organizationId'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
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
      ),
  }),
  decideObjection: t.field({
    type: CreditProcedureRef,
    nullable: false,
    description: 'Decide an objection; an accepted one corrects the record.',
    args: { input: t.arg({ type: DecideCreditProcedureInput, required: true }) },
    errors: errorsNamed('DecideObjection'),
    extensions: byInputGlobalId('id'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.credit.decideObjection({
          ...definedOnly(input),
          procedureId: await idOf('OrganizationCreditProcedure', input.id, ctx, 'id'),
        }),
      ),
  }),
  applyForCreditRepair: t.field({
    type: CreditProcedureRef,
    nullable: false,
    description: 'Apply for credit repair (信用修复) of an open list entry.',
    args: { input: t.arg({ type: ApplyForCreditRepairInput, required: true }) },
    errors: errorsNamed('ApplyForCreditRepair'),
    extensions: byInputGlobalId('organizationId'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.credit.applyForCreditRepair({
          organizationId: await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
          listEntryId: await idOf('OrganizationListEntry', input.listEntryId, ctx, 'listEntryId'),
          grounds: input.grounds,
          ...(input.filedOn ? { filedOn: input.filedOn } : {}),
        }),
      ),
  }),
  decideCreditRepair: t.field({
    type: CreditProcedureRef,
    nullable: false,
    description:
      'Decide a credit repair application; an accepted one removes the organization from the list.',
    args: { input: t.arg({ type: DecideCreditProcedureInput, required: true }) },
    errors: errorsNamed('DecideCreditRepair'),
    extensions: byInputGlobalId('id'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.credit.decideCreditRepair({
          ...definedOnly(input),
          procedureId: await idOf('OrganizationCreditProcedure', input.id, ctx, 'id'),
        }),
      ),
  }),
}));
