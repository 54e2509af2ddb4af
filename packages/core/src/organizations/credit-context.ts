import { and, eq, isNull, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import type { FieldPath } from '../errors/sanshe-error.js';
import { SansheError } from '../errors/sanshe-error.js';
import { communities } from '../schema/hierarchy.js';
import {
  type OrganizationCreditProcedure,
  type OrganizationCreditRecord,
  type OrganizationListEntry,
  organizationCreditProcedures,
  organizationCreditRecords,
  organizationListEntries,
  type SocialOrganization,
  socialOrganizations,
} from '../schema/organizations.js';
import { createServiceKit, isLocalId, type ServiceOptions } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';
import { parseIsoDate } from '../validators/text.js';
import type {
  CreditList,
  CreditProcedureKind,
  CreditProcedureStatus,
  ListRemovalReason,
} from './code-lists.js';
import type { DecideProcedureInput, ExemptionStatementInput } from './credit-inputs.js';
import { creditProcedureLifecycle } from './credit-procedure-lifecycle.js';
import { organizationWriteTarget } from './organization-target.js';

export const KIND_PATTERN = /^[a-z_]{1,32}$/;

/**
 * What every use case of the credit area shares, for one district and one caller: the service
 * kit, input parsing, loaders and locks, list-entry bookkeeping and the procedure decision. The
 * use cases (credit-listings.ts, credit-procedures.ts, grading.ts, public-report.ts) compose
 * them; the rules are pure functions in evaluation-rules.ts and credit-procedure-lifecycle.ts.
 */
export function createCreditContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  // ---- input helpers -------------------------------------------------------------------

  function requiredDate(value: unknown, path: FieldPath): string {
    return kit.unwrap(parseIsoDate(value, { path }));
  }

  /** Free text of a credit record (see validators/text.ts `parseText`): line breaks allowed. */
  function text(value: unknown, max: number, path: FieldPath, label: string): string {
    return kit.text(value, path, { maxLength: max, multiline: true, label });
  }

  /** Text that the public credit report shows: it must not carry personal identifiers. */
  function publicText(value: unknown, max: number, path: FieldPath, label: string): string {
    return kit.unwrap(checkPublishedText(text(value, max, path, label), { path }));
  }

  function optionalId(value: number | null | undefined): boolean {
    return value !== undefined && value !== null;
  }

  function parseExemptionStatement(value: unknown): ExemptionStatementInput {
    const path: FieldPath = ['input', 'exemptionStatement'];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new SansheError('VALIDATION_FAILED', 'The exemption statement is an object.', { path });
    }
    const statement = value as Record<string, unknown>;
    return {
      issuedBy: text(statement.issuedBy, 100, [...path, 'issuedBy'], 'The issuing unit'),
      reference: text(statement.reference, 200, [...path, 'reference'], 'The statement reference'),
      issuedOn: kit.notAfterToday(requiredDate(statement.issuedOn, [...path, 'issuedOn']), [
        ...path,
        'issuedOn',
      ]),
    };
  }

  // ---- loaders -------------------------------------------------------------------------

  function loadOrganization(
    tx: SansheDb,
    id: unknown,
    lock: 'share' | 'update',
    path: FieldPath = ['input', 'organizationId'],
  ): Promise<SocialOrganization> {
    return kit.requireRecord(tx, socialOrganizations, id, 'social organization', path, lock);
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
    const decidedOn = kit.notAfterToday(requiredDate(input.decidedOn, ['input', 'decidedOn']), [
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
      const event = input.accepted ? 'accept' : 'reject';
      await authorizeOnId(tx, current.organizationId, creditProcedureLifecycle.actionOf(event));
      kit.checkVersion(current, input.expectedVersion, `The ${label} ${current.id}`);
      const status = creditProcedureLifecycle.next(
        current.status as CreditProcedureStatus,
        event,
        ['input', 'procedureId'],
        `The ${label} ${current.id}${current.decidedOn ? `, decided on ${current.decidedOn},` : ''}`,
      );
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
          status,
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

  /** The unit whose policy applies to an organization: its base community, else the district. */
  async function unitCodeOf(tx: SansheDb, organization: SocialOrganization): Promise<string> {
    if (organization.communityId === null) return districtCode;
    const [community] = await tx
      .select({ code: communities.code })
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, organization.communityId)));
    return community?.code ?? districtCode;
  }

  return {
    kit,
    db,
    districtCode,
    requiredDate,
    text,
    publicText,
    optionalId,
    parseExemptionStatement,
    loadOrganization,
    authorizeOn,
    authorizeOnId,
    loadListEntry,
    loadCreditRecord,
    notFound,
    closeEntry,
    openEntryOf,
    assertNoPendingProcedure,
    insertProcedure,
    decide,
    unitCodeOf,
  };
}

export type CreditContext = ReturnType<typeof createCreditContext>;
