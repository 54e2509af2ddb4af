import { builder } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import { defineMutation } from '../../mutation-field.js';
import { visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { DisclosureKindEnum } from './organization-enums.js';

const DisclosureRef = builder.drizzleNode('organizationDisclosures', {
  name: 'OrganizationDisclosure',
  description: 'Something an organization publishes (四公开).',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    kind: t.field({
      type: DisclosureKindEnum,
      resolve: (row) => row.kind as 'service_projects',
      // The column as it is, for the compiled reads (the row holds every column).
      extensions: compiledValue((row) => row.kind),
    }),
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

defineMutation('publishDisclosure', {
  type: DisclosureRef,
  description:
    'Publish a disclosure (四公开). Text that looks like an ID number or a phone number is refused.',
  input: PublishDisclosureInput,
  route: byInputGlobalId('organizationId'),
  resolve: async (input, ctx) =>
    ctx.organizations.publishDisclosure({
      ...definedOnly(input),
      organizationId: await visibleLocalIdOf(ctx, String(input.organizationId), 'SocialOrganization', [
        'input',
        'organizationId',
      ]),
    }),
});

defineMutation('withdrawDisclosure', {
  type: DisclosureRef,
  input: WithdrawDisclosureInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.organizations.withdrawDisclosure({
      withdrawnOn: input.withdrawnOn,
      disclosureId: await visibleLocalIdOf(ctx, String(input.id), 'OrganizationDisclosure', ['input', 'id']),
    }),
});
