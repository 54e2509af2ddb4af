/**
 * The code lists of social organizations (DOMAIN.md §3). Values are stable English codes;
 * labels are the Chinese terms staff use. The gateway exposes each as a GraphQL enum.
 */
export const legalStatuses = {
  registered: '登记 (legal person, has a USCC)',
  filed: '备案 (community group, no legal personality)',
} as const;

export const legalForms = {
  social_association: '社会团体',
  social_service_agency: '社会服务机构 (民办非企业单位)',
  foundation: '基金会',
} as const;

/** The USCC category character (position 2) civil affairs gives each legal form. */
export const usccCategoryOfLegalForm = {
  social_association: '1',
  social_service_agency: '2',
  foundation: '3',
} as const satisfies Record<LegalForm, string>;

export const organizationCategories = {
  consultation: '协商议事类',
  harmony_security: '平安和谐类',
  services: '公益慈善/生活服务类',
  culture_sport: '文体活动类',
  hub: '枢纽型',
  other: '其他',
} as const;

export const serviceDomains = {
  elderly: '养老服务',
  disability: '助残服务',
  children: '儿童关爱',
  youth: '青少年服务',
  family: '婚姻家庭',
  charity: '慈善救助',
  legal_aid: '法律援助',
  psychology: '心理健康',
  environment: '环境保护',
  culture: '文化教育',
  health: '卫生健康',
  community_governance: '社区治理',
} as const;

export const organizationStatuses = {
  active: '正常',
  deregistered: '已注销',
} as const;

export const statusChangeKinds = {
  registered: '成立登记',
  filed: '备案',
  changed: '变更',
  deregistered: '注销',
  penalized: '行政处罚',
} as const;

export const creditCategories = {
  basic: '基础信息',
  annual_report: '年报信息',
  inspection: '行政检查信息',
  penalty: '行政处罚信息',
  other: '其他信息',
} as const;

export const creditLists = {
  abnormal_activity: '活动异常名录',
  serious_dishonesty: '严重违法失信名单',
} as const;

/** Why an organization is put on a list (社会组织信用信息管理办法 第十、十三条). */
export const listingReasons = {
  annual_report_missing: '未按照规定时限报送年度工作报告',
  disclosure_missing: '未按照规定公开信息',
  unreachable: '通过登记的住所无法与其取得联系',
  false_information: '公开的信息隐瞒真实情况、弄虚作假',
  abnormal_two_years: '列入活动异常名录满2年',
  serious_violation: '受到限期停止活动或撤销登记等行政处罚',
  other: '其他',
} as const;

export const listRemovalReasons = {
  rectified: '已整改',
  objection_upheld: '异议成立',
  credit_repair: '信用修复',
  moved_to_dishonesty: '转入严重违法失信名单',
  term_served: '期满移出',
} as const;

export const creditProcedureKinds = {
  objection: '异议',
  credit_repair: '信用修复',
} as const;

export const creditProcedureStatuses = {
  pending: '待处理',
  accepted: '已受理并支持',
  rejected: '不予支持',
} as const;

/** 四公开: what an organization publishes. */
export const disclosureKinds = {
  service_projects: '服务项目',
  funding_sources: '资金来源',
  service_procedures: '服务流程',
  party_building: '党员身份',
} as const;

export type LegalStatus = keyof typeof legalStatuses;
export type LegalForm = keyof typeof legalForms;
export type OrganizationCategory = keyof typeof organizationCategories;
export type ServiceDomain = keyof typeof serviceDomains;
export type OrganizationStatus = keyof typeof organizationStatuses;
export type StatusChangeKind = keyof typeof statusChangeKinds;
export type CreditCategory = keyof typeof creditCategories;
export type CreditList = keyof typeof creditLists;
export type ListingReason = keyof typeof listingReasons;
export type ListRemovalReason = keyof typeof listRemovalReasons;
export type CreditProcedureKind = keyof typeof creditProcedureKinds;
export type CreditProcedureStatus = keyof typeof creditProcedureStatuses;
export type DisclosureKind = keyof typeof disclosureKinds;
