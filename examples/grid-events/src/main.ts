/**
 * One grid event through the five-step loop of grid management (docs/domain.md §7.7) with
 * @sanshe/client, each step by whoever takes it:
 *
 *   a resident        (RESIDENT) reports a problem in a grid of its community, at a point inside
 *                     the grid's boundary (信息收集);
 *   the grid centre   (SUBDISTRICT_STAFF: the subdistrict's 网格化服务管理中心) dispatches it to
 *                     the department the routing rules name, which sets its deadlines (任务派遣);
 *   the department    (DEPARTMENT_STAFF, its token naming the department) accepts it, handles it
 *                     and feeds back what it did (任务处理, 结果反馈); closing it is not its part
 *                     (FORBIDDEN), which the program shows;
 *   the community     (COMMUNITY_STAFF) checks the fix on the spot and closes the event (核查结案);
 *   the resident      confirms the fix and rates it (回访评价).
 *
 * 查办分离 goes further than roles: whoever fed an event back never verifies it, even with a role
 * that may (HANDLER_CANNOT_VERIFY). The program shows it on a second event, which the district's
 * grid centre (DISTRICT_ADMIN, which may act for any department) handles itself and then may not
 * close; the community closes it.
 *
 * Deadlines are working days on the district's calendar counted from the day of dispatch, today:
 * the program reads the time limits in force (`grid.event_time_limits`), counts them itself with
 * `addWorkingDays` and prints them beside the deadlines the gateway set, so it works on any day,
 * a weekend or a holiday too. Each run reports two new events.
 *
 * The department acts with its own token, whose `department` claim is the department's global
 * ID: it is known once the routing rules have named the department, so `departmentToken` is the
 * identity provider that issues it. Run from the command line, the program signs every token
 * itself with the gateway's HS256 settings (SANSHE_JWT_SECRET, SANSHE_JWT_ISSUER,
 * SANSHE_JWT_AUDIENCE):
 *
 *   SANSHE_JWT_SECRET=… SANSHE_JWT_ISSUER=… SANSHE_JWT_AUDIENCE=… npm start   # workspace root
 *   SANSHE_JWT_SECRET=… SANSHE_JWT_ISSUER=… SANSHE_JWT_AUDIENCE=… node dist/main.js [url]
 */
import { createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  AcceptGridEvent,
  AddWorkingDays,
  CloseGridEvent,
  CommunityByCode,
  createClient,
  DispatchGridEvent,
  FeedBackGridEvent,
  GridAt,
  GridEventCategories,
  type GridEventFields,
  GridPlan,
  graphql,
  RateGridEvent,
  ReportGridEvent,
  type RequestResult,
  type ResultOf,
  RouteFor,
  type SansheClient,
} from '@sanshe/client';

export interface RunOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A RESIDENT token of the district: the resident who reports, and later rates. */
  residentToken: string;
  /** The grid centre that dispatches: a SUBDISTRICT_STAFF token of the community's subdistrict. */
  gridCentreToken: string;
  /** A COMMUNITY_STAFF token of the community: it verifies and closes. */
  communityStaffToken: string;
  /** A DISTRICT_ADMIN token of the district: the district's grid centre, for 查办分离's second event. */
  districtAdminToken: string;
  /**
   * The identity provider: a DEPARTMENT_STAFF token of the department with this global ID
   * (claim `department`), once the routing rules have named it. `subject` names the person
   * (claim `sub`).
   */
  departmentToken: (departmentId: string, subject: string) => Promise<string>;
  /** The community the event is reported in (12 digits); its first grid is used. Default 320505001001. */
  communityCode?: string;
  /** Marks the department staff's subject. Default: from the clock. */
  runId?: string;
  /** Where each line of the report goes. Default: `console.log`. */
  log?: (line: string) => void;
}

/** What a refused request answered: the member of the result union, with its code and field. */
export interface Refusal {
  __typename: string;
  code: string;
  message: string;
  path: readonly string[];
}

/** A grid event as the ready-made documents answer it (`GridEventFields`). */
export type GridEvent = ResultOf<typeof GridEventFields>;

/** Where the event stood after a step: the state, the department responsible, the deadlines. */
export interface StepState {
  step: 'REPORT' | 'DISPATCH' | 'ACCEPT' | 'FEED_BACK' | 'CLOSE' | 'RATE';
  /** The role that took the step. */
  role: string;
  state: GridEvent['state'];
  stateLabel: string;
  version: number;
  department: { id: string; code: string; name: string } | null;
  acceptDueOn: string | null;
  closeDueOn: string | null;
}

export interface RunReport {
  /** Every line that was logged. */
  lines: string[];
  grid: { id: string; code: string; name: string; communityName: string };
  /** The point reported: the middle of the grid's boundary box, checked to lie in the grid. */
  point: { longitude: number; latitude: number };
  category: { code: string; name: string };
  /** The department the routing rules name for the category in the grid, before dispatch. */
  route: { departmentId: string; departmentCode: string; departmentName: string; explanation: string };
  /** The event after each of its steps, in order. */
  states: StepState[];
  /** The event as the resident last read it (after the rating). */
  event: GridEvent;
  /** The deadlines as the program counted them from the time limits in force and the calendar. */
  counted: {
    dispatchedOn: string;
    acceptWorkingDays: number;
    closeWorkingDays: number;
    acceptDueOn: string;
    closeDueOn: string;
    provisional: boolean;
  };
  /** The department's attempt to close the event it handled: not its part of the loop. */
  departmentVerifying: Refusal;
  /** 查办分离 by account: the district admin that handled the second event may not close it. */
  handlerVerifying: Refusal;
  /** The second event: its state right after the refusal, and at the end. */
  secondEvent: { id: string; stateAfterRefusal: string; handledByAdmin: boolean; finalState: string };
}

/** A mutation answered with an expected failure; the run stops there. */
export class StepRefused extends Error {
  constructor(
    readonly step: string,
    readonly failure: Refusal,
  ) {
    super(
      `${step} refused: ${failure.__typename} ${failure.code} at ${failure.path.join('.')}: ${failure.message}`,
    );
    this.name = 'StepRefused';
  }
}

/** The grids of a community, by code. */
export const CommunityGrids = graphql(`
  query CommunityGrids($code: String!) {
    community(code: $code) {
      grids(first: 10) {
        nodes {
          id
          code
          name
        }
      }
    }
  }
`);

/**
 * The time limits of grid events in force for the community on a day (`grid.event_time_limits`,
 * a local policy): working days to accept and to close by urgency, and closing limits by category.
 */
export const EventTimeLimits = graphql(`
  query EventTimeLimits($unitCode: String!, $on: Date) {
    policyInForce(key: GRID__EVENT_TIME_LIMITS, unitCode: $unitCode, on: $on) {
      valueJson
      source
    }
  }
`);

/** The problem the resident reports, and the department's answer and the community's check. */
export const PROBLEM = {
  categoryCode: 'E0101',
  urgency: 'ROUTINE',
  title: '小区东门生活垃圾堆放',
  description: '小区东门外人行道上生活垃圾堆放两天未清运，有异味，影响通行。',
  result: '已安排保洁人员清运，并纳入每日保洁巡查。',
  checked: '社区工作人员现场核查：垃圾已清运，地面已冲洗。',
  satisfaction: 5,
} as const;

/** The second event, which the district's grid centre handles itself (查办分离 by account). */
export const SECOND_PROBLEM = {
  categoryCode: 'E0104',
  urgency: 'ROUTINE',
  title: '围墙乱涂乱画',
  description: '小区北侧围墙被喷涂小广告，约三平方米。',
  result: '已清除涂写并粉刷墙面。',
} as const;

export async function run(options: RunOptions): Promise<RunReport> {
  const lines: string[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  const communityCode = options.communityCode ?? '320505001001';
  const districtCode = communityCode.slice(0, 6);
  const runId = options.runId ?? Date.now().toString(36);
  const clientFor = (token?: string) =>
    createClient({
      url: options.url,
      ...(token ? { token } : {}),
      timeoutMs: 30_000,
      headers: { 'x-request-source': 'sanshe-example-grid-events' },
    });
  const resident = clientFor(options.residentToken);
  const centre = clientFor(options.gridCentreToken);
  const community = clientFor(options.communityStaffToken);
  const admin = clientFor(options.districtAdminToken);
  const anyone = clientFor();
  const states: StepState[] = [];
  const record = (step: StepState['step'], role: string, event: GridEvent) => {
    states.push({
      step,
      role,
      state: event.state,
      stateLabel: event.stateLabel,
      version: event.version,
      department: event.department,
      acceptDueOn: event.acceptDueOn,
      closeDueOn: event.closeDueOn,
    });
    return event;
  };

  // Where: the community's first grid, and a point inside its boundary in force today (public).
  const place = await anyone.request(CommunityByCode, { code: communityCode });
  if (!place.data) throw place.error;
  const home = place.data.community;
  if (!home) throw new Error(`The gateway has no community ${communityCode}.`);
  const gridList = await anyone.request(CommunityGrids, { code: communityCode });
  if (!gridList.data) throw gridList.error;
  const firstGrid = gridList.data.community?.grids.nodes[0];
  if (!firstGrid) throw new Error(`Community ${communityCode} has no grid.`);
  const plan = await anyone.request(GridPlan, { code: firstGrid.code });
  if (!plan.data) throw plan.error;
  const boundary = plan.data.grid?.boundary;
  if (!boundary) throw new Error(`Grid ${firstGrid.code} has no boundary drawn.`);
  const point = {
    longitude: round6((boundary.minLongitude + boundary.maxLongitude) / 2),
    latitude: round6((boundary.minLatitude + boundary.maxLatitude) / 2),
  };
  const found = await anyone.request(GridAt, { districtCode, ...point });
  if (!found.data) throw found.error;
  if (!found.data.gridAt?.some((grid) => grid.code === firstGrid.code)) {
    throw new Error(
      `The point (${point.longitude}, ${point.latitude}) is not inside grid ${firstGrid.code}.`,
    );
  }

  // What: the category, and the department the routing rules name for it in this grid (public).
  const categories = await anyone.request(GridEventCategories, {
    districtCode,
    parentCode: PROBLEM.categoryCode.slice(0, 3),
  });
  if (!categories.data) throw categories.error;
  const category = categories.data.gridEventCategories?.find((c) => c.code === PROBLEM.categoryCode);
  if (!category) throw new Error(`The gateway does not know the category ${PROBLEM.categoryCode}.`);
  const routed = await anyone.request(RouteFor, { gridId: firstGrid.id, categoryCode: category.code });
  if (!routed.data) throw routed.error;
  const rule = routed.data.routeFor;
  if (!rule) throw new Error(`No routing rule names a department for ${category.code} in ${firstGrid.code}.`);
  log(
    `[anyone] ${firstGrid.name}（${firstGrid.code}）${category.name}（${category.code}）的责任部门：${rule.department.name} / ` +
      `The routing rules send ${category.code} in grid ${firstGrid.code} to ${rule.department.code}: ${rule.explanation}`,
  );

  // 1. 信息收集: the resident reports the problem in the grid, at the point.
  const reported = record(
    'REPORT',
    'RESIDENT',
    succeed(
      'Reporting the event',
      await resident.request(ReportGridEvent, {
        input: {
          gridId: firstGrid.id,
          ...point,
          categoryCode: PROBLEM.categoryCode,
          urgency: PROBLEM.urgency,
          title: PROBLEM.title,
          description: PROBLEM.description,
          address: `${home.name}${firstGrid.name}`,
          source: 'RESIDENT',
        },
      }),
      (data) => data.reportGridEvent,
    ),
  );
  log(
    `[resident] 上报「${reported.title}」（${reported.categoryName}）于 ${home.name}${reported.grid.name}（${point.longitude}, ${point.latitude}）：${stateOf(reported)} / ` +
      `Reported in grid ${reported.grid.code} at (${point.longitude}, ${point.latitude}): ${stateInEnglish(reported)}.`,
  );

  // 2. 任务派遣: the grid centre sends it where the routing rules say; the deadlines count from today.
  const dispatched = record(
    'DISPATCH',
    'SUBDISTRICT_STAFF',
    succeed(
      'Dispatching the event',
      await centre.request(DispatchGridEvent, {
        input: { eventId: reported.id, note: '请按时限处置并反馈。', expectedVersion: reported.version },
      }),
      (data) => data.dispatchGridEvent,
    ),
  );
  const department = dispatched.department;
  if (!department || !dispatched.dispatchedAt) throw new Error('The dispatched event names no department.');
  const counted = await countDeadlines(centre, {
    districtCode,
    communityCode,
    categoryCode: PROBLEM.categoryCode,
    urgency: PROBLEM.urgency,
    // The day of dispatch in China: today, by the gateway's clock.
    dispatchedOn: todayInChina(new Date(dispatched.dispatchedAt)),
  });
  log(
    `[centre] 派遣：${stateOf(dispatched)}；时限 受理 ${counted.acceptWorkingDays} 个、办结 ${counted.closeWorkingDays} 个工作日，自 ${counted.dispatchedOn} 起算 / ` +
      `Dispatched: ${stateInEnglish(dispatched)}; ${counted.acceptWorkingDays} and ${counted.closeWorkingDays} working days from ${counted.dispatchedOn}` +
      `${dispatched.dueProvisional ? ' (provisional: a year the calendar does not hold)' : ''}.`,
  );

  // 3. 任务处理, 结果反馈: the department accepts it, handles it and feeds back what it did.
  const handler = clientFor(await options.departmentToken(department.id, `department-${runId}-handler`));
  const accepted = record(
    'ACCEPT',
    'DEPARTMENT_STAFF',
    succeed(
      'Accepting the event',
      await handler.request(AcceptGridEvent, {
        input: { eventId: dispatched.id, expectedVersion: dispatched.version },
      }),
      (data) => data.acceptGridEvent,
    ),
  );
  log(
    `[department] ${department.name} 受理${accepted.acceptedLate ? '（超期）' : '（按时）'}：${stateOf(accepted)} / ` +
      `Accepted ${accepted.acceptedLate ? 'late' : 'on time'}: ${stateInEnglish(accepted)}.`,
  );
  const fedBack = record(
    'FEED_BACK',
    'DEPARTMENT_STAFF',
    succeed(
      'Feeding back',
      await handler.request(FeedBackGridEvent, {
        input: { eventId: accepted.id, result: PROBLEM.result, expectedVersion: accepted.version },
      }),
      (data) => data.feedBackGridEvent,
    ),
  );
  log(
    `[department] 反馈「${PROBLEM.result}」：${stateOf(fedBack)} / Fed back what it did: ${stateInEnglish(fedBack)}.`,
  );

  // 查办分离: the department handles, the community verifies; closing is not the department's part.
  const departmentVerifying = refused(
    'The department closing the event it handled',
    await handler.request(CloseGridEvent, {
      input: { eventId: fedBack.id, expectedVersion: fedBack.version },
    }),
    (data) => data.closeGridEvent,
  );
  log(
    `[department] 自行结案被拒绝：${departmentVerifying.code} / Closing the event it handled was refused: ${departmentVerifying.message}`,
  );

  // 4. 核查结案: the community checks the fix on the spot and closes the event.
  const closed = record(
    'CLOSE',
    'COMMUNITY_STAFF',
    succeed(
      'Closing the event',
      await community.request(CloseGridEvent, {
        input: { eventId: fedBack.id, note: PROBLEM.checked, expectedVersion: fedBack.version },
      }),
      (data) => data.closeGridEvent,
    ),
  );
  log(
    `[community] 核查结案${closed.closedLate ? '（超期）' : '（按时）'}：${stateOf(closed)} / ` +
      `Verified and closed ${closed.closedLate ? 'late' : 'on time'}: ${stateInEnglish(closed)}.`,
  );

  // 查办分离 by account: whoever fed an event back may not close it, whatever its role. The
  // district's grid centre handles a second event itself, is refused closing it, and the
  // community closes it.
  const second = succeed(
    'Reporting the second event',
    await resident.request(ReportGridEvent, {
      input: {
        gridId: firstGrid.id,
        ...point,
        categoryCode: SECOND_PROBLEM.categoryCode,
        urgency: SECOND_PROBLEM.urgency,
        title: SECOND_PROBLEM.title,
        description: SECOND_PROBLEM.description,
        source: 'RESIDENT',
      },
    }),
    (data) => data.reportGridEvent,
  );
  const secondDispatched = succeed(
    'Dispatching the second event',
    await admin.request(DispatchGridEvent, { input: at(second) }),
    (data) => data.dispatchGridEvent,
  );
  const secondAccepted = succeed(
    'Accepting the second event',
    await admin.request(AcceptGridEvent, { input: at(secondDispatched) }),
    (data) => data.acceptGridEvent,
  );
  const secondFedBack = succeed(
    'Feeding the second event back',
    await admin.request(FeedBackGridEvent, {
      input: { ...at(secondAccepted), result: SECOND_PROBLEM.result },
    }),
    (data) => data.feedBackGridEvent,
  );
  const handlerVerifying = refused(
    'The handler closing its own work',
    await admin.request(CloseGridEvent, { input: at(secondFedBack) }),
    (data) => data.closeGridEvent,
  );
  log(
    `[district] 区网格化服务管理中心自行处置「${second.title}」后核查结案被拒绝：${handlerVerifying.code} / ` +
      `Having handled the second event itself, the district's grid centre was refused closing it: ${handlerVerifying.message}`,
  );
  const secondClosed = succeed(
    'Closing the second event',
    await community.request(CloseGridEvent, {
      input: { ...at(secondFedBack), note: '社区现场核查，墙面已恢复。' },
    }),
    (data) => data.closeGridEvent,
  );
  log(
    `[community] 核查结案「${secondClosed.title}」：${stateOf(secondClosed)} / The community closed it: ${stateInEnglish(secondClosed)}.`,
  );

  // 5. 回访评价: the resident who reported confirms the fix and rates it.
  const rated = record(
    'RATE',
    'RESIDENT',
    succeed(
      'Rating the event',
      await resident.request(RateGridEvent, {
        input: {
          eventId: closed.id,
          satisfaction: PROBLEM.satisfaction,
          confirmed: true,
          expectedVersion: closed.version,
        },
      }),
      (data) => data.rateGridEvent,
    ),
  );
  log(
    `[resident] 确认已解决，满意度 ${rated.satisfaction}/5：${stateOf(rated)} / Confirmed the fix and rated it ${rated.satisfaction} of 5: ${stateInEnglish(rated)}.`,
  );

  log(`[summary] 「${rated.title}」的流转记录 / The event's steps:`);
  for (const step of rated.steps) {
    log(
      `  - ${step.step} ${step.actorRole} → ${step.toState}` +
        `${step.department ? ` ${step.department.name}` : ''}${step.dueOn ? ` due ${step.dueOn}` : ''}`,
    );
  }

  return {
    lines,
    grid: { id: firstGrid.id, code: firstGrid.code, name: firstGrid.name, communityName: home.name },
    point,
    category: { code: category.code, name: category.name },
    route: {
      departmentId: rule.department.id,
      departmentCode: rule.department.code,
      departmentName: rule.department.name,
      explanation: rule.explanation,
    },
    states,
    event: rated,
    counted,
    departmentVerifying: {
      __typename: departmentVerifying.__typename,
      code: departmentVerifying.code,
      message: departmentVerifying.message,
      path: departmentVerifying.path,
    },
    handlerVerifying: {
      __typename: handlerVerifying.__typename,
      code: handlerVerifying.code,
      message: handlerVerifying.message,
      path: handlerVerifying.path,
    },
    secondEvent: {
      id: second.id,
      stateAfterRefusal: secondFedBack.state,
      handledByAdmin: secondFedBack.handledByMe,
      finalState: secondClosed.state,
    },
  };
}

/** A move of the event at the version it was read at: refused with VERSION_CONFLICT if it moved since. */
function at(event: GridEvent) {
  return { eventId: event.id, expectedVersion: event.version };
}

/** State, department and deadline, as one Chinese phrase. */
function stateOf(event: GridEvent): string {
  const department = event.department ? `，责任部门 ${event.department.name}` : '';
  const due = event.closeDueOn
    ? `，受理期限 ${event.acceptDueOn}，办结期限 ${event.closeDueOn}${event.dueProvisional ? '（暂定）' : ''}`
    : '';
  return `${event.stateLabel}${department}${due}`;
}

/** State, department and deadline, in English. */
function stateInEnglish(event: GridEvent): string {
  const department = event.department ? `, department ${event.department.code}` : ', no department yet';
  const due = event.closeDueOn ? `, accept by ${event.acceptDueOn}, close by ${event.closeDueOn}` : '';
  return `${event.state}${department}${due}`;
}

interface TimeLimits {
  accept: Record<string, number>;
  close: Record<string, number>;
  closeByCategory?: Record<string, Record<string, number>>;
}

/**
 * The deadlines of an event dispatched on a day, counted as the gateway counts them
 * (docs/domain.md §7.6): the closing limit of the second-level category, else of its class, else
 * of the urgency; accepting within the smaller of its limit and that; each counted in working
 * days on the district's calendar.
 */
async function countDeadlines(
  client: SansheClient,
  input: {
    districtCode: string;
    communityCode: string;
    categoryCode: string;
    urgency: string;
    dispatchedOn: string;
  },
): Promise<RunReport['counted']> {
  const policy = await client.request(EventTimeLimits, {
    unitCode: input.communityCode,
    on: input.dispatchedOn,
  });
  if (!policy.data) throw policy.error;
  if (!policy.data.policyInForce) throw new Error('No grid.event_time_limits is in force.');
  const limits = JSON.parse(policy.data.policyInForce.valueJson) as TimeLimits;
  const urgency = input.urgency.toLowerCase();
  const byCategory = limits.closeByCategory ?? {};
  const closeWorkingDays =
    byCategory[input.categoryCode]?.[urgency] ??
    byCategory[input.categoryCode.slice(0, 3)]?.[urgency] ??
    limits.close[urgency]!;
  const acceptWorkingDays = Math.min(limits.accept[urgency]!, closeWorkingDays);
  const count = async (days: number) => {
    const { data, error } = await client.request(AddWorkingDays, {
      districtCode: input.districtCode,
      start: input.dispatchedOn,
      days,
    });
    if (!data || error) throw error;
    if (!data.addWorkingDays) throw new Error(`The gateway does not serve district ${input.districtCode}.`);
    return data.addWorkingDays;
  };
  const accept = await count(acceptWorkingDays);
  const close = await count(closeWorkingDays);
  return {
    dispatchedOn: input.dispatchedOn,
    acceptWorkingDays,
    closeWorkingDays,
    acceptDueOn: accept.day,
    closeDueOn: close.day,
    provisional: accept.provisional || close.provisional,
  };
}

type ResultUnion = { __typename: string };
type SuccessOf<R> = R extends { data: infer D } ? D : never;
type FailureOf<R> = Exclude<R, { data: unknown }>;

/**
 * The success's `data`, or a {@link StepRefused} naming the step, the code and the field. A
 * request that failed as a whole (network, timeout, GraphQL error) is thrown as it came.
 */
function succeed<Data, R extends ResultUnion>(
  step: string,
  response: RequestResult<Data>,
  pick: (data: Data) => R,
): SuccessOf<R> {
  if (!response.data || response.error) throw response.error;
  const result = pick(response.data);
  if ('data' in result) return (result as R & { data: SuccessOf<R> }).data;
  throw new StepRefused(step, result as unknown as Refusal);
}

/** The expected failure of a step meant to be refused; a success stops the run. */
function refused<Data, R extends ResultUnion>(
  step: string,
  response: RequestResult<Data>,
  pick: (data: Data) => R,
): FailureOf<R> & Refusal {
  if (!response.data || response.error) throw response.error;
  const result = pick(response.data);
  if ('data' in result) throw new Error(`${step} was expected to be refused, and went through.`);
  return result as unknown as FailureOf<R> & Refusal;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * An HS256 token a gateway configured with the same secret, issuer and audience accepts (the
 * part of an identity provider this example needs), valid for an hour.
 */
export function signToken(
  settings: { secret: string; issuer: string; audience: string },
  claims: Record<string, string>,
  now: Date = new Date(),
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAt = Math.floor(now.getTime() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    ...claims,
    iss: settings.issuer,
    aud: settings.audience,
    iat: issuedAt,
    exp: issuedAt + 3600,
  })}`;
  return `${body}.${createHmac('sha256', settings.secret).update(body).digest('base64url')}`;
}

// ---- Dates: calendar days in China Standard Time (UTC+8 all year), as the gateway keeps them.

export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

// Run when started directly: `node dist/main.js [url]`, else $SANSHE_URL, else the local demo.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.argv[2] ?? process.env.SANSHE_URL ?? 'http://127.0.0.1:4000/graphql';
  const names = ['SANSHE_JWT_SECRET', 'SANSHE_JWT_ISSUER', 'SANSHE_JWT_AUDIENCE'] as const;
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    console.error(`Set ${missing.join(', ')}: the HS256 settings the gateway verifies tokens with.`);
    process.exitCode = 1;
  } else {
    const settings = {
      secret: process.env.SANSHE_JWT_SECRET!,
      issuer: process.env.SANSHE_JWT_ISSUER!,
      audience: process.env.SANSHE_JWT_AUDIENCE!,
    };
    const communityCode = process.env.SANSHE_COMMUNITY ?? '320505001001';
    const district = communityCode.slice(0, 6);
    run({
      url,
      communityCode,
      residentToken: signToken(settings, { sub: 'example-resident', role: 'RESIDENT', district }),
      gridCentreToken: signToken(settings, {
        sub: 'example-grid-centre',
        role: 'SUBDISTRICT_STAFF',
        district,
        subdistrict: communityCode.slice(0, 9),
      }),
      communityStaffToken: signToken(settings, {
        sub: 'example-community-staff',
        role: 'COMMUNITY_STAFF',
        district,
        community: communityCode,
      }),
      districtAdminToken: signToken(settings, {
        sub: 'example-district-grid-centre',
        role: 'DISTRICT_ADMIN',
        district,
      }),
      departmentToken: async (department, sub) =>
        signToken(settings, { sub, role: 'DEPARTMENT_STAFF', district, department }),
    }).catch((error: unknown) => {
      console.error(error instanceof StepRefused ? error.message : error);
      process.exitCode = 1;
    });
  }
}
