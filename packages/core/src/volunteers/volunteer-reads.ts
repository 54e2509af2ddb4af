import { and, asc, eq, gte, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import {
  visibleTeamMemberships,
  visibleVolunteerServices,
  visibleVolunteers,
  visibleVolunteerTeams,
  withVisibleVolunteer,
} from '../access/volunteer-visibility.js';
import { SansheError } from '../errors/sanshe-error.js';
import { parseListPage } from '../needs/need-filter-rules.js';
import {
  type Volunteer,
  type VolunteerEngagement,
  type VolunteerRecordItem,
  type VolunteerService,
  type VolunteerTeam,
  type VolunteerTeamMember,
  volunteerEngagements,
  volunteerRecordItems,
  volunteerServices,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from '../schema/volunteers.js';
import { isLocalId } from '../services/service-kit.js';
import { parseIsoDate } from '../validators/text.js';
import { serviceInForce } from './services-in-force.js';
import type { VolunteerContext } from './volunteer-context.js';
import { parseVolunteerFilter, type VolunteerFilter, volunteerCondition } from './volunteer-filter.js';

/** The day in China a stored service began, in SQL (China has kept UTC+8 all year since 1991). */
export function serviceDaySql(service: typeof volunteerServices = volunteerServices): SQL<string> {
  return sql<string>`to_char((${service.startedAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
}

/**
 * Reads of volunteers, outside any write's transaction, through the caller's read rule
 * (access/volunteer-visibility.ts): a record the caller cannot see is absent.
 */
export function createVolunteerReads(ctx: VolunteerContext) {
  const { kit, db, districtCode } = ctx;
  const actor = kit.actor;
  const page = (input: { limit?: number | null; offset?: number | null } | null | undefined) =>
    kit.unwrap(parseListPage(input, { path: ['page'] }));

  async function visibleVolunteer(id: number): Promise<Volunteer | undefined> {
    if (!isLocalId(id)) return undefined;
    const [row] = await db
      .select()
      .from(volunteers)
      .where(
        and(
          eq(volunteers.districtCode, districtCode),
          eq(volunteers.id, id),
          visibleVolunteers(actor, districtCode, volunteers),
        ),
      );
    return row;
  }

  return {
    /** One volunteer by local id, or undefined when there is none the caller may see. */
    getVolunteer: visibleVolunteer,

    /**
     * The volunteers matching the filter that the caller may see, by name, a page at a time
     * (`limit` default 100, at most 500; `offset`).
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, INVALID_NAME, INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async listVolunteers(
      filter: VolunteerFilter | null = null,
      pageInput: { limit?: number | null; offset?: number | null } | null = null,
    ): Promise<Volunteer[]> {
      const parsed = kit.unwrap(parseVolunteerFilter(filter));
      const { limit, offset } = page(pageInput);
      return db
        .select()
        .from(volunteers)
        .where(
          and(
            volunteerCondition(volunteers, districtCode, parsed),
            visibleVolunteers(actor, districtCode, volunteers),
          ),
        )
        .orderBy(asc(volunteers.name), asc(volunteers.id))
        .limit(limit)
        .offset(offset);
    },

    /**
     * A volunteer's service records the caller may see, by start: those in force (the default),
     * or every record with `all` (corrected records, their corrections and voids, the chains).
     */
    servicesOf(volunteerId: number, options: { all?: boolean } = {}): Promise<VolunteerService[]> {
      if (!isLocalId(volunteerId)) return Promise.resolve([]);
      return db
        .select()
        .from(volunteerServices)
        .where(
          and(
            eq(volunteerServices.districtCode, districtCode),
            eq(volunteerServices.volunteerId, volunteerId),
            options.all ? undefined : serviceInForce(),
            visibleVolunteerServices(actor, districtCode, volunteerServices),
          ),
        )
        .orderBy(asc(volunteerServices.startedAt), asc(volunteerServices.id));
    },

    /** One service record the caller may see, or undefined. */
    async getService(serviceId: number): Promise<VolunteerService | undefined> {
      if (!isLocalId(serviceId)) return undefined;
      const [row] = await db
        .select()
        .from(volunteerServices)
        .where(
          and(
            eq(volunteerServices.districtCode, districtCode),
            eq(volunteerServices.id, serviceId),
            visibleVolunteerServices(actor, districtCode, volunteerServices),
          ),
        );
      return row;
    },

    /**
     * The correction chain a record belongs to: the original first, then each correction in
     * turn; the last is the one that stands (in force unless a void). Empty when the record is
     * not visible. The chain is one volunteer's, so it is visible whole or not at all.
     */
    async serviceChain(serviceId: number): Promise<VolunteerService[]> {
      if (!isLocalId(serviceId)) return [];
      const rows = await db.execute<{ id: number }>(sql`
        with recursive back(id, corrects) as (
          select ${volunteerServices.id}, ${volunteerServices.correctsServiceId} from ${volunteerServices}
          where ${volunteerServices.districtCode} = ${districtCode} and ${volunteerServices.id} = ${serviceId}
            and ${visibleVolunteerServices(actor, districtCode, volunteerServices)}
          union all
          select s.id, s.corrects_service_id from volunteer_services s join back on s.id = back.corrects
          where s.district_code = ${districtCode}
        ), root as (select id from back where corrects is null),
        forward(id) as (
          select id from root
          union all
          select s.id from volunteer_services s join forward on s.corrects_service_id = forward.id
          where s.district_code = ${districtCode}
        )
        select id from forward`);
      const ids = (Array.isArray(rows) ? rows : (rows as { rows: { id: number }[] }).rows).map((row) =>
        Number(row.id),
      );
      if (ids.length === 0) return [];
      const services = await db
        .select()
        .from(volunteerServices)
        .where(and(eq(volunteerServices.districtCode, districtCode), inArray(volunteerServices.id, ids)));
      const byId = new Map(services.map((service) => [service.id, service]));
      return ids.map((id) => byId.get(id)!).filter(Boolean);
    },

    /**
     * Minutes in force a volunteer served on the days from `from` to `to` (China days, both
     * included), by the day each service began; null when the caller may not see the volunteer.
     *
     * @throws {SansheError} INVALID_DATE, INVALID_DATE_RANGE
     */
    async servedMinutes(volunteerId: number, from: string, to: string): Promise<number | null> {
      const first = kit.unwrap(parseIsoDate(from, { path: ['from'] }));
      const last = kit.unwrap(parseIsoDate(to, { path: ['to'] }));
      if (last < first) {
        throw new SansheError('INVALID_DATE_RANGE', `to ${last} lies before from ${first}.`, {
          path: ['to'],
        });
      }
      if (!(await visibleVolunteer(volunteerId))) return null;
      const [row] = await db
        .select({ minutes: sql<number>`coalesce(sum(${volunteerServices.minutes}), 0)`.mapWith(Number) })
        .from(volunteerServices)
        .where(
          and(
            eq(volunteerServices.districtCode, districtCode),
            eq(volunteerServices.volunteerId, volunteerId),
            serviceInForce(),
            gte(serviceDaySql(), first),
            lte(serviceDaySql(), last),
          ),
        );
      return row?.minutes ?? 0;
    },

    /** One team the caller may see, or undefined. */
    async getTeam(teamId: number): Promise<VolunteerTeam | undefined> {
      if (!isLocalId(teamId)) return undefined;
      const [row] = await db
        .select()
        .from(volunteerTeams)
        .where(
          and(
            eq(volunteerTeams.districtCode, districtCode),
            eq(volunteerTeams.id, teamId),
            visibleVolunteerTeams(actor, districtCode, volunteerTeams),
          ),
        );
      return row;
    },

    /** The teams the caller may see, by name: of a community or an organization, active ones unless told. */
    listTeams(
      filter: {
        communityId?: number | null;
        organizationId?: number | null;
        includeDisbanded?: boolean | null;
      } = {},
    ): Promise<VolunteerTeam[]> {
      const t = volunteerTeams;
      return db
        .select()
        .from(t)
        .where(
          and(
            eq(t.districtCode, districtCode),
            filter.communityId == null
              ? undefined
              : isLocalId(filter.communityId)
                ? eq(t.communityId, filter.communityId)
                : sql`false`,
            filter.organizationId == null
              ? undefined
              : isLocalId(filter.organizationId)
                ? eq(t.organizationId, filter.organizationId)
                : sql`false`,
            filter.includeDisbanded ? undefined : isNull(t.disbandedOn),
            visibleVolunteerTeams(actor, districtCode, t),
          ),
        )
        .orderBy(asc(t.name), asc(t.id));
    },

    /** A team's memberships the caller may see, by the day they began; open ones only unless told. */
    membersOf(teamId: number, options: { includeEnded?: boolean } = {}): Promise<VolunteerTeamMember[]> {
      if (!isLocalId(teamId)) return Promise.resolve([]);
      const m = volunteerTeamMembers;
      return db
        .select()
        .from(m)
        .where(
          and(
            eq(m.districtCode, districtCode),
            eq(m.teamId, teamId),
            options.includeEnded ? undefined : isNull(m.leftOn),
            visibleTeamMemberships(actor, districtCode, m),
          ),
        )
        .orderBy(asc(m.joinedOn), asc(m.id));
    },

    /** A volunteer's memberships (every team, past and present) the caller may see. */
    membershipsOf(volunteerId: number): Promise<VolunteerTeamMember[]> {
      if (!isLocalId(volunteerId)) return Promise.resolve([]);
      const m = volunteerTeamMembers;
      return db
        .select()
        .from(m)
        .where(
          and(
            eq(m.districtCode, districtCode),
            eq(m.volunteerId, volunteerId),
            visibleTeamMemberships(actor, districtCode, m),
          ),
        )
        .orderBy(asc(m.joinedOn), asc(m.id));
    },

    /** A volunteer's engagements, past and present, when the caller may see the volunteer. */
    engagementsOf(volunteerId: number): Promise<VolunteerEngagement[]> {
      if (!isLocalId(volunteerId)) return Promise.resolve([]);
      const e = volunteerEngagements;
      return db
        .select()
        .from(e)
        .where(
          and(
            eq(e.districtCode, districtCode),
            eq(e.volunteerId, volunteerId),
            withVisibleVolunteer(actor, districtCode, e),
          ),
        )
        .orderBy(asc(e.startsOn), asc(e.id));
    },

    /** A volunteer's training, commendations and evaluations, by day, when the caller may see the volunteer. */
    recordItemsOf(volunteerId: number): Promise<VolunteerRecordItem[]> {
      if (!isLocalId(volunteerId)) return Promise.resolve([]);
      const r = volunteerRecordItems;
      return db
        .select()
        .from(r)
        .where(
          and(
            eq(r.districtCode, districtCode),
            eq(r.volunteerId, volunteerId),
            withVisibleVolunteer(actor, districtCode, r),
          ),
        )
        .orderBy(asc(r.occurredOn), asc(r.id));
    },
  };
}
