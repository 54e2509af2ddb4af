import {
  closeLimitOf,
  createPolicyService,
  type DistrictDatabase,
  type EventCategoryCode,
  type EventUrgency,
  eventCategories,
  eventSubcategoryCodes,
  eventUrgencies,
  todayInChina,
} from '@sanshe/core';
import { Open311Error, type Open311Record } from './open311-format.js';

/**
 * Open311's services are the second-level categories of grid events (docs/domain.md §7.7): the
 * classification in the shape of GB/T 30428.2 / CJ/T 214 (city-management components `C…` and
 * events `E…`) and the social-governance classes of community grids (`S…`). An event is filed
 * under a second-level category, so each one is a service: `service_code` is its code,
 * `service_name` its Chinese name, `group` the name of its first-level class. Every service is
 * `realtime` (the request's id comes back at once) and has `metadata` (its definition names the
 * urgency, and tells the time limits in force).
 */

/** What a first letter of the classification stands for, said in each service's description. */
const branchNames = {
  C: '城市管理部件',
  E: '城市管理事件',
  S: '社会治理事项',
} as const;

/** Whether a service code is one of the services (a second-level category). */
export function isServiceCode(code: string): code is EventCategoryCode {
  return Object.hasOwn(eventCategories, code) && eventCategories[code as EventCategoryCode].parent !== null;
}

/** The GET Service List entry of a second-level category, in the specification's field order. */
export function serviceOf(code: EventCategoryCode): Open311Record {
  const category = eventCategories[code];
  const parent = category.parent as EventCategoryCode;
  const group = eventCategories[parent].name;
  const branch = branchNames[code[0] as keyof typeof branchNames];
  return {
    service_code: code,
    service_name: category.name,
    description: `${branch}·${group}：${category.name}`,
    metadata: true,
    type: 'realtime',
    keywords: [category.name, group, code, parent].join(', '),
    group,
  };
}

/** GET Service List: every second-level category, in the classification's order. */
export function serviceList(): Open311Record[] {
  return eventSubcategoryCodes.map(serviceOf);
}

/** A number of working days in words: 0 is the same working day. */
function workingDaysInWords(days: number): string {
  return days === 0 ? '当日' : `${days}个工作日内`;
}

/**
 * The service code of a path or parameter, or 404 as the specification says for a service_code
 * that was not found.
 *
 * @throws {Open311Error} 404 NOT_FOUND
 */
export function requireServiceCode(code: string, parameter = 'service_code'): EventCategoryCode {
  if (isServiceCode(code)) return code;
  throw new Open311Error(
    404,
    'NOT_FOUND',
    `${parameter}: there is no service "${code.slice(0, 32)}" here; GET services.json lists them (second-level category codes such as E0101).`,
  );
}

/**
 * GET Service Definition: the attributes a request of the service may carry.
 *
 * - `urgency` (singlevaluelist): routine, urgent or emergency (一般, 紧急, 特急). Not required, so a
 *   generic Open311 client that sends no attributes can still report: a request without it is
 *   routine, as most residents' reports are.
 * - `time_limit` (informational, `variable` false): the closing limits of this category by
 *   urgency under the district's policy grid.event_time_limits in force today, counted in working
 *   days from the day the grid centre dispatches it.
 */
export async function serviceDefinition(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  code: EventCategoryCode,
  today: string = todayInChina(),
): Promise<Open311Record> {
  const limits = await createPolicyService(database).requireValueInForce(
    'grid.event_time_limits',
    database.districtCode,
    today,
  );
  const urgencies = Object.keys(eventUrgencies) as EventUrgency[];
  const limitsInWords = urgencies
    .map(
      (urgency) =>
        `${eventUrgencies[urgency]}${workingDaysInWords(closeLimitOf(limits.value, code, urgency))}`,
    )
    .join('，');
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'urgency',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: '不选即为一般（routine）。',
        order: 1,
        description: '紧急程度：决定办理时限。危及安全的请选特急，并拨打报警或应急电话。',
        values: urgencies.map((urgency) => ({ key: urgency, name: eventUrgencies[urgency] })),
      },
      {
        variable: false,
        code: 'time_limit',
        datatype: 'string',
        required: false,
        datatype_description: null,
        order: 2,
        description: `办理时限（自网格中心派遣之日起按工作日计）：${limitsInWords}办结。`,
      },
    ],
  };
}
