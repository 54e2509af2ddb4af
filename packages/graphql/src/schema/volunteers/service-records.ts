import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId, definedOnly } from '../mutation-routes.js';
import { VolunteerRatingEnum, VolunteerRecordItemKindEnum } from './volunteer-enums.js';
import { VolunteerRecordItemRef, VolunteerServiceRef } from './volunteer-nodes.js';

/**
 * Service records in the API (docs/domain.md §5.2): recorded, and so certified, by whoever
 * organized the service; corrected by a new record; training, commendations and evaluations.
 * Records are unpaid: there is no money anywhere here. The time bank banks the minutes in the
 * same transaction (§5.5).
 */

const VolunteerCertifierInput = builder.inputType('VolunteerCertifierInput', {
  description:
    'Who certifies a record: one of a team (its leader), an organization or a community. Absent: community and subdistrict staff certify as the community where it took place, an organization’s staff as their organization.',
  fields: (t) => ({
    teamId: t.id(),
    organizationId: t.id(),
    communityId: t.id(),
  }),
});

const serviceFacts = (
  t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0],
  required: boolean,
) => ({
  content: t.string({ required, description: 'What was done (1 to 500 characters).' }),
  place: t.string({ required, description: 'Where (1 to 200 characters).' }),
  communityId: t.id({ required, description: 'The community where it took place.' }),
  startedAt: t.field({ type: 'DateTime', required, description: 'ISO 8601 with its offset.' }),
  endedAt: t.field({ type: 'DateTime', required, description: 'ISO 8601 with its offset; not after now.' }),
  minutes: t.int({
    description: 'Time actually served, travel excluded: default the span; at most the span.',
  }),
  projectId: t.id({ description: 'The service project it served.' }),
  activityId: t.id({ description: 'The delivery activity it was part of (held in the same community).' }),
  gridId: t.id({ description: 'A grid of the community.' }),
});

const RecordVolunteerServiceInput = builder.inputType('RecordVolunteerServiceInput', {
  fields: (t) => ({
    volunteerId: t.id({ required: true }),
    ...serviceFacts(t, true),
    certifier: t.field({ type: VolunteerCertifierInput }),
  }),
});

const CorrectVolunteerServiceInput = builder.inputType('CorrectVolunteerServiceInput', {
  fields: (t) => ({
    id: t.id({ required: true, description: 'The record corrected: one no correction names yet.' }),
    reason: t.string({ required: true, description: 'Why (1 to 500 characters).' }),
    void: t.boolean({
      description: 'The service did not take place: 0 minutes, the facts kept; give no facts.',
    }),
    ...serviceFacts(t, false),
  }),
});

const RecordVolunteerRecordItemInput = builder.inputType('RecordVolunteerRecordItemInput', {
  fields: (t) => ({
    volunteerId: t.id({ required: true }),
    kind: t.field({ type: VolunteerRecordItemKindEnum, required: true }),
    title: t.string({ required: true }),
    issuer: t.string({ required: true, description: 'The unit that trained, commended or evaluated.' }),
    occurredOn: t.field({ type: 'Date', required: true }),
    minutes: t.int({ description: 'Training only: its length in minutes.' }),
    rating: t.field({ type: VolunteerRatingEnum, description: 'Evaluation only, and required there.' }),
  }),
});

type FactIds = {
  communityId?: string | number | null;
  projectId?: string | number | null;
  activityId?: string | number | null;
  gridId?: string | number | null;
};

/** The facts' IDs as local ids: the community and grid are reference data, the rest checked by their read rule. */
async function factIds(input: FactIds, ctx: DistrictContext) {
  const { districtCode } = ctx.district;
  const visible = (value: string | number | null | undefined, typename: string, field: string) =>
    value == null ? Promise.resolve(null) : visibleLocalIdOf(ctx, String(value), typename, ['input', field]);
  return {
    ...(input.communityId == null
      ? {}
      : {
          communityId: localIdOf(String(input.communityId), 'Community', districtCode, [
            'input',
            'communityId',
          ]),
        }),
    gridId:
      input.gridId == null
        ? null
        : localIdOf(String(input.gridId), 'Grid', districtCode, ['input', 'gridId']),
    projectId: await visible(input.projectId, 'ServiceProject', 'projectId'),
    activityId: await visible(input.activityId, 'DeliveryActivity', 'activityId'),
  };
}

defineMutation('recordVolunteerService', {
  type: VolunteerServiceRef,
  description:
    'Record, and so certify, a volunteer’s service (谁组织谁记录、谁记录谁证明): never the volunteer’s own; refused when it overlaps a service in force of the same volunteer.',
  input: RecordVolunteerServiceInput,
  route: byInputGlobalId('volunteerId'),
  resolve: async (input, ctx) => {
    const { districtCode } = ctx.district;
    const certifier = input.certifier
      ? {
          teamId:
            input.certifier.teamId == null
              ? null
              : await visibleLocalIdOf(ctx, String(input.certifier.teamId), 'VolunteerTeam', [
                  'input',
                  'certifier',
                  'teamId',
                ]),
          organizationId:
            input.certifier.organizationId == null
              ? null
              : await visibleLocalIdOf(ctx, String(input.certifier.organizationId), 'SocialOrganization', [
                  'input',
                  'certifier',
                  'organizationId',
                ]),
          communityId:
            input.certifier.communityId == null
              ? null
              : localIdOf(String(input.certifier.communityId), 'Community', districtCode, [
                  'input',
                  'certifier',
                  'communityId',
                ]),
        }
      : null;
    const { service } = await ctx.volunteers.recordService({
      ...definedOnly(input),
      ...(await factIds(input, ctx)),
      content: input.content as string,
      place: input.place as string,
      startedAt: input.startedAt as string,
      endedAt: input.endedAt as string,
      communityId: localIdOf(String(input.communityId), 'Community', districtCode, ['input', 'communityId']),
      volunteerId: await visibleLocalIdOf(ctx, String(input.volunteerId), 'Volunteer', [
        'input',
        'volunteerId',
      ]),
      certifier,
    });
    return service;
  },
});

defineMutation('correctVolunteerService', {
  inputNames: { serviceId: 'id' },
  type: VolunteerServiceRef,
  description:
    'Correct a service record by a new record naming it, with the reason: the full corrected facts, or a void. By the certifying unit; a record is corrected once.',
  input: CorrectVolunteerServiceInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) => {
    const { id, communityId: _communityId, ...rest } = input;
    const { service } = await ctx.volunteers.correctService({
      ...definedOnly(rest),
      ...(await factIds(input, ctx)),
      reason: input.reason,
      serviceId: await visibleLocalIdOf(ctx, String(id), 'VolunteerService', ['input', 'id']),
    });
    return service;
  },
});

defineMutation('recordVolunteerRecordItem', {
  type: VolunteerRecordItemRef,
  description: 'Record a volunteer’s training, commendation or evaluation (never one’s own).',
  input: RecordVolunteerRecordItemInput,
  route: byInputGlobalId('volunteerId'),
  resolve: async (input, ctx) =>
    ctx.volunteers.recordRecordItem({
      ...definedOnly(input),
      volunteerId: await visibleLocalIdOf(ctx, String(input.volunteerId), 'Volunteer', [
        'input',
        'volunteerId',
      ]),
    }),
});
