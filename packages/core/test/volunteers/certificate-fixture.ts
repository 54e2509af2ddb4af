/**
 * What the certificate and transfer suites share: a district with two communities and an
 * organization, volunteers inserted as rows (sealed as the registry seals them) and service
 * records inserted as a certifying community would leave them. Not a test file.
 */
import type { Actor } from '../../src/access/index.js';
import type { DistrictDatabase } from '../../src/database/district-database.js';
import { createHierarchyService } from '../../src/hierarchy/index.js';
import { developmentKeyring } from '../../src/personal-data/keyring.js';
import type { Community, SocialOrganization, Volunteer, VolunteerService } from '../../src/schema/index.js';
import { socialOrganizations, volunteerServices, volunteers } from '../../src/schema/index.js';
import { computeResidentIdCheck } from '../../src/validators/index.js';
import { volunteerResidentIdColumns } from '../../src/volunteers/volunteer-identifiers.js';

/** The fixed "today" of these suites. */
export const TODAY = '2026-06-30';

/** A valid resident ID for a birth date (YYYYMMDD) and a 3-digit sequence. */
export function residentId(birth: string, sequence: string, area = '320505'): string {
  const first17 = `${area}${birth}${sequence}`;
  return first17 + computeResidentIdCheck(first17);
}

export interface DistrictFixture {
  database: DistrictDatabase;
  districtCode: string;
  home: Community;
  other: Community;
  organization: SocialOrganization;
}

/** A district with two communities in two subdistricts and one organization rooted in `home`. */
export async function buildDistrict(
  database: DistrictDatabase,
  names: { district: string; home: string; other: string },
): Promise<DistrictFixture> {
  const districtCode = database.districtCode;
  const h = createHierarchyService(database, { today: () => TODAY });
  await h.ensureDistrict({ name: names.district, effectiveFrom: '2000-01-01' });
  await h.createSubdistrict({
    code: `${districtCode}001`,
    name: `${names.home}街道`,
    effectiveFrom: '2000-01-01',
  });
  await h.createSubdistrict({
    code: `${districtCode}002`,
    name: `${names.other}街道`,
    effectiveFrom: '2000-01-01',
  });
  const home = await h.createCommunity({
    code: `${districtCode}001001`,
    name: `${names.home}社区`,
    effectiveFrom: '2001-01-01',
  });
  const other = await h.createCommunity({
    code: `${districtCode}002001`,
    name: `${names.other}社区`,
    effectiveFrom: '2001-01-01',
  });
  const [organization] = await database.db
    .insert(socialOrganizations)
    .values({
      districtCode,
      name: `${names.home}邻里互助会`,
      legalStatus: 'filed',
      guidingUnitCode: home.code,
      category: 'services',
      registeredOn: '2015-01-01',
      communityId: home.id,
    })
    .returning();
  return { database, districtCode, home, other, organization: organization! };
}

/** Insert a volunteer of `community` (an adult unless the birth date says otherwise). */
export async function insertVolunteer(
  fixture: DistrictFixture,
  options: {
    name: string;
    residentId: string;
    community?: Community;
    registeredOn?: string;
    adultOn?: string;
  },
): Promise<Volunteer> {
  const { database, districtCode } = fixture;
  const birth = options.residentId.slice(6, 14);
  const [row] = await database.db
    .insert(volunteers)
    .values({
      districtCode,
      name: options.name,
      ...volunteerResidentIdColumns(
        database.personalData ?? developmentKeyring,
        districtCode,
        options.residentId,
      ),
      adultOn:
        options.adultOn ?? `${Number(birth.slice(0, 4)) + 18}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
      homeCommunityId: (options.community ?? fixture.home).id,
      registeredOn: options.registeredOn ?? '2024-01-01',
    })
    .returning();
  return row!;
}

/** Insert a service certified by `community` (default the home community), in China time. */
export async function insertService(
  fixture: DistrictFixture,
  volunteer: Volunteer,
  options: {
    day: string;
    from: string;
    to: string;
    minutes?: number;
    content?: string;
    community?: Community;
  },
): Promise<VolunteerService> {
  const community = options.community ?? fixture.home;
  const startedAt = `${options.day}T${options.from}:00+08:00`;
  const endedAt = `${options.day}T${options.to}:00+08:00`;
  const span = (Date.parse(endedAt) - Date.parse(startedAt)) / 60_000;
  const [row] = await fixture.database.db
    .insert(volunteerServices)
    .values({
      districtCode: fixture.districtCode,
      volunteerId: volunteer.id,
      content: options.content ?? '为独居老人送餐',
      place: `${community.name}活动室`,
      communityId: community.id,
      startedAt,
      endedAt,
      minutes: options.minutes ?? span,
      certifierKind: 'community',
      certifierCommunityId: community.id,
      certifierName: `${community.name}居民委员会`,
      recordedBy: 'staff-of-the-community',
    })
    .returning();
  return row!;
}

/** Staff of a community (jurisdiction by its code), of the district, or a volunteer itself. */
export function communityStaff(community: Community): Actor {
  return {
    id: `staff-${community.code}`,
    role: 'COMMUNITY_STAFF',
    district: community.code.slice(0, 6),
    community: community.code,
  };
}

export function districtAdmin(districtCode: string): Actor {
  return { id: `admin-${districtCode}`, role: 'DISTRICT_ADMIN', district: districtCode };
}

export function volunteerActor(volunteer: Volunteer): Actor {
  return {
    id: `volunteer-${volunteer.id}`,
    role: 'VOLUNTEER',
    district: volunteer.districtCode,
    volunteerId: volunteer.id,
  };
}
