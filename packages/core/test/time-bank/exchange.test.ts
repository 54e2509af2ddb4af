/**
 * Exchanges of points for catalogue items (积分兑换, docs/domain.md §5.5): price × quantity from
 * the volunteer's points to points redeemed, stock down by the quantity; refused beyond the
 * balance (INSUFFICIENT_BALANCE, with the figures), beyond the stock or for a withdrawn item
 * (INSUFFICIENT_STOCK); idempotent by key; a reversal restocks, once.
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
let itemId: number;

beforeAll(async () => {
  district = await createTimeBankDistrict();
  // 张伟 earns 30 points (180 minutes at 10 an hour).
  await serveAndSettle(district, district.volunteers.leader, 180);
  ({ itemId } = await district.as(district.actors.community).listCatalogueItem({
    name: '爱心超市 食用油一桶',
    kind: 'goods',
    providerCommunityId: district.communityId,
    pricePoints: 8,
    stock: 3,
    listedOn: '2025-06-01',
    idempotencyKey: newKey(),
  }));
});

afterAll(async () => {
  await district?.database.close();
});

const points = async () =>
  (await district.bank.volunteerAccounts(district.volunteers.leader)).find((a) => a.unit === 'points')!
    .balance;
const stock = async () => (await district.bank.catalogue()).find((item) => item.id === itemId)!.stock;

describe('exchanging points', () => {
  it('moves price × quantity to points redeemed and takes the units from stock; a replay answers the same', async () => {
    const volunteer = district.as(district.actors.leader);
    const input = {
      volunteerId: district.volunteers.leader,
      itemId,
      quantity: 2,
      exchangedOn: '2025-09-01',
      idempotencyKey: newKey(),
    };
    const first = await volunteer.exchangePoints(input);
    expect(first).toMatchObject({
      kind: 'points_exchange',
      occurredOn: '2025-09-01',
      exchangeId: expect.any(Number),
    });
    expect(await points()).toBe(14);
    expect(await stock()).toBe(1);
    expect(await volunteer.exchangePoints({ ...input })).toEqual(first);
    expect(await points()).toBe(14);
    expect(await district.bank.totals()).toMatchObject({
      pointsIssued: 30,
      pointsRedeemed: 16,
      pointsOutstanding: 14,
    });
  });

  it('refuses another body under a used key, changing nothing', async () => {
    const volunteer = district.as(district.actors.leader);
    const idempotencyKey = newKey();
    await volunteer.exchangePoints({ volunteerId: district.volunteers.leader, itemId, idempotencyKey });
    await expectRefusal(
      district,
      () =>
        volunteer.exchangePoints({
          volunteerId: district.volunteers.leader,
          itemId,
          quantity: 1,
          exchangedOn: '2025-09-02',
          idempotencyKey,
        }),
      'IDEMPOTENCY_KEY_REUSED',
      ['input', 'idempotencyKey'],
    );
    expect(await stock()).toBe(0);
  });

  it('refuses beyond the stock and beyond the balance with the figures, changing nothing', async () => {
    const volunteer = district.as(district.actors.leader);
    const stockError = await expectRefusal(
      district,
      () =>
        volunteer.exchangePoints({
          volunteerId: district.volunteers.leader,
          itemId,
          idempotencyKey: newKey(),
        }),
      'INSUFFICIENT_STOCK',
      ['input', 'quantity'],
    );
    expect(stockError.details).toMatchObject({ stock: 0, requested: 1 });
    const { itemId: dear } = await district.as(district.actors.organization).listCatalogueItem({
      name: '助浴上门服务',
      kind: 'service',
      providerOrganizationId: district.organizationId,
      pricePoints: 50,
      idempotencyKey: newKey(),
    });
    const balanceError = await expectRefusal(
      district,
      () =>
        volunteer.exchangePoints({
          volunteerId: district.volunteers.leader,
          itemId: dear,
          idempotencyKey: newKey(),
        }),
      'INSUFFICIENT_BALANCE',
      ['input', 'quantity'],
    );
    expect(balanceError.details).toMatchObject({ unit: 'points', balance: 6, floor: 0, requested: 50 });
  });

  it('refuses a withdrawn item, and who may not spend the account', async () => {
    const { itemId: soap } = await district.as(district.actors.community).listCatalogueItem({
      name: '洗衣液',
      kind: 'goods',
      providerCommunityId: district.communityId,
      pricePoints: 1,
      stock: 10,
      listedOn: '2025-06-01',
      idempotencyKey: newKey(),
    });
    await district
      .as(district.actors.community)
      .withdrawCatalogueItem({ itemId: soap, withdrawnOn: '2025-09-10', idempotencyKey: newKey() });
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.leader).exchangePoints({
          volunteerId: district.volunteers.leader,
          itemId: soap,
          idempotencyKey: newKey(),
        }),
      'INSUFFICIENT_STOCK',
    );
    // Another volunteer cannot see, let alone spend, 张伟's account; another community's staff neither.
    await expectRefusal(
      district,
      () =>
        district
          .as(district.actors.other)
          .exchangePoints({ volunteerId: district.volunteers.leader, itemId, idempotencyKey: newKey() }),
      'NOT_FOUND',
      ['input', 'volunteerId'],
    );
    await expectRefusal(
      district,
      () =>
        district
          .as(district.actors.otherCommunity)
          .exchangePoints({ volunteerId: district.volunteers.leader, itemId, idempotencyKey: newKey() }),
      'NOT_FOUND',
      ['input', 'volunteerId'],
    );
    // Another organization's staff may not list items for a community.
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.organization).listCatalogueItem({
          name: '理发',
          kind: 'service',
          providerCommunityId: district.communityId,
          pricePoints: 5,
          idempotencyKey: newKey(),
        }),
      'FORBIDDEN',
    );
  });

  it('reverses an exchange once, restocking the item', async () => {
    const { itemId: towel } = await district.as(district.actors.community).listCatalogueItem({
      name: '毛巾',
      kind: 'goods',
      providerCommunityId: district.communityId,
      pricePoints: 2,
      stock: 5,
      listedOn: '2025-06-01',
      idempotencyKey: newKey(),
    });
    const exchange = await district.as(district.actors.community).exchangePoints({
      volunteerId: district.volunteers.leader,
      itemId: towel,
      quantity: 3,
      idempotencyKey: newKey(),
    });
    expect(await points()).toBe(0);
    const subdistrict = district.as(district.actors.subdistrict);
    const reversal = await subdistrict.reverseTimeBankEntry({
      exchangeId: exchange.exchangeId!,
      reason: '居民未领取，退回积分',
      idempotencyKey: newKey(),
    });
    expect(reversal).toMatchObject({ kind: 'reversal', reversesEntryId: exchange.entryId });
    expect(await points()).toBe(6);
    expect((await district.bank.catalogue()).find((item) => item.id === towel)!.stock).toBe(5);
    await expectRefusal(
      district,
      () =>
        subdistrict.reverseTimeBankEntry({
          exchangeId: exchange.exchangeId!,
          reason: '重复',
          idempotencyKey: newKey(),
        }),
      'ALREADY_REVERSED',
      ['input', 'exchangeId'],
    );
    // A community's staff may exchange at the counter but not reverse.
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.community).reverseTimeBankEntry({
          exchangeId: exchange.exchangeId!,
          reason: '重复',
          idempotencyKey: newKey(),
        }),
      'FORBIDDEN',
    );
  });

  it('refuses bad input before anything is written', async () => {
    const volunteer = district.as(district.actors.leader);
    await expectRefusal(
      district,
      () =>
        volunteer.exchangePoints({
          volunteerId: district.volunteers.leader,
          itemId,
          quantity: 0,
          idempotencyKey: newKey(),
        }),
      'INVALID_NUMBER',
      ['input', 'quantity'],
    );
    await expectRefusal(
      district,
      () =>
        volunteer.exchangePoints({
          volunteerId: district.volunteers.leader,
          itemId,
          idempotencyKey: 'short',
        }),
      'VALIDATION_FAILED',
      ['input', 'idempotencyKey'],
    );
    await expectRefusal(
      district,
      () =>
        volunteer.exchangePoints({
          volunteerId: district.volunteers.leader,
          itemId,
          exchangedOn: '2099-01-01',
          idempotencyKey: newKey(),
        }),
      'DATE_IN_FUTURE',
      ['input', 'exchangedOn'],
    );
    await expectRefusal(
      district,
      () =>
        district.as(district.actors.community).listCatalogueItem({
          name: '联系电话13912345678',
          kind: 'goods',
          providerCommunityId: district.communityId,
          pricePoints: 1,
          idempotencyKey: newKey(),
        }),
      'PERSONAL_DATA_IN_PUBLIC_TEXT',
      ['input', 'name'],
    );
  });
});
