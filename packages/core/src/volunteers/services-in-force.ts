import { and, eq, gt, lt, ne, notExists, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { SansheDb } from '../database/district-database.js';
import { volunteerServices } from '../schema/volunteers.js';

/**
 * The one rule of which service records count (docs/domain.md §5.2): records are never edited, a
 * correction is a new record naming the one it corrects, so a record is in force when no
 * correction names it and it is not itself a void (a correction saying the service did not
 * happen). Totals, certificates, exports, earnings and the overlap check all read through this.
 */
export function serviceInForce(service: typeof volunteerServices = volunteerServices): SQL {
  const correction = alias(volunteerServices, 'in_force_correction');
  return and(
    eq(service.isVoid, false),
    notExists(
      sql`(select 1 from ${volunteerServices} ${correction}
        where ${correction.districtCode} = ${service.districtCode}
          and ${correction.correctsServiceId} = ${service.id})`,
    ),
  )!;
}

/**
 * A service in force of the volunteer that overlaps [startedAt, endedAt) (touching ends do not
 * overlap), leaving out `exceptServiceId` (the record a correction replaces). One person serves in
 * one place at a time: the caller refuses with OVERLAPPING_SERVICE (or IMPORT_CONFLICT) when this
 * answers a record. Call it in the writing transaction after locking the volunteer's row, so two
 * writers for one volunteer cannot both pass it.
 */
export async function findOverlappingService(
  executor: SansheDb,
  where: {
    districtCode: string;
    volunteerId: number;
    startedAt: string;
    endedAt: string;
    exceptServiceId?: number | null;
  },
): Promise<{ id: number; startedAt: string; endedAt: string } | undefined> {
  const [row] = await executor
    .select({
      id: volunteerServices.id,
      startedAt: volunteerServices.startedAt,
      endedAt: volunteerServices.endedAt,
    })
    .from(volunteerServices)
    .where(
      and(
        eq(volunteerServices.districtCode, where.districtCode),
        eq(volunteerServices.volunteerId, where.volunteerId),
        lt(volunteerServices.startedAt, where.endedAt),
        gt(volunteerServices.endedAt, where.startedAt),
        where.exceptServiceId == null ? undefined : ne(volunteerServices.id, where.exceptServiceId),
        serviceInForce(),
      ),
    )
    .orderBy(volunteerServices.startedAt)
    .limit(1);
  return row;
}
