import { and, eq, isNull } from 'drizzle-orm';
import type { FieldPath } from '../errors/sanshe-error.js';
import { SansheError } from '../errors/sanshe-error.js';
import {
  type OrganizationCreditProcedure,
  type OrganizationListEntry,
  organizationCreditRecords,
  organizationListEntries,
} from '../schema/organizations.js';
import type { CreditContext } from './credit-context.js';
import type { ApplyForCreditRepairInput, DecideProcedureInput, FileObjectionInput } from './credit-inputs.js';

/**
 * Objections (异议) and credit repair (信用修复): filed by an organization, decided once by the
 * registration authority (credit-procedure-lifecycle.ts).
 */
export function createCreditProcedureUseCases(ctx: CreditContext) {
  const {
    kit,
    db,
    districtCode,
    text,
    optionalId,
    loadOrganization,
    authorizeOn,
    loadListEntry,
    loadCreditRecord,
    closeEntry,
    assertNoPendingProcedure,
    insertProcedure,
    decide,
  } = ctx;
  return {
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
      const filedOn = kit.notAfterToday(kit.dateOrToday(input.filedOn, ['input', 'filedOn']), [
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
      const filedOn = kit.notAfterToday(kit.dateOrToday(input.filedOn, ['input', 'filedOn']), [
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
  };
}
