import { and, asc, eq, gte, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { createPolicyService } from '../policies/policy-service.js';
import { communities } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import {
  type CertificateRegistration,
  type ContinuingEducationRecord,
  certificateRegistrations,
  continuingEducationRecords,
  type SocialWorkCertificate,
  type SocialWorker,
  type SocialWorkerPost,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
} from '../schema/social-workers.js';
import { parseCode } from '../services/code-list.js';
import { periodsOverlap } from '../services/dates.js';
import { createServiceKit, isLocalId, type ServiceOptions } from '../services/service-kit.js';
import { parseMobilePhone } from '../validators/mobile-phone.js';
import { parseResidentId } from '../validators/resident-id.js';
import { parseIsoDate, parseName } from '../validators/text.js';
import { type MonthlyAllowance, monthlyAllowanceOn } from './allowance.js';
import { isCertifiedOn } from './certification.js';
import { type SocialWorkerLevel, socialWorkerLevels } from './code-lists.js';
import { postWriteTarget } from './post-target.js';
import {
  decideFirstRegistration,
  decideRenewal,
  latestRegistration,
  policyUnitOf,
} from './registration-rules.js';
import {
  mobilePhoneColumns,
  type RevealedWorkerIdentifiers,
  type RevealWorkerIdentifiersInput,
  residentIdColumns,
  residentIdMatches,
  revealWorkerIdentifiers,
} from './worker-identifiers.js';

export interface RegisterWorkerInput {
  name: string;
  /** 18 characters (a lower-case x is accepted), or a legacy 15-digit number, stored upgraded to 18. */
  residentId: string;
  mobilePhone?: string | null;
}

export interface UpdateWorkerInput {
  id: number;
  /** When given, the change applies only if the worker is still at this version. */
  expectedVersion?: number | null;
  name?: string;
  /** A new number; null removes it; absent leaves it. */
  mobilePhone?: string | null;
}

/** What `updateWorker` may change: the name, and the mobile number's stored columns. */
type WorkerChanges = Partial<
  Pick<SocialWorker, 'name' | 'mobilePhoneEncrypted' | 'mobilePhoneHash' | 'mobilePhoneMasked'>
>;

export interface AddCertificateInput {
  workerId: number;
  level: SocialWorkerLevel;
  /** 4 to 32 letters, digits and hyphens; stored upper-cased. */
  certificateNumber: string;
  /** The day the examination (or the review, for senior) was passed; not in the future. */
  passedOn: string;
}

export interface RegisterCertificateInput {
  certificateId: number;
  /** The day of the registration; defaults to today, never in the future. */
  registeredOn?: string | null;
}

export type RenewRegistrationInput = RegisterCertificateInput;

export interface RecordContinuingEducationInput {
  workerId: number;
  /** More than 0, at most 200, with at most one decimal. */
  hours: number;
  /** Not in the future. */
  completedOn: string;
  provider: string;
  course: string;
}

export interface StartPostInput {
  workerId: number;
  /** Exactly one of organizationId and communityId: the employer. */
  organizationId?: number | null;
  communityId?: number | null;
  title: string;
  fullTime: boolean;
  /** The first day; defaults to today. */
  startsOn?: string | null;
  /** The last day, when known. */
  endsOn?: string | null;
}

export interface EndPostInput {
  postId: number;
  /** The last day of the post. */
  endsOn: string;
  expectedVersion?: number | null;
}

export interface CertificateWithRegistrations extends SocialWorkCertificate {
  level: SocialWorkerLevel;
  /** Oldest first. */
  registrations: CertificateRegistration[];
}

/** A worker's certificates and their registrations: what `isCertifiedOn` reads. */
export interface WorkerCertification {
  workerId: number;
  certificates: CertificateWithRegistrations[];
}

const CERTIFICATE_NUMBER = /^[A-Za-z0-9-]{4,32}$/;
const MAX_CE_HOURS = 200;
const MAX_COURSE_LENGTH = 200;

/**
 * Social workers of one district (DOMAIN.md §4; 社会工作者职业水平证书登记办法; 社会工作者继续
 * 教育办法): people, their certificates and registrations, continuing education and posts.
 *
 * Every write validates its input first, then runs in one transaction that locks the rows its
 * rule reads, appends to the audit log, and either applies whole or throws a
 * {@link SansheError} and changes nothing. Rules that depend on local policy read the value in
 * force on the day of the decision and store its source, so a later policy change never
 * rewrites a past decision.
 */
export function createSocialWorkerService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, unwrap } = kit;

  /** The policy service reading through `executor`, so reads inside a transaction stay in it. */
  function policiesOf(executor: SansheDb) {
    return createPolicyService({ db: executor, districtCode }, { today: kit.today });
  }

  /** A local id, or NOT_FOUND at `path`: an id that cannot exist names no record. */
  function requireId(value: unknown, what: string, path: FieldPath): number {
    if (!isLocalId(value)) {
      throw new SansheError('NOT_FOUND', `No ${what} with id ${String(value)} in district ${districtCode}.`, {
        path,
      });
    }
    return value;
  }

  function requireDate(value: unknown, path: FieldPath): string {
    return unwrap(parseIsoDate(value, { path }));
  }

  /** A day that records a fact (a pass, a registration, completed hours) cannot lie ahead. */
  function notInFuture(day: string, what: string, path: FieldPath): string {
    const today = kit.today();
    if (day > today) {
      throw new SansheError('INVALID_DATE', `${what} ${day} lies in the future (today is ${today}).`, {
        path,
      });
    }
    return day;
  }

  function parseResident(value: unknown, path: FieldPath) {
    // The validator's "today" is a moment; midnight in China is the start of the service's day.
    return unwrap(parseResidentId(value, { path, today: new Date(`${kit.today()}T00:00:00+08:00`) }));
  }

  function optionalPhone(value: string | null | undefined): string | null {
    if (value === undefined || value === null) return null;
    return unwrap(parseMobilePhone(value, { path: ['input', 'mobilePhone'] })).number;
  }

  async function findWorker(
    executor: SansheDb,
    id: number,
    lock: false | 'update' | 'share' = false,
  ): Promise<SocialWorker | undefined> {
    const query = executor
      .select()
      .from(socialWorkers)
      .where(and(eq(socialWorkers.districtCode, districtCode), eq(socialWorkers.id, id)));
    const [row] = lock ? await query.for(lock) : await query;
    return row;
  }

  async function requireWorker(
    executor: SansheDb,
    id: number,
    lock: false | 'update' | 'share',
    path: FieldPath,
  ): Promise<SocialWorker> {
    const worker = await findWorker(executor, id, lock);
    if (!worker) throw kit.notFound('social worker', id, path);
    return worker;
  }

  async function requireCertificateForUpdate(tx: SansheDb, id: number): Promise<SocialWorkCertificate> {
    const [certificate] = await tx
      .select()
      .from(socialWorkCertificates)
      .where(and(eq(socialWorkCertificates.districtCode, districtCode), eq(socialWorkCertificates.id, id)))
      // Registrations of one certificate are decided one after the other: two concurrent first
      // registrations (or renewals) would otherwise both find none and both apply.
      .for('update');
    if (!certificate) throw kit.notFound('certificate', id, ['input', 'certificateId']);
    return certificate;
  }

  function registrationsOf(executor: SansheDb, certificateIds: readonly number[]) {
    if (certificateIds.length === 0) return Promise.resolve([] as CertificateRegistration[]);
    return executor
      .select()
      .from(certificateRegistrations)
      .where(
        and(
          eq(certificateRegistrations.districtCode, districtCode),
          inArray(certificateRegistrations.certificateId, [...certificateIds]),
        ),
      )
      .orderBy(asc(certificateRegistrations.validFrom), asc(certificateRegistrations.id));
  }

  async function loadCertification(executor: SansheDb, workerId: number): Promise<WorkerCertification> {
    const certificates = await executor
      .select()
      .from(socialWorkCertificates)
      .where(
        and(
          eq(socialWorkCertificates.districtCode, districtCode),
          eq(socialWorkCertificates.workerId, workerId),
        ),
      )
      .orderBy(asc(socialWorkCertificates.id));
    const registrations = await registrationsOf(
      executor,
      certificates.map((c) => c.id),
    );
    return {
      workerId,
      certificates: certificates.map((certificate) => ({
        ...certificate,
        level: certificate.level as SocialWorkerLevel,
        registrations: registrations.filter((r) => r.certificateId === certificate.id),
      })),
    };
  }

  /** The unit whose policies apply to the worker on a day (registration-rules.ts policyUnitOf). */
  async function policyUnitOn(executor: SansheDb, workerId: number, on: string): Promise<string> {
    const posts = await executor
      .select({
        id: socialWorkerPosts.id,
        fullTime: socialWorkerPosts.fullTime,
        startsOn: socialWorkerPosts.startsOn,
        endsOn: socialWorkerPosts.endsOn,
        communityCode: communities.code,
      })
      .from(socialWorkerPosts)
      .innerJoin(
        communities,
        and(
          eq(communities.districtCode, socialWorkerPosts.districtCode),
          eq(communities.id, socialWorkerPosts.communityId),
        ),
      )
      .where(
        and(
          eq(socialWorkerPosts.districtCode, districtCode),
          eq(socialWorkerPosts.workerId, workerId),
          isNotNull(socialWorkerPosts.communityId),
        ),
      );
    return policyUnitOf(districtCode, posts, on);
  }

  async function assertEmployerActive(
    tx: SansheDb,
    employer: { organizationId: number } | { communityId: number },
    startsOn: string,
  ): Promise<void> {
    if ('organizationId' in employer) {
      const path = ['input', 'organizationId'];
      const [organization] = await tx
        .select()
        .from(socialOrganizations)
        .where(
          and(
            eq(socialOrganizations.districtCode, districtCode),
            eq(socialOrganizations.id, employer.organizationId),
          ),
        )
        // A deregistration waits until the post is committed, and then sees it.
        .for('share');
      if (!organization) throw kit.notFound('social organization', employer.organizationId, path);
      // Like a retired unit (hierarchy-service.ts), a deregistered organization takes no new
      // posts, even backdated ones: the post would outlive its employer in the record.
      if (organization.status !== 'active' || organization.deregisteredOn !== null) {
        throw new SansheError(
          'ORGANIZATION_INACTIVE',
          `Organization ${organization.name} was deregistered on ${organization.deregisteredOn} and takes no new posts.`,
          { path },
        );
      }
      if (organization.registeredOn > startsOn) {
        throw new SansheError(
          'ORGANIZATION_INACTIVE',
          `Organization ${organization.name} was registered on ${organization.registeredOn}, after the post starts (${startsOn}).`,
          { path: ['input', 'startsOn'] },
        );
      }
      return;
    }
    const path = ['input', 'communityId'];
    const [community] = await tx
      .select()
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, employer.communityId)))
      .for('share');
    if (!community) throw kit.notFound('community', employer.communityId, path);
    if (community.retiredOn !== null || !isActiveOn(community, startsOn)) {
      throw new SansheError(
        'PARENT_RETIRED',
        community.retiredOn !== null
          ? `Community ${community.code} is retired (from ${community.retiredOn}) and takes no new posts.`
          : `Community ${community.code} is not yet in force on ${startsOn} (in force from ${community.effectiveFrom}).`,
        { path: community.retiredOn !== null ? path : ['input', 'startsOn'] },
      );
    }
  }

  /**
   * A worker's certificates with their registrations, oldest first; pass it to
   * `isCertifiedOn` / `certifiedLevelOn`.
   *
   * @throws {SansheError} NOT_FOUND when there is no such worker.
   */
  async function certificationOf(workerId: number): Promise<WorkerCertification> {
    const id = requireId(workerId, 'social worker', ['workerId']);
    await requireWorker(db, id, false, ['workerId']);
    return loadCertification(db, id);
  }

  async function bumpWorker(
    tx: SansheDb,
    current: SocialWorker,
    changes: WorkerChanges,
  ): Promise<SocialWorker> {
    const [row] = await tx
      .update(socialWorkers)
      .set({ ...changes, version: current.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(socialWorkers.districtCode, districtCode),
          eq(socialWorkers.id, current.id),
          eq(socialWorkers.version, current.version),
        ),
      )
      .returning();
    // The row is locked FOR UPDATE, so the version cannot move under us; kept as a guard.
    if (!row) throw new Error(`social worker ${current.id} changed while locked`);
    return row;
  }

  return {
    districtCode,

    /**
     * Record a person as a social worker. One record per resident ID and district.
     *
     * @throws {SansheError} INVALID_NAME, INVALID_RESIDENT_ID, INVALID_MOBILE_PHONE;
     * DUPLICATE_RECORD when the resident ID is already recorded.
     */
    async registerWorker(input: RegisterWorkerInput): Promise<SocialWorker> {
      const name = unwrap(parseName(input.name, { path: ['input', 'name'] }));
      // A legacy 15-digit number is stored in its 18-character form, so the same person cannot
      // be recorded twice under the two generations of their number.
      const residentId = parseResident(input.residentId, ['input', 'residentId']).upgraded;
      const mobilePhone = optionalPhone(input.mobilePhone);
      kit.authorize('worker.register');
      return db.transaction(async (tx) => {
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(socialWorkers)
              .values({
                districtCode,
                name,
                ...residentIdColumns(kit.keyring, districtCode, residentId),
                ...mobilePhoneColumns(kit.keyring, districtCode, mobilePhone),
              })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            // The number itself stays out of the message: it is personal data (DOMAIN.md §9).
            message: `A social worker with this resident ID number is already recorded in district ${districtCode}.`,
            path: ['input', 'residentId'],
          },
        );
        await kit.audit(tx, {
          action: 'social_worker.register',
          entityType: 'social_worker',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /**
     * Change a worker's name or mobile number. The resident ID is the person's identity and is
     * not changed here.
     *
     * @throws {SansheError} VALIDATION_FAILED when nothing is to change, INVALID_NAME,
     * INVALID_MOBILE_PHONE, NOT_FOUND, VERSION_CONFLICT.
     */
    async updateWorker(input: UpdateWorkerInput): Promise<SocialWorker> {
      const id = requireId(input.id, 'social worker', ['input', 'id']);
      let changes: WorkerChanges = {};
      if (input.name !== undefined) changes.name = unwrap(parseName(input.name, { path: ['input', 'name'] }));
      if (input.mobilePhone !== undefined) {
        changes = {
          ...changes,
          ...mobilePhoneColumns(kit.keyring, districtCode, optionalPhone(input.mobilePhone)),
        };
      }
      if (Object.keys(changes).length === 0) {
        throw new SansheError('VALIDATION_FAILED', 'Give a new name or mobile number.', { path: ['input'] });
      }
      kit.authorize('worker.register', { workerId: id });
      return db.transaction(async (tx) => {
        const current = await requireWorker(tx, id, 'update', ['input', 'id']);
        kit.checkVersion(current, input.expectedVersion, `Social worker ${id}`);
        const row = await bumpWorker(tx, current, changes);
        await kit.audit(tx, {
          action: 'social_worker.update',
          entityType: 'social_worker',
          entityId: id,
          before: current,
          after: row,
        });
        return row;
      });
    },

    /**
     * Record a professional-level certificate a worker obtained.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE (level), VALIDATION_FAILED (number),
     * INVALID_DATE (passedOn malformed or in the future), NOT_FOUND (worker),
     * DUPLICATE_RECORD (the number is recorded, or the worker already holds this level).
     */
    async addCertificate(input: AddCertificateInput): Promise<SocialWorkCertificate> {
      const workerId = requireId(input.workerId, 'social worker', ['input', 'workerId']);
      const level = parseCode(socialWorkerLevels, input.level, ['input', 'level'], 'Certification level');
      const number = typeof input.certificateNumber === 'string' ? input.certificateNumber.trim() : '';
      if (!CERTIFICATE_NUMBER.test(number)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'A certificate number is 4 to 32 letters, digits and hyphens.',
          { path: ['input', 'certificateNumber'] },
        );
      }
      // Upper-cased so that the same number typed in another case is recognised as a duplicate.
      const certificateNumber = number.toUpperCase();
      const passedOn = notInFuture(requireDate(input.passedOn, ['input', 'passedOn']), 'The pass date', [
        'input',
        'passedOn',
      ]);
      return db.transaction(async (tx) => {
        // FOR UPDATE: two certificates of the same level for one worker added at once would
        // otherwise both pass the check below (the unique key would still catch it, untyped).
        kit.authorize('worker.register', { workerId });
        await requireWorker(tx, workerId, 'update', ['input', 'workerId']);
        const [sameNumber] = await tx
          .select({ id: socialWorkCertificates.id })
          .from(socialWorkCertificates)
          .where(
            and(
              eq(socialWorkCertificates.districtCode, districtCode),
              eq(socialWorkCertificates.certificateNumber, certificateNumber),
            ),
          );
        if (sameNumber) {
          throw new SansheError(
            'DUPLICATE_RECORD',
            `Certificate number ${certificateNumber} is already recorded.`,
            { path: ['input', 'certificateNumber'] },
          );
        }
        const [sameLevel] = await tx
          .select({ id: socialWorkCertificates.id })
          .from(socialWorkCertificates)
          .where(
            and(
              eq(socialWorkCertificates.districtCode, districtCode),
              eq(socialWorkCertificates.workerId, workerId),
              eq(socialWorkCertificates.level, level),
            ),
          );
        if (sameLevel) {
          throw new SansheError(
            'DUPLICATE_RECORD',
            `Social worker ${workerId} already holds a ${socialWorkerLevels[level]} certificate.`,
            { path: ['input', 'level'] },
          );
        }
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(socialWorkCertificates)
              .values({ districtCode, workerId, level, certificateNumber, passedOn })
              .returning(),
          // Only the number can still collide: another worker's certificate added concurrently.
          {
            code: 'DUPLICATE_RECORD',
            message: `Certificate number ${certificateNumber} is already recorded.`,
            path: ['input', 'certificateNumber'],
          },
        );
        await kit.audit(tx, {
          action: 'certificate.add',
          entityType: 'social_work_certificate',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /**
     * The first registration (首次登记) of a certificate, within `firstWithinMonths` of passing
     * (社会工作者职业水平证书登记办法; DOMAIN.md §4), valid `validYears` from its day.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, ALREADY_REGISTERED, INVALID_DATE_RANGE,
     * REGISTRATION_DEADLINE_PASSED.
     */
    async registerCertificate(input: RegisterCertificateInput): Promise<CertificateRegistration> {
      const certificateId = requireId(input.certificateId, 'certificate', ['input', 'certificateId']);
      const registeredOn = notInFuture(
        kit.dateOrToday(input.registeredOn, ['input', 'registeredOn']),
        'The registration date',
        ['input', 'registeredOn'],
      );
      return db.transaction(async (tx) => {
        const certificate = await requireCertificateForUpdate(tx, certificateId);
        kit.authorize('worker.register', { workerId: certificate.workerId });
        const existing = await registrationsOf(tx, [certificateId]);
        if (existing.length > 0) {
          throw new SansheError(
            'ALREADY_REGISTERED',
            `Certificate ${certificate.certificateNumber} was first registered on ${existing[0]!.registeredOn}; renew it instead.`,
            { path: ['input', 'certificateId'] },
          );
        }
        // The registering authority is the district's civil-affairs bureau: its rules apply.
        const rules = await policiesOf(tx).requireValueInForce(
          'social_worker.registration_rules',
          districtCode,
          registeredOn,
        );
        const period = decideFirstRegistration({
          passedOn: certificate.passedOn,
          registeredOn,
          rules: rules.value,
        });
        const [row] = await tx
          .insert(certificateRegistrations)
          .values({
            districtCode,
            certificateId,
            kind: 'first',
            registeredOn,
            ...period,
            policySource: rules.source,
          })
          .returning();
        await kit.audit(tx, {
          action: 'certificate.register',
          entityType: 'certificate_registration',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /**
     * Renew (再登记) the current registration of a certificate: in the last
     * `renewalWindowMonths` of its validity, with the continuing-education hours the policy in
     * force that day requires for the level (社会工作者继续教育办法: 72 assistant, 90
     * intermediate and senior, per period, unless the worker's jurisdiction sets otherwise).
     * The new registration runs on from the day after the current one ends.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, NOT_REGISTERED, OUTSIDE_RENEWAL_WINDOW
     * (details windowStart, windowEnd, lapsed), INSUFFICIENT_CE_HOURS (details required,
     * completed, source).
     */
    async renewRegistration(input: RenewRegistrationInput): Promise<CertificateRegistration> {
      const certificateId = requireId(input.certificateId, 'certificate', ['input', 'certificateId']);
      const registeredOn = notInFuture(
        kit.dateOrToday(input.registeredOn, ['input', 'registeredOn']),
        'The registration date',
        ['input', 'registeredOn'],
      );
      return db.transaction(async (tx) => {
        const certificate = await requireCertificateForUpdate(tx, certificateId);
        kit.authorize('worker.register', { workerId: certificate.workerId });
        const current = latestRegistration(await registrationsOf(tx, [certificateId]));
        if (!current) {
          throw new SansheError(
            'NOT_REGISTERED',
            `Certificate ${certificate.certificateNumber} has never been registered; register it first.`,
            { path: ['input', 'certificateId'] },
          );
        }
        // The worker's posts decide whose policy applies; a post started meanwhile waits.
        await findWorker(tx, certificate.workerId, 'share');
        const policies = policiesOf(tx);
        const rules = await policies.requireValueInForce(
          'social_worker.registration_rules',
          districtCode,
          registeredOn,
        );
        const unitCode = await policyUnitOn(tx, certificate.workerId, registeredOn);
        const hoursRequired = await policies.requireValueInForce(
          'social_worker.ce_hours_per_period',
          unitCode,
          registeredOn,
        );
        const continuingEducation = await tx
          .select({
            hours: continuingEducationRecords.hours,
            completedOn: continuingEducationRecords.completedOn,
          })
          .from(continuingEducationRecords)
          .where(
            and(
              eq(continuingEducationRecords.districtCode, districtCode),
              eq(continuingEducationRecords.workerId, certificate.workerId),
              gte(continuingEducationRecords.completedOn, current.validFrom),
              lte(continuingEducationRecords.completedOn, current.validUntil),
            ),
          );
        const decision = decideRenewal({
          level: certificate.level as SocialWorkerLevel,
          current,
          registeredOn,
          rules: rules.value,
          hoursRequired,
          continuingEducation,
        });
        const [row] = await tx
          .insert(certificateRegistrations)
          .values({ districtCode, certificateId, kind: 'renewal', registeredOn, ...decision })
          .returning();
        await kit.audit(tx, {
          action: 'certificate.renew',
          entityType: 'certificate_registration',
          entityId: row!.id,
          before: current,
          // The row keeps the source of the hours; the log also keeps the unit whose policy was
          // read and the source of the window and validity, so the decision can be re-derived.
          after: { ...row, policyUnitCode: unitCode, registrationRulesSource: rules.source },
        });
        return row!;
      });
    },

    /**
     * Record continuing-education hours a worker completed (社会工作者继续教育办法).
     *
     * @throws {SansheError} NOT_FOUND, INVALID_NUMBER (hours), INVALID_DATE, INVALID_NAME
     * (provider), VALIDATION_FAILED (course).
     */
    async recordContinuingEducation(
      input: RecordContinuingEducationInput,
    ): Promise<ContinuingEducationRecord> {
      const workerId = requireId(input.workerId, 'social worker', ['input', 'workerId']);
      const hours = parseHours(input.hours);
      const completedOn = notInFuture(
        requireDate(input.completedOn, ['input', 'completedOn']),
        'The completion date',
        ['input', 'completedOn'],
      );
      const provider = unwrap(parseName(input.provider, { path: ['input', 'provider'] }));
      const course = parseText(input.course, MAX_COURSE_LENGTH, ['input', 'course'], 'A course');
      return db.transaction(async (tx) => {
        kit.authorize('worker.education', { workerId });
        await requireWorker(tx, workerId, 'share', ['input', 'workerId']);
        const [row] = await tx
          .insert(continuingEducationRecords)
          .values({ districtCode, workerId, hours, completedOn, provider, course })
          .returning();
        await kit.audit(tx, {
          action: 'continuing_education.record',
          entityType: 'continuing_education_record',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /**
     * A post the worker holds with an organization or a community, from a day on. A worker holds
     * at most one full-time post at a time.
     *
     * @throws {SansheError} VALIDATION_FAILED (not exactly one employer; fullTime not a boolean),
     * INVALID_NAME (title), INVALID_DATE, INVALID_DATE_RANGE, NOT_FOUND (worker, employer),
     * ORGANIZATION_INACTIVE, PARENT_RETIRED, OVERLAPPING_POST.
     */
    async startPost(input: StartPostInput): Promise<SocialWorkerPost> {
      const workerId = requireId(input.workerId, 'social worker', ['input', 'workerId']);
      const organizationGiven = input.organizationId !== undefined && input.organizationId !== null;
      const communityGiven = input.communityId !== undefined && input.communityId !== null;
      if (organizationGiven === communityGiven) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'A post is with exactly one employer: give either organizationId or communityId.',
          { path: ['input', 'organizationId'] },
        );
      }
      const employer = organizationGiven
        ? {
            organizationId: requireId(input.organizationId, 'social organization', [
              'input',
              'organizationId',
            ]),
          }
        : { communityId: requireId(input.communityId, 'community', ['input', 'communityId']) };
      const title = unwrap(parseName(input.title, { path: ['input', 'title'] }));
      if (typeof input.fullTime !== 'boolean') {
        throw new SansheError('VALIDATION_FAILED', 'Say whether the post is full-time (true or false).', {
          path: ['input', 'fullTime'],
        });
      }
      const fullTime = input.fullTime;
      const startsOn = kit.dateOrToday(input.startsOn, ['input', 'startsOn']);
      const endsOn =
        input.endsOn === undefined || input.endsOn === null
          ? null
          : requireDate(input.endsOn, ['input', 'endsOn']);
      if (endsOn !== null && endsOn < startsOn) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `The post ends (${endsOn}) before it starts (${startsOn}).`,
          {
            path: ['input', 'endsOn'],
          },
        );
      }
      return db.transaction(async (tx) => {
        // A worker or organization the caller cannot see is not theirs to place or employ.
        await kit.requireVisible(tx, 'social_worker', workerId, ['input', 'workerId']);
        if (employer.organizationId !== undefined) {
          await kit.requireVisible(tx, 'social_organization', employer.organizationId, [
            'input',
            'organizationId',
          ]);
        }
        kit.authorize('worker.post', { ...(await postWriteTarget(tx, districtCode, employer)), workerId });
        // The worker's row is the lock of their posts: two full-time posts started at once are
        // checked one after the other, so the second sees the first.
        await requireWorker(tx, workerId, 'update', ['input', 'workerId']);
        await assertEmployerActive(tx, employer, startsOn);
        if (fullTime) {
          const others = await tx
            .select()
            .from(socialWorkerPosts)
            .where(
              and(
                eq(socialWorkerPosts.districtCode, districtCode),
                eq(socialWorkerPosts.workerId, workerId),
                eq(socialWorkerPosts.fullTime, true),
              ),
            )
            .orderBy(asc(socialWorkerPosts.startsOn));
          const clash = others.find((post) =>
            periodsOverlap({ from: startsOn, until: endsOn }, { from: post.startsOn, until: post.endsOn }),
          );
          if (clash) {
            throw new SansheError(
              'OVERLAPPING_POST',
              `The worker holds full-time post ${clash.id} (${clash.title}) from ${clash.startsOn} to ${clash.endsOn ?? 'now'}, which overlaps this one.`,
              {
                path: ['input', 'startsOn'],
                details: { postId: clash.id, startsOn: clash.startsOn, endsOn: clash.endsOn },
              },
            );
          }
        }
        const [row] = await tx
          .insert(socialWorkerPosts)
          .values({
            districtCode,
            workerId,
            organizationId: 'organizationId' in employer ? employer.organizationId : null,
            communityId: 'communityId' in employer ? employer.communityId : null,
            title,
            fullTime,
            startsOn,
            endsOn,
          })
          .returning();
        await kit.audit(tx, {
          action: 'post.start',
          entityType: 'social_worker_post',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /**
     * End a post on its last day.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, VERSION_CONFLICT, ALREADY_ENDED,
     * INVALID_DATE_RANGE.
     */
    async endPost(input: EndPostInput): Promise<SocialWorkerPost> {
      const postId = requireId(input.postId, 'post', ['input', 'postId']);
      const endsOn = requireDate(input.endsOn, ['input', 'endsOn']);
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(socialWorkerPosts)
          .where(and(eq(socialWorkerPosts.districtCode, districtCode), eq(socialWorkerPosts.id, postId)))
          .for('update');
        if (!current) throw kit.notFound('post', postId, ['input', 'postId']);
        kit.authorize('worker.post', {
          ...(await postWriteTarget(tx, districtCode, current)),
          workerId: current.workerId,
        });
        kit.checkVersion(current, input.expectedVersion, `Post ${postId}`);
        if (current.endsOn !== null) {
          throw new SansheError('ALREADY_ENDED', `Post ${postId} already ends on ${current.endsOn}.`, {
            path: ['input', 'postId'],
          });
        }
        if (endsOn < current.startsOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `Post ${postId} starts on ${current.startsOn}; it cannot end before, on ${endsOn}.`,
            { path: ['input', 'endsOn'] },
          );
        }
        const [row] = await tx
          .update(socialWorkerPosts)
          .set({ endsOn, version: current.version + 1, updatedAt: sql`now()` })
          .where(
            and(
              eq(socialWorkerPosts.districtCode, districtCode),
              eq(socialWorkerPosts.id, postId),
              eq(socialWorkerPosts.version, current.version),
            ),
          )
          .returning();
        if (!row) throw new Error(`post ${postId} changed while locked`);
        await kit.audit(tx, {
          action: 'post.end',
          entityType: 'social_worker_post',
          entityId: postId,
          before: current,
          after: row,
        });
        return row;
      });
    },

    /** One worker by local id, or undefined. */
    async getWorker(id: number): Promise<SocialWorker | undefined> {
      return isLocalId(id) ? findWorker(db, id) : undefined;
    },

    /**
     * The worker with this resident ID number (a legacy 15-digit number finds its 18-character
     * form), or undefined.
     *
     * @throws {SansheError} INVALID_RESIDENT_ID for a number that is not one.
     */
    async findByResidentId(residentId: string): Promise<SocialWorker | undefined> {
      const number = parseResident(residentId, ['residentId']).upgraded;
      const [row] = await db
        .select()
        .from(socialWorkers)
        .where(and(eq(socialWorkers.districtCode, districtCode), residentIdMatches(kit.keyring, number)));
      return row;
    },

    /**
     * Unmask a worker's resident ID number or mobile number for the service's actor, with a
     * declared purpose; every field read is appended to the personal-data access log.
     *
     * @throws {SansheError} see {@link revealWorkerIdentifiers}.
     */
    revealIdentifiers(input: RevealWorkerIdentifiersInput): Promise<RevealedWorkerIdentifiers> {
      const workerId = requireId(input.workerId, 'social worker', ['input', 'workerId']);
      return revealWorkerIdentifiers(
        { db, districtCode, actor: kit.actor, keyring: kit.keyring, today: kit.today() },
        { ...input, workerId },
      );
    },

    /** A worker's certificates with their registrations (see the function above). */
    certificationOf,

    /** Whether the worker is certified on a day (certification.ts isCertifiedOn). */
    async isWorkerCertifiedOn(workerId: number, on: string): Promise<boolean> {
      const day = requireDate(on, ['on']);
      return isCertifiedOn(await certificationOf(workerId), day);
    },

    /** A worker's posts, earliest first. */
    async postsOf(workerId: number): Promise<SocialWorkerPost[]> {
      const id = requireId(workerId, 'social worker', ['workerId']);
      await requireWorker(db, id, false, ['workerId']);
      return db
        .select()
        .from(socialWorkerPosts)
        .where(and(eq(socialWorkerPosts.districtCode, districtCode), eq(socialWorkerPosts.workerId, id)))
        .orderBy(asc(socialWorkerPosts.startsOn), asc(socialWorkerPosts.id));
    },

    /** A worker's continuing-education records, earliest first. */
    async continuingEducationOf(workerId: number): Promise<ContinuingEducationRecord[]> {
      const id = requireId(workerId, 'social worker', ['workerId']);
      await requireWorker(db, id, false, ['workerId']);
      return db
        .select()
        .from(continuingEducationRecords)
        .where(
          and(
            eq(continuingEducationRecords.districtCode, districtCode),
            eq(continuingEducationRecords.workerId, id),
          ),
        )
        .orderBy(asc(continuingEducationRecords.completedOn), asc(continuingEducationRecords.id));
    },

    /**
     * The monthly allowance the worker is due on a day (allowance.ts): null when not certified.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, POLICY_NOT_SET (certified, but no allowance
     * policy in force for the worker's unit).
     */
    async monthlyAllowanceOn(workerId: number, on: string): Promise<MonthlyAllowance | null> {
      const day = requireDate(on, ['on']);
      const certification = await certificationOf(workerId);
      return monthlyAllowanceOn({
        certification,
        unitCode: await policyUnitOn(db, certification.workerId, day),
        on: day,
        policies: policiesOf(db),
      });
    },
  };
}

export type SocialWorkerService = ReturnType<typeof createSocialWorkerService>;

/** Hours of continuing education: more than 0, at most 200, with at most one decimal. */
function parseHours(value: unknown): number {
  const tenths = typeof value === 'number' ? value * 10 : Number.NaN;
  // A tolerance, because 1.1 * 10 is 11.000000000000002 in binary floating point.
  const oneDecimal = Number.isFinite(tenths) && Math.abs(tenths - Math.round(tenths)) < 1e-6;
  if (!oneDecimal || (value as number) <= 0 || (value as number) > MAX_CE_HOURS) {
    throw new SansheError(
      'INVALID_NUMBER',
      `Hours must be more than 0 and at most ${MAX_CE_HOURS}, with at most one decimal.`,
      { path: ['input', 'hours'] },
    );
  }
  return Math.round(tenths) / 10;
}

/** One line of text of 1 to `max` characters (code points), without control characters. */
function parseText(value: unknown, max: number, path: FieldPath, what: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const length = Array.from(text).length;
  // Control characters break one-line displays; a lone surrogate cannot be stored as UTF-8.
  if (length === 0 || length > max || /\p{Cc}|\p{Cs}/u.test(text)) {
    throw new SansheError('VALIDATION_FAILED', `${what} is 1 to ${max} characters of one-line text.`, {
      path,
    });
  }
  return text;
}
