import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  or,
  type SQL,
} from 'drizzle-orm';
import { visibleOutcomeTasks } from '../access/consultation-visibility.js';
import { prefixPattern } from '../access/sql-conditions.js';
import { parseListPage } from '../needs/need-filter-rules.js';
import {
  type ConsultationMeeting,
  consultationMeetings,
  type MeetingOutcome,
  meetingOutcomes,
  meetingParticipants,
  meetingTopics,
  type OutcomeTask,
  outcomeTasks,
} from '../schema/consultation.js';
import { communities } from '../schema/hierarchy.js';
import { isLocalId } from '../services/service-kit.js';
import type { ConsultationContext } from './consultation-context.js';
import {
  type ParsedMeetingFilter,
  parseMeetingFilter,
  parseOutcomeFilter,
  parseTaskFilter,
} from './consultation-filters.js';
import type { MeetingFilter, MeetingRecord, OutcomeFilter, TaskFilter } from './consultation-types.js';

type PageInput = { limit?: number | null; offset?: number | null } | null | undefined;

/**
 * Reads of consultation, outside any write's transaction. Meetings, topics and outcomes are the
 * community's public record and read by every caller; tasks only through the caller's read rule
 * (access/consultation-visibility.ts), a hidden task being absent.
 */
export function createConsultationReads(ctx: ConsultationContext) {
  const { kit, db, districtCode } = ctx;
  const actor = kit.actor;
  const page = (input: PageInput) => kit.unwrap(parseListPage(input, { path: ['page'] }));

  /** The meetings' conditions of a filter: the district, communities under the unit, the period. */
  function meetingConditions(filter: ParsedMeetingFilter): SQL | undefined {
    return and(
      eq(consultationMeetings.districtCode, districtCode),
      filter.unitCode === null ? undefined : like(communities.code, prefixPattern(filter.unitCode)),
      filter.from === null ? undefined : gte(consultationMeetings.heldOn, filter.from),
      filter.to === null ? undefined : lte(consultationMeetings.heldOn, filter.to),
    );
  }

  const meetingCommunity = and(
    eq(communities.districtCode, consultationMeetings.districtCode),
    eq(communities.id, consultationMeetings.communityId),
  );

  return {
    /** A meeting with its participants, topics and outcomes, or undefined when there is none. */
    async meetingById(id: number): Promise<MeetingRecord | undefined> {
      if (!isLocalId(id)) return undefined;
      const [meeting] = await db
        .select()
        .from(consultationMeetings)
        .where(and(eq(consultationMeetings.districtCode, districtCode), eq(consultationMeetings.id, id)));
      if (!meeting) return undefined;
      const ofMeeting = <
        T extends typeof meetingParticipants | typeof meetingTopics | typeof meetingOutcomes,
      >(
        table: T,
      ) => and(eq(table.districtCode, districtCode), eq(table.meetingId, id));
      const participants = await db
        .select()
        .from(meetingParticipants)
        .where(ofMeeting(meetingParticipants))
        .orderBy(asc(meetingParticipants.id));
      const topics = await db
        .select()
        .from(meetingTopics)
        .where(ofMeeting(meetingTopics))
        .orderBy(asc(meetingTopics.id));
      const outcomes = await db
        .select()
        .from(meetingOutcomes)
        .where(ofMeeting(meetingOutcomes))
        .orderBy(asc(meetingOutcomes.id));
      return {
        ...meeting,
        participants,
        topics: topics.map((topic) => ({
          ...topic,
          outcomes: outcomes.filter((o) => o.topicId === topic.id),
        })),
      };
    },

    /**
     * Meetings of the communities under `filter.unitCode`, held from `from` to `to`, latest first,
     * a page at a time (`limit` default 100, at most 500).
     *
     * @throws {SansheError} INVALID_DIVISION_CODE, CODE_OUTSIDE_DISTRICT, INVALID_DATE,
     *   INVALID_DATE_RANGE, INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async meetings(
      filter: MeetingFilter | null = null,
      pageInput: PageInput = null,
    ): Promise<ConsultationMeeting[]> {
      const parsed = parseMeetingFilter(districtCode, filter);
      const { limit, offset } = page(pageInput);
      const rows = await db
        .select({ meeting: consultationMeetings })
        .from(consultationMeetings)
        .innerJoin(communities, meetingCommunity)
        .where(meetingConditions(parsed))
        .orderBy(desc(consultationMeetings.heldOn), desc(consultationMeetings.id))
        .limit(limit)
        .offset(offset);
      return rows.map((row) => row.meeting);
    },

    /** An outcome by id, or undefined. */
    async outcomeById(id: number): Promise<MeetingOutcome | undefined> {
      return kit.findRecord(db, meetingOutcomes, id);
    },

    /**
     * Outcomes of the meetings a filter selects, in a state when asked, latest meeting first.
     *
     * @throws {SansheError} as {@link meetings}, and INVALID_CODE_LIST_VALUE
     */
    async outcomes(
      filter: OutcomeFilter | null = null,
      pageInput: PageInput = null,
    ): Promise<MeetingOutcome[]> {
      const parsed = parseOutcomeFilter(districtCode, filter);
      const { limit, offset } = page(pageInput);
      const rows = await db
        .select({ outcome: meetingOutcomes })
        .from(meetingOutcomes)
        .innerJoin(
          consultationMeetings,
          and(
            eq(consultationMeetings.districtCode, meetingOutcomes.districtCode),
            eq(consultationMeetings.id, meetingOutcomes.meetingId),
          ),
        )
        .innerJoin(communities, meetingCommunity)
        .where(
          and(
            meetingConditions(parsed),
            parsed.state === null ? undefined : eq(meetingOutcomes.state, parsed.state),
            parsed.meetingId === null ? undefined : eq(meetingOutcomes.meetingId, parsed.meetingId),
          ),
        )
        .orderBy(desc(consultationMeetings.heldOn), asc(meetingOutcomes.id))
        .limit(limit)
        .offset(offset);
      return rows.map((row) => row.outcome);
    },

    /** A task the caller may see, or undefined. */
    async taskById(id: number): Promise<OutcomeTask | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(outcomeTasks)
        .where(
          and(
            eq(outcomeTasks.districtCode, districtCode),
            eq(outcomeTasks.id, id),
            visibleOutcomeTasks(actor, districtCode, outcomeTasks),
          ),
        );
      return row;
    },

    /**
     * The tasks the caller may see, by due day: of an owner, of an outcome, open (not done) or
     * done, overdue (not done and due before today, the service's clock) or not.
     *
     * @throws {SansheError} VALIDATION_FAILED, NOT_FOUND (an owner id that cannot exist),
     *   INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async tasks(filter: TaskFilter | null = null, pageInput: PageInput = null): Promise<OutcomeTask[]> {
      const parsed = parseTaskFilter(filter);
      const { limit, offset } = page(pageInput);
      const owner = parsed.owner;
      const ownerColumn =
        owner === null
          ? null
          : owner.kind === 'department'
            ? outcomeTasks.departmentId
            : owner.kind === 'organization'
              ? outcomeTasks.organizationId
              : outcomeTasks.communityId;
      return db
        .select()
        .from(outcomeTasks)
        .where(
          and(
            eq(outcomeTasks.districtCode, districtCode),
            ownerColumn === null ? undefined : eq(ownerColumn, owner!.id),
            parsed.outcomeId === null ? undefined : eq(outcomeTasks.outcomeId, parsed.outcomeId),
            parsed.open === null
              ? undefined
              : parsed.open
                ? isNull(outcomeTasks.doneOn)
                : isNotNull(outcomeTasks.doneOn),
            parsed.overdue === null
              ? undefined
              : parsed.overdue
                ? and(isNull(outcomeTasks.doneOn), lt(outcomeTasks.dueOn, kit.today()))
                : or(isNotNull(outcomeTasks.doneOn), gte(outcomeTasks.dueOn, kit.today())),
            visibleOutcomeTasks(actor, districtCode, outcomeTasks),
          ),
        )
        .orderBy(asc(outcomeTasks.dueOn), asc(outcomeTasks.id))
        .limit(limit)
        .offset(offset);
    },

    /** The tasks of several outcomes the caller may see, by outcome (for a page of outcomes). */
    async tasksOfOutcomes(outcomeIds: readonly number[]): Promise<OutcomeTask[]> {
      const ids = outcomeIds.filter(isLocalId);
      if (ids.length === 0) return [];
      return db
        .select()
        .from(outcomeTasks)
        .where(
          and(
            eq(outcomeTasks.districtCode, districtCode),
            inArray(outcomeTasks.outcomeId, ids),
            visibleOutcomeTasks(actor, districtCode, outcomeTasks),
          ),
        )
        .orderBy(asc(outcomeTasks.outcomeId), asc(outcomeTasks.id));
    },
  };
}
