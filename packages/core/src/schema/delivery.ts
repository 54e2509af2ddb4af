import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { districtCodeColumn, idColumn, idReference, recordColumns } from './columns.js';
import { communities } from './hierarchy.js';
import { serviceContracts } from './purchases.js';
import { socialWorkers } from './social-workers.js';

/**
 * An activity delivered under a contract (docs/domain.md §6.6): what, when, where, by which
 * method, and how many took part. Participants are counted, never named: residents are personal
 * data, and a count is all the chain needs. The undertaking organization records it; the community
 * where it took place confirms it (or disputes it, with the reason).
 */
export const deliveryActivities = pgTable(
  'delivery_activities',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    contractId: idReference('contract_id').notNull(),
    communityId: idReference('community_id').notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    /** casework | group_work | community_work */
    method: varchar('method', { length: 16 }).notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    /** A public place (an activity room, a square): never a resident's home address. */
    place: varchar('place', { length: 200 }).notNull(),
    participantCount: integer('participant_count').notNull(),
    /** recorded | confirmed | disputed */
    status: varchar('status', { length: 16 }).notNull().default('recorded'),
    confirmedOn: date('confirmed_on', { mode: 'string' }),
    /** Who confirmed or disputed it for the community (the actor's id). */
    confirmedBy: varchar('confirmed_by', { length: 100 }),
    disputeReason: varchar('dispute_reason', { length: 500 }),
    ...recordColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'delivery_activities_contract_fk',
      columns: [t.districtCode, t.contractId],
      foreignColumns: [serviceContracts.districtCode, serviceContracts.id],
    }),
    foreignKey({
      name: 'delivery_activities_community_fk',
      columns: [t.districtCode, t.communityId],
      foreignColumns: [communities.districtCode, communities.id],
    }),
    index('delivery_activities_contract_idx').on(t.districtCode, t.contractId, t.heldOn),
    index('delivery_activities_community_idx').on(t.districtCode, t.communityId, t.heldOn),
    check('delivery_activities_method', sql`${t.method} in ('casework', 'group_work', 'community_work')`),
    check('delivery_activities_participants', sql`${t.participantCount} >= 0`),
    check(
      'delivery_activities_status',
      sql`(${t.status} = 'recorded' and ${t.confirmedOn} is null and ${t.confirmedBy} is null and ${t.disputeReason} is null)
        or (${t.status} = 'confirmed' and ${t.confirmedOn} >= ${t.heldOn} and ${t.confirmedBy} is not null and ${t.disputeReason} is null)
        or (${t.status} = 'disputed' and ${t.confirmedOn} >= ${t.heldOn} and ${t.confirmedBy} is not null and ${t.disputeReason} is not null)`,
    ),
  ],
);

/**
 * The time a social worker, another staff member or a volunteer gave to an activity, in minutes.
 * A social worker is named (a post-holder's work is the organization's record); volunteers are
 * linked to their records once the volunteer area exists (docs/domain.md §5), counted until then.
 */
export const activityHours = pgTable(
  'activity_hours',
  {
    districtCode: districtCodeColumn(),
    id: idColumn(),
    activityId: idReference('activity_id').notNull(),
    /** social_worker | other_staff | volunteer */
    role: varchar('role', { length: 16 }).notNull(),
    workerId: idReference('worker_id'),
    minutes: integer('minutes').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    foreignKey({
      name: 'activity_hours_activity_fk',
      columns: [t.districtCode, t.activityId],
      foreignColumns: [deliveryActivities.districtCode, deliveryActivities.id],
    }),
    foreignKey({
      name: 'activity_hours_worker_fk',
      columns: [t.districtCode, t.workerId],
      foreignColumns: [socialWorkers.districtCode, socialWorkers.id],
    }),
    uniqueIndex('activity_hours_worker_unique')
      .on(t.districtCode, t.activityId, t.workerId)
      .where(sql`${t.workerId} is not null`),
    index('activity_hours_worker_idx').on(t.districtCode, t.workerId),
    check('activity_hours_role', sql`${t.role} in ('social_worker', 'other_staff', 'volunteer')`),
    check('activity_hours_worker', sql`(${t.role} = 'social_worker') = (${t.workerId} is not null)`),
    // One activity is at most a day's work for one person.
    check('activity_hours_minutes', sql`${t.minutes} between 1 and 1440`),
  ],
);

export type DeliveryActivity = typeof deliveryActivities.$inferSelect;
export type ActivityHours = typeof activityHours.$inferSelect;
