/**
 * 吹哨报到 (docs/domain.md §7.8): a community summons departments, each reports in by the deadline
 * of policy grid.summons_report counted on the 2026 working-day calendar (or one the community
 * names on a working day; an emergency's runs on the clock), and the community closes it. What
 * each department did is read back: reported in, on time, late, or not at all.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyService } from '../../src/policies/index.js';
import { auditLog, departmentNotices, summonsDepartments, summonses } from '../../src/schema/index.js';
import { testDatabaseKind } from '../../src/testing/index.js';
import { at, insertEvent } from './assessment-fixture.js';
import { createGridDistrict, DISTRICT, type GridDistrict, NOW, SHISHAN } from './fixture.js';
import { chinaTime, summonsAs } from './summons-fixture.js';

let d: GridDistrict;
let eventId: number;

beforeAll(async () => {
  d = await createGridDistrict();
  eventId = await insertEvent(d, {
    grid: 'grid1',
    state: 'handling',
    categoryCode: 'S0102',
    reportedAt: at('2026-02-24'),
    dispatchedAt: at('2026-02-24', '10:00'),
    acceptedAt: at('2026-02-24', '15:00'),
    acceptedLate: false,
    closeDueOn: '2026-03-12',
  });
});
afterAll(async () => {
  await d?.database.close();
});

describe(`issuing a summons (${testDatabaseKind()})`, () => {
  it('a community summons two departments about its event: the deadline is the end of the 2nd working day, each department is told, the summons is audited', async () => {
    const summons = await summonsAs(d, d.actors.shishan).issueSummons({
      communityId: d.communities.shishan,
      eventId,
      reason: 'difficult',
      description: '物业纠纷涉及违建和消防通道，社区无法单独解决。',
      departmentIds: [d.departments.sszf, d.departments.zj],
    });
    // Monday 2026-03-02 10:00 + 2 working days = Wednesday 03-04, offices close at 18:00.
    expect(summons).toMatchObject({
      communityId: d.communities.shishan,
      eventId,
      reason: 'difficult',
      state: 'open',
      issuedBy: 'sq-ss-01',
      issuedAt: NOW.toISOString(),
      reportDueAt: chinaTime('2026-03-04', '18:00').toISOString(),
      closedAt: null,
      solved: null,
      version: 1,
    });
    expect(summons.departments).toEqual(
      [
        { departmentId: d.departments.zj, reportedAt: null, reportedBy: null, note: null, onTime: null },
        { departmentId: d.departments.sszf, reportedAt: null, reportedBy: null, note: null, onTime: null },
      ].sort((a, b) => a.departmentId - b.departmentId),
    );
    const notices = await d.database.db
      .select()
      .from(departmentNotices)
      .where(eq(departmentNotices.summonsId, summons.id));
    expect(notices.map((n) => [n.departmentId, n.kind, n.eventId]).sort()).toEqual(
      [
        [d.departments.sszf, 'summoned', eventId],
        [d.departments.zj, 'summoned', eventId],
      ].sort(),
    );
    expect(notices[0]!.message).toContain('请于2026-03-04 18:00前报到');
    const [audit] = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'summons'), eq(auditLog.entityId, summons.id)));
    expect(audit).toMatchObject({ action: 'summons.issue', actorId: 'sq-ss-01' });
    expect((audit!.after as { deadline: unknown }).deadline).toMatchObject({
      basis: 'policy',
      workingDays: 2,
      provisional: false,
      policySource: 'sanshe default after district practice (no national figure; set locally)',
    });
  });

  it('enforcement: 1 working day; an emergency: 2 hours on the clock, on a holiday too', async () => {
    const enforcement = await summonsAs(d, d.actors.centre).issueSummons({
      communityId: d.communities.shishan,
      reason: 'enforcement',
      description: '占道经营联合执法。',
      departmentIds: [d.departments.cg],
    });
    expect(enforcement.reportDueAt).toBe(chinaTime('2026-03-03', '18:00').toISOString());
    // 清明, Sunday 2026-04-05 at 22:30: an emergency does not wait for a working day.
    const night = chinaTime('2026-04-05', '22:30');
    const emergency = await summonsAs(d, d.actors.shishan, night).issueSummons({
      communityId: d.communities.shishan,
      reason: 'emergency',
      description: '自来水管破裂，道路积水。',
      departmentIds: [d.departments.sw],
    });
    expect(emergency.reportDueAt).toBe(chinaTime('2026-04-06', '00:30').toISOString());
  });

  it('counts across 清明 (04-04–06) and onto the make-up Saturday 05-09', async () => {
    const beforeQingming = await summonsAs(
      d,
      d.actors.shishan,
      chinaTime('2026-04-03', '16:00'),
    ).issueSummons({
      communityId: d.communities.shishan,
      reason: 'difficult',
      description: '高空坠物隐患。',
      departmentIds: [d.departments.zj],
    });
    // Friday 04-03 + 2 working days: 04-04–06 are the holiday, so Tuesday 04-07 and Wednesday 04-08.
    expect(beforeQingming.reportDueAt).toBe(chinaTime('2026-04-08', '18:00').toISOString());
    const beforeMakeUp = await summonsAs(d, d.actors.shishan, chinaTime('2026-05-08', '16:00')).issueSummons({
      communityId: d.communities.shishan,
      reason: 'enforcement',
      description: '违规户外广告联合执法。',
      departmentIds: [d.departments.cg],
    });
    // Friday 05-08 + 1 working day: Saturday 05-09 is worked in exchange for 劳动节 (调休).
    expect(beforeMakeUp.reportDueAt).toBe(chinaTime('2026-05-09', '18:00').toISOString());
  });

  it('a deadline the community names on a working day is kept; a district policy changes the default', async () => {
    const named = await summonsAs(d, d.actors.shishan).issueSummons({
      communityId: d.communities.shishan,
      reason: 'difficult',
      description: '老旧房屋安全隐患。',
      departmentIds: [d.departments.zj],
      reportDueAt: '2026-03-09T12:00:00+08:00',
    });
    expect(named.reportDueAt).toBe('2026-03-09T04:00:00.000Z');

    await createPolicyService(d.database, { today: () => '2026-03-02' }).setPolicy({
      key: 'grid.summons_report',
      jurisdictionCode: '320505001',
      effectiveFrom: '2026-03-02',
      value: { difficultWorkingDays: 5, enforcementWorkingDays: 1, emergencyHours: 1 },
      source: '狮山街道吹哨报到工作办法（2026）',
    });
    const local = await summonsAs(d, d.actors.shishan).issueSummons({
      communityId: d.communities.shishan,
      reason: 'difficult',
      description: '邻里纠纷涉及违建。',
      departmentIds: [d.departments.zj],
    });
    expect(local.reportDueAt).toBe(chinaTime('2026-03-09', '18:00').toISOString());
    // 枫桥街道 has no local value: the default of 2 working days.
    const fengqiao = await summonsAs(d, d.actors.fengqiao).issueSummons({
      communityId: d.communities.fengqiao,
      reason: 'difficult',
      description: '劳资纠纷。',
      departmentIds: [d.departments.zj],
    });
    expect(fengqiao.reportDueAt).toBe(chinaTime('2026-03-04', '18:00').toISOString());
  });
});

describe(`reporting in and closing (${testDatabaseKind()})`, () => {
  it('one department reports in on time, one late, one never; the community closes it solved', async () => {
    const summons = await summonsAs(d, d.actors.shishan).issueSummons({
      communityId: d.communities.shishan,
      eventId,
      reason: 'difficult',
      description: '消防通道长期被占，需联合处置。',
      departmentIds: [d.departments.cg, d.departments.sszf, d.departments.zj],
      reportDueAt: '2026-03-04T18:00:00+08:00',
    });
    const onTime = await summonsAs(d, d.actors.cg, chinaTime('2026-03-04', '18:00')).reportIn({
      summonsId: summons.id,
      note: '已派执法中队到场。',
    });
    expect(onTime.departments.find((x) => x.departmentId === d.departments.cg)).toEqual({
      departmentId: d.departments.cg,
      reportedAt: chinaTime('2026-03-04', '18:00').toISOString(),
      reportedBy: 'cg-01',
      note: '已派执法中队到场。',
      onTime: true,
    });
    // Before the deadline, the others may still report in on time.
    expect(
      onTime.departments.filter((x) => x.departmentId !== d.departments.cg).map((x) => x.onTime),
    ).toEqual([null, null]);
    const late = await summonsAs(d, d.actors.sszf, chinaTime('2026-03-04', '18:01')).reportIn({
      summonsId: summons.id,
    });
    expect(late.departments.find((x) => x.departmentId === d.departments.sszf)?.onTime).toBe(false);
    const closed = await summonsAs(d, d.actors.shishan, chinaTime('2026-03-05', '09:00')).closeSummons({
      summonsId: summons.id,
      solved: true,
      note: '占道车辆已清理，通道恢复。',
      expectedVersion: 1,
    });
    expect(closed).toMatchObject({
      state: 'closed',
      solved: true,
      closingNote: '占道车辆已清理，通道恢复。',
      closedAt: chinaTime('2026-03-05', '09:00').toISOString(),
      version: 2,
    });
    // 住建局 never reported in: past the deadline, not on time.
    expect(closed.departments.map((x) => [x.departmentId, x.onTime])).toEqual(
      [
        [d.departments.cg, true],
        [d.departments.zj, false],
        [d.departments.sszf, false],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const rows = await d.database.db
      .select()
      .from(summonsDepartments)
      .where(eq(summonsDepartments.summonsId, summons.id));
    expect(rows.filter((r) => r.reportedAt !== null)).toHaveLength(2);
    const actions = (
      await d.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.districtCode, DISTRICT))
    ).map((a) => a.action);
    expect(actions.filter((a) => a === 'summons.report_in')).toHaveLength(2);
    expect(actions).toContain('summons.close');
  });

  it('an administrator reports in for a department it names', async () => {
    const summons = await summonsAs(d, d.actors.shishan).issueSummons({
      communityId: d.communities.shishan,
      reason: 'enforcement',
      description: '非法小广告集中清理。',
      departmentIds: [d.departments.cg],
    });
    const view = await summonsAs(d, d.actors.admin).reportIn({
      summonsId: summons.id,
      departmentId: d.departments.cg,
      note: '电话报到，补录。',
    });
    expect(view.departments[0]).toMatchObject({ reportedBy: 'qmzj-admin-01', onTime: true });
  });
});

describe(`reading summonses (${testDatabaseKind()})`, () => {
  it('lists what the caller may see, newest first, by department, state and unit', async () => {
    const all = await summonsAs(d, d.actors.admin).summonses();
    const count = (await d.database.db.select({ id: summonses.id }).from(summonses)).length;
    expect(all).toHaveLength(count);
    expect(all.map((s) => s.issuedAt)).toEqual([...all.map((s) => s.issuedAt)].sort().reverse());

    const shishan = await summonsAs(d, d.actors.shishan).summonses();
    expect(shishan.length).toBe(count - 1);
    expect(shishan.every((s) => s.communityId === d.communities.shishan)).toBe(true);
    const fengqiao = await summonsAs(d, d.actors.fengqiao).summonses();
    expect(fengqiao.map((s) => s.communityId)).toEqual([d.communities.fengqiao]);
    expect(await summonsAs(d, d.actors.fengqiao).summonsById(shishan[0]!.id)).toBeUndefined();
    expect(await summonsAs(d, d.actors.resident).summonses()).toEqual([]);
    expect(await summonsAs(d, d.actors.public).summonses()).toEqual([]);

    const ofCg = await summonsAs(d, d.actors.cg).summonses({ departmentId: d.departments.cg });
    expect(ofCg.length).toBeGreaterThan(0);
    expect(ofCg.every((s) => s.departments.some((x) => x.departmentId === d.departments.cg))).toBe(true);
    const closed = await summonsAs(d, d.actors.admin).summonses({ state: 'closed' });
    expect(closed.map((s) => s.state)).toEqual(['closed']);
    expect(await summonsAs(d, d.actors.admin).summonses({ unitCode: '320505002' })).toEqual(fengqiao);
    expect(await summonsAs(d, d.actors.admin).summonses({ unitCode: SHISHAN, eventId })).toHaveLength(2);
    expect(
      await summonsAs(d, d.actors.admin).summonses({ issuedFrom: '2026-04-01', issuedTo: '2026-04-30' }),
    ).toHaveLength(2);
    expect(await summonsAs(d, d.actors.admin).summonses(null, { limit: 2, offset: 1 })).toEqual(
      all.slice(1, 3),
    );
    expect(await summonsAs(d, d.actors.admin).summonsById(all[0]!.id)).toEqual(all[0]);
    expect(await summonsAs(d, d.actors.admin).summonsById(0)).toBeUndefined();
  });
});
