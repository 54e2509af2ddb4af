import { builder } from '../../builder.js';
import { expectFailures } from '../error-types.js';
import { errorsNamed } from '../hierarchy/unit-mutations.js';
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

builder.mutationFields((t) => ({
  addHubMember: t.field({
    type: HubMembershipRef,
    nullable: false,
    description:
      'Make an organization a member of a hub. A membership that would close a cycle is refused (HUB_CYCLE).',
    args: { input: t.arg({ type: AddHubMemberInput, required: true }) },
    errors: errorsNamed('AddHubMember'),
    extensions: byInputGlobalId('hubId'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.organizations.addHubMember({
          ...definedOnly(input),
          hubId: await visibleLocalIdOf(ctx, String(input.hubId), 'SocialOrganization', ['input', 'hubId']),
          memberId: await visibleLocalIdOf(ctx, String(input.memberId), 'SocialOrganization', [
            'input',
            'memberId',
          ]),
        }),
      ),
  }),
  endHubMembership: t.field({
    type: HubMembershipRef,
    nullable: false,
    args: { input: t.arg({ type: EndHubMembershipInput, required: true }) },
    errors: errorsNamed('EndHubMembership'),
    extensions: byInputGlobalId('id'),
    resolve: (_root, { input }, ctx) =>
      expectFailures(async () =>
        ctx.organizations.endHubMembership({
          ...definedOnly(input),
          membershipId: await visibleLocalIdOf(ctx, String(input.id), 'OrganizationHubMembership', [
            'input',
            'id',
          ]),
        }),
      ),
  }),
}));
