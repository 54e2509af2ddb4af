/**
 * The community's answer to delivery (docs/domain.md §6.6): the community where an activity took
 * place confirms it, or disputes it with the reason, once (activity-lifecycle.ts,
 * STATUS_NOT_ALLOWED). Neither the undertaker nor another community answers for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordActivityInput } from '../../src/delivery/index.js';
import { activityLifecycle } from '../../src/delivery/index.js';
import {
  type ChainContract,
  createDeliveryChain,
  type DeliveryChain,
  expectRefusal,
  moveStage,
  TODAY,
} from './fixture.js';

let chain: DeliveryChain;
let underway: ChainContract;

beforeAll(async () => {
  chain = await createDeliveryChain();
  underway = await chain.addContract('implementation');
});

afterAll(async () => {
  await chain?.database.close();
});

async function recordActivity(overrides: Partial<RecordActivityInput> = {}) {
  const { activity } = await chain.delivery().recordActivity({
    contractId: underway.contractId,
    communityId: chain.communities.served,
    title: '社区长者互助小组第3次活动',
    method: 'group_work',
    heldOn: '2025-08-20',
    place: '狮山社区日间照料中心',
    participantCount: 12,
    hours: [{ role: 'social_worker', workerId: chain.workers.wang, minutes: 120 }],
    ...overrides,
  });
  return activity;
}

describe('the state machine', () => {
  it('moves recorded → confirmed or disputed, and nowhere from there', () => {
    expect(activityLifecycle.eventsFrom('recorded')).toEqual(['confirm', 'dispute']);
    expect(activityLifecycle.eventsFrom('confirmed')).toEqual([]);
    expect(activityLifecycle.eventsFrom('disputed')).toEqual([]);
    expect(activityLifecycle.actionOf('confirm')).toBe('delivery.confirm');
  });
});

describe('confirming and disputing', () => {
  it('lets the community confirm an activity, with the day and who confirmed, once', async () => {
    const activity = await recordActivity();
    const confirmed = await chain
      .delivery(chain.staff.community)
      .confirmActivity({ activityId: activity.id, on: '2025-08-22', expectedVersion: 1 });
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      confirmedOn: '2025-08-22',
      confirmedBy: chain.staff.community.id,
      disputeReason: null,
      version: 2,
    });
    const error = await expectRefusal(
      chain,
      () =>
        chain
          .delivery(chain.staff.community)
          .disputeActivity({ activityId: activity.id, reason: '人数不符' }),
      'STATUS_NOT_ALLOWED',
      ['input', 'activityId'],
    );
    expect(error).toMatchObject({ details: { state: 'confirmed', event: 'dispute', allowed: [] } });
    await expectRefusal(
      chain,
      () => chain.delivery(chain.staff.community).confirmActivity({ activityId: activity.id }),
      'STATUS_NOT_ALLOWED',
      ['input', 'activityId'],
    );
  });

  it('lets the community dispute an activity with its reason, on today by default, even once delivery has ended', async () => {
    const activity = await recordActivity({ participantCount: 30 });
    await moveStage(chain, underway.purchaseId, 'evaluation', '2025-09-01');
    const disputed = await chain
      .delivery(chain.staff.subdistrict)
      .disputeActivity({ activityId: activity.id, reason: '签到表仅12人，与记录的30人不符' });
    expect(disputed).toMatchObject({
      status: 'disputed',
      confirmedOn: TODAY,
      confirmedBy: chain.staff.subdistrict.id,
      disputeReason: '签到表仅12人，与记录的30人不符',
    });
    const totals = await chain.delivery().deliveryTotals(underway.contractId);
    expect(totals?.byStatus).toEqual({ recorded: 0, confirmed: 1, disputed: 1 });
    await expectRefusal(
      chain,
      () => chain.delivery(chain.staff.community).confirmActivity({ activityId: activity.id }),
      'STATUS_NOT_ALLOWED',
      ['input', 'activityId'],
    );
  });
});

describe('what is refused', () => {
  let activity: Awaited<ReturnType<typeof recordActivity>>;

  beforeAll(async () => {
    const other = await chain.addContract('implementation');
    const { activity: recorded } = await chain.delivery().recordActivity({
      contractId: other.contractId,
      communityId: chain.communities.served,
      title: '防诈骗宣传进社区',
      method: 'community_work',
      heldOn: '2025-09-10',
      place: '狮山社区文化广场',
      participantCount: 85,
      hours: [{ role: 'volunteer', minutes: 180 }],
    });
    activity = recorded;
  });

  it('refuses a dispute without a reason, and bad days', async () => {
    const community = () => chain.delivery(chain.staff.community);
    await expectRefusal(
      chain,
      () => community().disputeActivity({ activityId: activity.id, reason: ' ' }),
      'VALIDATION_FAILED',
      ['input', 'reason'],
    );
    await expectRefusal(
      chain,
      () => community().disputeActivity({ activityId: activity.id, reason: '未见活动\u0007' }),
      'INVALID_TEXT',
      ['input', 'reason'],
    );
    await expectRefusal(
      chain,
      () => community().confirmActivity({ activityId: activity.id, on: '2025-09-09' }),
      'INVALID_DATE_RANGE',
      ['input', 'on'],
    );
    await expectRefusal(
      chain,
      () => community().confirmActivity({ activityId: activity.id, on: '2025-10-01' }),
      'DATE_IN_FUTURE',
      ['input', 'on'],
    );
    await expectRefusal(
      chain,
      () => community().confirmActivity({ activityId: activity.id, on: '09/10/2025' }),
      'INVALID_DATE',
      ['input', 'on'],
    );
    await expectRefusal(
      chain,
      () => community().confirmActivity({ activityId: activity.id, expectedVersion: 7 }),
      'VERSION_CONFLICT',
      ['input', 'expectedVersion'],
    );
    await expectRefusal(chain, () => community().confirmActivity({ activityId: 999_999 }), 'NOT_FOUND', [
      'input',
      'activityId',
    ]);
  });

  it('refuses another community: FORBIDDEN when it sees the project, NOT_FOUND when it does not', async () => {
    // 何山社区 is served by the project too, but the activity took place in 狮山社区.
    await expectRefusal(
      chain,
      () => chain.delivery(chain.staff.secondCommunity).confirmActivity({ activityId: activity.id }),
      'FORBIDDEN',
    );
    for (const actor of [chain.staff.unservedCommunity, chain.staff.otherSubdistrict, chain.staff.stranger]) {
      await expectRefusal(
        chain,
        () => chain.delivery(actor).confirmActivity({ activityId: activity.id }),
        'NOT_FOUND',
        ['input', 'activityId'],
      );
    }
  });

  it('refuses the undertaker, who records, and the rival bidder: neither attests', async () => {
    for (const actor of [
      chain.staff.undertaker,
      chain.staff.rival,
      chain.staff.bureau,
      chain.staff.evaluator,
    ]) {
      await expectRefusal(
        chain,
        () => chain.delivery(actor).disputeActivity({ activityId: activity.id, reason: '无' }),
        'FORBIDDEN',
      );
    }
    await expect(
      chain.delivery(chain.staff.community).confirmActivity({ activityId: activity.id }),
    ).resolves.toMatchObject({ status: 'confirmed', confirmedBy: chain.staff.community.id });
  });
});
