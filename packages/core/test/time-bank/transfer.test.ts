/**
 * Transfers of points (docs/domain.md §5.5, policy `time_bank.transfer`; sanshe's default: to a
 * spouse, parent or child, at most 500 points a year, and between a volunteer and its team's
 * pool): refused outside the policy (TRANSFER_NOT_ALLOWED, with the policy and the year's total),
 * below the floor (INSUFFICIENT_BALANCE), or by someone who may not spend the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTimeBankDistrict,
  expectRefusal,
  newKey,
  serveAndSettle,
  type TimeBankDistrict,
} from './fixture.js';

let district: TimeBankDistrict;

beforeAll(async () => {
  district = await createTimeBankDistrict();
  // 张伟 earns 600 points (60 hours at 10 an hour), in 30 records of two hours.
  for (let i = 0; i < 30; i++) await serveAndSettle(district, district.volunteers.leader, 120);
});

afterAll(async () => {
  await district?.database.close();
});

const pointsOf = async (volunteerId: number) =>
  (await district.bank.volunteerAccounts(volunteerId)).find((a) => a.unit === 'points')?.balance ?? 0;

describe('transferring points', () => {
  it('gives to family within the yearly figure, then refuses beyond it with the figures', async () => {
    const leader = district.as(district.actors.leader);
    const { leader: from, other: to } = district.volunteers;
    // 王芳 lives in another community: the subdistrict's staff sees both
    // (the volunteer itself cannot see her record, so a family gift goes through the staff).
    const staff = district.as(district.actors.subdistrict);
    await staff.transferPoints({
      from: { volunteerId: from },
      to: { volunteerId: to },
      points: 450,
      reason: 'family',
      relation: 'parent',
      transferredOn: '2025-09-01',
      idempotencyKey: newKey(),
    });
    expect(await pointsOf(from)).toBe(150);
    expect(await pointsOf(to)).toBe(450);
    const error = await expectRefusal(
      district,
      () =>
        staff.transferPoints({
          from: { volunteerId: from },
          to: { volunteerId: to },
          points: 51,
          reason: 'family',
          relation: 'parent',
          transferredOn: '2025-09-02',
          idempotencyKey: newKey(),
        }),
      'TRANSFER_NOT_ALLOWED',
      ['input', 'reason'],
    );
    expect(error.details).toMatchObject({
      familyGivenThisYear: 450,
      requested: 51,
      policy: { family: true, maxPointsPerYear: 500 },
    });
    await expectRefusal(
      district,
      () =>
        staff.transferPoints({
          from: { volunteerId: from },
          to: { volunteerId: to },
          points: 5,
          reason: 'family',
          relation: 'sibling',
          idempotencyKey: newKey(),
        }),
      'TRANSFER_NOT_ALLOWED',
    );
    // A volunteer may not name a holder it cannot see.
    await expectRefusal(
      district,
      () =>
        leader.transferPoints({
          from: { volunteerId: from },
          to: { volunteerId: to },
          points: 5,
          reason: 'family',
          relation: 'parent',
          idempotencyKey: newKey(),
        }),
      'NOT_FOUND',
      ['input', 'to', 'volunteerId'],
    );
  });

  it('moves points between a member and its team pool; the leader spends the pool', async () => {
    const { leader, member } = district.volunteers;
    await district.as(district.actors.leader).transferPoints({
      from: { volunteerId: leader },
      to: { teamId: district.teamId },
      points: 100,
      reason: 'team_pool',
      idempotencyKey: newKey(),
    });
    await district.as(district.actors.leader).transferPoints({
      from: { teamId: district.teamId },
      to: { volunteerId: member },
      points: 40,
      reason: 'team_pool',
      idempotencyKey: newKey(),
    });
    expect(await pointsOf(member)).toBe(40);
    // A member who does not lead the team may not spend its pool.
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.member).transferPoints({
          from: { teamId: district.teamId },
          to: { volunteerId: member },
          points: 10,
          reason: 'team_pool',
          idempotencyKey: newKey(),
        }),
      'FORBIDDEN',
    );
    // Nor anyone spend more than the pool holds (a pool's floor is 0).
    const error = await expectRefusal(
      district,
      () =>
        district.as(district.actors.leader).transferPoints({
          from: { teamId: district.teamId },
          to: { volunteerId: member },
          points: 61,
          reason: 'team_pool',
          idempotencyKey: newKey(),
        }),
      'INSUFFICIENT_BALANCE',
      ['input', 'points'],
    );
    expect(error.details).toMatchObject({ balance: 60, floor: 0, requested: 61 });
  });

  it('takes donations to a pool and gives awards from it; refuses a shape the reason does not have', async () => {
    const { leader, member } = district.volunteers;
    await district.as(district.actors.leader).transferPoints({
      from: { volunteerId: leader },
      to: { communityId: district.communityId },
      points: 20,
      reason: 'donation',
      idempotencyKey: newKey(),
    });
    await district.as(district.actors.community).transferPoints({
      from: { communityId: district.communityId },
      to: { volunteerId: member },
      points: 15,
      reason: 'award',
      idempotencyKey: newKey(),
    });
    expect(await pointsOf(member)).toBe(55);
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.community).transferPoints({
          from: { communityId: district.communityId },
          to: { volunteerId: member },
          points: 1,
          reason: 'donation',
          idempotencyKey: newKey(),
        }),
      'TRANSFER_NOT_ALLOWED',
    );
    // Another community's staff may not spend this community's pool.
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.otherCommunity).transferPoints({
          from: { communityId: district.communityId },
          to: { communityId: district.otherCommunityId },
          points: 1,
          reason: 'award',
          idempotencyKey: newKey(),
        }),
      'FORBIDDEN',
    );
  });

  it('reverses a transfer once while the receiver still holds the points', async () => {
    const { member } = district.volunteers;
    const gift = await district.as(district.actors.community).transferPoints({
      from: { communityId: district.communityId },
      to: { volunteerId: member },
      points: 5,
      reason: 'award',
      idempotencyKey: newKey(),
    });
    const before = await pointsOf(member);
    await district.as(district.actors.subdistrict).reverseTimeBankEntry({
      transferId: gift.transferId!,
      reason: '奖励发放有误',
      idempotencyKey: newKey(),
    });
    expect(await pointsOf(member)).toBe(before - 5);
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.subdistrict).reverseTimeBankEntry({
          transferId: gift.transferId!,
          reason: '重复',
          idempotencyKey: newKey(),
        }),
      'ALREADY_REVERSED',
    );
  });

  it('refuses bad input before anything is written', async () => {
    const staff = district.as(district.actors.subdistrict);
    const { leader, member } = district.volunteers;
    await expectRefusal(
      district,
      () =>
        staff.transferPoints({
          from: { volunteerId: leader },
          to: { volunteerId: member },
          points: 1,
          reason: 'family',
          idempotencyKey: newKey(),
        }),
      'VALIDATION_FAILED',
      ['input', 'relation'],
    );
    await expectRefusal(
      district,
      () =>
        staff.transferPoints({
          from: { volunteerId: leader },
          to: { volunteerId: leader },
          points: 1,
          reason: 'award',
          idempotencyKey: newKey(),
        }),
      'VALIDATION_FAILED',
      ['input', 'to'],
    );
    await expectRefusal(
      district,
      () =>
        staff.transferPoints({
          from: { volunteerId: leader },
          to: { volunteerId: member },
          points: 1.5,
          reason: 'donation',
          idempotencyKey: newKey(),
        }),
      'INVALID_NUMBER',
      ['input', 'points'],
    );
    await expectRefusal(
      district,
      () =>
        staff.transferPoints({
          from: { volunteerId: 999_999 },
          to: { volunteerId: member },
          points: 1,
          reason: 'award',
          idempotencyKey: newKey(),
        }),
      'NOT_FOUND',
      ['input', 'from', 'volunteerId'],
    );
  });
});
