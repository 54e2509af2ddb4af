import { and, eq, gte, lte, notExists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { LedgerLine } from '../ledger/ledger-lines.js';
import {
  type FamilyRelation,
  familyRelations,
  type TimeBankTransferPolicy,
} from '../policies/policy-keys.js';
import { createPolicyService } from '../policies/policy-service.js';
import { journalEntries } from '../schema/ledger.js';
import { timeBankTransfers } from '../schema/time-bank.js';
import { volunteerTeamMembers } from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { transferReasons } from './code-lists.js';
import type { TimeBankContext } from './time-bank-context.js';
import { type PointsHolder, parsePoints, requireTransferAllowed } from './time-bank-rules.js';
import type { TimeBankEntryResult, TransferPointsInput } from './time-bank-types.js';

/** The policy in force when a district has set none and no national default applies (never: it has one). */
const NO_TRANSFERS: TimeBankTransferPolicy = {
  family: false,
  relations: [],
  maxPointsPerYear: 0,
  teamPool: false,
};

/**
 * Transfers of points (积分转赠, docs/domain.md §5.5) between a volunteer's account and another
 * volunteer's or a pool's (a team, a community, an organization), as the policy
 * `time_bank.transfer` allows. Run by whoever may spend the giving account (`time_bank.spend`):
 * a volunteer its own; staff of a volunteer's home community, or of the pool's community or
 * organization; a team's leader its team's pool.
 */
export function createTransferUseCases(context: TimeBankContext) {
  const { kit, districtCode, bank } = context;

  /** Points the account gave to family in the calendar year of `on`, less transfers reversed. */
  async function familyGivenInYear(executor: SansheDb, fromAccountId: number, on: string): Promise<number> {
    const reversal = alias(journalEntries, 'family_reversal');
    const year = on.slice(0, 4);
    const [row] = await executor
      .select({ total: sql<number>`coalesce(sum(${timeBankTransfers.points}), 0)`.mapWith(Number) })
      .from(timeBankTransfers)
      .where(
        and(
          eq(timeBankTransfers.districtCode, districtCode),
          eq(timeBankTransfers.fromAccountId, fromAccountId),
          eq(timeBankTransfers.reason, 'family'),
          gte(timeBankTransfers.transferredOn, `${year}-01-01`),
          lte(timeBankTransfers.transferredOn, `${year}-12-31`),
          notExists(
            sql`(select 1 from ${journalEntries} ${reversal} where ${reversal.districtCode} = ${timeBankTransfers.districtCode}
              and ${reversal.reversesEntryId} = ${timeBankTransfers.entryId})`,
          ),
        ),
      );
    return row?.total ?? 0;
  }

  /** For a team-pool transfer: the volunteer on one side belongs to the team on the other, that day. */
  async function volunteerInTeam(executor: SansheDb, from: PointsHolder, to: PointsHolder, on: string) {
    const volunteerId =
      'volunteerId' in from ? from.volunteerId : 'volunteerId' in to ? to.volunteerId : null;
    const teamId = 'teamId' in from ? from.teamId : 'teamId' in to ? to.teamId : null;
    if (volunteerId === null || teamId === null) return false;
    const [row] = await executor
      .select({ id: volunteerTeamMembers.id })
      .from(volunteerTeamMembers)
      .where(
        and(
          eq(volunteerTeamMembers.districtCode, districtCode),
          eq(volunteerTeamMembers.teamId, teamId),
          eq(volunteerTeamMembers.volunteerId, volunteerId),
          lte(volunteerTeamMembers.joinedOn, on),
          sql`(${volunteerTeamMembers.leftOn} is null or ${volunteerTeamMembers.leftOn} >= ${on})`,
        ),
      )
      .limit(1);
    return row !== undefined;
  }

  return {
    /**
     * Transfer points from one holder's account to another's: one `points_transfer` entry (the
     * giver −, the receiver +) and its transfer record (reason, relation). Accounts open on
     * demand; both are locked in id order, then the policy in force on the day for the giver's
     * unit is applied (family transfers counted for the year under the giver's lock, so two racing
     * transfers cannot both pass the yearly figure), then the giver's floor.
     *
     * @throws {SansheError} FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, INVALID_CODE_LIST_VALUE,
     *   INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE, TRANSFER_NOT_ALLOWED, INSUFFICIENT_BALANCE,
     *   IDEMPOTENCY_KEY_REUSED
     */
    async transferPoints(input: TransferPointsInput): Promise<TimeBankEntryResult> {
      const key = bank.ledger.parseIdempotencyKey(input.idempotencyKey);
      const from = context.parseHolder(input.from, ['input', 'from']);
      const to = context.parseHolder(input.to, ['input', 'to']);
      const points = parsePoints(input.points, ['input', 'points']);
      const reason = parseCode(transferReasons, input.reason, ['input', 'reason'], 'transfer reason');
      const relationGiven = input.relation !== undefined && input.relation !== null;
      if ((reason === 'family') !== relationGiven) {
        throw new SansheError(
          'VALIDATION_FAILED',
          reason === 'family'
            ? `A family transfer names the relation: one of ${familyRelations.join(', ')}.`
            : 'Only a family transfer names a relation.',
          { path: ['input', 'relation'] },
        );
      }
      const relation = relationGiven
        ? parseCode(
            Object.fromEntries(familyRelations.map((r) => [r, r])) as Record<FamilyRelation, string>,
            input.relation,
            ['input', 'relation'],
            'family relation',
          )
        : null;
      if (JSON.stringify(from) === JSON.stringify(to)) {
        throw new SansheError('VALIDATION_FAILED', 'Points move between two different accounts.', {
          path: ['input', 'to'],
        });
      }
      const transferredOn = kit.pastDate(input.transferredOn, ['input', 'transferredOn'], false);
      const giver = await context.locate(kit.db, from, transferredOn, ['input', 'from']);
      kit.authorize('time_bank.spend', giver.target);
      await context.requireVisibleHolder(kit.db, to, ['input', 'to']);
      const receiver = await context.locate(kit.db, to, transferredOn, ['input', 'to']);

      const body = { from, to, points, reason, relation, transferredOn: input.transferredOn ?? null };
      return bank.ledger.idempotent('time_bank.transfer', key, body, async (tx) => {
        const [fromAccount, toAccount] = await bank.openAccounts(tx, [
          { owner: bank.pointsOwner(from), openedOn: transferredOn },
          { owner: bank.pointsOwner(to), openedOn: transferredOn },
        ]);
        const lines: LedgerLine[] = [
          { accountId: fromAccount!.id, unit: 'points', amount: -points },
          { accountId: toAccount!.id, unit: 'points', amount: points },
        ];
        await bank.ledger.lockAccounts(
          tx,
          lines.map((line) => line.accountId),
        );
        const policy = await createPolicyService({ db: tx, districtCode }).valueInForce(
          'time_bank.transfer',
          giver.policyUnitCode,
          transferredOn,
        );
        requireTransferAllowed(
          {
            reason,
            relation,
            from: giver.kind,
            to: receiver.kind,
            points,
            volunteerInTeam:
              reason === 'team_pool' ? await volunteerInTeam(tx, from, to, transferredOn) : false,
            familyGivenThisYear:
              reason === 'family' ? await familyGivenInYear(tx, fromAccount!.id, transferredOn) : 0,
            policy: policy?.value ?? NO_TRANSFERS,
            policySource: policy?.source ?? 'not set',
          },
          ['input', 'reason'],
        );
        await bank.lockAndCheck(tx, lines, () => `The points account of the ${giver.kind}`, [
          'input',
          'points',
        ]);
        const entry = await bank.ledger.postEntry(tx, {
          kind: 'points_transfer',
          occurredOn: transferredOn,
          description: `积分转赠 (${transferReasons[reason]}): ${points} 积分`,
          lines,
        });
        const [transfer] = await tx
          .insert(timeBankTransfers)
          .values({
            districtCode,
            fromAccountId: fromAccount!.id,
            toAccountId: toAccount!.id,
            points,
            reason,
            relation,
            entryId: entry.entryId,
            transferredOn,
          })
          .returning();
        await kit.audit(tx, {
          action: 'time_bank_transfer.record',
          entityType: 'time_bank_transfer',
          entityId: transfer!.id,
          after: { ...transfer!, policySource: policy?.source ?? 'not set' },
        });
        return {
          entryId: entry.entryId,
          kind: 'points_transfer',
          occurredOn: transferredOn,
          lines: entry.lines,
          transferId: transfer!.id,
        };
      });
    },
  };
}
