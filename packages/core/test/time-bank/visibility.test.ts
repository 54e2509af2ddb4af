/**
 * Who reads the time bank (docs/domain.md §5.5, §14): a volunteer its own accounts, a community
 * its volunteers' and its pool, an organization its pool, district roles all, PUBLIC the catalogue
 * and the totals only. The ledger is shared with funds: the time bank's accounts and entries never
 * appear in funds' reads or the service chain's ledger visibility, whoever asks.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visibleJournalEntries, visibleLedgerAccounts } from '../../src/access/chain-visibility.js';
import { recordIsVisible } from '../../src/access/record-visibility.js';
import { createFundsService } from '../../src/funds/index.js';
import { journalEntries, ledgerAccounts } from '../../src/schema/index.js';
import { createTimeBankService } from '../../src/time-bank/index.js';
import {
  createTimeBankDistrict,
  DISTRICT,
  newKey,
  serveAndSettle,
  type TimeBankDistrict,
  TODAY,
} from './fixture.js';

let district: TimeBankDistrict;
let leaderPoints: number;
let poolAccount: number;
let orgPool: number;
let earningEntry: number;

beforeAll(async () => {
  district = await createTimeBankDistrict();
  const { settlement } = await serveAndSettle(district, district.volunteers.leader, 120);
  earningEntry = settlement.entryId!;
  await serveAndSettle(district, district.volunteers.other, 60);
  await district.as(district.actors.leader).transferPoints({
    from: { volunteerId: district.volunteers.leader },
    to: { communityId: district.communityId },
    points: 5,
    reason: 'donation',
    idempotencyKey: newKey(),
  });
  // Organizations are not visible to a volunteer's reach: the embedding program records this one.
  await createTimeBankService(district.database, { today: () => TODAY }).transferPoints({
    from: { volunteerId: district.volunteers.leader },
    to: { organizationId: district.organizationId },
    points: 5,
    reason: 'donation',
    idempotencyKey: newKey(),
  });
  const accounts = await district.database.db.select().from(ledgerAccounts);
  leaderPoints = accounts.find(
    (a) => a.volunteerId === district.volunteers.leader && a.unit === 'points',
  )!.id;
  poolAccount = accounts.find((a) => a.kind === 'community')!.id;
  orgPool = accounts.find((a) => a.kind === 'organization')!.id;
});

afterAll(async () => {
  await district?.database.close();
});

describe('reading the time bank', () => {
  it('shows a volunteer its own accounts only', async () => {
    const own = district.as(district.actors.leader);
    expect((await own.timeBankAccount(leaderPoints))?.balance).toBe(10);
    expect((await own.statement(leaderPoints))?.lines.map((line) => [line.entryKind, line.amount])).toEqual([
      ['points_transfer', -5],
      ['points_transfer', -5],
      ['points_earning', 20],
    ]);
    expect(await district.as(district.actors.other).timeBankAccount(leaderPoints)).toBeNull();
    expect(await district.as(district.actors.other).statement(leaderPoints)).toBeNull();
    expect(await district.as(district.actors.other).volunteerAccounts(district.volunteers.leader)).toEqual(
      [],
    );
  });

  it('shows a community its volunteers’ accounts and its pool, an organization its pool', async () => {
    const community = district.as(district.actors.community);
    expect(await community.timeBankAccount(leaderPoints)).not.toBeNull();
    expect(await community.timeBankAccount(poolAccount)).not.toBeNull();
    expect(await community.timeBankAccount(orgPool)).toBeNull();
    expect(await district.as(district.actors.otherCommunity).timeBankAccount(leaderPoints)).toBeNull();
    const organization = district.as(district.actors.organization);
    expect(await organization.timeBankAccount(orgPool)).not.toBeNull();
    expect(await organization.timeBankAccount(leaderPoints)).toBeNull();
    // A statement pages, newest first.
    const page = await district.bank.statement(leaderPoints, { limit: 1, offset: 1 });
    expect(page).toMatchObject({ totalLines: 3, lines: [{ entryKind: 'points_transfer', amount: -5 }] });
  });

  it('gives PUBLIC the catalogue and the totals, never an account', async () => {
    await district.as(district.actors.community).listCatalogueItem({
      name: '社区食堂餐券',
      kind: 'goods',
      providerCommunityId: district.communityId,
      pricePoints: 3,
      stock: 100,
      idempotencyKey: newKey(),
    });
    const anyone = district.as(district.actors.public);
    expect((await anyone.catalogue()).map((item) => item.name)).toEqual(['社区食堂餐券']);
    expect(await anyone.totals()).toEqual({
      pointsIssued: 30,
      pointsRedeemed: 0,
      pointsOutstanding: 30,
      minutesBanked: 180,
    });
    expect(await anyone.timeBankAccount(leaderPoints)).toBeNull();
    expect(
      await recordIsVisible(
        district.database.db,
        district.actors.public,
        DISTRICT,
        'time_bank_account',
        leaderPoints,
      ),
    ).toBe(false);
  });

  it('keeps points out of funds and of the service chain’s ledger, for district roles too', async () => {
    const { db } = district.database;
    const admin = { id: 'qu-01', role: 'DISTRICT_ADMIN', district: DISTRICT } as const;
    const funds = createFundsService(district.database, { actor: admin, today: () => TODAY });
    expect(await funds.ledgerAccount(leaderPoints)).toBeNull();
    expect(await funds.accountLines(leaderPoints)).toEqual([]);
    expect(await recordIsVisible(db, admin, DISTRICT, 'ledger_account', leaderPoints)).toBe(false);
    expect(await recordIsVisible(db, admin, DISTRICT, 'journal_entry', earningEntry)).toBe(false);
    expect(await recordIsVisible(db, admin, DISTRICT, 'time_bank_account', leaderPoints)).toBe(true);
    expect(await db.$count(ledgerAccounts, visibleLedgerAccounts(admin, DISTRICT, ledgerAccounts))).toBe(0);
    expect(await db.$count(journalEntries, visibleJournalEntries(admin, DISTRICT, journalEntries))).toBe(0);
    expect(await db.$count(journalEntries, and(eq(journalEntries.districtCode, DISTRICT)))).toBe(4);
    await expect(
      funds.reverseEntry({ entryId: earningEntry, reason: '试图冲销积分', idempotencyKey: newKey() }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', path: ['input', 'entryId'] });
  });
});
