/**
 * The demo's grid management as seeded (docs/domain.md §7.11), read back through the services'
 * own lookups on the database: the events in the states the plan reached (on PostgreSQL moved
 * there along the loop, as its trigger requires), every point in its grid, every department the
 * routing rules' own, and the overdue job agreeing with the escalations the plan holds.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { demoDistricts, planDemoDistrict, seedDemoDistrict } from '../../src/demo/index.js';
import { createGridAssessmentService } from '../../src/grid-events/assessment.js';
import type { EventCategoryCode } from '../../src/grid-events/code-lists.js';
import { gridsAt, responsibleDepartment } from '../../src/grid-events/grid-lookups.js';
import { escalateOverdueEvents } from '../../src/grid-events/overdue-escalation.js';
import { buildWorkingCalendar } from '../../src/grid-events/working-days.js';
import { addDays } from '../../src/services/dates.js';
import { createTestDistrictDatabase, testDatabaseKind } from '../../src/testing/index.js';

const district = demoDistricts[0];
const plan = planDemoDistrict(district);
const admin: Actor = {
  id: `demo-${district.districtCode}-admin`,
  role: 'DISTRICT_ADMIN',
  district: district.districtCode,
};
const chinaDayOf = (instant: string) =>
  new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

async function rowsOf(database: DistrictDatabase, query: ReturnType<typeof sql>) {
  const result = await database.db.execute(query);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows;
}

describe(`the demo district ${district.districtCode}'s grids and events as seeded (${testDatabaseKind()})`, () => {
  let database: DistrictDatabase;

  beforeAll(async () => {
    database = await createTestDistrictDatabase({ districtCode: district.districtCode });
    await seedDemoDistrict(database, plan);
  });
  afterAll(() => database.close());

  it('every event stands in the state and version the plan reached', async () => {
    const rows = await rowsOf(
      database,
      sql`select id::int as id, state, version from grid_events order by id`,
    );
    expect(rows).toEqual(plan.gridEvents.map((e) => ({ id: e.id, state: e.state, version: e.version })));
    expect(new Set(rows.map((r) => r.state)).size).toBeGreaterThanOrEqual(2);
  });

  it('every event’s point finds its grid, and only it, by the boundaries stored (gridsAt)', async () => {
    for (const event of plan.gridEvents) {
      const found = await gridsAt(
        database.db,
        district.districtCode,
        event.longitude!,
        event.latitude!,
        chinaDayOf(event.reportedAt),
      );
      expect(
        found.map((g) => g.gridId),
        `event ${event.id}`,
      ).toEqual([event.gridId]);
    }
  });

  it('the routing rules stored name each event’s department on the day it was last sent to one (responsibleDepartment)', async () => {
    const sent = plan.gridEvents.filter((e) => e.departmentId != null);
    expect(sent.length).toBeGreaterThan(plan.gridEvents.length / 2);
    for (const event of sent) {
      const route = await responsibleDepartment(
        database.db,
        district.districtCode,
        event.categoryCode as EventCategoryCode,
        event.unitCode,
        chinaDayOf(event.dispatchedAt!),
      );
      expect(route?.departmentId, `event ${event.id}`).toBe(event.departmentId);
    }
  });

  it('assessment ranks the departments that handled enough events, never a unit below the minimum (grid.assessment)', async () => {
    const assessment = createGridAssessmentService(database, { actor: admin, today: () => plan.asOf });
    const period = { from: addDays(plan.asOf, -364), to: plan.asOf };
    const departments = await assessment.gridAssessment({ ...period, subject: 'department' });
    expect(departments.units.some((u) => u.ranked)).toBe(true);
    const communities = await assessment.gridAssessment({ ...period, subject: 'community' });
    for (const unit of [...departments.units, ...communities.units]) {
      expect(unit.ranked).toBe(unit.counts.received >= departments.minimumEvents);
    }
  });

  it('the overdue job finds nothing left on the plan’s day and, the next working day, escalates exactly the events still open past their days', async () => {
    const calendar = buildWorkingCalendar({});
    expect(calendar.isWorkingDay(plan.asOf)).toBe(true);
    const today = await escalateOverdueEvents(database, { now: new Date(`${plan.asOf}T16:00:00+08:00`) });
    expect(today).toMatchObject({ checkedOn: plan.asOf, workingDay: true, escalated: [] });
    const next = calendar.addWorkingDays(plan.asOf, 1).day;
    const due = plan.gridEvents.filter(
      (e) =>
        (e.state === 'dispatched' || e.state === 'handling') &&
        (e.closeDueOn! < next || (e.state === 'dispatched' && e.acceptDueOn! < next)),
    );
    expect(due.length).toBeGreaterThan(0);
    const nextDay = await escalateOverdueEvents(database, { now: new Date(`${next}T00:05:00+08:00`) });
    expect(nextDay.escalated.map((e) => e.eventId).sort((a, b) => a - b)).toEqual(due.map((e) => e.id));
    expect(nextDay.escalated.map((e) => e.level)).toEqual(
      due.map((e) => Math.min(e.escalationLevel! + 1, 2)),
    );
  });
});
