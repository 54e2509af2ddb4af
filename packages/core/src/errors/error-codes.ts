/**
 * The one table of error codes shared by core, the gateway and the client.
 *
 * Every expected failure in sanshe carries one of these codes. The `kind` groups codes
 * the way callers react to them: fix the input (`validation`), look elsewhere
 * (`not_found`), reload and retry (`conflict`), ask for rights (`forbidden`), or try
 * later (`unavailable`); `limit` refuses a request that asks for too much at once (make it
 * smaller) and `protocol` one that is not a well-formed GraphQL request. The gateway maps kinds
 * to GraphQL error types and HTTP statuses.
 *
 * The gateway sends no other code: `packages/graphql/test/error-codes.test.ts` fails when it
 * does, and the client's `ErrorCode` type is this table's keys (through the schema's enum).
 *
 * `description` is the code's meaning in English; `messageZh` is what bureau staff read when
 * their request asks for Chinese (简体中文): the gateway sends it as the message, keeping the
 * specific English message of the failure beside it (see {@link errorMessage}).
 */
export const errorCodes = {
  VALIDATION_FAILED: {
    kind: 'validation',
    description: 'The input does not have the expected form.',
    messageZh: '输入内容不符合规定格式',
  },
  INVALID_DIVISION_CODE: {
    kind: 'validation',
    description:
      'Not a valid administrative division code (6, 9 or 12 digits, GB/T 2260 and statistical codes).',
    messageZh: '行政区划代码不正确（应为6位、9位或12位，符合GB/T 2260及统计用区划代码）',
  },
  INVALID_GRID_CODE: {
    kind: 'validation',
    description: 'A grid code is its community code followed by a local suffix of 1 to 6 digits.',
    messageZh: '网格编码不正确（应为所属社区代码后加1至6位数字）',
  },
  INVALID_USCC: {
    kind: 'validation',
    description: 'Not a valid unified social credit code (GB 32100-2015).',
    messageZh: '统一社会信用代码格式不正确（GB 32100-2015）',
  },
  INVALID_ORGANIZATION_CODE: {
    kind: 'validation',
    description: 'Not a valid organization code (GB 11714).',
    messageZh: '组织机构代码格式不正确（GB 11714）',
  },
  INVALID_RESIDENT_ID: {
    kind: 'validation',
    description: 'Not a valid resident identity number (GB 11643).',
    messageZh: '公民身份号码格式不正确（GB 11643）',
  },
  INVALID_MOBILE_PHONE: {
    kind: 'validation',
    description: 'Not a valid mainland China mobile number.',
    messageZh: '手机号码格式不正确（应为中国大陆手机号码）',
  },
  INVALID_NAME: {
    kind: 'validation',
    description: 'A name must be 1 to 100 characters of text.',
    messageZh: '名称不符合要求（应为1至100个字符）',
  },
  INVALID_TEXT: {
    kind: 'validation',
    description:
      'Text holds a control character (other than tab, line feed and carriage return) or a lone surrogate.',
    messageZh: '文本含有不允许的控制字符（制表符、换行符、回车符除外）或无效字符',
  },
  INVALID_DATE: {
    kind: 'validation',
    description: 'Not a valid calendar date (YYYY-MM-DD).',
    messageZh: '日期不正确（格式应为YYYY-MM-DD）',
  },
  INVALID_DATE_RANGE: {
    kind: 'validation',
    description: 'An end date lies before its start date.',
    messageZh: '结束日期早于开始日期',
  },
  DATE_IN_FUTURE: {
    kind: 'validation',
    description: 'A date of something that happened (a registration, a pass, a change) lies after today.',
    messageZh: '日期晚于今日（已发生事项的日期不得晚于今日）',
  },
  INVALID_NUMBER: {
    kind: 'validation',
    description: 'A number is out of its allowed range.',
    messageZh: '数值超出允许范围',
  },
  INVALID_ID: { kind: 'validation', description: 'Not a valid global ID.', messageZh: '记录标识（ID）无效' },
  INVALID_CURSOR: {
    kind: 'validation',
    description: 'Not a cursor this list produced.',
    messageZh: '分页游标无效（不是本列表生成的游标）',
  },
  PAGE_SIZE_EXCEEDED: {
    kind: 'validation',
    description: 'A page asked for more items than allowed.',
    messageZh: '每页请求的条数超过上限',
  },
  INVALID_PAGINATION: {
    kind: 'validation',
    description: 'Pagination arguments do not fit together (first with before, last with after, negatives).',
    messageZh: '分页参数不正确（first不能与before同用，last不能与after同用，且不得为负数）',
  },
  CODE_OUTSIDE_DISTRICT: {
    kind: 'validation',
    description: 'A code does not belong to the district that owns the record (its first 6 digits differ).',
    messageZh: '代码不属于该记录所在区县（前6位不一致）',
  },
  CODE_LEVEL_MISMATCH: {
    kind: 'validation',
    description: 'A code is of another level than the unit being created.',
    messageZh: '代码层级与所建单位的层级不符',
  },
  PARENT_NOT_FOUND: {
    kind: 'not_found',
    description: 'The parent unit of a code does not exist.',
    messageZh: '上级单位不存在',
  },
  PARENT_RETIRED: {
    kind: 'conflict',
    description: 'The parent unit is retired, or not yet in force on the given date.',
    messageZh: '上级单位已撤销，或在所填日期尚未设立',
  },
  NOT_FOUND: {
    kind: 'not_found',
    description: 'No record with that identity exists here.',
    messageZh: '未找到相应记录',
  },
  DISTRICT_NOT_SERVED: {
    kind: 'not_found',
    description: 'This gateway serves no district with that code.',
    messageZh: '本系统未接入该区县',
  },
  HAS_ACTIVE_CHILDREN: {
    kind: 'conflict',
    description: 'A unit cannot be retired while units below it are still in force.',
    messageZh: '尚有现行有效的下级单位，不能撤销本单位',
  },
  DUPLICATE_CODE: {
    kind: 'conflict',
    description: 'A unit with that code already exists.',
    messageZh: '该代码的单位已存在',
  },
  ALREADY_RETIRED: {
    kind: 'conflict',
    description: 'The unit is already retired.',
    messageZh: '该单位已撤销',
  },
  SUCCESSOR_INVALID: {
    kind: 'conflict',
    description: 'A successor must be an active unit of the same level, other than the unit itself.',
    messageZh: '承继单位无效（应为同一层级、现行有效的其他单位）',
  },
  SUCCESSOR_IN_USE: {
    kind: 'conflict',
    description: 'A unit that takes over from another must stay in force past the handover date.',
    messageZh: '承继其他单位的单位在交接日期之后须仍然有效',
  },
  VERSION_CONFLICT: {
    kind: 'conflict',
    description: 'The record changed since it was read; reload it and apply the change again.',
    messageZh: '记录已被修改，请刷新后重新操作',
  },
  INVALID_CODE_LIST_VALUE: {
    kind: 'validation',
    description: 'A value is not one of its code list (category, domain, level, list, kind).',
    messageZh: '取值不在规定的代码表内（类别、领域、等级、名录、种类）',
  },
  USCC_REQUIRED: {
    kind: 'validation',
    description: 'A registered organization (登记) needs its unified social credit code.',
    messageZh: '登记的社会组织须填写统一社会信用代码',
  },
  USCC_NOT_ALLOWED: {
    kind: 'validation',
    description: 'A filed community group (备案) has no legal personality and no unified social credit code.',
    messageZh: '备案的社区社会组织不具有法人资格，不填写统一社会信用代码',
  },
  USCC_MISMATCH: {
    kind: 'validation',
    description:
      'The unified social credit code is not one issued by civil affairs for this legal form (positions 1 and 2).',
    messageZh: '统一社会信用代码不是民政部门为该类组织赋予的代码（第1、2位不符）',
  },
  REASON_REQUIRED: {
    kind: 'validation',
    description: 'This action overrides a rule or corrects the record, and needs a written reason.',
    messageZh: '该操作属于规则例外或记录更正，须填写书面理由',
  },
  PERSONAL_DATA_IN_PUBLIC_TEXT: {
    kind: 'validation',
    description: 'Text to be published contains what looks like an identity number or a phone number.',
    messageZh: '拟公开的文本中含有疑似公民身份号码或手机号码的内容',
  },
  DUPLICATE_USCC: {
    kind: 'conflict',
    description: 'An organization with that unified social credit code is already recorded.',
    messageZh: '该统一社会信用代码的组织已登记在册',
  },
  DUPLICATE_RECORD: {
    kind: 'conflict',
    description: 'The same record (person, certificate, membership) already exists.',
    messageZh: '相同记录已存在（人员、证书或成员关系）',
  },
  ORGANIZATION_INACTIVE: {
    kind: 'conflict',
    description: 'The organization is deregistered (or not yet registered on that date).',
    messageZh: '该组织已注销（或在所填日期尚未登记）',
  },
  NOT_A_HUB: {
    kind: 'conflict',
    description: 'Only a hub organization (枢纽型) can take member organizations.',
    messageZh: '只有枢纽型社会组织可以吸纳成员组织',
  },
  HUB_CYCLE: {
    kind: 'conflict',
    description: 'The membership would make a hub a member of itself, directly or through others.',
    messageZh: '该成员关系将使枢纽型组织直接或间接成为自身的成员',
  },
  NOT_ELIGIBLE: {
    kind: 'conflict',
    description: 'The organization or worker does not meet the rule for this (see the message for which).',
    messageZh: '不符合办理条件',
  },
  POLICY_NOT_SET: {
    kind: 'conflict',
    description: 'The local policy this rule reads has no value in force for that unit and date.',
    messageZh: '该规则所依据的地方政策在该单位、该日期没有生效的取值',
  },
  ALREADY_LISTED: {
    kind: 'conflict',
    description: 'The organization is already on that list.',
    messageZh: '该组织已在此名单中',
  },
  LISTING_EXEMPTED: {
    kind: 'conflict',
    description:
      'A written statement that the organization bears no direct responsibility exempts it from the list (社会组织信用信息管理办法 第十一条、第十五条): it is not listed.',
    messageZh: '已书面说明不负直接责任，依据《社会组织信用信息管理办法》第十一条、第十五条不予列入',
  },
  NOT_LISTED: {
    kind: 'conflict',
    description: 'The organization is not on that list.',
    messageZh: '该组织不在此名单中',
  },
  ALREADY_DECIDED: {
    kind: 'conflict',
    description: 'The procedure was already decided.',
    messageZh: '该程序已作出决定',
  },
  REGISTRATION_DEADLINE_PASSED: {
    kind: 'conflict',
    description: 'A certificate is first registered within one year of passing the examination.',
    messageZh: '已超过首次登记期限（应在考试通过后一年内办理首次登记）',
  },
  ALREADY_REGISTERED: {
    kind: 'conflict',
    description: 'The certificate already has its first registration.',
    messageZh: '该证书已办理首次登记',
  },
  NOT_REGISTERED: {
    kind: 'conflict',
    description: 'The certificate has no registration to renew.',
    messageZh: '该证书尚未登记，无可延续的登记',
  },
  OUTSIDE_RENEWAL_WINDOW: {
    kind: 'conflict',
    description: 'A registration is renewed in the three months before it expires, not earlier or later.',
    messageZh: '不在延续登记办理期限内（应在登记有效期届满前三个月内办理）',
  },
  INSUFFICIENT_CE_HOURS: {
    kind: 'conflict',
    description: 'Not enough continuing-education hours in the period for a renewal.',
    messageZh: '本周期继续教育学时不足，不能延续登记',
  },
  OVERLAPPING_POST: {
    kind: 'conflict',
    description: 'A worker holds at most one full-time post at a time.',
    messageZh: '同一社会工作者同一时间只能担任一个全职岗位',
  },
  ALREADY_ENDED: {
    kind: 'conflict',
    description: 'The post, membership or listing has already ended.',
    messageZh: '该岗位、成员关系或名单列入已经终止',
  },
  IDEMPOTENCY_KEY_REUSED: {
    kind: 'conflict',
    description:
      'The idempotency key was already used by this caller for this operation with a different request; choose a new key for a new request.',
    messageZh: '幂等键已用于内容不同的请求（新的请求须使用新的幂等键）',
  },
  INSUFFICIENT_BALANCE: {
    kind: 'conflict',
    description: 'The account does not hold enough for the movement (a source, an earmark).',
    messageZh: '账户余额不足（资金来源或定向资金）',
  },
  AMOUNT_OVER_LIMIT: {
    kind: 'conflict',
    description:
      'The amount would take a total past its limit: receipts past the amount a source committed, earmarks past the project budget, payments past the tranche or the contract.',
    messageZh: '金额超出限额（到账超出承诺金额、定向超出项目预算或拨付超出分期款或合同金额）',
  },
  NOT_EARMARKED: {
    kind: 'conflict',
    description: 'The funding source has no earmark for this project, so it pays nothing to it.',
    messageZh: '该资金来源未定向用于此项目，不得向其拨付',
  },
  MILESTONE_NOT_REACHED: {
    kind: 'conflict',
    description:
      "The tranche's milestone is not met yet (the contract signed, delivery under way, the evaluation passed).",
    messageZh: '该期款项的拨付条件尚未达成（合同签订、项目实施或评估合格）',
  },
  ALREADY_REVERSED: {
    kind: 'conflict',
    description:
      'The journal entry was already reversed, or is itself a reversal; an entry is reversed at most once.',
    messageZh: '该记账凭证已冲销或本身即为冲销凭证（每笔凭证至多冲销一次）',
  },
  STATUS_NOT_ALLOWED: {
    kind: 'conflict',
    description:
      "The record's status does not allow this step (a need already merged, a project not in draft, an activity already confirmed); details.state and details.allowed say where it stands.",
    messageZh: '记录当前状态不允许此操作（详见当前状态与允许的操作）',
  },
  STAGE_OUT_OF_ORDER: {
    kind: 'conflict',
    description:
      "A purchase's stages go plan → tender → bids → award → contract → implementation → evaluation → closure, one step at a time, and are never reversed; before a contract it may be cancelled. details.state and details.allowed say where it stands.",
    messageZh: '采购环节不得跳过或倒退（计划→公告→投标→成交→合同→履约→评价→结项；签约前可终止）',
  },
  CONTRACT_TOO_LONG: {
    kind: 'validation',
    description:
      'A government purchase contract lasts at most 1 year, or at most 3 years for a continuing service that says why (政府购买服务管理办法).',
    messageZh: '政府购买服务合同期限不得超过1年（可持续性服务不超过3年，须说明理由）',
  },
  BUDGET_MISMATCH: {
    kind: 'validation',
    description: "A project's budget lines must sum to its budget, and tranches to the contract amount.",
    messageZh: '预算明细合计须等于项目预算（分期款合计须等于合同金额）',
  },
  NOT_DELIVERED: {
    kind: 'conflict',
    description: 'Evaluation comes only after delivery: the purchase must have reached its evaluation stage.',
    messageZh: '项目尚未完成实施，不得评估',
  },
  CONFLICT_OF_INTEREST: {
    kind: 'validation',
    description:
      'The undertaking organization may not evaluate its own project, nor an evaluator bid for what it evaluates.',
    messageZh: '承接主体不得评估自身承接的项目',
  },
  SELF_CERTIFICATION: {
    kind: 'forbidden',
    description:
      "A volunteer's service is certified by whoever organized it (a team leader, an organization, a community), never by the volunteer themself.",
    messageZh: '志愿者不得为本人记录或证明志愿服务时长（谁组织谁记录、谁记录谁证明）',
  },
  OVERLAPPING_SERVICE: {
    kind: 'conflict',
    description:
      'The volunteer already has a service in force in that time: one person serves in one place at a time. details.serviceId names it.',
    messageZh: '该志愿者在此时间段已有志愿服务记录（同一人同一时间只能在一处服务）',
  },
  GUARDIAN_CONSENT_REQUIRED: {
    kind: 'validation',
    description:
      'A volunteer under 18 registers with the consent of a guardian, recorded with their name, relation and day.',
    messageZh: '未满十八周岁的志愿者注册须记录监护人同意（监护人姓名、关系及日期）',
  },
  ALREADY_CORRECTED: {
    kind: 'conflict',
    description: 'The service record was already corrected; correct the record that corrected it.',
    messageZh: '该服务记录已被更正，请对更正后的记录进行更正',
  },
  INSUFFICIENT_STOCK: {
    kind: 'conflict',
    description: 'The catalogue item has fewer units left than asked for, or is no longer offered.',
    messageZh: '兑换物品库存不足或已下架',
  },
  TRANSFER_NOT_ALLOWED: {
    kind: 'forbidden',
    description:
      'Points move between these accounts only as the time-bank policy allows (time_bank.transfer: which reasons and relations, and how many points a year).',
    messageZh: '按积分政策不允许此项积分转赠',
  },
  IMPORT_CONFLICT: {
    kind: 'conflict',
    description:
      'The imported record would double or contradict hours already held: a record of the same origin with other content, or a service overlapping one in force. details say which.',
    messageZh: '导入的志愿服务记录与已有记录冲突（同一来源内容不一致，或与已有服务时间重叠），导入未进行',
  },
  UNAUTHENTICATED: {
    kind: 'unauthenticated',
    description: 'The credentials are missing, invalid or expired.',
    messageZh: '身份凭证缺失、无效或已过期，请重新登录',
  },
  FORBIDDEN: { kind: 'forbidden', description: 'The caller may not do this.', messageZh: '无权进行此操作' },
  REVEAL_LIMIT_EXCEEDED: {
    kind: 'forbidden',
    description:
      'Too many personal identifiers unmasked by this caller in the last hour, or of this person in the last day (policy personal_data.reveal_limits); details.retryAfterSeconds says when to try again.',
    messageZh: '查看个人信息明文的次数超过限额（每人每小时，或同一人员每日），请稍后再试',
  },
  PURPOSE_NOT_ALLOWED: {
    kind: 'forbidden',
    description:
      'Sensitive personal information is unmasked only for a purpose its category admits, explained in a note.',
    messageZh: '查看敏感个人信息明文须具有该类信息允许的用途，并填写说明',
  },
  INVALID_KEYRING: {
    kind: 'validation',
    description:
      'The personal-data keys are missing or malformed (32-byte AES keys in base64, a lookup key).',
    messageZh: '个人信息加密密钥缺失或格式不正确',
  },
  ENCRYPTION_KEY_MISSING: {
    kind: 'unavailable',
    description: 'A stored personal value was sealed with a key that is not configured.',
    messageZh: '个人信息加密所用的密钥未配置，无法解密',
  },
  EVENT_TRANSITION_NOT_ALLOWED: {
    kind: 'conflict',
    description:
      'A grid event moves only along the five-step loop (collect, dispatch, handle, feed back, verify and close) and its return, rejection, re-routing and reopening; details.allowed lists what its state allows.',
    messageZh: '网格事件当前状态不允许此操作（应按信息收集、任务派遣、任务处理、结果反馈、核查结案流转）',
  },
  HANDLER_CANNOT_VERIFY: {
    kind: 'forbidden',
    description:
      'Whoever handled an event does not verify it (查办分离): the community verifies what a department handled.',
    messageZh: '查办分离：事件的处置人不得核查结案本人处置的事件',
  },
  NOT_RESPONSIBLE_DEPARTMENT: {
    kind: 'forbidden',
    description:
      "Only the staff of the department an event is routed to (or a summons names) act on it; a department's staff token names the department.",
    messageZh: '该事件（或吹哨）未派给您所在的部门，不能办理',
  },
  NO_ROUTE: {
    kind: 'conflict',
    description:
      'No department is responsible for this category of event in this area on this day: add a routing rule, or name the department.',
    messageZh: '该类事件在此区域没有设定责任部门，请先设置派遣规则或指定部门',
  },
  POINT_OUTSIDE_GRID: {
    kind: 'validation',
    description:
      'The reported point does not lie in the grid the event is filed under (its boundary in force that day).',
    messageZh: '上报位置不在所选网格的边界范围内',
  },
  INVALID_GEOMETRY: {
    kind: 'validation',
    description:
      'Not a valid GeoJSON Polygon or MultiPolygon in longitude and latitude (closed rings of at least four positions, in range).',
    messageZh: '网格边界不是有效的GeoJSON面（经纬度范围、闭合环至少4个点）',
  },
  TEAM_BELOW_COMPOSITION: {
    kind: 'validation',
    description:
      'A grid team keeps the composition its policy requires ("1+2+N": heads, at least so many grid workers and informants; policy grid.team_composition).',
    messageZh: '网格队伍人员配备不符合规定（“1+2+N”：网格长、专职网格员、网格信息员人数）',
  },
  DEADLINE_ON_HOLIDAY: {
    kind: 'validation',
    description:
      'A deadline falls on a day that is not a working day on the district calendar (a weekend or public holiday).',
    messageZh: '期限不能落在非工作日（周末或法定节假日）',
  },
  EXTENSION_TOO_LONG: {
    kind: 'validation',
    description:
      "An event's time limit is extended, with approval, to at most the ceiling of its policy (grid.event_time_limits: 15 working days by default).",
    messageZh: '延期后的办理时限超过规定上限（默认15个工作日）',
  },
  REOPEN_WINDOW_CLOSED: {
    kind: 'conflict',
    description:
      'A closed event is reopened by its reporter only within the days policy grid.resident_feedback allows.',
    messageZh: '已超过可申请重新办理的期限',
  },
  ALREADY_RATED: {
    kind: 'conflict',
    description: 'The reporter confirms and rates a closed event once per closure.',
    messageZh: '本次结案已评价，不能重复评价',
  },
  ALREADY_REPORTED_IN: {
    kind: 'conflict',
    description:
      'The department already reported in to this summons (报到 is recorded once); details.reportedAt says when.',
    messageZh: '本部门已就此次吹哨报到，不能重复报到',
  },
  OUTCOME_TASKS_OPEN: {
    kind: 'conflict',
    description:
      'An outcome is implemented only when every task carrying it out is done, and reported back only once implemented.',
    messageZh: '议定事项的任务尚未全部完成（或尚未落实），不能标记为已落实或已反馈',
  },
  DISTRICT_UNAVAILABLE: {
    kind: 'unavailable',
    description: 'A district could not be reached in time; its data is missing from the answer.',
    messageZh: '区县系统暂时无法访问，本次结果缺少该区县的数据',
  },
  DATABASE_IN_USE: {
    kind: 'unavailable',
    description:
      'An embedded database directory is already open in another process (one writer per directory).',
    messageZh: '数据库目录已被其他进程占用（同一目录只允许一个进程写入）',
  },
  INTERNAL_SERVER_ERROR: {
    kind: 'internal',
    description: 'Unexpected error.',
    messageZh: '系统内部错误，请稍后再试',
  },
  UNIT_NOT_IN_FORCE: {
    kind: 'conflict',
    description:
      'The community or subdistrict named is retired, or not yet in force, on the date of the act.',
    messageZh: '所涉社区或街道在办理日期已撤销或尚未设立',
  },
  QUERY_TOO_DEEP: {
    kind: 'limit',
    description: 'The operation nests selections deeper than allowed.',
    messageZh: '查询的嵌套层级超过上限',
  },
  TOO_MANY_ALIASES: {
    kind: 'limit',
    description: 'The operation uses more aliases than allowed.',
    messageZh: '查询使用的别名数量超过上限',
  },
  TOO_MANY_TOKENS: {
    kind: 'limit',
    description: 'The document has more lexical tokens than allowed.',
    messageZh: '查询语句过长（词法单元数量超过上限）',
  },
  TOO_MANY_DIRECTIVES: {
    kind: 'limit',
    description: 'The operation uses more directives than allowed.',
    messageZh: '查询使用的指令数量超过上限',
  },
  QUERY_TOO_COSTLY: {
    kind: 'limit',
    description:
      'The operation could read more rows than allowed (page sizes multiplied down nested pages, summed).',
    messageZh: '查询可能读取的记录数超过上限，请减少每页条数或嵌套层级',
  },
  BODY_TOO_LARGE: {
    kind: 'limit',
    description: 'The request body is larger than allowed (HTTP 413).',
    messageZh: '请求内容超过大小上限',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    kind: 'not_found',
    description: 'No persisted operation has that hash, or the request names none.',
    messageZh: '未找到对应的预登记查询',
  },
  PERSISTED_QUERY_ONLY: {
    kind: 'forbidden',
    description: 'This gateway executes persisted operations only; send the hash, not the document.',
    messageZh: '本系统只执行预登记的查询，请发送查询的哈希值',
  },
  GRAPHQL_PARSE_FAILED: {
    kind: 'protocol',
    description: 'The document is not valid GraphQL syntax.',
    messageZh: '查询语句存在语法错误',
  },
  GRAPHQL_VALIDATION_FAILED: {
    kind: 'protocol',
    description: 'The document does not validate against the schema (unknown field, wrong argument type…).',
    messageZh: '查询语句与接口定义不符（字段不存在或参数类型错误等）',
  },
  BAD_REQUEST: {
    kind: 'protocol',
    description:
      'The HTTP request is not a GraphQL request (no query, body not JSON, a mutation sent by GET, a missing CSRF header).',
    messageZh: '请求格式不正确，不是有效的GraphQL请求',
  },
  OPERATION_RESOLUTION_FAILURE: {
    kind: 'protocol',
    description: 'The document has no operation of the given operationName, or several and none named.',
    messageZh: '无法确定要执行的操作（未找到指定名称的操作，或含多个操作但未指定名称）',
  },
} as const satisfies Record<string, { kind: ErrorKind; description: string; messageZh: string }>;

export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'unavailable'
  | 'limit'
  | 'protocol'
  | 'internal';

export type ErrorCode = keyof typeof errorCodes;

export const errorCodeList = Object.keys(errorCodes) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

export function errorKindOf(code: ErrorCode): ErrorKind {
  return errorCodes[code].kind;
}

/** The languages error messages are written in: English and Simplified Chinese. */
export type MessageLanguage = 'en' | 'zh';

/**
 * What a code means, in one of the {@link MessageLanguage}s: the same for every failure with
 * that code. A failure's own message (a {@link SansheError}'s) is more specific, and in English.
 */
export function errorMessage(code: ErrorCode, language: MessageLanguage): string {
  return language === 'zh' ? errorCodes[code].messageZh : errorCodes[code].description;
}
