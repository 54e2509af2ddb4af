import {
  type CertificatePeriodLine,
  type CertificateServiceLine,
  type CertificateVerification,
  certificateGroupings,
  certificateVerificationReasons,
  createVolunteerCertificates,
  hoursText,
  type IssuedCertificateFacts,
  type VolunteerCertificateContent,
} from '@sanshe/core';
import { sql } from 'drizzle-orm';
import { builder } from '../../builder.js';
import {
  compiledJson,
  compiledPlannedRelation,
  compiledValue,
  globalIdSQL,
} from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { encodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { codeListEnum } from '../code-list-enum.js';
import { visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { withVolunteerVisibleTo } from '../visibility.js';
import { VolunteerRef } from './volunteer-nodes.js';

/**
 * Certificates of service (志愿服务记录证明, docs/domain.md §5.3) in the API: issue and revoke
 * (mutations), the certificate as a node (with the path of its printable page), and the public
 * verification anyone may ask of the issuing district without a token.
 */

/** The certificate service of the request's district, acting for its caller. */
export function certificatesOf(ctx: DistrictContext) {
  return createVolunteerCertificates(ctx.district, { actor: ctx.actor });
}

const CertificateGroupingEnum = codeListEnum(
  'VolunteerCertificateGrouping',
  'How a certificate sums the services: by month or by quarter.',
  certificateGroupings,
);

const VerificationReasonEnum = builder.enumType('VolunteerCertificateVerificationReason', {
  description: 'Why a certificate does not verify.',
  values: Object.fromEntries(
    Object.entries(certificateVerificationReasons).map(([code, label]) => [
      code,
      { value: code, description: label },
    ]),
  ) as Record<
    keyof typeof certificateVerificationReasons,
    { value: keyof typeof certificateVerificationReasons; description: string }
  >,
});

const PeriodLineRef = builder.objectRef<CertificatePeriodLine>('VolunteerCertificatePeriod').implement({
  description: 'The services of one month or quarter, as the certificate states them.',
  fields: (t) => ({
    period: t.exposeString('period', { description: '`2026-03` or `2026-Q1`.' }),
    label: t.exposeString('label', { description: '`2026年3月` or `2026年第1季度`.' }),
    services: t.exposeInt('services'),
    minutes: t.exposeInt('minutes'),
  }),
});

const ServiceLineRef = builder.objectRef<CertificateServiceLine>('VolunteerCertificateService').implement({
  description: 'One service as the certificate lists it.',
  fields: (t) => ({
    day: t.expose('day', { type: 'Date' }),
    content: t.exposeString('content'),
    place: t.exposeString('place'),
    minutes: t.exposeInt('minutes'),
    certifier: t.exposeString('certifier', { description: 'The unit that recorded and so certified it.' }),
  }),
});

const contentOf = (row: { content: unknown }) => row.content as VolunteerCertificateContent;

const VolunteerCertificateRef = builder.drizzleNode('volunteerCertificates', {
  name: 'VolunteerCertificate',
  description:
    'A certificate of service (志愿服务记录证明) as issued: its facts frozen, their SHA-256 and the verification code printed on it. Revoked, never changed. Visible with its volunteer.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    number: t.exposeString('number', { description: '`VC-<district>-<year>-<6 digits>`.' }),
    volunteerId: t.id({
      description: 'The Volunteer’s global ID.',
      select: { columns: { volunteerId: true } },
      resolve: (row) => encodeGlobalId('Volunteer', row.districtCode, row.volunteerId),
      extensions: compiledValue((row) => globalIdSQL('Volunteer', row.districtCode, row.volunteerId)),
    }),
    volunteerName: t.string({
      select: { columns: { content: true } },
      resolve: (row) => contentOf(row).volunteer.name,
      extensions: compiledValue((row) => sql`(${row.content} -> 'volunteer' ->> 'name')`),
    }),
    residentIdMasked: t.string({
      select: { columns: { content: true } },
      resolve: (row) => contentOf(row).volunteer.residentIdMasked,
      extensions: compiledValue((row) => sql`(${row.content} -> 'volunteer' ->> 'residentIdMasked')`),
    }),
    issuerName: t.string({
      select: { columns: { content: true } },
      resolve: (row) => contentOf(row).issuer.name,
      extensions: compiledValue((row) => sql`(${row.content} -> 'issuer' ->> 'name')`),
    }),
    issuedOn: t.expose('issuedOn', { type: 'Date' }),
    periodFrom: t.expose('periodFrom', { type: 'Date' }),
    periodTo: t.expose('periodTo', { type: 'Date' }),
    totalMinutes: t.exposeInt('totalMinutes'),
    totalHours: t.string({
      description: 'The total as printed: hours to one decimal.',
      select: { columns: { totalMinutes: true } },
      resolve: (row) => hoursText(row.totalMinutes),
      // hoursText in SQL: tenths of an hour rounded half up, minutes being never negative.
      extensions: compiledValue((row) => {
        const tenths = sql`((${row.totalMinutes} + 3) / 6)`;
        return sql`((${tenths} / 10)::text || '.' || (${tenths} % 10)::text)`;
      }),
    }),
    groupBy: t.field({
      type: CertificateGroupingEnum,
      select: { columns: { content: true } },
      resolve: (row) => contentOf(row).groupBy,
      extensions: compiledValue((row) => sql`(${row.content} ->> 'groupBy')`),
    }),
    periods: t.field({
      type: [PeriodLineRef],
      select: { columns: { content: true } },
      resolve: (row) => contentOf(row).periods,
      extensions: compiledJson((row) => sql`(${row.content} -> 'periods')`),
    }),
    services: t.field({
      type: [ServiceLineRef],
      select: { columns: { content: true } },
      resolve: (row) => contentOf(row).services,
      extensions: compiledJson((row) => sql`(${row.content} -> 'services')`),
    }),
    contentDigest: t.exposeString('contentDigest', {
      description: 'SHA-256 (hex) of the content’s canonical JSON.',
    }),
    verificationCode: t.exposeString('verificationCode'),
    pagePath: t.string({
      description:
        'Where the printable page is, on this gateway: `/volunteer-certificates/<district>/<number>` (add `?code=<verification code>` to share it with someone who holds no token).',
      select: { columns: { number: true } },
      resolve: (row) => `/volunteer-certificates/${row.districtCode}/${row.number}`,
      extensions: compiledValue(
        (row) => sql`('/volunteer-certificates/' || ${row.districtCode} || '/' || ${row.number})`,
      ),
    }),
    revokedOn: t.expose('revokedOn', { type: 'Date', nullable: true }),
    revocationReason: t.exposeString('revocationReason', { nullable: true }),
  }),
});

builder.drizzleObjectFields(VolunteerRef, (t) => ({
  certificates: t.field({
    type: [VolunteerCertificateRef],
    description: 'The certificates of service issued to the volunteer, newest first, revoked ones included.',
    // With the volunteer, as core's certificatesOf reads them: a page of volunteers reads its
    // certificates in its statement, and the field compiles.
    select: (_args, ctx, nestedSelection) => ({
      with: {
        certificates: nestedSelection({
          where: withVolunteerVisibleTo(ctx),
          orderBy: { issuedOn: 'desc', id: 'desc' },
        }),
      },
    }),
    resolve: (row) => row.certificates,
    extensions: compiledPlannedRelation(),
  }),
}));

const IssuedFactsRef = builder.objectRef<IssuedCertificateFacts>('VolunteerCertificateFacts').implement({
  description: 'What the issuing district holds of a certificate: the name masked, nothing else personal.',
  fields: (t) => ({
    number: t.exposeString('number'),
    volunteerName: t.exposeString('volunteerName', { description: 'Masked: the first character kept.' }),
    totalMinutes: t.exposeInt('totalMinutes'),
    totalHours: t.exposeString('totalHours', { description: 'Hours to one decimal, as printed.' }),
    periodFrom: t.field({ type: 'Date', resolve: (facts) => facts.periodFrom }),
    periodTo: t.field({ type: 'Date', resolve: (facts) => facts.periodTo }),
    issuerName: t.exposeString('issuerName'),
    districtName: t.exposeString('districtName'),
    issuedOn: t.field({ type: 'Date', resolve: (facts) => facts.issuedOn }),
    revokedOn: t.field({ type: 'Date', nullable: true, resolve: (facts) => facts.revokedOn }),
  }),
});

const CertificateVerificationRef = builder
  .objectRef<CertificateVerification>('VolunteerCertificateVerification')
  .implement({
    description:
      'The answer of the issuing district to a certificate as a reader holds it. `issued` is given once number and code match.',
    fields: (t) => ({
      valid: t.exposeBoolean('valid'),
      reason: t.field({ type: VerificationReasonEnum, nullable: true, resolve: (answer) => answer.reason }),
      mismatches: t.exposeStringList('mismatches', {
        description: 'The stated figures that differ from the issued ones: `hours`, `name`, `content`.',
      }),
      issued: t.field({ type: IssuedFactsRef, nullable: true, resolve: (answer) => answer.issued }),
    }),
  });

builder.queryFields((t) => ({
  verifyVolunteerCertificate: t.field({
    type: CertificateVerificationRef,
    description:
      'Check a certificate of service against the district that issued it: its number, its verification code and, as printed on the paper, the total hours (and the name). Public, no token needed; an altered document or a wrong code does not verify.',
    args: {
      districtCode: t.arg.string({
        required: true,
        description: 'The issuing district (the number names it too).',
      }),
      number: t.arg.string({ required: true }),
      code: t.arg.string({ required: true }),
      statedHours: t.arg.float({ description: 'The total hours printed on the certificate.' }),
      statedName: t.arg.string({ description: 'The volunteer’s name printed on the certificate.' }),
    },
    extensions: routeExtension({ kind: 'code', argPath: ['districtCode'] }),
    resolve: (_root, args, ctx) =>
      certificatesOf(ctx).verifyCertificate({
        number: args.number,
        code: args.code,
        statedHours: args.statedHours ?? null,
        statedName: args.statedName ?? null,
      }),
  }),
}));

const IssueInput = builder.inputType('IssueVolunteerCertificateInput', {
  fields: (t) => ({
    volunteerId: t.id({ required: true }),
    periodFrom: t.field({ type: 'Date', required: true }),
    periodTo: t.field({ type: 'Date', required: true, description: 'Not after today.' }),
    issuerCommunityId: t.id({ description: 'The issuing community; or…' }),
    issuerOrganizationId: t.id({
      description:
        '…the issuing organization. A volunteer asking for its own names neither: its home community issues it.',
    }),
    groupBy: t.field({ type: CertificateGroupingEnum, description: 'Default by month.' }),
  }),
});

defineMutation('issueVolunteerCertificate', {
  type: VolunteerCertificateRef,
  description:
    'Issue a certificate of service of a volunteer’s services in force in a period, by a community or organization in the caller’s jurisdiction, or for a volunteer itself by its home community.',
  input: IssueInput,
  route: byInputGlobalId('volunteerId'),
  resolve: async (input, ctx) => {
    const volunteerId = await visibleLocalIdOf(ctx, String(input.volunteerId), 'Volunteer', [
      'input',
      'volunteerId',
    ]);
    const issuerCommunityId =
      input.issuerCommunityId == null
        ? null
        : await visibleLocalIdOf(ctx, String(input.issuerCommunityId), 'Community', [
            'input',
            'issuerCommunityId',
          ]);
    const issuerOrganizationId =
      input.issuerOrganizationId == null
        ? null
        : await visibleLocalIdOf(ctx, String(input.issuerOrganizationId), 'SocialOrganization', [
            'input',
            'issuerOrganizationId',
          ]);
    return certificatesOf(ctx).issueCertificate({
      volunteerId,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      ...definedOnly({ issuerCommunityId, issuerOrganizationId, groupBy: input.groupBy }),
    });
  },
});

const RevokeInput = builder.inputType('RevokeVolunteerCertificateInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The VolunteerCertificate.' }),
    reason: t.string({ required: true }),
    revokedOn: t.field({ type: 'Date', description: 'Default today.' }),
  }),
});

defineMutation('revokeVolunteerCertificate', {
  type: VolunteerCertificateRef,
  description: 'Revoke a certificate, once, with a reason (the issuing unit). It then verifies as REVOKED.',
  input: RevokeInput,
  route: byInputGlobalId('id'),
  inputNames: { certificateId: 'id' },
  resolve: async (input, ctx) => {
    const certificateId = await visibleLocalIdOf(ctx, String(input.id), 'VolunteerCertificate', [
      'input',
      'id',
    ]);
    return certificatesOf(ctx).revokeCertificate({
      certificateId,
      reason: input.reason,
      ...definedOnly({ revokedOn: input.revokedOn }),
    });
  },
});
