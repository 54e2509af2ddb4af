/**
 * An adopted outcome followed to its end (docs/domain.md §8; 协商成果采纳、落实和反馈): tasks owned
 * by a department, an organization or the community, due on working days; done by their owner or
 * the community; the outcome implemented once every task is done, then reported back; and the
 * figures read back. Every refusal is typed, at its field, and changes nothing.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../../src/consultation/index.js';
import { auditLog } from '../../src/schema/index.js';
import {
  type ConsultationDistrict,
  createConsultationDistrict,
  expectRefused,
  FENGQIAO,
  SHISHAN,
  shishanMeeting,
} from './consultation-fixture.js';

let d: ConsultationDistrict;
let meeting: MeetingRecord;
/** 按楼层系数分摊 (adopted), 一楼不分摊 (not adopted), 助餐点 (adopted). */
let outcomes: { sharing: number; rejected: number; canteen: number };

beforeAll(async () => {
  d = await createConsultationDistrict();
  meeting = await d.as(d.actors.shishan).recordMeeting(
    shishanMeeting(d, {
      topics: [
        {
          title: '加装电梯费用分摊',
          source: 'event',
          eventId: d.events.shishan,
          outcomes: [
            { text: '按楼层系数分摊加装电梯费用。', votesFor: 22, votesAgainst: 6, abstentions: 2 },
            { text: '一楼住户不分摊费用。', votesFor: 10, votesAgainst: 18 },
          ],
        },
        {
          title: '老年人助餐点选址',
          source: 'need',
          needId: d.needs.shishan,
          outcomes: [{ text: '助餐点设在党群服务中心一楼。', votesFor: 30, votesAgainst: 1 }],
        },
      ],
    }),
  );
  const [sharing, rejected] = meeting.topics[0]!.outcomes;
  outcomes = { sharing: sharing!.id, rejected: rejected!.id, canteen: meeting.topics[1]!.outcomes[0]!.id };
});
afterAll(async () => {
  await d?.database.close();
});

describe('meeting → task → done → implemented → reported back', () => {
  it('follows an outcome to the residents, and counts it', async () => {
    const community = d.as(d.actors.shishan);
    const elevatorWork = await community.addOutcomeTask({
      outcomeId: outcomes.sharing,
      title: '审核加装电梯方案并办理规划手续',
      owner: { departmentId: d.departments.zj },
      dueOn: '2026-03-20',
      eventId: d.events.shishan,
      projectId: d.projects.shishan,
    });
    expect(elevatorWork).toMatchObject({
      departmentId: d.departments.zj,
      organizationId: null,
      communityId: null,
      dueOn: '2026-03-20',
      doneOn: null,
      eventId: d.events.shishan,
      projectId: d.projects.shishan,
    });
    const residentsWork = await community.addOutcomeTask({
      outcomeId: outcomes.sharing,
      title: '组织楼栋居民签署分摊协议',
      owner: { organizationId: d.organizations.leling },
      // Saturday 2026-02-28 is a make-up working day (调休) of the Spring Festival.
      dueOn: '2026-02-28',
    });
    const committeeWork = await community.addOutcomeTask({
      outcomeId: outcomes.sharing,
      title: '公示分摊方案',
      owner: { communityId: d.communities.shishan },
      dueOn: '2026-03-06',
    });

    // The owners report their own work: the department's staff, the organization's staff, the community.
    const done1 = await d
      .as(d.actors.zj)
      .completeTask({ taskId: elevatorWork.id, doneOn: '2026-02-25', result: '规划手续已办结。' });
    expect(done1).toMatchObject({
      doneOn: '2026-02-25',
      result: '规划手续已办结。',
      version: elevatorWork.version + 1,
    });
    await d
      .as(d.staff.leling)
      .completeTask({ taskId: residentsWork.id, doneOn: '2026-02-26', result: '协议已签署。' });
    await community.completeTask({
      taskId: committeeWork.id,
      doneOn: '2026-02-27',
      result: '已公示五个工作日。',
    });

    const implemented = await community.markImplemented({
      outcomeId: outcomes.sharing,
      implementedOn: '2026-02-27',
    });
    expect(implemented).toMatchObject({
      state: 'implemented',
      implementedOn: '2026-02-27',
      reportedBackOn: null,
    });
    const reported = await community.reportBack({
      outcomeId: outcomes.sharing,
      reportedBackOn: '2026-03-02',
      report: '电梯分摊方案已落实，规划手续办结，协议签署完毕。',
      expectedVersion: implemented.version,
    });
    expect(reported).toMatchObject({
      state: 'reported_back',
      implementedOn: '2026-02-27',
      reportedBackOn: '2026-03-02',
      report: '电梯分摊方案已落实，规划手续办结，协议签署完毕。',
    });
    // The public follows the outcome's state and the report.
    expect(await d.as(d.actors.public).outcomeById(outcomes.sharing)).toEqual(reported);
    expect((await d.as(d.actors.public).outcomes({ state: 'reported_back' })).map((o) => o.id)).toEqual([
      outcomes.sharing,
    ]);

    const entries = await d.database.db
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(inArray(auditLog.entityType, ['outcome_task', 'meeting_outcome']))
      .orderBy(asc(auditLog.id));
    expect(entries).toEqual([
      { action: 'outcome_task.add', actorId: d.actors.shishan.id },
      { action: 'outcome_task.add', actorId: d.actors.shishan.id },
      { action: 'outcome_task.add', actorId: d.actors.shishan.id },
      { action: 'outcome_task.complete', actorId: d.actors.zj.id },
      { action: 'outcome_task.complete', actorId: d.staff.leling.id },
      { action: 'outcome_task.complete', actorId: d.actors.shishan.id },
      { action: 'meeting_outcome.implement', actorId: d.actors.shishan.id },
      { action: 'meeting_outcome.report_back', actorId: d.actors.shishan.id },
    ]);

    // A meeting of 枫桥社区 in the same quarter, nothing implemented yet.
    await d.as(d.actors.fengqiao).recordMeeting(
      shishanMeeting(d, {
        communityId: d.communities.fengqiao,
        participants: [{ kind: 'residents_representative', headcount: 15 }],
        topics: [
          {
            title: '停车难',
            source: 'event',
            eventId: d.events.fengqiao,
            outcomes: [{ text: '夜间开放周边单位停车场。', votesFor: 12, votesAgainst: 3 }],
          },
        ],
      }),
    );
    const quarter = { from: '2026-01-01', to: '2026-03-31' };
    const shishan = await d.as(d.actors.public).consultationFigures({ unitCode: SHISHAN, ...quarter });
    expect(shishan).toEqual({
      unitCode: SHISHAN,
      ...quarter,
      meetingsHeld: 1,
      topics: 2,
      outcomes: 3,
      outcomesAdopted: 2,
      outcomesImplemented: 1,
      outcomesReportedBack: 1,
    });
    const fengqiao = await d.as(d.actors.public).consultationFigures({ unitCode: FENGQIAO, ...quarter });
    expect(fengqiao).toMatchObject({
      meetingsHeld: 1,
      topics: 1,
      outcomes: 1,
      outcomesAdopted: 1,
      outcomesImplemented: 0,
    });
    // Units add up: the district is the sum of its communities.
    const district = await d.as(d.actors.public).consultationFigures({ unitCode: '320505', ...quarter });
    for (const key of [
      'meetingsHeld',
      'topics',
      'outcomes',
      'outcomesAdopted',
      'outcomesImplemented',
      'outcomesReportedBack',
    ] as const) {
      expect(district[key]).toBe(shishan[key] + fengqiao[key]);
    }
    // As of a period ending before the implementation, it was not implemented yet.
    expect(
      await d.as().consultationFigures({ unitCode: SHISHAN, from: '2026-01-01', to: '2026-02-26' }),
    ).toMatchObject({ meetingsHeld: 1, outcomesAdopted: 2, outcomesImplemented: 0, outcomesReportedBack: 0 });
    await expect(d.as().consultationFigures({ unitCode: '320505009', ...quarter })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: ['input', 'unitCode'],
    });
    await expect(
      d.as().consultationFigures({ unitCode: SHISHAN, from: '2026-04-01', to: '2026-03-01' }),
    ).rejects.toMatchObject({ code: 'INVALID_DATE_RANGE', path: ['input', 'to'] });
  });
});

describe('refusals: typed, at the field, nothing changed', () => {
  it('a task due on 2026-04-06 (清明节), a weekend, or before the meeting', async () => {
    const task = {
      outcomeId: outcomes.canteen,
      title: '助餐点装修',
      owner: { communityId: d.communities.shishan },
    };
    const error = await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).addOutcomeTask({ ...task, dueOn: '2026-04-06' }),
      {
        code: 'DEADLINE_ON_HOLIDAY',
        path: ['input', 'dueOn'],
      },
    );
    expect(error.details).toMatchObject({ day: '2026-04-06' });
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).addOutcomeTask({ ...task, dueOn: '2026-03-07' }),
      {
        code: 'DEADLINE_ON_HOLIDAY',
        path: ['input', 'dueOn'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).addOutcomeTask({ ...task, dueOn: '2026-02-09' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'dueOn'],
      },
    );
  });

  it('a task for an outcome not adopted, or already implemented', async () => {
    const task = { title: '张贴告示', owner: { communityId: d.communities.shishan }, dueOn: '2026-03-20' };
    const error = await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).addOutcomeTask({ ...task, outcomeId: outcomes.rejected }),
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'outcomeId'] },
    );
    expect(error.details).toMatchObject({ state: 'not_adopted', event: 'addTask', allowed: [] });
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).addOutcomeTask({ ...task, outcomeId: outcomes.sharing }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'outcomeId'],
      },
    );
  });

  it('owners: exactly one; the own community only; a department serving it; an organization the caller sees', async () => {
    const task = (owner: unknown) => () =>
      d.as(d.actors.shishan).addOutcomeTask({
        outcomeId: outcomes.canteen,
        title: '选址论证',
        owner: owner as { communityId: number },
        dueOn: '2026-03-20',
      });
    await expectRefused(d.database, task({}), { code: 'VALIDATION_FAILED', path: ['input', 'owner'] });
    await expectRefused(
      d.database,
      task({ communityId: d.communities.shishan, departmentId: d.departments.cg }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'owner'],
      },
    );
    await expectRefused(d.database, task({ communityId: d.communities.fengqiao }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'owner', 'communityId'],
    });
    await expectRefused(d.database, task({ organizationId: d.organizations.yangguang }), {
      code: 'NOT_FOUND',
      path: ['input', 'owner', 'organizationId'],
    });
    await expectRefused(d.database, task({ departmentId: 999_999 }), {
      code: 'NOT_FOUND',
      path: ['input', 'owner', 'departmentId'],
    });
    await expectRefused(d.database, task({ departmentId: 'CG' }), {
      code: 'NOT_FOUND',
      path: ['input', 'owner', 'departmentId'],
    });
  });

  it('a linked event of another community, a project the caller cannot see, another community adding', async () => {
    const task = {
      outcomeId: outcomes.canteen,
      title: '选址',
      owner: { communityId: d.communities.shishan },
      dueOn: '2026-03-20',
    };
    await expectRefused(d.database, () => d.as().addOutcomeTask({ ...task, eventId: d.events.fengqiao }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'eventId'],
    });
    await expectRefused(d.database, () => d.as(d.actors.fengqiao).addOutcomeTask(task), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(
      d.database,
      () => d.as(d.actors.shishan).addOutcomeTask({ ...task, projectId: 999_999 }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'projectId'],
      },
    );
  });

  it('implementing with a task open, or with none; reporting back before implementation', async () => {
    const community = d.as(d.actors.shishan);
    await expectRefused(
      d.database,
      () => community.markImplemented({ outcomeId: outcomes.canteen, implementedOn: '2026-03-02' }),
      {
        code: 'OUTCOME_TASKS_OPEN',
        path: ['input', 'outcomeId'],
        details: { openTaskIds: [], tasks: 0 },
      },
    );
    const open = await community.addOutcomeTask({
      outcomeId: outcomes.canteen,
      title: '助餐点装修',
      owner: { organizationId: d.organizations.leling },
      dueOn: '2026-03-27',
    });
    const done = await community.addOutcomeTask({
      outcomeId: outcomes.canteen,
      title: '助餐点选址公示',
      owner: { communityId: d.communities.shishan },
      dueOn: '2026-02-27',
    });
    await community.completeTask({ taskId: done.id, doneOn: '2026-02-20', result: '已公示。' });
    await expectRefused(
      d.database,
      () => community.markImplemented({ outcomeId: outcomes.canteen, implementedOn: '2026-03-02' }),
      {
        code: 'OUTCOME_TASKS_OPEN',
        path: ['input', 'outcomeId'],
        details: { openTaskIds: [open.id], tasks: 2 },
      },
    );
    await expectRefused(
      d.database,
      () =>
        community.reportBack({
          outcomeId: outcomes.canteen,
          reportedBackOn: '2026-03-02',
          report: '助餐点即将开放。',
        }),
      {
        code: 'OUTCOME_TASKS_OPEN',
        path: ['input', 'outcomeId'],
        details: { state: 'adopted', openTaskIds: [open.id] },
      },
    );
    await expectRefused(
      d.database,
      () =>
        community.reportBack({
          outcomeId: outcomes.rejected,
          reportedBackOn: '2026-03-02',
          report: '未通过。',
        }),
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'outcomeId'] },
    );
  });

  it('an organization completing another organization’s task, a department another’s, twice, in the future', async () => {
    const [task] = await d
      .as(d.actors.shishan)
      .tasks({ owner: { organizationId: d.organizations.leling }, open: true });
    const completion = { taskId: task!.id, doneOn: '2026-03-02', result: '已完成。' };
    await expectRefused(d.database, () => d.as(d.staff.yangguang).completeTask(completion), {
      code: 'NOT_FOUND',
      path: ['input', 'taskId'],
    });
    await expectRefused(d.database, () => d.as(d.actors.cg).completeTask(completion), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(d.database, () => d.as(d.actors.bureau).completeTask(completion), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(d.database, () => d.as(d.actors.fengqiao).completeTask(completion), {
      code: 'NOT_FOUND',
      path: ['input', 'taskId'],
    });
    await expectRefused(d.database, () => d.as(d.actors.gridWorker).completeTask(completion), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(
      d.database,
      () => d.as(d.staff.leling).completeTask({ ...completion, doneOn: '2026-03-03' }),
      {
        code: 'DATE_IN_FUTURE',
        path: ['input', 'doneOn'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as(d.staff.leling).completeTask({ ...completion, doneOn: '2026-02-01' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'doneOn'],
      },
    );
    await expectRefused(
      d.database,
      () => d.as(d.staff.leling).completeTask({ ...completion, expectedVersion: 7 }),
      {
        code: 'VERSION_CONFLICT',
        path: ['input', 'expectedVersion'],
      },
    );
    await d.as(d.staff.leling).completeTask(completion);
    const error = await expectRefused(d.database, () => d.as(d.actors.shishan).completeTask(completion), {
      code: 'STATUS_NOT_ALLOWED',
      path: ['input', 'taskId'],
    });
    expect(error.details).toMatchObject({ state: 'done', doneOn: '2026-03-02' });
  });

  it('implemented before its last task was done, twice, or reported back before it was implemented', async () => {
    const community = d.as(d.actors.shishan);
    await expectRefused(
      d.database,
      () => community.markImplemented({ outcomeId: outcomes.canteen, implementedOn: '2026-02-28' }),
      {
        code: 'INVALID_DATE_RANGE',
        path: ['input', 'implementedOn'],
      },
    );
    const implemented = await community.markImplemented({
      outcomeId: outcomes.canteen,
      implementedOn: '2026-03-02',
    });
    await expectRefused(
      d.database,
      () => community.markImplemented({ outcomeId: outcomes.canteen, implementedOn: '2026-03-02' }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'outcomeId'],
      },
    );
    await expectRefused(
      d.database,
      () =>
        community.reportBack({
          outcomeId: outcomes.canteen,
          reportedBackOn: '2026-03-01',
          report: '已开放。',
        }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'reportedBackOn'] },
    );
    await expectRefused(
      d.database,
      () =>
        community.reportBack({
          outcomeId: outcomes.canteen,
          reportedBackOn: '2026-03-02',
          report: '请联系13912345678。',
        }),
      { code: 'PERSONAL_DATA_IN_PUBLIC_TEXT', path: ['input', 'report'] },
    );
    await expectRefused(
      d.database,
      () =>
        d
          .as(d.actors.fengqiao)
          .reportBack({ outcomeId: outcomes.canteen, reportedBackOn: '2026-03-02', report: '已开放。' }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(
      d.database,
      () =>
        community.reportBack({
          outcomeId: outcomes.canteen,
          reportedBackOn: '2026-03-02',
          report: '已开放。',
          expectedVersion: implemented.version - 1,
        }),
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'] },
    );
    const [row] = await d.database.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'meeting_outcome'), eq(auditLog.entityId, outcomes.canteen)));
    expect(row).toBeDefined();
  });
});
