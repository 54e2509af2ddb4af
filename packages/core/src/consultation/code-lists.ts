/**
 * The code lists of consultation (协商议事, docs/domain.md §8): the forms of meeting, who takes
 * part, where a topic comes from, and how far an outcome has come.
 */

export const meetingForms = {
  council: '议事会',
  hearing: '听证会',
  dialogue: '恳谈会',
  open_space: '开放空间会议',
} as const;
export type MeetingForm = keyof typeof meetingForms;

/** The kinds of participant the practice names (多方参与). */
export const participantKinds = {
  residents_representative: '居民代表',
  party_organization: '社区党组织',
  residents_committee: '居民委员会',
  social_organization: '社会组织',
  property_company: '物业服务企业',
  owners_committee: '业主委员会',
  deputy: '人大代表、政协委员',
  department: '职能部门',
  other: '其他',
} as const;
export type ParticipantKind = keyof typeof participantKinds;

export const topicSources = {
  event: '网格事件',
  need: '居民需求',
  proposal: '居民提议',
} as const;
export type TopicSource = keyof typeof topicSources;

/** How far an outcome has come: adopted → implemented → reported back; or not adopted. */
export const outcomeStates = {
  adopted: '已通过',
  not_adopted: '未通过',
  implemented: '已落实',
  reported_back: '已反馈',
} as const;
export type OutcomeState = keyof typeof outcomeStates;
