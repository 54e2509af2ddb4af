/**
 * Certified service into the time bank (docs/domain.md §5.5): a service in force banks its minutes
 * and earns floor(minutes × rate / 60) points at the rate of `time_bank.points_per_hour` on its
 * day; with no rate in force it banks minutes and earns 0 points ("not set"); an imported service
 * earns no points here; a correction reverses what the corrected record earned.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journalEntries, timeBankEarnings } from '../../src/schema/index.js';
import { POINTS_RATE_IMPORTED, POINTS_RATE_NOT_SET, pointsForMinutes } from '../../src/time-bank/index.js';
import {
  createTimeBankDistrict,
  DISTRICT,
  expectRefusal,
  newKey,
  serveAndSettle,
  type TimeBankDistrict,
} from './fixture.js';

let district: TimeBankDistrict;

beforeAll(async () => {
  district = await createTimeBankDistrict();
});

afterAll(async () => {
  await district?.database.close();
});

async function balances(volunteerId: number) {
  const accounts = await district.bank.volunteerAccounts(volunteerId);
  return Object.fromEntries(accounts.map((account) => [account.unit, account.balance]));
}

async function earningOf(serviceId: number) {
  const [row] = await district.database.db
    .select()
    .from(timeBankEarnings)
    .where(and(eq(timeBankEarnings.districtCode, DISTRICT), eq(timeBankEarnings.serviceId, serviceId)));
  return row;
}

describe('earnings of certified service', () => {
  it('rounds points down from the minutes and the rate, in hundredths', () => {
    expect(pointsForMinutes(90, 10)).toBe(15);
    expect(pointsForMinutes(59, 10)).toBe(9);
    expect(pointsForMinutes(90, 10.5)).toBe(15);
    expect(pointsForMinutes(60, 0.29)).toBe(0);
    expect(pointsForMinutes(600, 0.29)).toBe(2);
  });

  it('banks the minutes and pays the points of the rate in force, in one balanced entry', async () => {
    const { leader } = district.volunteers;
    const { service, settlement } = await serveAndSettle(district, leader, 95);
    expect(settlement).toEqual({ minutes: 95, points: 15, entryId: expect.any(Number) });
    expect(await balances(leader)).toEqual({ minutes: 95, points: 15 });
    expect(await earningOf(service.id)).toMatchObject({
      minutes: 95,
      points: 15,
      pointsPerHour: 10,
      policySource: '虎民〔2024〕88号 时间银行积分办法',
      entryId: settlement.entryId,
    });
    const [entry] = await district.database.db
      .select()
      .from(journalEntries)
      .where(eq(journalEntries.id, settlement.entryId!));
    expect(entry).toMatchObject({ kind: 'points_earning', occurredOn: '2025-03-01' });
    expect(await district.bank.totals()).toMatchObject({ pointsIssued: 15, minutesBanked: 95 });
  });

  it('banks minutes and earns no points when no rate is in force that day (source "not set")', async () => {
    const { other } = district.volunteers;
    // The rate applies from 2025-01-01: a service of 2024 earns no points.
    const { service, settlement } = await serveAndSettle(district, other, 120, { day: '2024-11-02' });
    expect(settlement).toEqual({ minutes: 120, points: 0, entryId: expect.any(Number) });
    expect(await earningOf(service.id)).toMatchObject({
      points: 0,
      pointsPerHour: 0,
      policySource: POINTS_RATE_NOT_SET,
    });
    expect(await balances(other)).toEqual({ minutes: 120 });
  });

  it('banks an imported service’s minutes without points: they were earned where it was served', async () => {
    const { member } = district.volunteers;
    const { service, settlement } = await serveAndSettle(district, member, 180, { imported: true });
    expect(settlement.points).toBe(0);
    expect(await earningOf(service.id)).toMatchObject({
      minutes: 180,
      points: 0,
      policySource: POINTS_RATE_IMPORTED,
    });
    expect(await balances(member)).toEqual({ minutes: 180 });
  });

  it('reverses what a corrected record earned, and earns for the correction', async () => {
    const { member } = district.volunteers;
    const first = await serveAndSettle(district, member, 120);
    expect(await balances(member)).toEqual({ minutes: 300, points: 20 });
    const correction = await serveAndSettle(district, member, 60, { corrects: first.service.id });
    expect(correction.settlement).toMatchObject({ minutes: 60, points: 10 });
    expect(await balances(member)).toEqual({ minutes: 240, points: 10 });
    const [reversal] = await district.database.db
      .select()
      .from(journalEntries)
      .where(eq(journalEntries.reversesEntryId, first.settlement.entryId!));
    expect(reversal).toMatchObject({ kind: 'reversal', occurredOn: '2025-09-30' });
    // The earning of the corrected record stays, as every ledger record does.
    expect(await earningOf(first.service.id)).toMatchObject({ points: 20 });

    // A void (the service did not happen) undoes the correction's earning and earns nothing.
    const voided = await serveAndSettle(district, member, 0, {
      corrects: correction.service.id,
      isVoid: true,
    });
    expect(voided.settlement).toEqual({ minutes: 0, points: 0, entryId: null });
    expect(await balances(member)).toEqual({ minutes: 180, points: 0 });
  });

  it('refuses a correction that would take back points already spent below the floor, changing nothing', async () => {
    const { leader } = district.volunteers;
    const earned = await serveAndSettle(district, leader, 60);
    expect(await balances(leader)).toMatchObject({ points: 25 });
    const { itemId } = await district.as(district.actors.community).listCatalogueItem({
      name: '理发服务',
      kind: 'service',
      providerCommunityId: district.communityId,
      pricePoints: 20,
      listedOn: '2025-06-01',
      idempotencyKey: newKey(),
    });
    await district.as(district.actors.leader).exchangePoints({
      volunteerId: leader,
      itemId,
      exchangedOn: '2025-09-01',
      idempotencyKey: newKey(),
    });
    const error = await expectRefusal(
      district,
      () => serveAndSettle(district, leader, 10, { corrects: earned.service.id }),
      'INSUFFICIENT_BALANCE',
      ['input', 'correctsServiceId'],
    );
    expect(error.details).toMatchObject({ unit: 'points', balance: 5, floor: 0, requested: 10 });
  });
});
