import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import {
  type CertificateRegistration,
  type ContinuingEducationRecord,
  certificateRegistrations,
  continuingEducationRecords,
  type SocialWorkCertificate,
  socialWorkCertificates,
} from '../schema/social-workers.js';
import { parseCode } from '../services/code-list.js';
import { parseName } from '../validators/text.js';
import { type MonthlyAllowance, monthlyAllowanceOn } from './allowance.js';
import { isCertifiedOn } from './certification.js';
import { type SocialWorkerLevel, socialWorkerLevels } from './code-lists.js';
import { decideFirstRegistration, decideRenewal, latestRegistration } from './registration-rules.js';
import {
  CERTIFICATE_NUMBER,
  MAX_COURSE_LENGTH,
  parseHours,
  type SocialWorkerContext,
} from './social-worker-context.js';
import type {
  AddCertificateInput,
  RecordContinuingEducationInput,
  RegisterCertificateInput,
  RenewRegistrationInput,
} from './social-worker-types.js';

/**
 * Certificates (职业水平证书), their registration and renewal (社会工作者职业水平证书登记办法),
 * continuing education (社会工作者继续教育办法) and the allowance they bring (docs/domain.md §4).
 */
export function createCertificateUseCases(ctx: SocialWorkerContext) {
  const {
    kit,
    db,
    districtCode,
    unwrap,
    policiesOf,
    requireDate,
    findWorker,
    requireWorker,
    requireCertificateForUpdate,
    registrationsOf,
    policyUnitOn,
    certificationOf,
  } = ctx;
  return {
    /**
     * Record a professional-level certificate a worker obtained.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE (level), VALIDATION_FAILED (number),
     * INVALID_DATE (passedOn malformed or in the future), NOT_FOUND (worker),
     * DUPLICATE_RECORD (the number is recorded, or the worker already holds this level).
     */
    async addCertificate(input: AddCertificateInput): Promise<SocialWorkCertificate> {
      const workerId = kit.requireId(input.workerId, 'social worker', ['input', 'workerId']);
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
      const passedOn = kit.pastDate(input.passedOn, ['input', 'passedOn']);
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
     * (社会工作者职业水平证书登记办法; docs/domain.md §4), valid `validYears` from its day.
     *
     * @throws {SansheError} NOT_FOUND, INVALID_DATE, ALREADY_REGISTERED, INVALID_DATE_RANGE,
     * REGISTRATION_DEADLINE_PASSED.
     */
    async registerCertificate(input: RegisterCertificateInput): Promise<CertificateRegistration> {
      const certificateId = kit.requireId(input.certificateId, 'certificate', ['input', 'certificateId']);
      const registeredOn = kit.pastDate(input.registeredOn, ['input', 'registeredOn'], false);
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
      const certificateId = kit.requireId(input.certificateId, 'certificate', ['input', 'certificateId']);
      const registeredOn = kit.pastDate(input.registeredOn, ['input', 'registeredOn'], false);
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
      const workerId = kit.requireId(input.workerId, 'social worker', ['input', 'workerId']);
      const hours = parseHours(input.hours);
      const completedOn = kit.pastDate(input.completedOn, ['input', 'completedOn']);
      const provider = unwrap(parseName(input.provider, { path: ['input', 'provider'] }));
      const course = kit.text(input.course, ['input', 'course'], {
        maxLength: MAX_COURSE_LENGTH,
        label: 'A course',
      });
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
    /** A worker's certificates with their registrations (see the function above). */
    certificationOf,
    /** Whether the worker is certified on a day (certification.ts isCertifiedOn). */
    async isWorkerCertifiedOn(workerId: number, on: string): Promise<boolean> {
      const day = requireDate(on, ['on']);
      return isCertifiedOn(await certificationOf(workerId), day);
    },
    /** A worker's continuing-education records, earliest first. */
    async continuingEducationOf(workerId: number): Promise<ContinuingEducationRecord[]> {
      const id = kit.requireId(workerId, 'social worker', ['workerId']);
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
