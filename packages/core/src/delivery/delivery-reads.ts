import { and, asc, eq, sql } from 'drizzle-orm';
import {
  type ActivityHours,
  activityHours,
  type DeliveryActivity,
  deliveryActivities,
} from '../schema/delivery.js';
import { serviceContracts } from '../schema/purchases.js';
import { isLocalId } from '../services/service-kit.js';
import { type ActivityStatus, activityStatuses, type HoursRole, hoursRoles } from './code-lists.js';
import type { DeliveryContext } from './delivery-context.js';
import type { DeliveryTotals } from './delivery-types.js';

function zeroes<K extends string>(list: Record<K, string>): Record<K, number> {
  return Object.fromEntries(Object.keys(list).map((key) => [key, 0])) as Record<K, number>;
}

/**
 * Reads of delivery, outside any write's transaction. Like every read of core they filter by the
 * district only; who may see which contract is the gateway's visibility rule
 * (access/chain-visibility.ts `visibleWithContract`).
 */
export function createDeliveryReads(context: DeliveryContext) {
  const { kit, db, districtCode } = context;

  return {
    /** One activity by id, or null. */
    async activity(activityId: number): Promise<DeliveryActivity | null> {
      return (await kit.findRecord(db, deliveryActivities, activityId)) ?? null;
    },

    /** A contract's activities, by the day they took place (then as recorded). */
    activitiesOfContract(contractId: number): Promise<DeliveryActivity[]> {
      if (!isLocalId(contractId)) return Promise.resolve([]);
      return db
        .select()
        .from(deliveryActivities)
        .where(
          and(
            eq(deliveryActivities.districtCode, districtCode),
            eq(deliveryActivities.contractId, contractId),
          ),
        )
        .orderBy(asc(deliveryActivities.heldOn), asc(deliveryActivities.id));
    },

    /** The time given to an activity, row by row as recorded. */
    hoursOfActivity(activityId: number): Promise<ActivityHours[]> {
      if (!isLocalId(activityId)) return Promise.resolve([]);
      return db
        .select()
        .from(activityHours)
        .where(and(eq(activityHours.districtCode, districtCode), eq(activityHours.activityId, activityId)))
        .orderBy(asc(activityHours.id));
    },

    /**
     * What was delivered under a contract, added up: activities by status, participants (a
     * count of attendances, 人次) and minutes by role; null when there is no such contract. One
     * statement for the activities and one for the hours, whatever their number.
     */
    async deliveryTotals(contractId: number): Promise<DeliveryTotals | null> {
      const contract = await kit.findRecord(db, serviceContracts, contractId);
      if (!contract) return null;
      const byStatusRows = await db
        .select({
          status: deliveryActivities.status,
          activities: sql<number>`count(*)`.mapWith(Number),
          participants: sql<number>`coalesce(sum(${deliveryActivities.participantCount}), 0)`.mapWith(Number),
        })
        .from(deliveryActivities)
        .where(
          and(
            eq(deliveryActivities.districtCode, districtCode),
            eq(deliveryActivities.contractId, contractId),
          ),
        )
        .groupBy(deliveryActivities.status);
      const byRoleRows = await db
        .select({
          role: activityHours.role,
          minutes: sql<number>`coalesce(sum(${activityHours.minutes}), 0)`.mapWith(Number),
        })
        .from(activityHours)
        .innerJoin(
          deliveryActivities,
          and(
            eq(deliveryActivities.districtCode, activityHours.districtCode),
            eq(deliveryActivities.id, activityHours.activityId),
          ),
        )
        .where(
          and(eq(activityHours.districtCode, districtCode), eq(deliveryActivities.contractId, contractId)),
        )
        .groupBy(activityHours.role);
      const byStatus = zeroes(activityStatuses);
      let activities = 0;
      let participants = 0;
      for (const row of byStatusRows) {
        byStatus[row.status as ActivityStatus] = row.activities;
        activities += row.activities;
        participants += row.participants;
      }
      const minutes = zeroes(hoursRoles);
      for (const row of byRoleRows) minutes[row.role as HoursRole] = row.minutes;
      const totalMinutes = Object.values<number>(minutes).reduce((sum, value) => sum + value, 0);
      return { contractId, activities, byStatus, participants, minutes, totalMinutes };
    },
  };
}
