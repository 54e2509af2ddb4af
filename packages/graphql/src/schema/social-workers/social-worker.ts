import {
  certifiedLevelOn,
  certifiedLevelOnSQL,
  certifiedOnCondition,
  socialWorkers,
  todayInChina,
  visibleWorkers,
  workerCondition,
} from '@sanshe/core';
import { and } from 'drizzle-orm';
import { builder } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { auditTrailField } from '../audit-trail.js';
import { filterTargetsDistrict, toUnitFilter } from '../hierarchy/unit-fields.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { assertOwnDistrict, byInputDivisionCode, byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { personalDataAccessLogField } from '../personal-data/personal-data.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import { rootListExtensions } from '../root-list.js';
import { postsVisibleTo } from '../visibility.js';
import { RegistrationKindEnum, SocialWorkerLevelEnum } from './social-worker-enums.js';

const CertificateRegistrationRef = builder.drizzleObject('certificateRegistrations', {
  name: 'CertificateRegistration',
  description: 'A registration (登记) of a certificate: the first, or a renewal (再登记).',
  fields: (t) => ({
    kind: t.field({
      type: RegistrationKindEnum,
      resolve: (row) => row.kind as 'first',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.kind),
    }),
    registeredOn: t.expose('registeredOn', { type: 'Date' }),
    validFrom: t.expose('validFrom', { type: 'Date' }),
    validUntil: t.expose('validUntil', {
      type: 'Date',
      description: 'The last day the registration is valid.',
    }),
    continuingEducationHours: t.exposeFloat('continuingEducationHours', {
      nullable: true,
      description: 'For a renewal: the hours counted in the period.',
    }),
    requiredHours: t.exposeInt('requiredHours', { nullable: true }),
    policySource: t.exposeString('policySource', { nullable: true }),
  }),
});

const CertificateRef = builder.drizzleNode('socialWorkCertificates', {
  name: 'SocialWorkCertificate',
  description: 'A professional-level certificate (职业水平证书) and its registrations.',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    level: t.field({
      type: SocialWorkerLevelEnum,
      resolve: (row) => row.level as 'assistant',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.level),
    }),
    certificateNumber: t.exposeString('certificateNumber'),
    passedOn: t.expose('passedOn', { type: 'Date' }),
    registrations: t.relation('registrations', { query: { orderBy: { validFrom: 'asc' } } }),
    worker: t.relation('worker'),
  }),
});

const ContinuingEducationRef = builder.drizzleObject('continuingEducationRecords', {
  name: 'ContinuingEducationRecord',
  description: 'Continuing-education hours (继续教育) completed.',
  fields: (t) => ({
    hours: t.exposeFloat('hours'),
    completedOn: t.expose('completedOn', { type: 'Date' }),
    provider: t.exposeString('provider'),
    course: t.exposeString('course'),
  }),
});

const PostRef = builder.drizzleNode('socialWorkerPosts', {
  name: 'SocialWorkerPost',
  description: 'A post (岗位) a social worker holds with an organization or a community, over time.',
  id: { column: (row) => [row.districtCode, row.id] },
  // Only the key by default: each field brings the columns it reads (see SocialOrganization).
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    title: t.exposeString('title'),
    fullTime: t.exposeBoolean('fullTime'),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', {
      type: 'Date',
      nullable: true,
      description: 'The last day; null while it lasts.',
    }),
    version: t.exposeInt('version'),
    worker: t.relation('worker'),
    organization: t.relation('organization', { nullable: true }),
    community: t.relation('community', { nullable: true }),
  }),
});

const certificationSelection = {
  with: { certificates: { with: { registrations: { columns: { validFrom: true, validUntil: true } } } } },
} as const;

const SocialWorkerRef = builder.drizzleNode('socialWorkers', {
  name: 'SocialWorker',
  description:
    '社会工作者 (docs/domain.md §4). Identity number and phone are personal data and only ever shown masked.',
  id: { column: (row) => [row.districtCode, row.id] },
  // Only the key by default: each field brings the columns it reads. The sealed identifiers and
  // their hashes are read by no field, so ciphertext never leaves the database on a read;
  // unmasking reads it in its own, logged, transaction.
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders workers across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    name: t.exposeString('name'),
    residentIdMasked: t.exposeString('residentIdMasked', {
      description:
        'Resident identity number, masked (3205**********1234). The clear number is stored only encrypted; revealSocialWorkerIdentifiers unmasks it for a declared purpose.',
    }),
    mobilePhoneMasked: t.exposeString('mobilePhoneMasked', {
      nullable: true,
      description: 'Mobile number, masked (138****5678).',
    }),
    version: t.exposeInt('version'),
    certifiedOn: t.boolean({
      description: 'Whether a registration of one of the certificates covers the day (default today).',
      args: { on: t.arg({ type: 'Date' }) },
      select: certificationSelection,
      resolve: (row, args) => certifiedLevelOn(row, args.on ?? todayInChina()) !== null,
      extensions: compiledValue((row, _ctx, args: { on?: string | null }) =>
        certifiedOnCondition(row, args.on ?? todayInChina()),
      ),
    }),
    certifiedLevel: t.field({
      type: SocialWorkerLevelEnum,
      nullable: true,
      description: 'The highest level certified on the day (default today); null when not certified.',
      args: { on: t.arg({ type: 'Date' }) },
      select: certificationSelection,
      resolve: (row, args) => certifiedLevelOn(row, args.on ?? todayInChina()),
      extensions: compiledValue((row, _ctx, args: { on?: string | null }) =>
        certifiedLevelOnSQL(row, args.on ?? todayInChina()),
      ),
    }),
    auditTrail: auditTrailField(t, 'social_worker'),
    personalDataAccessLog: personalDataAccessLogField(
      t,
      'social_worker',
      'Who unmasked this worker’s identifiers, when and why (newest first, at most 50). For city and district administrators; null with a FORBIDDEN error for anyone else.',
    ),
    certificates: t.relation('certificates', { query: { orderBy: { passedOn: 'asc', id: 'asc' } } }),
    continuingEducation: t.relation('continuingEducation', {
      query: { orderBy: { completedOn: 'desc', id: 'desc' } },
    }),
    posts: t.relation('posts', {
      query: (_args, ctx) => ({ where: postsVisibleTo(ctx), orderBy: { startsOn: 'asc', id: 'asc' } }),
    }),
  }),
});

const WorkerFilterInput = builder.inputType('SocialWorkerFilter', {
  description: 'Narrows a list of social workers. Every field is optional.',
  fields: (t) => ({
    districtCode: t.string({ description: 'Only this district (6 digits).' }),
    parentCode: t.string({
      description:
        'Holding a post (on postOn) at a community under this unit or an organization rooted there.',
    }),
    nameContains: t.string(),
    certifiedOn: t.field({ type: 'Date', description: 'Certified on this day.' }),
    level: t.field({ type: SocialWorkerLevelEnum, description: 'Holding a certificate of this level.' }),
    postOn: t.field({ type: 'Date', description: 'The day posts are read on (default today).' }),
  }),
});

/** The relational-query options of the list of workers the caller may see, by name. */
function workerListQuery(ctx: DistrictContext, filterArgs: Parameters<typeof toWorkerFilter>[0]) {
  const { districtCode } = ctx.district;
  const filter = toWorkerFilter(filterArgs);
  const today = todayInChina();
  return {
    where: {
      RAW: (table: typeof socialWorkers) =>
        and(
          workerCondition(table, districtCode, filter, today),
          visibleWorkers(ctx.actor, districtCode, table),
        )!,
    },
    orderBy: { name: 'asc', id: 'asc' } as const,
  };
}

builder.queryFields((t) => ({
  socialWorkers: t.drizzleConnection(
    {
      type: 'socialWorkers',
      description: 'Social workers across the districts served, by name.',
      args: { filter: t.arg({ type: WorkerFilterInput }) },
      extensions: rootListExtensions(
        { name: ['name', 'sortKey'] },
        {
          table: 'socialWorkers',
          query: (args, ctx) =>
            filterTargetsDistrict(args.filter, ctx.district.districtCode)
              ? workerListQuery(ctx, args.filter)
              : undefined,
        },
      ),
      totalCount: (_parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        if (!filterTargetsDistrict(args.filter, districtCode)) return 0;
        return db.$count(
          socialWorkers,
          and(
            workerCondition(socialWorkers, districtCode, toWorkerFilter(args.filter), todayInChina()),
            visibleWorkers(ctx.actor, districtCode, socialWorkers),
          ),
        );
      },
      resolve: (query, _parent, args, ctx) => {
        const { districtCode, db } = ctx.district;
        if (!filterTargetsDistrict(args.filter, districtCode)) return [];
        return db.query.socialWorkers.findMany(query(workerListQuery(ctx, args.filter)));
      },
    },
    { name: 'SocialWorkerConnection' },
    { name: 'SocialWorkerEdge' },
  ),
}));

function toWorkerFilter(
  args:
    | {
        districtCode?: string | null;
        parentCode?: string | null;
        nameContains?: string | null;
        certifiedOn?: string | null;
        level?: string | null;
        postOn?: string | null;
      }
    | null
    | undefined,
) {
  if (!args) return {};
  const unit = toUnitFilter({
    districtCode: args.districtCode,
    parentCode: args.parentCode,
    nameContains: args.nameContains,
  });
  return {
    parentCode: unit.parentCode ?? null,
    nameContains: unit.nameContains ?? null,
    certifiedOn: args.certifiedOn ?? null,
    level: args.level ?? null,
    postOn: args.postOn ?? null,
  };
}

const RegisterSocialWorkerInput = builder.inputType('RegisterSocialWorkerInput', {
  fields: (t) => ({
    districtCode: t.string({ required: true, description: 'The district that keeps the record.' }),
    name: t.string({ required: true }),
    residentId: t.string({
      required: true,
      description: 'Resident identity number; stored, never shown in clear.',
    }),
    mobilePhone: t.string(),
  }),
});

const UpdateSocialWorkerInput = builder.inputType('UpdateSocialWorkerInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    expectedVersion: t.int(),
    name: t.string(),
    mobilePhone: t.string(),
  }),
});

const AddCertificateInput = builder.inputType('AddCertificateInput', {
  fields: (t) => ({
    workerId: t.id({ required: true }),
    level: t.field({ type: SocialWorkerLevelEnum, required: true }),
    certificateNumber: t.string({ required: true }),
    passedOn: t.field({ type: 'Date', required: true, description: 'The day the examination was passed.' }),
  }),
});

const RegisterCertificateInput = builder.inputType('RegisterCertificateInput', {
  fields: (t) => ({
    certificateId: t.id({ required: true }),
    registeredOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

const RecordContinuingEducationInput = builder.inputType('RecordContinuingEducationInput', {
  fields: (t) => ({
    workerId: t.id({ required: true }),
    hours: t.float({ required: true }),
    completedOn: t.field({ type: 'Date', required: true }),
    provider: t.string({ required: true }),
    course: t.string({ required: true }),
  }),
});

const StartPostInput = builder.inputType('StartPostInput', {
  fields: (t) => ({
    workerId: t.id({ required: true }),
    organizationId: t.id({ description: 'The employing organization (or give communityId).' }),
    communityId: t.id({ description: 'The employing community.' }),
    title: t.string({ required: true }),
    fullTime: t.boolean({ required: true }),
    startsOn: t.field({ type: 'Date' }),
    endsOn: t.field({ type: 'Date', description: 'The last day, when known.' }),
  }),
});

const EndPostInput = builder.inputType('EndPostInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    endsOn: t.field({ type: 'Date', required: true, description: 'The last day of the post.' }),
    expectedVersion: t.int(),
  }),
});

const idOf = (typename: string, id: string | number, ctx: DistrictContext, field: string) =>
  visibleLocalIdOf(ctx, String(id), typename, ['input', field]);

defineMutation('registerSocialWorker', {
  type: SocialWorkerRef,
  description: 'Record a social worker. The identity number is validated (GB 11643) and de-duplicated.',
  input: RegisterSocialWorkerInput,
  route: byInputDivisionCode('districtCode'),
  resolve: async (input, ctx) => {
    assertOwnDistrict(input.districtCode, ctx);
    return ctx.socialWorkers.registerWorker({
      name: input.name,
      residentId: input.residentId,
      mobilePhone: input.mobilePhone ?? null,
    });
  },
});

defineMutation('updateSocialWorker', {
  type: SocialWorkerRef,
  input: UpdateSocialWorkerInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.socialWorkers.updateWorker({
      ...definedOnly(input),
      id: await idOf('SocialWorker', input.id, ctx, 'id'),
    }),
});

defineMutation('addCertificate', {
  type: CertificateRef,
  input: AddCertificateInput,
  route: byInputGlobalId('workerId'),
  resolve: async (input, ctx) =>
    ctx.socialWorkers.addCertificate({
      ...input,
      workerId: await idOf('SocialWorker', input.workerId, ctx, 'workerId'),
    }),
});

defineMutation('registerCertificate', {
  type: CertificateRegistrationRef,
  description: 'First registration of a certificate, within a year of passing; valid three years.',
  input: RegisterCertificateInput,
  route: byInputGlobalId('certificateId'),
  resolve: async (input, ctx) =>
    ctx.socialWorkers.registerCertificate({
      ...definedOnly(input),
      certificateId: await idOf('SocialWorkCertificate', input.certificateId, ctx, 'certificateId'),
    }),
});

defineMutation('renewRegistration', {
  type: CertificateRegistrationRef,
  description:
    'Renew a registration in the three months before it expires, with the continuing-education hours the policy requires.',
  input: RegisterCertificateInput,
  route: byInputGlobalId('certificateId'),
  resolve: async (input, ctx) =>
    ctx.socialWorkers.renewRegistration({
      ...definedOnly(input),
      certificateId: await idOf('SocialWorkCertificate', input.certificateId, ctx, 'certificateId'),
    }),
});

defineMutation('recordContinuingEducation', {
  type: ContinuingEducationRef,
  input: RecordContinuingEducationInput,
  route: byInputGlobalId('workerId'),
  resolve: async (input, ctx) =>
    ctx.socialWorkers.recordContinuingEducation({
      ...input,
      workerId: await idOf('SocialWorker', input.workerId, ctx, 'workerId'),
    }),
});

defineMutation('startPost', {
  type: PostRef,
  description:
    'Start a post with an organization or a community. Full-time posts of one worker never overlap.',
  input: StartPostInput,
  route: byInputGlobalId('workerId'),
  resolve: async (input, ctx) =>
    ctx.socialWorkers.startPost({
      ...definedOnly(input),
      workerId: await idOf('SocialWorker', input.workerId, ctx, 'workerId'),
      organizationId:
        input.organizationId == null
          ? null
          : await idOf('SocialOrganization', input.organizationId, ctx, 'organizationId'),
      communityId:
        input.communityId == null
          ? null
          : localIdOf(String(input.communityId), 'Community', ctx.district.districtCode, [
              'input',
              'communityId',
            ]),
      endsOn: input.endsOn ?? null,
    }),
});

defineMutation('endPost', {
  type: PostRef,
  input: EndPostInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.socialWorkers.endPost({
      ...definedOnly(input),
      postId: await idOf('SocialWorkerPost', input.id, ctx, 'id'),
    }),
});
