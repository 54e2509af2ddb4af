/**
 * Every refusal of the summons service (docs/domain.md §7.8), with its code and field path, and
 * nothing changed: the whole database is compared before and after each. Among them two of the
 * issue's bad inputs: a summons to an unknown department, and a deadline on a holiday (清明,
 * 2026-04-06); and the departments' side: reporting in to a summons that does not name the
 * department, and reporting in twice.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import type { IssueSummonsInput } from '../../src/grid-events/summons-types.js';
import { snapshotDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { at, insertEvent } from './assessment-fixture.js';
import { createGridDistrict, expectRefused, type GridDistrict } from './fixture.js';
import { summonsAs } from './summons-fixture.js';

let d: GridDistrict;
let open: number;
let closed: number;
let ownEvent: number;
let fengqiaoEvent: number;
let closedEvent: number;
let before: Record<string, unknown[]>;

function issue(actor: Actor, input: Partial<IssueSummonsInput>) {
  return summonsAs(d, actor).issueSummons({
    communityId: d.communities.shishan,
    reason: 'difficult',
    description: '物业纠纷。',
    departmentIds: [d.departments.cg],
    ...input,
  } as IssueSummonsInput);
}

beforeAll(async () => {
  d = await createGridDistrict();
  ownEvent = await insertEvent(d, { grid: 'grid1', state: 'dispatched', reportedAt: at('2026-02-26') });
  fengqiaoEvent = await insertEvent(d, {
    grid: 'fengqiao',
    state: 'dispatched',
    reportedAt: at('2026-02-26'),
  });
  closedEvent = await insertEvent(d, {
    grid: 'grid2',
    state: 'closed',
    reportedAt: at('2026-02-20'),
    closedAt: at('2026-02-25'),
    closedLate: false,
  });
  open = (await issue(d.actors.shishan, { departmentIds: [d.departments.cg, d.departments.sszf] })).id;
  await summonsAs(d, d.actors.cg).reportIn({ summonsId: open });
  closed = (await issue(d.actors.shishan, {})).id;
  await summonsAs(d, d.actors.shishan).closeSummons({
    summonsId: closed,
    solved: false,
    note: '未解决，转区级。',
  });
  before = await snapshotDatabase(d.database);
});
afterAll(async () => {
  await d?.database.close();
});

describe(`issuing a summons: refused, nothing changed (${testDatabaseKind()})`, () => {
  it('a summons to an unknown department: NOT_FOUND at its place in the list', async () => {
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { departmentIds: [d.departments.cg, 987_654] }),
      { code: 'NOT_FOUND', path: ['input', 'departmentIds', 1] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { departmentIds: [-1] }),
      { code: 'NOT_FOUND', path: ['input', 'departmentIds', 0] },
      before,
    );
  });

  it("a department serving another subdistrict (狮山街道's office to 枫桥社区): NOT_FOUND", async () => {
    await expectRefused(
      d.database,
      () =>
        issue(d.actors.fengqiao, {
          communityId: d.communities.fengqiao,
          departmentIds: [d.departments.zj, d.departments.sszf],
        }),
      { code: 'NOT_FOUND', path: ['input', 'departmentIds', 1] },
      before,
    );
  });

  it('a report-in deadline on a holiday (清明 2026-04-06) or a Sunday: DEADLINE_ON_HOLIDAY', async () => {
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { reportDueAt: '2026-04-06T17:00:00+08:00' }),
      {
        code: 'DEADLINE_ON_HOLIDAY',
        path: ['input', 'reportDueAt'],
        details: { day: '2026-04-06', holiday: '清明节' },
      },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { reason: 'enforcement', reportDueAt: '2026-03-08T10:00:00+08:00' }),
      {
        code: 'DEADLINE_ON_HOLIDAY',
        path: ['input', 'reportDueAt'],
        details: { day: '2026-03-08', holiday: null },
      },
      before,
    );
  });

  it('a deadline not after now, or not an instant with its offset', async () => {
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { reportDueAt: '2026-03-02T09:59:00+08:00' }),
      { code: 'INVALID_DATE_RANGE', path: ['input', 'reportDueAt'] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { reportDueAt: '2026-03-04 18:00' }),
      { code: 'INVALID_DATE', path: ['input', 'reportDueAt'] },
      before,
    );
  });

  it('no department, one named twice, an unknown reason, an empty description', async () => {
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { departmentIds: [] }),
      { code: 'VALIDATION_FAILED', path: ['input', 'departmentIds'] },
      before,
    );
    await expectRefused(
      d.database,
      () =>
        issue(d.actors.shishan, { departmentIds: [d.departments.cg, d.departments.zj, d.departments.cg] }),
      { code: 'VALIDATION_FAILED', path: ['input', 'departmentIds', 2] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { reason: 'urgent' }),
      { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'reason'] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { description: '  ' }),
      { code: 'VALIDATION_FAILED', path: ['input', 'description'] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { description: '物业\u0000纠纷' }),
      { code: 'INVALID_TEXT', path: ['input', 'description'] },
      before,
    );
  });

  it("the event: another community's (hidden: NOT_FOUND; seen: VALIDATION_FAILED), a closed one", async () => {
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { eventId: fengqiaoEvent }),
      { code: 'NOT_FOUND', path: ['input', 'eventId'] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.admin, { eventId: fengqiaoEvent }),
      { code: 'VALIDATION_FAILED', path: ['input', 'eventId'] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { eventId: closedEvent }),
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'eventId'] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { eventId: 0 }),
      { code: 'NOT_FOUND', path: ['input', 'eventId'] },
      before,
    );
    // The event of the community itself passes (checked by a summons that is then refused for its department).
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { eventId: ownEvent, departmentIds: [987_654] }),
      { code: 'NOT_FOUND', path: ['input', 'departmentIds', 0] },
      before,
    );
  });

  it('who summons: the grid centre where the community lies (FORBIDDEN otherwise), a community in force', async () => {
    await expectRefused(
      d.database,
      () => issue(d.actors.fengqiao, {}),
      { code: 'FORBIDDEN', path: [] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.gridWorker, {}),
      { code: 'FORBIDDEN', path: [] },
      before,
    );
    await expectRefused(d.database, () => issue(d.actors.cg, {}), { code: 'FORBIDDEN', path: [] }, before);
    await expectRefused(
      d.database,
      () => issue(d.actors.resident, {}),
      { code: 'FORBIDDEN', path: [] },
      before,
    );
    await expectRefused(
      d.database,
      () => issue(d.actors.shishan, { communityId: 987_654 }),
      { code: 'NOT_FOUND', path: ['input', 'communityId'] },
      before,
    );
  });
});

describe(`reporting in: refused, nothing changed (${testDatabaseKind()})`, () => {
  it('a department the summons does not name: NOT_RESPONSIBLE_DEPARTMENT', async () => {
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.zj).reportIn({ summonsId: open }),
      {
        code: 'NOT_RESPONSIBLE_DEPARTMENT',
        path: ['input', 'summonsId'],
        details: { departmentId: d.departments.zj },
      },
      before,
    );
  });

  it('reporting in twice: ALREADY_REPORTED_IN, also by a colleague', async () => {
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.cg2).reportIn({ summonsId: open, note: '再次报到' }),
      { code: 'ALREADY_REPORTED_IN', path: ['input', 'summonsId'] },
      before,
    );
  });

  it('bureau staff without a department, department staff naming another, an administrator naming none', async () => {
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.bureau).reportIn({ summonsId: open }),
      { code: 'NOT_RESPONSIBLE_DEPARTMENT', path: ['input', 'summonsId'] },
      before,
    );
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.zj).reportIn({ summonsId: open, departmentId: d.departments.sszf }),
      { code: 'NOT_RESPONSIBLE_DEPARTMENT', path: ['input', 'departmentId'] },
      before,
    );
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.admin).reportIn({ summonsId: open }),
      { code: 'VALIDATION_FAILED', path: ['input', 'departmentId'] },
      before,
    );
  });

  it('a closed summons: STATUS_NOT_ALLOWED; community staff: FORBIDDEN; a missing one: NOT_FOUND', async () => {
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.cg).reportIn({ summonsId: closed }),
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'summonsId'], details: { state: 'closed', allowed: [] } },
      before,
    );
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.shishan).reportIn({ summonsId: open, departmentId: d.departments.sszf }),
      { code: 'FORBIDDEN', path: [] },
      before,
    );
    await expectRefused(
      d.database,
      () => summonsAs(d, d.actors.sszf).reportIn({ summonsId: 987_654 }),
      { code: 'NOT_FOUND', path: ['input', 'summonsId'] },
      before,
    );
  });
});

describe(`closing a summons: refused, nothing changed (${testDatabaseKind()})`, () => {
  it('closed already, a stale version, no boolean, no note, a department, another community', async () => {
    const close = (actor: Actor, input: Record<string, unknown>) =>
      summonsAs(d, actor).closeSummons({
        summonsId: open,
        solved: true,
        note: '已解决。',
        ...input,
      } as never);
    await expectRefused(
      d.database,
      () => close(d.actors.shishan, { summonsId: closed }),
      { code: 'STATUS_NOT_ALLOWED', path: ['input', 'summonsId'] },
      before,
    );
    await expectRefused(
      d.database,
      () => close(d.actors.shishan, { expectedVersion: 3 }),
      { code: 'VERSION_CONFLICT', path: ['input', 'expectedVersion'] },
      before,
    );
    await expectRefused(
      d.database,
      () => close(d.actors.shishan, { solved: 'yes' }),
      { code: 'VALIDATION_FAILED', path: ['input', 'solved'] },
      before,
    );
    await expectRefused(
      d.database,
      () => close(d.actors.shishan, { note: '' }),
      { code: 'VALIDATION_FAILED', path: ['input', 'note'] },
      before,
    );
    await expectRefused(d.database, () => close(d.actors.cg, {}), { code: 'FORBIDDEN', path: [] }, before);
    // Hidden from another community's staff: answered as a missing summons.
    await expectRefused(
      d.database,
      () => close(d.actors.fengqiao, {}),
      { code: 'NOT_FOUND', path: ['input', 'summonsId'] },
      before,
    );
  });
});
