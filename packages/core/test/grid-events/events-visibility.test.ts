/**
 * Who reads which grid events (docs/domain.md §7.7, §14; access/grid-event-visibility.ts):
 * district-wide roles all of the district; subdistrict and community staff and grid workers those
 * of their unit; a resident and an informant what they reported; organizations, social workers
 * and PUBLIC none. The same rule answers lists, lookups, steps and every id a write names
 * (record-visibility.ts `grid_event`). And the list filter: state, unit, department, category,
 * overdue, reported by me.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, recordIsVisible } from '../../src/access/index.js';
import type { GridEvent } from '../../src/schema/index.js';
import { createEventDistrict, type EventDistrict, rubbish } from './events-helpers.js';
import { DISTRICT, expectRefused, FENGQIAO, GRID_2, points, SHISHAN } from './fixture.js';

let d: EventDistrict;
/** By resident in 网格一 (dispatched), by 狮山社区 in 网格二, by 枫桥社区 (overdue), by the informant, by Open311. */
let e: Record<'resident' | 'grid2' | 'fengqiao' | 'informant' | 'open311', GridEvent>;

beforeAll(async () => {
  d = await createEventDistrict();
  const resident = await d.as(d.actors.resident).report(rubbish());
  await d.as(d.actors.centre).dispatch({ eventId: resident.id });
  const grid2 = await d
    .as(d.actors.shishan)
    .report(rubbish({ ...points.grid2, categoryCode: 'S0101', title: '邻里噪音纠纷', source: 'other' }));
  // Dispatched on Monday 2 February, due 11 February: overdue on 2 March.
  const fengqiao = await d
    .as(d.actors.fengqiao, '2026-02-02', '08:00')
    .report(rubbish({ ...points.fengqiao, source: 'other' }));
  await d.as(d.actors.fengqiao, '2026-02-02', '09:00').dispatch({ eventId: fengqiao.id });
  const informant = await d
    .as(d.actors.informant)
    .report(rubbish({ categoryCode: 'E0102', source: 'patrol' }));
  const open311 = await d.as(d.actors.service).report(rubbish({ source: 'open311' }));
  e = { resident, grid2, fengqiao, informant, open311 };
});
afterAll(async () => {
  await d?.database.close();
});

const byId = (events: GridEvent[]) => events.map((event) => event.id).sort((a, b) => a - b);
const ids = (...events: GridEvent[]) => byId(events);

describe('who sees which events', () => {
  it('narrows lists, lookups, steps and named ids by role', async () => {
    const organizationStaff: Actor = {
      id: 'll-01',
      role: 'ORG_STAFF',
      district: DISTRICT,
      organizationId: 1,
    };
    const socialWorker: Actor = { id: 'sg-01', role: 'SOCIAL_WORKER', district: DISTRICT, workerId: 1 };
    const otherDistrict: Actor = { id: 'x', role: 'DISTRICT_ADMIN', district: '320506' };
    const all = ids(e.resident, e.grid2, e.fengqiao, e.informant, e.open311);
    const shishan = ids(e.resident, e.grid2, e.informant, e.open311);
    const expected: [string, Actor, number[]][] = [
      ['district admin', d.actors.admin, all],
      ['department staff', d.actors.cg, all],
      ['bureau staff', d.actors.bureau, all],
      ['evaluator', d.actors.evaluator, all],
      ['Open311 system', d.actors.service, all],
      ['grid centre of 狮山街道', d.actors.centre, shishan],
      ['狮山社区', d.actors.shishan, shishan],
      ['枫桥社区', d.actors.fengqiao, ids(e.fengqiao)],
      ['grid worker of 狮山社区', d.actors.gridWorker, shishan],
      ['resident', d.actors.resident, ids(e.resident)],
      ['another resident', d.actors.resident2, []],
      ['informant', d.actors.informant, ids(e.informant)],
      ['organization staff', organizationStaff, []],
      ['social worker', socialWorker, []],
      ['PUBLIC', d.actors.public, []],
      ['another district', otherDistrict, []],
    ];
    for (const [who, actor, visible] of expected) {
      const service = d.as(actor);
      expect(byId(await service.events()), who).toEqual(visible);
      for (const event of Object.values(e)) {
        const sees = visible.includes(event.id);
        expect((await service.eventById(event.id))?.id, `${who} eventById ${event.id}`).toBe(
          sees ? event.id : undefined,
        );
        expect((await service.stepsOf(event.id)).length > 0, `${who} stepsOf ${event.id}`).toBe(sees);
        expect(await recordIsVisible(d.database.db, actor, DISTRICT, 'grid_event', event.id), who).toBe(sees);
      }
    }
  });

  it('answers a hidden event in a write exactly as a missing one', async () => {
    const missing = await expectRefused(
      d.database,
      () => d.as(d.actors.fengqiao).escalate({ eventId: 987_654, reason: '协调' }),
      { code: 'NOT_FOUND', path: ['input', 'eventId'] },
    );
    const hidden = await expectRefused(
      d.database,
      () => d.as(d.actors.fengqiao).escalate({ eventId: e.resident.id, reason: '协调' }),
      { code: 'NOT_FOUND', path: ['input', 'eventId'] },
    );
    expect(hidden.message.replace(String(e.resident.id), '#')).toBe(missing.message.replace('987654', '#'));
  });
});

describe('the list filter', () => {
  it('filters by state, unit, department, category, overdue and reporter', async () => {
    const admin = d.as(d.actors.admin);
    expect(byId(await admin.events({ states: ['dispatched'] }))).toEqual(ids(e.resident, e.fengqiao));
    expect(byId(await admin.events({ unitCode: FENGQIAO }))).toEqual(ids(e.fengqiao));
    expect(byId(await admin.events({ unitCode: GRID_2 }))).toEqual(ids(e.grid2));
    expect(byId(await admin.events({ unitCode: SHISHAN, states: ['collected'] }))).toEqual(
      ids(e.grid2, e.informant, e.open311),
    );
    expect(byId(await admin.events({ departmentId: d.departments.cg }))).toEqual(ids(e.resident, e.fengqiao));
    expect(await admin.events({ departmentId: -3 })).toEqual([]);
    // A first-level code takes its subcategories (E01: E0101, E0102 …).
    expect(byId(await admin.events({ categoryCode: 'E01' }))).toEqual(
      ids(e.resident, e.fengqiao, e.informant, e.open311),
    );
    expect(byId(await admin.events({ categoryCode: 'E0102' }))).toEqual(ids(e.informant));
    expect(byId(await admin.events({ overdue: true }))).toEqual(ids(e.fengqiao));
    expect(byId(await d.as(d.actors.fengqiao, '2026-02-11').events({ overdue: true }))).toEqual([]);
    expect(byId(await d.as(d.actors.shishan).events({ reportedByMe: true }))).toEqual(ids(e.grid2));
    // Visibility still applies: the resident asking for another unit gets nothing.
    expect(await d.as(d.actors.resident).events({ unitCode: FENGQIAO })).toEqual([]);
    // Newest report first, a page at a time.
    const page = await admin.events(null, { limit: 2, offset: 1 });
    expect(page).toHaveLength(2);
  });

  it('refuses a malformed filter at its field', async () => {
    const admin = d.as(d.actors.admin);
    await expect(admin.events({ states: ['open'] })).rejects.toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['filter', 'states', 0],
    });
    await expect(admin.events({ unitCode: '3205' })).rejects.toMatchObject({
      code: 'INVALID_DIVISION_CODE',
      path: ['filter', 'unitCode'],
    });
    await expect(admin.events({ categoryCode: 'Z01' })).rejects.toMatchObject({
      code: 'INVALID_CODE_LIST_VALUE',
      path: ['filter', 'categoryCode'],
    });
    await expect(admin.events(null, { limit: 501 })).rejects.toMatchObject({
      code: 'PAGE_SIZE_EXCEEDED',
      path: ['page', 'limit'],
    });
  });
});
