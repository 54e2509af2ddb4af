import { and, asc, eq, sql } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { type SocialWorkerPost, socialWorkerPosts } from '../schema/social-workers.js';
import { periodsOverlap } from '../services/dates.js';
import { parseName } from '../validators/text.js';
import { postWriteTarget } from './post-target.js';
import type { SocialWorkerContext } from './social-worker-context.js';
import type { EndPostInput, StartPostInput } from './social-worker-types.js';

/**
 * Posts (docs/domain.md §4): a worker works with an organization or a community for a period;
 * full-time posts of one worker never overlap.
 */
export function createPostUseCases(ctx: SocialWorkerContext) {
  const { kit, db, districtCode, unwrap, requireDate, requireWorker, assertEmployerActive } = ctx;
  return {
    /**
     * A post the worker holds with an organization or a community, from a day on. A worker holds
     * at most one full-time post at a time.
     *
     * @throws {SansheError} VALIDATION_FAILED (not exactly one employer; fullTime not a boolean),
     * INVALID_NAME (title), INVALID_DATE, INVALID_DATE_RANGE, NOT_FOUND (worker, employer),
     * ORGANIZATION_INACTIVE, PARENT_RETIRED, OVERLAPPING_POST.
     */
    async startPost(input: StartPostInput): Promise<SocialWorkerPost> {
      const workerId = kit.requireId(input.workerId, 'social worker', ['input', 'workerId']);
      const organizationGiven = input.organizationId !== undefined && input.organizationId !== null;
      const communityGiven = input.communityId !== undefined && input.communityId !== null;
      if (organizationGiven === communityGiven) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'A post is with exactly one employer: give either organizationId or communityId.',
          { path: ['input', 'organizationId'] },
        );
      }
      const employer = organizationGiven
        ? {
            organizationId: kit.requireId(input.organizationId, 'social organization', [
              'input',
              'organizationId',
            ]),
          }
        : { communityId: kit.requireId(input.communityId, 'community', ['input', 'communityId']) };
      const title = unwrap(parseName(input.title, { path: ['input', 'title'] }));
      if (typeof input.fullTime !== 'boolean') {
        throw new SansheError('VALIDATION_FAILED', 'Say whether the post is full-time (true or false).', {
          path: ['input', 'fullTime'],
        });
      }
      const fullTime = input.fullTime;
      const startsOn = kit.dateOrToday(input.startsOn, ['input', 'startsOn']);
      const endsOn =
        input.endsOn === undefined || input.endsOn === null
          ? null
          : requireDate(input.endsOn, ['input', 'endsOn']);
      if (endsOn !== null && endsOn < startsOn) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `The post ends (${endsOn}) before it starts (${startsOn}).`,
          {
            path: ['input', 'endsOn'],
          },
        );
      }
      return db.transaction(async (tx) => {
        // A worker or organization the caller cannot see is not theirs to place or employ.
        await kit.requireVisible(tx, 'social_worker', workerId, ['input', 'workerId']);
        if (employer.organizationId !== undefined) {
          await kit.requireVisible(tx, 'social_organization', employer.organizationId, [
            'input',
            'organizationId',
          ]);
        }
        kit.authorize('worker.post', { ...(await postWriteTarget(tx, districtCode, employer)), workerId });
        // The worker's row is the lock of their posts: two full-time posts started at once are
        // checked one after the other, so the second sees the first.
        await requireWorker(tx, workerId, 'update', ['input', 'workerId']);
        await assertEmployerActive(tx, employer, startsOn);
        if (fullTime) {
          const others = await tx
            .select()
            .from(socialWorkerPosts)
            .where(
              and(
                eq(socialWorkerPosts.districtCode, districtCode),
                eq(socialWorkerPosts.workerId, workerId),
                eq(socialWorkerPosts.fullTime, true),
              ),
            )
            .orderBy(asc(socialWorkerPosts.startsOn));
          const clash = others.find((post) =>
            periodsOverlap({ from: startsOn, until: endsOn }, { from: post.startsOn, until: post.endsOn }),
          );
          if (clash) {
            throw new SansheError(
              'OVERLAPPING_POST',
              `The worker holds full-time post ${clash.id} (${clash.title}) from ${clash.startsOn} to ${clash.endsOn ?? 'now'}, which overlaps this one.`,
              {
                path: ['input', 'startsOn'],
                details: { postId: clash.id, startsOn: clash.startsOn, endsOn: clash.endsOn },
              },
            );
          }
        }
        const [row] = await tx
          .insert(socialWorkerPosts)
          .values({
            districtCode,
            workerId,
            organizationId: 'organizationId' in employer ? employer.organizationId : null,
            communityId: 'communityId' in employer ? employer.communityId : null,
            title,
            fullTime,
            startsOn,
            endsOn,
          })
          .returning();
        await kit.audit(tx, {
          action: 'post.start',
          entityType: 'social_worker_post',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },
    /**
     * End a post on its last day.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, VERSION_CONFLICT, ALREADY_ENDED,
     * INVALID_DATE_RANGE.
     */
    async endPost(input: EndPostInput): Promise<SocialWorkerPost> {
      const postId = kit.requireId(input.postId, 'post', ['input', 'postId']);
      const endsOn = requireDate(input.endsOn, ['input', 'endsOn']);
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(socialWorkerPosts)
          .where(and(eq(socialWorkerPosts.districtCode, districtCode), eq(socialWorkerPosts.id, postId)))
          .for('update');
        if (!current) throw kit.notFound('post', postId, ['input', 'postId']);
        kit.authorize('worker.post', {
          ...(await postWriteTarget(tx, districtCode, current)),
          workerId: current.workerId,
        });
        kit.checkVersion(current, input.expectedVersion, `Post ${postId}`);
        if (current.endsOn !== null) {
          throw new SansheError('ALREADY_ENDED', `Post ${postId} already ends on ${current.endsOn}.`, {
            path: ['input', 'postId'],
          });
        }
        if (endsOn < current.startsOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Post ${postId} starts on ${current.startsOn}; it cannot end before, on ${endsOn}.`,
            { path: ['input', 'endsOn'] },
          );
        }
        const [row] = await tx
          .update(socialWorkerPosts)
          .set({ endsOn, version: current.version + 1, updatedAt: sql`now()` })
          .where(
            and(
              eq(socialWorkerPosts.districtCode, districtCode),
              eq(socialWorkerPosts.id, postId),
              eq(socialWorkerPosts.version, current.version),
            ),
          )
          .returning();
        if (!row) throw new Error(`post ${postId} changed while locked`);
        await kit.audit(tx, {
          action: 'post.end',
          entityType: 'social_worker_post',
          entityId: postId,
          before: current,
          after: row,
        });
        return row;
      });
    },
    /** A worker's posts, earliest first. */
    async postsOf(workerId: number): Promise<SocialWorkerPost[]> {
      const id = kit.requireId(workerId, 'social worker', ['workerId']);
      await requireWorker(db, id, false, ['workerId']);
      return db
        .select()
        .from(socialWorkerPosts)
        .where(and(eq(socialWorkerPosts.districtCode, districtCode), eq(socialWorkerPosts.workerId, id)))
        .orderBy(asc(socialWorkerPosts.startsOn), asc(socialWorkerPosts.id));
    },
  };
}
