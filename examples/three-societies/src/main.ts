/**
 * A civil-affairs bureau's program: the three societies (三社联动) through @sanshe/client.
 *
 * In one community of the district it registers a social service agency (登记, with a unified
 * social credit code), files a community group (备案, no code), records a social worker with a
 * certificate, registers the certificate and starts the worker's post at the agency. It reads
 * the indicators of the district and of the community before and after, so the report shows
 * the organization numerators rising by 2 and, once the worker is certified today, the
 * certified-worker numerators by 1.
 *
 *   npm start                                   # in the workspace root: the demo city on :4000
 *   node dist/main.js                           # http://127.0.0.1:4000/graphql
 *   node dist/main.js https://sanshe.example.gov.cn/graphql
 *   SANSHE_URL=… SANSHE_TOKEN=… SANSHE_COMMUNITY=320505001002 node dist/main.js
 *
 * It writes, and may be run again: each run records one more agency, group and worker, under
 * codes derived from the clock and moved on when the gateway reports them taken.
 */
import { pathToFileURL } from 'node:url';
import {
  AddCertificate,
  CommunityThreeSocieties,
  createClient,
  FileCommunityGroup,
  Indicators,
  RegisterCertificate,
  RegisterOrganization,
  RegisterSocialWorker,
  type ResultOf,
  type SansheClient,
  SocialWorkerById,
  StartPost,
} from '@sanshe/client';

export interface RunOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A bearer token, if the gateway asks for one. */
  token?: string;
  /** The community to work in (12 digits). Default 320505001001, in the demo district 320505. */
  communityCode?: string;
  /**
   * Where the serial numbers of the new codes start (0–999 999). Default: from the clock, so
   * that runs do not collide; a taken code moves the serial on in any case.
   */
  serial?: number;
  /** Where each line of the report goes. Default: `console.log`. */
  log?: (line: string) => void;
}

/** One indicator read before and after, from the same unit. */
export interface IndicatorChange {
  key: string;
  scale: number;
  before: { numerator: number; denominator: number; value: number | null };
  after: { numerator: number; denominator: number; value: number | null };
  /** after.numerator − before.numerator. */
  numeratorDelta: number;
}

export interface RunReport {
  /** Every line that was logged. */
  lines: string[];
  /** The day every date of the run refers to (China Standard Time). */
  today: string;
  community: {
    code: string;
    name: string;
    subdistrict: string;
    urbanRuralClass: string | null;
    organizationsBefore: number;
    organizationsAfter: number;
  };
  agency: { id: string; name: string; uscc: string; attempts: number };
  group: { id: string; name: string };
  worker: {
    id: string;
    name: string;
    residentIdMasked: string;
    mobilePhoneMasked: string | null;
    attempts: number;
    certifiedToday: boolean;
    certifiedLevel: string | null;
  };
  certificate: {
    id: string;
    certificateNumber: string;
    passedOn: string;
    validFrom: string;
    validUntil: string;
  };
  post: { id: string; title: string; startsOn: string; organization: string };
  indicators: { district: IndicatorChange[]; community: IndicatorChange[] };
}

/** A mutation answered with an expected failure; the run stops there. */
export class StepRefused extends Error {
  constructor(
    readonly step: string,
    readonly failure: { __typename: string; code: string; message: string; path: readonly string[] },
  ) {
    super(
      `${step} refused: ${failure.__typename} ${failure.code} at ${failure.path.join('.')}: ${failure.message}`,
    );
    this.name = 'StepRefused';
  }
}

type IndicatorRow = ResultOf<typeof Indicators>['indicators'][number];

/** How many codes to try when the gateway reports one taken (a previous run, the demo data). */
const MAX_ATTEMPTS = 20;

export async function run(options: RunOptions): Promise<RunReport> {
  const lines: string[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (line: string) => {
    lines.push(line);
    print(line);
  };
  const communityCode = options.communityCode ?? '320505001001';
  const districtCode = communityCode.slice(0, 6);
  const serial = (options.serial ?? Math.floor(Date.now() / 1000)) % 1_000_000;
  // Every date of the run is this day: a registration or a post may not lie in the future, and
  // the indicators are read on it, so the report is about one day whatever the clocks say.
  const today = todayInChina();

  // Queries are retried on network errors and 429/502/503/504; mutations are sent once.
  // `request` never throws for a failure: it returns { data, error }.
  const client = createClient({
    url: options.url,
    ...(options.token ? { token: options.token } : {}),
    timeoutMs: 15_000,
    headers: { 'x-request-source': 'sanshe-example-three-societies' },
  });

  // 1. The community page, and the indicators of the district and the community, before.
  const page = await communityPage(client, communityCode);
  log(
    `Community ${page.code} ${page.name} (${page.subdistrict.name}, urban-rural class ${page.urbanRuralClass ?? 'not recorded'}), ` +
      `${page.residentPopulation ?? 'unknown'} residents: ${page.socialOrganizations.totalCount} organizations, ` +
      `${page.socialWorkerPosts.totalCount} community posts.`,
  );
  const before = await readIndicators(client, [districtCode, communityCode], today);
  log(`Indicators on ${today}, before:`);
  for (const row of [...before[districtCode]!, ...before[communityCode]!]) log(`  ${formatIndicator(row)}`);

  // 2. Register a social service agency (民办非企业单位) rooted in the community. Its code is
  //    5 (civil affairs), 2 (social service agency), the bureau's area, a GB 11714 code and a
  //    check character; a code already recorded comes back as ConflictError DUPLICATE_USCC and
  //    the next serial is tried.
  const agencyName = `${page.name}乐邻社会工作服务中心`;
  let agency: { id: string; name: string; uscc: string; attempts: number } | undefined;
  for (let attempt = 1; !agency; attempt++) {
    const uscc = makeUscc('2', districtCode, `MK${pad(serial + attempt - 1, 6)}`);
    const { data, error } = await client.request(RegisterOrganization, {
      input: {
        districtCode,
        communityCode,
        legalForm: 'SOCIAL_SERVICE_AGENCY',
        category: 'SERVICES',
        serviceDomains: ['ELDERLY', 'CHILDREN', 'PSYCHOLOGY'],
        name: agencyName,
        uscc,
        registeredOn: today,
      },
    });
    if (!data) throw error; // the request itself failed (network, timeout, …)
    const result = data.registerOrganization;
    switch (result.__typename) {
      case 'RegisterOrganizationSuccess':
        agency = {
          id: result.data.id,
          name: result.data.name,
          uscc: result.data.uscc ?? uscc,
          attempts: attempt,
        };
        log(
          `Registered ${result.data.name} (社会服务机构), USCC ${agency.uscc}, in ${result.data.community?.code}` +
            `${attempt > 1 ? ` after ${attempt - 1} taken code(s)` : ''}.`,
        );
        break;
      case 'ConflictError':
        if (result.code === 'DUPLICATE_USCC' && attempt < MAX_ATTEMPTS) {
          log(`  USCC ${uscc} is already recorded; trying the next serial.`);
          break;
        }
        throw new StepRefused('Registering the agency', result);
      case 'ValidationError': // INVALID_USCC, USCC_MISMATCH, INVALID_DATE …: the input is wrong
      case 'NotFoundError': // the community is not recorded
      case 'ForbiddenError': // the token may not write in this district
        throw new StepRefused('Registering the agency', result);
      default:
        return unexpected(result);
    }
  }

  // 3. File a community group (备案): no legal personality and no code, guided by the community.
  const filed = await client.request(FileCommunityGroup, {
    input: {
      guidingUnitCode: communityCode,
      category: 'CULTURE_SPORT',
      serviceDomains: ['CULTURE', 'ELDERLY'],
      name: `${page.name}邻里读书会`,
      filedOn: today,
    },
  });
  if (!filed.data) throw filed.error;
  const filedResult = filed.data.fileCommunityGroup;
  let group: { id: string; name: string };
  switch (filedResult.__typename) {
    case 'FileCommunityGroupSuccess':
      group = { id: filedResult.data.id, name: filedResult.data.name };
      log(`Filed community group ${group.name} (备案, guided by ${filedResult.data.guidingUnitCode}).`);
      break;
    case 'ValidationError':
    case 'ConflictError': // e.g. UNIT_NOT_IN_FORCE: the community is retired
    case 'NotFoundError':
    case 'ForbiddenError':
      throw new StepRefused('Filing the community group', filedResult);
    default:
      return unexpected(filedResult);
  }

  // 4. Record a social worker. The resident ID goes in once and only ever comes back masked;
  //    a number already recorded is ConflictError DUPLICATE_RECORD, and the next is tried.
  const workerName = '林乐群';
  let worker: RunReport['worker'] | undefined;
  for (let attempt = 1; !worker; attempt++) {
    const residentId = makeResidentId(districtCode, serial + attempt - 1);
    const { data, error } = await client.request(RegisterSocialWorker, {
      input: {
        districtCode,
        name: workerName,
        residentId,
        mobilePhone: `1700000${pad(serial + attempt - 1, 4)}`,
      },
    });
    if (!data) throw error;
    const result = data.registerSocialWorker;
    switch (result.__typename) {
      case 'RegisterSocialWorkerSuccess':
        worker = {
          id: result.data.id,
          name: result.data.name,
          residentIdMasked: result.data.residentIdMasked,
          mobilePhoneMasked: result.data.mobilePhoneMasked,
          attempts: attempt,
          certifiedToday: false,
          certifiedLevel: null,
        };
        log(
          `Recorded social worker ${worker.name}, ID ${worker.residentIdMasked}, phone ${worker.mobilePhoneMasked ?? 'none'}` +
            `${attempt > 1 ? ` after ${attempt - 1} taken number(s)` : ''}.`,
        );
        break;
      case 'ConflictError':
        if (result.code === 'DUPLICATE_RECORD' && attempt < MAX_ATTEMPTS) {
          log('  That resident ID is already recorded; trying the next serial.');
          break;
        }
        throw new StepRefused('Recording the worker', result);
      case 'ValidationError': // INVALID_RESIDENT_ID, INVALID_MOBILE_PHONE, INVALID_NAME
      case 'NotFoundError':
      case 'ForbiddenError':
        throw new StepRefused('Recording the worker', result);
      default:
        return unexpected(result);
    }
  }

  // 5. The worker's certificate, passed three months ago: a first registration must come
  //    within a year of the examination, and nothing is recorded as happening in the future.
  const passedOn = monthsBefore(today, 3);
  let certificate: { id: string; certificateNumber: string } | undefined;
  for (let attempt = 1; !certificate; attempt++) {
    const certificateNumber = `SW-${today.slice(0, 4)}-${pad(serial + attempt - 1, 6)}`;
    const { data, error } = await client.request(AddCertificate, {
      input: { workerId: worker.id, level: 'INTERMEDIATE', certificateNumber, passedOn },
    });
    if (!data) throw error;
    const result = data.addCertificate;
    switch (result.__typename) {
      case 'AddCertificateSuccess':
        certificate = { id: result.data.id, certificateNumber: result.data.certificateNumber };
        log(
          `Added certificate ${certificate.certificateNumber} (${result.data.level}), passed on ${result.data.passedOn}.`,
        );
        break;
      case 'ConflictError':
        if (
          result.code === 'DUPLICATE_RECORD' &&
          result.path.at(-1) === 'certificateNumber' &&
          attempt < MAX_ATTEMPTS
        ) {
          log(`  Certificate number ${certificateNumber} is already recorded; trying the next.`);
          break;
        }
        throw new StepRefused('Adding the certificate', result);
      case 'ValidationError':
      case 'NotFoundError':
      case 'ForbiddenError':
        throw new StepRefused('Adding the certificate', result);
      default:
        return unexpected(result);
    }
  }

  // 6. Its first registration (首次登记), today: valid three years from today.
  const registered = await client.request(RegisterCertificate, {
    input: { certificateId: certificate.id, registeredOn: today },
  });
  if (!registered.data) throw registered.error;
  const registration = registered.data.registerCertificate;
  let period: { validFrom: string; validUntil: string };
  switch (registration.__typename) {
    case 'RegisterCertificateSuccess':
      period = { validFrom: registration.data.validFrom, validUntil: registration.data.validUntil };
      log(
        `Registered the certificate (${registration.data.kind}) on ${registration.data.registeredOn}, ` +
          `valid ${period.validFrom} to ${period.validUntil} (${registration.data.policySource ?? 'national rules'}).`,
      );
      break;
    case 'ConflictError': // ALREADY_REGISTERED, REGISTRATION_DEADLINE_PASSED, POLICY_NOT_SET
    case 'ValidationError': // INVALID_DATE: a day in the future
    case 'NotFoundError':
    case 'ForbiddenError':
      throw new StepRefused('Registering the certificate', registration);
    default:
      return unexpected(registration);
  }

  // 7. The worker's full-time post at the agency, from today.
  const started = await client.request(StartPost, {
    input: {
      workerId: worker.id,
      organizationId: agency.id,
      title: '项目社工',
      fullTime: true,
      startsOn: today,
    },
  });
  if (!started.data) throw started.error;
  const startedResult = started.data.startPost;
  let post: RunReport['post'];
  switch (startedResult.__typename) {
    case 'StartPostSuccess':
      post = {
        id: startedResult.data.id,
        title: startedResult.data.title,
        startsOn: startedResult.data.startsOn,
        organization: startedResult.data.organization?.name ?? agency.name,
      };
      log(`Started post ${post.title} at ${post.organization} from ${post.startsOn}.`);
      break;
    case 'ConflictError': // OVERLAPPING_POST, ORGANIZATION_INACTIVE
    case 'ValidationError':
    case 'NotFoundError':
    case 'ForbiddenError':
      throw new StepRefused('Starting the post', startedResult);
    default:
      return unexpected(startedResult);
  }

  // 8. Is the worker certified today? Only then do they count in the indicators.
  const { data: workerData, error: workerError } = await client.request(SocialWorkerById, {
    id: worker.id,
    on: today,
  });
  if (!workerData) throw workerError;
  const node = workerData.node;
  if (node?.__typename !== 'SocialWorker') throw new Error(`Worker ${worker.id} is not found by its ID.`);
  worker.certifiedToday = node.certifiedOn;
  worker.certifiedLevel = node.certifiedLevel;
  log(
    `${node.name} is ${node.certifiedOn ? `certified today (${node.certifiedLevel})` : 'not certified today'}.`,
  );

  // 9. The community page and the indicators after.
  const pageAfter = await communityPage(client, communityCode);
  log(`Community ${pageAfter.code} now has ${pageAfter.socialOrganizations.totalCount} organizations.`);
  const agencyPage = await communityPage(client, communityCode, agency.uscc);
  const listed = agencyPage.socialOrganizations.nodes[0];
  for (const current of listed?.posts.nodes ?? []) {
    log(
      `The community page lists ${listed?.name}: ${current.title} ${current.worker.name} ` +
        `(${current.worker.residentIdMasked}, ${current.worker.certifiedLevel ?? 'not certified'}).`,
    );
  }
  const after = await readIndicators(client, [districtCode, communityCode], today);
  log(`Indicators on ${today}, after:`);
  for (const row of [...after[districtCode]!, ...after[communityCode]!]) log(`  ${formatIndicator(row)}`);

  const changes = {
    district: compare(before[districtCode]!, after[districtCode]!),
    community: compare(before[communityCode]!, after[communityCode]!),
  };
  const delta = (rows: IndicatorChange[], key: string) =>
    rows.find((row) => row.key === key)?.numeratorDelta ?? 0;
  for (const [unit, rows] of [
    [districtCode, changes.district],
    [communityCode, changes.community],
  ] as const) {
    log(
      `Change in ${unit}: organizations ${signed(delta(rows, 'organizations_per_10k_residents'))}, ` +
        `certified social workers ${signed(delta(rows, 'certified_social_workers_per_10k_residents'))} ` +
        `(expected +2 and ${worker.certifiedToday ? '+1' : '+0'} unless others wrote meanwhile).`,
    );
  }

  return {
    lines,
    today,
    community: {
      code: page.code,
      name: page.name,
      subdistrict: page.subdistrict.name,
      urbanRuralClass: page.urbanRuralClass,
      organizationsBefore: page.socialOrganizations.totalCount,
      organizationsAfter: pageAfter.socialOrganizations.totalCount,
    },
    agency,
    group,
    worker,
    certificate: { ...certificate, passedOn, ...period },
    post,
    indicators: changes,
  };
}

/** The community page (CommunityThreeSocieties), optionally narrowed to one organization. */
async function communityPage(client: SansheClient, code: string, uscc?: string) {
  const { data, error } = await client.request(CommunityThreeSocieties, {
    code,
    first: 5,
    ...(uscc ? { filter: { uscc } } : {}),
  });
  if (!data) throw error;
  if (!data.community) throw new Error(`The gateway has no community ${code}.`);
  return data.community;
}

/** The indicators of several units on one day, read in parallel. */
async function readIndicators(
  client: SansheClient,
  unitCodes: string[],
  on: string,
): Promise<Record<string, IndicatorRow[]>> {
  const results = await Promise.all(
    unitCodes.map(async (unitCode) => {
      const { data, error } = await client.request(Indicators, { unitCode, on });
      // A request error (NOT_FOUND, CODE_OUTSIDE_DISTRICT, DISTRICT_UNAVAILABLE …) has a code.
      if (!data || error) throw error;
      return [unitCode, data.indicators] as const;
    }),
  );
  return Object.fromEntries(results);
}

function compare(before: IndicatorRow[], after: IndicatorRow[]): IndicatorChange[] {
  return after.map((row) => {
    const old = before.find((candidate) => candidate.key === row.key);
    const figures = (r: IndicatorRow | undefined) => ({
      numerator: r?.numerator ?? 0,
      denominator: r?.denominator ?? 0,
      value: r?.value ?? null,
    });
    return {
      key: row.key,
      scale: row.scale,
      before: figures(old),
      after: figures(row),
      numeratorDelta: row.numerator - (old?.numerator ?? 0),
    };
  });
}

function formatIndicator(row: IndicatorRow): string {
  const value = row.value === null ? 'n/a' : row.value.toFixed(2);
  const target = row.target === null ? '' : ` (target ${row.target})`;
  const scale = row.scale === 1 ? '' : ` × ${row.scale}`;
  return `${row.unitCode} ${row.key}: ${row.numerator} / ${row.denominator}${scale} = ${value}${target}`;
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}

/** Every member of a result union is handled above; a new one fails to compile there. */
function unexpected(result: never): never {
  throw new Error(`Unexpected result ${JSON.stringify(result)}`);
}

// ---- Codes. A bureau has the real ones; these make valid demo codes (GB 32100, GB 11714, GB 11643).

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The check character of an organization code body (8 characters of 0–9, A–Z). */
export function organizationCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body.charAt(i), 36) * ORGANIZATION_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * A unified social credit code of civil affairs: '5', the legal form's digit ('1' association,
 * '2' social service agency, '3' foundation), the registering bureau's area code, the GB 11714
 * organization code (body + its check) and the check character. The body uses only characters
 * of the USCC alphabet (no I, O, S, V, Z).
 */
export function makeUscc(legalFormDigit: '1' | '2' | '3', area: string, body: string): string {
  const first17 = `5${legalFormDigit}${area}${body}${organizationCodeCheck(body)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * USCC_WEIGHTS[i]!;
  return first17 + USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * A resident ID (18 characters) for serial 0–1 007 999: area, a birth date between 1975 and
 * 1999 and a sequence, both from the serial (distinct serials give distinct numbers), and the
 * ISO 7064 MOD 11-2 check character.
 */
export function makeResidentId(area: string, serial: number): string {
  const birth = new Date(Date.UTC(1975, 0, 1) + (serial % 9000) * 86_400_000);
  const sequence = Math.floor(serial / 9000) + 1;
  const first17 = `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${pad(sequence, 3)}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * RESIDENT_ID_WEIGHTS[i]!;
  return first17 + '10X98765432'.charAt(sum % 11);
}

function pad(n: number, width: number): string {
  return String(n % 10 ** width).padStart(width, '0');
}

// ---- Dates: calendar days in China Standard Time (UTC+8 all year), as the gateway keeps them.

export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The same day a number of months earlier (the last day of a shorter month). */
export function monthsBefore(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date, lastDay));
  return target.toISOString().slice(0, 10);
}

// Run when started directly: `node dist/main.js [url]`, else $SANSHE_URL, else the local demo.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.argv[2] ?? process.env.SANSHE_URL ?? 'http://127.0.0.1:4000/graphql';
  run({
    url,
    ...(process.env.SANSHE_TOKEN ? { token: process.env.SANSHE_TOKEN } : {}),
    ...(process.env.SANSHE_COMMUNITY ? { communityCode: process.env.SANSHE_COMMUNITY } : {}),
  }).catch((error: unknown) => {
    console.error(error instanceof StepRefused ? error.message : error);
    process.exitCode = 1;
  });
}
