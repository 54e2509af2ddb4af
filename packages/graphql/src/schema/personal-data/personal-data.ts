import { resolveCursorConnection } from '@pothos/plugin-relay';
import {
  createPersonalDataService,
  type PersonalDataAccessRow,
  personalDataAccessLog,
  type RevealedWorkerIdentifiers,
  SansheError,
  sensitiveCategories,
  unmaskPurposes,
} from '@sanshe/core';
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { builder, defaultPageSize, maxPageSize } from '../../builder.js';
import {
  compiledJson,
  compiledJsonField,
  dateTimeSQL,
  globalIdSQL,
} from '../../compiled-reads/compiled-value.js';
import type { DistrictContext } from '../../context.js';
import { routeExtension } from '../../gateway/routes.js';
import { encodeGlobalId } from '../../global-id.js';
import { defineMutation } from '../../mutation-field.js';
import { codeListEnum } from '../code-list-enum.js';
import { visibleLocalIdOf } from '../local-id.js';
import { byInputGlobalId } from '../mutation-routes.js';

/**
 * Personal data (docs/domain.md §9) in the API: identifiers are masked everywhere; unmasking is a
 * mutation (it writes the access log, and a GET cannot trigger it) that names the fields and a
 * purpose; the access log is read by administrators.
 */

export const UnmaskPurposeEnum = builder.enumType('UnmaskPurpose', {
  description: 'Why personal data is unmasked; written to the access log with every unmasked read.',
  values: Object.fromEntries(
    Object.entries(unmaskPurposes).map(([code, label]) => [code, { value: code, description: label }]),
  ) as Record<keyof typeof unmaskPurposes, { value: keyof typeof unmaskPurposes; description: string }>,
});

export const SensitiveCategoryEnum = builder.enumType('SensitiveCategory', {
  description:
    'Sensitive personal information (PIPL art. 28): unmasked only for a purpose its category admits.',
  values: Object.fromEntries(
    Object.entries(sensitiveCategories).map(([code, label]) => [code, { value: code, description: label }]),
  ) as Record<
    keyof typeof sensitiveCategories,
    { value: keyof typeof sensitiveCategories; description: string }
  >,
});

const SocialWorkerIdentifierEnum = codeListEnum(
  'SocialWorkerIdentifier',
  'A social worker’s identifier that can be unmasked.',
  {
    residentId: '公民身份号码',
    mobilePhone: '手机号码',
  } as const,
);

/** An entry of the personal-data access log. */
export const PersonalDataAccessRef = builder
  .objectRef<PersonalDataAccessRow>('PersonalDataAccess')
  .implement({
    description: 'One unmasked read of one field of one record: who, what, why, when. Append-only.',
    fields: (t) => ({
      id: t.id({
        description: 'The entry’s global ID (PersonalDataAccess), stable for paging and citing.',
        resolve: (row) => encodeGlobalId('PersonalDataAccess', row.districtCode, row.id),
        extensions: compiledJsonField(),
      }),
      occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
      actorId: t.exposeString('actorId'),
      actorRole: t.exposeString('actorRole', { nullable: true }),
      entityType: t.exposeString('entityType'),
      entityId: t.exposeInt('entityId', { description: 'The record’s local id in its district.' }),
      field: t.exposeString('field'),
      purpose: t.field({
        type: UnmaskPurposeEnum,
        resolve: (row) => row.purpose as keyof typeof unmaskPurposes,
        extensions: compiledJsonField(),
      }),
      purposeNote: t.exposeString('purposeNote', { nullable: true }),
      sensitiveCategory: t.field({
        type: SensitiveCategoryEnum,
        nullable: true,
        resolve: (row) => row.sensitiveCategory as keyof typeof sensitiveCategories | null,
        extensions: compiledJsonField(),
      }),
    }),
  });

/** How many entries a record's access log shows: the newest. */
const recordLogLength = 50;

/**
 * The `personalDataAccessLog` field of a record type with personal data: who unmasked the
 * record's identifiers, for the administrators core's personal-data service admits (the scope
 * says the same). The one definition, for every such type.
 */
export function personalDataAccessLogField(
  // biome-ignore lint/suspicious/noExplicitAny: the field builder of any drizzle object type
  t: any,
  entityType: string,
  description: string,
) {
  return t.field({
    type: [PersonalDataAccessRef],
    nullable: true,
    authScopes: { auditReader: true },
    description,
    resolve: (row: { id: number }, _args: unknown, ctx: DistrictContext) =>
      createPersonalDataService(ctx.district, { actor: ctx.actor }).accessLog({
        entityType,
        entityId: row.id,
        limit: recordLogLength,
      }),
    // The same entries in the compiled statement (the compiler checks the scope).
    extensions: compiledJson((row) => recordAccessLogSQL(row, entityType)),
  });
}

/** The newest entries of a record's access log, newest first, as `PersonalDataAccess` answers them. */
function recordAccessLogSQL(row: { districtCode: unknown; id: unknown }, entityType: string) {
  const log = personalDataAccessLog;
  const entry = alias(log, 'access_entry');
  const newest = sql`(select * from ${log} where ${log.districtCode} = ${row.districtCode}
    and ${log.entityType} = ${entityType} and ${log.entityId} = ${row.id}
    order by ${log.id} desc limit ${sql.raw(String(recordLogLength))})`;
  return sql`(select coalesce(jsonb_agg(jsonb_build_object(
      'id', ${globalIdSQL('PersonalDataAccess', entry.districtCode, entry.id)},
      'occurredAt', ${dateTimeSQL(entry.occurredAt)},
      'actorId', ${entry.actorId}, 'actorRole', ${entry.actorRole}, 'entityType', ${entry.entityType},
      'entityId', ${entry.entityId}, 'field', ${entry.field}, 'purpose', ${entry.purpose},
      'purposeNote', ${entry.purposeNote}, 'sensitiveCategory', ${entry.sensitiveCategory})
      order by ${entry.id} desc), '[]'::jsonb)
    from ${newest} as ${entry})`;
}

const RevealedIdentifiersRef = builder
  .objectRef<RevealedWorkerIdentifiers & { districtCode: string }>('RevealedSocialWorkerIdentifiers')
  .implement({
    description: 'A social worker’s identifiers in clear, as asked for; the read is in the access log.',
    fields: (t) => ({
      workerId: t.id({
        description: 'The worker’s global ID.',
        resolve: (row) => encodeGlobalId('SocialWorker', row.districtCode, row.workerId),
      }),
      residentId: t.exposeString('residentId', { nullable: true }),
      mobilePhone: t.exposeString('mobilePhone', { nullable: true }),
      sensitiveCategories: t.field({
        type: [SensitiveCategoryEnum],
        resolve: (row) => row.sensitiveCategories,
      }),
    }),
  });

const RevealInput = builder.inputType('RevealSocialWorkerIdentifiersInput', {
  fields: (t) => ({
    workerId: t.id({ required: true }),
    fields: t.field({ type: [SocialWorkerIdentifierEnum], required: true }),
    purpose: t.field({ type: UnmaskPurposeEnum, required: true }),
    purposeNote: t.string({
      description: 'Why, in words; required for sensitive values (at most 500 characters).',
    }),
  }),
});

defineMutation('revealSocialWorkerIdentifiers', {
  type: RevealedIdentifiersRef,
  description:
    'Unmask a social worker’s identity number or phone for a declared purpose. For administrators, civil-affairs, unit and organization staff in whose jurisdiction the worker is, and the worker itself (DATA_SUBJECT_REQUEST); every field read is logged.',
  input: RevealInput,
  route: byInputGlobalId('workerId'),
  resolve: async (input, ctx) => {
    const workerId = await visibleLocalIdOf(ctx, String(input.workerId), 'SocialWorker', [
      'input',
      'workerId',
    ]);
    const revealed = await ctx.socialWorkers.revealIdentifiers({
      workerId,
      fields: input.fields,
      purpose: input.purpose,
      purposeNote: input.purposeNote ?? null,
    });
    return { ...revealed, districtCode: ctx.district.districtCode };
  },
});

builder.queryFields((t) => ({
  personalDataAccessLog: t.connection(
    {
      type: PersonalDataAccessRef,
      nullable: true,
      authScopes: { auditReader: true },
      description:
        'Who unmasked personal data in a district, newest first, paged like every list (at most 100 a page; `after` the last cursor for older entries). For its city and district administrators; null with a FORBIDDEN error for anyone else.',
      args: {
        districtCode: t.arg.string({ required: true }),
        actorId: t.arg.string(),
        entityType: t.arg.string(),
      },
      extensions: routeExtension({ kind: 'code', argPath: ['districtCode'] }),
      resolve: async (_root, args, ctx) => {
        const page = await resolveCursorConnection(
          {
            args,
            toCursor: (row) => String((row as PersonalDataAccessRow).id),
            defaultSize: defaultPageSize,
            maxSize: maxPageSize,
          },
          ({ before, after, limit, inverted }): Promise<PersonalDataAccessRow[]> =>
            createPersonalDataService(ctx.district, { actor: ctx.actor }).accessLog({
              ...(args.actorId ? { actorId: args.actorId } : {}),
              ...(args.entityType ? { entityType: args.entityType } : {}),
              ...(after ? { beforeId: accessLogCursor(after, 'after') } : {}),
              ...(before ? { afterId: accessLogCursor(before, 'before') } : {}),
              oldestFirst: inverted,
              limit,
            }),
        );
        // The helper types its nodes loosely; they are the rows the function above returns.
        return page as NonNullable<typeof page> & {
          edges: { cursor: string; node: PersonalDataAccessRow }[];
        };
      },
    },
    { name: 'PersonalDataAccessConnection' },
    { name: 'PersonalDataAccessEdge' },
  ),
}));

/** An access-log cursor is the entry's id; anything else is not a cursor this list made. */
function accessLogCursor(cursor: string, arg: 'after' | 'before'): number {
  const id = /^[1-9]\d{0,15}$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (!Number.isSafeInteger(id)) {
    throw new SansheError('INVALID_CURSOR', 'Not a cursor of the personal-data access log.', {
      path: [arg],
    });
  }
  return id;
}
