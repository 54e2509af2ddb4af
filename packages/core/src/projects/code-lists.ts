/**
 * The code lists of service projects (服务项目, docs/domain.md §6.2). Values are stable English
 * codes, as stored (the CHECK constraints of schema/service-projects.ts hold the same lists);
 * labels are the Chinese terms staff use. A project's service domain is one of
 * organizations/code-lists.ts `serviceDomains`.
 */

/** The professional methods of social work a project uses (at least one). */
export const projectMethods = {
  casework: '个案工作',
  group_work: '小组工作',
  community_work: '社区工作',
} as const;

export type ProjectMethod = keyof typeof projectMethods;

/** What a budget line pays for. */
export const budgetLineCategories = {
  personnel: '人员经费',
  activities: '活动经费',
  materials: '物资经费',
  venue: '场地经费',
  management: '管理费用',
  evaluation: '评估费用',
  other: '其他费用',
} as const;

export type BudgetLineCategory = keyof typeof budgetLineCategories;

/** Output indicators count what is done; outcome indicators the change observed. */
export const indicatorKinds = {
  output: '产出指标',
  outcome: '效果指标',
} as const;

export type IndicatorKind = keyof typeof indicatorKinds;

/** Where a project stands (project-lifecycle.ts says how it moves). */
export const projectStatuses = {
  draft: '草拟',
  approved: '已批准',
  closed: '已结项',
  cancelled: '已取消',
} as const;

export type ProjectStatus = keyof typeof projectStatuses;
