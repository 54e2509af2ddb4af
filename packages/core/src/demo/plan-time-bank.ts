import type { LedgerAccountKind, LedgerEntryKind } from '../ledger/ledger-units.js';
import {
  type FamilyRelation,
  type PolicyKey,
  type PolicyValueOf,
  policyDefinitions,
} from '../policies/policy-keys.js';
import { resolvePolicy } from '../policies/resolve-policy.js';
import type { communities } from '../schema/hierarchy.js';
import type { policyValues } from '../schema/policies.js';
import type {
  timeBankCatalogueItems,
  timeBankEarnings,
  timeBankExchanges,
  timeBankTransfers,
} from '../schema/time-bank.js';
import { addDays, addYears } from '../services/dates.js';
import type { CatalogueItemKind, TransferReason } from '../time-bank/code-lists.js';
import { pointsForMinutes, requireStock, requireTransferAllowed } from '../time-bank/time-bank-rules.js';
import type { NewJournalEntry, NewJournalLine, NewLedgerAccount } from './plan-funds.js';
import type { OrganizationRows } from './plan-organizations.js';
import type { NewVolunteerService, PlannedVolunteer, VolunteerRows } from './plan-volunteers.js';
import { type Random, randomDate, shuffled } from './random.js';

type NewCommunity = typeof communities.$inferInsert;
type NewPolicyValue = typeof policyValues.$inferInsert;
export type NewEarning = typeof timeBankEarnings.$inferInsert & { id: number };
export type NewCatalogueItem = typeof timeBankCatalogueItems.$inferInsert & { id: number };
export type NewExchange = typeof timeBankExchanges.$inferInsert & { id: number };
export type NewTransfer = typeof timeBankTransfers.$inferInsert & { id: number };

/**
 * The time bank's rows (docs/domain.md §5.5): its accounts, entries and lines continue the ids of
 * the service chain's on the district's one ledger (the seed writes them after the chain's), and
 * the rows saying why each entry was written.
 */
export interface TimeBankRows {
  timeBankAccounts: NewLedgerAccount[];
  timeBankEntries: NewJournalEntry[];
  timeBankLines: NewJournalLine[];
  timeBankEarnings: NewEarning[];
  timeBankCatalogueItems: NewCatalogueItem[];
  timeBankExchanges: NewExchange[];
  timeBankTransfers: NewTransfer[];
}

export interface TimeBankPlanContext {
  districtCode: string;
  districtName: string;
  asOf: string;
  random: Random;
  communities: readonly NewCommunity[];
  organizations: OrganizationRows;
  volunteers: VolunteerRows;
  /** The ledger rows the service chain planned: the time bank's ids follow theirs. */
  ledgerIdsAfter: { accounts: number; entries: number; lines: number };
  /** The id of the policy value the time bank sets. */
  policyValueId: number;
}

export interface TimeBankPlan {
  rows: TimeBankRows;
  /** The district's points rate (`time_bank.points_per_hour`). */
  policyValues: NewPolicyValue[];
}

/** The district's rate: 10 points an hour, the round figure community time-bank pilots use. */
const POINTS_PER_HOUR = 10;

const catalogue: readonly { name: string; kind: CatalogueItemKind; price: number; stock: number | null }[] = [
  { name: '理发服务（一次）', kind: 'service', price: 30, stock: null },
  { name: '家电维修上门服务（一次）', kind: 'service', price: 80, stock: null },
  { name: '助浴服务（一次）', kind: 'service', price: 120, stock: null },
  { name: '社区食堂餐券（5张）', kind: 'goods', price: 50, stock: 40 },
  { name: '大米（5公斤）', kind: 'goods', price: 100, stock: 20 },
  { name: '食用油（1.8升）', kind: 'goods', price: 80, stock: 20 },
  { name: '洗衣液（2公斤）', kind: 'goods', price: 60, stock: 30 },
  { name: '公园年卡', kind: 'goods', price: 250, stock: 3 },
];

/** The national (sanshe default) value of a time-bank policy on a day; the demo sets only the rate. */
function defaultPolicy<K extends PolicyKey>(key: K, districtCode: string, on: string) {
  const defaults: readonly { effectiveFrom: string; value: unknown; source: string }[] =
    policyDefinitions[key].nationalDefaults;
  const resolved = resolvePolicy(
    defaults.map((entry) => ({ ...entry, jurisdictionCode: null })),
    districtCode,
    on,
  );
  if (!resolved) throw new Error(`No default value of ${key} on ${on}`);
  return resolved as { value: PolicyValueOf<K>; source: string };
}

type Line = { account: NewLedgerAccount; amount: number };

/**
 * The time bank of a demo district (docs/domain.md §5.5), replayed in the order its movements were
 * recorded, as the services would have written them: the district's rate of 10 points an hour
 * (`time_bank.points_per_hour`, a local policy); every service record in force banks its minutes
 * and earns points on the day it is recorded (`points_earning`, with its `time_bank_earnings` row);
 * a correction reverses what the record it corrects earned and earns anew unless it voids it. The
 * communities planned in full list an exchange catalogue (services without limit, goods with
 * stock); volunteers exchange points for what their balance affords while stock lasts
 * (`points_exchange`), one exchange is undone and restocked; a few give points to family, donate to
 * their team's pool, and the pool awards a member (`points_transfer`), each as the policy
 * `time_bank.transfer` allows (`requireTransferAllowed`). Every entry sums to zero per unit and
 * no account goes below its floor at any line: the replay refuses a plan that would.
 */
export function planTimeBank(context: TimeBankPlanContext): TimeBankPlan {
  const { districtCode, districtName, asOf, random } = context;
  const rows: TimeBankRows = {
    timeBankAccounts: [],
    timeBankEntries: [],
    timeBankLines: [],
    timeBankEarnings: [],
    timeBankCatalogueItems: [],
    timeBankExchanges: [],
    timeBankTransfers: [],
  };
  const services = context.volunteers.volunteerServices;
  if (services.length === 0) return { rows, policyValues: [] };

  const policyYear = Number(asOf.slice(0, 4)) - 2;
  const rate = {
    effectiveFrom: `${policyYear}-01-01`,
    value: POINTS_PER_HOUR,
    source: `${districtName}民政局关于开展志愿服务积分（时间银行）试点工作的通知（${districtName.slice(0, 1)}民〔${policyYear}〕7号）`,
  };
  const policyValues: NewPolicyValue[] = [
    {
      districtCode,
      id: context.policyValueId,
      policyKey: 'time_bank.points_per_hour',
      jurisdictionCode: districtCode,
      ...rate,
      createdAt: `${rate.effectiveFrom}T09:00:00+08:00`,
    },
  ];

  const volunteerById = new Map(context.volunteers.volunteers.map((v) => [v.id, v]));
  const communityById = new Map(context.communities.map((c) => [c.id!, c]));
  const organizationById = new Map(context.organizations.socialOrganizations.map((o) => [o.id, o]));
  const windowStart = addDays(addYears(asOf, -1), 1);

  // The catalogue of each community planned in full: the community's own offers, and one of an
  // organization serving it where there is one.
  const full = new Set(context.volunteers.volunteerCommunityIds);
  for (const communityId of context.volunteers.volunteerCommunityIds) {
    const serving = context.organizations.organizationCommunities
      .filter((link) => link.communityId === communityId)
      .map((link) => organizationById.get(link.organizationId)!)
      .filter((o) => !o.deregisteredOn);
    for (const [index, offer] of shuffled(random, catalogue).slice(0, random.int(5, 7)).entries()) {
      const organization = index === 0 && serving.length > 0 ? random.pick(serving) : null;
      const listedOn = randomDate(random, addDays(windowStart, -90), addDays(windowStart, 30));
      rows.timeBankCatalogueItems.push({
        districtCode,
        id: rows.timeBankCatalogueItems.length + 1,
        name: offer.name,
        description: null,
        kind: offer.kind,
        providerCommunityId: organization ? null : communityId,
        providerOrganizationId: organization?.id ?? null,
        pricePoints: offer.price,
        stock: offer.stock,
        listedOn: [listedOn, organization?.registeredOn ?? listedOn].sort().at(-1)!,
        withdrawnOn: null,
        createdAt: `${listedOn}T10:00:00+08:00`,
      });
    }
  }

  // What happens, in the order it is recorded: earnings (and corrections), exchanges, transfers.
  type Intent =
    | { day: string; rank: 0; service: NewVolunteerService }
    | { day: string; rank: 1; volunteer: PlannedVolunteer }
    | { day: string; rank: 2; transfer: PlannedTransfer }
    | { day: string; rank: 3; reason: string };
  type PlannedTransfer =
    | {
        reason: 'family';
        from: PlannedVolunteer;
        to: PlannedVolunteer;
        relation: FamilyRelation;
        points: number;
      }
    | { reason: 'team_pool'; from: PlannedVolunteer; teamId: number; points: number }
    | { reason: 'award'; teamId: number; to: PlannedVolunteer; points: number };
  const intents: Intent[] = [];
  const dayOf = (instant: string) => instant.slice(0, 10);
  for (const service of services) intents.push({ day: dayOf(service.recordedAt), rank: 0, service });

  // A correction takes back points: its volunteer spends none, so the floor always holds.
  const corrected = new Set(services.filter((s) => s.correctsServiceId != null).map((s) => s.volunteerId));
  const firstRecorded = new Map<number, string>();
  for (const service of services) {
    const day = dayOf(service.recordedAt);
    if ((firstRecorded.get(service.volunteerId) ?? '9999') > day) firstRecorded.set(service.volunteerId, day);
  }
  const spenders = [...firstRecorded.keys()]
    .filter((id) => !corrected.has(id))
    .sort((a, b) => a - b)
    .map((id) => volunteerById.get(id)!);
  for (const volunteer of spenders) {
    if (random.next() >= 0.45) continue;
    const from = addDays(firstRecorded.get(volunteer.id)!, 7);
    const until = volunteer.withdrawnOn ? addDays(volunteer.withdrawnOn, -1) : asOf;
    if (from > until) continue;
    for (let n = random.int(1, 3); n > 0; n--) {
      intents.push({ day: randomDate(random, from, until), rank: 1, volunteer });
    }
  }

  // Gifts to family, a donation to a team's pool and an award from it, in the second half of the year.
  const halfYear = addDays(windowStart, 182);
  const givers = shuffled(random, spenders).filter((v) => v.withdrawnOn === null);
  const allowed = defaultPolicy('time_bank.transfer', districtCode, asOf).value.relations;
  for (const from of givers.slice(0, 3)) {
    const to = context.volunteers.volunteers.find(
      (v) =>
        v.homeCommunityId === from.homeCommunityId &&
        v !== from &&
        v.withdrawnOn === null &&
        random.next() < 0.05,
    );
    if (!to) continue;
    intents.push({
      day: randomDate(random, halfYear, asOf),
      rank: 2,
      transfer: { reason: 'family', from, to, relation: random.pick(allowed), points: random.int(20, 100) },
    });
  }
  const memberships = context.volunteers.volunteerTeamMembers;
  for (const from of givers.slice(3, 5)) {
    const membership = memberships.find(
      (m) => m.volunteerId === from.id && m.role === 'member' && m.leftOn === null && m.joinedOn <= halfYear,
    );
    if (!membership) continue;
    const day = randomDate(random, halfYear, addDays(asOf, -30));
    intents.push({
      day,
      rank: 2,
      transfer: { reason: 'team_pool', from, teamId: membership.teamId, points: random.int(20, 60) },
    });
    const awarded = memberships.find(
      (m) =>
        m.teamId === membership.teamId && m.volunteerId !== from.id && m.leftOn === null && m.joinedOn <= day,
    );
    if (awarded) {
      intents.push({
        day: randomDate(random, addDays(day, 1), asOf),
        rank: 2,
        transfer: {
          reason: 'award',
          teamId: membership.teamId,
          to: volunteerById.get(awarded.volunteerId)!,
          points: 10,
        },
      });
    }
  }
  intents.push({
    day: randomDate(random, addDays(asOf, -60), asOf),
    rank: 3,
    reason: '居民取消兑换，积分退回，物品回库',
  });
  intents.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.rank - b.rank));

  // The replay: accounts open as first needed, each line moves its account's balance.
  const accounts = new Map<string, NewLedgerAccount>();
  const earningOf = new Map<number, { entry: NewJournalEntry; lines: Line[] }>();
  const exchanges: { row: NewExchange; lines: Line[]; reversed: boolean }[] = [];
  const floorOfVolunteerPoints = defaultPolicy('time_bank.balance_floor', districtCode, asOf).value;
  const familyGiven = new Map<string, number>();

  for (const intent of intents) {
    switch (intent.rank) {
      case 0: {
        const { service } = intent;
        const recordedAt = service.recordedAt;
        if (service.correctsServiceId != null) {
          const earned = earningOf.get(service.correctsServiceId);
          if (earned) {
            post({
              kind: 'reversal',
              occurredOn: intent.day,
              description: `冲销 #${earned.entry.id}: 服务记录 #${service.correctsServiceId} 由 #${service.id} 更正`,
              lines: earned.lines.map((line) => ({ account: line.account, amount: -line.amount })),
              reversesEntryId: earned.entry.id,
              recordedBy: service.recordedBy,
              recordedAt,
            });
          }
        }
        if (service.isVoid || service.minutes <= 0) break;
        const points = pointsForMinutes(service.minutes, rate.value);
        const lines: Line[] = [
          {
            account: account('minutes_served', 'minutes', null, intent.day, recordedAt),
            amount: -service.minutes,
          },
          {
            account: account('volunteer', 'minutes', service.volunteerId, intent.day, recordedAt),
            amount: service.minutes,
          },
        ];
        if (points > 0) {
          lines.push(
            { account: account('points_issuer', 'points', null, intent.day, recordedAt), amount: -points },
            {
              account: account('volunteer', 'points', service.volunteerId, intent.day, recordedAt),
              amount: points,
            },
          );
        }
        // Dated on the service's day, as the earnings are (time-bank/service-earnings.ts).
        const entry = post({
          kind: 'points_earning',
          occurredOn: service.startedAt.slice(0, 10),
          description: `志愿服务 #${service.id}: ${service.minutes} 分钟, ${points} 积分`,
          lines,
          recordedBy: service.recordedBy,
          recordedAt,
        });
        earningOf.set(service.id, { entry, lines });
        rows.timeBankEarnings.push({
          districtCode,
          id: rows.timeBankEarnings.length + 1,
          serviceId: service.id,
          volunteerId: service.volunteerId,
          entryId: entry.id,
          minutes: service.minutes,
          points,
          pointsPerHour: rate.value,
          policySource: rate.source,
          recordedAt,
        });
        break;
      }
      case 1: {
        const { volunteer } = intent;
        const wallet = accounts.get(ownerKey('volunteer', 'points', volunteer.id));
        if (!wallet) break;
        const affordable = rows.timeBankCatalogueItems.filter(
          (item) =>
            full.has(volunteer.homeCommunityId) &&
            (item.providerCommunityId === volunteer.homeCommunityId ||
              context.organizations.organizationCommunities.some(
                (l) =>
                  l.organizationId === item.providerOrganizationId &&
                  l.communityId === volunteer.homeCommunityId,
              )) &&
            item.listedOn <= intent.day &&
            (item.stock == null || item.stock >= 1) &&
            item.pricePoints <= wallet.balance - (floorOfVolunteerPoints ?? 0),
        );
        if (affordable.length === 0) break;
        const item = random.pick(affordable);
        requireStock(
          { id: item.id, stock: item.stock ?? null, withdrawnOn: item.withdrawnOn ?? null },
          1,
          [],
        );
        const recordedAt = `${intent.day}T15:00:00+08:00`;
        const lines: Line[] = [
          { account: wallet, amount: -item.pricePoints },
          {
            account: account('points_redeemed', 'points', null, intent.day, recordedAt),
            amount: item.pricePoints,
          },
        ];
        const entry = post({
          kind: 'points_exchange',
          occurredOn: intent.day,
          description: `积分兑换: ${item.name} × 1`,
          lines,
          recordedBy: `demo-${communityById.get(volunteer.homeCommunityId)!.code}-staff`,
          recordedAt,
        });
        if (item.stock != null) item.stock -= 1;
        const row: NewExchange = {
          districtCode,
          id: rows.timeBankExchanges.length + 1,
          itemId: item.id,
          volunteerId: volunteer.id,
          quantity: 1,
          points: item.pricePoints,
          entryId: entry.id,
          exchangedOn: intent.day,
          recordedAt,
        };
        rows.timeBankExchanges.push(row);
        exchanges.push({ row, lines, reversed: false });
        break;
      }
      case 2: {
        const { transfer } = intent;
        const recordedAt = `${intent.day}T16:00:00+08:00`;
        const giver =
          transfer.reason === 'award'
            ? accounts.get(ownerKey('team', 'points', transfer.teamId))
            : accounts.get(ownerKey('volunteer', 'points', transfer.from.id));
        if (!giver) break;
        const points = Math.min(transfer.points, giver.balance - (giver.floor ?? 0));
        if (points < 1) break;
        const receiver =
          transfer.reason === 'team_pool'
            ? account('team', 'points', transfer.teamId, intent.day, recordedAt)
            : account('volunteer', 'points', transfer.to.id, intent.day, recordedAt);
        const year = `${transfer.reason === 'award' ? 'pool' : transfer.from.id}:${intent.day.slice(0, 4)}`;
        const policy = defaultPolicy('time_bank.transfer', districtCode, intent.day);
        requireTransferAllowed(
          {
            reason: transfer.reason,
            relation: transfer.reason === 'family' ? transfer.relation : null,
            from: transfer.reason === 'award' ? 'team' : 'volunteer',
            to: transfer.reason === 'team_pool' ? 'team' : 'volunteer',
            points,
            volunteerInTeam: true,
            familyGivenThisYear: familyGiven.get(year) ?? 0,
            policy: policy.value,
            policySource: policy.source,
          },
          [],
        );
        if (transfer.reason === 'family') familyGiven.set(year, (familyGiven.get(year) ?? 0) + points);
        const entry = post({
          kind: 'points_transfer',
          occurredOn: intent.day,
          description: transferDescriptions[transfer.reason],
          lines: [
            { account: giver, amount: -points },
            { account: receiver, amount: points },
          ],
          recordedBy:
            transfer.reason === 'award'
              ? `demo-volunteer-${leaderOf(transfer.teamId)}`
              : `demo-volunteer-${transfer.from.id}`,
          recordedAt,
        });
        rows.timeBankTransfers.push({
          districtCode,
          id: rows.timeBankTransfers.length + 1,
          fromAccountId: giver.id,
          toAccountId: receiver.id,
          points,
          reason: transfer.reason satisfies TransferReason,
          relation: transfer.reason === 'family' ? transfer.relation : null,
          entryId: entry.id,
          transferredOn: intent.day,
          recordedAt,
        });
        break;
      }
      case 3: {
        // The latest exchange: the resident changed their mind; the item goes back on the shelf.
        const undone = [...exchanges].reverse().find((e) => !e.reversed && e.row.exchangedOn <= intent.day);
        if (!undone) break;
        undone.reversed = true;
        const volunteer = volunteerById.get(undone.row.volunteerId)!;
        post({
          kind: 'reversal',
          occurredOn: intent.day,
          description: `冲销 #${undone.row.entryId}: ${intent.reason}`,
          lines: undone.lines.map((line) => ({ account: line.account, amount: -line.amount })),
          reversesEntryId: undone.row.entryId,
          recordedBy: `demo-${communityById.get(volunteer.homeCommunityId)!.code}-staff`,
          recordedAt: `${intent.day}T17:00:00+08:00`,
        });
        const item = rows.timeBankCatalogueItems.find((i) => i.id === undone.row.itemId)!;
        if (item.stock != null) item.stock += undone.row.quantity;
        break;
      }
    }
  }
  return { rows, policyValues };

  function ownerKey(kind: LedgerAccountKind, unit: string, ownerId: number | null) {
    return `${kind}/${unit}/${ownerId ?? ''}`;
  }

  /** The account of an owner in a unit, opened on the day it is first needed, with its floor. */
  function account(
    kind: Extract<
      LedgerAccountKind,
      'points_issuer' | 'points_redeemed' | 'minutes_served' | 'volunteer' | 'team'
    >,
    unit: 'points' | 'minutes',
    ownerId: number | null,
    openedOn: string,
    recordedAt: string,
  ): NewLedgerAccount {
    const key = ownerKey(kind, unit, ownerId);
    const existing = accounts.get(key);
    if (existing) return existing;
    const system = kind === 'points_issuer' || kind === 'points_redeemed' || kind === 'minutes_served';
    const opened: NewLedgerAccount = {
      districtCode,
      id: context.ledgerIdsAfter.accounts + rows.timeBankAccounts.length + 1,
      kind,
      unit,
      fundingSourceId: null,
      projectId: null,
      organizationId: null,
      volunteerId: kind === 'volunteer' ? ownerId : null,
      teamId: kind === 'team' ? ownerId : null,
      communityId: null,
      // As the time bank opens them (time-bank/time-bank-ledger.ts): the system sides have none, a
      // volunteer's points the policy's floor, everything else 0.
      floor: system ? null : kind === 'volunteer' && unit === 'points' ? floorOfVolunteerPoints : 0,
      balance: 0,
      openedOn,
      recordedAt,
    };
    rows.timeBankAccounts.push(opened);
    accounts.set(key, opened);
    return opened;
  }

  function post(entry: {
    kind: LedgerEntryKind;
    occurredOn: string;
    description: string;
    lines: readonly Line[];
    recordedBy: string;
    recordedAt: string;
    reversesEntryId?: number;
  }): NewJournalEntry {
    const row: NewJournalEntry = {
      districtCode,
      id: context.ledgerIdsAfter.entries + rows.timeBankEntries.length + 1,
      kind: entry.kind,
      occurredOn: entry.occurredOn,
      description: entry.description,
      reversesEntryId: entry.reversesEntryId ?? null,
      trancheId: null,
      recordedBy: entry.recordedBy,
      recordedAt: entry.recordedAt,
    };
    rows.timeBankEntries.push(row);
    for (const line of entry.lines) {
      const { account: target } = line;
      target.balance += line.amount;
      if (target.floor != null && target.balance < target.floor) {
        throw new Error(
          `Demo plan overdraws time-bank account ${target.id} (${target.kind}) on ${entry.occurredOn}.`,
        );
      }
      rows.timeBankLines.push({
        districtCode,
        id: context.ledgerIdsAfter.lines + rows.timeBankLines.length + 1,
        entryId: row.id,
        accountId: target.id,
        unit: target.unit,
        amount: line.amount,
      });
    }
    return row;
  }

  function leaderOf(teamId: number): number {
    return context.volunteers.volunteerTeamMembers.find((m) => m.teamId === teamId && m.role === 'leader')!
      .volunteerId;
  }
}

const transferDescriptions: Record<'family' | 'team_pool' | 'award', string> = {
  family: '积分转赠: 家庭成员',
  team_pool: '积分捐入团队积分池',
  award: '团队积分池奖励队员',
};
