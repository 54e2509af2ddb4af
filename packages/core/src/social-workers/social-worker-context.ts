import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { createPolicyService } from '../policies/policy-service.js';
import { communities } from '../schema/hierarchy.js';
import { socialOrganizations } from '../schema/organizations.js';
import {
  type CertificateRegistration,
  certificateRegistrations,
  type SocialWorkCertificate,
  type SocialWorker,
  socialWorkCertificates,
  socialWorkerPosts,
  socialWorkers,
} from '../schema/social-workers.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';
import { parseMobilePhone } from '../validators/mobile-phone.js';
import { parseResidentId } from '../validators/resident-id.js';
import { parseIsoDate } from '../validators/text.js';
import type { SocialWorkerLevel } from './code-lists.js';
import { policyUnitOf } from './registration-rules.js';
import type { WorkerCertification, WorkerChanges } from './social-worker-types.js';

export const CERTIFICATE_NUMBER = /^[A-Za-z0-9-]{4,32}$/;
export const MAX_CE_HOURS = 200;
export const MAX_COURSE_LENGTH = 200;

/**
 * What every use case of the social-workers area shares, for one district and one caller: the
 * service kit, input parsing, and the reads and locks inside transactions. The use cases
 * (people.ts, certificates.ts, posts.ts) compose them; the rules are pure functions in
 * registration-rules.ts, certification.ts and allowance.ts.
 */
export function createSocialWorkerContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, unwrap } = kit;

  /** The policy service reading through `executor`, so reads inside a transaction stay in it. */
  function policiesOf(executor: SansheDb) {
    return createPolicyService({ db: executor, districtCode }, { today: kit.today });
  }

  function requireDate(value: unknown, path: FieldPath): string {
    return unwrap(parseIsoDate(value, { path }));
  }

  function parseResident(value: unknown, path: FieldPath) {
    // The validator's "today" is a moment; midnight in China is the start of the service's day.
    return unwrap(parseResidentId(value, { path, today: new Date(`${kit.today()}T00:00:00+08:00`) }));
  }

  function optionalPhone(value: string | null | undefined): string | null {
    if (value === undefined || value === null) return null;
    return unwrap(parseMobilePhone(value, { path: ['input', 'mobilePhone'] })).number;
  }

  function findWorker(
    executor: SansheDb,
    id: number,
    lock: RowLock = false,
  ): Promise<SocialWorker | undefined> {
    return kit.findRecord(executor, socialWorkers, id, lock);
  }

  function requireWorker(
    executor: SansheDb,
    id: number,
    lock: RowLock,
    path: FieldPath,
  ): Promise<SocialWorker> {
    return kit.requireRecord(executor, socialWorkers, id, 'social worker', path, lock);
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
    const id = kit.requireId(workerId, 'social worker', ['workerId']);
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
    kit,
    db,
    districtCode,
    unwrap,
    policiesOf,
    requireDate,
    parseResident,
    optionalPhone,
    findWorker,
    requireWorker,
    requireCertificateForUpdate,
    registrationsOf,
    loadCertification,
    policyUnitOn,
    assertEmployerActive,
    certificationOf,
    bumpWorker,
  };
}

export type SocialWorkerContext = ReturnType<typeof createSocialWorkerContext>;

/** Hours of continuing education: more than 0, at most 200, with at most one decimal. */
export function parseHours(value: unknown): number {
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
