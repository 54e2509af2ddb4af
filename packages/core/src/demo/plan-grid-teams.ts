import type { BoundingBox } from '../grid-events/grid-geometry.js';
import type { GridTeamComposition } from '../policies/grid-policies.js';
import type { gridBoundaries, gridTeamMembers, patrolRecords } from '../schema/grid-teams.js';
import type { communities, grids } from '../schema/hierarchy.js';
import type { policyValues } from '../schema/policies.js';
import { addDays, addYears } from '../services/dates.js';
import { instantOf } from './china-time.js';
import { rectangle } from './grid-geography.js';
import { givenNameParts, surnames } from './names.js';
import type { NewInspectionItem } from './plan-departments.js';
import { maxDate } from './plan-project-designs.js';
import type { VolunteerRows } from './plan-volunteers.js';
import { type Random, randomDate } from './random.js';

type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;
type NewPolicyValue = typeof policyValues.$inferInsert;
export type NewGridBoundary = typeof gridBoundaries.$inferInsert & { id: number };
export type NewGridTeamMember = typeof gridTeamMembers.$inferInsert & { id: number };
export type NewPatrolRecord = typeof patrolRecords.$inferInsert & { id: number };

export interface GridTeamRows {
  gridBoundaries: NewGridBoundary[];
  gridTeamMembers: NewGridTeamMember[];
}

/** A grid team member's account: `wg-<grid code>-head`, `wg-<grid code>-1` … (docs/domain.md §7.2). */
export function teamAccount(gridCode: string, place: 'head' | number): string {
  return `wg-${gridCode}-${place}`;
}

/**
 * The composition the demo districts keep ("1+2+N", docs/domain.md §7.2): one head and at least
 * two full-time grid workers; informants where the community's volunteers serve as such, which
 * in the demo is the community planned in full only (§5.6), so the district sets N at 0.
 */
export const demoTeamComposition: GridTeamComposition = { heads: 1, minWorkers: 2, minInformants: 0 };

/**
 * The grids' boundaries and teams (docs/domain.md §7.1–§7.2): each grid drawn as its rectangle
 * of the district's tiling on the day the district's grid plan took effect, and its team set as a
 * whole that day — a head (网格长) and two grid workers (专职网格员), with the informants the
 * volunteer plan engaged on the grid (网格信息员) from the day their engagement started. A few
 * grid workers left and were replaced the same day, so no team is ever below the composition.
 */
export function planGridTeams(input: {
  districtCode: string;
  districtName: string;
  asOf: string;
  random: Random;
  grids: readonly NewGrid[];
  rectangles: ReadonlyMap<number, BoundingBox>;
  volunteers: VolunteerRows;
  /** The day the district's grid plan (boundaries, teams) took effect. */
  setupOn: string;
  policyValueId: number;
}): GridTeamRows & { policyValue: NewPolicyValue } {
  const { districtCode, districtName, asOf, random, setupOn } = input;
  const rows: GridTeamRows = { gridBoundaries: [], gridTeamMembers: [] };
  const year = setupOn.slice(0, 4);
  const gridCentre = `demo-${districtCode}-grid-centre`;
  const personName = () => {
    const given = random.pick(givenNameParts);
    return `${random.pick(surnames)}${given.length === 1 && random.next() < 0.6 ? given + random.pick(givenNameParts).slice(0, 1) : given}`;
  };
  const informantsOf = new Map<number, VolunteerRows['volunteerEngagements']>();
  for (const engagement of input.volunteers.volunteerEngagements) {
    if (engagement.role !== 'grid_informant' || engagement.gridId == null) continue;
    informantsOf.set(engagement.gridId, [...(informantsOf.get(engagement.gridId) ?? []), engagement]);
  }
  const volunteerName = new Map(input.volunteers.volunteers.map((v) => [v.id, v.name]));

  for (const grid of input.grids) {
    const box = input.rectangles.get(grid.id!)!;
    rows.gridBoundaries.push({
      districtCode,
      id: rows.gridBoundaries.length + 1,
      gridId: grid.id!,
      effectiveFrom: setupOn,
      geometry: rectangle(box),
      ...box,
      source: `${districtName}网格化服务管理网格划分方案（${year}年修订）`,
      recordedBy: gridCentre,
      createdAt: `${setupOn}T10:00:00+08:00`,
    });
    const member = (
      role: 'head' | 'worker' | 'informant',
      place: string | null,
      joinedOn: string,
      leftOn: string | null,
      volunteerId: number | null = null,
    ) => {
      rows.gridTeamMembers.push({
        districtCode,
        id: rows.gridTeamMembers.length + 1,
        gridId: grid.id!,
        role,
        memberName: volunteerId === null ? personName() : volunteerName.get(volunteerId)!,
        accountId: place,
        volunteerId,
        joinedOn,
        leftOn,
      });
    };
    member('head', teamAccount(grid.code, 'head'), setupOn, null);
    // One grid worker in twelve was replaced in the last three years: the leaver's place ends the
    // day the successor's starts (docs/domain.md §7.2: a team is set as a whole).
    const replaceFrom = [addDays(setupOn, 1), addYears(asOf, -3)].sort()[1]!;
    const replacedOn =
      random.next() < 1 / 12 && replaceFrom <= asOf ? randomDate(random, replaceFrom, asOf) : null;
    member('worker', teamAccount(grid.code, 1), setupOn, null);
    member('worker', teamAccount(grid.code, 2), setupOn, replacedOn);
    if (replacedOn !== null) member('worker', teamAccount(grid.code, 3), replacedOn, null);
    for (const engagement of informantsOf.get(grid.id!) ?? []) {
      const joinedOn = maxDate(engagement.startsOn, setupOn);
      if (engagement.endsOn != null && engagement.endsOn <= joinedOn) continue;
      member('informant', null, joinedOn, engagement.endsOn ?? null, engagement.volunteerId);
    }
  }
  const notice = `${districtName.slice(0, 1)}政办〔${year}〕27号`;
  return {
    ...rows,
    policyValue: {
      districtCode,
      id: input.policyValueId,
      policyKey: 'grid.team_composition',
      jurisdictionCode: districtCode,
      effectiveFrom: setupOn,
      value: demoTeamComposition,
      source: `${districtName}人民政府办公室关于印发《网格化服务管理工作规范》的通知（${notice}）`,
      createdAt: `${setupOn}T09:00:00+08:00`,
    },
  };
}

/** The accounts of a grid's head and workers in place on a day (joined on or before, not yet left). */
export function createTeamLookup(members: readonly NewGridTeamMember[]) {
  const byGrid = new Map<number, NewGridTeamMember[]>();
  for (const member of members) byGrid.set(member.gridId, [...(byGrid.get(member.gridId) ?? []), member]);
  const inPlace = (member: NewGridTeamMember, day: string) =>
    member.joinedOn <= day && (member.leftOn == null || member.leftOn > day);
  return {
    /** Grid workers (专职网格员) in place, by account. */
    workersOn(gridId: number, day: string): string[] {
      return (byGrid.get(gridId) ?? [])
        .filter((m) => m.role === 'worker' && inPlace(m, day))
        .map((m) => m.accountId!);
    },
    /** Informant volunteers in place. */
    informantsOn(gridId: number, day: string): number[] {
      return (byGrid.get(gridId) ?? [])
        .filter((m) => m.role === 'informant' && inPlace(m, day))
        .map((m) => m.volunteerId!);
    },
  };
}

export type TeamLookup = ReturnType<typeof createTeamLookup>;

/**
 * A sample of routine patrols (docs/domain.md §7.3): the grids of one community, each checked
 * weekly on two items of the district's daily and weekly lists for the last six weeks, by a
 * grid worker of its team, nothing found. (Every grid patrolling every item as often as its list
 * says would be hundreds of thousands of rows a year; the patrols that found the problems events
 * report are planned with the events.)
 */
export function planPatrolSample(input: {
  districtCode: string;
  asOf: string;
  random: Random;
  community: NewCommunity | undefined;
  grids: readonly NewGrid[];
  items: readonly NewInspectionItem[];
  teams: TeamLookup;
  isWorkingDay: (day: string) => boolean;
}): NewPatrolRecord[] {
  const { districtCode, asOf, random, community, teams } = input;
  if (!community) return [];
  const frequent = input.items.filter(
    (item) =>
      (item.frequency === 'daily' || item.frequency === 'weekly') &&
      item.effectiveFrom <= addDays(asOf, -42) &&
      item.retiredOn == null,
  );
  const patrols: NewPatrolRecord[] = [];
  for (const grid of input.grids.filter((g) => g.communityId === community.id)) {
    for (let week = 6; week >= 1; week--) {
      // A working day of the week (Monday to Friday, or the next working day the calendar has).
      let day = addDays(asOf, -7 * week + random.int(1, 5));
      for (let i = 0; i < 7 && !input.isWorkingDay(day); i++) day = addDays(day, 1);
      if (day > asOf) continue;
      const workers = teams.workersOn(grid.id!, day);
      if (workers.length === 0) continue;
      const first = random.int(0, frequent.length - 1);
      for (const item of [frequent[first]!, frequent[(first + 7) % frequent.length]!]) {
        const minute = random.int(9 * 60, 16 * 60);
        patrols.push({
          districtCode,
          id: 0,
          gridId: grid.id!,
          itemId: item.id,
          patrolledAt: instantOf(day, minute),
          patrolledBy: random.pick(workers),
          result: 'normal',
          note: null,
        });
      }
    }
  }
  return patrols;
}
