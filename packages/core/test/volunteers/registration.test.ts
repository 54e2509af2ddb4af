/**
 * The volunteer registry (docs/domain.md §5.1; 志愿服务条例 第七条 实名注册, 第十五条 未成年人):
 * one record per person and district, identifiers sealed and masked, a minor registers with a
 * guardian's consent. Every refusal is typed and changes nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, personalDataAccessLog, volunteerEngagements, volunteers } from '../../src/schema/index.js';
import { snapshotDatabase } from '../../src/testing/index.js';
import { adultOnOf } from '../../src/volunteers/index.js';
import {
  createVolunteerDistrict,
  expectRefused,
  nextResidentId,
  registerAdult,
  residentId,
  type VolunteerDistrict,
  volunteerActor,
} from './fixture.js';

let d: VolunteerDistrict;

beforeAll(async () => {
  d = await createVolunteerDistrict();
});
afterAll(async () => {
  await d?.database.close();
});

describe('the 18th birthday, read from the ID number (adult_on)', () => {
  it('is the birthday 18 years on; one born on 29 February turns 18 on 1 March of a common year', () => {
    expect(adultOnOf('2007-06-02')).toBe('2025-06-02');
    expect(adultOnOf('2008-02-29')).toBe('2026-03-01');
    expect(adultOnOf('2006-02-28')).toBe('2024-02-28');
    expect(adultOnOf('1996-02-29')).toBe('2014-03-01');
    expect(adultOnOf('1986-02-28')).toBe('2004-02-28');
  });
});

describe('registering an adult', () => {
  it('stores the identifiers sealed and masked, the 18th birthday, skills, and audits it', async () => {
    const number = residentId('19850315', '021');
    const row = await d.as(d.actors.shishan).registerVolunteer({
      name: '周敏',
      residentId: number,
      mobilePhone: '13812345678',
      homeCommunityId: d.communities.shishan,
      registeredOn: '2024-03-01',
      realNameVerifiedOn: '2024-03-01',
      skills: ['elderly_care', 'medical'],
    });
    expect(row).toMatchObject({
      name: '周敏',
      residentIdMasked: `3205**********${number.slice(-4)}`,
      mobilePhoneMasked: '138****5678',
      adultOn: '2003-03-15',
      homeCommunityId: d.communities.shishan,
      skills: ['elderly_care', 'medical'],
      guardianName: null,
      withdrawnOn: null,
      version: 1,
    });
    // The clear numbers are stored nowhere: not in the row, not in the audit log.
    const stored = JSON.stringify(await snapshotDatabase(d.database));
    expect(stored).not.toContain(number);
    expect(stored).not.toContain('13812345678');
    const [audit] = await d.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'volunteer.register'), eq(auditLog.entityId, row.id)));
    expect(audit).toBeDefined();
  });

  it('refuses the same person twice in the district, under either generation of the number (DUPLICATE_RECORD)', async () => {
    // A legacy 15-digit number (born 1972) and its 18-character form are one person.
    const first17 = '320505' + '19720808' + '123';
    const eighteen = residentId('19720808', '123');
    const fifteen = '320505' + '720808' + '123';
    expect(eighteen.slice(0, 17)).toBe(first17);
    await d.as().registerVolunteer({
      name: '吴刚',
      residentId: eighteen,
      homeCommunityId: d.communities.heshan,
      registeredOn: '2024-01-01',
    });
    await expectRefused(
      d.database,
      () =>
        d
          .as()
          .registerVolunteer({ name: '吴刚', residentId: fifteen, homeCommunityId: d.communities.shishan }),
      { code: 'DUPLICATE_RECORD', path: ['input', 'residentId'] },
    );
  });

  it('an organization registers the volunteers it recruits, engaged with it from that day', async () => {
    const row = await d.as(d.actors.leling).registerVolunteer({
      name: '郑洁',
      residentId: nextResidentId(),
      homeCommunityId: d.communities.fengqiao,
      registeredOn: '2025-02-01',
      recruitingOrganizationId: d.organizations.leling,
    });
    const engagements = await d.database.db
      .select()
      .from(volunteerEngagements)
      .where(eq(volunteerEngagements.volunteerId, row.id));
    expect(engagements).toMatchObject([
      {
        role: 'organization_volunteer',
        organizationId: d.organizations.leling,
        startsOn: '2025-02-01',
        endsOn: null,
      },
    ]);
    // And so it sees the volunteer.
    expect(await d.as(d.actors.leling).getVolunteer(row.id)).toMatchObject({ id: row.id });
  });
});

describe('a minor registers with a guardian’s consent (志愿服务条例 第十五条)', () => {
  const minor = () => residentId('20100505', '031');

  it('records the guardian, relation and day of consent for someone under 18 on the day', async () => {
    const row = await d.as().registerVolunteer({
      name: '孙小雨',
      residentId: minor(),
      homeCommunityId: d.communities.shishan,
      registeredOn: '2025-05-01',
      guardianName: '孙建国',
      guardianRelation: 'parent',
      guardianConsentOn: '2025-04-30',
    });
    expect(row).toMatchObject({
      adultOn: '2028-05-05',
      guardianName: '孙建国',
      guardianRelation: 'parent',
      guardianConsentOn: '2025-04-30',
    });
  });

  it('refuses a minor without a complete consent, or a consent given after registration', async () => {
    const base = {
      name: '钱小川',
      residentId: residentId('20090909', '041'),
      homeCommunityId: d.communities.shishan,
      registeredOn: '2025-05-01',
    };
    await expectRefused(d.database, () => d.as().registerVolunteer(base), {
      code: 'GUARDIAN_CONSENT_REQUIRED',
      path: ['input', 'guardianName'],
    });
    await expectRefused(
      d.database,
      () => d.as().registerVolunteer({ ...base, guardianName: '钱大海', guardianRelation: 'parent' }),
      { code: 'GUARDIAN_CONSENT_REQUIRED', path: ['input', 'guardianConsentOn'] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as().registerVolunteer({
          ...base,
          guardianName: '钱大海',
          guardianRelation: 'parent',
          guardianConsentOn: '2025-05-02',
        }),
      { code: 'GUARDIAN_CONSENT_REQUIRED', path: ['input', 'guardianConsentOn'] },
    );
  });

  it('the day of the 18th birthday is adult: no consent needed, and guardian fields are refused', async () => {
    const number = residentId('20070601', '051');
    await expectRefused(
      d.database,
      () =>
        d.as().registerVolunteer({
          name: '李成',
          residentId: number,
          homeCommunityId: d.communities.shishan,
          registeredOn: '2025-06-01',
          guardianName: '李父',
        }),
      { code: 'VALIDATION_FAILED', path: ['input', 'guardianName'] },
    );
    const row = await d.as().registerVolunteer({
      name: '李成',
      residentId: number,
      homeCommunityId: d.communities.shishan,
      registeredOn: '2025-06-01',
    });
    expect(row.adultOn).toBe('2025-06-01');
  });
});

describe('bad registrations change nothing', () => {
  const valid = () => ({
    name: '王五',
    residentId: nextResidentId(),
    homeCommunityId: d.communities.shishan,
    registeredOn: '2025-01-01',
  });

  it.each([
    [
      'an invalid ID number',
      { residentId: '320505199001011234' },
      'INVALID_RESIDENT_ID',
      ['input', 'residentId'],
    ],
    ['an invalid phone', { mobilePhone: '12345' }, 'INVALID_MOBILE_PHONE', ['input', 'mobilePhone']],
    ['an empty name', { name: ' ' }, 'INVALID_NAME', ['input', 'name']],
    [
      'a registration after today',
      { registeredOn: '2025-06-02' },
      'DATE_IN_FUTURE',
      ['input', 'registeredOn'],
    ],
    ['an unknown skill', { skills: ['cooking'] }, 'INVALID_CODE_LIST_VALUE', ['input', 'skills', 0]],
    ['a skill twice', { skills: ['it', 'it'] }, 'DUPLICATE_RECORD', ['input', 'skills', 1]],
    [
      'an unknown guardian relation',
      { guardianRelation: 'friend' },
      'INVALID_CODE_LIST_VALUE',
      ['input', 'guardianRelation'],
    ],
    ['a community that cannot exist', { homeCommunityId: -3 }, 'NOT_FOUND', ['input', 'homeCommunityId']],
    ['a missing community', { homeCommunityId: 999_999 }, 'NOT_FOUND', ['input', 'homeCommunityId']],
  ] as const)('%s', async (_what, change, code, path) => {
    await expectRefused(d.database, () => d.as().registerVolunteer({ ...valid(), ...(change as object) }), {
      code,
      path: [...path],
    });
  });

  it('a retired home community (PARENT_RETIRED)', async () => {
    await expectRefused(
      d.database,
      () => d.as().registerVolunteer({ ...valid(), homeCommunityId: d.communities.retired }),
      {
        code: 'PARENT_RETIRED',
        path: ['input', 'homeCommunityId'],
      },
    );
  });

  it('outside the caller’s jurisdiction, or by a role that may not register (FORBIDDEN)', async () => {
    for (const actor of [
      d.actors.fengqiao,
      d.actors.gridWorker,
      d.actors.public,
      d.actors.evaluator,
      d.actors.yangguang,
    ]) {
      await expectRefused(d.database, () => d.as(actor).registerVolunteer(valid()), {
        code: 'FORBIDDEN',
        path: [],
      });
    }
    // An organization's staff register only for their own organization.
    await expectRefused(
      d.database,
      () =>
        d
          .as(d.actors.yangguang)
          .registerVolunteer({ ...valid(), recruitingOrganizationId: d.organizations.leling }),
      { code: 'NOT_FOUND', path: ['input', 'recruitingOrganizationId'] },
    );
  });
});

describe('updating and withdrawing', () => {
  it('changes name, phone, skills and verification day with the version; refuses a stale version', async () => {
    const row = await registerAdult(d, '冯涛');
    const updated = await d.as(d.actors.shishan).updateVolunteer({
      id: row.id,
      expectedVersion: 1,
      name: '冯涛涛',
      mobilePhone: null,
      skills: ['it'],
      realNameVerifiedOn: '2024-02-01',
    });
    expect(updated).toMatchObject({
      name: '冯涛涛',
      mobilePhoneMasked: null,
      mobilePhoneEncrypted: null,
      skills: ['it'],
      version: 2,
    });
    await expectRefused(
      d.database,
      () => d.as().updateVolunteer({ id: row.id, expectedVersion: 1, name: '冯' }),
      {
        code: 'VERSION_CONFLICT',
        path: ['input', 'expectedVersion'],
      },
    );
    await expectRefused(d.database, () => d.as().updateVolunteer({ id: row.id }), {
      code: 'VALIDATION_FAILED',
      path: ['input'],
    });
    await expectRefused(
      d.database,
      () => d.as().updateVolunteer({ id: row.id, realNameVerifiedOn: '2023-12-31' }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'realNameVerifiedOn'],
      },
    );
    // Community staff elsewhere cannot see the volunteer: as if it did not exist.
    await expectRefused(
      d.database,
      () => d.as(d.actors.fengqiao).updateVolunteer({ id: row.id, name: '冯' }),
      {
        code: 'NOT_FOUND',
        path: ['input', 'id'],
      },
    );
  });

  it('withdraws on a day, once; a withdrawn record is not edited', async () => {
    const row = await registerAdult(d, '褚红');
    await expectRefused(
      d.database,
      () => d.as().withdrawVolunteer({ id: row.id, withdrawnOn: '2023-12-31' }),
      {
        code: 'VALIDATION_FAILED',
        path: ['input', 'withdrawnOn'],
      },
    );
    const withdrawn = await d
      .as(d.actors.shishan)
      .withdrawVolunteer({ id: row.id, withdrawnOn: '2025-05-01', reason: '迁出本区' });
    expect(withdrawn).toMatchObject({ withdrawnOn: '2025-05-01', version: 2 });
    await expectRefused(d.database, () => d.as().withdrawVolunteer({ id: row.id }), {
      code: 'ALREADY_ENDED',
      path: ['input', 'id'],
    });
    await expectRefused(d.database, () => d.as().updateVolunteer({ id: row.id, name: '褚' }), {
      code: 'STATUS_NOT_ALLOWED',
      path: ['input', 'id'],
    });
  });
});

describe('unmasking identifiers with a purpose (docs/domain.md §9)', () => {
  it('community staff unmask for a purpose; every field is logged', async () => {
    const number = nextResidentId();
    const row = await d.as().registerVolunteer({
      name: '卫东',
      residentId: number,
      mobilePhone: '13700001111',
      homeCommunityId: d.communities.shishan,
      registeredOn: '2025-01-01',
    });
    const revealed = await d.as(d.actors.shishan).revealVolunteerIdentifiers({
      volunteerId: row.id,
      fields: ['residentId', 'mobilePhone'],
      purpose: 'SERVICE_DELIVERY',
    });
    expect(revealed).toEqual({
      volunteerId: row.id,
      residentId: number,
      mobilePhone: '13700001111',
      sensitiveCategories: [],
    });
    const log = await d.database.db
      .select()
      .from(personalDataAccessLog)
      .where(
        and(eq(personalDataAccessLog.entityType, 'volunteer'), eq(personalDataAccessLog.entityId, row.id)),
      );
    expect(log.map((entry) => entry.field).sort()).toEqual(['mobilePhone', 'residentId']);
  });

  it('a volunteer unmasks its own as DATA_SUBJECT_REQUEST, and nothing else', async () => {
    const row = await registerAdult(d, '蒋青');
    const other = await registerAdult(d, '沈白');
    const self = d.as(volunteerActor(row.id));
    expect(
      (
        await self.revealVolunteerIdentifiers({
          volunteerId: row.id,
          fields: ['mobilePhone'],
          purpose: 'DATA_SUBJECT_REQUEST',
        })
      ).mobilePhone,
    ).toBe('13912345678');
    await expectRefused(
      d.database,
      () =>
        self.revealVolunteerIdentifiers({
          volunteerId: row.id,
          fields: ['mobilePhone'],
          purpose: 'SERVICE_DELIVERY',
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(
      d.database,
      () =>
        self.revealVolunteerIdentifiers({
          volunteerId: other.id,
          fields: ['mobilePhone'],
          purpose: 'DATA_SUBJECT_REQUEST',
        }),
      // Another volunteer is invisible to it, so absent (docs/domain.md §14), as for a worker.
      { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
    );
  });

  it('grid workers never unmask; a caller who cannot see the volunteer gets NOT_FOUND; a child needs a fitting purpose', async () => {
    const row = await registerAdult(d, '韩梅');
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.gridWorker).revealVolunteerIdentifiers({
          volunteerId: row.id,
          fields: ['residentId'],
          purpose: 'SERVICE_DELIVERY',
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.fengqiao).revealVolunteerIdentifiers({
          volunteerId: row.id,
          fields: ['residentId'],
          purpose: 'SERVICE_DELIVERY',
        }),
      { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
    );
    const child = await d.as().registerVolunteer({
      name: '杨小乐',
      residentId: residentId('20130303', '061'),
      homeCommunityId: d.communities.shishan,
      registeredOn: '2025-03-10',
      guardianName: '杨大乐',
      guardianRelation: 'parent',
      guardianConsentOn: '2025-03-10',
    });
    await expectRefused(
      d.database,
      () =>
        d.as(d.actors.shishan).revealVolunteerIdentifiers({
          volunteerId: child.id,
          fields: ['residentId'],
          purpose: 'SERVICE_DELIVERY',
        }),
      { code: 'PURPOSE_NOT_ALLOWED', path: ['input', 'purpose'] },
    );
  });

  it('findVolunteerByResidentId finds the person only for a caller who may see it', async () => {
    const number = nextResidentId();
    const row = await d.as().registerVolunteer({
      name: '秦川',
      residentId: number,
      homeCommunityId: d.communities.heshan,
      registeredOn: '2025-01-01',
    });
    expect((await d.as(d.actors.heshan).findVolunteerByResidentId(number))?.id).toBe(row.id);
    expect(await d.as(d.actors.shishan).findVolunteerByResidentId(number)).toBeUndefined();
    const [stored] = await d.database.db.select().from(volunteers).where(eq(volunteers.id, row.id));
    expect(stored!.residentIdEncrypted).not.toContain(number);
  });
});
