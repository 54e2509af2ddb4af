/**
 * Who reads what of consultation (access/consultation-visibility.ts, docs/domain.md §8, §14):
 * meetings and outcomes are the community's public record, read by every caller; tasks by
 * district-wide roles, the staff of the meeting's unit, and the organization that owns one.
 * The same rule answers `node(id)` and every id a write names (record-visibility.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { recordIsVisible } from '../../src/access/record-visibility.js';
import type { OutcomeTask } from '../../src/schema/index.js';
import {
  type ConsultationDistrict,
  createConsultationDistrict,
  DISTRICT,
  shishanMeeting,
} from './consultation-fixture.js';

let d: ConsultationDistrict;
let tasks: {
  department: OutcomeTask;
  organization: OutcomeTask;
  community: OutcomeTask;
  fengqiao: OutcomeTask;
};
let meetingId: number;
let outcomeId: number;

beforeAll(async () => {
  d = await createConsultationDistrict();
  const shishan = await d.as(d.actors.shishan).recordMeeting(shishanMeeting(d));
  meetingId = shishan.id;
  outcomeId = shishan.topics[0]!.outcomes[0]!.id;
  const add = (
    actor: Actor,
    outcome: number,
    owner: Parameters<ReturnType<typeof d.as>['addOutcomeTask']>[0]['owner'],
    dueOn: string,
  ) => d.as(actor).addOutcomeTask({ outcomeId: outcome, title: '落实议定事项', owner, dueOn });
  const fengqiao = await d.as(d.actors.fengqiao).recordMeeting(
    shishanMeeting(d, {
      communityId: d.communities.fengqiao,
      participants: [{ kind: 'residents_representative', headcount: 30 }],
    }),
  );
  tasks = {
    department: await add(d.actors.shishan, outcomeId, { departmentId: d.departments.cg }, '2026-02-27'),
    organization: await add(
      d.actors.shishan,
      outcomeId,
      { organizationId: d.organizations.leling },
      '2026-03-13',
    ),
    community: await add(d.actors.shishan, outcomeId, { communityId: d.communities.shishan }, '2026-03-20'),
    fengqiao: await add(
      d.actors.fengqiao,
      fengqiao.topics[0]!.outcomes[0]!.id,
      { organizationId: d.organizations.yangguang },
      '2026-03-20',
    ),
  };
  await d
    .as(d.actors.shishan)
    .completeTask({ taskId: tasks.community.id, doneOn: '2026-03-01', result: '已公示。' });
});
afterAll(async () => {
  await d?.database.close();
});

describe('tasks', () => {
  const names = () => Object.entries(tasks) as [keyof typeof tasks, OutcomeTask][];

  it.each([
    ['admin', ['department', 'organization', 'community', 'fengqiao']],
    ['centre', ['department', 'organization', 'community']],
    ['shishan', ['department', 'organization', 'community']],
    ['gridWorker', ['department', 'organization', 'community']],
    ['fengqiao', ['fengqiao']],
    // Department staff reach the district: they read every task, as every event.
    ['cg', ['department', 'organization', 'community', 'fengqiao']],
    ['leling', ['organization']],
    ['yangguang', ['fengqiao']],
    ['resident', []],
    ['informant', []],
    ['public', []],
  ] as const)('%s reads %j', async (who, expected) => {
    const actor = d.staff[who];
    const listed = (await d.as(actor).tasks()).map((task) => task.id).sort((a, b) => a - b);
    const wanted = expected.map((name) => tasks[name].id).sort((a, b) => a - b);
    expect(listed).toEqual(wanted);
    for (const [name, task] of names()) {
      const visible = (expected as readonly string[]).includes(name);
      expect(await d.as(actor).taskById(task.id)).toEqual(
        visible ? expect.objectContaining({ id: task.id }) : undefined,
      );
      expect(await recordIsVisible(d.database.db, actor, DISTRICT, 'outcome_task', task.id)).toBe(visible);
    }
  });

  it('filters by owner, outcome, open and overdue (as of the service’s today, 2026-03-02)', async () => {
    const admin = d.as();
    const ids = (rows: OutcomeTask[]) => rows.map((row) => row.id);
    expect(ids(await admin.tasks({ overdue: true }))).toEqual([tasks.department.id]);
    expect(ids(await admin.tasks({ overdue: false }))).toEqual([
      tasks.organization.id,
      tasks.community.id,
      tasks.fengqiao.id,
    ]);
    expect(ids(await admin.tasks({ open: false }))).toEqual([tasks.community.id]);
    expect(ids(await admin.tasks({ owner: { organizationId: d.organizations.leling } }))).toEqual([
      tasks.organization.id,
    ]);
    expect(ids(await admin.tasks({ owner: { departmentId: d.departments.cg }, open: true }))).toEqual([
      tasks.department.id,
    ]);
    expect(ids(await admin.tasks({ outcomeId }))).toEqual([
      tasks.department.id,
      tasks.organization.id,
      tasks.community.id,
    ]);
    expect(await admin.tasks({ outcomeId: -3 })).toEqual([]);
    await expect(admin.tasks({ owner: {} as never })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['filter', 'owner'],
    });
    await expect(admin.tasks({ open: 'yes' as never })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      path: ['filter', 'open'],
    });
    await expect(admin.tasks(null, { limit: 501 })).rejects.toMatchObject({ code: 'PAGE_SIZE_EXCEEDED' });
  });
});

describe('meetings and outcomes are public', () => {
  it.each(['public', 'resident', 'leling', 'fengqiao', 'informant'] as const)(
    '%s reads them',
    async (who) => {
      const actor = d.staff[who];
      expect((await d.as(actor).meetingById(meetingId))?.topics[0]?.outcomes[0]?.id).toBe(outcomeId);
      expect((await d.as(actor).outcomes({ meetingId })).map((o) => o.id)).toEqual([outcomeId]);
      for (const kind of ['consultation_meeting', 'meeting_outcome'] as const) {
        const id = kind === 'consultation_meeting' ? meetingId : outcomeId;
        expect(await recordIsVisible(d.database.db, actor, DISTRICT, kind, id)).toBe(true);
      }
    },
  );

  it('answers nothing for an id that names no meeting', async () => {
    expect(await d.as(d.actors.public).meetingById(999_999)).toBeUndefined();
    expect(await d.as(d.actors.public).meetingById(-1)).toBeUndefined();
    expect(await d.as(d.actors.public).outcomeById(999_999)).toBeUndefined();
  });
});
