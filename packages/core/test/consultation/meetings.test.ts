/**
 * Recording a consultation meeting (协商议事, docs/domain.md §8): participants by kind with the
 * residents' representatives present, topics from an event, a need or a proposal of the meeting's
 * own community, outcomes adopted by more than half of the votes cast, every published text free
 * of personal data. Every refusal is typed, at its field, and changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import {
  type ConsultationDistrict,
  createConsultationDistrict,
  DISTRICT,
  expectRefused,
  shishanMeeting,
} from './consultation-fixture.js';

let d: ConsultationDistrict;

beforeAll(async () => {
  d = await createConsultationDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

describe('a meeting recorded whole', () => {
  it('writes the participants, topics and outcomes, adopting by more than half of the votes cast', async () => {
    const meeting = await d.as(d.actors.shishan).recordMeeting(
      shishanMeeting(d, {
        topics: [
          {
            title: '加装电梯费用分摊',
            source: 'event',
            eventId: d.events.shishan,
            outcomes: [
              // 20 of 28 cast: adopted.
              { text: '按楼层系数分摊加装电梯费用。', votesFor: 20, votesAgainst: 5, abstentions: 3 },
              // 14 of 30 cast, abstentions counting as cast: not adopted.
              { text: '一楼住户不分摊费用。', votesFor: 14, votesAgainst: 14, abstentions: 2 },
            ],
          },
          {
            title: '老年人助餐点选址',
            source: 'need',
            needId: d.needs.shishan,
            // 17 of 34: exactly half is not more than half.
            outcomes: [{ text: '助餐点设在党群服务中心一楼。', votesFor: 17, votesAgainst: 17 }],
          },
          { title: '楼道堆物清理', source: 'proposal' },
        ],
      }),
    );
    expect(meeting).toMatchObject({
      districtCode: DISTRICT,
      communityId: d.communities.shishan,
      form: 'council',
      heldOn: '2026-02-10',
      convenedBy: d.actors.shishan.id,
    });
    expect(meeting.participants.map((p) => [p.kind, p.headcount])).toEqual([
      ['residents_representative', 25],
      ['party_organization', 2],
      ['residents_committee', 3],
      ['social_organization', 2],
      ['property_company', 1],
      ['department', 1],
    ]);
    expect(meeting.participants[3]!.organizationId).toBe(d.organizations.leling);
    expect(meeting.participants[5]!.departmentId).toBe(d.departments.cg);
    expect(meeting.topics.map((t) => [t.source, t.eventId, t.needId])).toEqual([
      ['event', d.events.shishan, null],
      ['need', null, d.needs.shishan],
      ['proposal', null, null],
    ]);
    expect(meeting.topics.map((t) => t.outcomes.map((o) => o.state))).toEqual([
      ['adopted', 'not_adopted'],
      ['not_adopted'],
      [],
    ]);
    expect(meeting.topics[0]!.outcomes[0]).toMatchObject({ votesFor: 20, votesAgainst: 5, abstentions: 3 });
    expect(meeting.topics[1]!.outcomes[0]!.abstentions).toBe(0);

    // The record is public: PUBLIC reads it back whole, as it was written.
    expect(await d.as(d.actors.public).meetingById(meeting.id)).toEqual(meeting);
    const [entry] = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'consultation_meeting'), eq(auditLog.entityId, meeting.id)));
    expect(entry).toMatchObject({ action: 'consultation_meeting.record', actorId: d.actors.shishan.id });
  });

  it('lists meetings by unit and period, latest first, for every caller', async () => {
    const february = await d
      .as()
      .recordMeeting(shishanMeeting(d, { heldOn: '2026-02-20', title: '二月议事会' }));
    const fengqiao = await d.as(d.actors.fengqiao).recordMeeting(
      shishanMeeting(d, {
        communityId: d.communities.fengqiao,
        title: '枫桥社区恳谈会',
        form: 'dialogue',
        heldOn: '2026-01-15',
        participants: [
          { kind: 'residents_representative', headcount: 12 },
          { kind: 'social_organization', headcount: 1, organizationId: d.organizations.yangguang },
        ],
        topics: [{ title: '停车难', source: 'event', eventId: d.events.fengqiao }],
      }),
    );
    const all = await d.as(d.actors.public).meetings();
    expect(all[0]!.id).toBe(february.id);
    expect(all.at(-1)!.id).toBe(fengqiao.id);
    const shishan = await d.as(d.actors.public).meetings({ unitCode: '320505001' });
    expect(shishan.map((m) => m.communityId)).not.toContain(d.communities.fengqiao);
    expect(shishan.length).toBe(all.length - 1);
    expect(
      (await d.as(d.actors.resident).meetings({ from: '2026-02-15', to: '2026-02-28' })).map((m) => m.id),
    ).toEqual([february.id]);
    await expect(d.as().meetings({ unitCode: '320506001' })).rejects.toMatchObject({
      code: 'CODE_OUTSIDE_DISTRICT',
      path: ['filter', 'unitCode'],
    });
    await expect(d.as().meetings({ from: '2026-03-01', to: '2026-02-01' })).rejects.toMatchObject({
      code: 'INVALID_DATE_RANGE',
      path: ['filter', 'to'],
    });
  });
});

describe('refusals: typed, at the field, nothing changed', () => {
  it('a meeting held after today', async () => {
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).recordMeeting(shishanMeeting(d, { heldOn: '2026-03-03' })),
      {
        code: 'DATE_IN_FUTURE',
        path: ['input', 'heldOn'],
      },
    );
  });

  it("a meeting without residents' representatives is not a residents' consultation", async () => {
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.shishan).recordMeeting(
          shishanMeeting(d, {
            participants: [
              { kind: 'residents_committee', headcount: 5 },
              { kind: 'property_company', headcount: 2 },
              { kind: 'department', headcount: 1, departmentId: d.departments.cg },
            ],
            topics: [
              {
                title: '物业费调整',
                source: 'proposal',
                outcomes: [{ text: '物业费上调。', votesFor: 6, votesAgainst: 2 }],
              },
            ],
          }),
        ),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'participants'],
        details: { required: 'residents_representative' },
      },
    );
  });

  it('an event of another community: refused for who sees it, absent for who does not', async () => {
    const topics = [{ title: '停车难', source: 'event' as const, eventId: d.events.fengqiao }];
    await expectRefused(d.database, () => d.as(d.actors.admin).recordMeeting(shishanMeeting(d, { topics })), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'topics', 0, 'eventId'],
    });
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).recordMeeting(shishanMeeting(d, { topics })),
      {
        code: 'NOT_FOUND',
        path: ['input', 'topics', 0, 'eventId'],
      },
    );
  });

  it('a need of another community, and a topic naming the wrong kind of record', async () => {
    await expectRefused(
      d.database,
      () =>
        d.as().recordMeeting(
          shishanMeeting(d, {
            topics: [{ title: '四点半课堂', source: 'need', needId: d.needs.fengqiao }],
          }),
        ),
      { code: 'VALIDATION_FAILED', path: ['input', 'topics', 0, 'needId'] },
    );
    await expectRefused(
      d.database,
      () =>
        d
          .as()
          .recordMeeting(
            shishanMeeting(d, { topics: [{ title: '助餐', source: 'proposal', needId: d.needs.shishan }] }),
          ),
      { code: 'VALIDATION_FAILED', path: ['input', 'topics', 0, 'needId'] },
    );
    await expectRefused(
      d.database,
      () => d.as().recordMeeting(shishanMeeting(d, { topics: [{ title: '电梯', source: 'event' }] })),
      { code: 'VALIDATION_FAILED', path: ['input', 'topics', 0, 'eventId'] },
    );
    await expectRefused(d.database, () => d.as().recordMeeting(shishanMeeting(d, { topics: [] })), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'topics'],
    });
  });

  it('participants: an organization or department only for its kind, headcounts in range, no kind twice', async () => {
    const base = shishanMeeting(d).participants;
    const refused = async (participants: unknown, code: string, path: (string | number)[]) =>
      expectRefused(
        d.database,
        () => d.as().recordMeeting(shishanMeeting(d, { participants: participants as typeof base })),
        { code: code as 'VALIDATION_FAILED', path },
      );
    await refused(
      [base[0], { kind: 'property_company', headcount: 1, organizationId: d.organizations.leling }],
      'VALIDATION_FAILED',
      ['input', 'participants', 1, 'organizationId'],
    );
    await refused(
      [base[0], { kind: 'deputy', headcount: 1, departmentId: d.departments.cg }],
      'VALIDATION_FAILED',
      ['input', 'participants', 1, 'departmentId'],
    );
    await refused([{ kind: 'residents_representative', headcount: 0 }], 'INVALID_NUMBER', [
      'input',
      'participants',
      0,
      'headcount',
    ]);
    await refused([{ kind: 'residents_representative', headcount: 10_001 }], 'INVALID_NUMBER', [
      'input',
      'participants',
      0,
      'headcount',
    ]);
    await refused([base[0], { kind: 'owners', headcount: 3 }], 'INVALID_CODE_LIST_VALUE', [
      'input',
      'participants',
      1,
      'kind',
    ]);
    await refused([base[0], base[0]], 'VALIDATION_FAILED', ['input', 'participants', 1]);
  });

  it('more votes than people present, or none at all', async () => {
    const outcome = (votesFor: number, votesAgainst: number) => ({
      topics: [
        {
          title: '楼道堆物',
          source: 'proposal' as const,
          outcomes: [{ text: '清理。', votesFor, votesAgainst }],
        },
      ],
    });
    const error = await expectRefused(
      d.database,
      () => d.as().recordMeeting(shishanMeeting(d, outcome(30, 5))),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'topics', 0, 'outcomes', 0, 'votesFor'],
      },
    );
    expect(error.details).toEqual({ votesCast: 35, attendance: 34 });
    await expectRefused(d.database, () => d.as().recordMeeting(shishanMeeting(d, outcome(0, 0))), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'topics', 0, 'outcomes', 0, 'votesFor'],
    });
  });

  it('personal data in what the public reads', async () => {
    await expectRefused(
      d.database,
      () => d.as().recordMeeting(shishanMeeting(d, { summary: '联系人王阿姨，电话13912345678。' })),
      { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: ['input', 'summary'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().recordMeeting(
          shishanMeeting(d, {
            topics: [
              {
                title: '楼道堆物',
                source: 'proposal',
                outcomes: [{ text: '由13912345678负责清理。', votesFor: 20, votesAgainst: 1 }],
              },
            ],
          }),
        ),
      { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: ['input', 'topics', 0, 'outcomes', 0, 'text'] },
    );
  });

  it('another community, an organization the caller cannot see, a department serving elsewhere, a retired unit', async () => {
    await expectRefused(d.database, () => d.as(d.actors.fengqiao).recordMeeting(shishanMeeting(d)), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(d.database, () => d.as(d.actors.gridWorker).recordMeeting(shishanMeeting(d)), {
      code: 'FORBIDDEN',
      path: [],
    });
    const base = shishanMeeting(d).participants;
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.shishan).recordMeeting(
          shishanMeeting(d, {
            participants: [
              base[0]!,
              { kind: 'social_organization', headcount: 3, organizationId: d.organizations.yangguang },
            ],
          }),
        ),
      { code: 'NOT_FOUND', path: ['input', 'participants', 1, 'organizationId'] },
    );
    // 狮山街道综合行政执法局 serves 狮山街道 only: not a meeting of 枫桥社区.
    await expectRefused(
      d.database,
      () =>
        d.as().recordMeeting(
          shishanMeeting(d, {
            communityId: d.communities.fengqiao,
            participants: [base[0]!, { kind: 'department', headcount: 3, departmentId: d.departments.sszf }],
          }),
        ),
      { code: 'VALIDATION_FAILED', path: ['input', 'participants', 1, 'departmentId'] },
    );
    await expectRefused(d.database, () => d.as().recordMeeting(shishanMeeting(d, { heldOn: '2000-06-01' })), {
      code: 'UNIT_NOT_IN_FORCE',
      path: ['input', 'communityId'],
    });
    await expectRefused(d.database, () => d.as().recordMeeting(shishanMeeting(d, { communityId: 999_999 })), {
      code: 'NOT_FOUND',
      path: ['input', 'communityId'],
    });
  });

  it('malformed input: a form, a title, a list that is not one', async () => {
    const before = await snapshotDatabase(d.database);
    await expectRefused(
      d.database,
      () => d.as().recordMeeting(shishanMeeting(d, { form: 'party' as 'council' })),
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'form'] },
      before,
    );
    await expectRefused(
      d.database,
      () => d.as().recordMeeting(shishanMeeting(d, { title: '  ' })),
      { code: 'VALIDATION_FAILED', path: ['input', 'title'] },
      before,
    );
    await expectRefused(
      d.database,
      () => d.as().recordMeeting(shishanMeeting(d, { participants: 'everyone' as never })),
      { code: 'VALIDATION_FAILED', path: ['input', 'participants'] },
      before,
    );
    await expectRefused(
      d.database,
      () => d.as().recordMeeting(null as never),
      { code: 'VALIDATION_FAILED', path: ['input'] },
      before,
    );
  });
});
