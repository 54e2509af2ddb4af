/**
 * Recording delivery (docs/domain.md §6.6): the undertaker records activities under its contract
 * with the time its people gave; the reads return them and add them up. Every refusal names its
 * code and field, and leaves every table as it was.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordActivityInput } from '../../src/delivery/index.js';
import { auditLog } from '../../src/schema/index.js';
import {
  type ChainContract,
  createDeliveryChain,
  type DeliveryChain,
  DISTRICT,
  expectRefusal,
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

function activity(overrides: Partial<RecordActivityInput> = {}): RecordActivityInput {
  return {
    contractId: underway.contractId,
    communityId: chain.communities.served,
    title: '长者健康讲座：夏季防暑',
    method: 'group_work',
    heldOn: '2025-07-12',
    place: '狮山社区党群服务中心二楼活动室',
    participantCount: 28,
    hours: [
      { role: 'social_worker', workerId: chain.workers.wang, minutes: 150 },
      { role: 'other_staff', minutes: 120 },
      { role: 'volunteer', minutes: 90 },
      { role: 'volunteer', minutes: 90 },
    ],
    ...overrides,
  };
}

describe('recording an activity', () => {
  it('records the activity with its hours, audits it, and the reads add it up', async () => {
    const recorded = await chain.delivery().recordActivity(activity());
    expect(recorded.activity).toMatchObject({
      districtCode: DISTRICT,
      contractId: underway.contractId,
      communityId: chain.communities.served,
      method: 'group_work',
      heldOn: '2025-07-12',
      participantCount: 28,
      status: 'recorded',
      confirmedOn: null,
      confirmedBy: null,
      version: 1,
    });
    expect(recorded.hours.map(({ role, workerId, minutes }) => ({ role, workerId, minutes }))).toEqual([
      { role: 'social_worker', workerId: chain.workers.wang, minutes: 150 },
      { role: 'other_staff', workerId: null, minutes: 120 },
      { role: 'volunteer', workerId: null, minutes: 90 },
      { role: 'volunteer', workerId: null, minutes: 90 },
    ]);
    const [entry] = await chain.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'delivery_activity.record'), eq(auditLog.entityId, recorded.activity.id)),
      );
    expect(entry).toMatchObject({ actorId: chain.staff.undertaker.id, entityType: 'delivery_activity' });

    // A second activity in the other community served, by community work, on the last day possible.
    await chain.delivery(chain.staff.admin).recordActivity(
      activity({
        communityId: chain.communities.secondServed,
        method: 'community_work',
        title: '邻里互助议事会',
        place: '何山社区广场',
        heldOn: TODAY,
        participantCount: 40,
        hours: [{ role: 'social_worker', workerId: chain.workers.wang, minutes: 60 }],
      }),
    );
    const reads = chain.delivery(chain.staff.subdistrict);
    const list = await reads.activitiesOfContract(underway.contractId);
    expect(list.map((row) => row.heldOn)).toEqual(['2025-07-12', TODAY]);
    expect(await reads.hoursOfActivity(recorded.activity.id)).toHaveLength(4);
    expect(await reads.activity(recorded.activity.id)).toMatchObject({ id: recorded.activity.id });
    expect(await reads.deliveryTotals(underway.contractId)).toEqual({
      contractId: underway.contractId,
      activities: 2,
      byStatus: { recorded: 2, confirmed: 0, disputed: 0 },
      participants: 68,
      minutes: { social_worker: 210, other_staff: 120, volunteer: 180 },
      totalMinutes: 510,
    });
  });

  it('answers nothing for a contract or activity that does not exist', async () => {
    const reads = chain.delivery();
    expect(await reads.deliveryTotals(999_999)).toBeNull();
    expect(await reads.activity(999_999)).toBeNull();
    expect(await reads.activitiesOfContract(-1)).toEqual([]);
    expect(await reads.hoursOfActivity(1.5)).toEqual([]);
  });
});

describe('what is refused before anything is read', () => {
  it.each([
    [
      'a title naming a phone number',
      { title: '王阿姨 13912345678 的生日会' },
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'title'],
    ],
    ['an empty title', { title: '  ' }, 'VALIDATION_FAILED', ['input', 'title']],
    ['a title with a control character', { title: '讲座\u0000' }, 'INVALID_TEXT', ['input', 'title']],
    [
      'a place holding a resident ID',
      { place: '320505198803120245 家中' },
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'place'],
    ],
    [
      'an unknown method',
      { method: 'therapy' as 'casework' },
      'INVALID_CODE_LIST_VALUE',
      ['input', 'method'],
    ],
    ['a malformed day', { heldOn: '2025-02-30' }, 'INVALID_DATE', ['input', 'heldOn']],
    ['a day after today', { heldOn: '2025-10-01' }, 'DATE_IN_FUTURE', ['input', 'heldOn']],
    [
      'a negative participant count',
      { participantCount: -1 },
      'INVALID_NUMBER',
      ['input', 'participantCount'],
    ],
    [
      'a fractional participant count',
      { participantCount: 2.5 },
      'INVALID_NUMBER',
      ['input', 'participantCount'],
    ],
    ['a contract id that cannot exist', { contractId: 0 }, 'NOT_FOUND', ['input', 'contractId']],
    ['a community id that cannot exist', { communityId: -3 }, 'NOT_FOUND', ['input', 'communityId']],
    ['no hours at all', { hours: [] }, 'VALIDATION_FAILED', ['input', 'hours']],
  ] as const)('refuses %s', async (_what, overrides, code, path) => {
    await expectRefusal(
      chain,
      () => chain.delivery().recordActivity(activity(overrides as Partial<RecordActivityInput>)),
      code,
      path,
    );
  });

  it('refuses hours that are not a day’s work, unnamed social workers, named volunteers and a worker twice', async () => {
    const record = (hours: RecordActivityInput['hours']) => () =>
      chain.delivery().recordActivity(activity({ hours }));
    const wang = chain.workers.wang;
    await expectRefusal(chain, record([{ role: 'volunteer', minutes: 0 }]), 'INVALID_NUMBER', [
      'input',
      'hours',
      0,
      'minutes',
    ]);
    await expectRefusal(
      chain,
      record([
        { role: 'other_staff', minutes: 30 },
        { role: 'social_worker', workerId: wang, minutes: 1441 },
      ]),
      'INVALID_NUMBER',
      ['input', 'hours', 1, 'minutes'],
    );
    await expectRefusal(chain, record([{ role: 'social_worker', minutes: 60 }]), 'VALIDATION_FAILED', [
      'input',
      'hours',
      0,
      'workerId',
    ]);
    await expectRefusal(
      chain,
      record([{ role: 'volunteer', workerId: wang, minutes: 60 }]),
      'VALIDATION_FAILED',
      ['input', 'hours', 0, 'workerId'],
    );
    await expectRefusal(
      chain,
      record([{ role: 'caretaker' as 'volunteer', minutes: 60 }]),
      'INVALID_CODE_LIST_VALUE',
      ['input', 'hours', 0, 'role'],
    );
    await expectRefusal(
      chain,
      record([
        { role: 'social_worker', workerId: wang, minutes: 60 },
        { role: 'volunteer', minutes: 60 },
        { role: 'social_worker', workerId: wang, minutes: 30 },
      ]),
      'DUPLICATE_RECORD',
      ['input', 'hours', 2, 'workerId'],
    );
  });
});

describe('what the chain refuses', () => {
  it('records only while the purchase is at implementation (STAGE_OUT_OF_ORDER)', async () => {
    const signed = await chain.addContract('contract');
    const assessed = await chain.addContract('evaluation');
    const closed = await chain.addContract('closure');
    for (const contract of [signed, assessed, closed]) {
      const error = await expectRefusal(
        chain,
        () => chain.delivery().recordActivity(activity({ contractId: contract.contractId })),
        'STAGE_OUT_OF_ORDER',
        ['input', 'contractId'],
      );
      expect(error).toMatchObject({ details: { allowed: ['implementation'] } });
    }
  });

  it('refuses a day outside delivery: before implementation, after a termination', async () => {
    await expectRefusal(
      chain,
      () => chain.delivery().recordActivity(activity({ heldOn: '2025-02-28' })),
      'INVALID_DATE_RANGE',
      ['input', 'heldOn'],
    );
    const ended = await chain.addContract('implementation', { terminatedOn: '2025-06-30' });
    await expectRefusal(
      chain,
      () => chain.delivery().recordActivity(activity({ contractId: ended.contractId, heldOn: '2025-07-01' })),
      'INVALID_DATE_RANGE',
      ['input', 'heldOn'],
    );
    await expect(
      chain.delivery().recordActivity(activity({ contractId: ended.contractId, heldOn: '2025-06-30' })),
    ).resolves.toMatchObject({ activity: { heldOn: '2025-06-30' } });
  });

  it('refuses a community the project does not serve, and a method it does not use (NOT_ELIGIBLE)', async () => {
    for (const communityId of [chain.communities.unserved, chain.communities.other]) {
      await expectRefusal(
        chain,
        () => chain.delivery().recordActivity(activity({ communityId })),
        'NOT_ELIGIBLE',
        ['input', 'communityId'],
      );
    }
    await expectRefusal(
      chain,
      () => chain.delivery().recordActivity(activity({ communityId: 999_999 })),
      'NOT_FOUND',
      ['input', 'communityId'],
    );
    await expectRefusal(
      chain,
      () => chain.delivery().recordActivity(activity({ method: 'casework' })),
      'NOT_ELIGIBLE',
      ['input', 'method'],
    );
  });

  it('counts a social worker only while holding a post with the undertaker on the day', async () => {
    const hoursOf = (workerId: number) => [
      { role: 'volunteer' as const, minutes: 30 },
      { role: 'social_worker' as const, workerId, minutes: 60 },
    ];
    // 李's post ended on 2025-04-30: counted on that day, not after.
    await expect(
      chain.delivery().recordActivity(activity({ heldOn: '2025-04-30', hours: hoursOf(chain.workers.li) })),
    ).resolves.toMatchObject({ activity: { heldOn: '2025-04-30' } });
    await expectRefusal(
      chain,
      () =>
        chain.delivery().recordActivity(activity({ heldOn: '2025-05-01', hours: hoursOf(chain.workers.li) })),
      'NOT_ELIGIBLE',
      ['input', 'hours', 1, 'workerId'],
    );
    // 赵 works for another organization: the undertaker's staff cannot see her at all …
    await expectRefusal(
      chain,
      () => chain.delivery().recordActivity(activity({ hours: hoursOf(chain.workers.zhao) })),
      'NOT_FOUND',
      ['input', 'hours', 1, 'workerId'],
    );
    // … and the district, which sees her, is told she holds no post with the undertaker.
    await expectRefusal(
      chain,
      () =>
        chain.delivery(chain.staff.admin).recordActivity(activity({ hours: hoursOf(chain.workers.zhao) })),
      'NOT_ELIGIBLE',
      ['input', 'hours', 1, 'workerId'],
    );
    await expectRefusal(
      chain,
      () => chain.delivery(chain.staff.admin).recordActivity(activity({ hours: hoursOf(999_999) })),
      'NOT_FOUND',
      ['input', 'hours', 1, 'workerId'],
    );
  });
});

describe('who may record', () => {
  it('refuses another organization’s staff: FORBIDDEN to a rival bidder who sees the contract, NOT_FOUND to one who does not', async () => {
    await expectRefusal(
      chain,
      () => chain.delivery(chain.staff.rival).recordActivity(activity()),
      'FORBIDDEN',
    );
    await expectRefusal(
      chain,
      () => chain.delivery(chain.staff.stranger).recordActivity(activity()),
      'NOT_FOUND',
      ['input', 'contractId'],
    );
  });

  it('refuses the units and the bureau, who attest delivery but do not record it', async () => {
    for (const actor of [
      chain.staff.community,
      chain.staff.subdistrict,
      chain.staff.bureau,
      chain.staff.evaluator,
    ]) {
      await expectRefusal(chain, () => chain.delivery(actor).recordActivity(activity()), 'FORBIDDEN');
    }
    await expectRefusal(
      chain,
      () => chain.delivery(chain.staff.otherSubdistrict).recordActivity(activity()),
      'NOT_FOUND',
      ['input', 'contractId'],
    );
  });

  it('answers a missing contract as NOT_FOUND to the district and to the undertaker alike', async () => {
    for (const actor of [chain.staff.admin, chain.staff.undertaker]) {
      await expectRefusal(
        chain,
        () => chain.delivery(actor).recordActivity(activity({ contractId: 999_999 })),
        'NOT_FOUND',
        ['input', 'contractId'],
      );
    }
  });
});
