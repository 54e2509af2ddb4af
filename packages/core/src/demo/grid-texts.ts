import type { DepartmentKind, EventCategoryCode, InspectionFrequency } from '../grid-events/code-lists.js';

/**
 * The words of the demo's grid management and consultation (docs/domain.md §7, §8): the
 * departments of a district and their inspection lists, what events say and what departments
 * answer, and what consultation meetings take up. No personal data: places are spots of a
 * community, never a household.
 */

export interface InspectionItemText {
  title: string;
  categoryCode: EventCategoryCode;
  frequency: InspectionFrequency;
}

export interface DepartmentSpec {
  /** The district's short code for it (departments_code_unique). */
  code: string;
  /** Its name after the district's (`区城市管理局` → `虎丘区城市管理局`). */
  name: string;
  kind: DepartmentKind;
  /** When the department in its present form was set up (the 2019 institutional reform for most). */
  establishedOn: string;
  items: readonly InspectionItemText[];
}

/**
 * The district's functional departments and public utilities that handle grid events (职能部门、
 * 公共服务企事业单位), each with its inspection list (巡查事项清单: one district published 220
 * items from 22 departments; these are the items communities' grids patrol most).
 */
export const districtDepartments: readonly DepartmentSpec[] = [
  {
    code: 'CG',
    name: '城市管理局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '沿街垃圾箱完好及满溢', categoryCode: 'C0301', frequency: 'daily' },
      { title: '公共厕所保洁及设施完好', categoryCode: 'C0302', frequency: 'daily' },
      { title: '道路及人行道保洁', categoryCode: 'E0103', frequency: 'daily' },
      { title: '暴露垃圾清运', categoryCode: 'E0101', frequency: 'daily' },
      { title: '积存垃圾渣土', categoryCode: 'E0102', frequency: 'weekly' },
      { title: '路灯亮灯及灯杆完好', categoryCode: 'C0104', frequency: 'weekly' },
      { title: '行道树倒伏及枝叶遮挡', categoryCode: 'C0401', frequency: 'weekly' },
      { title: '公共绿地毁绿及占用', categoryCode: 'C0402', frequency: 'biweekly' },
      { title: '墙面乱涂乱画', categoryCode: 'E0104', frequency: 'weekly' },
      { title: '户外广告及店招设置', categoryCode: 'E0202', frequency: 'monthly' },
      { title: '非机动车停放秩序', categoryCode: 'E0504', frequency: 'daily' },
    ],
  },
  {
    code: 'ZJ',
    name: '住房和城乡建设局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '老旧房屋外立面及结构安全', categoryCode: 'C0501', frequency: 'monthly' },
      { title: '建筑工地夜间施工', categoryCode: 'E0301', frequency: 'weekly' },
      { title: '工地出入口道路遗撒', categoryCode: 'E0302', frequency: 'weekly' },
      { title: '住宅小区物业服务履约', categoryCode: 'S0102', frequency: 'monthly' },
      { title: '外墙脱落及空调外机松动', categoryCode: 'S0203', frequency: 'monthly' },
      { title: '住宅小区违法搭建苗头', categoryCode: 'C0502', frequency: 'weekly' },
      { title: '老旧小区改造工地围挡', categoryCode: 'E0302', frequency: 'biweekly' },
      { title: '住宅电梯困人及停运', categoryCode: 'S0203', frequency: 'monthly' },
    ],
  },
  {
    code: 'SW',
    name: '水务局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '上水井盖完好', categoryCode: 'C0101', frequency: 'weekly' },
      { title: '污水井盖完好及污水冒溢', categoryCode: 'C0102', frequency: 'weekly' },
      { title: '雨水箅子堵塞', categoryCode: 'C0103', frequency: 'weekly' },
      { title: '供水管网跑冒滴漏', categoryCode: 'E0402', frequency: 'monthly' },
      { title: '二次供水设施运行', categoryCode: 'S0303', frequency: 'quarterly' },
      { title: '河道岸坡漂浮物', categoryCode: 'E0102', frequency: 'weekly' },
    ],
  },
  {
    code: 'ST',
    name: '生态环境局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '建筑施工噪声', categoryCode: 'E0301', frequency: 'weekly' },
      { title: '露天焚烧垃圾落叶', categoryCode: 'E0101', frequency: 'weekly' },
      { title: '工地扬尘管控', categoryCode: 'E0302', frequency: 'weekly' },
      { title: '餐饮油烟直排', categoryCode: 'E0103', frequency: 'monthly' },
    ],
  },
  {
    code: 'SJ',
    name: '市场监督管理局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '无照经营及流动摊贩', categoryCode: 'E0501', frequency: 'weekly' },
      { title: '农贸市场周边无照经营', categoryCode: 'E0501', frequency: 'weekly' },
      { title: '校园周边食品摊点', categoryCode: 'E0501', frequency: 'monthly' },
    ],
  },
  {
    code: 'GA',
    name: '公安分局',
    kind: 'functional',
    establishedOn: '2016-01-01',
    items: [
      { title: '机动车违停及占用消防通道', categoryCode: 'E0503', frequency: 'daily' },
      { title: '邻里矛盾纠纷排查', categoryCode: 'S0101', frequency: 'weekly' },
      { title: '出租房屋治安隐患', categoryCode: 'S0101', frequency: 'monthly' },
      { title: '学校周边交通秩序', categoryCode: 'E0503', frequency: 'weekly' },
    ],
  },
  {
    code: 'XF',
    name: '消防救援大队',
    kind: 'functional',
    establishedOn: '2018-11-09',
    items: [
      { title: '室外消火栓完好及水压', categoryCode: 'C0105', frequency: 'monthly' },
      { title: '楼道堆物及消防通道堵塞', categoryCode: 'S0201', frequency: 'weekly' },
      { title: '电动自行车入户及飞线充电', categoryCode: 'S0202', frequency: 'weekly' },
      { title: '沿街小门店消防安全', categoryCode: 'S0201', frequency: 'monthly' },
      { title: '高层住宅消防设施', categoryCode: 'S0201', frequency: 'quarterly' },
    ],
  },
  {
    code: 'YJ',
    name: '应急管理局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '路面塌陷及地面沉降', categoryCode: 'E0401', frequency: 'weekly' },
      { title: '危险化学品存放', categoryCode: 'S0201', frequency: 'quarterly' },
      { title: '广告牌匾及高空构件', categoryCode: 'S0203', frequency: 'monthly' },
      { title: '汛期低洼积水点', categoryCode: 'C0103', frequency: 'weekly' },
    ],
  },
  {
    code: 'MZ',
    name: '民政局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '独居和空巢老人探访', categoryCode: 'S0302', frequency: 'weekly' },
      { title: '困难群众生活状况', categoryCode: 'S0301', frequency: 'monthly' },
      { title: '留守及困境儿童关爱', categoryCode: 'S0301', frequency: 'monthly' },
    ],
  },
  {
    code: 'WJ',
    name: '卫生健康委员会',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '病媒生物孳生地', categoryCode: 'E0102', frequency: 'biweekly' },
      { title: '公共厕所卫生', categoryCode: 'C0302', frequency: 'monthly' },
    ],
  },
  {
    code: 'JT',
    name: '交通运输局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [
      { title: '交通标志牌完好', categoryCode: 'C0201', frequency: 'monthly' },
      { title: '道路护栏完好', categoryCode: 'C0202', frequency: 'monthly' },
      { title: '路面破损坑槽', categoryCode: 'C0203', frequency: 'weekly' },
      { title: '公交站亭完好', categoryCode: 'C0204', frequency: 'monthly' },
    ],
  },
  {
    code: 'RS',
    name: '人力资源和社会保障局',
    kind: 'functional',
    establishedOn: '2019-03-01',
    items: [{ title: '在建工程欠薪隐患', categoryCode: 'S0103', frequency: 'monthly' }],
  },
  {
    code: 'GD',
    name: '供电服务中心',
    kind: 'public_utility',
    establishedOn: '2017-01-01',
    items: [
      { title: '箱式变压器及电杆安全', categoryCode: 'C0106', frequency: 'monthly' },
      { title: '低压线路私拉乱接', categoryCode: 'C0106', frequency: 'monthly' },
    ],
  },
  {
    code: 'RQ',
    name: '燃气服务中心',
    kind: 'public_utility',
    establishedOn: '2017-01-01',
    items: [
      { title: '燃气管线及调压箱', categoryCode: 'E0403', frequency: 'monthly' },
      { title: '餐饮场所燃气使用安全', categoryCode: 'E0403', frequency: 'monthly' },
    ],
  },
];

/**
 * Each subdistrict's comprehensive administrative enforcement office (街道综合行政执法局, set up
 * by the 2020 reform that moved enforcement down to subdistricts), with the items it patrols.
 */
export const subdistrictEnforcement: Omit<DepartmentSpec, 'code' | 'name'> = {
  kind: 'subdistrict_office',
  establishedOn: '2020-08-01',
  items: [
    { title: '占道经营及店外经营', categoryCode: 'E0502', frequency: 'daily' },
    { title: '违法建设', categoryCode: 'C0502', frequency: 'weekly' },
    { title: '非法小广告', categoryCode: 'E0201', frequency: 'weekly' },
    { title: '流动摊贩', categoryCode: 'E0501', frequency: 'weekly' },
  ],
};

/**
 * Routing of the district (docs/domain.md §7.5): every first-level category to a department, and
 * second-level categories whose competence differs (无证无照经营查处办法 第五条: trading without a
 * licence is the market regulator's; fire hazards the fire brigade's; utilities their operator's).
 */
export const districtRoutes: readonly { categoryCode: EventCategoryCode; department: string }[] = [
  { categoryCode: 'C01', department: 'CG' },
  { categoryCode: 'C0101', department: 'SW' },
  { categoryCode: 'C0102', department: 'SW' },
  { categoryCode: 'C0103', department: 'SW' },
  { categoryCode: 'C0105', department: 'XF' },
  { categoryCode: 'C0106', department: 'GD' },
  { categoryCode: 'C02', department: 'JT' },
  { categoryCode: 'C03', department: 'CG' },
  { categoryCode: 'C04', department: 'CG' },
  { categoryCode: 'C05', department: 'ZJ' },
  { categoryCode: 'E01', department: 'CG' },
  { categoryCode: 'E02', department: 'CG' },
  { categoryCode: 'E03', department: 'ZJ' },
  { categoryCode: 'E0301', department: 'ST' },
  { categoryCode: 'E04', department: 'YJ' },
  { categoryCode: 'E0402', department: 'SW' },
  { categoryCode: 'E0403', department: 'RQ' },
  { categoryCode: 'E05', department: 'CG' },
  { categoryCode: 'E0501', department: 'SJ' },
  { categoryCode: 'E0503', department: 'GA' },
  { categoryCode: 'S01', department: 'GA' },
  { categoryCode: 'S0102', department: 'ZJ' },
  { categoryCode: 'S0103', department: 'RS' },
  { categoryCode: 'S02', department: 'YJ' },
  { categoryCode: 'S0201', department: 'XF' },
  { categoryCode: 'S0202', department: 'XF' },
  { categoryCode: 'S03', department: 'MZ' },
  { categoryCode: 'S0303', department: 'SW' },
];

/**
 * A rule the district changed: greening (园林绿化) went from the construction bureau to city
 * management in the reform's second stage; the first rule is kept, retired (event_routes is
 * never deleted).
 */
export const retiredRoute = { categoryCode: 'C04', department: 'ZJ', retiredOn: '2022-01-01' } as const;

/** What each subdistrict's enforcement office takes over from the district departments. */
export const subdistrictRouteCategories: readonly EventCategoryCode[] = ['E05', 'E02', 'C0502'];

export interface EventText {
  /** Short titles, as a grid worker types them on a phone. */
  problems: readonly string[];
  /** Why it matters, appended to the description. */
  risk: string;
  /** What the department reports back (结果反馈). */
  result: string;
}

/** What events of each second-level category say (every second-level code has its texts). */
export const eventTexts: Partial<Record<EventCategoryCode, EventText>> = {
  C0101: {
    problems: ['上水井盖破损松动', '上水井盖缺失'],
    risk: '行人通行有踩空风险',
    result: '已更换井盖并加固井座',
  },
  C0102: {
    problems: ['污水井盖破损', '污水井冒溢'],
    risk: '影响通行和环境卫生',
    result: '已疏通管道并更换井盖',
  },
  C0103: {
    problems: ['雨水箅子堵塞', '雨水箅子缺失'],
    risk: '雨天易积水',
    result: '已清掏箅子并补装缺失部件',
  },
  C0104: {
    problems: ['路灯不亮', '路灯灯杆倾斜'],
    risk: '夜间通行存在安全隐患',
    result: '已更换灯具并检修线路',
  },
  C0105: { problems: ['消火栓漏水', '消火栓被圈占'], risk: '影响火灾扑救', result: '已维修消火栓并清理周边' },
  C0106: {
    problems: ['电线杆倾斜', '箱变门锁损坏'],
    risk: '存在触电隐患',
    result: '已扶正电杆并修复箱变门锁',
  },
  C0201: {
    problems: ['交通标志牌倾倒', '交通标志牌被遮挡'],
    risk: '影响行车安全',
    result: '已扶正标志牌并修剪遮挡树枝',
  },
  C0202: { problems: ['道路护栏损坏'], risk: '车辆行人通行存在隐患', result: '已更换损坏护栏' },
  C0203: {
    problems: ['路面坑槽', '人行道板松动'],
    risk: '易致行人绊倒和车辆颠簸',
    result: '已修补路面并恢复人行道',
  },
  C0204: { problems: ['公交站亭玻璃破损'], risk: '候车乘客有划伤风险', result: '已更换站亭玻璃' },
  C0301: { problems: ['垃圾箱满溢', '垃圾箱破损'], risk: '影响市容环境', result: '已清运并更换垃圾箱' },
  C0302: {
    problems: ['公共厕所设施损坏', '公共厕所保洁不到位'],
    risk: '影响群众如厕',
    result: '已维修设施并加强保洁',
  },
  C0401: {
    problems: ['行道树倒伏', '行道树枝叶遮挡路灯'],
    risk: '影响通行安全',
    result: '已扶正树木并修剪枝叶',
  },
  C0402: {
    problems: ['公共绿地被毁种菜', '绿地被占用堆物'],
    risk: '破坏公共绿化',
    result: '已清理并补植绿化',
  },
  C0501: {
    problems: ['老旧房屋外墙开裂', '老旧房屋屋面渗漏'],
    risk: '存在房屋安全隐患',
    result: '已组织安全鉴定并完成修缮',
  },
  C0502: {
    problems: ['屋顶违法搭建', '底楼私自扩建院墙'],
    risk: '违反规划管理规定',
    result: '已责令当事人自行拆除并复查',
  },
  E0101: { problems: ['暴露垃圾', '生活垃圾随意堆放'], risk: '影响环境卫生', result: '已清运并纳入日常保洁' },
  E0102: { problems: ['装修垃圾积存', '渣土积存'], risk: '影响市容和通行', result: '已清运积存垃圾渣土' },
  E0103: { problems: ['道路不洁', '路面油污'], risk: '影响市容环境', result: '已冲洗路面并加强保洁' },
  E0104: { problems: ['墙面乱涂乱画'], risk: '影响市容', result: '已清除涂写并粉刷墙面' },
  E0201: { problems: ['非法小广告张贴', '楼道小广告'], risk: '影响市容', result: '已清除小广告并追查发布者' },
  E0202: {
    problems: ['店招破损', '违规设置户外广告'],
    risk: '存在坠落隐患',
    result: '已督促商户拆除违规广告',
  },
  E0301: {
    problems: ['夜间施工扰民', '施工噪声超时'],
    risk: '影响居民休息',
    result: '已责令工地停止夜间施工',
  },
  E0302: {
    problems: ['渣土车道路遗撒', '工地出入口泥浆外溢'],
    risk: '影响道路清洁和通行',
    result: '已清洗路面并约谈施工单位',
  },
  E0401: {
    problems: ['路面塌陷', '地面沉降开裂'],
    risk: '存在车辆行人坠陷风险',
    result: '已设置围挡并完成回填修复',
  },
  E0402: {
    problems: ['自来水管破裂', '供水管道漏水'],
    risk: '影响居民用水和通行',
    result: '已抢修管道并恢复供水',
  },
  E0403: { problems: ['燃气泄漏', '燃气管道异味'], risk: '存在燃爆危险', result: '已关阀抢修并检测合格' },
  E0501: {
    problems: ['无照经营流动摊贩', '无照摊点占用人行道'],
    risk: '影响通行和食品安全',
    result: '已劝离摊贩并告知办照途径',
  },
  E0502: { problems: ['占道经营', '店外经营'], risk: '影响行人通行', result: '已督促商户退店经营' },
  E0503: {
    problems: ['机动车乱停放', '车辆占用消防通道'],
    risk: '影响通行和应急救援',
    result: '已联系车主挪车并张贴告知',
  },
  E0504: {
    problems: ['非机动车乱停放', '共享单车堆积'],
    risk: '影响行人通行',
    result: '已整理停放并通知运营企业清运',
  },
  S0101: {
    problems: ['邻里噪声纠纷', '邻里漏水纠纷'],
    risk: '矛盾有激化可能',
    result: '已组织双方调解并达成一致',
  },
  S0102: {
    problems: ['物业服务纠纷', '物业费及维修纠纷'],
    risk: '居民反映强烈',
    result: '已约谈物业公司并督促整改',
  },
  S0103: {
    problems: ['工地工人讨薪', '商户拖欠工资'],
    risk: '存在群体性事件隐患',
    result: '已督促用人单位支付拖欠工资',
  },
  S0201: {
    problems: ['楼道堆物堵塞通道', '消防通道被占用'],
    risk: '存在火灾隐患',
    result: '已清理堆物并恢复通道畅通',
  },
  S0202: {
    problems: ['电动车飞线充电', '电动车楼道内充电'],
    risk: '存在火灾隐患',
    result: '已拆除飞线并引导至集中充电点',
  },
  S0203: {
    problems: ['空调外机支架锈蚀', '外墙饰面松动'],
    risk: '存在高空坠物隐患',
    result: '已拆除松动部件并设置警示',
  },
  S0301: {
    problems: ['困难家庭生活困难', '残疾人家庭求助'],
    risk: '需要及时帮扶',
    result: '已落实临时救助并纳入走访',
  },
  S0302: {
    problems: ['独居老人多日未出门', '独居老人需要照护'],
    risk: '老人安全需关注',
    result: '已上门探访并链接助老服务',
  },
  S0303: { problems: ['楼栋停水', '水压不足'], risk: '影响居民生活', result: '已检修二次供水设备并恢复供水' },
};

/** The texts of a second-level category. */
export function eventTextOf(categoryCode: EventCategoryCode): EventText {
  const text = eventTexts[categoryCode];
  if (!text) throw new Error(`No demo texts for event category ${categoryCode}`);
  return text;
}

/** Spots of a community where problems are found: public places, never a household. */
export const eventSpots = [
  '东门口',
  '北门外人行道',
  '南门停车场',
  '中心花园',
  '主干道交叉口',
  '菜场门口',
  '幼儿园门口',
  '地下车库入口',
  '沿河步道',
  '公交站旁',
  '小区主路',
  '沿街商铺门前',
  '健身广场',
  '垃圾分类投放点',
  '非机动车棚',
] as const;

/** Reasons of the moves people write (docs/domain.md §7.7). */
export const moveTexts = {
  giveBack: '经核实不属于本部门职责，请按实际情况改派',
  recategorise: '原分类有误，按现场核实情况更正',
  reroute: '现场核实后更正事件分类，改派责任部门',
  reject: '现场核查问题仍然存在，退回重新处置',
  close: '网格员现场核查，问题已解决，予以结案',
  reopenByResident: '问题再次出现，申请重新办理',
  reopenByCentre: '回访发现问题反弹，重新派遣办理',
  escalate: '社区协调未果，提请街道统筹，吹哨相关部门',
  extend: '涉及多个部门协同处置，经街道审批延长办理期限',
} as const;

/** What a summons asks of the departments, by reason (吹哨报到). */
export const summonsTexts = {
  difficult: '问题反复出现，社区多次协调未果，请相关部门到现场会商处置',
  enforcement: '需多部门联合执法，请相关部门按时到场',
  emergency: '突发情况需应急处置，请相关部门立即到场',
} as const;

export const summonsReportNotes = [
  '已派员到场会商',
  '已到现场并明确处置分工',
  '已派执法人员到场',
  '已到场了解情况并制定方案',
] as const;

export const summonsClosingNotes = {
  solved: '各部门按分工处置到位，问题已解决',
  unsolved: '经会商需纳入专项整治，转入长效管理',
} as const;

/** Residents' proposals a consultation meeting takes up (居民提议), with the outcome voted. */
export const proposalTopics: readonly { title: string; outcome: string; task: string }[] = [
  {
    title: '小区增设电动自行车集中充电设施',
    outcome: '同意在非机动车棚增设集中充电设施，由物业实施，费用从小区公共收益中列支并公示',
    task: '物业公司建设集中充电设施',
  },
  {
    title: '楼道堆物清理及长效管理',
    outcome: '同意开展楼道堆物集中清理，制定楼道管理公约，由楼栋长日常劝导',
    task: '组织楼道堆物集中清理',
  },
  {
    title: '小区停车位调整',
    outcome: '同意重新划定停车位并增设访客车位，实行业主车辆登记',
    task: '重新施划停车位',
  },
  {
    title: '广场舞活动时段约定',
    outcome: '约定广场舞活动时间为晚上七点至八点半，音量不超过规定标准',
    task: '张贴活动时段公约并劝导',
  },
  {
    title: '垃圾分类投放点位调整',
    outcome: '同意将投放点位调整至远离住户一侧，并延长定时投放时段',
    task: '迁移垃圾分类投放点',
  },
  {
    title: '宠物文明饲养公约',
    outcome: '通过宠物文明饲养公约，设置宠物便便箱并开展宣传',
    task: '设置宠物便便箱并宣传公约',
  },
  {
    title: '口袋公园改造方案',
    outcome: '同意按居民意见调整改造方案，增加儿童游乐和休憩座椅',
    task: '按调整方案实施口袋公园改造',
  },
  {
    title: '老旧小区加装电梯意见征集',
    outcome: '同意推进加装电梯，由社区协助居民征询意见并申请补贴',
    task: '协助楼栋开展加装电梯意见征询',
  },
  {
    title: '小区公共收益使用公示',
    outcome: '同意每季度公示公共收益收支，由业委会和居民代表共同监督',
    task: '按季度公示公共收益收支',
  },
];

/** The outcome and tasks of a topic taken up from a grid event or a residents' need. */
export const followUpTexts = {
  eventOutcome: '同意由社区牵头，会同责任部门和物业限期整改，并将结果向居民公示',
  needOutcome: '同意将该需求纳入社区服务计划，由社区联系社会组织提供服务',
  communityTask: '社区跟踪督办并公示结果',
  departmentTask: '责任部门现场处置',
  organizationTask: '社会组织开展服务',
  projectTask: '纳入服务项目实施',
  taskResult: '已完成，经居民代表现场查看确认',
  report: '议定事项已落实，结果已在社区公示栏和居民微信群公示，接受居民监督',
  notAdopted: '方案未获半数同意，暂缓实施，待进一步征求意见后再议',
} as const;

/** Where meetings are held. */
export const meetingPlaces = ['党群服务中心议事厅', '居民活动室', '小区广场', '社区会议室'] as const;
