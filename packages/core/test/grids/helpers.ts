/**
 * Pieces the grid-plan suites share, on the grid district of ../grid-events/fixture.ts. Not a
 * test file: vitest collects only `*.test.ts`.
 */
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../src/access/index.js';
import { createGridPlanService, type GridPlanService } from '../../src/grids/index.js';
import { gridTeamMembers, inspectionItems } from '../../src/schema/index.js';
import { computeResidentIdCheck } from '../../src/validators/index.js';
import { createVolunteerService } from '../../src/volunteers/index.js';
import { DISTRICT, type GridDistrict, NOW, TODAY } from '../grid-events/fixture.js';

/** The grid plan service of the district acting as `actor` (the district admin by default), on TODAY at NOW. */
export function planAs(d: GridDistrict, actor: Actor = d.actors.admin): GridPlanService {
  return createGridPlanService(d.database, { actor, today: () => TODAY, now: () => NOW });
}

/**
 * An inspection item of a department, inserted as a row from a past day (the department service,
 * tested in ../departments/, starts items from today on).
 */
export async function insertItem(
  d: GridDistrict,
  item: {
    code: string;
    frequency: string;
    departmentId?: number;
    effectiveFrom?: string;
    retiredOn?: string | null;
  },
): Promise<number> {
  const [row] = await d.database.db
    .insert(inspectionItems)
    .values({
      districtCode: DISTRICT,
      departmentId: item.departmentId ?? d.departments.cg,
      code: item.code,
      title: `巡查事项${item.code}`,
      frequency: item.frequency,
      categoryCode: 'E0101',
      effectiveFrom: item.effectiveFrom ?? '2026-01-01',
      retiredOn: item.retiredOn ?? null,
    })
    .returning({ id: inspectionItems.id });
  return row!.id;
}

let sequence = 300;
/** A volunteer of 狮山社区 registered through the volunteer service, never the same twice in a process. */
export async function registerVolunteer(
  d: GridDistrict,
  name: string,
  registeredOn = '2025-06-01',
): Promise<number> {
  sequence += 2;
  const first17 = `${DISTRICT}19850101${String(sequence).padStart(3, '0')}`;
  const volunteer = await createVolunteerService(d.database, {
    today: () => TODAY,
    now: () => NOW,
  }).registerVolunteer({
    name,
    residentId: first17 + computeResidentIdCheck(first17),
    homeCommunityId: d.communities.shishan,
    registeredOn,
  });
  return volunteer.id;
}

/** The open members of a grid's team, as rows (head, workers, informants by id). */
export async function openMembers(d: GridDistrict, gridId: number) {
  const rows = await d.database.db
    .select()
    .from(gridTeamMembers)
    .where(and(eq(gridTeamMembers.districtCode, DISTRICT), eq(gridTeamMembers.gridId, gridId)));
  return rows.filter((row) => row.leftOn === null).sort((a, b) => a.id - b.id);
}

/** The fixture's team of 网格一 as an input list, members in the fixture's order. */
export function fixtureTeam(d: GridDistrict) {
  return [
    { role: 'head', memberName: '王网格长', accountId: 'wg-ss-head' },
    { role: 'worker', memberName: '李网格员', accountId: 'wg-ss-01' },
    { role: 'worker', memberName: '赵网格员', accountId: 'wg-ss-02' },
    { role: 'informant', memberName: '周信息', volunteerId: d.informantVolunteerId },
  ] as const;
}
