import type { ServiceDomain } from '../organizations/code-lists.js';

/**
 * The words of the demo service chain (docs/domain.md §6), in the Chinese community workers and
 * civil-affairs staff write: needs as a needs list states them, project names and goals, activity
 * titles, indicators. None names or describes a resident (§9): needs and micro-wishes say what is
 * needed and by how many, never by whom.
 */

export type ProjectMethod = 'casework' | 'group_work' | 'community_work';

interface NeedText {
  title: string;
  /** `{n}`: how many residents (or households) the need concerns. */
  description: string;
}

interface IndicatorText {
  description: string;
  unit: string;
  /** The range a target is drawn from. */
  target: readonly [number, number];
}

export interface DomainTexts {
  needs: readonly NeedText[];
  /** 微心愿: a small wish of one household, said without saying whose. */
  microWishes: readonly string[];
  /** The distinctive part of a project name (项目名称), e.g. 银龄关爱. */
  projectStems: readonly string[];
  goals: string;
  /** The professional methods that suit the domain (at least one). */
  methods: readonly ProjectMethod[];
  activities: Partial<Record<ProjectMethod, readonly string[]>>;
  outputs: readonly IndicatorText[];
  /** An outcome of the domain, beside the satisfaction rate every project measures. */
  outcome: IndicatorText;
}

export const domainTexts: Record<ServiceDomain, DomainTexts> = {
  elderly: {
    needs: [
      {
        title: '独居高龄老人助餐服务',
        description:
          '社区内独居、高龄老人约{n}人，子女不在身边，午餐多靠自己简单应付，希望社区提供助餐和送餐服务。',
      },
      {
        title: '高龄老人定期探访',
        description: '辖区80岁以上老人约{n}人，部分行动不便，居民希望有人定期上门探访、了解健康和生活情况。',
      },
      {
        title: '老旧楼道加装扶手',
        description: '小区多为无电梯老楼，约{n}位老人上下楼困难，希望在楼道加装扶手并改善照明。',
      },
      {
        title: '老年人智能手机使用培训',
        description: '约{n}位老人不会用手机预约挂号、缴费和视频通话，希望社区开设手机课堂。',
      },
    ],
    microWishes: [
      '为行动不便的老人添置一台助行器',
      '为独居老人家中安装紧急呼叫按钮',
      '为高龄老人配一副老花镜',
    ],
    projectStems: ['银龄关爱', '乐龄助餐', '长者守护', '幸福晚年'],
    goals: '为辖区独居、高龄老人提供助餐、探访和个案支持，建立邻里互助网络，提升老年人的生活质量和安全感。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['独居老人居家安全探访与个案跟进', '高龄老人照护需求评估'],
      group_work: ['长者健康养生小组', '老年人智能手机学习小组'],
      community_work: ['重阳敬老邻里节', '长者助餐点开放日'],
    },
    outputs: [
      { description: '开展个案服务', unit: '个', target: [8, 30] },
      { description: '开展小组活动', unit: '节', target: [12, 40] },
      { description: '服务老年人', unit: '人次', target: [300, 2000] },
    ],
    outcome: { description: '老人居家安全隐患整改率', unit: '%', target: [80, 95] },
  },
  disability: {
    needs: [
      {
        title: '残疾人社区康复训练',
        description: '社区持证残疾人约{n}人，康复机构距离较远，希望在社区就近提供康复训练指导。',
      },
      {
        title: '小区无障碍设施改造',
        description: '小区出入口台阶较多，约{n}位轮椅使用者和行动不便居民出行困难，希望改造无障碍坡道。',
      },
      {
        title: '残疾人就业技能辅导',
        description: '约{n}位有劳动能力的残疾人希望得到职业技能培训和就业岗位推荐。',
      },
    ],
    microWishes: ['为肢体残疾居民添置一张护理床', '为视障居民添置一台读屏收音机'],
    projectStems: ['阳光助残', '助残同行', '融合共享'],
    goals: '为辖区残疾人提供康复指导、就业辅导和社会融入服务，推动社区无障碍环境建设。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['残疾人家庭康复个案跟进', '残疾人就业意向评估'],
      group_work: ['残疾人手工技能小组', '康复互助小组'],
      community_work: ['全国助残日融合活动', '无障碍环境体验日'],
    },
    outputs: [
      { description: '康复训练指导', unit: '人次', target: [100, 600] },
      { description: '开展技能培训', unit: '场次', target: [6, 24] },
    ],
    outcome: { description: '参与就业辅导人员实现就业比例', unit: '%', target: [20, 40] },
  },
  children: {
    needs: [
      {
        title: '双职工家庭儿童课后看护',
        description: '约{n}名小学生放学后家中无人看护，家长希望社区开设“四点半课堂”。',
      },
      {
        title: '暑期儿童托管服务',
        description: '暑期约{n}名儿童白天无人照看，家长希望社区提供安全的托管和兴趣活动。',
      },
      {
        title: '困境儿童关爱帮扶',
        description: '社区内困境儿童约{n}名，需要学业辅导、心理关爱和家庭支持。',
      },
    ],
    microWishes: ['为困境儿童购置一套学习用品', '为困难家庭儿童添置一张书桌和台灯'],
    projectStems: ['童心护航', '四点半课堂', '七彩童年'],
    goals: '为辖区儿童提供课后看护、学业辅导和安全教育，关爱困境儿童健康成长。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['困境儿童家庭走访与个案辅导'],
      group_work: ['四点半课堂学业辅导', '儿童安全自护小组'],
      community_work: ['六一亲子游园会', '暑期儿童成长营'],
    },
    outputs: [
      { description: '课后看护服务', unit: '人次', target: [800, 3000] },
      { description: '困境儿童个案服务', unit: '个', target: [5, 20] },
    ],
    outcome: { description: '儿童安全知识知晓率', unit: '%', target: [85, 95] },
  },
  youth: {
    needs: [
      {
        title: '青少年假期活动场所',
        description: '约{n}名中学生假期缺少安全的活动场所，家长希望社区开放活动室并组织活动。',
      },
      {
        title: '青少年网络沉迷预防',
        description: '家长反映约{n}名青少年使用手机时间过长，希望开展网络素养教育和亲子沟通辅导。',
      },
      {
        title: '青少年志愿服务实践',
        description: '约{n}名中学生希望参与社区志愿服务，需要社区提供岗位和组织培训。',
      },
    ],
    microWishes: ['为社区青少年活动室添置一批课外读物'],
    projectStems: ['青春启航', '成长伙伴', '青苗守护'],
    goals: '为辖区青少年提供成长辅导、兴趣培养和志愿服务机会，预防青少年不良行为。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['青少年成长困扰个案辅导'],
      group_work: ['青少年生涯规划小组', '网络素养提升小组'],
      community_work: ['青少年志愿服务日', '青春读书分享会'],
    },
    outputs: [
      { description: '开展小组活动', unit: '节', target: [10, 30] },
      { description: '服务青少年', unit: '人次', target: [200, 1200] },
    ],
    outcome: { description: '参与青少年自我效能感提升比例', unit: '%', target: [70, 90] },
  },
  family: {
    needs: [
      {
        title: '家庭矛盾调解与辅导',
        description: '社区近一年接到家庭纠纷求助约{n}起，需要专业的婚姻家庭辅导服务。',
      },
      {
        title: '新手父母育儿指导',
        description: '约{n}户年轻家庭希望得到0至3岁婴幼儿养育照护指导。',
      },
      {
        title: '家庭教育讲座',
        description: '约{n}位家长希望学习与孩子沟通的方法，建议社区定期举办家庭教育讲座。',
      },
    ],
    microWishes: ['为困难家庭添置一台洗衣机'],
    projectStems: ['幸福家庭', '和美家园', '家庭成长'],
    goals: '提供婚姻家庭辅导、亲子关系支持和家庭教育指导，促进家庭和谐与社区稳定。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['家庭关系个案辅导'],
      group_work: ['亲子沟通成长小组', '新手父母育儿小组'],
      community_work: ['家庭教育公益讲座', '最美家庭故事分享会'],
    },
    outputs: [
      { description: '家庭个案服务', unit: '个', target: [8, 30] },
      { description: '开展讲座及小组', unit: '场次', target: [8, 24] },
    ],
    outcome: { description: '个案服务目标达成率', unit: '%', target: [75, 90] },
  },
  charity: {
    needs: [
      {
        title: '困难家庭长期帮扶',
        description: '社区低保、低保边缘家庭约{n}户，希望在节日慰问之外得到持续的帮扶和资源链接。',
      },
      {
        title: '邻里互助平台',
        description: '居民希望建立闲置物品交换和邻里互助平台，约{n}户表示愿意参与。',
      },
      {
        title: '社区慈善物资募集',
        description: '约{n}户困难家庭冬季御寒物资不足，希望社区组织爱心募集和发放。',
      },
    ],
    microWishes: ['为低保家庭送一份米面粮油', '为困难家庭修缮漏水的厨房水管'],
    projectStems: ['邻里守望', '爱心帮扶', '温暖同行'],
    goals: '链接慈善资源，为困难家庭提供物资帮扶和个案支持，培育邻里互助的社区氛围。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['困难家庭需求评估与资源链接'],
      group_work: ['邻里互助志愿者培训'],
      community_work: ['爱心义卖集市', '冬季爱心物资发放'],
    },
    outputs: [
      { description: '帮扶困难家庭', unit: '户', target: [20, 80] },
      { description: '开展募集及义卖活动', unit: '场次', target: [4, 12] },
    ],
    outcome: { description: '帮扶家庭生活状况改善比例', unit: '%', target: [60, 85] },
  },
  legal_aid: {
    needs: [
      {
        title: '法律咨询进社区',
        description: '居民在房屋租赁、劳动报酬等方面法律问题较多，约{n}人希望社区定期提供免费法律咨询。',
      },
      {
        title: '老年人防范诈骗宣传',
        description: '近期辖区发生多起针对老年人的诈骗，约{n}位老人希望了解防骗知识。',
      },
    ],
    microWishes: [],
    projectStems: ['法润万家', '法律明白人', '邻里和解'],
    goals: '定期提供法律咨询、矛盾纠纷调解和普法宣传，提升居民依法维权和防范风险的意识。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['矛盾纠纷调解个案'],
      group_work: ['法律明白人培训小组'],
      community_work: ['普法宣传集市', '防范电信网络诈骗讲座'],
    },
    outputs: [
      { description: '提供法律咨询', unit: '人次', target: [100, 500] },
      { description: '开展普法活动', unit: '场次', target: [6, 20] },
    ],
    outcome: { description: '矛盾纠纷调解成功率', unit: '%', target: [80, 95] },
  },
  psychology: {
    needs: [
      {
        title: '居民心理疏导服务',
        description: '居民反映工作和生活压力较大，约{n}人希望社区提供心理健康科普和心理疏导。',
      },
      {
        title: '家庭照护者减压支持',
        description: '长期照护失能家人的家属约{n}人，身心压力较大，希望得到喘息服务和心理支持。',
      },
    ],
    microWishes: [],
    projectStems: ['心灵驿站', '阳光心理', '心桥'],
    goals: '开展心理健康科普、心理疏导和危机转介，提升居民心理健康素养。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['心理疏导个案'],
      group_work: ['照护者减压支持小组', '情绪管理小组'],
      community_work: ['心理健康科普讲座', '世界精神卫生日宣传'],
    },
    outputs: [
      { description: '心理疏导个案', unit: '个', target: [10, 40] },
      { description: '开展科普讲座', unit: '场次', target: [4, 12] },
    ],
    outcome: { description: '参与者心理压力自评改善比例', unit: '%', target: [60, 85] },
  },
  environment: {
    needs: [
      {
        title: '垃圾分类入户指导',
        description: '小区垃圾分类投放准确率不高，约{n}户需要入户宣传和定时定点督导。',
      },
      {
        title: '闲置空地改造社区花园',
        description: '居民希望将小区闲置空地改造为社区小花园，约{n}户愿意参与认养和日常维护。',
      },
      {
        title: '小区河道环境整治',
        description: '小区旁河道常有垃圾漂浮，约{n}户居民希望组织巡河护河志愿行动。',
      },
    ],
    microWishes: ['为楼道添置一组分类垃圾桶'],
    projectStems: ['绿色家园', '美丽社区', '低碳生活'],
    goals: '推动垃圾分类、社区绿化和低碳生活，营造整洁宜居的社区环境。',
    methods: ['group_work', 'community_work'],
    activities: {
      group_work: ['垃圾分类督导志愿者培训', '社区园艺小组'],
      community_work: ['旧物改造环保市集', '河道清洁志愿行动'],
    },
    outputs: [
      { description: '入户宣传', unit: '户', target: [300, 1500] },
      { description: '开展环保活动', unit: '场次', target: [8, 24] },
    ],
    outcome: { description: '垃圾分类投放准确率', unit: '%', target: [85, 95] },
  },
  culture: {
    needs: [
      {
        title: '社区文体兴趣班',
        description: '居民希望有更丰富的文体活动，约{n}人报名参加合唱、书画等兴趣班。',
      },
      {
        title: '社区读书角',
        description: '约{n}户家庭希望社区开设读书角并定期组织亲子阅读活动。',
      },
      {
        title: '非遗技艺传承',
        description: '约{n}位居民希望学习苏绣、评弹等本地非物质文化遗产技艺。',
      },
    ],
    microWishes: ['为社区读书角添置一批少儿图书'],
    projectStems: ['书香社区', '文化惠民', '邻里文化'],
    goals: '培育社区文体团队，开展群众性文化活动，丰富居民精神文化生活。',
    methods: ['group_work', 'community_work'],
    activities: {
      group_work: ['书画兴趣小组', '苏绣技艺传承小组'],
      community_work: ['邻里文化节', '社区读书分享会'],
    },
    outputs: [
      { description: '开展文化活动', unit: '场次', target: [12, 40] },
      { description: '参与居民', unit: '人次', target: [500, 3000] },
    ],
    outcome: { description: '新培育社区文体团队', unit: '个', target: [2, 6] },
  },
  health: {
    needs: [
      {
        title: '慢性病健康管理',
        description: '社区高血压、糖尿病患者约{n}人，希望有定期健康监测和用药、饮食指导。',
      },
      {
        title: '应急救护技能培训',
        description: '约{n}位居民希望学习心肺复苏和自动体外除颤器的使用。',
      },
    ],
    microWishes: ['为社区健康小屋添置一台电子血压计'],
    projectStems: ['健康守护', '健康同行', '乐活健康'],
    goals: '联合社区卫生服务中心开展健康监测、慢病管理和健康科普，提升居民健康素养。',
    methods: ['casework', 'group_work', 'community_work'],
    activities: {
      casework: ['慢病患者健康管理个案跟进'],
      group_work: ['慢病自我管理小组'],
      community_work: ['社区义诊与健康咨询', '应急救护技能培训'],
    },
    outputs: [
      { description: '健康监测服务', unit: '人次', target: [300, 1500] },
      { description: '开展健康讲座', unit: '场次', target: [6, 20] },
    ],
    outcome: { description: '慢病患者规范管理率', unit: '%', target: [60, 80] },
  },
  community_governance: {
    needs: [
      {
        title: '小区停车秩序协商',
        description: '小区车位不足，约{n}户居民反映停车难，希望通过居民协商制定停车管理公约。',
      },
      {
        title: '老旧小区加装电梯协商',
        description: '约{n}户居民有加装电梯意愿，需要协调各楼栋意见和费用分摊。',
      },
      {
        title: '楼道堆物清理',
        description: '楼道堆放杂物存在消防隐患，涉及约{n}户，希望组织楼栋议事并共同清理。',
      },
    ],
    microWishes: ['为楼栋议事点添置一块公告栏'],
    projectStems: ['议事协商', '共建共治', '邻里议事'],
    goals: '搭建居民议事协商平台，培育社区骨干和社区社会组织，推动居民参与社区公共事务。',
    methods: ['group_work', 'community_work'],
    activities: {
      group_work: ['社区骨干能力建设小组', '楼栋长培训'],
      community_work: ['居民议事会', '开放空间议事会'],
    },
    outputs: [
      { description: '召开议事协商会议', unit: '场次', target: [8, 24] },
      { description: '培育社区社会组织', unit: '个', target: [2, 6] },
    ],
    outcome: { description: '议事事项办结率', unit: '%', target: [80, 95] },
  },
};

/** Budget lines (项目预算明细): the categories of `project_budget_lines` and how they are worded. */
export const budgetLineTexts = {
  personnel: '项目社工人员经费',
  activities: '活动组织与实施费',
  materials: '活动物资及宣传材料费',
  venue: '场地及设施使用费',
  management: '项目管理费',
  evaluation: '第三方评估与专业督导费',
  other: '志愿者保险及交通补贴',
} as const;

/** Public places where activities are held (docs/domain.md §6.6: never a home address). */
export const activityPlaces = [
  '党群服务中心多功能厅',
  '居民活动室',
  '社工站活动室',
  '文化广场',
  '日间照料中心',
  '睦邻中心',
] as const;

/** Why an organization's bid was set aside at assessment, other than its eligibility. */
export const disqualificationReasons = [
  '响应文件未按采购文件要求提供项目实施方案',
  '未按要求提供拟派项目社工的职业水平证书',
  '响应文件未按规定签字盖章',
] as const;

/** Why a community confirms an activity only after a question (never public, §6.8). */
export const disputeReasons = [
  '签到人数与活动照片显示人数不符，请承接机构补充材料',
  '活动时间与社区登记的场地使用时间不一致',
  '活动内容与项目方案不符，请说明',
] as const;

/** Words for fictional enterprises that fund community projects (赞助、捐赠、实物). */
export const enterpriseTrades = [
  '电子科技有限公司',
  '置业有限公司',
  '食品有限公司',
  '精密机械有限公司',
  '商贸有限公司',
  '医药有限公司',
  '建设发展有限公司',
] as const;

/** Words for fictional third-party evaluators (第三方评估机构) outside the district. */
export const evaluatorNames = ['社会组织评估中心', '公益发展研究中心', '社会工作评估服务中心'] as const;
