import { builder } from '../../builder.js';
import type { DistrictContext } from '../../context.js';
import { defineMutation } from '../../mutation-field.js';
import { auditTrailField } from '../audit-trail.js';
import { localIdOf, visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId } from '../mutation-routes.js';
import { withPurchaseVisibleTo, workersVisibleTo } from '../visibility.js';
import { ActivityStatusEnum, HoursRoleEnum, ProjectMethodEnum } from './chain-enums.js';

/**
 * Delivery (docs/domain.md §6.6): the activities an undertaker records under its contract, with
 * the hours its social workers, other staff and volunteers gave; the community where each took
 * place confirms or disputes it. Participants are counted, never named.
 */

builder.drizzleObject('activityHours', {
  name: 'ActivityHours',
  description: 'The minutes one person gave to an activity.',
  fields: (t) => ({
    role: t.field({ type: HoursRoleEnum, resolve: (row) => row.role as 'volunteer' }),
    worker: t.relation('worker', {
      nullable: true,
      description: 'The social worker, when the role is SOCIAL_WORKER and the caller may see them.',
      query: (_args, ctx) => ({ where: workersVisibleTo(ctx) }),
    }),
    minutes: t.exposeInt('minutes'),
  }),
});

const DeliveryActivityRef = builder.drizzleNode('deliveryActivities', {
  name: 'DeliveryActivity',
  description:
    'An activity delivered under a contract: what, when, where, by which method, and how many took part.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { districtCode: true, id: true } },
  fields: (t) => ({
    contract: t.relation('contract', {
      nullable: true,
      // A contract is visible with its purchase (it has no contract_id of its own to follow).
      query: (_args, ctx) => ({ where: withPurchaseVisibleTo(ctx) }),
    }),
    community: t.relation('community'),
    title: t.exposeString('title'),
    method: t.field({
      type: ProjectMethodEnum,
      select: { columns: { method: true } },
      resolve: (row) => row.method as 'casework',
    }),
    heldOn: t.expose('heldOn', { type: 'Date' }),
    place: t.exposeString('place', { description: 'A public place: never a resident’s home.' }),
    participantCount: t.exposeInt('participantCount'),
    status: t.field({
      type: ActivityStatusEnum,
      select: { columns: { status: true } },
      resolve: (row) => row.status as 'recorded',
    }),
    confirmedOn: t.expose('confirmedOn', {
      type: 'Date',
      nullable: true,
      description: 'Confirmed or disputed on.',
    }),
    disputeReason: t.exposeString('disputeReason', { nullable: true, description: 'Never published.' }),
    version: t.exposeInt('version'),
    hours: t.relation('hours', { query: { orderBy: { id: 'asc' } } }),
    totalMinutes: t.int({
      description: 'The minutes everyone gave to it.',
      select: { with: { hours: { columns: { minutes: true } } } },
      resolve: (row) => row.hours.reduce((sum, hours) => sum + hours.minutes, 0),
    }),
    auditTrail: auditTrailField(t, 'delivery_activity'),
  }),
});

const ActivityHoursInput = builder.inputType('ActivityHoursInput', {
  fields: (t) => ({
    role: t.field({ type: HoursRoleEnum, required: true }),
    workerId: t.id({
      description: 'Required for a social worker: one holding a post with the undertaker that day.',
    }),
    minutes: t.int({ required: true, description: '1 to 1440.' }),
  }),
});

const RecordActivityInput = builder.inputType('RecordActivityInput', {
  fields: (t) => ({
    contractId: t.id({ required: true, description: 'The undertaker’s contract, in implementation.' }),
    communityId: t.id({ required: true, description: 'A community the project serves.' }),
    title: t.string({ required: true }),
    method: t.field({
      type: ProjectMethodEnum,
      required: true,
      description: 'One of the project’s methods.',
    }),
    heldOn: t.field({ type: 'Date', required: true }),
    place: t.string({
      required: true,
      description: 'A public place (an activity room), never a home address.',
    }),
    participantCount: t.int({ required: true }),
    hours: t.field({ type: [ActivityHoursInput], required: true }),
  }),
});

const ConfirmActivityInput = builder.inputType('ConfirmActivityInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    on: t.field({ type: 'Date' }),
    expectedVersion: t.int(),
  }),
});

const DisputeActivityInput = builder.inputType('DisputeActivityInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    reason: t.string({ required: true, description: 'Kept with the activity, never published.' }),
    on: t.field({ type: 'Date' }),
    expectedVersion: t.int(),
  }),
});

const activityIdOf = (ctx: DistrictContext, id: string | number) =>
  visibleLocalIdOf(ctx, String(id), 'DeliveryActivity', ['input', 'id']);

defineMutation('recordActivity', {
  type: DeliveryActivityRef,
  description: 'Record an activity delivered under the organization’s own contract, with the hours given.',
  input: RecordActivityInput,
  route: byInputGlobalId('contractId'),
  resolve: async (input, ctx) => {
    const hours = [];
    for (const [index, entry] of input.hours.entries()) {
      hours.push({
        role: entry.role,
        minutes: entry.minutes,
        workerId:
          entry.workerId == null
            ? null
            : await visibleLocalIdOf(ctx, String(entry.workerId), 'SocialWorker', [
                'input',
                'hours',
                index,
                'workerId',
              ]),
      });
    }
    const result = await ctx.delivery.recordActivity({
      ...input,
      contractId: await visibleLocalIdOf(ctx, String(input.contractId), 'ServiceContract', [
        'input',
        'contractId',
      ]),
      communityId: localIdOf(String(input.communityId), 'Community', ctx.district.districtCode, [
        'input',
        'communityId',
      ]),
      hours,
    });
    return result.activity;
  },
});

defineMutation('confirmActivity', {
  inputNames: { activityId: 'id' },
  type: DeliveryActivityRef,
  description: 'Confirm an activity, for the community where it took place.',
  input: ConfirmActivityInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.delivery.confirmActivity({
      activityId: await activityIdOf(ctx, input.id),
      on: input.on ?? null,
      expectedVersion: input.expectedVersion ?? null,
    }),
});

defineMutation('disputeActivity', {
  inputNames: { activityId: 'id' },
  type: DeliveryActivityRef,
  description: 'Dispute an activity, for the community where it took place, with the reason.',
  input: DisputeActivityInput,
  route: byInputGlobalId('id'),
  resolve: async (input, ctx) =>
    ctx.delivery.disputeActivity({
      activityId: await activityIdOf(ctx, input.id),
      reason: input.reason,
      on: input.on ?? null,
      expectedVersion: input.expectedVersion ?? null,
    }),
});
