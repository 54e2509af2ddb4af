/**
 * The code lists of volunteers (docs/domain.md §5.1, §5.2). Values are stable English codes, as
 * stored; labels are the Chinese terms community staff and volunteers use (志愿服务条例;
 * 志愿服务记录与证明出具办法, 民政部令第67号).
 */

/** What a volunteer can do (志愿服务类别), stored in `volunteers.skills`. */
export const volunteerSkills = {
  elderly_care: '为老服务',
  child_care: '儿童关爱',
  disability: '助残',
  medical: '医疗卫生',
  legal: '法律援助',
  education: '教育辅导',
  culture: '文体',
  environment: '环保',
  emergency: '应急救援',
  psychological: '心理疏导',
  it: '信息技术',
  mediation: '矛盾调解',
  other: '其他',
} as const;
export type VolunteerSkill = keyof typeof volunteerSkills;

/** A volunteer's place in a team (schema/volunteers.ts `volunteer_team_members_role`). */
export const teamRoles = {
  member: '队员',
  leader: '队长',
} as const;
export type TeamRole = keyof typeof teamRoles;

/** What a volunteer serves with beyond a team (schema/volunteers.ts `volunteer_engagements_target`). */
export const engagementRoles = {
  grid_informant: '网格信息员',
  project_volunteer: '项目志愿者',
  community_volunteer: '社区志愿者',
  organization_volunteer: '社会组织志愿者',
} as const;
export type EngagementRole = keyof typeof engagementRoles;

/** Who consented for a volunteer under 18 (志愿服务条例 第十五条: 监护人同意). */
export const guardianRelations = {
  parent: '父母',
  grandparent: '祖父母、外祖父母',
  sibling: '兄、姐',
  other_relative: '其他近亲属',
  other_guardian: '其他监护人',
} as const;
export type GuardianRelation = keyof typeof guardianRelations;

/**
 * Who certified a service (谁组织谁记录、谁记录谁证明, 民政部令第67号 第六条): a team (its
 * leader), an organization, a community, or the issuer elsewhere of an imported record.
 */
export const certifierKinds = {
  team: '志愿服务队',
  organization: '社会组织',
  community: '社区',
  imported: '外部导入',
} as const;
export type CertifierKind = keyof typeof certifierKinds;

/** The rest of a volunteer's record (民政部令第67号 第八条). */
export const recordItemKinds = {
  training: '培训',
  commendation: '表彰',
  evaluation: '评价',
} as const;
export type RecordItemKind = keyof typeof recordItemKinds;

/** An evaluation's rating. */
export const volunteerRatings = {
  excellent: '优秀',
  good: '良好',
  fair: '合格',
  poor: '不合格',
} as const;
export type VolunteerRating = keyof typeof volunteerRatings;
