import type { DistrictDatabase } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createCertificateUseCases } from './certificates.js';
import { createPeopleUseCases } from './people.js';
import { createPostUseCases } from './posts.js';
import { createSocialWorkerContext } from './social-worker-context.js';

export type {
  AddCertificateInput,
  CertificateWithRegistrations,
  EndPostInput,
  RecordContinuingEducationInput,
  RegisterCertificateInput,
  RegisterWorkerInput,
  RenewRegistrationInput,
  StartPostInput,
  UpdateWorkerInput,
  WorkerCertification,
} from './social-worker-types.js';

/**
 * Social workers of one district (docs/domain.md §4; 社会工作者职业水平证书登记办法; 社会工作者继续
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
  const context = createSocialWorkerContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createPeopleUseCases(context),
    ...createCertificateUseCases(context),
    ...createPostUseCases(context),
  };
}

export type SocialWorkerService = ReturnType<typeof createSocialWorkerService>;
