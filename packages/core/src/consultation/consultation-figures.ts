import { and, eq, gte, like, lte, sql } from 'drizzle-orm';
import { prefixPattern } from '../access/sql-conditions.js';
import { SansheError } from '../errors/sanshe-error.js';
import { consultationMeetings, meetingOutcomes, meetingTopics } from '../schema/consultation.js';
import { communities, districts, subdistricts } from '../schema/hierarchy.js';
import type { ConsultationContext } from './consultation-context.js';
import { parsePeriod, parseUnitCodeIn } from './consultation-filters.js';
import type { ConsultationFigures } from './consultation-types.js';

/**
 * The figures of consultation in a unit (docs/domain.md §8): the meetings its communities held in
 * a period, their topics and outcomes, and how many of those outcomes were adopted, implemented
 * and reported back by the period's end — the indicator "outcomes implemented" is implemented over
 * adopted (one city reported 37 meetings solving 14 issues in a year). Counts only, so that
 * communities, subdistricts and districts add up. Implementation and report back are counted as
 * of the period's end, so a past period's figures do not move when an outcome is implemented
 * later. Aggregates of the public record: every caller may read them.
 */
export function createConsultationFigures(ctx: ConsultationContext) {
  const { db, districtCode } = ctx;

  return {
    /**
     * The figures of the unit (the district, a subdistrict or a community) from `from` to `to`.
     *
     * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, NOT_FOUND (no such unit),
     *   INVALID_DATE, INVALID_DATE_RANGE, VALIDATION_FAILED (a period end missing)
     */
    async consultationFigures(input: {
      unitCode: string;
      from: string;
      to: string;
    }): Promise<ConsultationFigures> {
      const unitCode = parseUnitCodeIn(districtCode, input?.unitCode, ['input', 'unitCode']);
      const period = parsePeriod(input.from, input.to, ['input']);
      for (const end of ['from', 'to'] as const) {
        if (period[end] === null) {
          throw new SansheError('VALIDATION_FAILED', `The period's ${end} day is required.`, {
            path: ['input', end],
          });
        }
      }
      const from = period.from!;
      const to = period.to!;
      const unit =
        unitCode.length === 6
          ? await db
              .select({ code: districts.districtCode })
              .from(districts)
              .where(eq(districts.districtCode, unitCode))
          : unitCode.length === 9
            ? await db
                .select({ code: subdistricts.code })
                .from(subdistricts)
                .where(and(eq(subdistricts.districtCode, districtCode), eq(subdistricts.code, unitCode)))
            : await db
                .select({ code: communities.code })
                .from(communities)
                .where(and(eq(communities.districtCode, districtCode), eq(communities.code, unitCode)));
      if (unit.length === 0) {
        throw new SansheError('NOT_FOUND', `No unit ${unitCode} in district ${districtCode}.`, {
          path: ['input', 'unitCode'],
        });
      }

      const o = meetingOutcomes;
      const [row] = await db
        .select({
          meetingsHeld: sql<number>`count(distinct ${consultationMeetings.id})`.mapWith(Number),
          topics: sql<number>`count(distinct ${meetingTopics.id})`.mapWith(Number),
          outcomes: sql<number>`count(${o.id})`.mapWith(Number),
          outcomesAdopted: sql<number>`count(${o.id}) filter (where ${o.state} <> 'not_adopted')`.mapWith(
            Number,
          ),
          outcomesImplemented: sql<number>`count(${o.id}) filter (where ${o.implementedOn} <= ${to})`.mapWith(
            Number,
          ),
          outcomesReportedBack:
            sql<number>`count(${o.id}) filter (where ${o.reportedBackOn} <= ${to})`.mapWith(Number),
        })
        .from(consultationMeetings)
        .innerJoin(
          communities,
          and(
            eq(communities.districtCode, consultationMeetings.districtCode),
            eq(communities.id, consultationMeetings.communityId),
          ),
        )
        .leftJoin(
          meetingTopics,
          and(
            eq(meetingTopics.districtCode, consultationMeetings.districtCode),
            eq(meetingTopics.meetingId, consultationMeetings.id),
          ),
        )
        .leftJoin(o, and(eq(o.districtCode, meetingTopics.districtCode), eq(o.topicId, meetingTopics.id)))
        .where(
          and(
            eq(consultationMeetings.districtCode, districtCode),
            like(communities.code, prefixPattern(unitCode)),
            gte(consultationMeetings.heldOn, from),
            lte(consultationMeetings.heldOn, to),
          ),
        );
      return { unitCode, from, to, ...row! };
    },
  };
}
