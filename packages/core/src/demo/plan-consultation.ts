import type { MeetingForm } from '../consultation/code-lists.js';
import { lastDoneOn, openTaskIds } from '../consultation/consultation-rules.js';
import type {
  OutcomeInput,
  ParticipantInput,
  RecordMeetingInput,
  TopicInput,
} from '../consultation/consultation-types.js';
import { parseMeetingInput } from '../consultation/meeting-input.js';
import type { WorkingCalendar } from '../grid-events/working-days.js';
import type {
  consultationMeetings,
  meetingOutcomes,
  meetingParticipants,
  meetingTopics,
  outcomeTasks,
} from '../schema/consultation.js';
import type { communities, subdistricts } from '../schema/hierarchy.js';
import { addDays } from '../services/dates.js';
import type { NewGridEvent } from './grid-event-timeline.js';
import { followUpTexts, meetingPlaces, proposalTopics } from './grid-texts.js';
import type { NewDepartment } from './plan-departments.js';
import type { OrganizationRows } from './plan-organizations.js';
import { weighted } from './plan-project-designs.js';
import type { ServiceChainRows } from './plan-service-chain.js';
import { type Random, randomDate, shuffled } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
export type NewConsultationMeeting = typeof consultationMeetings.$inferInsert & { id: number };
export type NewMeetingParticipant = typeof meetingParticipants.$inferInsert & { id: number };
export type NewMeetingTopic = typeof meetingTopics.$inferInsert & { id: number };
export type NewMeetingOutcome = typeof meetingOutcomes.$inferInsert & { id: number };
export type NewOutcomeTask = typeof outcomeTasks.$inferInsert & { id: number };

export interface ConsultationRows {
  consultationMeetings: NewConsultationMeeting[];
  meetingParticipants: NewMeetingParticipant[];
  meetingTopics: NewMeetingTopic[];
  meetingOutcomes: NewMeetingOutcome[];
  outcomeTasks: NewOutcomeTask[];
}

export function emptyConsultationRows(): ConsultationRows {
  return {
    consultationMeetings: [],
    meetingParticipants: [],
    meetingTopics: [],
    meetingOutcomes: [],
    outcomeTasks: [],
  };
}

/**
 * Communities of each subdistrict that record their consultation councils in sanshe (one or two),
 * and the meetings each holds a year (the practice's 议事会 meets quarterly or so). One city
 * reported 37 meetings solving 14 issues in a year (docs/domain.md §8); a district of the default
 * scale here holds some 35 to 40.
 */
const COMMUNITIES_PER_SUBDISTRICT: readonly [number, number] = [1, 2];
const MEETINGS_PER_COMMUNITY: readonly [number, number] = [2, 4];

/** Event categories a residents' council takes up (the neighbourhood's own problems). */
const councilCategories = new Set([
  'E0503',
  'E0504',
  'S0102',
  'S0202',
  'S0201',
  'E0101',
  'C0401',
  'E0502',
  'S0101',
]);

const forms: readonly [MeetingForm, number][] = [
  ['council', 6],
  ['dialogue', 2],
  ['hearing', 1],
  ['open_space', 1],
];

/**
 * A year of residents' consultation meetings (协商议事, docs/domain.md §8) in the communities that
 * record them: who took part by kind (residents' representatives always, as the rule requires),
 * the topics taken up from the community's grid events, its needs and residents' proposals, the
 * outcomes voted (adopted by more than half the votes cast), the tasks carrying each adopted
 * outcome out (the community's own, the event's department, an organization serving the
 * community or the service project answering the need), due on working days; tasks done, the
 * outcome implemented once all are, and reported back to the residents after that. Each meeting
 * is parsed by the service's own `parseMeetingInput` before it is planned.
 */
export function planConsultation(input: {
  districtCode: string;
  asOf: string;
  random: Random;
  subdistricts: readonly NewSubdistrict[];
  communities: readonly NewCommunity[];
  departments: readonly NewDepartment[];
  events: readonly NewGridEvent[];
  organizations: OrganizationRows;
  chain: ServiceChainRows;
  calendar: WorkingCalendar;
}): ConsultationRows {
  const { districtCode, asOf, random, calendar } = input;
  const rows = emptyConsultationRows();
  const departmentById = new Map(input.departments.map((d) => [d.id, d]));
  const organizationById = new Map(input.organizations.socialOrganizations.map((o) => [o.id, o]));
  const projectById = new Map(input.chain.serviceProjects.map((p) => [p.id!, p]));
  const usedEvents = new Set<number>();
  const usedNeeds = new Set<number>();

  const recording = input.subdistricts.flatMap((subdistrict) =>
    shuffled(
      random,
      input.communities.filter((c) => c.subdistrictId === subdistrict.id),
    ).slice(0, random.int(...COMMUNITIES_PER_SUBDISTRICT)),
  );
  for (const community of recording) {
    const count = random.int(...MEETINGS_PER_COMMUNITY);
    const days = Array.from({ length: count }, () =>
      randomDate(random, addDays(asOf, -364), addDays(asOf, -1)),
    )
      .map((day) => calendar.addWorkingDays(day, 0).day)
      .filter((day) => day <= asOf)
      .sort();
    for (const heldOn of [...new Set(days)]) planMeeting(community, heldOn);
  }
  return rows;

  function organizationsOn(community: NewCommunity, day: string) {
    return input.organizations.organizationCommunities
      .filter((link) => link.communityId === community.id)
      .map((link) => organizationById.get(link.organizationId)!)
      .filter((o) => o.registeredOn <= day && (o.deregisteredOn == null || o.deregisteredOn > day));
  }

  function departmentServes(department: NewDepartment, community: NewCommunity, day: string): boolean {
    return (
      department.establishedOn <= day &&
      (department.dissolvedOn == null || department.dissolvedOn > day) &&
      community.code.startsWith(department.unitCode)
    );
  }

  function planMeeting(community: NewCommunity, heldOn: string): void {
    const staff = `demo-${community.code}-staff`;
    const form = weighted(random, forms);
    // What the meeting takes up: a grid event of the community, a need it collected, a proposal.
    type Topic = {
      input: TopicInput;
      outcomes: OutcomeInput[];
      event?: NewGridEvent;
      needId?: number;
      proposal?: (typeof proposalTopics)[number];
    };
    const topics: Topic[] = [];
    for (let n = random.int(1, 2); topics.length < n; ) {
      const draw = random.next();
      const event =
        draw < 0.4
          ? input.events.find(
              (e) =>
                e.communityId === community.id &&
                e.reportedAt.slice(0, 10) < heldOn &&
                councilCategories.has(e.categoryCode) &&
                !usedEvents.has(e.id),
            )
          : undefined;
      const need =
        !event && draw < 0.65
          ? input.chain.needs.find(
              (x) => x.communityId === community.id && x.collectedOn <= heldOn && !usedNeeds.has(x.id),
            )
          : undefined;
      if (event) {
        usedEvents.add(event.id);
        topics.push({
          input: { title: `关于${event.title}问题的协商`, source: 'event', eventId: event.id },
          outcomes: [],
          event,
        });
      } else if (need) {
        usedNeeds.add(need.id);
        topics.push({
          input: { title: `关于${need.title}的协商`.slice(0, 200), source: 'need', needId: need.id },
          outcomes: [],
          needId: need.id,
        });
      } else {
        const proposal = random.pick(proposalTopics);
        if (topics.some((t) => t.proposal === proposal)) break;
        topics.push({ input: { title: proposal.title, source: 'proposal' }, outcomes: [], proposal });
      }
    }

    const participants: ParticipantInput[] = [
      { kind: 'residents_representative', headcount: random.int(8, 25) },
      { kind: 'residents_committee', headcount: random.int(3, 6) },
      { kind: 'party_organization', headcount: random.int(1, 3) },
    ];
    if (random.next() < 0.6) participants.push({ kind: 'property_company', headcount: random.int(1, 2) });
    if (random.next() < 0.4) participants.push({ kind: 'owners_committee', headcount: random.int(2, 4) });
    const organization =
      random.next() < 0.4 ? random.pick([undefined, ...organizationsOn(community, heldOn)]) : undefined;
    if (organization) {
      participants.push({
        kind: 'social_organization',
        headcount: random.int(1, 2),
        organizationId: organization.id,
      });
    }
    const eventDepartment = topics
      .map((t) => (t.event ? departmentById.get(t.event.departmentId ?? -1) : undefined))
      .find((d): d is NewDepartment => d !== undefined && departmentServes(d, community, heldOn));
    if (eventDepartment && random.next() < 0.6) {
      participants.push({
        kind: 'department',
        headcount: random.int(1, 2),
        departmentId: eventDepartment.id,
      });
    }
    if (random.next() < 0.15) participants.push({ kind: 'deputy', headcount: 1 });
    const attendance = participants.reduce((sum, p) => sum + p.headcount, 0);

    // One outcome a topic, voted by those present: most pass by a clear majority, a few do not.
    for (const topic of topics) {
      const cast = attendance - random.int(0, Math.min(3, attendance - 1));
      const adopted = random.next() < 0.92;
      const abstentions = random.int(0, Math.min(2, cast - 1));
      const votesFor = adopted
        ? Math.max(Math.floor(cast / 2) + 1, Math.round(cast * (0.6 + 0.35 * random.next())))
        : Math.round(cast * (0.2 + 0.25 * random.next()));
      const text = !adopted
        ? followUpTexts.notAdopted
        : topic.proposal
          ? topic.proposal.outcome
          : topic.event
            ? followUpTexts.eventOutcome
            : followUpTexts.needOutcome;
      const forCount = Math.min(votesFor, cast - abstentions);
      topic.outcomes.push({
        text,
        votesFor: forCount,
        votesAgainst: cast - abstentions - forCount,
        abstentions,
      });
    }

    const month = Number(heldOn.slice(5, 7));
    const meetingInput: RecordMeetingInput = {
      communityId: community.id!,
      title:
        form === 'council'
          ? `${community.name}${month}月居民议事会`
          : form === 'hearing'
            ? `${topics[0]!.input.title.replace(/^关于|的协商$|问题的协商$/g, '')}听证会`
            : form === 'dialogue'
              ? `${community.name}${month}月居民恳谈会`
              : `${community.name}开放空间议事会议`,
      form,
      heldOn,
      place: `${community.name}${random.pick(meetingPlaces)}`,
      summary: `居民代表等${attendance}人参加，协商议题${topics.length}项。`,
      participants,
      topics: topics.map((t) => ({ ...t.input, outcomes: t.outcomes })),
    };
    // The service's own parse: participants, votes within attendance, adoption, published text.
    const parsed = parseMeetingInput(meetingInput);

    const meeting: NewConsultationMeeting = {
      districtCode,
      id: rows.consultationMeetings.length + 1,
      communityId: community.id!,
      title: parsed.title,
      form: parsed.form,
      heldOn,
      place: parsed.place,
      convenedBy: staff,
      summary: parsed.summary,
      createdAt: `${heldOn}T20:00:00+08:00`,
      updatedAt: `${heldOn}T20:00:00+08:00`,
    };
    rows.consultationMeetings.push(meeting);
    for (const participant of parsed.participants) {
      rows.meetingParticipants.push({
        districtCode,
        id: rows.meetingParticipants.length + 1,
        meetingId: meeting.id,
        kind: participant.kind,
        headcount: participant.headcount,
        organizationId: participant.organizationId,
        departmentId: participant.departmentId,
      });
    }
    parsed.topics.forEach((parsedTopic, index) => {
      const topic = topics[index]!;
      const topicRow: NewMeetingTopic = {
        districtCode,
        id: rows.meetingTopics.length + 1,
        meetingId: meeting.id,
        title: parsedTopic.title,
        source: parsedTopic.source,
        eventId: parsedTopic.eventId,
        needId: parsedTopic.needId,
        createdAt: meeting.createdAt,
        updatedAt: meeting.createdAt,
      };
      rows.meetingTopics.push(topicRow);
      for (const outcome of parsedTopic.outcomes) {
        const outcomeRow: NewMeetingOutcome = {
          districtCode,
          id: rows.meetingOutcomes.length + 1,
          topicId: topicRow.id,
          meetingId: meeting.id,
          text: outcome.text,
          votesFor: outcome.votesFor,
          votesAgainst: outcome.votesAgainst,
          abstentions: outcome.abstentions,
          state: outcome.state,
          implementedOn: null,
          reportedBackOn: null,
          report: null,
          version: 1,
          createdAt: meeting.createdAt,
          updatedAt: meeting.createdAt,
        };
        rows.meetingOutcomes.push(outcomeRow);
        if (outcome.state === 'adopted') followUp(outcomeRow, topic, community, heldOn);
      }
    });
  }

  /**
   * The tasks of an adopted outcome, and how far it came by the plan's day: each task done or
   * not, the outcome implemented once every task is (`openTaskIds`), on or after the last one
   * (`lastDoneOn`), and reported back some days later.
   */
  function followUp(
    outcome: NewMeetingOutcome,
    topic: { event?: NewGridEvent; needId?: number; proposal?: (typeof proposalTopics)[number] },
    community: NewCommunity,
    heldOn: string,
  ): void {
    const owners: { title: string; owner: Partial<NewOutcomeTask> }[] = [
      {
        title: topic.proposal?.task ?? followUpTexts.communityTask,
        owner: { communityId: community.id! },
      },
    ];
    if (topic.event) {
      const department = departmentById.get(topic.event.departmentId ?? -1);
      if (department && departmentServes(department, community, heldOn)) {
        owners.push({
          title: followUpTexts.departmentTask,
          owner: { departmentId: department.id, eventId: topic.event.id },
        });
      } else {
        owners[0]!.owner.eventId = topic.event.id;
      }
    }
    if (topic.needId !== undefined) {
      const link = input.chain.projectNeeds.find((l) => l.needId === topic.needId);
      const project = link ? projectById.get(link.projectId) : undefined;
      const organization = random.pick([undefined, ...organizationsOn(community, heldOn)]);
      if (project)
        owners.push({
          title: followUpTexts.projectTask,
          owner: { communityId: community.id!, projectId: project.id! },
        });
      else if (organization)
        owners.push({ title: followUpTexts.organizationTask, owner: { organizationId: organization.id } });
    }
    const tasks: NewOutcomeTask[] = owners.map(({ title, owner }) => {
      // Due on a working day of the district's calendar (requireWorkingDay), after the meeting.
      const dueOn = calendar.addWorkingDays(addDays(heldOn, random.int(15, 60)), 0).day;
      const doneOn = random.next() < 0.8 ? addDays(heldOn, random.int(10, 100)) : null;
      const done = doneOn !== null && doneOn <= asOf;
      const task: NewOutcomeTask = {
        districtCode,
        id: rows.outcomeTasks.length + 1,
        outcomeId: outcome.id,
        title,
        departmentId: null,
        organizationId: null,
        communityId: null,
        eventId: null,
        projectId: null,
        ...owner,
        dueOn,
        doneOn: done ? doneOn : null,
        result: done ? followUpTexts.taskResult : null,
        version: done ? 2 : 1,
        createdAt: `${heldOn}T20:30:00+08:00`,
        updatedAt: done ? `${doneOn}T17:00:00+08:00` : `${heldOn}T20:30:00+08:00`,
      };
      rows.outcomeTasks.push(task);
      return task;
    });
    const progress = tasks.map((t) => ({ id: t.id, doneOn: t.doneOn ?? null }));
    if (openTaskIds(progress).length > 0) return;
    const implementedOn = addDays(lastDoneOn(progress)!, random.int(0, 5));
    if (implementedOn > asOf) return;
    Object.assign(outcome, {
      state: 'implemented',
      implementedOn,
      version: 2,
      updatedAt: `${implementedOn}T17:30:00+08:00`,
    });
    const reportedBackOn = addDays(implementedOn, random.int(3, 20));
    if (reportedBackOn > asOf || random.next() < 0.2) return;
    Object.assign(outcome, {
      state: 'reported_back',
      reportedBackOn,
      report: followUpTexts.report,
      version: 3,
      updatedAt: `${reportedBackOn}T17:30:00+08:00`,
    });
  }
}
