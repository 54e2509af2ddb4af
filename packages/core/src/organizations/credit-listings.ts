import { and, asc, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { createPolicyService } from '../policies/policy-service.js';
import {
  type OrganizationCreditRecord,
  type OrganizationListEntry,
  organizationCreditRecords,
  organizationListEntries,
} from '../schema/organizations.js';
import { parseCode } from '../services/code-list.js';
import { addDays, addYears } from '../services/dates.js';
import {
  creditCategories,
  creditLists,
  evaluationRecordKinds,
  listingReasons,
  listingReasonsByList,
} from './code-lists.js';
import { type CreditContext, KIND_PATTERN } from './credit-context.js';
import {
  directRemovalReasons,
  type EscalationResult,
  type ExemptionStatementInput,
  type ListOrganizationInput,
  type RecordCreditInformationInput,
  type RemoveFromListInput,
} from './credit-inputs.js';
import { escalationDueOn, removalDecision } from './evaluation-rules.js';
import { recordStatusChangeWithAudit } from './status-history.js';

/**
 * Credit information and the two lists (社会组织信用信息管理办法, 民政部令第60号; docs/domain.md
 * §3): records, listings on the abnormal-activity and serious-dishonesty lists, removal, and
 * the escalation of what stayed too long on the first.
 */
export function createCreditListingUseCases(ctx: CreditContext) {
  const {
    kit,
    db,
    districtCode,
    requiredDate,
    text,
    publicText,
    parseExemptionStatement,
    loadOrganization,
    authorizeOn,
    authorizeOnId,
    loadListEntry,
    closeEntry,
    openEntryOf,
  } = ctx;
  return {
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
      const evaluationKind = Object.hasOwn(evaluationRecordKinds, input.kind)
        ? evaluationRecordKinds[input.kind as keyof typeof evaluationRecordKinds]
        : undefined;
      if (evaluationKind && evaluationKind.category !== category) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `The kind ${input.kind} (${evaluationKind.label}) is recorded under the category ${evaluationKind.category}, not ${category}.`,
          { path: ['input', 'kind'] },
        );
      }
      const occurredOn = kit.notAfterToday(requiredDate(input.occurredOn, ['input', 'occurredOn']), [
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
          // A penalty is also a fact of the organization's status history (行政处罚).
          const change = { organizationId: organization.id, kind: 'penalized' as const, occurredOn, summary };
          await recordStatusChangeWithAudit(tx, kit, change, {
            action: 'organization.penalize',
            entityType: 'social_organization',
            entityId: organization.id,
            after: change,
          });
        }
        return record!;
      });
    },
    /**
     * Put an organization on the abnormal-activity list (活动异常名录, 社会组织信用信息管理办法
     * 第十条) or the serious dishonesty list (严重违法失信名单, 第十四条), for a reason of that
     * list's article only ({@link listingReasonsByList}). The reason `abnormal_two_years` is
     * only given by {@link escalateOverdueListings}, which links the entry it came from.
     *
     * An organization has at most one open entry per list. A new circumstance while it is
     * listed (第十二条, 第十六条: 列入时限重新计算) closes the open entry as `new_circumstance`
     * on the new listing day and opens a new entry from that day with the new reason: the
     * exit clock (6 months, 2 years) and the escalation clock (2 years on the abnormal list)
     * both count from the new entry's `listedOn`, and the history keeps every circumstance.
     *
     * With an {@link ExemptionStatementInput} (第十一条, 第十五条) nothing is listed: the call is
     * refused with LISTING_EXEMPTED.
     *
     * @throws {SansheError} INVALID_CODE_LIST_VALUE (also a reason of the other list),
     * VALIDATION_FAILED, INVALID_DATE, NOT_FOUND, ORGANIZATION_INACTIVE, INVALID_DATE_RANGE
     * (before registration, before the open entry, or before the last removal),
     * LISTING_EXEMPTED, ALREADY_LISTED (a concurrent listing won the race).
     */
    async listOrganization(input: ListOrganizationInput): Promise<OrganizationListEntry> {
      const list = parseCode(creditLists, input.list, ['input', 'list'], 'List');
      const reason = parseCode(listingReasons, input.reason, ['input', 'reason'], 'Listing reason');
      if (!Object.hasOwn(listingReasonsByList[list], reason)) {
        throw new SansheError(
          'INVALID_CODE_LIST_VALUE',
          `${reason} is not a reason of the ${list} list (${creditLists[list]}, 社会组织信用信息管理办法 ${list === 'abnormal_activity' ? '第十条' : '第十四条'}); its reasons are ${Object.keys(listingReasonsByList[list]).join(', ')}.`,
          { path: ['input', 'reason'], details: { list, allowed: Object.keys(listingReasonsByList[list]) } },
        );
      }
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
      const listedOn = kit.notAfterToday(kit.dateOrToday(input.listedOn, ['input', 'listedOn']), [
        'input',
        'listedOn',
      ]);
      const exemption =
        input.exemptionStatement === undefined || input.exemptionStatement === null
          ? null
          : parseExemptionStatement(input.exemptionStatement);
      return db.transaction(async (tx) => {
        // An exclusive lock: two listings of one organization apply one after the other, so the
        // second finds the first and records a new circumstance (第十二条, 第十六条).
        const organization = await loadOrganization(tx, input.organizationId, 'update');
        await authorizeOn(tx, organization, 'credit.record');
        if (exemption) {
          const article = list === 'abnormal_activity' ? '第十一条' : '第十五条';
          throw new SansheError(
            'LISTING_EXEMPTED',
            `${exemption.issuedBy} stated in writing (${exemption.reference}, ${exemption.issuedOn}) that the organization bears no direct responsibility: it is not put on the ${list} list (社会组织信用信息管理办法 ${article}).`,
            {
              path: ['input', 'exemptionStatement'],
              details: { list, reference: exemption.reference, issuedOn: exemption.issuedOn },
            },
          );
        }
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
        if (open && listedOn < open.listedOn) {
          throw new SansheError(
            'INVALID_DATE_RANGE',
            `The organization is on the ${list} list since ${open.listedOn} (entry ${open.id}); a new circumstance is dated on or after that day.`,
            { path: ['input', 'listedOn'], details: { entryId: open.id } },
          );
        }
        if (open) {
          const article = list === 'abnormal_activity' ? '第十二条' : '第十六条';
          await closeEntry(
            tx,
            open,
            listedOn,
            'new_circumstance',
            `new circumstance ${reason} on ${listedOn}: 列入时限重新计算 (社会组织信用信息管理办法 ${article})`,
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
     * Take an organization off a list: `rectified` (abnormal-activity list, a reason with
     * something to do) or `term_served` (abnormal-activity list with nothing to rectify, after
     * {@link ABNORMAL_LIST_TERM}; dishonesty list, after {@link DISHONESTY_LIST_TERM}); see
     * {@link removalDecision}.
     *
     * 第十三条 has the bureau remove a rectified organization within 5 working days of
     * verifying it (自查实之日起5个工作日内). That limit binds the bureau, not the organization:
     * `removedOn` is the day the bureau decides on the organization's request, and a removal
     * decided later than 5 working days is still recorded (refusing it would keep the
     * organization listed longer for the bureau's delay). Meeting the limit is for the bureau's
     * own task tracking.
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
      const removedOn = kit.notAfterToday(requiredDate(input.removedOn, ['input', 'removedOn']), [
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
        const organization = await loadOrganization(tx, entry.organizationId, 'share');
        let newCircumstanceOn: string | null = null;
        if (entry.list === 'serious_dishonesty') {
          // 第十七条: an abnormal-activity listing after this one is a new circumstance in the period.
          const [later] = await tx
            .select({ listedOn: organizationListEntries.listedOn })
            .from(organizationListEntries)
            .where(
              and(
                eq(organizationListEntries.districtCode, districtCode),
                eq(organizationListEntries.organizationId, entry.organizationId),
                eq(organizationListEntries.list, 'abnormal_activity'),
                gt(organizationListEntries.listedOn, entry.listedOn),
                sql`${organizationListEntries.removalReason} is distinct from 'objection_upheld'`,
              ),
            )
            .orderBy(desc(organizationListEntries.listedOn))
            .limit(1);
          newCircumstanceOn = later?.listedOn ?? null;
        }
        const decision = removalDecision(entry, removalReason, removedOn, {
          newCircumstanceOn,
          deregisteredOn: organization.deregisteredOn,
        });
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
     * `on` to the serious dishonesty list (社会组织信用信息管理办法 第十四条第一项): the entry is
     * closed as `moved_to_dishonesty` on its anniversary and a dishonesty entry opens that
     * day with reason `abnormal_two_years`. An organization already on the dishonesty list
     * meets a new circumstance (第十六条): its entry closes as `new_circumstance` and the new
     * one restarts the clock (reported in `alreadyOnDishonestyList`). Running it again moves
     * nothing more. One transaction; each move is audited.
     *
     * @throws {SansheError} INVALID_DATE (malformed or after today), POLICY_NOT_SET.
     */
    async escalateOverdueListings(on?: string): Promise<EscalationResult> {
      const day = kit.notAfterToday(kit.dateOrToday(on, ['on']), ['on']);
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
        const result: EscalationResult = { moved: [], alreadyOnDishonestyList: [], restarted: [] };
        const why = `${years} years on the abnormal-activity list (${policy.source})`;
        for (const entry of candidates) {
          const dueOn = escalationDueOn(entry.listedOn, years);
          if (dueOn > day) continue;
          const closed = await closeEntry(tx, entry, dueOn, 'moved_to_dishonesty', why);
          const existing = await openEntryOf(tx, entry.organizationId, 'serious_dishonesty');
          if (existing) result.alreadyOnDishonestyList.push(closed);
          // A dishonesty listing later than the anniversary already counts from a later day.
          if (existing && existing.listedOn > dueOn) continue;
          if (existing) {
            result.restarted.push(
              await closeEntry(
                tx,
                existing,
                dueOn,
                'new_circumstance',
                `new circumstance abnormal_two_years on ${dueOn}: 列入时限重新计算 (社会组织信用信息管理办法 第十六条)`,
              ),
            );
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
  };
}
