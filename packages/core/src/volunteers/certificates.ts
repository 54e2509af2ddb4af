import { and, asc, desc, eq, gte, like, lt, sql } from 'drizzle-orm';
import { recordIsVisible } from '../access/record-visibility.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { communities, districts } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import {
  type VolunteerCertificate,
  volunteerCertificates,
  volunteerServices,
  volunteers,
} from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { addDays } from '../services/dates.js';
import { createServiceKit, isLocalId, type ServiceOptions } from '../services/service-kit.js';
import { parseIsoDate } from '../validators/text.js';
import {
  certificateDigest,
  certificateVerificationCode,
  formatCertificateNumber,
  maxCertificatesPerYear,
  normalizeVerificationCode,
  parseCertificateNumber,
  verificationCodesEqual,
} from './certificates-code.js';
import {
  buildCertificateContent,
  type CertificateGrouping,
  type CertificateServiceLine,
  certificateGroupings,
  hoursText,
  maskPersonName,
  type VolunteerCertificateContent,
} from './certificates-content.js';
import { serviceInForce } from './services-in-force.js';

/**
 * Certificates of service (志愿服务记录证明, 民政部令第67号; docs/domain.md §5.3):
 * issued for a volunteer and a period by a community or an organization (a volunteer may ask for
 * its own, issued by its home community), verified by anyone against the issuing district, and
 * revoked with a reason by the issuing unit. Used by the volunteer service and the gateway.
 */

export interface IssueVolunteerCertificateInput {
  volunteerId: number;
  /** The first and last day of service the certificate covers; the last not after today. */
  periodFrom: string;
  periodTo: string;
  /** The issuing community, or … */
  issuerCommunityId?: number | null;
  /** … the issuing organization; one of the two (a volunteer names neither: its home community). */
  issuerOrganizationId?: number | null;
  /** Sum the services by month (default) or by quarter. */
  groupBy?: CertificateGrouping | null;
}

export interface RevokeVolunteerCertificateInput {
  certificateId: number;
  reason: string;
  /** The day of revocation; default today, never after it. */
  revokedOn?: string | null;
}

/** Why a certificate does not verify. */
export const certificateVerificationReasons = {
  NOT_FOUND: '该编号的证明不存在',
  CODE_MISMATCH: '验证码与证明编号不符',
  REVOKED: '该证明已被撤销',
  CONTENT_MISMATCH: '所填内容与出具的证明不一致',
} as const;
export type CertificateVerificationReason = keyof typeof certificateVerificationReasons;

export interface VerifyVolunteerCertificateInput {
  number: string;
  code: string;
  /** The total hours the reader sees on the paper (one decimal), to compare with what was issued. */
  statedHours?: number | null;
  /** The volunteer's name the reader sees on the paper. */
  statedName?: string | null;
}

/** The facts of an issued certificate a verification shows: the name masked, nothing else personal. */
export interface IssuedCertificateFacts {
  number: string;
  volunteerName: string;
  totalMinutes: number;
  totalHours: string;
  periodFrom: string;
  periodTo: string;
  issuerName: string;
  districtName: string;
  issuedOn: string;
  revokedOn: string | null;
}

export interface CertificateVerification {
  valid: boolean;
  reason: CertificateVerificationReason | null;
  /** Present once the code matched: without it a number, being guessable, reveals nothing. */
  issued: IssuedCertificateFacts | null;
  /** The stated figures that differ from the issued ones: `hours`, `name`, or `content` (the record). */
  mismatches: string[];
}

/** A certificate as its reader gets it: the row and its frozen content. */
export interface ReadableCertificate {
  certificate: VolunteerCertificate;
  content: VolunteerCertificateContent;
}

/**
 * The first key of the advisory lock that serializes the numbering of one district's
 * certificates (the second is the district code); "VC". Another class than the hub graph's.
 */
export const CERTIFICATE_NUMBER_LOCK_CLASS = 0x5643;

export function createVolunteerCertificates(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, actor, keyring } = kit;
  const isVolunteer = actor.role === 'VOLUNTEER';

  /** The services in force of a volunteer that began within [from, to] (China days). */
  async function servicesInPeriod(
    tx: SansheDb,
    volunteerId: number,
    from: string,
    to: string,
  ): Promise<CertificateServiceLine[]> {
    const s = volunteerServices;
    return tx
      .select({
        // China has kept UTC+8 all year since 1991: the day is read without a time-zone database.
        day: sql<string>`to_char((${s.startedAt} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`,
        content: s.content,
        place: s.place,
        minutes: s.minutes,
        certifier: s.certifierName,
      })
      .from(s)
      .where(
        and(
          eq(s.districtCode, districtCode),
          eq(s.volunteerId, volunteerId),
          gte(s.startedAt, `${from}T00:00:00+08:00`),
          lt(s.startedAt, `${addDays(to, 1)}T00:00:00+08:00`),
          serviceInForce(),
        ),
      )
      .orderBy(asc(s.startedAt), asc(s.id));
  }

  async function loadIssuer(
    tx: SansheDb,
    volunteer: { homeCommunityId: number },
    input: IssueVolunteerCertificateInput,
    issuedOn: string,
  ): Promise<{
    kind: 'community' | 'organization';
    id: number;
    name: string;
    code: string | null;
    unitCode: string | null;
  }> {
    const communityId = input.issuerCommunityId ?? (isVolunteer ? volunteer.homeCommunityId : null);
    if (isVolunteer && (input.issuerOrganizationId != null || communityId !== volunteer.homeCommunityId)) {
      throw new SansheError(
        'FORBIDDEN',
        'A volunteer asks for its own certificate from its home community; another unit issues it on its own account.',
        {
          path: ['input', input.issuerOrganizationId != null ? 'issuerOrganizationId' : 'issuerCommunityId'],
        },
      );
    }
    if (communityId != null) {
      const community = await kit.requireRecord(tx, communities, communityId, 'community', [
        'input',
        'issuerCommunityId',
      ]);
      if (!isActiveOn(community, issuedOn)) {
        throw new SansheError(
          'UNIT_NOT_IN_FORCE',
          `Community ${community.code} is not in force on ${issuedOn}.`,
          {
            path: ['input', 'issuerCommunityId'],
          },
        );
      }
      return {
        kind: 'community',
        id: community.id,
        name: community.name,
        code: community.code,
        unitCode: community.code,
      };
    }
    const organization = await kit.requireRecord(
      tx,
      socialOrganizations,
      input.issuerOrganizationId,
      'social organization',
      ['input', 'issuerOrganizationId'],
    );
    if (organization.status !== 'active') {
      throw new SansheError(
        'ORGANIZATION_INACTIVE',
        `${organization.name} is not active; it issues no certificate.`,
        {
          path: ['input', 'issuerOrganizationId'],
        },
      );
    }
    const [home] = organization.communityId
      ? await tx
          .select({ code: communities.code })
          .from(communities)
          .where(
            and(eq(communities.districtCode, districtCode), eq(communities.id, organization.communityId)),
          )
      : [];
    return {
      kind: 'organization',
      id: organization.id,
      name: organization.name,
      code: organization.uscc,
      unitCode: home?.code ?? null,
    };
  }

  /** The next number of the year, under a lock held until the transaction ends. */
  async function nextNumber(tx: SansheDb, year: number): Promise<string> {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${CERTIFICATE_NUMBER_LOCK_CLASS}::int, ${Number(districtCode)}::int)`,
    );
    const prefix = formatCertificateNumber(districtCode, year, 0).slice(0, -6);
    const [last] = await tx
      .select({ number: volunteerCertificates.number })
      .from(volunteerCertificates)
      .where(
        and(
          eq(volunteerCertificates.districtCode, districtCode),
          like(volunteerCertificates.number, `${prefix}%`),
        ),
      )
      .orderBy(desc(volunteerCertificates.number))
      .limit(1);
    const sequence = (last ? (parseCertificateNumber(last.number)?.sequence ?? 0) : 0) + 1;
    if (sequence > maxCertificatesPerYear) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `District ${districtCode} has numbered every certificate of ${year}.`,
      );
    }
    return formatCertificateNumber(districtCode, year, sequence);
  }

  /** The certificate with this number in this district, or undefined (a malformed number names none). */
  async function findByNumber(
    executor: SansheDb,
    numberText: unknown,
  ): Promise<VolunteerCertificate | undefined> {
    const parsed = parseCertificateNumber(numberText);
    if (!parsed || parsed.districtCode !== districtCode) return undefined;
    const [row] = await executor
      .select()
      .from(volunteerCertificates)
      .where(
        and(
          eq(volunteerCertificates.districtCode, districtCode),
          eq(volunteerCertificates.number, parsed.number),
        ),
      );
    return row;
  }

  /** Whether the stored row is what was issued: its digest and code still follow from its content. */
  function intact(certificate: VolunteerCertificate): boolean {
    const digest = certificateDigest(certificate.content);
    return (
      digest === certificate.contentDigest &&
      verificationCodesEqual(
        certificateVerificationCode(keyring, districtCode, certificate.number, digest),
        certificate.verificationCode,
      ) &&
      (certificate.content as VolunteerCertificateContent).totalMinutes === certificate.totalMinutes
    );
  }

  return {
    /**
     * Issue a certificate of the services in force of a volunteer in a period, by a community or
     * an organization in the caller's jurisdiction (a VOLUNTEER: its own, from its home
     * community). The content is frozen; its digest and verification code are stored.
     *
     * @throws {SansheError} NOT_FOUND (volunteer or issuer absent or not visible), INVALID_DATE,
     *   INVALID_DATE_RANGE, DATE_IN_FUTURE, INVALID_CODE_LIST_VALUE (groupBy), VALIDATION_FAILED
     *   (both or neither issuer), FORBIDDEN, UNIT_NOT_IN_FORCE, ORGANIZATION_INACTIVE
     */
    async issueCertificate(input: IssueVolunteerCertificateInput): Promise<VolunteerCertificate> {
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      const periodFrom = kit.unwrap(parseIsoDate(input.periodFrom, { path: ['input', 'periodFrom'] }));
      const periodTo = kit.pastDate(input.periodTo, ['input', 'periodTo']);
      if (periodTo < periodFrom) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `The period ends (${periodTo}) before it starts (${periodFrom}).`,
          {
            path: ['input', 'periodTo'],
          },
        );
      }
      const groupBy = parseCode(
        certificateGroupings,
        input.groupBy ?? 'month',
        ['input', 'groupBy'],
        'groupBy',
      );
      const namesCommunity = input.issuerCommunityId != null;
      const namesOrganization = input.issuerOrganizationId != null;
      if (!isVolunteer && namesCommunity === namesOrganization) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'Name the issuing unit: a community or an organization, not both.',
          {
            path: ['input', namesCommunity ? 'issuerOrganizationId' : 'issuerCommunityId'],
          },
        );
      }
      if (isVolunteer) kit.authorize('volunteer.certificate', { volunteerId });
      const issuedOn = kit.today();
      return db.transaction(async (tx) => {
        if (!isVolunteer) await kit.requireVisible(tx, 'volunteer', volunteerId, ['input', 'volunteerId']);
        const volunteer = await kit.requireRecord(tx, volunteers, volunteerId, 'volunteer', [
          'input',
          'volunteerId',
        ]);
        const issuer = await loadIssuer(tx, volunteer, input, issuedOn);
        if (!isVolunteer) {
          kit.authorize(
            'volunteer.certificate',
            issuer.kind === 'community'
              ? { unitCode: issuer.unitCode }
              : { organizationId: issuer.id, unitCode: issuer.unitCode },
          );
        }
        const [district] = await tx
          .select({ name: districts.name })
          .from(districts)
          .where(eq(districts.districtCode, districtCode));
        const services = await servicesInPeriod(tx, volunteerId, periodFrom, periodTo);
        const number = await nextNumber(tx, Number(issuedOn.slice(0, 4)));
        const content = buildCertificateContent(
          {
            number,
            district: { code: districtCode, name: district?.name ?? districtCode },
            volunteer: { name: volunteer.name, residentIdMasked: volunteer.residentIdMasked },
            issuer: { kind: issuer.kind, name: issuer.name, code: issuer.code },
            issuedOn,
            period: { from: periodFrom, to: periodTo },
            groupBy,
          },
          services,
        );
        const digest = certificateDigest(content);
        const [certificate] = await tx
          .insert(volunteerCertificates)
          .values({
            districtCode,
            number,
            volunteerId,
            issuerKind: issuer.kind,
            issuerCommunityId: issuer.kind === 'community' ? issuer.id : null,
            issuerOrganizationId: issuer.kind === 'organization' ? issuer.id : null,
            issuedOn,
            periodFrom,
            periodTo,
            totalMinutes: content.totalMinutes,
            content,
            contentDigest: digest,
            verificationCode: certificateVerificationCode(keyring, districtCode, number, digest),
            recordedBy: actor.id.slice(0, 100),
          })
          .returning();
        await kit.audit(tx, {
          action: 'volunteer_certificate.issue',
          entityType: 'volunteer_certificate',
          entityId: certificate!.id,
          after: {
            number,
            volunteerId,
            issuerKind: issuer.kind,
            issuerId: issuer.id,
            periodFrom,
            periodTo,
            totalMinutes: content.totalMinutes,
            contentDigest: digest,
          },
        });
        return certificate!;
      });
    },

    /**
     * Revoke a certificate, once, with a reason: the issuing unit (or staff above it) only.
     * It stays on record and verifies as REVOKED from then on.
     *
     * @throws {SansheError} NOT_FOUND, REASON_REQUIRED, INVALID_TEXT, INVALID_DATE, DATE_IN_FUTURE,
     *   FORBIDDEN, STATUS_NOT_ALLOWED (already revoked)
     */
    async revokeCertificate(input: RevokeVolunteerCertificateInput): Promise<VolunteerCertificate> {
      const certificateId = kit.requireId(input.certificateId, 'volunteer certificate', [
        'input',
        'certificateId',
      ]);
      if (typeof input.reason !== 'string' || input.reason.trim() === '') {
        throw new SansheError('REASON_REQUIRED', 'Say why the certificate is revoked.', {
          path: ['input', 'reason'],
        });
      }
      const reason = kit.text(input.reason, ['input', 'reason'], { maxLength: 500, label: 'The reason' });
      const revokedOn = kit.pastDate(input.revokedOn, ['input', 'revokedOn'], false);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer_certificate', certificateId, ['input', 'certificateId']);
        const before = await kit.requireRecord(
          tx,
          volunteerCertificates,
          certificateId,
          'volunteer certificate',
          ['input', 'certificateId'],
          'update',
        );
        let target: { unitCode: string | null; organizationId?: number };
        if (before.issuerKind === 'community') {
          const [community] = await tx
            .select({ code: communities.code })
            .from(communities)
            .where(
              and(eq(communities.districtCode, districtCode), eq(communities.id, before.issuerCommunityId!)),
            );
          target = { unitCode: community!.code };
        } else {
          const [home] = await tx
            .select({ code: communities.code })
            .from(socialOrganizations)
            .leftJoin(
              communities,
              and(
                eq(communities.districtCode, socialOrganizations.districtCode),
                eq(communities.id, socialOrganizations.communityId),
              ),
            )
            .where(
              and(
                eq(socialOrganizations.districtCode, districtCode),
                eq(socialOrganizations.id, before.issuerOrganizationId!),
              ),
            );
          target = { organizationId: before.issuerOrganizationId!, unitCode: home?.code ?? null };
        }
        kit.authorize('volunteer.certificate', target);
        if (before.revokedOn !== null) {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Certificate ${before.number} was revoked on ${before.revokedOn}.`,
            {
              path: ['input', 'certificateId'],
              details: { state: 'revoked', allowed: [] },
            },
          );
        }
        if (revokedOn < before.issuedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `A certificate is revoked on or after its issue (${before.issuedOn}), not on ${revokedOn}.`,
            { path: ['input', 'revokedOn'] },
          );
        }
        const [after] = await tx
          .update(volunteerCertificates)
          .set({ revokedOn, revocationReason: reason })
          .where(
            and(
              eq(volunteerCertificates.districtCode, districtCode),
              eq(volunteerCertificates.id, certificateId),
            ),
          )
          .returning();
        await kit.audit(tx, {
          action: 'volunteer_certificate.revoke',
          entityType: 'volunteer_certificate',
          entityId: certificateId,
          before: { number: before.number, revokedOn: null },
          after: { number: before.number, revokedOn },
          reason,
        });
        return after!;
      });
    },

    /**
     * Check a certificate as a reader holds it: its number and code, and optionally the total
     * hours and the name printed on it. Public: no actor is needed and nothing is written. A
     * malformed number or code is not an error: it simply does not verify.
     *
     * @throws {SansheError} VALIDATION_FAILED (stated hours not a number of hours)
     */
    async verifyCertificate(input: VerifyVolunteerCertificateInput): Promise<CertificateVerification> {
      const stated = input.statedHours;
      if (
        stated != null &&
        (typeof stated !== 'number' || !Number.isFinite(stated) || stated < 0 || stated > 1e6)
      ) {
        throw new SansheError('VALIDATION_FAILED', 'The stated hours are a number of hours, 0 or more.', {
          path: ['input', 'statedHours'],
        });
      }
      const refused = (reason: CertificateVerificationReason): CertificateVerification => ({
        valid: false,
        reason,
        issued: null,
        mismatches: [],
      });
      const certificate = await findByNumber(db, input.number);
      if (!certificate) return refused('NOT_FOUND');
      const code = normalizeVerificationCode(input.code);
      if (code === undefined || !verificationCodesEqual(code, certificate.verificationCode)) {
        return refused('CODE_MISMATCH');
      }
      const content = certificate.content as VolunteerCertificateContent;
      const issued: IssuedCertificateFacts = {
        number: certificate.number,
        volunteerName: maskPersonName(content.volunteer.name),
        totalMinutes: certificate.totalMinutes,
        totalHours: hoursText(certificate.totalMinutes),
        periodFrom: certificate.periodFrom,
        periodTo: certificate.periodTo,
        issuerName: content.issuer.name,
        districtName: content.district.name,
        issuedOn: certificate.issuedOn,
        revokedOn: certificate.revokedOn,
      };
      const mismatches: string[] = [];
      if (!intact(certificate)) mismatches.push('content');
      if (stated != null && Math.round(stated * 10) !== Math.round(certificate.totalMinutes / 6))
        mismatches.push('hours');
      if (input.statedName != null && input.statedName.normalize('NFKC').trim() !== content.volunteer.name) {
        mismatches.push('name');
      }
      const reason: CertificateVerificationReason | null =
        certificate.revokedOn !== null ? 'REVOKED' : mismatches.length > 0 ? 'CONTENT_MISMATCH' : null;
      return { valid: reason === null, reason, issued, mismatches };
    },

    /**
     * A certificate for its reader, or undefined when there is none or the caller may not read
     * it (the two are not told apart): whoever holds its verification code, the volunteer itself,
     * and staff who can see the volunteer.
     */
    async readableCertificate(input: {
      number: string;
      code?: string | null;
    }): Promise<ReadableCertificate | undefined> {
      const certificate = await findByNumber(db, input.number);
      if (!certificate) return undefined;
      const code = input.code == null ? undefined : normalizeVerificationCode(input.code);
      const holdsCode = code !== undefined && verificationCodesEqual(code, certificate.verificationCode);
      const mayRead =
        holdsCode ||
        (isVolunteer && actor.volunteerId === certificate.volunteerId && actor.district === districtCode) ||
        (!isVolunteer &&
          (await recordIsVisible(db, actor, districtCode, 'volunteer', certificate.volunteerId)));
      if (!mayRead) return undefined;
      return { certificate, content: certificate.content as VolunteerCertificateContent };
    },

    /** The certificates of a volunteer the caller can see, newest first (none when it cannot). */
    async certificatesOf(volunteerId: number): Promise<VolunteerCertificate[]> {
      if (!isLocalId(volunteerId)) return [];
      if (!(await recordIsVisible(db, actor, districtCode, 'volunteer', volunteerId))) return [];
      return db
        .select()
        .from(volunteerCertificates)
        .where(
          and(
            eq(volunteerCertificates.districtCode, districtCode),
            eq(volunteerCertificates.volunteerId, volunteerId),
          ),
        )
        .orderBy(desc(volunteerCertificates.issuedOn), desc(volunteerCertificates.id));
    },
  };
}

export type VolunteerCertificateService = ReturnType<typeof createVolunteerCertificates>;
