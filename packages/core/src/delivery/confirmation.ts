import { and, eq, sql } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { type DeliveryActivity, deliveryActivities } from '../schema/delivery.js';
import { communities } from '../schema/hierarchy.js';
import { type ActivityEvent, activityLifecycle } from './activity-lifecycle.js';
import type { ActivityStatus } from './code-lists.js';
import type { DeliveryContext } from './delivery-context.js';
import type { ConfirmActivityInput, DisputeActivityInput } from './delivery-types.js';

/**
 * The community's answer to a recorded activity (docs/domain.md §6.6): it confirms the activity
 * took place as recorded, or disputes it with the reason, on a day, once. The one who records
 * (the undertaker) is not the one who attests (谁记录谁证明 is answered by the community).
 */
export function createConfirmationUseCases(context: DeliveryContext) {
  const { kit, db, districtCode } = context;

  async function answer(
    event: ActivityEvent,
    input: ConfirmActivityInput,
    reason: string | null,
  ): Promise<DeliveryActivity> {
    const activityId = kit.requireId(input.activityId, 'delivery activity', ['input', 'activityId']);
    const on = kit.pastDate(input.on, ['input', 'on'], false);
    return db.transaction(async (tx) => {
      await kit.requireVisible(tx, 'delivery_activity', activityId, ['input', 'activityId']);
      const current = await kit.requireRecord(
        tx,
        deliveryActivities,
        activityId,
        'delivery activity',
        ['input', 'activityId'],
        'update',
      );
      const community = await kit.requireRecord(tx, communities, current.communityId, 'community', [
        'input',
        'activityId',
      ]);
      // The community where the activity took place answers for it, not another one the project serves.
      kit.authorize(activityLifecycle.actionOf(event), { unitCode: community.code });
      kit.checkVersion(current, input.expectedVersion, `Delivery activity ${current.id}`);
      const status = activityLifecycle.next(
        current.status as ActivityStatus,
        event,
        ['input', 'activityId'],
        `Delivery activity ${current.id}${current.confirmedOn ? `, answered on ${current.confirmedOn},` : ''}`,
      );
      if (on < current.heldOn) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `The community cannot answer (${on}) before the activity took place (${current.heldOn}).`,
          { path: ['input', 'on'] },
        );
      }
      const [answered] = await tx
        .update(deliveryActivities)
        .set({
          status,
          confirmedOn: on,
          confirmedBy: kit.actor.id.slice(0, 100),
          disputeReason: reason,
          version: sql`${deliveryActivities.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(
          and(
            eq(deliveryActivities.districtCode, districtCode),
            eq(deliveryActivities.id, current.id),
            eq(deliveryActivities.version, current.version),
          ),
        )
        .returning();
      if (!answered) throw kit.versionConflict(current, `Delivery activity ${current.id}`);
      await kit.audit(tx, {
        action: `delivery_activity.${event}`,
        entityType: 'delivery_activity',
        entityId: current.id,
        before: current,
        after: answered,
        reason,
      });
      return answered;
    });
  }

  return {
    /**
     * The community confirms the activity took place as recorded (`delivery.confirm` at the
     * activity's community), on a day (default today) not before the activity nor after today.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_DATE, DATE_IN_FUTURE, INVALID_DATE_RANGE,
     *   VERSION_CONFLICT, STATUS_NOT_ALLOWED (already confirmed or disputed)
     */
    confirmActivity(input: ConfirmActivityInput): Promise<DeliveryActivity> {
      return answer('confirm', input, null);
    },

    /**
     * The community disputes the activity, with the reason (kept internal: dispute reasons are
     * never published, §6.8).
     *
     * @throws {SansheError} as {@link confirmActivity}, and VALIDATION_FAILED or INVALID_TEXT (reason)
     */
    disputeActivity(input: DisputeActivityInput): Promise<DeliveryActivity> {
      const reason = kit.text(input.reason, ['input', 'reason'], { maxLength: 500, label: 'The reason' });
      return answer('dispute', input, reason);
    },
  };
}
