/**
 * An activity is checked against the purchase's stage in force when it commits (docs/domain.md
 * §6.6, delivery-rules.ts `requireImplementationStage`): the write holds the contract and the
 * purchase FOR SHARE, so a stage change in flight makes it wait, and it then sees the new stage.
 * PostgreSQL only: PGlite has one connection, so its transactions never overlap.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSansheError } from '../../src/errors/index.js';
import { purchases } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { type ChainContract, createDeliveryChain, type DeliveryChain, DISTRICT } from './fixture.js';

describe.skipIf(testDatabaseKind() === 'pglite')('an activity racing the end of implementation', () => {
  let chain: DeliveryChain;
  let underway: ChainContract;

  beforeAll(async () => {
    chain = await createDeliveryChain();
    underway = await chain.addContract('implementation');
  });

  afterAll(async () => {
    await chain?.database.close();
  });

  it('waits for the stage change, then is refused STAGE_OUT_OF_ORDER and writes nothing', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const where = and(eq(purchases.districtCode, DISTRICT), eq(purchases.id, underway.purchaseId));
    // The purchase service moving the stage on: it holds the purchase's row until it commits.
    const stageChange = chain.database.db.transaction(async (tx) => {
      await tx.select({ id: purchases.id }).from(purchases).where(where).for('update');
      holding();
      await released;
      await tx.update(purchases).set({ stage: 'evaluation', evaluationStartedOn: '2025-09-29' }).where(where);
    });
    await held;
    const write = track(
      chain.delivery().recordActivity({
        contractId: underway.contractId,
        communityId: chain.communities.served,
        title: '长者手工小组',
        method: 'group_work',
        heldOn: '2025-09-28',
        place: '狮山社区活动室',
        participantCount: 9,
        hours: [{ role: 'social_worker', workerId: chain.workers.wang, minutes: 90 }],
      }),
    );
    try {
      await until(
        async () => (await lockWaiters(chain.database)) >= 1,
        'the activity waits for the purchase',
      );
      expect(write.settled).toBe(false);
    } finally {
      // Let the stage change commit whatever happened, so the database can be closed.
      release();
      await stageChange;
    }
    const outcome = await write.result;
    expect(outcome.status).toBe('rejected');
    const reason = outcome.status === 'rejected' ? outcome.reason : undefined;
    expect(isSansheError(reason) && reason.code).toBe('STAGE_OUT_OF_ORDER');
    expect(await chain.delivery().activitiesOfContract(underway.contractId)).toEqual([]);
  });
});
