import { grids, serviceInForce, storedInstant, type volunteerServices } from '@sanshe/core';
import { and, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder, type SharedNodeRef } from '../../builder.js';
import { compiledValue } from '../../compiled-reads/compiled-value.js';
import { auditTrailField } from '../audit-trail.js';
import { personalDataAccessLogField } from '../personal-data/personal-data.js';
import { recordSortKey, recordSortKeyInSql } from '../record-sort-key.js';
import {
  organizationsVisibleTo,
  teamMembershipsVisibleTo,
  volunteerServicesVisibleTo,
  volunteersVisibleTo,
  volunteerTeamsVisibleTo,
  withVolunteerVisibleTo,
} from '../visibility.js';
import {
  GuardianRelationEnum,
  VolunteerCertifierKindEnum,
  VolunteerEngagementRoleEnum,
  VolunteerRatingEnum,
  VolunteerRecordItemKindEnum,
  VolunteerSkillEnum,
  VolunteerTeamRoleEnum,
} from './volunteer-enums.js';

/**
 * The volunteer area's records as nodes (docs/domain.md §5.1, §5.2). No field reads a sealed
 * column: identifiers are masked, unmasked only by revealVolunteerIdentifiers. Every relation
 * into a record that bears jurisdiction applies core's read rule (access/volunteer-visibility.ts).
 * The links are relations on the composite keys (core's schema/relations.ts): a page of records
 * with their links is one statement on either path.
 */

const key = { districtCode: true, id: true } as const;

export const VolunteerRef: SharedNodeRef<
  'volunteers',
  { districtCode: string; id: number; homeCommunityId: number }
> = builder.drizzleNode('volunteers', {
  name: 'Volunteer',
  description:
    '志愿者 (docs/domain.md §5.1). Identity number and phone are personal data and only ever shown masked; the record is seen where the volunteer lives, serves, is engaged or belongs to a team.',
  id: { column: (row) => [row.districtCode, row.id] },
  // Only the key and the home community by default: each field brings the columns it reads, and
  // the sealed identifiers are read by none.
  select: { columns: { ...key, homeCommunityId: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders volunteers across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    name: t.exposeString('name'),
    residentIdMasked: t.exposeString('residentIdMasked', {
      description:
        'Resident identity number, masked (3205**********1234). Stored only encrypted; revealVolunteerIdentifiers unmasks it for a declared purpose.',
    }),
    mobilePhoneMasked: t.exposeString('mobilePhoneMasked', {
      nullable: true,
      description: 'Mobile number, masked.',
    }),
    adultOn: t.expose('adultOn', {
      type: 'Date',
      description: 'The 18th birthday, read from the ID number.',
    }),
    registeredOn: t.expose('registeredOn', { type: 'Date' }),
    realNameVerifiedOn: t.expose('realNameVerifiedOn', {
      type: 'Date',
      nullable: true,
      description: '实名注册: the day the name was checked against the identity document.',
    }),
    guardianName: t.exposeString('guardianName', {
      nullable: true,
      description: 'For a volunteer under 18 at registration: the guardian who consented (personal data).',
    }),
    guardianRelation: t.field({
      type: GuardianRelationEnum,
      nullable: true,
      select: { columns: { guardianRelation: true } },
      resolve: (row) => row.guardianRelation as 'parent' | null,
    }),
    guardianConsentOn: t.expose('guardianConsentOn', { type: 'Date', nullable: true }),
    skills: t.field({
      type: [VolunteerSkillEnum],
      select: { columns: { skills: true } },
      resolve: (row) => row.skills as 'other'[],
    }),
    withdrawnOn: t.expose('withdrawnOn', {
      type: 'Date',
      nullable: true,
      description: '注销: the day it left.',
    }),
    version: t.exposeInt('version'),
    homeCommunity: t.relation('homeCommunity'),
    services: t.relation('services', {
      description:
        'Its service records the caller may see, by start: those in force, or with `all` every record, corrected ones and voids included.',
      args: { all: t.arg.boolean({ description: 'Every record, not only those in force.' }) },
      query: (args, ctx) => ({
        where: {
          RAW: (table) =>
            and(
              volunteerServicesVisibleTo(ctx).RAW(table),
              args.all ? undefined : serviceInForce(table as typeof volunteerServices),
            )!,
        },
        orderBy: { startedAt: 'asc', id: 'asc' },
      }),
    }),
    servedMinutes: t.int({
      description: 'Minutes in force it served on the days from `from` to `to` (China days, both included).',
      args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
      resolve: async (row, args, ctx) =>
        (await ctx.volunteers.servedMinutes(row.id, args.from, args.to)) ?? 0,
    }),
    teams: t.relation('teamMemberships', {
      description: 'Its memberships of teams, past and present (those the caller may see).',
      query: (_args, ctx) => ({
        where: teamMembershipsVisibleTo(ctx),
        orderBy: { joinedOn: 'asc', id: 'asc' },
      }),
    }),
    engagements: t.relation('engagements', {
      query: (_args, ctx) => ({
        where: withVolunteerVisibleTo(ctx),
        orderBy: { startsOn: 'asc', id: 'asc' },
      }),
    }),
    recordItems: t.relation('recordItems', {
      description: 'Training, commendations and evaluations, by day.',
      query: (_args, ctx) => ({
        where: withVolunteerVisibleTo(ctx),
        orderBy: { occurredOn: 'asc', id: 'asc' },
      }),
    }),
    auditTrail: auditTrailField(t, 'volunteer'),
    personalDataAccessLog: personalDataAccessLogField(
      t,
      'volunteer',
      'Who unmasked this volunteer’s identifiers, when and why (newest first, at most 50). For city and district administrators.',
    ),
  }),
});

export const VolunteerTeamRef: SharedNodeRef<
  'volunteerTeams',
  { districtCode: string; id: number; communityId: number | null; organizationId: number | null }
> = builder.drizzleNode('volunteerTeams', {
  name: 'VolunteerTeam',
  description: 'A volunteer team (志愿服务队), led from a community or an organization.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { ...key, communityId: true, organizationId: true } },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders teams across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    name: t.exposeString('name'),
    foundedOn: t.expose('foundedOn', { type: 'Date' }),
    disbandedOn: t.expose('disbandedOn', { type: 'Date', nullable: true }),
    version: t.exposeInt('version'),
    community: t.relation('community', { nullable: true }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The organization it is led from (when the caller may see it).',
      query: (_args, ctx) => ({ where: organizationsVisibleTo(ctx) }),
    }),
    members: t.relation('members', {
      description:
        'Its memberships the caller may see, by the day they began; open ones unless `includeEnded`.',
      args: { includeEnded: t.arg.boolean() },
      query: (args, ctx) => ({
        where: {
          ...(args.includeEnded ? {} : { leftOn: { isNull: true } }),
          ...teamMembershipsVisibleTo(ctx),
        },
        orderBy: { joinedOn: 'asc', id: 'asc' },
      }),
    }),
    auditTrail: auditTrailField(t, 'volunteer_team'),
  }),
});

export const VolunteerTeamMembershipRef: SharedNodeRef<
  'volunteerTeamMembers',
  { districtCode: string; id: number; teamId: number; volunteerId: number }
> = builder.drizzleNode('volunteerTeamMembers', {
  name: 'VolunteerTeamMembership',
  description: 'A volunteer in a team, as a member or its leader, from one day to another.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { ...key, teamId: true, volunteerId: true } },
  fields: (t) => ({
    role: t.field({
      type: VolunteerTeamRoleEnum,
      select: { columns: { role: true } },
      resolve: (row) => row.role as 'member',
    }),
    joinedOn: t.expose('joinedOn', { type: 'Date' }),
    leftOn: t.expose('leftOn', { type: 'Date', nullable: true }),
    team: t.relation('team', {
      nullable: true,
      query: (_args, ctx) => ({ where: volunteerTeamsVisibleTo(ctx) }),
    }),
    volunteer: t.relation('volunteer', {
      nullable: true,
      description: 'The volunteer (when the caller may see it).',
      query: (_args, ctx) => ({ where: volunteersVisibleTo(ctx) }),
    }),
  }),
});

export const VolunteerEngagementRef: SharedNodeRef<
  'volunteerEngagements',
  { districtCode: string; id: number; volunteerId: number }
> = builder.drizzleNode('volunteerEngagements', {
  name: 'VolunteerEngagement',
  description:
    'What a volunteer serves with beyond a team: a grid (网格信息员), a project, a community or an organization.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { ...key, volunteerId: true } },
  fields: (t) => ({
    role: t.field({
      type: VolunteerEngagementRoleEnum,
      select: { columns: { role: true } },
      resolve: (row) => row.role as 'grid_informant',
    }),
    startsOn: t.expose('startsOn', { type: 'Date' }),
    endsOn: t.expose('endsOn', { type: 'Date', nullable: true }),
    gridCode: t.string({
      nullable: true,
      description: 'The grid of a grid informant (its code).',
      select: { with: { grid: { columns: { code: true } } } },
      resolve: (row) => row.grid?.code ?? null,
      extensions: compiledValue((row) => {
        const grid = alias(grids, 'engagement_grid');
        return sql`(select ${grid.code} from ${grids} ${grid} where ${grid.districtCode} = ${row.districtCode} and ${grid.id} = ${row.gridId})`;
      }),
    }),
    volunteer: t.relation('volunteer', {
      nullable: true,
      description: 'The volunteer (when the caller may see it).',
      query: (_args, ctx) => ({ where: volunteersVisibleTo(ctx) }),
    }),
  }),
});

export const VolunteerServiceRef: SharedNodeRef<
  'volunteerServices',
  {
    districtCode: string;
    id: number;
    volunteerId: number;
    correctsServiceId: number | null;
    communityId: number | null;
    certifierTeamId: number | null;
  }
> = builder.drizzleNode('volunteerServices', {
  name: 'VolunteerService',
  description:
    'A service record (志愿服务记录, 民政部令第67号): what was done, where, when, and the minutes actually served, certified by whoever organized it. Unpaid: it holds time, never money. Never edited: a correction is a new record naming it.',
  id: { column: (row) => [row.districtCode, row.id] },
  select: {
    columns: { ...key, volunteerId: true, correctsServiceId: true, communityId: true, certifierTeamId: true },
  },
  fields: (t) => ({
    districtCode: t.exposeString('districtCode'),
    sortKey: t.string({
      description: 'Orders records across the city.',
      resolve: recordSortKey,
      extensions: recordSortKeyInSql,
    }),
    content: t.exposeString('content'),
    place: t.exposeString('place'),
    startedAt: t.field({
      type: 'DateTime',
      select: { columns: { startedAt: true } },
      resolve: (row) => storedInstant(row.startedAt),
      extensions: compiledValue((row) => row.startedAt),
    }),
    endedAt: t.field({
      type: 'DateTime',
      select: { columns: { endedAt: true } },
      resolve: (row) => storedInstant(row.endedAt),
      extensions: compiledValue((row) => row.endedAt),
    }),
    minutes: t.exposeInt('minutes', { description: 'Time actually served, travel excluded; 0 for a void.' }),
    certifierKind: t.field({
      type: VolunteerCertifierKindEnum,
      select: { columns: { certifierKind: true } },
      resolve: (row) => row.certifierKind as 'team',
    }),
    certifierName: t.exposeString('certifierName', {
      description: 'The certifying unit’s name as it stood.',
    }),
    correctionReason: t.exposeString('correctionReason', { nullable: true }),
    isVoid: t.exposeBoolean('isVoid', { description: 'A correction saying the service did not take place.' }),
    recordedAt: t.field({
      type: 'DateTime',
      select: { columns: { recordedAt: true } },
      resolve: (row) => storedInstant(row.recordedAt),
      extensions: compiledValue((row) => row.recordedAt),
    }),
    inForce: t.boolean({
      description: 'Whether it counts: no correction names it and it is not a void.',
      // Whether any record corrects it, seen by the caller or not: core's one rule, in SQL on
      // either path (an extra, not the `correctedBy` relation the caller's field reads filtered).
      select: { extras: { inForce: (table) => serviceInForce(table as typeof volunteerServices) } },
      resolve: (row) => row.inForce === true,
      extensions: compiledValue((row) => serviceInForce(row as typeof volunteerServices)),
    }),
    corrects: t.relation('corrects', {
      nullable: true,
      description: 'The record this one corrects.',
      query: (_args, ctx) => ({ where: volunteerServicesVisibleTo(ctx) }),
    }),
    correctedBy: t.relation('correctedBy', {
      nullable: true,
      description: 'The record that corrected this one, if any.',
      query: (_args, ctx) => ({ where: volunteerServicesVisibleTo(ctx) }),
    }),
    community: t.relation('community', { nullable: true }),
    certifierTeam: t.relation('certifierTeam', {
      nullable: true,
      query: (_args, ctx) => ({ where: volunteerTeamsVisibleTo(ctx) }),
    }),
    volunteer: t.relation('volunteer', {
      nullable: true,
      description: 'The volunteer (when the caller may see it).',
      query: (_args, ctx) => ({ where: volunteersVisibleTo(ctx) }),
    }),
    auditTrail: auditTrailField(t, 'volunteer_service'),
  }),
});

export const VolunteerRecordItemRef: SharedNodeRef<
  'volunteerRecordItems',
  { districtCode: string; id: number; volunteerId: number }
> = builder.drizzleNode('volunteerRecordItems', {
  name: 'VolunteerRecordItem',
  description: 'Training, a commendation or an evaluation in a volunteer’s record (民政部令第67号 第八条).',
  id: { column: (row) => [row.districtCode, row.id] },
  select: { columns: { ...key, volunteerId: true } },
  fields: (t) => ({
    kind: t.field({
      type: VolunteerRecordItemKindEnum,
      select: { columns: { kind: true } },
      resolve: (row) => row.kind as 'training',
    }),
    title: t.exposeString('title'),
    issuer: t.exposeString('issuer'),
    occurredOn: t.expose('occurredOn', { type: 'Date' }),
    minutes: t.exposeInt('minutes', { nullable: true, description: 'Training time (not service time).' }),
    rating: t.field({
      type: VolunteerRatingEnum,
      nullable: true,
      select: { columns: { rating: true } },
      resolve: (row) => row.rating as 'good' | null,
    }),
    volunteer: t.relation('volunteer', {
      nullable: true,
      description: 'The volunteer (when the caller may see it).',
      query: (_args, ctx) => ({ where: volunteersVisibleTo(ctx) }),
    }),
  }),
});
