import {
  consultationMeetings,
  type MeetingOutcome,
  meetingOutcomes,
  meetingParticipants,
  meetingTopics,
} from '../schema/consultation.js';
import type { ConsultationContext } from './consultation-context.js';
import type { MeetingRecord, RecordMeetingInput, TopicRecord } from './consultation-types.js';
import { parseMeetingInput } from './meeting-input.js';

/**
 * Recording a consultation meeting (协商议事, docs/domain.md §8): who took part by kind, the topics
 * it took up and the outcomes it voted, written at once as the community's public record. A
 * meeting is recorded after it was held; outcomes carry their votes, and whether they were
 * adopted follows from them (consultation-rules.ts `outcomeAdoption`), never from the caller.
 */
export function createMeetingUseCases(ctx: ConsultationContext) {
  const { kit, db, districtCode } = ctx;

  return {
    /**
     * Record a meeting held by a community, with its participants, topics and outcomes
     * (`consultation.record` at the community).
     *
     * @throws {SansheError} VALIDATION_FAILED (no residents' representatives, a row naming a record
     *   of another kind, more votes than people, an event or need of another community, a
     *   department not serving the community), INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT,
     *   INVALID_CODE_LIST_VALUE, INVALID_NUMBER, INVALID_DATE, DATE_IN_FUTURE, NOT_FOUND (the
     *   community; an organization, department, event or need the caller cannot see),
     *   UNIT_NOT_IN_FORCE, ORGANIZATION_INACTIVE, FORBIDDEN
     */
    async recordMeeting(input: RecordMeetingInput): Promise<MeetingRecord> {
      const parsed = parseMeetingInput(input);
      const heldOn = kit.pastDate(input.heldOn, ['input', 'heldOn']);
      return db.transaction(async (tx) => {
        const community = await ctx.requireCommunityOn(tx, parsed.communityId, heldOn, [
          'input',
          'communityId',
        ]);
        kit.authorize('consultation.record', { unitCode: community.code });
        for (const participant of parsed.participants) {
          if (participant.organizationId !== null) {
            await ctx.requireOrganizationOn(tx, participant.organizationId, heldOn, [
              ...participant.path,
              'organizationId',
            ]);
          }
          if (participant.departmentId !== null) {
            await ctx.requireDepartmentServing(tx, participant.departmentId, community, heldOn, [
              ...participant.path,
              'departmentId',
            ]);
          }
        }
        for (const topic of parsed.topics) {
          if (topic.eventId !== null)
            await ctx.requireEventOf(tx, topic.eventId, community, [...topic.path, 'eventId']);
          if (topic.needId !== null)
            await ctx.requireNeedOf(tx, topic.needId, community, [...topic.path, 'needId']);
        }

        const [meeting] = await tx
          .insert(consultationMeetings)
          .values({
            districtCode,
            communityId: community.id,
            title: parsed.title,
            form: parsed.form,
            heldOn,
            place: parsed.place,
            // The account that recorded the meeting, for the committee that convened it.
            convenedBy: kit.actor.id.slice(0, 128),
            summary: parsed.summary,
          })
          .returning();
        const participants = await tx
          .insert(meetingParticipants)
          .values(
            parsed.participants.map((participant) => ({
              districtCode,
              meetingId: meeting!.id,
              kind: participant.kind,
              headcount: participant.headcount,
              organizationId: participant.organizationId,
              departmentId: participant.departmentId,
            })),
          )
          .returning();
        const topics: TopicRecord[] = [];
        for (const topic of parsed.topics) {
          const [row] = await tx
            .insert(meetingTopics)
            .values({
              districtCode,
              meetingId: meeting!.id,
              title: topic.title,
              source: topic.source,
              eventId: topic.eventId,
              needId: topic.needId,
            })
            .returning();
          const outcomes: MeetingOutcome[] =
            topic.outcomes.length === 0
              ? []
              : await tx
                  .insert(meetingOutcomes)
                  .values(
                    topic.outcomes.map((outcome) => ({
                      districtCode,
                      topicId: row!.id,
                      meetingId: meeting!.id,
                      text: outcome.text,
                      votesFor: outcome.votesFor,
                      votesAgainst: outcome.votesAgainst,
                      abstentions: outcome.abstentions,
                      state: outcome.state,
                    })),
                  )
                  .returning();
          topics.push({ ...row!, outcomes: outcomes.sort((a, b) => a.id - b.id) });
        }
        const record: MeetingRecord = {
          ...meeting!,
          participants: participants.sort((a, b) => a.id - b.id),
          topics,
        };
        await kit.audit(tx, {
          action: 'consultation_meeting.record',
          entityType: 'consultation_meeting',
          entityId: meeting!.id,
          after: record,
        });
        return record;
      });
    },
  };
}
