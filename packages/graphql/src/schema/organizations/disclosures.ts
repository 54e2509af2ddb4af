import { builder } from '../../builder.js';
import { expectFailures } from '../error-types.js';
import { errorsNamed } from '../hierarchy/unit-mutations.js';
import { visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { DisclosureKindEnum } from './organization-enums.js';

const DisclosureRef = builder.drizzleNode('organizationDisclosures', {
  name: 'OrganizationDisclosure',
  description: 'Something an organization publishes (四公开).',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    kind: t.field({ type: DisclosureKindEnum, resolve: (row) => row.kind as 'service_projects' }),
    title: t.exposeString('title'),
    content: t.exposeString('content'),
    publishedOn: t.expose('publishedOn', { type: 'Date' }),
    withdrawnOn: t.expose('withdrawnOn', { type: 'Date', nullable: true }),
  }),
});

const PublishDisclosureInput = builder.inputType('PublishDisclosureInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    kind: t.field({ type: DisclosureKindEnum, required: true }),
    title: t.string({ required: true }),
    content: t.string({
      required: true,
      description: 'Public text, up to 5000 characters; no personal data.',
    }),
    publishedOn: t.field({ type: 'Date' }),
  }),
});

const WithdrawDisclosureInput = builder.inputType('WithdrawDisclosureInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    withdrawnOn: t.field({ type: 'Date', required: true }),
  }),
});

builder.mutationFields((t) => ({
  publishDisclosure: t.field({
    type: DisclosureRef,
    nullable: false,
    description:
      'Publish a disclosure (四公开). Text that looks like an ID number or a phone number is refused.',
    args: { input: t.arg({ type: PublishDisclosureInput, required: true }) },
    errors: errorsNamed('PublishDisclosure'),
    extensions: byInputGlobalId('organizationId'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.organizations.publishDisclosure({
          ...definedOnly(input),
          organizationId: await visibleLocalIdOf(ctx, String(input.organizationId), 'SocialOrganization', [
            'input',
            'organizationId',
          ]),
        }),
      ),
  }),
  withdrawDisclosure: t.field({
    type: DisclosureRef,
    nullable: false,
    args: { input: t.arg({ type: WithdrawDisclosureInput, required: true }) },
    errors: errorsNamed('WithdrawDisclosure'),
    extensions: byInputGlobalId('id'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.organizations.withdrawDisclosure({
          withdrawnOn: input.withdrawnOn,
          disclosureId: await visibleLocalIdOf(ctx, String(input.id), 'OrganizationDisclosure', [
            'input',
            'id',
          ]),
        }),
      ),
  }),
}));
