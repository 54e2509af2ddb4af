// The ready-made documents of consultation (协商议事, docs/domain.md §8) over real HTTP against a
// real gateway serving the demo city (PGlite, or PostgreSQL when SANSHE_TEST_PG is set): a
// community's staff record a meeting, charge its adopted outcome with a task, see the outcome
// refused as OUTCOME_TASKS_OPEN (a typed ConflictError) while the task is open, complete the task,
// mark the outcome implemented and report it back; anyone then reads the meeting and the unit's
// figures, and PUBLIC never the task.
import { demoTestDatabases } from '@sanshe/core/testing';
import {
  createGateway,
  type ListeningGateway,
  listen,
  openDemoCity,
  signHs256Token,
  type TokenClaims,
} from '@sanshe/graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AddOutcomeTask,
  CommunityByCode,
  CompleteOutcomeTask,
  ConsultationFigures,
  ConsultationMeetingById,
  ConsultationMeetingsPage,
  createClient,
  MarkOutcomeImplemented,
  OutcomeTasksPage,
  RecordConsultationMeeting,
  ReportOutcomeBack,
  type ResultOf,
  type SansheClient,
  type SchemaErrorCode,
} from '../src/index.js';
import { testAuth } from './support/test-auth.js';

const district = '320505';
const community = '320505001001';
/** A Monday and a Friday of 2026, working days on the national calendar the district uses. */
const heldOn = '2026-11-02';
const dueOn = '2026-11-13';
const period = { unitCode: community, from: '2026-11-01', to: '2026-11-30' };

let running: ListeningGateway;
let url: string;
let staff: SansheClient;
let anyone: SansheClient;
let communityId: string;

const as = async (claims: TokenClaims) =>
  createClient({ url, token: await signHs256Token(testAuth, claims, '2h') });

/** A mutation's success `data`, or the test fails with what came back instead. */
function success<R extends { __typename: string }>(
  result: R | undefined,
): Extract<R, { data: unknown }>['data'] {
  if (result && 'data' in result) return (result as Extract<R, { data: unknown }>).data;
  throw new Error(`expected a success, got ${JSON.stringify(result)}`);
}

type Figures = ResultOf<typeof ConsultationFigures>['consultationFigures'];
let figuresBefore: Figures;

beforeAll(async () => {
  const city = await openDemoCity({
    openDatabase: demoTestDatabases(),
  });
  running = await listen(
    // The demo's events include overdue ones: the overdue job would escalate them in the background.
    createGateway({ districts: city.sources, logging: false, auth: testAuth, overdueCheckMinutes: 0 }),
    { port: 0 },
  );
  url = `${running.origin}/graphql`;
  anyone = createClient({ url });
  staff = await as({ sub: 'consultation-staff', role: 'COMMUNITY_STAFF', district, community });
  const home = (await staff.request(CommunityByCode, { code: community })).data?.community;
  if (!home) throw new Error(`no community ${community}`);
  communityId = home.id;
  const figures = (await anyone.request(ConsultationFigures, period)).data?.consultationFigures;
  if (!figures) throw new Error('no figures');
  figuresBefore = figures;
});
afterAll(() => running?.close());

describe('a meeting’s outcome followed to its end through the client', () => {
  let meetingId: string;
  let outcomeId: string;
  let taskId: string;

  it('records the meeting; the outcome voted 14 to 3 is adopted', async () => {
    const meeting = success(
      (
        await staff.request(RecordConsultationMeeting, {
          input: {
            communityId,
            title: '楼道堆物清理议事会',
            form: 'COUNCIL',
            heldOn,
            place: '社区党群服务中心',
            summary: '居民代表与居委会协商楼道堆物清理。',
            participants: [
              { kind: 'RESIDENTS_REPRESENTATIVE', headcount: 15 },
              { kind: 'RESIDENTS_COMMITTEE', headcount: 2 },
            ],
            topics: [
              {
                title: '楼道堆物影响通行',
                source: 'PROPOSAL',
                outcomes: [{ text: '两周内由居委会组织清理楼道堆物。', votesFor: 14, votesAgainst: 3 }],
              },
            ],
          },
        })
      ).data?.recordConsultationMeeting,
    );
    expect(meeting).toMatchObject({ heldOn, attendance: 17, community: { code: community } });
    const outcome = meeting.topics[0]!.outcomes[0]!;
    expectTypeOf(outcome.state).toEqualTypeOf<'ADOPTED' | 'IMPLEMENTED' | 'NOT_ADOPTED' | 'REPORTED_BACK'>();
    expect(outcome).toMatchObject({ state: 'ADOPTED', votesFor: 14, votesAgainst: 3, abstentions: 0 });
    meetingId = meeting.id;
    outcomeId = outcome.id;
  });

  it('charges the outcome with the community’s own task, due on a working day', async () => {
    const task = success(
      (
        await staff.request(AddOutcomeTask, {
          input: { outcomeId, title: '组织清理楼道堆物', ownerId: communityId, dueOn },
        })
      ).data?.addOutcomeTask,
    );
    expect(task).toMatchObject({
      ownerKind: 'COMMUNITY',
      community: { id: communityId },
      dueOn,
      doneOn: null,
      outcome: { id: outcomeId, state: 'ADOPTED' },
    });
    taskId = task.id;
  });

  it('refuses to mark the outcome implemented while its task is open: a typed OUTCOME_TASKS_OPEN', async () => {
    const refused = (
      await staff.request(MarkOutcomeImplemented, { input: { outcomeId, implementedOn: dueOn } })
    ).data?.markOutcomeImplemented;
    if (refused?.__typename !== 'ConflictError') throw new Error(JSON.stringify(refused));
    expectTypeOf(refused.code).toEqualTypeOf<SchemaErrorCode>();
    expect(refused).toMatchObject({ code: 'OUTCOME_TASKS_OPEN', path: ['input', 'outcomeId'] });
    const reported = (
      await staff.request(ReportOutcomeBack, {
        input: { outcomeId, reportedBackOn: dueOn, report: '楼道堆物已清理。' },
      })
    ).data?.reportOutcomeBack;
    expect(reported).toMatchObject({ __typename: 'ConflictError', code: 'OUTCOME_TASKS_OPEN' });
  });

  it('the task is done, the outcome implemented, then reported back to the residents', async () => {
    const done = success(
      (
        await staff.request(CompleteOutcomeTask, {
          input: { taskId, doneOn: '2026-11-10', result: '已清理12处楼道堆物。', expectedVersion: 1 },
        })
      ).data?.completeOutcomeTask,
    );
    expect(done).toMatchObject({ doneOn: '2026-11-10', overdue: false, version: 2 });
    const implemented = success(
      (await staff.request(MarkOutcomeImplemented, { input: { outcomeId, implementedOn: '2026-11-11' } }))
        .data?.markOutcomeImplemented,
    );
    expect(implemented).toMatchObject({ state: 'IMPLEMENTED', implementedOn: '2026-11-11' });
    const reported = success(
      (
        await staff.request(ReportOutcomeBack, {
          input: {
            outcomeId,
            reportedBackOn: '2026-11-12',
            report: '楼道堆物已全部清理，请居民共同保持。',
            expectedVersion: implemented.version,
          },
        })
      ).data?.reportOutcomeBack,
    );
    expect(reported).toMatchObject({ state: 'REPORTED_BACK', reportedBackOn: '2026-11-12' });
  });

  it('anyone reads the meeting and the figures; PUBLIC never the task', async () => {
    const read = (await anyone.request(ConsultationMeetingById, { id: meetingId })).data?.node;
    if (read?.__typename !== 'ConsultationMeeting') throw new Error(JSON.stringify(read));
    expect(read.topics[0]!.outcomes[0]).toMatchObject({
      state: 'REPORTED_BACK',
      report: '楼道堆物已全部清理，请居民共同保持。',
    });
    expect(read.outcomes).toEqual([{ id: outcomeId, tasks: [] }]);
    const page = await anyone.request(ConsultationMeetingsPage, {
      first: 100,
      filter: { communityId, from: heldOn, to: heldOn },
    });
    expect(page.data?.consultationMeetings.nodes.map((m) => m.id)).toContain(meetingId);
    const publicTasks = await anyone.request(OutcomeTasksPage, { filter: { outcomeId } });
    expect(publicTasks.data?.outcomeTasks.totalCount).toBe(0);
    const staffTasks = await staff.request(OutcomeTasksPage, { filter: { outcomeId } });
    expect(staffTasks.data?.outcomeTasks.nodes.map((t) => t.id)).toEqual([taskId]);

    const figures = (await anyone.request(ConsultationFigures, period)).data?.consultationFigures;
    expect(figures).toMatchObject({
      meetingsHeld: figuresBefore.meetingsHeld + 1,
      topics: figuresBefore.topics + 1,
      outcomes: figuresBefore.outcomes + 1,
      outcomesAdopted: figuresBefore.outcomesAdopted + 1,
      outcomesImplemented: figuresBefore.outcomesImplemented + 1,
      outcomesReportedBack: figuresBefore.outcomesReportedBack + 1,
    });
    expectTypeOf(figures!.implementedShare).toEqualTypeOf<number | null>();
  });
});
