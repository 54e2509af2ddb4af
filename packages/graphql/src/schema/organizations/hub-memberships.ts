import { builder } from '../../builder.js';
import { defineMutation } from '../../mutation-field.js';
import { visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';

const HubMembershipRef = builder.drizzleNode('organizationHubMemberships', {
  name: 'OrganizationHubMembership',
  description: 'A hub organization (枢纽型) incubating or leading a member organization.',
  id: { column: (row) => [row.districtCode, row.id] },
  fields: (t) => ({
    hub: t.relation('hub'),
    member: t.relation('member'),
    joinedOn: t.expose('joinedOn', { type: 'Date' }),
    leftOn: t.expose('leftOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version'),
  }),
});

const AddHubMemberInput = builder.inputType('AddHubMemberInput', {
  fields: (t) => ({
    hubId: t.id({ required: true, description: 'A hub organization (category HUB).' }),
    memberId: t.id({ required: true }),
    joinedOn: t.field({ type: 'Date' }),
  }),
});

const EndHubMembershipInput = builder.inputType('EndHubMembershipInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    leftOn: t.field({ type: 'Date', required: true }),
    expectedVersion: t.int(),
  }),
});

defineMutation('addHubMember', {
  type: HubMembershipRef,
  description:
    'Make an organization a member of a hub. A membership that would close a cycle is refused (HUB_CYCLE).',
  input: AddHubMemberInput,
  route: byInputGlobalId('hubId'),
  resolve: async (input, ctx) =>
    ctx.organizations.addHubMember({
      ...definedOnly(input),
      hubId: await visibleLocalIdOf(ctx, String(input.hubId), 'SocialOrganization', ['input', 'hubId']),
      memberId: await visibleLocalIdOf(ctx, String(input.memberId), 'SocialOrganization', [
        'input',
        'memberId',
      ]),
    }),
});

defineMutation('endHubMembership', {
  type: HubMembershipRef,
  input: EndHubMembershipInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.organizations.endHubMembership({
      ...definedOnly(input),
      membershipId: await visibleLocalIdOf(ctx, String(input.id), 'OrganizationHubMembership', [
        'input',
        'id',
      ]),
    }),
});
