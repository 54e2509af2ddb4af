/**
 * The marks of the assessment of grid work (docs/domain.md §7.9: 自评、社区评价、第三方评价): who
 * may give which, once per subject, quarter and kind of rater. Refusals change nothing (the whole
 * database is compared); among them the task's two: a self mark by someone else, and a third-party
 * mark by community staff. On PostgreSQL the same mark written twice at once waits on the unique
 * index and is refused once the first commits.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { createGridAssessmentService } from '../../src/grid-events/assessment.js';
import type { RecordAssessmentMarkInput } from '../../src/grid-events/assessment-types.js';
import { auditLog, gridAssessmentMarks, gridTeamMembers } from '../../src/schema/index.js';
import { lockWaiters, testDatabaseKind, track, until } from '../../src/testing/index.js';
import { createGridDistrict, DISTRICT, expectRefused, type GridDistrict, TODAY } from './fixture.js';

let d: GridDistrict;
let members: { head: number; worker1: number; worker2: number; departed: number };

function mark(actor: Actor, input: Partial<RecordAssessmentMarkInput>) {
  return createGridAssessmentService(d.database, { actor, today: () => TODAY }).recordAssessmentMark({
    subjectKind: 'community',
    communityId: d.communities.shishan,
    period: '2026-Q1',
    rater: 'self',
    score: 88,
    ...input,
  } as RecordAssessmentMarkInput);
}

beforeAll(async () => {
  d = await createGridDistrict();
  const rows = await d.database.db.select().from(gridTeamMembers);
  const idOf = (account: string) => rows.find((m) => m.accountId === account)!.id;
  const [departed] = await d.database.db
    .insert(gridTeamMembers)
    .values({
      districtCode: DISTRICT,
      gridId: d.grids.grid2,
      role: 'worker',
      memberName: '钱网格员',
      accountId: 'wg-ss-07',
      joinedOn: '2023-01-01',
      leftOn: '2025-06-30',
    })
    .returning({ id: gridTeamMembers.id });
  members = {
    head: idOf('wg-ss-head'),
    worker1: idOf('wg-ss-01'),
    worker2: idOf('wg-ss-02'),
    departed: departed!.id,
  };
});
afterAll(async () => {
  await d?.database.close();
});

describe(`giving marks (${testDatabaseKind()})`, () => {
  it('each subject marks itself; the level above gives the community mark; the evaluator the third-party one', async () => {
    const given = [
      await mark(d.actors.shishan, {}),
      await mark(d.actors.sszf, {
        subjectKind: 'department',
        communityId: null,
        departmentId: d.departments.sszf,
      }),
      await mark(d.actors.gridWorker, {
        subjectKind: 'member',
        communityId: null,
        memberId: members.worker1,
      }),
      await mark(d.actors.centre, { rater: 'community', score: 80 }),
      await mark(d.actors.shishan, {
        subjectKind: 'member',
        communityId: null,
        memberId: members.worker1,
        rater: 'community',
        score: 92,
        note: '巡查到位，上报及时。',
      }),
      // A community marks the departments it summons: 狮山街道's office, and a district bureau.
      await mark(d.actors.shishan, {
        subjectKind: 'department',
        communityId: null,
        departmentId: d.departments.sszf,
        rater: 'community',
        score: 75,
      }),
      await mark(d.actors.fengqiao, {
        subjectKind: 'department',
        communityId: null,
        departmentId: d.departments.cg,
        rater: 'community',
        score: 70,
      }),
      await mark(d.actors.evaluator, { rater: 'third_party', score: 79, period: '2025-Q4' }),
    ];
    expect(given.map((m) => [m.subjectKind, m.rater, m.period, m.score, m.ratedBy])).toEqual([
      ['community', 'self', '2026-Q1', 88, 'sq-ss-01'],
      ['department', 'self', '2026-Q1', 88, 'sszf-01'],
      ['member', 'self', '2026-Q1', 88, 'wg-ss-01'],
      ['community', 'community', '2026-Q1', 80, 'js-wgzx-01'],
      ['member', 'community', '2026-Q1', 92, 'sq-ss-01'],
      ['department', 'community', '2026-Q1', 75, 'sq-ss-01'],
      ['department', 'community', '2026-Q1', 70, 'sq-fq-01'],
      ['community', 'third_party', '2025-Q4', 79, 'pg-01'],
    ]);
    expect(given[4]).toMatchObject({
      memberId: members.worker1,
      communityId: null,
      note: '巡查到位，上报及时。',
    });
    const audited = await d.database.db
      .select({ entityId: auditLog.entityId })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'grid_assessment_mark.record'),
          eq(auditLog.entityType, 'grid_assessment_mark'),
        ),
      );
    expect(audited.map((a) => a.entityId).sort((a, b) => a - b)).toEqual(
      given.map((m) => m.id).sort((a, b) => a - b),
    );
  });
});

describe(`refused marks change nothing (${testDatabaseKind()})`, () => {
  it('a self mark by someone else: FORBIDDEN', async () => {
    // Another department's staff, another grid worker, the subdistrict for a community.
    await expectRefused(
      d.database,
      () =>
        mark(d.actors.cg, { subjectKind: 'department', communityId: null, departmentId: d.departments.sszf }),
      { code: 'FORBIDDEN', path: ['input', 'rater'] },
    );
    await expectRefused(
      d.database,
      () =>
        mark(d.actors.gridWorker2, { subjectKind: 'member', communityId: null, memberId: members.worker1 }),
      { code: 'FORBIDDEN', path: ['input', 'rater'] },
    );
    await expectRefused(d.database, () => mark(d.actors.centre, { rater: 'self' }), {
      code: 'FORBIDDEN',
      path: ['input', 'rater'],
    });
  });

  it('a third-party mark by community staff: FORBIDDEN; a community marking itself as the community side: FORBIDDEN', async () => {
    await expectRefused(
      d.database,
      () => mark(d.actors.shishan, { rater: 'third_party', period: '2025-Q4' }),
      {
        code: 'FORBIDDEN',
        path: ['input', 'rater'],
      },
    );
    await expectRefused(d.database, () => mark(d.actors.shishan, { rater: 'community', period: '2025-Q4' }), {
      code: 'FORBIDDEN',
      path: ['input', 'rater'],
    });
    // A department marks no one but itself.
    await expectRefused(d.database, () => mark(d.actors.cg, { rater: 'community', period: '2025-Q4' }), {
      code: 'FORBIDDEN',
      path: ['input', 'rater'],
    });
  });

  it('outside the jurisdiction: another community, a department not serving the unit, a role without grid.assess', async () => {
    await expectRefused(d.database, () => mark(d.actors.fengqiao, {}), { code: 'FORBIDDEN', path: [] });
    await expectRefused(
      d.database,
      () =>
        mark(d.actors.fengqiao, {
          subjectKind: 'department',
          communityId: null,
          departmentId: d.departments.sszf,
          rater: 'community',
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(d.database, () => mark(d.actors.resident, {}), { code: 'FORBIDDEN', path: [] });
  });

  it('the same mark twice: DUPLICATE_RECORD', async () => {
    await expectRefused(d.database, () => mark(d.actors.shishan, { score: 60 }), {
      code: 'DUPLICATE_RECORD',
      path: ['input', 'rater'],
    });
  });

  it('a quarter not begun, a malformed one, a score out of 0–100, an unknown rater or kind', async () => {
    await expectRefused(d.database, () => mark(d.actors.shishan, { period: '2026-Q2' }), {
      code: 'DATE_IN_FUTURE',
      path: ['input', 'period'],
    });
    await expectRefused(d.database, () => mark(d.actors.shishan, { period: '2026-3' }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'period'],
    });
    for (const score of [101, -1, 87.5]) {
      await expectRefused(d.database, () => mark(d.actors.shishan, { period: '2025-Q3', score }), {
        code: 'INVALID_NUMBER',
        path: ['input', 'score'],
      });
    }
    await expectRefused(d.database, () => mark(d.actors.shishan, { rater: 'peer' }), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['input', 'rater'],
    });
    await expectRefused(d.database, () => mark(d.actors.shishan, { subjectKind: 'grid' }), {
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['input', 'subjectKind'],
    });
  });

  it('the subject: exactly one id of its kind, one that exists, in place during the quarter', async () => {
    await expectRefused(d.database, () => mark(d.actors.shishan, { departmentId: d.departments.sszf }), {
      code: 'VALIDATION_FAILED',
      path: ['input', 'departmentId'],
    });
    await expectRefused(d.database, () => mark(d.actors.shishan, { communityId: 987_654 }), {
      code: 'NOT_FOUND',
      path: ['input', 'communityId'],
    });
    await expectRefused(d.database, () => mark(d.actors.shishan, { communityId: null }), {
      code: 'NOT_FOUND',
      path: ['input', 'communityId'],
    });
    await expectRefused(
      d.database,
      () =>
        mark(d.actors.shishan, {
          subjectKind: 'member',
          communityId: null,
          memberId: members.departed,
          rater: 'community',
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'memberId'] },
    );
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('the same mark at once (PostgreSQL)', () => {
  it('waits on the unique index while the first is uncommitted, then is refused as DUPLICATE_RECORD', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const isInserted = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const first = d.database.db.transaction(async (tx) => {
      await tx.insert(gridAssessmentMarks).values({
        districtCode: DISTRICT,
        subjectKind: 'community',
        communityId: d.communities.fengqiao,
        period: '2026-Q1',
        rater: 'community',
        score: 81,
        ratedBy: 'js-first',
      });
      inserted();
      await released;
    });
    await Promise.race([isInserted, first]);
    const baseline = await lockWaiters(d.database);
    const second = track(mark(d.actors.admin, { communityId: d.communities.fengqiao, rater: 'community' }));
    await until(
      async () => (await lockWaiters(d.database)) === baseline + 1 || second.settled,
      'the second waits',
    );
    expect(second.settled).toBe(false);
    release();
    await first;
    expect(await second.result).toMatchObject({
      status: 'rejected',
      reason: { code: 'DUPLICATE_RECORD', path: ['input', 'rater'] },
    });
    const marks = await d.database.db
      .select()
      .from(gridAssessmentMarks)
      .where(eq(gridAssessmentMarks.communityId, d.communities.fengqiao));
    expect(marks.map((m) => m.ratedBy)).toEqual(['js-first']);
  });
});
