/**
 * Volunteers and the time bank (docs/domain.md §5) with @sanshe/client, each step by whoever
 * does it in 五社联动:
 *
 *   community staff   (COMMUNITY_STAFF) register two residents as volunteers (实名注册), form a
 *                     volunteer team (志愿服务队) with one as its leader and one as a member, list
 *                     an item in the exchange catalogue (积分兑换目录), and at the end issue the
 *                     member a certificate of service (志愿服务记录证明);
 *   the team leader   (VOLUNTEER) records, and so certifies, the member's service
 *                     (谁组织谁记录、谁记录谁证明); its own service it may not certify
 *                     (SELF_CERTIFICATION), which the program shows;
 *   the member        (VOLUNTEER) sees the minutes banked and the points earned at the district's
 *                     rate (`time_bank.points_per_hour`), reads the catalogue and redeems an item;
 *   anyone            (no token) verifies the certificate with its number and code.
 *
 * Every day is counted back from today in China: the team is formed two weeks ago and the
 * service took place yesterday morning, so the example works on any day. Each run registers new
 * volunteers and a new team; their identity numbers, the team's name and the idempotency keys
 * carry the run's id, so runs do not collide.
 *
 * The volunteers act with their own tokens, which an identity provider issues once they are
 * registered: `volunteerToken` is that provider. Run from the command line, the program signs
 * them itself with the gateway's HS256 settings (SANSHE_JWT_SECRET, SANSHE_JWT_ISSUER,
 * SANSHE_JWT_AUDIENCE), as it does the community staff's token:
 *
 *   SANSHE_JWT_SECRET=… SANSHE_JWT_ISSUER=… SANSHE_JWT_AUDIENCE=… npm start   # workspace root
 *   SANSHE_JWT_SECRET=… SANSHE_JWT_ISSUER=… SANSHE_JWT_AUDIENCE=… node dist/main.js [url]
 */
import { createHmac } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  AddTeamMember,
  CommunityByCode,
  createClient,
  ExchangePoints,
  FormVolunteerTeam,
  graphql,
  IssueVolunteerCertificate,
  ListCatalogueItem,
  RecordVolunteerService,
  RegisterVolunteer,
  type RequestResult,
  type SansheClient,
  TimeBankCataloguePage,
  TimeBankTotals,
  VerifyVolunteerCertificate,
  VolunteerById,
} from '@sanshe/client';

export interface RunOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A COMMUNITY_STAFF token of the community (or of its subdistrict: SUBDISTRICT_STAFF). */
  communityStaffToken: string;
  /**
   * The identity provider: a VOLUNTEER token for the volunteer with this global ID (claim
   * `volunteer`), issued once it is registered. `subject` names the person (claim `sub`).
   */
  volunteerToken: (volunteerId: string, subject: string) => Promise<string>;
  /** The community the volunteers live and serve in (12 digits). Default 320505001001. */
  communityCode?: string;
  /** The day every date is counted back from. Default: today in China Standard Time. */
  today?: string;
  /** Marks this run's identity numbers, team name and idempotency keys. Default: from the clock. */
  runId?: string;
  /** Where each line of the report goes. Default: `console.log`. */
  log?: (line: string) => void;
}

/** What a refused request answered: the member of the result union, with its code and field. */
export interface Refusal {
  __typename: string;
  code: string;
  message: string;
  path: readonly string[];
}

export interface RunReport {
  /** Every line that was logged. */
  lines: string[];
  today: string;
  leader: { id: string; name: string };
  member: { id: string; name: string };
  team: { id: string; name: string };
  /** The member's service as recorded: minutes served, who certified it. */
  service: { id: string; minutes: number; certifierName: string; startedAt: string; endedAt: string };
  /** The district's rate, points per certified hour, as the gateway reads the policy. */
  pointsPerHour: number;
  /** The member's points: before the service (0: no account yet), after it, after the exchange. */
  points: { before: number; earned: number; afterService: number; afterExchange: number };
  /** The member's banked minutes after the service. */
  minutesBanked: number;
  item: { id: string; name: string; pricePoints: number; stockListed: number; stockAfter: number | null };
  exchange: { id: string; points: number; quantity: number; exchangedOn: string };
  /** The leader's attempt to certify its own service. */
  selfCertification: Refusal;
  certificate: {
    id: string;
    number: string;
    verificationCode: string;
    totalMinutes: number;
    totalHours: string;
    pagePath: string;
  };
  verification: { valid: boolean; reason: string | null; mismatches: string[] };
  /** The district's time bank before and after the run (points and minutes). */
  totals: { before: Totals; after: Totals };
}

export interface Totals {
  pointsIssued: number;
  pointsRedeemed: number;
  pointsOutstanding: number;
  minutesBanked: number;
}

/** A mutation answered with an expected failure; the run stops there. */
export class StepRefused extends Error {
  constructor(
    readonly step: string,
    readonly failure: Refusal,
  ) {
    super(
      `${step} refused: ${failure.__typename} ${failure.code} at ${failure.path.join('.')}: ${failure.message}`,
    );
    this.name = 'StepRefused';
  }
}

/**
 * The points rate in force for the community on a day (`time_bank.points_per_hour`, a local
 * policy): null when none is, and then minutes are banked but no points earned.
 */
export const PointsPerHour = graphql(`
  query PointsPerHour($unitCode: String!, $on: Date) {
    policyInForce(key: TIME_BANK__POINTS_PER_HOUR, unitCode: $unitCode, on: $on) {
      valueJson
      source
    }
  }
`);

/** The catalogue item the member redeems: a community's goods, priced in points, with stock. */
export const ITEM = { name: '社区食堂餐券（2张）', pricePoints: 15, stock: 10 } as const;
/** The member's service yesterday: 09:00 to 11:00 in China, 120 minutes actually served. */
export const SERVICE = { from: '09:00', to: '11:00', minutes: 120 } as const;
/** How many days before today the volunteers registered and the team was formed. */
export const DAYS_AGO = { registered: 14, teamFormed: 14, joined: 13, certificateFrom: 30 } as const;

export async function run(options: RunOptions): Promise<RunReport> {
  const lines: string[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  const communityCode = options.communityCode ?? '320505001001';
  const districtCode = communityCode.slice(0, 6);
  const today = options.today ?? todayInChina();
  const ago = (days: number) => addDays(today, -days);
  const yesterday = ago(1);
  const runId = options.runId ?? Date.now().toString(36);
  const key = (what: string) => `volunteers-example-${runId}-${what}`;
  const clientFor = (token?: string) =>
    createClient({
      url: options.url,
      ...(token ? { token } : {}),
      timeoutMs: 30_000,
      headers: { 'x-request-source': 'sanshe-example-volunteers' },
    });
  const staff = clientFor(options.communityStaffToken);
  const anyone = clientFor();

  const place = await staff.request(CommunityByCode, { code: communityCode });
  if (!place.data) throw place.error;
  const home = place.data.community;
  if (!home) throw new Error(`The gateway has no community ${communityCode}.`);
  const totalsBefore = await readTotals(anyone, districtCode);

  // 1. Community staff register two residents under their real names; the identity number is
  //    stored sealed and shown masked from then on.
  const register = async (name: string, respondent: number) =>
    succeed(
      `Registering ${name}`,
      await staff.request(RegisterVolunteer, {
        input: {
          homeCommunityId: home.id,
          name,
          residentId: makeResidentId(districtCode, respondent, runId),
          registeredOn: ago(DAYS_AGO.registered),
          realNameVerifiedOn: ago(DAYS_AGO.registered),
          skills: ['ELDERLY_CARE', 'CULTURE'],
        },
      }),
      (data) => data.registerVolunteer,
    );
  const leader = await register('王建国', 1);
  const member = await register('李秀英', 2);
  for (const volunteer of [leader, member]) {
    log(
      `[community] 实名注册志愿者 ${volunteer.name}（${volunteer.residentIdMasked}）于 ${volunteer.registeredOn} / ` +
        `Registered volunteer ${volunteer.name} (${volunteer.residentIdMasked}) in ${home.name}.`,
    );
  }

  // 2. They form a team led from the community, the first volunteer its leader.
  const team = succeed(
    'Forming the team',
    await staff.request(FormVolunteerTeam, {
      input: {
        ownerId: home.id,
        name: `${home.name}邻里守望志愿服务队-${runId}`,
        foundedOn: ago(DAYS_AGO.teamFormed),
      },
    }),
    (data) => data.formVolunteerTeam,
  );
  for (const [volunteer, role] of [
    [leader, 'LEADER'],
    [member, 'MEMBER'],
  ] as const) {
    succeed(
      `Adding ${volunteer.name} to the team`,
      await staff.request(AddTeamMember, {
        input: { teamId: team.id, volunteerId: volunteer.id, role, joinedOn: ago(DAYS_AGO.joined) },
      }),
      (data) => data.addTeamMember,
    );
  }
  log(
    `[community] 成立 ${team.name}：队长 ${leader.name}，队员 ${member.name} / Formed the team, ${leader.name} leading.`,
  );

  // 3. The leader records the member's service yesterday morning, and so certifies it for the
  //    team. The member's points are read first: none before its first service.
  const leaderClient = clientFor(await options.volunteerToken(leader.id, `volunteer-${runId}-leader`));
  const memberClient = clientFor(await options.volunteerToken(member.id, `volunteer-${runId}-member`));
  const pointsBefore = (await readVolunteer(memberClient, member.id)).pointsAccount?.balance ?? 0;
  const serviceInput = (volunteerId: string) => ({
    volunteerId,
    communityId: home.id,
    certifier: { teamId: team.id },
    content: '为辖区高龄独居老人上门送餐，陪伴聊天并检查家中用电安全',
    place: `${home.name}居民小区`,
    startedAt: `${yesterday}T${SERVICE.from}:00+08:00`,
    endedAt: `${yesterday}T${SERVICE.to}:00+08:00`,
  });
  const service = succeed(
    'Recording the service',
    await leaderClient.request(RecordVolunteerService, { input: serviceInput(member.id) }),
    (data) => data.recordVolunteerService,
  );
  log(
    `[leader] ${leader.name} 记录并证明 ${member.name} 的志愿服务 ${service.minutes} 分钟（${service.certifierName}）/ ` +
      `Recorded and certified ${service.minutes} minutes of ${member.name}'s service for the team.`,
  );

  // 谁记录谁证明: the leader's own service is certified by someone else, never by itself.
  const selfCertification = refused(
    'Certifying one’s own service',
    await leaderClient.request(RecordVolunteerService, { input: serviceInput(leader.id) }),
    (data) => data.recordVolunteerService,
  );
  log(
    `[leader] 为本人记录时长被拒绝：${selfCertification.code} / Recording its own service was refused: ${selfCertification.message}`,
  );

  // 4. The member sees the minutes banked and the points the district's rate gives.
  const rate = await staff.request(PointsPerHour, { unitCode: communityCode, on: yesterday });
  if (!rate.data) throw rate.error;
  const pointsPerHour = rate.data.policyInForce ? Number(JSON.parse(rate.data.policyInForce.valueJson)) : 0;
  const afterService = await readVolunteer(memberClient, member.id);
  const pointsAfterService = afterService.pointsAccount?.balance ?? 0;
  const minutesBanked = afterService.minutesAccount?.balance ?? 0;
  log(
    `[member] ${member.name}：服务时长 ${minutesBanked} 分钟，积分 ${pointsBefore} → ${pointsAfterService}（每小时 ${pointsPerHour} 分）/ ` +
      `${minutesBanked} minutes banked, points ${pointsBefore} → ${pointsAfterService} at ${pointsPerHour} an hour.`,
  );

  // 5. The community lists an item; the member reads the catalogue and redeems one unit.
  const listed = succeed(
    'Listing the catalogue item',
    await staff.request(ListCatalogueItem, {
      input: {
        districtCode,
        providerCommunityId: home.id,
        kind: 'GOODS',
        name: ITEM.name,
        description: '凭券在社区长者食堂就餐',
        pricePoints: ITEM.pricePoints,
        stock: ITEM.stock,
        idempotencyKey: key('list-item'),
      },
    }),
    (data) => data.listCatalogueItem,
  );
  const catalogue = await memberClient.request(TimeBankCataloguePage, {
    filter: { districtCode, providerCommunityId: home.id },
  });
  if (!catalogue.data) throw catalogue.error;
  log(`[member] 兑换目录 / The catalogue of ${home.name}:`);
  for (const item of catalogue.data.timeBankCatalogue) {
    log(
      `  - ${item.name}: ${item.pricePoints} 积分 points, ${item.stock === null ? '不限量 unlimited' : `余 ${item.stock} left`}`,
    );
  }
  const chosen = catalogue.data.timeBankCatalogue.find(
    (item) => item.id === listed.id && item.pricePoints <= pointsAfterService,
  );
  if (!chosen)
    throw new Error(`${ITEM.name} is not in the catalogue, or costs more than ${pointsAfterService} points.`);
  const exchange = succeed(
    'Redeeming points',
    await memberClient.request(ExchangePoints, {
      input: { volunteerId: member.id, itemId: chosen.id, quantity: 1, idempotencyKey: key('exchange') },
    }),
    (data) => data.exchangePoints,
  );
  const pointsAfterExchange = (await readVolunteer(memberClient, member.id)).pointsAccount?.balance ?? 0;
  const afterCatalogue = await anyone.request(TimeBankCataloguePage, {
    filter: { districtCode, providerCommunityId: home.id },
  });
  if (!afterCatalogue.data) throw afterCatalogue.error;
  const stockAfter =
    afterCatalogue.data.timeBankCatalogue.find((item) => item.id === chosen.id)?.stock ?? null;
  log(
    `[member] 以 ${exchange.points} 积分兑换 ${chosen.name} × ${exchange.quantity}，余 ${pointsAfterExchange} 积分；库存 ${chosen.stock} → ${stockAfter} / ` +
      `Redeemed ${exchange.points} points; ${pointsAfterExchange} left; stock ${chosen.stock} → ${stockAfter}.`,
  );

  // 6. The community issues the member a certificate of its service, and anyone verifies it
  //    with the number and code printed on it, and the hours and name as printed.
  const certificate = succeed(
    'Issuing the certificate',
    await staff.request(IssueVolunteerCertificate, {
      input: {
        volunteerId: member.id,
        issuerCommunityId: home.id,
        periodFrom: ago(DAYS_AGO.certificateFrom),
        periodTo: today,
      },
    }),
    (data) => data.issueVolunteerCertificate,
  );
  log(
    `[community] 出具志愿服务记录证明 ${certificate.number}，累计 ${certificate.totalHours} 小时，验证码 ${certificate.verificationCode} / ` +
      `Issued certificate ${certificate.number}: ${certificate.totalHours} hours, verification code ${certificate.verificationCode}, page ${certificate.pagePath}.`,
  );
  const verified = await anyone.request(VerifyVolunteerCertificate, {
    districtCode,
    number: certificate.number,
    code: certificate.verificationCode,
    statedHours: Number(certificate.totalHours),
    statedName: certificate.volunteerName,
  });
  if (!verified.data) throw verified.error;
  const verification = verified.data.verifyVolunteerCertificate;
  log(
    `[anyone] 核验 ${certificate.number}：${verification.valid ? '有效' : `无效（${verification.reason}）`} / ` +
      `Verified: ${verification.valid ? 'valid' : `not valid (${verification.reason})`}, issued by ${verification.issued?.issuerName}.`,
  );

  const totalsAfter = await readTotals(anyone, districtCode);
  log(
    `[summary] ${member.name} 服务 ${service.minutes} 分钟，获得 ${pointsAfterService - pointsBefore} 积分，兑换 ${exchange.points} 积分 / ` +
      `served ${service.minutes} minutes, earned ${pointsAfterService - pointsBefore} points, redeemed ${exchange.points}. ` +
      `District ${districtCode}: ${totalsAfter.pointsIssued} issued, ${totalsAfter.pointsRedeemed} redeemed, ` +
      `${totalsAfter.pointsOutstanding} outstanding, ${totalsAfter.minutesBanked} minutes banked.`,
  );

  return {
    lines,
    today,
    leader: { id: leader.id, name: leader.name },
    member: { id: member.id, name: member.name },
    team: { id: team.id, name: team.name },
    service: {
      id: service.id,
      minutes: service.minutes,
      certifierName: service.certifierName,
      startedAt: service.startedAt,
      endedAt: service.endedAt,
    },
    pointsPerHour,
    points: {
      before: pointsBefore,
      earned: pointsAfterService - pointsBefore,
      afterService: pointsAfterService,
      afterExchange: pointsAfterExchange,
    },
    minutesBanked,
    item: {
      id: chosen.id,
      name: chosen.name,
      pricePoints: chosen.pricePoints,
      stockListed: listed.stock ?? 0,
      stockAfter,
    },
    exchange: {
      id: exchange.id,
      points: exchange.points,
      quantity: exchange.quantity,
      exchangedOn: exchange.exchangedOn,
    },
    selfCertification: {
      __typename: selfCertification.__typename,
      code: selfCertification.code,
      message: selfCertification.message,
      path: selfCertification.path,
    },
    certificate: {
      id: certificate.id,
      number: certificate.number,
      verificationCode: certificate.verificationCode,
      totalMinutes: certificate.totalMinutes,
      totalHours: certificate.totalHours,
      pagePath: certificate.pagePath,
    },
    verification: {
      valid: verification.valid,
      reason: verification.reason,
      mismatches: verification.mismatches,
    },
    totals: { before: totalsBefore, after: totalsAfter },
  };
}

async function readVolunteer(client: SansheClient, id: string) {
  const { data, error } = await client.request(VolunteerById, { id });
  if (!data || error) throw error;
  if (data.node?.__typename !== 'Volunteer') throw new Error(`The volunteer ${id} is not visible.`);
  return data.node;
}

async function readTotals(client: SansheClient, districtCode: string): Promise<Totals> {
  const { data, error } = await client.request(TimeBankTotals, { districtCode });
  if (!data || error) throw error;
  return { ...data.timeBankTotals };
}

type ResultUnion = { __typename: string };
type SuccessOf<R> = R extends { data: infer D } ? D : never;
type FailureOf<R> = Exclude<R, { data: unknown }>;

/**
 * The success's `data`, or a {@link StepRefused} naming the step, the code and the field. A
 * request that failed as a whole (network, timeout, GraphQL error) is thrown as it came.
 */
function succeed<Data, R extends ResultUnion>(
  step: string,
  response: RequestResult<Data>,
  pick: (data: Data) => R,
): SuccessOf<R> {
  if (!response.data || response.error) throw response.error;
  const result = pick(response.data);
  if ('data' in result) return (result as R & { data: SuccessOf<R> }).data;
  throw new StepRefused(step, result as unknown as Refusal);
}

/** The expected failure of a step meant to be refused; a success stops the run. */
function refused<Data, R extends ResultUnion>(
  step: string,
  response: RequestResult<Data>,
  pick: (data: Data) => R,
): FailureOf<R> & Refusal {
  if (!response.data || response.error) throw response.error;
  const result = pick(response.data);
  if ('data' in result) throw new Error(`${step} was expected to be refused, and went through.`);
  return result as unknown as FailureOf<R> & Refusal;
}

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A demo resident identity number (GB 11643) of an adult of the district: born between 1960 and
 * 1990, the sequence from the run and the respondent, and the ISO 7064 MOD 11-2 check character.
 */
export function makeResidentId(area: string, respondent: number, runId: string): string {
  let seed = respondent;
  for (const character of runId) seed = (seed * 31 + character.charCodeAt(0)) % 1_000_003;
  const birth = new Date(Date.UTC(1960, 0, 1) + ((seed * 7 + respondent) % 10_000) * 86_400_000);
  const sequence = String((seed + respondent * 97) % 1000).padStart(3, '0');
  const first17 = `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${sequence}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * RESIDENT_ID_WEIGHTS[i]!;
  return first17 + '10X98765432'.charAt(sum % 11);
}

/**
 * An HS256 token a gateway configured with the same secret, issuer and audience accepts (the
 * part of an identity provider this example needs), valid for an hour.
 */
export function signToken(
  settings: { secret: string; issuer: string; audience: string },
  claims: Record<string, string>,
  now: Date = new Date(),
): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedAt = Math.floor(now.getTime() / 1000);
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({
    ...claims,
    iss: settings.issuer,
    aud: settings.audience,
    iat: issuedAt,
    exp: issuedAt + 3600,
  })}`;
  return `${body}.${createHmac('sha256', settings.secret).update(body).digest('base64url')}`;
}

// ---- Dates: calendar days in China Standard Time (UTC+8 all year), as the gateway keeps them.

export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

// Run when started directly: `node dist/main.js [url]`, else $SANSHE_URL, else the local demo.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.argv[2] ?? process.env.SANSHE_URL ?? 'http://127.0.0.1:4000/graphql';
  const names = ['SANSHE_JWT_SECRET', 'SANSHE_JWT_ISSUER', 'SANSHE_JWT_AUDIENCE'] as const;
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    console.error(`Set ${missing.join(', ')}: the HS256 settings the gateway verifies tokens with.`);
    process.exitCode = 1;
  } else {
    const settings = {
      secret: process.env.SANSHE_JWT_SECRET!,
      issuer: process.env.SANSHE_JWT_ISSUER!,
      audience: process.env.SANSHE_JWT_AUDIENCE!,
    };
    const communityCode = process.env.SANSHE_COMMUNITY ?? '320505001001';
    run({
      url,
      communityCode,
      communityStaffToken: signToken(settings, {
        sub: 'example-community-staff',
        role: 'COMMUNITY_STAFF',
        district: communityCode.slice(0, 6),
        community: communityCode,
      }),
      volunteerToken: async (volunteer, sub) => signToken(settings, { sub, role: 'VOLUNTEER', volunteer }),
    }).catch((error: unknown) => {
      console.error(error instanceof StepRefused ? error.message : error);
      process.exitCode = 1;
    });
  }
}
