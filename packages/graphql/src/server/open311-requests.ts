import {
  type Actor,
  createGridEventService,
  createPolicyService,
  type DistrictDatabase,
  type EventCategoryCode,
  type EventState,
  type EventUrgency,
  eventCategories,
  eventDeadlines,
  eventStates,
  eventUrgencies,
  isSansheError,
  loadWorkingCalendar,
  type SansheError,
  todayInChina,
  visibleGridEvents,
} from '@sanshe/core';
import { communities, departments, gridEventSteps, gridEvents, grids } from '@sanshe/core/schema';
import { and, desc, eq, gte, inArray, like, lte, ne, notLike, or, type SQL, sql } from 'drizzle-orm';
import { actorOf, type Principal } from '../auth/principal.js';
import {
  chineseDate,
  endOfChinaDay,
  Open311Error,
  type Open311Record,
  parseW3DateTime,
  w3DateTime,
} from './open311-format.js';
import { isServiceCode, requireServiceCode } from './open311-services.js';

/**
 * Open311 service requests are grid events (docs/domain.md §7.7): POST requests reports one with
 * the source `open311`, GET requests reads them. How each Open311 field maps, and who reads what:
 *
 * - `service_request_id` is `<district code>-<local id>` (`320505-42`): short enough for a URL path
 *   (`requests/320505-42.json`) and unique across a city. The same event's GraphQL ID is the
 *   GridEvent global ID of that district and local id.
 * - The reporter (who may follow the request in full) is the caller's key: a RESIDENT token is the
 *   resident's own account (the same account that reads the event through GraphQL); a SERVICE
 *   token reports for one of its users when it sends `account_id` (or `device_id`), recorded as
 *   `<service subject>:<account_id>`, else as the service itself.
 * - `email`, `first_name` and `last_name` are never read, so never stored (PIPL art. 6: collect
 *   the minimum; a grid event needs no name to be handled). `phone` is sealed by core as every
 *   identifier is, and shown to staff masked. Attributes other than `urgency` are not stored.
 * - Full or anonymised: a request is read in full by its reporter (as above) and by staff whose
 *   jurisdiction covers it in core (access/grid-event-visibility.ts: grid workers and community
 *   or subdistrict staff in their unit, the district's administrators, departments and
 *   evaluators). Anyone else, without a key or with another's, reads it anonymised: no
 *   description, no media, no notes beyond the state's name, the address reduced to the grid
 *   (community and grid name), the point rounded to 3 decimals (about 100 m). Requests of the
 *   social-governance classes (`S…`: disputes, safety hazards, help for people in difficulty,
 *   elderly people living alone) are about people, not places, and are not listed to anyone who
 *   would read them anonymised: a grid and a category are enough to point at a household.
 */

/** The `service_request_id` of a district's event: `<district>-<local id>`. */
export function serviceRequestId(districtCode: string, id: number): string {
  return `${districtCode}-${id}`;
}

const requestIdPattern = /^(\d{6})-([1-9]\d{0,14})$/;

/** The district and local id of a `service_request_id`, or undefined when it is not one. */
export function parseServiceRequestId(value: string): { districtCode: string; id: number } | undefined {
  const match = requestIdPattern.exec(value);
  if (!match) return undefined;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { districtCode: match[1]!, id } : undefined;
}

/** GeoReport v2 allows descriptions of 4,000 characters; a grid event keeps 2,000 (core). */
export const MAX_OPEN311_DESCRIPTION = 2000;
/** Longest `account_id` / `device_id` kept in the reporter (the reporter column is 128 characters). */
const MAX_ACCOUNT_LENGTH = 64;
/** GET requests answers at most this many requests (the specification's default volume). */
export const MAX_OPEN311_REQUESTS = 1000;
/** The widest date range of GET requests, and the default one back from now. */
const MAX_RANGE_DAYS = 90;

/** One parameter: trimmed, absent when empty (the specification's "Optional"); sent twice with two values is a fault. */
function parameter(params: URLSearchParams, name: string): string | null {
  const values = [...new Set(params.getAll(name).map((value) => value.trim()))].filter(
    (value) => value !== '',
  );
  if (values.length > 1) {
    throw new Open311Error(400, 'VALIDATION_FAILED', `${name}: sent more than once with different values.`);
  }
  return values[0] ?? null;
}

const coordinatePattern = /^[+-]?\d{1,3}(?:\.\d{1,15})?$/;

function coordinate(value: string, name: string): number {
  if (!coordinatePattern.test(value)) {
    throw new Open311Error(
      400,
      'INVALID_NUMBER',
      `${name}: "${value.slice(0, 32)}" is not a decimal number of degrees (WGS 84).`,
    );
  }
  return Number(value);
}

/** The values of `attribute[code]` and `attribute[code][]`, by code. */
function attributesOf(params: URLSearchParams): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const [key, value] of params) {
    const match = /^attribute\[([^\]]{1,64})\](?:\[\])?$/.exec(key);
    if (!match || value.trim() === '') continue;
    const values = attributes.get(match[1]!) ?? [];
    values.push(value.trim());
    attributes.set(match[1]!, values);
  }
  return attributes;
}

function urgencyOf(params: URLSearchParams): EventUrgency {
  const values = [...new Set(attributesOf(params).get('urgency') ?? [])];
  if (values.length === 0) return 'routine';
  if (values.length > 1) {
    throw new Open311Error(
      400,
      'VALIDATION_FAILED',
      'attribute[urgency]: a single value list takes one value.',
    );
  }
  const value = values[0]!;
  if (!Object.hasOwn(eventUrgencies, value)) {
    throw new Open311Error(
      400,
      'INVALID_CODE_LIST_VALUE',
      `attribute[urgency]: "${value.slice(0, 32)}" is not one of ${Object.keys(eventUrgencies).join(', ')}.`,
    );
  }
  return value as EventUrgency;
}

/** The Open311 parameter a field of core's ReportEventInput came from, to name it in an error. */
const parameterOfField: Readonly<Record<string, string>> = {
  gridId: 'address_id',
  longitude: 'lat/long',
  latitude: 'lat/long',
  categoryCode: 'service_code',
  urgency: 'attribute[urgency]',
  title: 'description',
  description: 'description',
  address: 'address_string',
  reporterPhone: 'phone',
  mediaUrl: 'media_url',
};

/**
 * Core's refusal as an Open311 error: the status the specification gives (403 for what the key
 * may not do, 400 for the rest of what a request gets wrong), core's code, and the message
 * prefixed with the parameter it concerns.
 */
function fromCoreError(error: SansheError): Open311Error {
  const field = error.path[0] === 'input' ? parameterOfField[String(error.path[1])] : undefined;
  const status =
    error.kind === 'forbidden'
      ? 403
      : error.kind === 'unauthenticated'
        ? 401
        : error.kind === 'unavailable'
          ? 503
          : 400;
  return new Open311Error(status, error.code, field ? `${field}: ${error.message}` : error.message);
}

/** The reporting actor of a POST: the key's caller, or a SERVICE's user `<subject>:<account>`. */
function reporterOf(principal: Principal, params: URLSearchParams): Actor {
  const actor = actorOf(principal);
  if (principal.role !== 'SERVICE') return actor;
  const name = parameter(params, 'account_id') !== null ? 'account_id' : 'device_id';
  const account = parameter(params, name);
  if (account === null) return actor;
  if (account.length > MAX_ACCOUNT_LENGTH || /[\s\p{Cc}]/u.test(account)) {
    throw new Open311Error(
      400,
      'VALIDATION_FAILED',
      `${name}: an account or device id is 1 to ${MAX_ACCOUNT_LENGTH} characters without spaces.`,
    );
  }
  const id = `${principal.subject}:${account}`;
  if (id.length > 128) {
    throw new Open311Error(
      400,
      'VALIDATION_FAILED',
      `${name}: with this key's subject the reporter would exceed 128 characters; send a shorter id.`,
    );
  }
  return { ...actor, id };
}

/** Who may report through Open311: residents' apps signed in as the resident, and the district's systems. */
const reportingRoles = new Set(['SERVICE', 'RESIDENT']);

/**
 * POST Service Request: report a grid event from the form's parameters as `principal`.
 *
 * @throws {Open311Error} 401 without a key; 403 for a key of a role that does not report through
 *   Open311 (staff report through GraphQL) or outside the district; 404 for an unknown
 *   service_code; 400 for anything else, with core's code (POINT_OUTSIDE_GRID …).
 */
export async function createServiceRequest(
  database: DistrictDatabase,
  principal: Principal,
  params: URLSearchParams,
): Promise<Open311Record[]> {
  if (principal.role === 'PUBLIC') {
    throw new Open311Error(
      401,
      'UNAUTHENTICATED',
      'api_key: POST requests needs a key, the bearer token of a resident or of a district system (SERVICE), as api_key or in the Authorization header.',
    );
  }
  if (!reportingRoles.has(principal.role)) {
    throw new Open311Error(
      403,
      'FORBIDDEN',
      `api_key: a ${principal.role} key cannot report through Open311, which takes residents' and district systems' (SERVICE) keys; staff report through the GraphQL API.`,
    );
  }
  const codeText = parameter(params, 'service_code');
  if (codeText === null) {
    throw new Open311Error(400, 'VALIDATION_FAILED', 'service_code: required; GET services.json lists them.');
  }
  const categoryCode = requireServiceCode(codeText);
  const urgency = urgencyOf(params);

  const lat = parameter(params, 'lat');
  const long = parameter(params, 'long');
  const addressId = parameter(params, 'address_id');
  const addressString = parameter(params, 'address_string');
  if ((lat === null) !== (long === null)) {
    throw new Open311Error(400, 'VALIDATION_FAILED', 'lat/long: both are sent, or neither.');
  }
  if (lat === null && addressId === null) {
    throw new Open311Error(
      400,
      'VALIDATION_FAILED',
      addressString === null
        ? 'A location is required: lat and long, or address_id (a grid code of the district).'
        : 'address_string alone is not enough here: an event is filed under the grid whose team handles it, found from lat/long or named by address_id (a grid code). Addresses in words are not geocoded, because a guessed point would send the report to the wrong grid team; send lat/long as well, and the address_string is kept as the address.',
    );
  }
  const position =
    lat !== null && long !== null
      ? { latitude: coordinate(lat, 'lat'), longitude: coordinate(long, 'long') }
      : null;

  const reporter = reporterOf(principal, params);
  const descriptionText = parameter(params, 'description');
  if (descriptionText !== null && [...descriptionText].length > MAX_OPEN311_DESCRIPTION) {
    throw new Open311Error(
      400,
      'INVALID_TEXT',
      `description: at most ${MAX_OPEN311_DESCRIPTION} characters here. GeoReport v2 allows 4,000, but a grid event keeps ${MAX_OPEN311_DESCRIPTION} (what a grid worker reads on a phone); shorten it or link a page in media_url.`,
    );
  }
  const category = eventCategories[categoryCode];
  const description = descriptionText ?? `${category.name}（经 Open311 上报，未附描述）`;
  const firstLine = description.split(/\r?\n/, 1)[0]!.trim();
  const title =
    firstLine === '' ? category.name : `${category.name}：${[...firstLine].slice(0, 60).join('')}`;

  const today = todayInChina();
  let gridId: number | null = null;
  if (addressId !== null) gridId = await gridIdOf(database, addressId, today);

  const events = createGridEventService(database, { actor: reporter });
  let event: Awaited<ReturnType<typeof events.report>>;
  try {
    event = await events.report({
      gridId,
      longitude: position?.longitude ?? null,
      latitude: position?.latitude ?? null,
      categoryCode,
      urgency,
      title,
      description,
      address: addressString,
      source: 'open311',
      reporterPhone: parameter(params, 'phone'),
      mediaUrl: parameter(params, 'media_url'),
    });
  } catch (error) {
    if (isSansheError(error)) throw fromCoreError(error);
    throw error;
  }
  return [
    {
      service_request_id: serviceRequestId(database.districtCode, event.id),
      service_notice: await noticeOfNewRequest(database, event),
      account_id: parameter(params, 'account_id'),
    },
  ];
}

/**
 * The grid an `address_id` names: a grid code of the district (its community's 12 digits and
 * the grid's own), in force today (core checks that again when it files the event).
 *
 * @throws {Open311Error} 400 INVALID_GRID_CODE or NOT_FOUND
 */
async function gridIdOf(database: DistrictDatabase, code: string, today: string): Promise<number> {
  if (!/^\d{13,18}$/.test(code) || !code.startsWith(database.districtCode)) {
    throw new Open311Error(
      400,
      'INVALID_GRID_CODE',
      `address_id: "${code.slice(0, 32)}" is not a grid code of district ${database.districtCode} (its community's 12 digits and 1 to 6 more).`,
    );
  }
  const [grid] = await database.db
    .select({ id: grids.id })
    .from(grids)
    .where(
      and(
        eq(grids.districtCode, database.districtCode),
        eq(grids.code, code),
        lte(grids.effectiveFrom, today),
        or(sql`${grids.retiredOn} is null`, sql`${grids.retiredOn} > ${today}`),
      ),
    );
  if (!grid) {
    throw new Open311Error(
      400,
      'NOT_FOUND',
      `address_id: no grid ${code} of district ${database.districtCode} is in force today.`,
    );
  }
  return grid.id;
}

/**
 * The notice of a new request: what happens next, and the closing day its category and urgency
 * would have if the grid centre dispatched it today (the limits of grid.event_time_limits in
 * force for its community, on the district's working calendar: docs/domain.md §7.6). The limit
 * counts from the dispatch, which the centre makes after checking the report, so the day is
 * said as "if dispatched today". A district whose policy cannot be read (never set) still gets
 * its request filed: the notice then says the limits without a day.
 */
async function noticeOfNewRequest(
  database: DistrictDatabase,
  event: { id: number; unitCode: string; categoryCode: string; urgency: string },
): Promise<string> {
  const opening = '已受理。网格中心核实后派遣给责任部门办理';
  const today = todayInChina();
  try {
    const limits = await createPolicyService(database).requireValueInForce(
      'grid.event_time_limits',
      event.unitCode.slice(0, 12),
      today,
    );
    const year = Number(today.slice(0, 4));
    const calendar = await loadWorkingCalendar(database.db, database.districtCode, year, year + 1);
    const deadlines = eventDeadlines({
      limits: limits.value,
      categoryCode: event.categoryCode as EventCategoryCode,
      urgency: event.urgency as EventUrgency,
      dispatchedOn: today,
      calendar,
    });
    const within = deadlines.closeWorkingDays === 0 ? '当日' : `${deadlines.closeWorkingDays}个工作日内`;
    const provisional = deadlines.provisional ? '（该年节假日安排尚未收录，按周一至周五推算）' : '';
    return `${opening}，时限为派遣后${within}办结；如今日派遣，最迟于${chineseDate(deadlines.closeDueOn)}办结${provisional}。`;
  } catch (error) {
    if (!isSansheError(error)) throw error;
    return `${opening}，按本地时限办结。`;
  }
}

/** GET requests' parameters, checked. */
export interface RequestQuery {
  /** `service_request_id`: local ids of this district (others are not here); overrides the rest. */
  ids: number[] | null;
  serviceCodes: EventCategoryCode[] | null;
  /** The range of `requested_datetime`, as instants (ms). */
  from: number;
  to: number;
  statuses: ('open' | 'closed')[] | null;
}

function commaList(value: string | null): string[] | null {
  if (value === null) return null;
  const items = [...new Set(value.split(',').map((item) => item.trim()))].filter((item) => item !== '');
  return items.length > 0 ? items : null;
}

/**
 * GET requests' parameters: `service_request_id` (comma list, overriding the others),
 * `service_code` (comma list), `start_date` / `end_date` (w3 date-times, at most 90 days apart;
 * by default the 90 days up to now, or the 90 days from or before the one given), `status`
 * (open, closed, or both).
 *
 * @throws {Open311Error} 400 INVALID_ID, INVALID_CODE_LIST_VALUE, INVALID_DATE, INVALID_DATE_RANGE
 */
export function parseRequestQuery(params: URLSearchParams, districtCode: string, now: number): RequestQuery {
  const day = 86_400_000;
  const idList = commaList(parameter(params, 'service_request_id'));
  if (idList !== null) {
    if (idList.length > MAX_OPEN311_REQUESTS) {
      throw new Open311Error(
        400,
        'VALIDATION_FAILED',
        `service_request_id: at most ${MAX_OPEN311_REQUESTS} ids at once.`,
      );
    }
    const ids: number[] = [];
    for (const text of idList) {
      const parsed = parseServiceRequestId(text);
      if (!parsed) {
        throw new Open311Error(
          400,
          'INVALID_ID',
          `service_request_id: "${text.slice(0, 32)}" is not a request id (<district code>-<number>, e.g. 320505-42).`,
        );
      }
      // An id of another district names no request here; it is not an error to ask.
      if (parsed.districtCode === districtCode) ids.push(parsed.id);
    }
    return {
      ids,
      serviceCodes: null,
      from: Number.NEGATIVE_INFINITY,
      to: Number.POSITIVE_INFINITY,
      statuses: null,
    };
  }
  const codes = commaList(parameter(params, 'service_code'));
  const serviceCodes = codes?.map((code) => {
    if (!isServiceCode(code)) {
      throw new Open311Error(
        400,
        'INVALID_CODE_LIST_VALUE',
        `service_code: "${code.slice(0, 32)}" is not a service here; GET services.json lists them.`,
      );
    }
    return code;
  });
  const statusList = commaList(parameter(params, 'status'));
  const statuses = statusList?.map((status) => {
    if (status !== 'open' && status !== 'closed') {
      throw new Open311Error(
        400,
        'INVALID_CODE_LIST_VALUE',
        `status: "${status.slice(0, 32)}" is not open or closed.`,
      );
    }
    return status;
  });
  const start = parameter(params, 'start_date');
  const end = parameter(params, 'end_date');
  const startTime = start === null ? null : parseW3DateTime(start, 'start_date');
  const endTime = end === null ? null : parseW3DateTime(end, 'end_date');
  const to = endTime ?? (startTime === null ? now : startTime + MAX_RANGE_DAYS * day);
  const from = startTime ?? to - MAX_RANGE_DAYS * day;
  if (from > to) {
    throw new Open311Error(400, 'INVALID_DATE_RANGE', 'start_date: after end_date.');
  }
  if (to - from > MAX_RANGE_DAYS * day) {
    throw new Open311Error(
      400,
      'INVALID_DATE_RANGE',
      `start_date/end_date: a search spans at most ${MAX_RANGE_DAYS} days (GeoReport v2); ask in parts.`,
    );
  }
  return { ids: null, serviceCodes: serviceCodes ?? null, from, to, statuses: statuses ?? null };
}

/** `%` and `_` in a subject match themselves in LIKE. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The requests `actor` reads in full (see the module's comment): a SERVICE those it reported
 * (itself, or for one of its users, `<subject>:<account>`); everyone else those core lets it see
 * (staff in their jurisdiction; a resident or volunteer its own reports; PUBLIC none).
 */
function fullViewCondition(actor: Actor, districtCode: string): SQL {
  if (actor.role === 'SERVICE') {
    // Core lets a district's SERVICE read every event; through Open311 it is one client among
    // others and reads in full only what it reported.
    if (actor.district != null && actor.district !== districtCode) return sql`false`;
    return and(
      eq(gridEvents.reporterRole, 'SERVICE'),
      or(eq(gridEvents.reportedBy, actor.id), like(gridEvents.reportedBy, `${likeLiteral(actor.id)}:%`)),
    )!;
  }
  return visibleGridEvents(actor, districtCode, gridEvents);
}

/** A coordinate rounded to 3 decimals (about 100 m), for anonymised requests. */
function roughly(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The notice of a request as it stands: its closing day in words, or when it was closed. */
function noticeOf(row: {
  state: string;
  closeDueOn: string | null;
  closedAt: string | null;
  closedLate: boolean | null;
}) {
  if (row.state === 'closed' && row.closedAt) {
    return `已于${chineseDate(w3DateTime(row.closedAt).slice(0, 10))}办结${row.closedLate ? '（超过时限）' : ''}。`;
  }
  if (row.closeDueOn) return `须于${chineseDate(row.closeDueOn)}前办结。`;
  return '待网格中心派遣，时限自派遣之日起算。';
}

/**
 * GET requests and GET request: the requests of the query `principal` may read, newest first,
 * at most {@link MAX_OPEN311_REQUESTS}, each in full or anonymised (the module's comment).
 */
export async function readServiceRequests(
  database: DistrictDatabase,
  principal: Principal,
  query: RequestQuery,
): Promise<Open311Record[]> {
  const { db, districtCode } = database;
  if (query.ids !== null && query.ids.length === 0) return [];
  const full = fullViewCondition(actorOf(principal), districtCode);
  const conditions: (SQL | undefined)[] = [
    eq(gridEvents.districtCode, districtCode),
    or(full, notLike(gridEvents.categoryCode, 'S%')),
  ];
  if (query.ids !== null) {
    conditions.push(inArray(gridEvents.id, query.ids));
  } else {
    conditions.push(
      gte(gridEvents.reportedAt, new Date(query.from).toISOString()),
      lte(gridEvents.reportedAt, new Date(query.to).toISOString()),
    );
    if (query.serviceCodes !== null) conditions.push(inArray(gridEvents.categoryCode, query.serviceCodes));
    if (query.statuses !== null && query.statuses.length === 1) {
      conditions.push(
        query.statuses[0] === 'closed' ? eq(gridEvents.state, 'closed') : ne(gridEvents.state, 'closed'),
      );
    }
  }
  const rows = await db
    .select({
      id: gridEvents.id,
      state: gridEvents.state,
      categoryCode: gridEvents.categoryCode,
      description: gridEvents.description,
      address: gridEvents.address,
      longitude: gridEvents.longitude,
      latitude: gridEvents.latitude,
      mediaUrl: gridEvents.mediaUrl,
      reportedAt: gridEvents.reportedAt,
      updatedAt: gridEvents.updatedAt,
      closedAt: gridEvents.closedAt,
      closedLate: gridEvents.closedLate,
      closeDueOn: gridEvents.closeDueOn,
      gridCode: grids.code,
      gridName: grids.name,
      communityName: communities.name,
      departmentName: departments.name,
      full: sql<boolean>`(${full})`.as('full_view'),
    })
    .from(gridEvents)
    .innerJoin(grids, and(eq(grids.districtCode, gridEvents.districtCode), eq(grids.id, gridEvents.gridId)))
    .innerJoin(
      communities,
      and(eq(communities.districtCode, gridEvents.districtCode), eq(communities.id, gridEvents.communityId)),
    )
    .leftJoin(
      departments,
      and(eq(departments.districtCode, gridEvents.districtCode), eq(departments.id, gridEvents.departmentId)),
    )
    .where(and(...conditions))
    .orderBy(desc(gridEvents.reportedAt), desc(gridEvents.id))
    .limit(MAX_OPEN311_REQUESTS);

  // A closed request's notes are those of its closure (or of the department's feedback), for
  // those who read it in full: staff write them, and they may name people.
  const closedInFull = rows.filter((row) => row.full && row.state === 'closed').map((row) => row.id);
  const notes = new Map<number, { close?: string; feedBack?: string }>();
  if (closedInFull.length > 0) {
    const steps = await db
      .select({ eventId: gridEventSteps.eventId, step: gridEventSteps.step, note: gridEventSteps.note })
      .from(gridEventSteps)
      .where(
        and(
          eq(gridEventSteps.districtCode, districtCode),
          inArray(gridEventSteps.eventId, closedInFull),
          inArray(gridEventSteps.step, ['close', 'feedBack']),
        ),
      )
      .orderBy(gridEventSteps.id);
    for (const step of steps) {
      if (!step.note) continue;
      const entry = notes.get(step.eventId) ?? {};
      entry[step.step as 'close' | 'feedBack'] = step.note;
      notes.set(step.eventId, entry);
    }
  }

  return rows.map((row) => {
    const place = `${row.communityName}${row.gridName}`;
    const label = eventStates[row.state as EventState];
    const note = notes.get(row.id);
    const hasPoint = row.latitude !== null && row.longitude !== null;
    return {
      service_request_id: serviceRequestId(districtCode, row.id),
      status: row.state === 'closed' ? 'closed' : 'open',
      status_notes:
        (row.full && row.state === 'closed' ? (note?.close ?? note?.feedBack) : undefined) ?? label,
      service_name: eventCategories[row.categoryCode as EventCategoryCode]?.name ?? row.categoryCode,
      service_code: row.categoryCode,
      description: row.full ? row.description : null,
      agency_responsible: row.departmentName ?? null,
      service_notice: noticeOf(row),
      requested_datetime: w3DateTime(row.reportedAt),
      updated_datetime: w3DateTime(row.state === 'closed' && row.closedAt ? row.closedAt : row.updatedAt),
      expected_datetime: row.closeDueOn ? endOfChinaDay(row.closeDueOn) : null,
      address: row.full && row.address ? `${row.address}，${place}` : place,
      address_id: row.gridCode,
      // Grids carry no postal code; the field is kept so every request has the specification's fields.
      zipcode: null,
      lat: hasPoint ? (row.full ? row.latitude : roughly(row.latitude!)) : null,
      long: hasPoint ? (row.full ? row.longitude : roughly(row.longitude!)) : null,
      media_url: row.full ? row.mediaUrl : null,
    };
  });
}
