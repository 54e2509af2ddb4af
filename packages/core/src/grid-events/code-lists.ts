/**
 * The code lists of grid management and consultation (docs/domain.md §7, §8). Values are stable
 * codes, as stored; labels are the Chinese terms grid centres and communities use.
 */

/**
 * The two-level classification of grid events (docs/domain.md §7.7), in the shape of
 * GB/T 30428.2 (数字化城市管理信息系统 第2部分：管理部件和事件) and CJ/T 214: components (部件, `C…`)
 * and events (事件, `E…`) of city management, each a first-level class of two digits and
 * second-level subclasses of four; plus the social-governance classes community grids also
 * handle (`S…`: disputes, safety hazards, residents' services), which the city-management
 * standards do not cover. The codes are sanshe's own, stable across versions; the subclasses are
 * the ones communities report most, not the standards' full lists.
 */
export const eventCategories = {
  C01: { name: '公用设施', parent: null },
  C0101: { name: '上水井盖', parent: 'C01' },
  C0102: { name: '污水井盖', parent: 'C01' },
  C0103: { name: '雨水箅子', parent: 'C01' },
  C0104: { name: '路灯', parent: 'C01' },
  C0105: { name: '消防栓', parent: 'C01' },
  C0106: { name: '电力设施', parent: 'C01' },
  C02: { name: '道路交通', parent: null },
  C0201: { name: '交通标志牌', parent: 'C02' },
  C0202: { name: '护栏', parent: 'C02' },
  C0203: { name: '道路破损', parent: 'C02' },
  C0204: { name: '公交站亭', parent: 'C02' },
  C03: { name: '市容环境', parent: null },
  C0301: { name: '垃圾箱', parent: 'C03' },
  C0302: { name: '公共厕所', parent: 'C03' },
  C04: { name: '园林绿化', parent: null },
  C0401: { name: '行道树', parent: 'C04' },
  C0402: { name: '绿地', parent: 'C04' },
  C05: { name: '房屋土地', parent: null },
  C0501: { name: '老旧房屋', parent: 'C05' },
  C0502: { name: '违章建筑', parent: 'C05' },
  E01: { name: '市容环境', parent: null },
  E0101: { name: '暴露垃圾', parent: 'E01' },
  E0102: { name: '积存垃圾渣土', parent: 'E01' },
  E0103: { name: '道路不洁', parent: 'E01' },
  E0104: { name: '乱涂乱画', parent: 'E01' },
  E02: { name: '宣传广告', parent: null },
  E0201: { name: '非法小广告', parent: 'E02' },
  E0202: { name: '违规户外广告', parent: 'E02' },
  E03: { name: '施工管理', parent: null },
  E0301: { name: '施工扰民', parent: 'E03' },
  E0302: { name: '道路遗撒', parent: 'E03' },
  E04: { name: '突发事件', parent: null },
  E0401: { name: '路面塌陷', parent: 'E04' },
  E0402: { name: '自来水管破裂', parent: 'E04' },
  E0403: { name: '燃气泄漏', parent: 'E04' },
  E05: { name: '街面秩序', parent: null },
  E0501: { name: '无照经营游商', parent: 'E05' },
  E0502: { name: '占道经营', parent: 'E05' },
  E0503: { name: '机动车乱停放', parent: 'E05' },
  E0504: { name: '非机动车乱停放', parent: 'E05' },
  S01: { name: '矛盾纠纷', parent: null },
  S0101: { name: '邻里纠纷', parent: 'S01' },
  S0102: { name: '物业纠纷', parent: 'S01' },
  S0103: { name: '劳资纠纷', parent: 'S01' },
  S02: { name: '安全隐患', parent: null },
  S0201: { name: '消防隐患', parent: 'S02' },
  S0202: { name: '电动车违规充电', parent: 'S02' },
  S0203: { name: '高空坠物隐患', parent: 'S02' },
  S03: { name: '民生服务', parent: null },
  S0301: { name: '困难群众帮扶', parent: 'S03' },
  S0302: { name: '独居老人关爱', parent: 'S03' },
  S0303: { name: '供暖供水', parent: 'S03' },
} as const satisfies Record<string, { name: string; parent: string | null }>;
export type EventCategoryCode = keyof typeof eventCategories;

/** The second-level codes, the ones an event is filed under. */
export const eventSubcategoryCodes = (Object.keys(eventCategories) as EventCategoryCode[]).filter(
  (code) => eventCategories[code].parent !== null,
);

/** How fast an event must be handled (紧急程度): each has its time limits in policy. */
export const eventUrgencies = {
  routine: '一般',
  urgent: '紧急',
  emergency: '特急',
} as const;
export type EventUrgency = keyof typeof eventUrgencies;

/** Where an event came from (事件来源). */
export const eventSources = {
  patrol: '网格巡查',
  resident: '居民上报',
  hotline: '热线转办',
  open311: '开放接口上报',
  consultation: '协商议事',
  other: '其他',
} as const;
export type EventSource = keyof typeof eventSources;

/** A department's kind. */
export const departmentKinds = {
  functional: '职能部门',
  subdistrict_office: '街道内设机构',
  public_utility: '公共服务企事业单位',
  other: '其他',
} as const;
export type DepartmentKind = keyof typeof departmentKinds;

/** A place in a grid team ("1+2+N"). */
export const gridTeamRoles = {
  head: '网格长',
  worker: '专职网格员',
  informant: '网格信息员',
} as const;
export type GridTeamRole = keyof typeof gridTeamRoles;

/** How often an inspection item is patrolled. */
export const inspectionFrequencies = {
  daily: '每日',
  weekly: '每周',
  biweekly: '每两周',
  monthly: '每月',
  quarterly: '每季度',
} as const;
export type InspectionFrequency = keyof typeof inspectionFrequencies;

export const patrolResults = {
  normal: '正常',
  problem: '发现问题',
} as const;
export type PatrolResult = keyof typeof patrolResults;

/** Why a community summons departments (吹哨). */
export const summonsReasons = {
  difficult: '疑难问题',
  enforcement: '综合执法',
  emergency: '应急处置',
} as const;
export type SummonsReason = keyof typeof summonsReasons;

export const departmentNoticeKinds = {
  routed_away: '事件已改派',
  summoned: '吹哨报到',
  overdue: '事件超时',
} as const;
export type DepartmentNoticeKind = keyof typeof departmentNoticeKinds;

/** What a calendar entry says of its day. */
export const calendarDayKinds = {
  holiday: '法定节假日（休息）',
  workday: '调休上班',
  ordinary: '按周内规则',
} as const;
export type CalendarDayKind = keyof typeof calendarDayKinds;

/** Who is assessed, and by whom (自评、社区评价、第三方评价). */
export const assessmentSubjects = {
  community: '社区',
  department: '职能部门',
  member: '网格员',
} as const;
export type AssessmentSubject = keyof typeof assessmentSubjects;

export const assessmentRaters = {
  self: '自评',
  community: '社区评价',
  third_party: '第三方评价',
} as const;
export type AssessmentRater = keyof typeof assessmentRaters;
