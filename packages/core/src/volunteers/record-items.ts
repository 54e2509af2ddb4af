import { and, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { WriteTarget } from '../access/jurisdiction.js';
import type { SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import {
  type Volunteer,
  type VolunteerRecordItem,
  volunteerRecordItems,
  volunteerTeamMembers,
} from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { refuseSelfCertification } from './certifier.js';
import { recordItemKinds, volunteerRatings } from './code-lists.js';
import type { VolunteerContext } from './volunteer-context.js';
import type { RecordItemInput } from './volunteer-types.js';

/** The longest training one item records, in minutes (schema/volunteers.ts `volunteer_record_items_fields`). */
export const MAX_TRAINING_MINUTES = 14_400;

/**
 * The rest of a volunteer's record (民政部令第67号 第八条): training, commendations and
 * evaluations. Append-only, as services are (a database trigger refuses changes).
 */
export function createRecordItemUseCases(ctx: VolunteerContext) {
  const { kit, db, districtCode } = ctx;

  /**
   * Where a volunteer lies for recording its items: as for its registration (volunteerTarget);
   * for a volunteer, itself when it leads today a team the volunteer belongs to today.
   */
  async function itemTarget(tx: SansheDb, volunteer: Volunteer): Promise<WriteTarget> {
    const actor = kit.actor;
    if (actor.role !== 'VOLUNTEER') return ctx.volunteerTarget(tx, volunteer);
    if (!actor.volunteerId) return {};
    const member = alias(volunteerTeamMembers, 'item_member');
    const leader = alias(volunteerTeamMembers, 'item_leader');
    const [led] = await tx
      .select({ id: member.id })
      .from(member)
      .innerJoin(leader, and(eq(leader.districtCode, member.districtCode), eq(leader.teamId, member.teamId)))
      .where(
        and(
          eq(member.districtCode, districtCode),
          eq(member.volunteerId, volunteer.id),
          isNull(member.leftOn),
          eq(leader.volunteerId, actor.volunteerId),
          eq(leader.role, 'leader'),
          isNull(leader.leftOn),
        ),
      )
      .limit(1);
    return led ? { volunteerId: actor.volunteerId } : {};
  }

  return {
    /**
     * Record a volunteer's training, commendation or evaluation (`volunteer.certify`: staff where
     * the volunteer lies, or the leader of a team it belongs to, never for itself).
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, VALIDATION_FAILED, INVALID_TEXT,
     *   INVALID_DATE, DATE_IN_FUTURE, INVALID_NUMBER, NOT_FOUND, FORBIDDEN, SELF_CERTIFICATION
     */
    async recordRecordItem(input: RecordItemInput): Promise<VolunteerRecordItem> {
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      refuseSelfCertification(kit.actor, volunteerId);
      const kind = parseCode(recordItemKinds, input.kind, ['input', 'kind'], 'The kind');
      const title = kit.text(input.title, ['input', 'title'], { maxLength: 200, label: 'The title' });
      const issuer = kit.text(input.issuer, ['input', 'issuer'], { maxLength: 200, label: 'The issuer' });
      const occurredOn = kit.pastDate(input.occurredOn, ['input', 'occurredOn']);
      let minutes: number | null = null;
      if (input.minutes != null) {
        if (kind !== 'training') {
          throw new SansheError('VALIDATION_FAILED', 'Only training records its length.', {
            path: ['input', 'minutes'],
          });
        }
        if (
          !Number.isSafeInteger(input.minutes) ||
          input.minutes < 1 ||
          input.minutes > MAX_TRAINING_MINUTES
        ) {
          throw new SansheError('INVALID_NUMBER', `Training lasts 1 to ${MAX_TRAINING_MINUTES} minutes.`, {
            path: ['input', 'minutes'],
          });
        }
        minutes = input.minutes;
      }
      let rating: string | null = null;
      if (kind === 'evaluation') {
        rating = parseCode(volunteerRatings, input.rating, ['input', 'rating'], 'The rating');
      } else if (input.rating != null) {
        throw new SansheError('VALIDATION_FAILED', 'Only an evaluation has a rating.', {
          path: ['input', 'rating'],
        });
      }
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer', volunteerId, ['input', 'volunteerId']);
        const volunteer = await ctx.requireVolunteer(tx, volunteerId, 'share', ['input', 'volunteerId']);
        kit.authorize('volunteer.certify', await itemTarget(tx, volunteer));
        if (occurredOn < volunteer.registeredOn) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `Volunteer ${volunteerId} registered on ${volunteer.registeredOn}, after ${occurredOn}.`,
            {
              path: ['input', 'occurredOn'],
            },
          );
        }
        const [item] = await tx
          .insert(volunteerRecordItems)
          .values({
            districtCode,
            volunteerId,
            kind,
            title,
            issuer,
            occurredOn,
            minutes,
            rating,
            recordedBy: kit.actor.id.slice(0, 100),
          })
          .returning();
        await kit.audit(tx, {
          action: 'volunteer_record_item.record',
          entityType: 'volunteer_record_item',
          entityId: item!.id,
          after: item,
        });
        return item!;
      });
    },
  };
}
