/**
 * The public credit report of an organization (社会组织信用信息管理办法: credit information and
 * the lists are published; docs/domain.md §3: public views are built from a whitelist of
 * non-personal fields). Pure shaping: every field is copied by name from a whitelist, never
 * spread from a row, so a column added to a table later stays private until listed here.
 */
import { currentGradeOf, type GradeName, gradeName, isListedOn } from './evaluation-rules.js';

/** The organization fields anyone may read. */
export const creditReportOrganizationFields = [
  'name',
  'uscc',
  'legalStatus',
  'legalForm',
  'category',
  'status',
  'registeredOn',
  'deregisteredOn',
] as const;

/** The list-entry fields anyone may read: not the free-text detail, not how it may end. */
export const creditReportListEntryFields = ['list', 'reason', 'listedOn'] as const;

/** The credit-record fields anyone may read. */
export const creditReportRecordFields = ['category', 'kind', 'occurredOn', 'summary', 'source'] as const;

/** The grade fields anyone may read: the grade and its validity, not the score or its basis. */
export const creditReportGradeFields = ['grade', 'gradeName', 'awardedOn', 'validUntil'] as const;

export interface CreditReportOrganization {
  name: string;
  uscc: string | null;
  legalStatus: string;
  legalForm: string | null;
  category: string;
  status: string;
  registeredOn: string;
  deregisteredOn: string | null;
}

export interface CreditReportGrade {
  /** 1 to 5. */
  grade: number;
  gradeName: GradeName;
  awardedOn: string;
  validUntil: string;
}

export interface CreditReportListEntry {
  list: string;
  reason: string;
  listedOn: string;
}

export interface CreditReportRecord {
  category: string;
  kind: string;
  occurredOn: string;
  summary: string;
  source: string;
}

export interface PublicCreditReport {
  organization: CreditReportOrganization;
  /** The grade valid on the report's day, or null. */
  currentGrade: CreditReportGrade | null;
  /** The lists the organization is on that day. */
  listEntries: CreditReportListEntry[];
  /** Credit records not withdrawn, newest first. */
  creditRecords: CreditReportRecord[];
}

/** What {@link buildPublicCreditReport} reads: rows as stored (extra columns are ignored). */
export interface CreditReportSource {
  organization: CreditReportOrganization;
  grades: readonly {
    id: number;
    grade: number;
    awardedOn: string;
    validUntil: string;
    revokedOn: string | null;
  }[];
  listEntries: readonly {
    list: string;
    reason: string;
    listedOn: string;
    removedOn: string | null;
    removalReason: string | null;
  }[];
  creditRecords: readonly {
    id: number;
    category: string;
    kind: string;
    occurredOn: string;
    summary: string;
    source: string;
    withdrawnOn: string | null;
  }[];
  /** The day the report describes. */
  on: string;
}

export function buildPublicCreditReport(source: CreditReportSource): PublicCreditReport {
  const { organization: o, on } = source;
  const grade = currentGradeOf(source.grades, on);
  return {
    organization: {
      name: o.name,
      uscc: o.uscc,
      legalStatus: o.legalStatus,
      legalForm: o.legalForm,
      category: o.category,
      status: o.status,
      registeredOn: o.registeredOn,
      deregisteredOn: o.deregisteredOn,
    },
    currentGrade: grade
      ? {
          grade: grade.grade,
          gradeName: gradeName(grade.grade),
          awardedOn: grade.awardedOn,
          validUntil: grade.validUntil,
        }
      : null,
    listEntries: source.listEntries
      .filter((entry) => isListedOn(entry, on))
      .map((entry) => ({ list: entry.list, reason: entry.reason, listedOn: entry.listedOn }))
      .sort((a, b) => a.listedOn.localeCompare(b.listedOn) || a.list.localeCompare(b.list)),
    creditRecords: source.creditRecords
      .filter((record) => record.withdrawnOn === null)
      .sort((a, b) => b.occurredOn.localeCompare(a.occurredOn) || b.id - a.id)
      .map((record) => ({
        category: record.category,
        kind: record.kind,
        occurredOn: record.occurredOn,
        summary: record.summary,
        source: record.source,
      })),
  };
}
