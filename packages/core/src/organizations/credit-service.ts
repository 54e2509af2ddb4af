import { and, asc, desc, eq, gt, ilike, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { SansheError } from '../errors/sanshe-error.js';
import { likePattern } from '../hierarchy/filters.js';
import { createPolicyService } from '../policies/policy-service.js';
import { communities } from '../schema/hierarchy.js';
import {
  type OrganizationCreditProcedure,
  type OrganizationCreditRecord,
  type OrganizationGrade,
  type OrganizationListEntry,
  organizationCreditProcedures,
  organizationCreditRecords,
  organizationGrades,
  organizationListEntries,
  organizationStatusChanges,
  type SocialOrganization,
  socialOrganizations,
} from '../schema/organizations.js';
import { parseCode } from '../services/code-list.js';
import { addDays, addYears } from '../services/dates.js';
import { createServiceKit, isLocalId, type ServiceOptions } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';
import { parseIsoDate, parseName } from '../validators/text.js';
import { parseUscc } from '../validators/uscc.js';
import {
  type CreditCategory,
  type CreditList,
  type CreditProcedureKind,
  creditCategories,
  creditLists,
  type ListingReason,
  type ListRemovalReason,
  listingReasons,
} from './code-lists.js';
import { buildPublicCreditReport, type PublicCreditReport } from './credit-report.js';
import {
  currentGradeOf,
  escalationDueOn,
  evaluationEligibility,
  gradeForScore,
  gradeValidUntil,
  removalDecision,
} from './evaluation-rules.js';
import { organizationWriteTarget } from './organization-target.js';

export interface RecordCreditInformationInput {
  organizationId: number;
  category: CreditCategory;
  /** A finer code within the category, `[a-z_]{1,32}`, e.g. `annual_report_passed`, `penalty_fine`. */
  kind: string;
  occurredOn: string;
  /** Published in the public credit report: no personal data. */
  summary: string;
  /** The document the record comes from (decision number, report reference); published too. */
  source: string;
}

export interface ListOrganizationInput {
  organizationId: number;
  list: CreditList;
  reason: ListingReason;
  /** Internal detail (not published); required when the reason is `other`. */
  reasonDetail?: string | null;
  /** Defaults to today. */
  listedOn?: string | null;
}

/** The removal reasons staff give directly; the others come from procedures and escalation. */
export const directRemovalReasons = {
  rectified: '已整改',
  term_served: '期满移出',
} as const satisfies Partial<Record<ListRemovalReason, string>>;

export interface RemoveFromListInput {
  entryId: number;
  removedOn: string;
  removalReason: keyof typeof directRemovalReasons;
  expectedVersion?: number | null;
}

export interface EscalationResult {
  /** The serious-dishonesty entries opened, each with `escalatedFromId`. */
  moved: OrganizationListEntry[];
  /**
   * Abnormal-activity entries closed as moved although the organization already had an open
   * dishonesty entry (an organization is on a list at most once at a time).
   */
  alreadyOnDishonestyList: OrganizationListEntry[];
}

export interface FileObjectionInput {
  organizationId: number;
  /** Exactly one of `listEntryId` and `creditRecordId`: what the objection is about. */
  listEntryId?: number | null;
  creditRecordId?: number | null;
  /** Internal: never published. */
  grounds: string;
  /** Defaults to today. */
  filedOn?: string | null;
}

export interface ApplyForCreditRepairInput {
  organizationId: number;
  listEntryId: number;
  grounds: string;
  filedOn?: string | null;
}

export interface DecideProcedureInput {
  procedureId: number;
  accepted: boolean;
  decidedOn: string;
  note: string;
  expectedVersion?: number | null;
}

export interface GradeOrganizationInput {
  organizationId: number;
  /** The evaluation score, a whole number from 0 to 1000. */
  score: number;
  /** Defaults to today. */
  awardedOn?: string | null;
}

export interface PublicCreditReportQuery {
  /** An exact unified social credit code. */
  uscc?: string | null;
  /** Part of the name (at most 20 organizations are returned). */
  name?: string | null;
}

/** How many organizations a search by name returns at most. */
export const PUBLIC_REPORT_NAME_LIMIT = 20;

const KIND_PATTERN = /^[a-z_]{1,32}$/;

/**
 * Credit information, the abnormal-activity and serious dishonesty lists, objections, credit
 * repair and evaluation grades of a district's social organizations (社会组织信用信息管理办法,
 * 民政部令第60号; 社会组织评估管理办法, 民政部令第39号; DOMAIN.md §3).
 *
 * Every write validates its input first, runs in one transaction that locks the rows its
 * rules read, appends to the audit log in that transaction, and either applies whole or
 * throws a {@link SansheError} and changes nothing.
 */
export function createCreditService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  // ---- input helpers -------------------------------------------------------------------

  function requiredDate(value: unknown, path: FieldPath): string {
    return kit.unwrap(parseIsoDate(value, { path }));
  }

  /** Records are made about what happened: a date after today is refused. */
  function notAfterToday(date: string, path: FieldPath): string {
    const today = kit.today();
    if (date > today) {
      throw new SansheError('INVALID_DATE', `Date ${date} lies after today (${today}).`, { path });
    }
    return date;
  }

  function text(value: unknown, max: number, path: FieldPath, label: string): string {
    const trimmed = typeof value === 'string' ? value.trim() : '';
    // Control characters other than line breaks have no place in a record read by people.
    const length = Array.from(trimmed).length;
    if (length === 0 || length > max || /\p{Cc}/u.test(trimmed.replace(/[\n\r\t]/g, ''))) {
      throw new SansheError('VALIDATION_FAILED', `${label} must be 1 to ${max} characters of text.`, {
        path,
      });
    }
    return trimmed;
  }

  /** Text that the public credit report shows: it must not carry personal identifiers. */
  function publicText(value: unknown, max: number, path: FieldPath, label: string): string {
    return kit.unwrap(checkPublishedText(text(value, max, path, label), { path }));
  }

  function optionalId(value: number | null | undefined): boolean {
    return value !== undefined && value !== null;
  }

  // ---- loaders -------------------------------------------------------------------------

  async function loadOrganization(
    tx: SansheDb,
    id: unknown,
    lock: 'share' | 'update',
    path: FieldPath = ['input', 'organizationId'],
  ): Promise<SocialOrganization> {
    const [organization] = isLocalId(id)
      ? await tx
          .select()
          .from(socialOrganizations)
          .where(and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.id, id)))
          .for(lock)
      : [];
    if (!organization) throw notFound('social organization', id, path);
    return organization;
  }

  /** The caller may perform the action on this organization's records (FORBIDDEN otherwise). */
  async function authorizeOn(
    tx: SansheDb,
    organization: SocialOrganization,
    action: 'credit.record' | 'credit.apply' | 'organization.grade',
  ): Promise<void> {
    kit.authorize(action, await organizationWriteTarget(tx, organization));
  }

  /** As {@link authorizeOn}, for an organization known by id from a record already loaded. */
  async function authorizeOnId(
    tx: SansheDb,
    organizationId: number,
    action: 'credit.record' | 'credit.apply',
  ): Promise<void> {
    await authorizeOn(tx, await loadOrganization(tx, organizationId, 'share'), action);
  }

  async function loadListEntry(
    tx: SansheDb,
    id: unknown,
    path: FieldPath,
    organizationId?: number,
  ): Promise<OrganizationListEntry> {
    const [entry] = isLocalId(id)
      ? await tx
          .select()
          .from(organizationListEntries)
          .where(
            and(
              eq(organizationListEntries.districtCode, districtCode),
              eq(organizationListEntries.id, id),
              organizationId === undefined
                ? undefined
                : eq(organizationListEntries.organizationId, organizationId),
            ),
          )
          .for('update')
      : [];
    if (!entry) {
      throw notFound(
        organizationId === undefined ? 'list entry' : `list entry of organization ${organizationId}`,
        id,
        path,
      );
    }
    return entry;
  }

  async function loadCreditRecord(
    tx: SansheDb,
    id: unknown,
    path: FieldPath,
    organizationId: number,
  ): Promise<OrganizationCreditRecord> {
    const [record] = isLocalId(id)
      ? await tx
          .select()
          .from(organizationCreditRecords)
          .where(
            and(
              eq(organizationCreditRecords.districtCode, districtCode),
              eq(organizationCreditRecords.id, id),
              eq(organizationCreditRecords.organizationId, organizationId),
            ),
          )
          .for('update')
      : [];
    if (!record) throw notFound(`credit record of organization ${organizationId}`, id, path);
    return record;
  }

  function notFound(what: string, id: unknown, path: FieldPath): SansheError {
    return new SansheError('NOT_FOUND', `No ${what} with id ${String(id)} in district ${districtCode}.`, {
      path,
    });
  }

  // ---- list writes shared by removal, procedures and escalation -------------------------

  async function closeEntry(
    tx: SansheDb,
    entry: OrganizationListEntry,
    removedOn: string,
    removalReason: ListRemovalReason,
    reason: string,
  ): Promise<OrganizationListEntry> {
    const [closed] = await tx
      .update(organizationListEntries)
      .set({ removedOn, removalReason, version: entry.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(organizationListEntries.districtCode, districtCode),
          eq(organizationListEntries.id, entry.id),
          eq(organizationListEntries.version, entry.version),
        ),
      )
      .returning();
    // The entry was read under a row lock, so no one else can have changed it since.
    if (!closed) throw new Error(`List entry ${entry.id} changed under its row lock.`);
    await kit.audit(tx, {
      action: 'organization.delist',
      entityType: 'organization_list_entry',
      entityId: entry.id,
      before: entry,
      after: closed!,
      reason,
    });
    return closed!;
  }

  async function openEntryOf(
    tx: SansheDb,
    organizationId: number,
    list: CreditList,
  ): Promise<OrganizationListEntry | undefined> {
    const [open] = await tx
      .select()
      .from(organizationListEntries)
      .where(
        and(
          eq(organizationListEntries.districtCode, districtCode),
          eq(organizationListEntries.organizationId, organizationId),
          eq(organizationListEntries.list, list),
          isNull(organizationListEntries.removedOn),
        ),
      )
      .for('update');
    return open;
  }

  // ---- procedures (objections and credit repair) ----------------------------------------

  async function assertNoPendingProcedure(
    tx: SansheDb,
    kind: CreditProcedureKind,
    target: { listEntryId: number } | { creditRecordId: number },
    path: FieldPath,
  ): Promise<void> {
    const pending = await tx.$count(
      organizationCreditProcedures,
      and(
        eq(organizationCreditProcedures.districtCode, districtCode),
        eq(organizationCreditProcedures.kind, kind),
        eq(organizationCreditProcedures.status, 'pending'),
        'listEntryId' in target
          ? eq(organizationCreditProcedures.listEntryId, target.listEntryId)
          : eq(organizationCreditProcedures.creditRecordId, target.creditRecordId),
      ),
    );
    if (pending > 0) {
      throw new SansheError(
        'DUPLICATE_RECORD',
        `A ${kind === 'objection' ? 'objection' : 'credit repair application'} about this is already pending; decide it first.`,
        { path },
      );
    }
  }

  async function insertProcedure(
    tx: SansheDb,
    values: {
      organizationId: number;
      kind: CreditProcedureKind;
      listEntryId: number | null;
      creditRecordId: number | null;
      filedOn: string;
      grounds: string;
    },
  ): Promise<OrganizationCreditProcedure> {
    const [procedure] = await tx
      .insert(organizationCreditProcedures)
      .values({ districtCode, ...values })
      .returning();
    await kit.audit(tx, {
      action: values.kind === 'objection' ? 'objection.file' : 'credit_repair.apply',
      entityType: 'organization_credit_procedure',
      entityId: procedure!.id,
      after: procedure!,
    });
    return procedure!;
  }

  /**
   * Decide a pending objection or credit repair application. The effect of an accepted one
   * runs first, so a refusal (the listing already ended, a date before the listing) leaves
   * the procedure pending.
   */
  async function decide(
    kind: CreditProcedureKind,
    input: DecideProcedureInput,
    applyAccepted: (tx: SansheDb, procedure: OrganizationCreditProcedure, decidedOn: string) => Promise<void>,
  ): Promise<OrganizationCreditProcedure> {
    if (typeof input.accepted !== 'boolean') {
      throw new SansheError('VALIDATION_FAILED', 'Say whether the procedure is accepted (true or false).', {
        path: ['input', 'accepted'],
      });
    }
    const decidedOn = notAfterToday(requiredDate(input.decidedOn, ['input', 'decidedOn']), [
      'input',
      'decidedOn',
    ]);
    const note = text(input.note, 1000, ['input', 'note'], 'The decision note');
    const label = kind === 'objection' ? 'objection' : 'credit repair application';
    return db.transaction(async (tx) => {
      const [current] = isLocalId(input.procedureId)
        ? await tx
            .select()
            .from(organizationCreditProcedures)
            .where(
              and(
                eq(organizationCreditProcedures.districtCode, districtCode),
                eq(organizationCreditProcedures.id, input.procedureId),
                eq(organizationCreditProcedures.kind, kind),
              ),
            )
            .for('update')
        : [];
      if (!current) throw notFound(label, input.procedureId, ['input', 'procedureId']);
      await authorizeOnId(tx, current.organizationId, 'credit.record');
      kit.checkVersion(current, input.expectedVersion, `The ${label} ${current.id}`);
      if (current.status !== 'pending') {
        throw new SansheError(
          'ALREADY_DECIDED',
          `The ${label} ${current.id} was already ${current.status} on ${current.decidedOn}.`,
          { path: ['input', 'procedureId'] },
        );
      }
      if (decidedOn < current.filedOn) {
        throw new SansheError(
          'INVALID_DATE_RANGE',
          `The decision (${decidedOn}) cannot come before the filing (${current.filedOn}).`,
          { path: ['input', 'decidedOn'] },
        );
      }
      if (input.accepted) await applyAccepted(tx, current, decidedOn);
      const [decided] = await tx
        .update(organizationCreditProcedures)
        .set({
          status: input.accepted ? 'accepted' : 'rejected',
          decidedOn,
          decisionNote: note,
          version: current.version + 1,
          updatedAt: sql`now()`,
        })
        .where(
          and(
            eq(organizationCreditProcedures.districtCode, districtCode),
            eq(organizationCreditProcedures.id, current.id),
            eq(organizationCreditProcedures.version, current.version),
          ),
        )
        .returning();
      await kit.audit(tx, {
        action: kind === 'objection' ? 'objection.decide' : 'credit_repair.decide',
        entityType: 'organization_credit_procedure',
        entityId: current.id,
        before: current,
        after: decided!,
      });
      return decided!;
    });
  }

  return {
    districtCode,

    /**
     * Record credit information (社会组织信用信息管理办法 第六、七条: basic, annual-report,
     * inspection, penalty and other information). A penalty is also written to the
     * organization's status history as `penalized`.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, VALIDATION_FAILED (kind, summary, source),
     * PERSONAL_DATA_IN_PUBLIC_TEXT, INVALID_DATE (malformed or after today), NOT_FOUND,
     * INVALID_DATE_RANGE (before registration), ORGANIZATION_INACTIVE (after deregistration).
     */
    async recordCreditInformation(input: RecordCreditInformationInput): Promise<OrganizationCreditRecord> {
      const category = parseCode(creditCategories, input.category, ['input', 'category'], 'Credit category');
      if (typeof input.kind !== 'string' || !KIND_PATTERN.test(input.kind)) {
        throw new SansheError('VALIDATION_FAILED', 'The kind is 1 to 32 lower-case letters or underscores.', {
          path: ['input', 'kind'],
        });
      }
      const occurredOn = notAfterToday(requiredDate(input.occurredOn, ['input', 'occurredOn']), [
        'input',
        'occurredOn',
      ]);
      const summary = publicText(input.summary, 500, ['input', 'summary'], 'The summary');
      const source = publicText(input.source, 200, ['input', 'source'], 'The source');
      return db.transaction(async (tx) => {
        const organization = await loadOrganization(tx, input.organizationId, 'share');
        await authorizeOn(tx, organization, 'credit.record');
        if (occurredOn < organization.registeredOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The information (${occurredOn}) cannot predate the organization's registration (${organization.registeredOn}).`,
            { path: ['input', 'occurredOn'] },
          );
        }
        if (organization.deregisteredOn !== null && occurredOn > organization.deregisteredOn) {
          throw new SansheError(
            'ORGANIZATION_INACTIVE',
            `The organization was deregistered on ${organization.deregisteredOn}.`,
            { path: ['input', 'occurredOn'] },
          );
        }
        const [record] = await tx
          .insert(organizationCreditRecords)
          .values({
            districtCode,
            organizationId: organization.id,
            category,
            kind: input.kind,
            occurredOn,
            summary,
            source,
          })
          .returning();
        await kit.audit(tx, {
          action: 'credit_record.add',
          entityType: 'organization_credit_record',
          entityId: record!.id,
          after: record!,
        });
        if (category === 'penalty') {
          const [change] = await tx
            .insert(organizationStatusChanges)
            .values({
              districtCode,
              organizationId: organization.id,
              kind: 'penalized',
              occurredOn,
              summary,
            })
            .returning();
          await kit.audit(tx, {
            action: 'organization.penalize',
            entityType: 'social_organization',
            entityId: organization.id,
            after: change!,
          });
        }
        return record!;
      });
    },

    /**
     * Put an organization on the abnormal-activity list (活动异常名录) or the serious dishonesty
     * list (严重违法失信名单). An organization is on a list at most once at a time. The reason
     * `abnormal_two_years` is only given by {@link escalateOverdueListings}, which links the
     * entry it came from.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, VALIDATION_FAILED, INVALID_DATE,
     * NOT_FOUND, ORGANIZATION_INACTIVE, INVALID_DATE_RANGE, ALREADY_LISTED.
     */
    async listOrganization(input: ListOrganizationInput): Promise<OrganizationListEntry> {
      const list = parseCode(creditLists, input.list, ['input', 'list'], 'List');
      const reason = parseCode(listingReasons, input.reason, ['input', 'reason'], 'Listing reason');
      if (reason === 'abnormal_two_years') {
        throw new SansheError(
          'VALIDATION_FAILED',
          'Two years on the abnormal-activity list moves an organization by escalation, not by a direct listing.',
          { path: ['input', 'reason'] },
        );
      }
      const hasDetail = input.reasonDetail !== undefined && input.reasonDetail !== null;
      const reasonDetail = hasDetail
        ? text(input.reasonDetail, 500, ['input', 'reasonDetail'], 'The reason detail')
        : null;
      if (reason === 'other' && reasonDetail === null) {
        throw new SansheError('VALIDATION_FAILED', 'Describe the reason when it is "other".', {
          path: ['input', 'reasonDetail'],
        });
      }
      const listedOn = notAfterToday(kit.dateOrToday(input.listedOn, ['input', 'listedOn']), [
        'input',
        'listedOn',
      ]);
      return db.transaction(async (tx) => {
        const organization = await loadOrganization(tx, input.organizationId, 'share');
        await authorizeOn(tx, organization, 'credit.record');
        if (organization.status !== 'active') {
          throw new SansheError(
            'ORGANIZATION_INACTIVE',
            `The organization was deregistered on ${organization.deregisteredOn}.`,
            { path: ['input', 'organizationId'] },
          );
        }
        if (listedOn < organization.registeredOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The listing (${listedOn}) cannot predate the registration (${organization.registeredOn}).`,
            { path: ['input', 'listedOn'] },
          );
        }
        const open = await openEntryOf(tx, organization.id, list);
        if (open) {
          throw new SansheError(
            'ALREADY_LISTED',
            `The organization is on the ${list} list since ${open.listedOn} (entry ${open.id}).`,
            { path: ['input', 'list'], details: { entryId: open.id } },
          );
        }
        const [lastRemoval] = await tx
          .select({ removedOn: organizationListEntries.removedOn })
          .from(organizationListEntries)
          .where(
            and(
              eq(organizationListEntries.districtCode, districtCode),
              eq(organizationListEntries.organizationId, organization.id),
              eq(organizationListEntries.list, list),
              gt(organizationListEntries.removedOn, listedOn),
            ),
          )
          .limit(1);
        if (lastRemoval) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The organization was on the ${list} list until ${lastRemoval.removedOn}; a new listing starts on or after that day.`,
            { path: ['input', 'listedOn'] },
          );
        }
        const [entry] = await kit.insertUnique(
          () =>
            tx
              .insert(organizationListEntries)
              .values({ districtCode, organizationId: organization.id, list, reason, reasonDetail, listedOn })
              .returning(),
          {
            code: 'ALREADY_LISTED',
            message: `The organization is already on the ${list} list.`,
            path: ['input', 'list'],
          },
        );
        await kit.audit(tx, {
          action: 'organization.list',
          entityType: 'organization_list_entry',
          entityId: entry!.id,
          after: entry!,
        });
        return entry!;
      });
    },

    /**
     * Take an organization off a list: `rectified` (abnormal-activity list) or `term_served`
     * (dishonesty list, after {@link DISHONESTY_LIST_TERM}); see {@link removalDecision}.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE, INVALID_DATE, NOT_FOUND, VERSION_CONFLICT,
     * ALREADY_ENDED, INVALID_DATE_RANGE, NOT_ELIGIBLE.
     */
    async removeFromList(input: RemoveFromListInput): Promise<OrganizationListEntry> {
      const removalReason = parseCode(
        directRemovalReasons,
        input.removalReason,
        ['input', 'removalReason'],
        'Removal reason',
      );
      const removedOn = notAfterToday(requiredDate(input.removedOn, ['input', 'removedOn']), [
        'input',
        'removedOn',
      ]);
      return db.transaction(async (tx) => {
        const entry = await loadListEntry(tx, input.entryId, ['input', 'entryId']);
        await authorizeOnId(tx, entry.organizationId, 'credit.record');
        kit.checkVersion(entry, input.expectedVersion, `List entry ${entry.id}`);
        if (entry.removedOn !== null) {
          throw new SansheError(
            'ALREADY_ENDED',
            `List entry ${entry.id} ended on ${entry.removedOn} (${entry.removalReason}).`,
            { path: ['input', 'entryId'] },
          );
        }
        if (removedOn < entry.listedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The removal (${removedOn}) cannot come before the listing (${entry.listedOn}).`,
            { path: ['input', 'removedOn'] },
          );
        }
        const decision = removalDecision(entry, removalReason, removedOn);
        if (!decision.allowed) {
          throw new SansheError('NOT_ELIGIBLE', decision.message, {
            path: ['input', decision.earliestOn === undefined ? 'removalReason' : 'removedOn'],
            ...(decision.earliestOn === undefined ? {} : { details: { earliestOn: decision.earliestOn } }),
          });
        }
        return closeEntry(tx, entry, removedOn, removalReason, directRemovalReasons[removalReason]);
      });
    },

    /**
     * Move every abnormal-activity listing that has lasted the policy's number of years by
     * `on` to the serious dishonesty list (社会组织信用信息管理办法 第十八条): the entry is
     * closed as `moved_to_dishonesty` on its anniversary and a dishonesty entry opens that
     * day with reason `abnormal_two_years`. Running it again moves nothing more. One
     * transaction; each move is audited.
     *
     * @throws {SansheError} INVALID_DATE (malformed or after today), POLICY_NOT_SET.
     */
    async escalateOverdueListings(on?: string): Promise<EscalationResult> {
      const day = notAfterToday(kit.dateOrToday(on, ['on']), ['on']);
      kit.authorize('credit.record');
      return db.transaction(async (tx) => {
        const policy = await createPolicyService({ db: tx, districtCode }).requireValueInForce(
          'organization.abnormal_list_years_before_dishonesty',
          districtCode,
          day,
        );
        const years = policy.value;
        // Calendar years are uneven (29 February): select a few days past the bound and let
        // the rule decide each entry.
        const bound = addDays(addYears(day, -years), 3);
        const candidates = await tx
          .select()
          .from(organizationListEntries)
          .where(
            and(
              eq(organizationListEntries.districtCode, districtCode),
              eq(organizationListEntries.list, 'abnormal_activity'),
              isNull(organizationListEntries.removedOn),
              lte(organizationListEntries.listedOn, bound),
            ),
          )
          .orderBy(asc(organizationListEntries.listedOn), asc(organizationListEntries.id))
          .for('update');
        const result: EscalationResult = { moved: [], alreadyOnDishonestyList: [] };
        const why = `${years} years on the abnormal-activity list (${policy.source})`;
        for (const entry of candidates) {
          const dueOn = escalationDueOn(entry.listedOn, years);
          if (dueOn > day) continue;
          const closed = await closeEntry(tx, entry, dueOn, 'moved_to_dishonesty', why);
          const existing = await openEntryOf(tx, entry.organizationId, 'serious_dishonesty');
          if (existing) {
            result.alreadyOnDishonestyList.push(closed);
            continue;
          }
          const [moved] = await tx
            .insert(organizationListEntries)
            .values({
              districtCode,
              organizationId: entry.organizationId,
              list: 'serious_dishonesty',
              reason: 'abnormal_two_years',
              listedOn: dueOn,
              escalatedFromId: entry.id,
            })
            .returning();
          await kit.audit(tx, {
            action: 'organization.escalate',
            entityType: 'organization_list_entry',
            entityId: moved!.id,
            before: entry,
            after: moved!,
            reason: why,
          });
          result.moved.push(moved!);
        }
        return result;
      });
    },

    /**
     * File an objection (异议) against an open list entry or a credit record of the
     * organization. The grounds stay internal.
     *
     * @throws {SansheError} VALIDATION_FAILED (not exactly one target, grounds), INVALID_DATE,
     * NOT_FOUND, NOT_LISTED, ALREADY_ENDED (withdrawn record), INVALID_DATE_RANGE,
     * DUPLICATE_RECORD (one already pending).
     */
    async fileObjection(input: FileObjectionInput): Promise<OrganizationCreditProcedure> {
      const aboutEntry = optionalId(input.listEntryId);
      if (aboutEntry === optionalId(input.creditRecordId)) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'An objection is about exactly one thing: give either listEntryId or creditRecordId.',
          { path: ['input'] },
        );
      }
      const grounds = text(input.grounds, 1000, ['input', 'grounds'], 'The grounds');
      const filedOn = notAfterToday(kit.dateOrToday(input.filedOn, ['input', 'filedOn']), [
        'input',
        'filedOn',
      ]);
      return db.transaction(async (tx) => {
        const organization = await loadOrganization(tx, input.organizationId, 'share');
        await authorizeOn(tx, organization, 'credit.apply');
        let targetDate: string;
        let target: { listEntryId: number } | { creditRecordId: number };
        const targetPath: FieldPath = ['input', aboutEntry ? 'listEntryId' : 'creditRecordId'];
        if (aboutEntry) {
          const entry = await loadListEntry(tx, input.listEntryId, targetPath, organization.id);
          if (entry.removedOn !== null) {
            throw new SansheError(
              'NOT_LISTED',
              `List entry ${entry.id} ended on ${entry.removedOn}; the organization is no longer on it.`,
              { path: targetPath },
            );
          }
          targetDate = entry.listedOn;
          target = { listEntryId: entry.id };
        } else {
          const record = await loadCreditRecord(tx, input.creditRecordId, targetPath, organization.id);
          if (record.withdrawnOn !== null) {
            throw new SansheError(
              'ALREADY_ENDED',
              `Credit record ${record.id} was withdrawn on ${record.withdrawnOn}.`,
              { path: targetPath },
            );
          }
          targetDate = record.occurredOn;
          target = { creditRecordId: record.id };
        }
        if (filedOn < targetDate) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The objection (${filedOn}) cannot come before what it is about (${targetDate}).`,
            { path: ['input', 'filedOn'] },
          );
        }
        await assertNoPendingProcedure(tx, 'objection', target, targetPath);
        return insertProcedure(tx, {
          organizationId: organization.id,
          kind: 'objection',
          listEntryId: 'listEntryId' in target ? target.listEntryId : null,
          creditRecordId: 'creditRecordId' in target ? target.creditRecordId : null,
          filedOn,
          grounds,
        });
      });
    },

    /**
     * Decide an objection. Upheld against a list entry, the listing ends as
     * `objection_upheld` on the decision day; if it had meanwhile moved to the dishonesty
     * list, the entry it moved to ends too, as it stood on the same wrong listing. Upheld
     * against a credit record, the record is withdrawn (kept, no longer counted or published).
     *
     * @throws {SansheError} VALIDATION_FAILED, INVALID_DATE, NOT_FOUND, VERSION_CONFLICT,
     * ALREADY_DECIDED, INVALID_DATE_RANGE.
     */
    decideObjection(input: DecideProcedureInput): Promise<OrganizationCreditProcedure> {
      return decide('objection', input, async (tx, procedure, decidedOn) => {
        if (procedure.creditRecordId !== null) {
          const record = await loadCreditRecord(
            tx,
            procedure.creditRecordId,
            ['input', 'procedureId'],
            procedure.organizationId,
          );
          if (record.withdrawnOn !== null) return;
          const [withdrawn] = await tx
            .update(organizationCreditRecords)
            .set({ withdrawnOn: decidedOn })
            .where(
              and(
                eq(organizationCreditRecords.districtCode, districtCode),
                eq(organizationCreditRecords.id, record.id),
              ),
            )
            .returning();
          await kit.audit(tx, {
            action: 'credit_record.withdraw',
            entityType: 'organization_credit_record',
            entityId: record.id,
            before: record,
            after: withdrawn!,
            reason: `objection ${procedure.id} upheld`,
          });
          return;
        }
        const entry = await loadListEntry(tx, procedure.listEntryId, ['input', 'procedureId']);
        let open: OrganizationListEntry | undefined = entry.removedOn === null ? entry : undefined;
        if (!open && entry.removalReason === 'moved_to_dishonesty') {
          const [successor] = await tx
            .select()
            .from(organizationListEntries)
            .where(
              and(
                eq(organizationListEntries.districtCode, districtCode),
                eq(organizationListEntries.escalatedFromId, entry.id),
                isNull(organizationListEntries.removedOn),
              ),
            )
            .for('update');
          open = successor;
        }
        // A listing that ended otherwise (rectified) needs no change: the upheld objection
        // stays on record in the procedure.
        if (!open) return;
        if (decidedOn < open.listedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The decision (${decidedOn}) cannot come before list entry ${open.id} began (${open.listedOn}).`,
            { path: ['input', 'decidedOn'] },
          );
        }
        await closeEntry(tx, open, decidedOn, 'objection_upheld', `objection ${procedure.id} upheld`);
      });
    },

    /**
     * Apply for credit repair (信用修复) of an open list entry.
     *
     * @throws {SansheError} VALIDATION_FAILED, INVALID_DATE, NOT_FOUND, NOT_LISTED,
     * INVALID_DATE_RANGE, DUPLICATE_RECORD.
     */
    async applyForCreditRepair(input: ApplyForCreditRepairInput): Promise<OrganizationCreditProcedure> {
      const grounds = text(input.grounds, 1000, ['input', 'grounds'], 'The grounds');
      const filedOn = notAfterToday(kit.dateOrToday(input.filedOn, ['input', 'filedOn']), [
        'input',
        'filedOn',
      ]);
      return db.transaction(async (tx) => {
        const organization = await loadOrganization(tx, input.organizationId, 'share');
        await authorizeOn(tx, organization, 'credit.apply');
        const path: FieldPath = ['input', 'listEntryId'];
        const entry = await loadListEntry(tx, input.listEntryId, path, organization.id);
        if (entry.removedOn !== null) {
          throw new SansheError(
            'NOT_LISTED',
            `List entry ${entry.id} ended on ${entry.removedOn}; there is nothing to repair.`,
            { path },
          );
        }
        if (filedOn < entry.listedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The application (${filedOn}) cannot come before the listing (${entry.listedOn}).`,
            { path: ['input', 'filedOn'] },
          );
        }
        await assertNoPendingProcedure(tx, 'credit_repair', { listEntryId: entry.id }, path);
        return insertProcedure(tx, {
          organizationId: organization.id,
          kind: 'credit_repair',
          listEntryId: entry.id,
          creditRecordId: null,
          filedOn,
          grounds,
        });
      });
    },

    /**
     * Decide a credit repair application; accepted, the listing ends as `credit_repair`.
     *
     * @throws {SansheError} VALIDATION_FAILED, INVALID_DATE, NOT_FOUND, VERSION_CONFLICT,
     * ALREADY_DECIDED, INVALID_DATE_RANGE, NOT_LISTED (the listing ended meanwhile: reject it).
     */
    decideCreditRepair(input: DecideProcedureInput): Promise<OrganizationCreditProcedure> {
      return decide('credit_repair', input, async (tx, procedure, decidedOn) => {
        const entry = await loadListEntry(tx, procedure.listEntryId, ['input', 'procedureId']);
        if (entry.removedOn !== null) {
          throw new SansheError(
            'NOT_LISTED',
            `List entry ${entry.id} ended on ${entry.removedOn} (${entry.removalReason}); the application can only be rejected.`,
            { path: ['input', 'accepted'] },
          );
        }
        await closeEntry(tx, entry, decidedOn, 'credit_repair', `credit repair ${procedure.id} accepted`);
      });
    },

    /**
     * Award an evaluation grade (社会组织评估等级) for a score. Eligibility is decided by
     * {@link evaluationEligibility} under policy 'organization.evaluation_eligibility', the
     * grade by the local cut-offs 'organization.evaluation_grade_cutoffs', both in force for
     * the organization's base community (or the district) on the award day; the cut-offs'
     * source is stored so the grade can be re-derived. A still-valid earlier grade is
     * superseded (revoked on the new award day).
     *
     * @throws {SansheError} INVALID_NUMBER, INVALID_DATE, NOT_FOUND, NOT_ELIGIBLE (details.reasons),
     * POLICY_NOT_SET, INVALID_DATE_RANGE (a later grade exists).
     */
    async gradeOrganization(input: GradeOrganizationInput): Promise<OrganizationGrade> {
      const { score } = input;
      if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 1000) {
        throw new SansheError('INVALID_NUMBER', 'The score is a whole number from 0 to 1000.', {
          path: ['input', 'score'],
        });
      }
      const awardedOn = notAfterToday(kit.dateOrToday(input.awardedOn, ['input', 'awardedOn']), [
        'input',
        'awardedOn',
      ]);
      return db.transaction(async (tx) => {
        // An exclusive lock: two gradings of one organization apply one after the other, so
        // each supersedes what the other wrote.
        const organization = await loadOrganization(tx, input.organizationId, 'update');
        await authorizeOn(tx, organization, 'organization.grade');
        const unitCode = await unitCodeOf(tx, organization);
        const policies = createPolicyService({ db: tx, districtCode });
        const rules = await policies.requireValueInForce(
          'organization.evaluation_eligibility',
          unitCode,
          awardedOn,
        );
        const entries = await tx
          .select()
          .from(organizationListEntries)
          .where(
            and(
              eq(organizationListEntries.districtCode, districtCode),
              eq(organizationListEntries.organizationId, organization.id),
            ),
          )
          .for('share');
        const penalties = await tx
          .select()
          .from(organizationCreditRecords)
          .where(
            and(
              eq(organizationCreditRecords.districtCode, districtCode),
              eq(organizationCreditRecords.organizationId, organization.id),
              eq(organizationCreditRecords.category, 'penalty'),
            ),
          )
          .for('share');
        const eligibility = evaluationEligibility({
          organization,
          openListEntries: entries,
          penalties,
          on: awardedOn,
          rules: rules.value,
        });
        if (!eligibility.eligible) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `The organization cannot be graded on ${awardedOn}: ${eligibility.reasons.join(', ')} (${rules.source}).`,
            { path: ['input', 'organizationId'], details: { reasons: eligibility.reasons } },
          );
        }
        if (rules.value.gradeValidityYears < 1) {
          throw new SansheError(
            'POLICY_NOT_SET',
            `Policy organization.evaluation_eligibility in force on ${awardedOn} gives grades no validity (${rules.source}).`,
            { details: { policyKey: 'organization.evaluation_eligibility', unitCode, on: awardedOn } },
          );
        }
        const cutoffs = await policies.requireValueInForce(
          'organization.evaluation_grade_cutoffs',
          unitCode,
          awardedOn,
        );
        const grade = gradeForScore(score, cutoffs.value);
        if (grade === null) {
          throw new SansheError(
            'NOT_ELIGIBLE',
            `A score of ${score} is below the ${cutoffs.value['1A']} needed for 1A (${cutoffs.source}).`,
            {
              path: ['input', 'score'],
              details: { reasons: ['score_below_1A'], minimumScore: cutoffs.value['1A'] },
            },
          );
        }
        const existing = await tx
          .select()
          .from(organizationGrades)
          .where(
            and(
              eq(organizationGrades.districtCode, districtCode),
              eq(organizationGrades.organizationId, organization.id),
            ),
          )
          .orderBy(desc(organizationGrades.awardedOn), desc(organizationGrades.id));
        const later = existing.find((g) => g.awardedOn > awardedOn);
        if (later) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The organization already holds a grade awarded on ${later.awardedOn}; a new grade cannot predate it.`,
            { path: ['input', 'awardedOn'] },
          );
        }
        for (const previous of existing) {
          if (previous.revokedOn !== null || previous.validUntil < awardedOn) continue;
          const [superseded] = await tx
            .update(organizationGrades)
            .set({ revokedOn: awardedOn })
            .where(
              and(eq(organizationGrades.districtCode, districtCode), eq(organizationGrades.id, previous.id)),
            )
            .returning();
          await kit.audit(tx, {
            action: 'organization_grade.supersede',
            entityType: 'organization_grade',
            entityId: previous.id,
            before: previous,
            after: superseded!,
            reason: `superseded by a grade awarded on ${awardedOn}`,
          });
        }
        const [row] = await tx
          .insert(organizationGrades)
          .values({
            districtCode,
            organizationId: organization.id,
            grade,
            score,
            awardedOn,
            validUntil: gradeValidUntil(awardedOn, rules.value.gradeValidityYears),
            cutoffsSource: cutoffs.source,
          })
          .returning();
        await kit.audit(tx, {
          action: 'organization.grade',
          entityType: 'organization_grade',
          entityId: row!.id,
          after: row!,
          reason: `cut-offs: ${cutoffs.source}; eligibility: ${rules.source}`,
        });
        return row!;
      });
    },

    /** The grade the organization holds on a day (default today), or undefined. */
    async currentGrade(organizationId: number, on?: string): Promise<OrganizationGrade | undefined> {
      const day = kit.dateOrToday(on, ['on']);
      if (!isLocalId(organizationId)) return undefined;
      const grades = await db
        .select()
        .from(organizationGrades)
        .where(
          and(
            eq(organizationGrades.districtCode, districtCode),
            eq(organizationGrades.organizationId, organizationId),
            lte(organizationGrades.awardedOn, day),
          ),
        );
      return currentGradeOf(grades, day);
    },

    /**
     * The public credit reports (社会组织信用信息公开) of the organizations with an exact
     * unified social credit code, or whose name contains a text (at most
     * {@link PUBLIC_REPORT_NAME_LIMIT}, by name). Built by {@link buildPublicCreditReport}
     * from a whitelist of non-personal fields, as of today.
     *
     * @throws {SansheError} VALIDATION_FAILED (not exactly one of uscc and name), INVALID_USCC,
     * INVALID_NAME.
     */
    async publicCreditReport(query: PublicCreditReportQuery): Promise<PublicCreditReport[]> {
      const byUscc = query.uscc !== undefined && query.uscc !== null;
      if (byUscc === (query.name !== undefined && query.name !== null)) {
        throw new SansheError('VALIDATION_FAILED', 'Search by either uscc or name.', { path: ['input'] });
      }
      const condition = byUscc
        ? // Legacy codes with a wrong check character are on record (DOMAIN.md §3): a lookup
          // finds them too; every other part of the code must be well formed.
          eq(
            socialOrganizations.uscc,
            kit.unwrap(parseUscc(query.uscc, { path: ['input', 'uscc'], allowBadCheckCharacter: true })).code,
          )
        : ilike(
            socialOrganizations.name,
            likePattern(kit.unwrap(parseName(query.name, { path: ['input', 'name'] }))),
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

  /** The unit whose policy applies to an organization: its base community, else the district. */
  async function unitCodeOf(tx: SansheDb, organization: SocialOrganization): Promise<string> {
    if (organization.communityId === null) return districtCode;
    const [community] = await tx
      .select({ code: communities.code })
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, organization.communityId)));
    return community?.code ?? districtCode;
  }
}

export type CreditService = ReturnType<typeof createCreditService>;
