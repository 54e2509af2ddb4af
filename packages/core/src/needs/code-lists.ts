/**
 * The code lists of the needs list (需求清单, docs/domain.md §6.1). Values are stable English codes,
 * as stored (the CHECK constraints of schema/needs.ts hold the same lists); labels are the Chinese
 * terms community staff use. A need's category is a service domain (organizations/code-lists.ts
 * `serviceDomains`), so needs and the projects answering them are counted by one list.
 */

/** Where a need was heard. */
export const needSources = {
  notice: '公告征集',
  survey: '问卷调查',
  open_space_meeting: '开放空间会议',
  grid_visit: '网格走访',
  micro_wish: '微心愿',
} as const;

export type NeedSource = keyof typeof needSources;

/** How urgent a need is. */
export const needUrgencies = {
  low: '一般',
  medium: '较急',
  high: '紧急',
  urgent: '特急',
} as const;

export type NeedUrgency = keyof typeof needUrgencies;

/** Where a need stands (need-lifecycle.ts says how it moves). */
export const needStatuses = {
  open: '待回应',
  answered: '已有项目回应',
  met: '已满足',
  merged: '已合并',
  withdrawn: '已撤回',
} as const;

export type NeedStatus = keyof typeof needStatuses;

/** How a need is closed by the community that recorded it. */
export const needOutcomes = {
  met: '已满足',
  withdrawn: '已撤回',
} as const;

export type NeedOutcome = keyof typeof needOutcomes;
