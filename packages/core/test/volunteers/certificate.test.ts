/**
 * Certificates of service (志愿服务记录证明, 民政部令第67号; docs/domain.md §5.3): what they state,
 * who issues them, how anyone verifies them, and that an altered document fails.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/access/index.js';
import { canonicalJson } from '../../src/ledger/request-hash.js';
import type { Volunteer } from '../../src/schema/index.js';
import { auditLog, volunteerServices } from '../../src/schema/index.js';
import { createTestDistrictDatabase, snapshotDatabase, testDatabaseKind } from '../../src/testing/index.js';
import { createVolunteerCertificates } from '../../src/volunteers/certificates.js';
import { normalizeVerificationCode } from '../../src/volunteers/certificates-code.js';
import type { VolunteerCertificateContent } from '../../src/volunteers/certificates-content.js';
import { renderCertificateHtml } from '../../src/volunteers/certificates-document.js';
import { expectRefused } from '../hierarchy/helpers.js';
import {
  buildDistrict,
  communityStaff,
  type DistrictFixture,
  districtAdmin,
  insertService,
  insertVolunteer,
  residentId,
  TODAY,
  volunteerActor,
} from './certificate-fixture.js';

let fixture: DistrictFixture;
let zhang: Volunteer;
let li: Volunteer;

const certificatesAs = (actor: Actor) =>
  createVolunteerCertificates(fixture.database, { actor, today: () => TODAY });

beforeAll(async () => {
  const database = await createTestDistrictDatabase({ districtCode: '320505' });
  fixture = await buildDistrict(database, { district: '虎丘区', home: '狮山', other: '枫桥' });
  zhang = await insertVolunteer(fixture, { name: '张晓明', residentId: residentId('19900307', '123') });
  li = await insertVolunteer(fixture, {
    name: '李秀英',
    residentId: residentId('19850412', '246'),
    community: fixture.other,
  });
  // Zhang: 2 h and 1.5 h in March, 45 min in May; one service voided by a correction; one
  // outside the period. Li serves in the other community.
  await insertService(fixture, zhang, { day: '2026-03-01', from: '09:00', to: '11:00' });
  await insertService(fixture, zhang, { day: '2026-03-15', from: '14:00', to: '16:00', minutes: 90 });
  await insertService(fixture, zhang, {
    day: '2026-05-20',
    from: '08:30',
    to: '09:15',
    content: '社区垃圾分类宣传',
  });
  const voided = await insertService(fixture, zhang, { day: '2026-04-02', from: '09:00', to: '12:00' });
  await fixture.database.db.insert(volunteerServices).values({
    districtCode: fixture.districtCode,
    volunteerId: zhang.id,
    content: voided.content,
    place: voided.place,
    communityId: voided.communityId,
    startedAt: voided.startedAt,
    endedAt: voided.endedAt,
    minutes: 0,
    certifierKind: 'community',
    certifierCommunityId: fixture.home.id,
    certifierName: voided.certifierName,
    correctsServiceId: voided.id,
    correctionReason: '当日活动取消',
    isVoid: true,
    recordedBy: 'staff-of-the-community',
  });
  await insertService(fixture, zhang, { day: '2025-12-31', from: '09:00', to: '10:00' });
  await insertService(fixture, li, {
    day: '2026-03-01',
    from: '09:00',
    to: '10:00',
    community: fixture.other,
  });
});

afterAll(() => fixture?.database.close());

describe(`certificates of service (${testDatabaseKind()})`, () => {
  it('states the services in force of the period, frozen, numbered, digested and coded', async () => {
    const certificate = await certificatesAs(communityStaff(fixture.home)).issueCertificate({
      volunteerId: zhang.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
      issuerCommunityId: fixture.home.id,
    });
    expect(certificate.number).toMatch(/^VC-320505-2026-\d{6}$/);
    expect(certificate.verificationCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    const content = certificate.content as VolunteerCertificateContent;
    // 120 + 90 + 45: the voided service and the one of December 2025 do not count.
    expect(content.totalMinutes).toBe(255);
    expect(certificate.totalMinutes).toBe(255);
    expect(content.volunteer).toEqual({ name: '张晓明', residentIdMasked: zhang.residentIdMasked });
    expect(content.volunteer.residentIdMasked).toMatch(/^3205\*{10}\d{3}[\dX]$/);
    expect(content.issuer).toEqual({ kind: 'community', name: '狮山社区', code: fixture.home.code });
    expect(content.district).toEqual({ code: '320505', name: '虎丘区' });
    expect(content.periods).toEqual([
      { period: '2026-03', label: '2026年3月', services: 2, minutes: 210 },
      { period: '2026-05', label: '2026年5月', services: 1, minutes: 45 },
    ]);
    expect(content.services.map((s) => [s.day, s.minutes, s.certifier])).toEqual([
      ['2026-03-01', 120, '狮山社区居民委员会'],
      ['2026-03-15', 90, '狮山社区居民委员会'],
      ['2026-05-20', 45, '狮山社区居民委员会'],
    ]);
    expect(certificate.contentDigest).toBe(createHash('sha256').update(canonicalJson(content)).digest('hex'));
    const [audit] = await fixture.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'volunteer_certificate'), eq(auditLog.entityId, certificate.id)));
    expect(audit).toMatchObject({
      action: 'volunteer_certificate.issue',
      actorId: `staff-${fixture.home.code}`,
    });
    expect(JSON.stringify(audit!.after)).not.toContain(zhang.name);

    // By quarter, from an organization: the next number of the year.
    const second = await certificatesAs(districtAdmin('320505')).issueCertificate({
      volunteerId: zhang.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
      issuerOrganizationId: fixture.organization.id,
      groupBy: 'quarter',
    });
    expect(Number(second.number.slice(-6))).toBe(Number(certificate.number.slice(-6)) + 1);
    expect((second.content as VolunteerCertificateContent).periods).toEqual([
      { period: '2026-Q1', label: '2026年第1季度', services: 2, minutes: 210 },
      { period: '2026-Q2', label: '2026年第2季度', services: 1, minutes: 45 },
    ]);
    expect(second.verificationCode).not.toBe(certificate.verificationCode);
  });

  it('verifies for anyone holding number and code; an altered document or code fails', async () => {
    const issued = await certificatesAs(communityStaff(fixture.home)).issueCertificate({
      volunteerId: zhang.id,
      periodFrom: '2026-03-01',
      periodTo: '2026-03-31',
      issuerCommunityId: fixture.home.id,
    });
    const anyone = certificatesAs({ id: 'anonymous', role: 'PUBLIC' });
    const before = await snapshotDatabase(fixture.database);
    const original = await anyone.verifyCertificate({
      number: issued.number,
      code: issued.verificationCode,
      statedHours: 3.5,
    });
    expect(original).toEqual({
      valid: true,
      reason: null,
      mismatches: [],
      issued: {
        number: issued.number,
        volunteerName: '张**',
        totalMinutes: 210,
        totalHours: '3.5',
        periodFrom: '2026-03-01',
        periodTo: '2026-03-31',
        issuerName: '狮山社区',
        districtName: '虎丘区',
        issuedOn: TODAY,
        revokedOn: null,
      },
    });
    // Typed as read: lower case, no dashes, O for 0 and so on.
    const typed = issued.verificationCode.toLowerCase().replaceAll('-', ' ');
    expect((await anyone.verifyCertificate({ number: issued.number.toLowerCase(), code: typed })).valid).toBe(
      true,
    );

    const altered = await anyone.verifyCertificate({
      number: issued.number,
      code: issued.verificationCode,
      statedHours: 13.5,
    });
    expect([altered.valid, altered.reason, altered.mismatches]).toEqual([
      false,
      'CONTENT_MISMATCH',
      ['hours'],
    ]);
    const renamed = await anyone.verifyCertificate({
      number: issued.number,
      code: issued.verificationCode,
      statedName: '张晓亮',
    });
    expect([renamed.reason, renamed.mismatches]).toEqual(['CONTENT_MISMATCH', ['name']]);

    const code = issued.verificationCode;
    const flipped = `${code[0] === 'Z' ? 'Y' : 'Z'}${code.slice(1)}`;
    expect(await anyone.verifyCertificate({ number: issued.number, code: flipped })).toEqual({
      valid: false,
      reason: 'CODE_MISMATCH',
      issued: null,
      mismatches: [],
    });
    // Another certificate's code does not open this one.
    const others = await certificatesAs(districtAdmin('320505')).certificatesOf(zhang.id);
    const otherCode = others.find((c) => c.id !== issued.id)!.verificationCode;
    expect((await anyone.verifyCertificate({ number: issued.number, code: otherCode })).reason).toBe(
      'CODE_MISMATCH',
    );
    for (const number of ['VC-320505-2026-999999', 'VC-320506-2026-000001', 'not a number', '']) {
      expect((await anyone.verifyCertificate({ number, code })).reason).toBe('NOT_FOUND');
    }
    expect((await anyone.verifyCertificate({ number: issued.number, code: 'not a code' })).reason).toBe(
      'CODE_MISMATCH',
    );
    // Verifying writes nothing.
    expect(await snapshotDatabase(fixture.database)).toEqual(before);
    await expectRefused(
      fixture.database,
      () => anyone.verifyCertificate({ number: issued.number, code, statedHours: Number.NaN }),
      { code: 'VALIDATION_FAILED', path: ['input', 'statedHours'] },
    );
  });

  it('a volunteer asks for its own, from its home community, and for nobody else', async () => {
    const own = await certificatesAs(volunteerActor(li)).issueCertificate({
      volunteerId: li.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
    });
    expect(own.issuerKind).toBe('community');
    expect(own.issuerCommunityId).toBe(fixture.other.id);
    expect(own.totalMinutes).toBe(60);
    const asLi = certificatesAs(volunteerActor(li));
    const period = { periodFrom: '2026-01-01', periodTo: '2026-06-30' };
    await expectRefused(fixture.database, () => asLi.issueCertificate({ volunteerId: zhang.id, ...period }), {
      code: 'FORBIDDEN',
      path: [],
    });
    await expectRefused(
      fixture.database,
      () =>
        asLi.issueCertificate({
          volunteerId: li.id,
          ...period,
          issuerOrganizationId: fixture.organization.id,
        }),
      { code: 'FORBIDDEN', path: ['input', 'issuerOrganizationId'] },
    );
    await expectRefused(
      fixture.database,
      () => asLi.issueCertificate({ volunteerId: li.id, ...period, issuerCommunityId: fixture.home.id }),
      { code: 'FORBIDDEN', path: ['input', 'issuerCommunityId'] },
    );
  });

  it('refuses bad input, units outside the jurisdiction and hidden volunteers, changing nothing', async () => {
    const staff = certificatesAs(communityStaff(fixture.home));
    const base = {
      volunteerId: zhang.id,
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
      issuerCommunityId: fixture.home.id,
    };
    const before = await snapshotDatabase(fixture.database);
    const cases: [
      Parameters<typeof staff.issueCertificate>[0],
      { code: string; path?: (string | number)[] },
    ][] = [
      [
        { ...base, periodTo: '2026-07-01' },
        { code: 'DATE_IN_FUTURE', path: ['input', 'periodTo'] },
      ],
      [
        { ...base, periodFrom: '2026-07-01', periodTo: '2026-06-01' },
        { code: 'INVALID_DATE_RANGE', path: ['input', 'periodTo'] },
      ],
      [
        { ...base, periodFrom: '2026-02-30' },
        { code: 'INVALID_DATE', path: ['input', 'periodFrom'] },
      ],
      [
        { ...base, groupBy: 'week' as never },
        { code: 'INVALID_CODE_LIST_VALUE', path: ['input', 'groupBy'] },
      ],
      [
        { ...base, issuerOrganizationId: fixture.organization.id },
        { code: 'VALIDATION_FAILED', path: ['input', 'issuerOrganizationId'] },
      ],
      [
        { ...base, issuerCommunityId: null },
        { code: 'VALIDATION_FAILED', path: ['input', 'issuerCommunityId'] },
      ],
      [
        { ...base, volunteerId: 0 },
        { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
      ],
      // Li lives and serves in the other community: hidden from this staff, as if absent.
      [
        { ...base, volunteerId: li.id },
        { code: 'NOT_FOUND', path: ['input', 'volunteerId'] },
      ],
      // A unit outside the caller's jurisdiction does not issue through it.
      [{ ...base, issuerCommunityId: fixture.other.id }, { code: 'FORBIDDEN' }],
      [
        { ...base, issuerCommunityId: 999_999 },
        { code: 'NOT_FOUND', path: ['input', 'issuerCommunityId'] },
      ],
    ];
    for (const [input, expected] of cases) {
      await expectRefused(fixture.database, () => staff.issueCertificate(input), expected as never, before);
    }
  });

  it('revokes once, with a reason, by the issuing unit; a revoked certificate verifies as REVOKED', async () => {
    const staff = certificatesAs(communityStaff(fixture.home));
    const issued = await staff.issueCertificate({
      volunteerId: zhang.id,
      periodFrom: '2026-05-01',
      periodTo: '2026-05-31',
      issuerCommunityId: fixture.home.id,
    });
    await expectRefused(
      fixture.database,
      () => staff.revokeCertificate({ certificateId: issued.id, reason: ' ' }),
      {
        code: 'REASON_REQUIRED',
        path: ['input', 'reason'],
      },
    );
    await expectRefused(
      fixture.database,
      () =>
        certificatesAs(volunteerActor(zhang)).revokeCertificate({
          certificateId: issued.id,
          reason: '不需要了',
        }),
      { code: 'FORBIDDEN', path: [] },
    );
    await expectRefused(
      fixture.database,
      () =>
        certificatesAs(communityStaff(fixture.other)).revokeCertificate({
          certificateId: issued.id,
          reason: '错误',
        }),
      { code: 'NOT_FOUND', path: ['input', 'certificateId'] },
    );
    const revoked = await staff.revokeCertificate({
      certificateId: issued.id,
      reason: '服务记录有误，已更正后重新出具',
    });
    expect([revoked.revokedOn, revoked.revocationReason]).toEqual([TODAY, '服务记录有误，已更正后重新出具']);
    expect(revoked.contentDigest).toBe(issued.contentDigest);
    await expectRefused(
      fixture.database,
      () => staff.revokeCertificate({ certificateId: issued.id, reason: '再次撤销' }),
      {
        code: 'STATUS_NOT_ALLOWED',
        path: ['input', 'certificateId'],
      },
    );
    const verification = await certificatesAs({ id: 'anonymous', role: 'PUBLIC' }).verifyCertificate({
      number: issued.number,
      code: issued.verificationCode,
    });
    expect([verification.valid, verification.reason, verification.issued?.revokedOn]).toEqual([
      false,
      'REVOKED',
      TODAY,
    ]);
    const entries = await fixture.database.db
      .select({ action: auditLog.action, reason: auditLog.reason })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'volunteer_certificate'), eq(auditLog.entityId, issued.id)));
    expect(entries.map((e) => e.action).sort()).toEqual([
      'volunteer_certificate.issue',
      'volunteer_certificate.revoke',
    ]);
  });

  it('is read by the code holder, the volunteer and staff who see it; otherwise absent', async () => {
    const issued = await certificatesAs(volunteerActor(zhang)).issueCertificate({
      volunteerId: zhang.id,
      periodFrom: '2026-03-01',
      periodTo: '2026-03-31',
    });
    const readBy = (actor: Actor, code?: string) =>
      certificatesAs(actor).readableCertificate({ number: issued.number, ...(code ? { code } : {}) });
    const anonymous: Actor = { id: 'anonymous', role: 'PUBLIC' };
    expect((await readBy(anonymous, issued.verificationCode))?.content.number).toBe(issued.number);
    expect(await readBy(anonymous)).toBeUndefined();
    expect(await readBy(anonymous, normalizeVerificationCode('0000-0000-0000-0000'))).toBeUndefined();
    expect((await readBy(volunteerActor(zhang)))?.certificate.id).toBe(issued.id);
    expect(await readBy(volunteerActor(li))).toBeUndefined();
    expect((await readBy(communityStaff(fixture.home)))?.certificate.id).toBe(issued.id);
    expect(await readBy(communityStaff(fixture.other))).toBeUndefined();
  });

  it('renders a complete Chinese page from the frozen content, escaping what people wrote', async () => {
    await insertService(fixture, zhang, {
      day: '2026-06-01',
      from: '09:00',
      to: '10:00',
      content: '<script>alert(1)</script>讲解“防诈骗”',
    });
    const issued = await certificatesAs(communityStaff(fixture.home)).issueCertificate({
      volunteerId: zhang.id,
      periodFrom: '2026-06-01',
      periodTo: '2026-06-30',
      issuerCommunityId: fixture.home.id,
    });
    const html = renderCertificateHtml(issued.content as VolunteerCertificateContent, {
      verificationCode: issued.verificationCode,
      verifyUrl: 'https://sanshe.example/volunteer-certificates/verify',
    });
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<title>志愿服务记录证明 ');
    expect(html).toContain('兹证明，<strong id="volunteer-name">张晓明</strong>');
    expect(html).toContain(zhang.residentIdMasked);
    expect(html).toContain('累计志愿服务时长<strong id="total-hours">1.0</strong>小时');
    expect(html).toContain(issued.verificationCode);
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;讲解“防诈骗”');
  });
});
