/**
 * The code lists of delivery (docs/domain.md §6.6). Values are stable English codes, as stored;
 * labels are the Chinese terms social workers and community staff use.
 */

import { type ProjectMethod, projectMethods } from '../projects/code-lists.js';

/**
 * An activity is delivered by one of the professional methods of social work (社会工作三大方法):
 * the project's list, one code list for both.
 */
export const deliveryMethods = projectMethods;

export type DeliveryMethod = ProjectMethod;

/** Who gave the time recorded for an activity (schema/delivery.ts `activity_hours_role`). */
export const hoursRoles = {
  social_worker: '社会工作者',
  other_staff: '其他工作人员',
  volunteer: '志愿者',
} as const;

export type HoursRole = keyof typeof hoursRoles;

/** Where an activity stands with the community it took place in (activity-lifecycle.ts). */
export const activityStatuses = {
  recorded: '已记录',
  confirmed: '社区已确认',
  disputed: '社区有异议',
} as const;

export type ActivityStatus = keyof typeof activityStatuses;
