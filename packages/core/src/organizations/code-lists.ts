/**
 * The code lists of social organizations (docs/domain.md §3). Values are stable English codes;
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

/**
 * The circumstances for which the registration authority puts an organization on the
 * abnormal-activity list (社会组织信用信息管理办法, 民政部令第60号, 第十条), each with whether
 * the organization has something to do to leave it (第十三条: it leaves on having done it, or
 * 6 months after the listing when there was nothing to do).
 */
export const abnormalListingReasons = {
  annual_report_missing: '未按照规定时限和要求向登记管理机关报送年度工作报告 (第十条第一项)',
  party_organization_missing: '未按照有关规定设立党组织 (第十条第二项)',
  rectification_overdue: '未按期完成限期整改 (第十条第三项)',
  public_fundraising_breach:
    '具有公开募捐资格的慈善组织存在《慈善组织公开募捐管理办法》第二十一条规定情形 (第十条第四项)',
  warning_or_small_fine: '受到警告或者不满5万元罚款处罚 (第十条第五项)',
  unreachable: '通过登记的住所无法与社会组织取得联系 (第十条第六项)',
  other: '法律、行政法规规定应当列入的其他情形 (第十条第七项、第十四条第八项)',
} as const;

/**
 * The abnormal-activity reasons that leave the organization something to do (file the report,
 * set up the party organization, rectify, remedy the fundraising breach): it leaves the list
 * on doing it (第十三条 first clause). The others (a warning or small fine already imposed, an
 * address found unreachable) leave nothing to rectify: the listing ends 6 months after it
 * began (第十三条 second clause). `other` is treated as having something to do: the detail
 * says what.
 */
export const abnormalReasonsToRectify = [
  'annual_report_missing',
  'party_organization_missing',
  'rectification_overdue',
  'public_fundraising_breach',
  'other',
] as const satisfies readonly (keyof typeof abnormalListingReasons)[];

/** The circumstances of the serious dishonesty list (社会组织信用信息管理办法 第十四条). */
export const dishonestyListingReasons = {
  abnormal_two_years: '被列入活动异常名录满2年 (第十四条第一项)',
  change_registration_revoked: '弄虚作假办理变更登记，被撤销变更登记 (第十四条第二项)',
  activities_suspended: '受到限期停止活动行政处罚 (第十四条第三项)',
  fine_50000_or_more: '受到5万元以上罚款处罚 (第十四条第四项)',
  repeated_warnings_or_fines: '三年内两次以上受到警告或者不满5万元罚款处罚 (第十四条第五项)',
  dishonest_judgment_debtor: '被司法机关纳入“失信被执行人”名单 (第十四条第六项)',
  registration_revoked: '被登记管理机关作出吊销登记证书、撤销成立登记决定 (第十四条第七项)',
  other: abnormalListingReasons.other,
} as const;

/** Every listing reason, of either list (the GraphQL enum ListingReason). */
export const listingReasons = { ...abnormalListingReasons, ...dishonestyListingReasons } as const;

/** The reasons each list accepts: its own article's, never the other list's. */
export const listingReasonsByList = {
  abnormal_activity: abnormalListingReasons,
  serious_dishonesty: dishonestyListingReasons,
} as const satisfies Record<CreditList, Partial<Record<ListingReason, string>>>;

export const listRemovalReasons = {
  rectified: '已履行义务或完成整改 (第十三条)',
  objection_upheld: '异议成立',
  credit_repair: '信用修复',
  moved_to_dishonesty: '转入严重违法失信名单 (第十四条第一项)',
  term_served: '期满移出 (活动异常名录无整改事项满6个月, 第十三条; 严重违法失信名单满2年, 第十七条)',
  new_circumstance: '列入期间再次出现应当列入的情形, 列入时限重新计算 (第十二条、第十六条)',
} as const;

/**
 * Credit-record kinds the evaluation rule reads (社会组织评估管理办法, 民政部令第39号,
 * 第七条), each in the one category it must be recorded under. An investigation and a
 * penalty's execution are open from the record that opens them to the record that closes
 * them; the evaluation counts opened minus closed on its day.
 */
export const evaluationRecordKinds = {
  annual_inspection_missed: { category: 'inspection', label: '未参加年度检查 (第七条第一项)' },
  annual_inspection_failed: { category: 'inspection', label: '年度检查不合格 (第七条第二项)' },
  annual_inspection_basic: { category: 'inspection', label: '年度检查基本合格 (连续2年, 第七条第二项)' },
  investigation_opened: { category: 'inspection', label: '被立案调查 (第七条第四项)' },
  investigation_closed: { category: 'inspection', label: '立案调查终结' },
  penalty_execution_pending: { category: 'other', label: '行政处罚尚未执行完毕 (第七条第三项)' },
  penalty_executed: { category: 'other', label: '行政处罚执行完毕' },
} as const satisfies Record<string, { category: CreditCategory; label: string }>;

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
export type AbnormalListingReason = keyof typeof abnormalListingReasons;
export type DishonestyListingReason = keyof typeof dishonestyListingReasons;
export type EvaluationRecordKind = keyof typeof evaluationRecordKinds;
export type ListRemovalReason = keyof typeof listRemovalReasons;
export type CreditProcedureKind = keyof typeof creditProcedureKinds;
export type CreditProcedureStatus = keyof typeof creditProcedureStatuses;
export type DisclosureKind = keyof typeof disclosureKinds;
