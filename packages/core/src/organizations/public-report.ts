import { and, asc, eq, ilike, inArray, isNull } from 'drizzle-orm';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { likePattern } from '../hierarchy/filters.js';
import {
  organizationCreditRecords,
  organizationGrades,
  organizationListEntries,
  socialOrganizations,
} from '../schema/organizations.js';
import { parseName } from '../validators/text.js';
import { parseUscc } from '../validators/uscc.js';
import type { CreditContext } from './credit-context.js';
import { PUBLIC_REPORT_NAME_LIMIT, type PublicCreditReportQuery } from './credit-inputs.js';
import { buildPublicCreditReport, type PublicCreditReport } from './credit-report.js';

/** The public credit query (信用信息公示): what anyone may read about an organization's credit. */
export function createPublicReportUseCases(ctx: CreditContext) {
  const { kit, db, districtCode } = ctx;
  return {
    /**
     * The public credit reports (社会组织信用信息公开) of the organizations with an exact
     * unified social credit code, or whose name contains a text (at most
     * {@link PUBLIC_REPORT_NAME_LIMIT}, by name). Built by {@link buildPublicCreditReport}
     * from a whitelist of non-personal fields, as of today.
     *
     * @throws {SansheError} VALIDATION_FAILED (not exactly one of uscc and name), INVALID_USCC,
     * INVALID_NAME.
     */
    async publicCreditReport(
      query: PublicCreditReportQuery,
      /** Where the query sits in the caller's input, for error paths. Default `['input']`. */
      options: { path?: FieldPath } = {},
    ): Promise<PublicCreditReport[]> {
      const at = options.path ?? ['input'];
      const byUscc = query.uscc !== undefined && query.uscc !== null;
      if (byUscc === (query.name !== undefined && query.name !== null)) {
        throw new SansheError('VALIDATION_FAILED', 'Give either uscc or name.', { path: at });
      }
      const condition = byUscc
        ? // Legacy codes with a wrong check character are on record (docs/domain.md §3): a lookup
          // finds them too; every other part of the code must be well formed.
          eq(
            socialOrganizations.uscc,
            kit.unwrap(parseUscc(query.uscc, { path: [...at, 'uscc'], allowBadCheckCharacter: true })).code,
          )
        : ilike(
            socialOrganizations.name,
            likePattern(kit.unwrap(parseName(query.name, { path: [...at, 'name'] }))),
          );
      const on = kit.today();
      const organizations = await db
        .select()
        .from(socialOrganizations)
        .where(and(eq(socialOrganizations.districtCode, districtCode), condition))
        .orderBy(asc(socialOrganizations.name), asc(socialOrganizations.id))
        .limit(PUBLIC_REPORT_NAME_LIMIT);
      if (organizations.length === 0) return [];
      const ids = organizations.map((o) => o.id);
      const [grades, entries, records] = await Promise.all([
        db
          .select()
          .from(organizationGrades)
          .where(
            and(
              eq(organizationGrades.districtCode, districtCode),
              inArray(organizationGrades.organizationId, ids),
            ),
          ),
        db
          .select()
          .from(organizationListEntries)
          .where(
            and(
              eq(organizationListEntries.districtCode, districtCode),
              inArray(organizationListEntries.organizationId, ids),
              isNull(organizationListEntries.removedOn),
            ),
          ),
        db
          .select()
          .from(organizationCreditRecords)
          .where(
            and(
              eq(organizationCreditRecords.districtCode, districtCode),
              inArray(organizationCreditRecords.organizationId, ids),
              isNull(organizationCreditRecords.withdrawnOn),
            ),
          ),
      ]);
      return organizations.map((organization) =>
        buildPublicCreditReport({
          organization,
          grades: grades.filter((g) => g.organizationId === organization.id),
          listEntries: entries.filter((e) => e.organizationId === organization.id),
          creditRecords: records.filter((r) => r.organizationId === organization.id),
          on,
        }),
      );
    },
  };
}
