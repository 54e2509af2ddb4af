import { and, eq } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import type { LedgerLine } from '../ledger/ledger-lines.js';
import type { LedgerUnit } from '../ledger/ledger-units.js';
import { createLedgerWriter, type LedgerOwner } from '../ledger/ledger-writer.js';
import { createPolicyService } from '../policies/policy-service.js';
import { communities } from '../schema/hierarchy.js';
import type { LedgerAccount } from '../schema/ledger.js';
import { volunteers } from '../schema/volunteers.js';
import type { ServiceKit } from '../services/service-kit.js';
import { type HolderKind, holderKindOf, type PointsHolder, requireHolding } from './time-bank-rules.js';

/** The time bank's accounts without an owner: the other side of earnings, exchanges and minutes. */
export type SystemAccountKind = 'minutes_served' | 'points_issuer' | 'points_redeemed';

/** An account to open: the ledger owner and, for a volunteer's points, the day its floor is read. */
type Opening = { owner: LedgerOwner; openedOn: string };

/**
 * The time bank's view of the district's one ledger (ledger/ledger-writer.ts): its accounts by
 * owner, opened on demand with their floors, and its refusals pointing at `input.points`. Used by
 * the earnings (service-earnings.ts) and by the time-bank service.
 */
export function createTimeBankLedger(kit: ServiceKit) {
  const { districtCode } = kit;
  const ledger = createLedgerWriter(kit, { amount: ['input', 'points'], entry: ['input', 'entryId'] });

  /** A unit whose policies apply to a community (its code), or the district when there is none. */
  async function communityCode(executor: SansheDb, communityId: number | null): Promise<string> {
    if (communityId === null) return districtCode;
    const [row] = await executor
      .select({ code: communities.code })
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, communityId)));
    return row?.code ?? districtCode;
  }

  /**
   * The floor an account opens with: a volunteer's points from the policy
   * `time_bank.balance_floor` in force for its home community on the day it opens (kept with the
   * account, so a later policy applies to accounts opened later); a volunteer's minutes and every
   * pool 0; the issuing, redeeming and minutes-served sides none (they go negative).
   */
  async function floorOf(tx: SansheDb, opening: Opening): Promise<number | null> {
    const { owner } = opening;
    if (
      owner.kind === 'points_issuer' ||
      owner.kind === 'points_redeemed' ||
      owner.kind === 'minutes_served'
    ) {
      return null;
    }
    if (owner.kind !== 'volunteer' || owner.unit !== 'points') return 0;
    const [volunteer] = await tx
      .select({ homeCommunityId: volunteers.homeCommunityId })
      .from(volunteers)
      .where(and(eq(volunteers.districtCode, districtCode), eq(volunteers.id, owner.volunteerId!)));
    const unitCode = await communityCode(tx, volunteer?.homeCommunityId ?? null);
    const policy = await createPolicyService({ db: tx, districtCode }).valueInForce(
      'time_bank.balance_floor',
      unitCode,
      opening.openedOn,
    );
    return policy?.value ?? 0;
  }

  /**
   * Open (or find) several accounts in one canonical order — the owner-less sides first, then by
   * kind, unit and owner — so two writers opening the same new accounts meet on the first and
   * never wait on each other in a cycle.
   */
  async function openAccounts(tx: SansheDb, openings: readonly Opening[]): Promise<LedgerAccount[]> {
    const order = (opening: Opening) => {
      const { owner } = opening;
      const system =
        owner.kind === 'points_issuer' || owner.kind === 'points_redeemed' || owner.kind === 'minutes_served';
      return JSON.stringify([
        system ? 0 : 1,
        owner.kind,
        owner.unit,
        owner.volunteerId ?? 0,
        owner.teamId ?? 0,
        owner.communityId ?? 0,
        owner.organizationId ?? 0,
      ]);
    };
    const sorted = [...openings.entries()].sort(([, a], [, b]) =>
      order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0,
    );
    const opened: LedgerAccount[] = new Array(openings.length);
    for (const [index, opening] of sorted) {
      const existing = await ledger.findAccount(tx, opening.owner);
      opened[index] =
        existing ??
        (await ledger.openAccount(tx, opening.owner, {
          openedOn: opening.openedOn,
          floor: await floorOf(tx, opening),
        }));
    }
    return opened;
  }

  /** Lock the lines' accounts in id order and check each stays at or above its floor. */
  async function lockAndCheck(
    tx: SansheDb,
    lines: readonly LedgerLine[],
    what: (account: LedgerAccount) => string,
    path: (string | number)[],
  ): Promise<Map<number, LedgerAccount>> {
    const locked = await ledger.lockAccounts(
      tx,
      lines.map((line) => line.accountId),
    );
    for (const line of lines) {
      const account = locked.get(line.accountId)!;
      if (line.amount < 0) requireHolding(account, line.amount, what(account), path);
    }
    return locked;
  }

  return {
    ledger,
    communityCode,
    openAccounts,
    lockAndCheck,
    /** The ledger owner of a holder's points. */
    pointsOwner(holder: PointsHolder): LedgerOwner {
      const kind: HolderKind = holderKindOf(holder);
      return { kind, unit: 'points', ...holder };
    },
    systemOwner(kind: SystemAccountKind): LedgerOwner {
      return { kind, unit: kind === 'minutes_served' ? 'minutes' : 'points' };
    },
    volunteerOwner(volunteerId: number, unit: Exclude<LedgerUnit, 'fen'>): LedgerOwner {
      return { kind: 'volunteer', unit, volunteerId };
    },
  };
}

export type TimeBankLedger = ReturnType<typeof createTimeBankLedger>;
