/**
 * A district with a time bank to exercise (docs/domain.md §5.5): two communities of one
 * subdistrict, an organization, three volunteers (two at home in 狮山社区, one in 枫桥社区), a
 * team of 狮山社区 led by the first volunteer, and a points rate of 10 an hour from 2025-01-01.
 * Volunteers, teams and service records are written straight to their tables (their services are
 * another area's); earnings go through `createServiceEarnings` and everything else through the
 * time-bank service under test.
 */
import { expect } from 'vitest';
import type { Actor } from '../../src/access/actor.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { isSansheError } from '../../src/errors/index.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { createPolicyService } from '../../src/policies/index.js';
import {
  communities,
  socialOrganizations,
  type VolunteerService,
  volunteerServices,
  volunteers,
  volunteerTeamMembers,
  volunteerTeams,
} from '../../src/schema/index.js';
import { createServiceKit } from '../../src/services/service-kit.js';
import { createTestDistrictDatabase, snapshotDatabase } from '../../src/testing/index.js';
import {
  createServiceEarnings,
  createTimeBankService,
  type TimeBankService,
} from '../../src/time-bank/index.js';

export const DISTRICT = '320505';
export const TODAY = '2025-09-30';
export const SUBDISTRICT = '320505001';
export const COMMUNITY = '320505001001';
export const OTHER_COMMUNITY = '320505001002';

export interface TimeBankDistrict {
  database: DistrictDatabase;
  communityId: number;
  otherCommunityId: number;
  organizationId: number;
  /** 张伟 (狮山社区, leads the team), 李娜 (狮山社区, in the team), 王芳 (枫桥社区). */
  volunteers: { leader: number; member: number; other: number };
  teamId: number;
  actors: Record<
    | 'bureau'
    | 'subdistrict'
    | 'community'
    | 'otherCommunity'
    | 'organization'
    | 'leader'
    | 'member'
    | 'other'
    | 'public',
    Actor
  >;
  /** The time bank as the district's civil-affairs bureau. */
  bank: TimeBankService;
  as(actor: Actor): TimeBankService;
}

let keyNumber = 0;

/** A fresh idempotency key: every request that is not a replay needs its own. */
export function newKey(): string {
  keyNumber += 1;
  return `tb-key-${process.pid}-${keyNumber.toString().padStart(6, '0')}`;
}

let residentNumber = 0;

/** A volunteer row as the volunteers area would write it (sealed values are placeholders here). */
export async function insertVolunteer(
  database: DistrictDatabase,
  name: string,
  homeCommunityId: number,
): Promise<number> {
  residentNumber += 1;
  const hash = residentNumber.toString(16).padStart(64, '0');
  const [row] = await database.db
    .insert(volunteers)
    .values({
      districtCode: DISTRICT,
      name,
      residentIdEncrypted: `sealed-${residentNumber}`,
      residentIdHash: hash,
      residentIdMasked: '3205**********001X',
      adultOn: '1990-01-01',
      homeCommunityId,
      registeredOn: '2024-06-01',
    })
    .returning();
  return row!.id;
}

export async function createTimeBankDistrict(): Promise<TimeBankDistrict> {
  const database = await createTestDistrictDatabase({ districtCode: DISTRICT });
  const hierarchy = createHierarchyService(database, { today: () => TODAY });
  await hierarchy.ensureDistrict({ name: '虎丘区', effectiveFrom: '2000-01-01' });
  await hierarchy.createSubdistrict({ code: SUBDISTRICT, name: '狮山街道', effectiveFrom: '2000-01-01' });
  for (const [code, name] of [
    [COMMUNITY, '狮山社区'],
    [OTHER_COMMUNITY, '枫桥社区'],
  ] as const) {
    await hierarchy.createCommunity({ code, name, effectiveFrom: '2001-01-01', urbanRuralClass: '111' });
  }
  const { db } = database;
  const all = await db.select().from(communities);
  const communityId = all.find((c) => c.code === COMMUNITY)!.id;
  const otherCommunityId = all.find((c) => c.code === OTHER_COMMUNITY)!.id;
  const [organization] = await db
    .insert(socialOrganizations)
    .values({
      districtCode: DISTRICT,
      name: '虎丘区乐龄社会工作服务中心',
      legalStatus: 'registered',
      legalForm: 'social_service_agency',
      uscc: '52320505MJ5500001A',
      category: 'services',
      registeredOn: '2018-05-01',
    })
    .returning();
  const leader = await insertVolunteer(database, '张伟', communityId);
  const member = await insertVolunteer(database, '李娜', communityId);
  const other = await insertVolunteer(database, '王芳', otherCommunityId);
  const [team] = await db
    .insert(volunteerTeams)
    .values({ districtCode: DISTRICT, name: '狮山社区助老志愿服务队', communityId, foundedOn: '2024-01-01' })
    .returning();
  await db.insert(volunteerTeamMembers).values([
    { districtCode: DISTRICT, teamId: team!.id, volunteerId: leader, role: 'leader', joinedOn: '2024-06-01' },
    { districtCode: DISTRICT, teamId: team!.id, volunteerId: member, role: 'member', joinedOn: '2024-06-01' },
  ]);
  // 10 points an hour for the whole district from 2025-01-01 (set before that day).
  await createPolicyService(database, { today: () => '2024-12-01' }).setPolicy({
    key: 'time_bank.points_per_hour',
    jurisdictionCode: DISTRICT,
    effectiveFrom: '2025-01-01',
    value: 10,
    source: '虎民〔2024〕88号 时间银行积分办法',
  });
  const actors = {
    bureau: { id: 'mz-01', role: 'DEPARTMENT_STAFF', district: DISTRICT },
    subdistrict: { id: 'js-01', role: 'SUBDISTRICT_STAFF', district: DISTRICT, subdistrict: SUBDISTRICT },
    community: { id: 'sq-01', role: 'COMMUNITY_STAFF', district: DISTRICT, community: COMMUNITY },
    otherCommunity: { id: 'sq-02', role: 'COMMUNITY_STAFF', district: DISTRICT, community: OTHER_COMMUNITY },
    organization: { id: 'org-01', role: 'ORG_STAFF', district: DISTRICT, organizationId: organization!.id },
    leader: { id: 'vol-leader', role: 'VOLUNTEER', district: DISTRICT, volunteerId: leader },
    member: { id: 'vol-member', role: 'VOLUNTEER', district: DISTRICT, volunteerId: member },
    other: { id: 'vol-other', role: 'VOLUNTEER', district: DISTRICT, volunteerId: other },
    public: { id: 'anonymous', role: 'PUBLIC' },
  } satisfies TimeBankDistrict['actors'];
  return {
    database,
    communityId,
    otherCommunityId,
    organizationId: organization!.id,
    volunteers: { leader, member, other },
    teamId: team!.id,
    actors,
    bank: createTimeBankService(database, { actor: actors.bureau, today: () => TODAY }),
    as: (actor) => createTimeBankService(database, { actor, today: () => TODAY }),
  };
}

let serviceHour = 0;

/**
 * A service record certified by 狮山社区, written straight to its table, then settled through
 * `createServiceEarnings` in the same transaction, as the volunteers area does.
 */
export async function serveAndSettle(
  district: TimeBankDistrict,
  volunteerId: number,
  minutes: number,
  options: {
    day?: string;
    corrects?: number;
    isVoid?: boolean;
    imported?: boolean;
    communityId?: number | null;
    database?: DistrictDatabase;
  } = {},
) {
  const database = options.database ?? district.database;
  const kit = createServiceKit(database, { actor: district.actors.community, today: () => TODAY });
  const earnings = createServiceEarnings(kit);
  // Each record its own hour, so no two overlap (the volunteers area refuses overlaps).
  serviceHour += 1;
  const day = options.day ?? '2025-03-01';
  const startedAt = new Date(Date.parse(`${day}T00:00:00+08:00`) + (serviceHour % 2000) * 25 * 60_000);
  const span = Math.max(minutes, 1);
  const endedAt = new Date(startedAt.getTime() + span * 60_000);
  return database.db.transaction(async (tx) => {
    const [service] = await tx
      .insert(volunteerServices)
      .values({
        districtCode: DISTRICT,
        volunteerId,
        content: '为独居老人送餐并陪伴聊天',
        place: '狮山社区党群服务中心',
        communityId: options.imported ? null : (options.communityId ?? district.communityId),
        startedAt: startedAt.toISOString(),
        endedAt: endedAt.toISOString(),
        minutes,
        certifierKind: options.imported ? 'imported' : 'community',
        certifierCommunityId: options.imported ? null : district.communityId,
        certifierName: options.imported ? '苏州市志愿服务平台' : '狮山社区居民委员会',
        originRef: options.imported ? `zyz:320500:${serviceHour}` : null,
        correctsServiceId: options.corrects ?? null,
        correctionReason: options.corrects ? '时长登记有误' : null,
        isVoid: options.isVoid ?? false,
        recordedBy: district.actors.community.id,
      })
      .returning();
    const settlement = await earnings.settle(tx, service as VolunteerService);
    return { service: service!, settlement };
  });
}

/** The write is refused with `code` (at `path`, when given) and every table is as before. */
export async function expectRefusal(
  district: { database: DistrictDatabase },
  write: () => Promise<unknown>,
  code: string,
  path?: readonly (string | number)[],
) {
  const before = await snapshotDatabase(district.database);
  let caught: unknown;
  try {
    await write();
  } catch (error) {
    caught = error;
  }
  expect(isSansheError(caught), `expected a SansheError ${code}, got ${String(caught)}`).toBe(true);
  const error = caught as {
    code: string;
    path: readonly (string | number)[];
    message: string;
    details?: unknown;
  };
  expect(error.code, error.message).toBe(code);
  if (path) expect(error.path).toEqual(path);
  expect(await snapshotDatabase(district.database)).toEqual(before);
  return error as {
    code: string;
    path: readonly (string | number)[];
    message: string;
    details: Record<string, unknown>;
  };
}
