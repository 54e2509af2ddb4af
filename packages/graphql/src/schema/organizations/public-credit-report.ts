import type { PublicCreditReport } from '@sanshe/core';
import { builder } from '../../builder.js';
import { routeExtension } from '../../gateway/routes.js';
import {
  CreditCategoryEnum,
  CreditListEnum,
  LegalFormEnum,
  LegalStatusEnum,
  ListingReasonEnum,
  OrganizationCategoryEnum,
  OrganizationStatusEnum,
} from './organization-enums.js';

/**
 * The public credit query (社会组织信用信息公示): anyone may look an organization up by its USCC or
 * name. Every type here is built from core's whitelists; nothing personal or internal (scores,
 * objection grounds, override reasons) is reachable from it.
 */
type Report = PublicCreditReport;

const PublicOrganizationRef = builder.objectRef<Report['organization']>('PublicOrganization').implement({
  description: 'The public fields of an organization.',
  fields: (t) => ({
    name: t.exposeString('name'),
    uscc: t.exposeString('uscc', { nullable: true }),
    legalStatus: t.field({ type: LegalStatusEnum, resolve: (o) => o.legalStatus as 'registered' }),
    legalForm: t.field({
      type: LegalFormEnum,
      nullable: true,
      resolve: (o) => o.legalForm as 'foundation' | null,
    }),
    category: t.field({ type: OrganizationCategoryEnum, resolve: (o) => o.category as 'other' }),
    status: t.field({ type: OrganizationStatusEnum, resolve: (o) => o.status as 'active' }),
    registeredOn: t.field({ type: 'Date', resolve: (o) => o.registeredOn }),
    deregisteredOn: t.field({ type: 'Date', nullable: true, resolve: (o) => o.deregisteredOn }),
  }),
});

const PublicGradeRef = builder.objectRef<NonNullable<Report['currentGrade']>>('PublicGrade').implement({
  fields: (t) => ({
    grade: t.exposeInt('grade'),
    gradeName: t.exposeString('gradeName'),
    awardedOn: t.field({ type: 'Date', resolve: (g) => g.awardedOn }),
    validUntil: t.field({ type: 'Date', resolve: (g) => g.validUntil }),
  }),
});

const PublicListEntryRef = builder.objectRef<Report['listEntries'][number]>('PublicListEntry').implement({
  fields: (t) => ({
    list: t.field({ type: CreditListEnum, resolve: (e) => e.list as 'abnormal_activity' }),
    reason: t.field({ type: ListingReasonEnum, resolve: (e) => e.reason as 'other' }),
    listedOn: t.field({ type: 'Date', resolve: (e) => e.listedOn }),
  }),
});

const PublicCreditRecordRef = builder
  .objectRef<Report['creditRecords'][number]>('PublicCreditRecord')
  .implement({
    fields: (t) => ({
      category: t.field({ type: CreditCategoryEnum, resolve: (r) => r.category as 'basic' }),
      kind: t.exposeString('kind'),
      occurredOn: t.field({ type: 'Date', resolve: (r) => r.occurredOn }),
      summary: t.exposeString('summary'),
      source: t.exposeString('source'),
    }),
  });

const PublicCreditReportRef = builder.objectRef<Report>('PublicCreditReport').implement({
  description:
    'What anyone may know of an organization’s credit: grade, lists, and credit records not withdrawn.',
  fields: (t) => ({
    organization: t.field({ type: PublicOrganizationRef, resolve: (r) => r.organization }),
    currentGrade: t.field({ type: PublicGradeRef, nullable: true, resolve: (r) => r.currentGrade }),
    listEntries: t.field({ type: [PublicListEntryRef], resolve: (r) => r.listEntries }),
    creditRecords: t.field({ type: [PublicCreditRecordRef], resolve: (r) => r.creditRecords }),
  }),
});

const PublicCreditQueryInput = builder.inputType('PublicCreditQuery', {
  description: 'Give the USCC, or part of the name (at most 20 organizations per district).',
  fields: (t) => ({
    uscc: t.string(),
    name: t.string(),
    districtCode: t.string({ description: 'Only this district.' }),
  }),
});

builder.queryField('publicCreditReport', (t) =>
  t.field({
    type: [PublicCreditReportRef],
    description: 'Public credit query by unified social credit code or name, across the districts served.',
    args: { query: t.arg({ type: PublicCreditQueryInput, required: true }) },
    extensions: routeExtension({ kind: 'fanOutList', filterArg: 'query' }),
    resolve: (_root, { query }, ctx) => {
      if (query.districtCode != null && query.districtCode !== ctx.district.districtCode) return [];
      // Core checks the query (one of uscc or name, each well formed), at the argument's path.
      return ctx.credit.publicCreditReport(
        { uscc: query.uscc ?? null, name: query.name ?? null },
        { path: ['query'] },
      );
    },
  }),
);
