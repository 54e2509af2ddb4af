import { and, eq } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import type { LedgerLine } from '../ledger/ledger-lines.js';
import { oppositeLines } from '../ledger/ledger-lines.js';
import { createPolicyService } from '../policies/policy-service.js';
import { timeBankEarnings } from '../schema/time-bank.js';
import type { VolunteerService } from '../schema/volunteers.js';
import { todayInChina } from '../services/dates.js';
import type { ServiceKit } from '../services/service-kit.js';
import { createTimeBankLedger } from './time-bank-ledger.js';
import { pointsForMinutes } from './time-bank-rules.js';

/** What settling a service record banked: its minutes, the points earned, and the entry (null: none). */
export interface ServiceSettlement {
  minutes: number;
  points: number;
  entryId: number | null;
}

/** The policy source recorded when no points rate is in force: minutes are banked, no points. */
export const POINTS_RATE_NOT_SET = 'not set';

/** The policy source recorded for an imported service: its points were earned where it was served. */
export const POINTS_RATE_IMPORTED = 'imported: points are earned where the service was served';

/** The day a service took place, in China (the calendar records are kept in). */
export function serviceDay(startedAt: string): string {
  // Postgres answers "2026-03-01 08:00:00+00"; make it ISO 8601 before reading it.
  const iso = startedAt.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return todayInChina(new Date(iso));
}

/**
 * Certified service into the time bank (docs/domain.md §5.5), in the transaction of whoever
 * records or corrects a service record (the volunteers area calls this after inserting it):
 *
 * - a record that **corrects** another undoes what the corrected record earned, by a reversal
 *   entry naming the earning's entry (the earning row stays, as every ledger record does);
 * - a record **in force** (not a void, minutes > 0) banks its minutes (minutes_served → the
 *   volunteer's minutes) and earns floor(minutes × rate / 60) points (points_issuer → the
 *   volunteer's points) in one `points_earning` entry, with a `time_bank_earnings` row keeping the
 *   rate and its source. The rate is the policy `time_bank.points_per_hour` in force on the
 *   service's day for the community where it took place (the district when it names none); with
 *   none in force the minutes are banked and 0 points earned, recorded with the source "not set".
 *   An **imported** record (certifier `imported`) banks its minutes and earns no points here: its
 *   points were earned, or not, where it was served.
 *
 * Locks the volunteer's accounts and the time bank's own in id order, the one order every ledger
 * write uses. A correction that would take back points already spent below the floor is refused
 * (INSUFFICIENT_BALANCE): reverse the exchange or transfer first.
 *
 * @throws {SansheError} INSUFFICIENT_BALANCE
 */
export function createServiceEarnings(kit: ServiceKit) {
  const { districtCode } = kit;
  const bank = createTimeBankLedger(kit);

  async function earningOf(tx: SansheDb, serviceId: number) {
    const [earning] = await tx
      .select()
      .from(timeBankEarnings)
      .where(and(eq(timeBankEarnings.districtCode, districtCode), eq(timeBankEarnings.serviceId, serviceId)));
    return earning;
  }

  /** Undo the earning of the record `service` corrects, once. */
  async function reverseCorrected(tx: SansheDb, service: VolunteerService): Promise<void> {
    const earning = await earningOf(tx, service.correctsServiceId!);
    if (!earning) return;
    if (await bank.ledger.reversalOf(tx, earning.entryId)) return;
    const lines = oppositeLines(await bank.ledger.linesOf(tx, earning.entryId));
    await bank.lockAndCheck(
      tx,
      lines,
      (account) => `The ${account.unit} account ${account.id} of volunteer ${service.volunteerId}`,
      ['input', 'correctsServiceId'],
    );
    const { entryId } = await bank.ledger.postEntry(tx, {
      kind: 'reversal',
      occurredOn: kit.today(),
      description: `冲销 #${earning.entryId}: 服务记录 #${earning.serviceId} 由 #${service.id} 更正`,
      lines,
      reversesEntryId: earning.entryId,
    });
    await kit.audit(tx, {
      action: 'time_bank_earning.reverse',
      entityType: 'journal_entry',
      entityId: entryId,
      after: {
        reversesEntryId: earning.entryId,
        serviceId: earning.serviceId,
        correctedBy: service.id,
        lines,
      },
      reason: service.correctionReason ?? undefined,
    });
  }

  /** The rate of points per hour for the service, and where it came from. */
  async function rateFor(tx: SansheDb, service: VolunteerService, day: string) {
    if (service.certifierKind === 'imported') return { pointsPerHour: 0, source: POINTS_RATE_IMPORTED };
    const unitCode = await bank.communityCode(tx, service.communityId);
    const policy = await createPolicyService({ db: tx, districtCode }).valueInForce(
      'time_bank.points_per_hour',
      unitCode,
      day,
    );
    return policy
      ? { pointsPerHour: policy.value, source: policy.source }
      : { pointsPerHour: 0, source: POINTS_RATE_NOT_SET };
  }

  return {
    /**
     * Settle one service record just written, in the caller's transaction: reverse what the
     * record it corrects earned, then bank and pay what it earns itself when in force.
     *
     * @throws {SansheError} INSUFFICIENT_BALANCE (a correction taking back points already spent)
     */
    async settle(tx: SansheDb, service: VolunteerService): Promise<ServiceSettlement> {
      if (service.correctsServiceId !== null) await reverseCorrected(tx, service);
      if (service.isVoid || service.minutes <= 0) return { minutes: 0, points: 0, entryId: null };

      const day = serviceDay(service.startedAt);
      const minutes = service.minutes;
      const { pointsPerHour, source } = await rateFor(tx, service, day);
      const points = pointsForMinutes(minutes, pointsPerHour);
      // Accounts open on the day the entry is recorded: a record may be entered after the service.
      const openedOn = kit.today();
      const [minutesServed, volunteerMinutes, issuer, volunteerPoints] = await bank.openAccounts(tx, [
        { owner: bank.systemOwner('minutes_served'), openedOn },
        { owner: bank.volunteerOwner(service.volunteerId, 'minutes'), openedOn },
        ...(points > 0
          ? [
              { owner: bank.systemOwner('points_issuer'), openedOn },
              { owner: bank.volunteerOwner(service.volunteerId, 'points'), openedOn },
            ]
          : []),
      ]);
      const lines: LedgerLine[] = [
        { accountId: minutesServed!.id, unit: 'minutes', amount: -minutes },
        { accountId: volunteerMinutes!.id, unit: 'minutes', amount: minutes },
      ];
      if (points > 0) {
        lines.push(
          { accountId: issuer!.id, unit: 'points', amount: -points },
          { accountId: volunteerPoints!.id, unit: 'points', amount: points },
        );
      }
      await bank.ledger.lockAccounts(
        tx,
        lines.map((line) => line.accountId),
      );
      const { entryId } = await bank.ledger.postEntry(tx, {
        kind: 'points_earning',
        occurredOn: day,
        description: `志愿服务 #${service.id}: ${minutes} 分钟, ${points} 积分`,
        lines,
      });
      const [earning] = await tx
        .insert(timeBankEarnings)
        .values({
          districtCode,
          serviceId: service.id,
          volunteerId: service.volunteerId,
          entryId,
          minutes,
          points,
          pointsPerHour,
          policySource: source,
        })
        .returning();
      await kit.audit(tx, {
        action: 'time_bank_earning.record',
        entityType: 'time_bank_earning',
        entityId: earning!.id,
        after: earning!,
      });
      return { minutes, points, entryId };
    },
  };
}

export type ServiceEarnings = ReturnType<typeof createServiceEarnings>;
