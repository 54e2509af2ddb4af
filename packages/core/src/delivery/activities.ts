import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { activityHours, deliveryActivities } from '../schema/delivery.js';
import { communities } from '../schema/hierarchy.js';
import { projectCommunities } from '../schema/service-projects.js';
import { socialWorkerPosts, socialWorkers } from '../schema/social-workers.js';
import { parseCode } from '../services/code-list.js';
import { deliveryMethods } from './code-lists.js';
import type { DeliveryContext } from './delivery-context.js';
import {
  parseParticipantCount,
  requireHeldWithinDelivery,
  requireImplementationStage,
} from './delivery-rules.js';
import type { RecordActivityInput, RecordedActivity } from './delivery-types.js';

/**
 * Recording delivery (docs/domain.md §6.6): the undertaking organization records each activity
 * under its contract, with the time its social workers, other staff and volunteers gave to it.
 */
export function createActivityUseCases(context: DeliveryContext) {
  const { kit, db, districtCode, publishedText, parseHours, contractChain } = context;

  return {
    /**
     * Record an activity under a contract, by the undertaker (`delivery.record` at the contract's
     * organization: an organization's staff records only under its own contracts). Refused unless
     * the purchase is at implementation, the day lies within delivery and not after today, the
     * community is one the project serves, the method is one of the project's, and every social
     * worker named holds a post with the undertaker on the day (social_worker_posts).
     *
     * The contract and the purchase are locked FOR SHARE while the activity is written, so the
     * stage and the term checked are the ones in force when it commits.
     *
     * @throws {SansheError} NOT_FOUND (contract, community, worker: missing or not visible),
     *   FORBIDDEN, VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT,
     *   INVALID_CODE_LIST_VALUE, INVALID_DATE, DATE_IN_FUTURE, INVALID_NUMBER, DUPLICATE_RECORD (a
     *   worker twice), STAGE_OUT_OF_ORDER, INVALID_DATE_RANGE, NOT_ELIGIBLE
     */
    async recordActivity(input: RecordActivityInput): Promise<RecordedActivity> {
      const contractId = kit.requireId(input.contractId, 'service contract', ['input', 'contractId']);
      const communityId = kit.requireId(input.communityId, 'community', ['input', 'communityId']);
      const title = publishedText(input.title, 'title', 200, 'The title');
      const method = parseCode(deliveryMethods, input.method, ['input', 'method'], 'The method');
      const heldOn = kit.pastDate(input.heldOn, ['input', 'heldOn']);
      const place = publishedText(input.place, 'place', 200, 'The place');
      const participantCount = parseParticipantCount(input.participantCount, ['input', 'participantCount']);
      const hours = parseHours(input.hours);

      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'service_contract', contractId, ['input', 'contractId']);
        const { contract, purchase, project } = await contractChain(
          tx,
          contractId,
          ['input', 'contractId'],
          'share',
        );
        kit.authorize('delivery.record', { organizationId: contract.organizationId });
        requireImplementationStage(purchase.stage, ['input', 'contractId']);
        requireHeldWithinDelivery(
          heldOn,
          {
            contractStartsOn: contract.startsOn,
            contractEndsOn: contract.endsOn,
            terminatedOn: contract.terminatedOn,
            implementationStartedOn: purchase.implementationStartedOn,
          },
          ['input', 'heldOn'],
        );
        const community = await kit.requireRecord(tx, communities, communityId, 'community', [
          'input',
          'communityId',
        ]);
        const [served] = await tx
          .select({ communityId: projectCommunities.communityId })
          .from(projectCommunities)
          .where(
            and(
              eq(projectCommunities.districtCode, districtCode),
              eq(projectCommunities.projectId, project.id),
              eq(projectCommunities.communityId, communityId),
            ),
          );
        if (!served) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `Community ${community.name} (${community.code}) is not one that project ${project.id} serves: its activities take place where it serves.`,
            { path: ['input', 'communityId'] },
          );
        }
        if (!project.methods.includes(method)) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `Project ${project.id} is delivered by ${project.methods.join(', ')}, not ${method} (${deliveryMethods[method]}).`,
            { path: ['input', 'method'], details: { methods: project.methods } },
          );
        }
        for (const [index, row] of hours.entries()) {
          if (row.workerId === null) continue;
          const path = ['input', 'hours', index, 'workerId'];
          await kit.requireVisible(tx, 'social_worker', row.workerId, path);
          await kit.requireRecord(tx, socialWorkers, row.workerId, 'social worker', path);
          // 谁组织谁记录: the hours a contract is credited with are its undertaker's staff's, so a
          // worker counts only while holding a post with the undertaker on the day.
          const [post] = await tx
            .select({ id: socialWorkerPosts.id })
            .from(socialWorkerPosts)
            .where(
              and(
                eq(socialWorkerPosts.districtCode, districtCode),
                eq(socialWorkerPosts.workerId, row.workerId),
                eq(socialWorkerPosts.organizationId, contract.organizationId),
                lte(socialWorkerPosts.startsOn, heldOn),
                or(isNull(socialWorkerPosts.endsOn), gte(socialWorkerPosts.endsOn, heldOn)),
              ),
            )
            .limit(1);
          if (!post) {
            throw new SansheError(
              'NOT_ELIGIBLE',
              `Social worker ${row.workerId} holds no post with the undertaking organization on ${heldOn}.`,
              { path },
            );
          }
        }
        const [activity] = await tx
          .insert(deliveryActivities)
          .values({ districtCode, contractId, communityId, title, method, heldOn, place, participantCount })
          .returning();
        const written = await tx
          .insert(activityHours)
          .values(hours.map((row) => ({ districtCode, activityId: activity!.id, ...row })))
          .returning();
        await kit.audit(tx, {
          action: 'delivery_activity.record',
          entityType: 'delivery_activity',
          entityId: activity!.id,
          after: { ...activity!, hours },
        });
        return { activity: activity!, hours: written.sort((a, b) => a.id - b.id) };
      });
    },
  };
}
