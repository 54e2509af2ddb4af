import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Actor } from '../access/actor.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { createPolicyService } from '../policies/policy-service.js';
import { personalDataAccessLog } from '../schema/personal-data-access.js';

const hourSeconds = 3600;
const daySeconds = 24 * hourSeconds;

/**
 * Unmasking is limited per caller (per hour) and per person (per day), by the district's policy
 * `personal_data.reveal_limits`. The count is read from the access log itself, so the limit holds
 * across gateway processes and restarts, and every field of every alias in a request counts one
 * by one. Two transaction-scoped advisory locks (the caller's, then the person's; always in that
 * order, so two reveals cannot deadlock) make concurrent reveals count one after the other.
 *
 * Call it inside the transaction that appends the access-log rows, before appending them.
 *
 * @throws {SansheError} REVEAL_LIMIT_EXCEEDED with `details.retryAfterSeconds`.
 */
export async function withinRevealLimits(
  tx: SansheDb,
  context: { districtCode: string; actor: Actor; today: string },
  entity: { entityType: string; entityId: number },
  fields: number,
): Promise<void> {
  const { districtCode, actor } = context;
  // The embedding program itself (migrations, batch jobs) is not rate-limited.
  if (actor.role === undefined || actor.role === 'SYSTEM' || fields === 0) return;
  const actorId = actor.id.slice(0, 100);
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`reveal-caller:${districtCode}:${actorId}`}))`,
  );
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`reveal-person:${districtCode}:${entity.entityType}:${entity.entityId}`}))`,
  );
  const policies = createPolicyService({ db: tx, districtCode }, { today: () => context.today });
  const limits = (await policies.requireValueInForce('personal_data.reveal_limits', districtCode)).value;
  const log = personalDataAccessLog;
  const since = (seconds: number) => gt(log.occurredAt, sql`now() - make_interval(secs => ${seconds})`);
  const [byCaller] = await tx
    .select({ n: count() })
    .from(log)
    .where(and(eq(log.districtCode, districtCode), eq(log.actorId, actorId), since(hourSeconds)));
  if (byCaller!.n + fields > limits.perCallerPerHour) {
    throw new SansheError(
      'REVEAL_LIMIT_EXCEEDED',
      `You have unmasked ${byCaller!.n} identifiers in the last hour; at most ${limits.perCallerPerHour} are allowed.`,
      {
        path: ['input', 'fields'],
        details: { window: 'hour', limit: limits.perCallerPerHour, retryAfterSeconds: hourSeconds },
      },
    );
  }
  const [ofPerson] = await tx
    .select({ n: count() })
    .from(log)
    .where(
      and(
        eq(log.districtCode, districtCode),
        eq(log.entityType, entity.entityType),
        eq(log.entityId, entity.entityId),
        since(daySeconds),
      ),
    );
  if (ofPerson!.n + fields > limits.perPersonPerDay) {
    throw new SansheError(
      'REVEAL_LIMIT_EXCEEDED',
      `This person's identifiers have been unmasked ${ofPerson!.n} times in the last day; at most ${limits.perPersonPerDay} are allowed.`,
      {
        path: ['input', 'workerId'],
        details: { window: 'day', limit: limits.perPersonPerDay, retryAfterSeconds: daySeconds },
      },
    );
  }
}
