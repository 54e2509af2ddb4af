import { and, asc, eq, inArray } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { createPolicyService } from '../policies/policy-service.js';
import {
  organizationCreditRecords,
  organizationGrades,
  organizationListEntries,
  type SocialOrganization,
  socialOrganizations,
} from '../schema/organizations.js';
import {
  certificateRegistrations,
  socialWorkCertificates,
  socialWorkerPosts,
} from '../schema/social-workers.js';
import type {
  PolicyApplied,
  StaffMember,
  UndertakerFacts,
  UndertakerPolicies,
} from './undertaker-eligibility.js';

/**
 * An organization's facts as the eligibility rule reads them (undertaker-eligibility.ts): its
 * record, its list entries, its penalty credit records, its grades, and its workers with their
 * posts at it and their certificates. The organization, its list entries and its penalties are
 * read FOR SHARE, so a listing or a penalty being written meanwhile is either seen or waits for
 * the assessment to commit. Undefined when there is no such organization.
 */
export async function loadUndertakerFacts(
  tx: SansheDb,
  districtCode: string,
  organizationId: number,
): Promise<(UndertakerFacts & { organization: SocialOrganization }) | undefined> {
  const [organization] = await tx
    .select()
    .from(socialOrganizations)
    .where(
      and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.id, organizationId)),
    )
    .for('share');
  if (!organization) return undefined;
  const listEntries = await tx
    .select({
      list: organizationListEntries.list,
      listedOn: organizationListEntries.listedOn,
      removedOn: organizationListEntries.removedOn,
      removalReason: organizationListEntries.removalReason,
    })
    .from(organizationListEntries)
    .where(
      and(
        eq(organizationListEntries.districtCode, districtCode),
        eq(organizationListEntries.organizationId, organizationId),
      ),
    )
    .for('share');
  const penalties = await tx
    .select({
      kind: organizationCreditRecords.kind,
      occurredOn: organizationCreditRecords.occurredOn,
      withdrawnOn: organizationCreditRecords.withdrawnOn,
    })
    .from(organizationCreditRecords)
    .where(
      and(
        eq(organizationCreditRecords.districtCode, districtCode),
        eq(organizationCreditRecords.organizationId, organizationId),
        eq(organizationCreditRecords.category, 'penalty'),
      ),
    )
    .for('share');
  const grades = await tx
    .select({
      id: organizationGrades.id,
      grade: organizationGrades.grade,
      awardedOn: organizationGrades.awardedOn,
      validUntil: organizationGrades.validUntil,
      revokedOn: organizationGrades.revokedOn,
    })
    .from(organizationGrades)
    .where(
      and(
        eq(organizationGrades.districtCode, districtCode),
        eq(organizationGrades.organizationId, organizationId),
      ),
    );
  return {
    organization,
    listEntries,
    penalties,
    grades,
    staff: await staffOf(tx, districtCode, organizationId),
  };
}

/** The workers with a post at the organization (at any time), with those posts and their certificates. */
async function staffOf(
  executor: SansheDb,
  districtCode: string,
  organizationId: number,
): Promise<StaffMember[]> {
  const posts = await executor
    .select({
      workerId: socialWorkerPosts.workerId,
      startsOn: socialWorkerPosts.startsOn,
      endsOn: socialWorkerPosts.endsOn,
    })
    .from(socialWorkerPosts)
    .where(
      and(
        eq(socialWorkerPosts.districtCode, districtCode),
        eq(socialWorkerPosts.organizationId, organizationId),
      ),
    )
    .orderBy(asc(socialWorkerPosts.workerId), asc(socialWorkerPosts.startsOn));
  const workerIds = [...new Set(posts.map((post) => post.workerId))];
  if (workerIds.length === 0) return [];
  const certificates = await executor
    .select({
      id: socialWorkCertificates.id,
      workerId: socialWorkCertificates.workerId,
      level: socialWorkCertificates.level,
    })
    .from(socialWorkCertificates)
    .where(
      and(
        eq(socialWorkCertificates.districtCode, districtCode),
        inArray(socialWorkCertificates.workerId, workerIds),
      ),
    );
  const registrations =
    certificates.length === 0
      ? []
      : await executor
          .select({
            certificateId: certificateRegistrations.certificateId,
            validFrom: certificateRegistrations.validFrom,
            validUntil: certificateRegistrations.validUntil,
          })
          .from(certificateRegistrations)
          .where(
            and(
              eq(certificateRegistrations.districtCode, districtCode),
              inArray(
                certificateRegistrations.certificateId,
                certificates.map((certificate) => certificate.id),
              ),
            ),
          );
  return workerIds.map((workerId) => ({
    workerId,
    posts: posts.filter((post) => post.workerId === workerId),
    certificates: certificates
      .filter((certificate) => certificate.workerId === workerId)
      .map((certificate) => ({
        level: certificate.level,
        registrations: registrations.filter((registration) => registration.certificateId === certificate.id),
      })),
  }));
}

/**
 * The purchase policies in force for the purchaser's unit on a day (the day the tender was
 * published: the conditions a tender announces hold for the whole procedure, so a value set
 * while bids are out does not change them). Read without throwing: where no value is in force
 * there is no such rule (policy-keys.ts says why each may be unset), never POLICY_NOT_SET.
 */
export async function purchasePoliciesInForce(
  executor: SansheDb,
  districtCode: string,
  purchaserUnitCode: string,
  on: string,
): Promise<UndertakerPolicies> {
  const policies = createPolicyService({ db: executor, districtCode });
  const applied = <T>(found: { value: T; source: string } | undefined): PolicyApplied<T> | null =>
    found ? { value: found.value, source: found.source } : null;
  return {
    grade: applied(await policies.valueInForce('purchase.undertaker_grade', purchaserUnitCode, on)),
    majorViolation: applied(await policies.valueInForce('purchase.major_violation', purchaserUnitCode, on)),
    capacity: applied(await policies.valueInForce('purchase.required_capacity', purchaserUnitCode, on)),
  };
}
