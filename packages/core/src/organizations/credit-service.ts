import type { DistrictDatabase } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import type { ServiceOptions } from '../services/service-kit.js';
import { createCreditContext } from './credit-context.js';
import { createCreditListingUseCases } from './credit-listings.js';
import { createCreditProcedureUseCases } from './credit-procedures.js';
import { createGradingUseCases } from './grading.js';
import { createPublicReportUseCases } from './public-report.js';

export type {
  ApplyForCreditRepairInput,
  DecideProcedureInput,
  EscalationResult,
  ExemptionStatementInput,
  FileObjectionInput,
  GradeOrganizationInput,
  ListOrganizationInput,
  PublicCreditReportQuery,
  RecordCreditInformationInput,
  RemoveFromListInput,
} from './credit-inputs.js';
export { directRemovalReasons, PUBLIC_REPORT_NAME_LIMIT } from './credit-inputs.js';

/**
 * Credit information, the abnormal-activity and serious dishonesty lists, objections, credit
 * repair and evaluation grades of a district's social organizations (社会组织信用信息管理办法,
 * 民政部令第60号; 社会组织评估管理办法, 民政部令第39号; docs/domain.md §3).
 *
 * Every write validates its input first, runs in one transaction that locks the rows its
 * rules read, appends to the audit log in that transaction, and either applies whole or
 * throws a {@link SansheError} and changes nothing.
 */
export function createCreditService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const context = createCreditContext(database, options);
  return {
    districtCode: context.districtCode,
    ...createCreditListingUseCases(context),
    ...createCreditProcedureUseCases(context),
    ...createGradingUseCases(context),
    ...createPublicReportUseCases(context),
  };
}

export type CreditService = ReturnType<typeof createCreditService>;
