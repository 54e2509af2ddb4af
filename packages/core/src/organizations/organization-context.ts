import { and, asc, eq, gt, inArray, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import type { AuditEntry } from '../audit/audit-log.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { type Community, communities, type Subdistrict } from '../schema/hierarchy.js';
import {
  type OrganizationHubMembership,
  organizationCommunities,
  organizationHubMemberships,
  organizationStatusChanges,
  type SocialOrganization,
  socialOrganizations,
} from '../schema/organizations.js';
import { parseCode } from '../services/code-list.js';
import { createServiceKit, isLocalId, type RowLock, type ServiceOptions } from '../services/service-kit.js';
import { parseDivisionCodeOfLevel } from '../validators/division-code.js';
import { checkPublishedText } from '../validators/published-text.js';
import { parseIsoDate } from '../validators/text.js';
import type { UsccInfo } from '../validators/uscc.js';
import {
  type LegalForm,
  type OrganizationCategory,
  type OrganizationStatus,
  organizationCategories,
  type ServiceDomain,
  serviceDomains as serviceDomainList,
} from './code-lists.js';
import type { RegisterOrganizationInput } from './organization-inputs.js';
import { type OrganizationEvent, organizationLifecycle } from './organization-lifecycle.js';
import { filedGroupBaseRule, registrationUscc } from './organization-rules.js';
import { organizationWriteTarget, recordActionOf } from './organization-target.js';
import {
  recordStatusChangeWithAudit,
  type StatusChange,
  statusChangeAndAuditOf,
  statusChangeInsert,
} from './status-history.js';

export const MAX_REASON_LENGTH = 500;
export const MAX_TITLE_LENGTH = 200;
export const MAX_CONTENT_LENGTH = 5000;
/** More communities than any district has; bounds the work one request can ask for. */
export const MAX_SERVED_COMMUNITIES = 500;

export const ORGANIZATION = 'social_organization';
export const MEMBERSHIP = 'organization_hub_membership';
export const DISCLOSURE = 'organization_disclosure';

/** How the status history names the fields of a change (变更事项). */
export const changeLabels = {
  name: '名称',
  category: '类别',
  serviceDomains: '服务领域',
  communityCode: '所在社区',
  servedCommunityCodes: '服务社区',
} as const;

export type ChangeField = keyof typeof changeLabels;
export type Changes = Partial<Record<ChangeField, { from: unknown; to: unknown }>>;
export type StatusChangeKind = 'registered' | 'filed' | 'changed' | 'deregistered';

/**
 * What every use case of the organizations area shares, for one district and one caller: the
 * service kit, input parsing, the reads and locks inside transactions, and the status-history
 * writes. The use cases (registration.ts, hub-memberships.ts, disclosures.ts,
 * organization-reads.ts) compose them; what an organization's status allows is
 * organization-lifecycle.ts.
 */
export function createOrganizationContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  // ---- input parsing (pure) -------------------------------------------------------------

  function refuse(code: ErrorCode, message: string, path: FieldPath) {
    return new SansheError(code, message, { path });
  }

  function parseReason(value: unknown, path: FieldPath): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw refuse('VALIDATION_FAILED', 'A reason must be text.', path);
    const reason = value.trim();
    if (reason === '') return null;
    const length = Array.from(reason).length;
    if (length > MAX_REASON_LENGTH) {
      throw refuse(
        'VALIDATION_FAILED',
        `A reason must have at most ${MAX_REASON_LENGTH} characters, got ${length}.`,
        path,
      );
    }
    return reason;
  }

  /** Service domains in code-list order without repeats, so equal sets compare equal. */
  function parseServiceDomains(value: unknown): ServiceDomain[] {
    if (!Array.isArray(value)) {
      throw refuse('VALIDATION_FAILED', 'Service domains must be a list.', ['input', 'serviceDomains']);
    }
    const chosen = new Set(
      value.map((domain, index) =>
        parseCode(serviceDomainList, domain, ['input', 'serviceDomains', index], 'service domain'),
      ),
    );
    return (Object.keys(serviceDomainList) as ServiceDomain[]).filter((domain) => chosen.has(domain));
  }

  function parseCategory(value: unknown): OrganizationCategory {
    return parseCode(organizationCategories, value, ['input', 'category'], 'category');
  }

  function assertInDistrict(code: string, path: FieldPath) {
    if (code.slice(0, 6) !== districtCode) {
      throw refuse(
        'CODE_OUTSIDE_DISTRICT',
        `Code ${code} belongs to district ${code.slice(0, 6)}, not to ${districtCode}.`,
        path,
      );
    }
  }

  function parseCommunityCode(value: unknown, path: FieldPath): string {
    const code = kit.unwrap(parseDivisionCodeOfLevel(value, 'community', { path })).code;
    assertInDistrict(code, path);
    return code;
  }

  function parseOptionalCommunityCode(value: unknown): string | null {
    return value === undefined || value === null
      ? null
      : parseCommunityCode(value, ['input', 'communityCode']);
  }

  /** Each code with where it came from in the input, without repeats. */
  function parseServedCodes(value: unknown): Map<string, FieldPath> {
    const path = ['input', 'servedCommunityCodes'];
    if (!Array.isArray(value)) throw refuse('VALIDATION_FAILED', 'Served communities must be a list.', path);
    if (value.length > MAX_SERVED_COMMUNITIES) {
      throw refuse(
        'VALIDATION_FAILED',
        `At most ${MAX_SERVED_COMMUNITIES} served communities, got ${value.length}.`,
        path,
      );
    }
    const codes = new Map<string, FieldPath>();
    value.forEach((item, index) => {
      const itemPath = [...path, index];
      const code = parseCommunityCode(item, itemPath);
      if (!codes.has(code)) codes.set(code, itemPath);
    });
    return codes;
  }

  /**
   * The USCC of a registered organization (docs/domain.md §3, GB 32100-2015): strict, except that
   * a wrong final check character is let through when a reason is given (legacy records).
   */
  function parseRegistrationUscc(
    input: RegisterOrganizationInput,
    legalForm: LegalForm,
  ): { uscc: UsccInfo; overrideReason: string | null } {
    const overrideReason = parseReason(input.usccOverrideReason, ['input', 'usccOverrideReason']);
    return { uscc: registrationUscc(input.uscc, overrideReason, legalForm), overrideReason };
  }

  // ---- reads and locks inside transactions ---------------------------------------------

  function findOrganization(
    executor: SansheDb,
    id: number,
    lock: RowLock = false,
  ): Promise<SocialOrganization | undefined> {
    return kit.findRecord(executor, socialOrganizations, id, lock);
  }

  function loadOrganization(
    tx: SansheDb,
    id: number,
    path: FieldPath,
    lock: 'update' | 'share',
  ): Promise<SocialOrganization> {
    return kit.requireRecord(tx, socialOrganizations, id, 'social organization', path, lock);
  }

  /**
   * The organization locked for a change, with what every change checks first: the code of its
   * base community (the jurisdiction), the communities it serves (id and code, by code) and the
   * last day of its history. One statement where four would do the same. Unlocked (`lock`
   * false) for a compare-and-set outside a transaction ({@link updateOrganizationIfUnchanged}).
   */
  async function loadForChange(
    tx: SansheDb,
    id: number,
    path: FieldPath,
    lock = true,
  ): Promise<{
    current: SocialOrganization;
    baseCode: string | null;
    served: { id: number; code: string }[];
    latestDay: string | null;
  }> {
    if (!isLocalId(id)) throw kit.notFound('social organization', id, path);
    const history = organizationStatusChanges;
    const query = tx
      .select({
        current: socialOrganizations,
        baseCode: communities.code,
        latestDay: sql<string | null>`(select max(${history.occurredOn})::text from ${history}
          where ${history.districtCode} = ${socialOrganizations.districtCode}
          and ${history.organizationId} = ${socialOrganizations.id})`,
        // Aliased: the outer query already joins communities for the base.
        served: sql<{ id: number; code: string }[]>`coalesce((select json_agg(json_build_object(
            'id', served.id, 'code', served.code) order by served.code)
          from ${organizationCommunities} as link
          join ${communities} as served on served.district_code = link.district_code and served.id = link.community_id
          where link.district_code = ${socialOrganizations.districtCode}
          and link.organization_id = ${socialOrganizations.id}), '[]'::json)`.mapWith((value: unknown) =>
          typeof value === 'string' ? JSON.parse(value) : value,
        ),
      })
      .from(socialOrganizations)
      .leftJoin(
        communities,
        and(
          eq(communities.districtCode, socialOrganizations.districtCode),
          eq(communities.id, socialOrganizations.communityId),
        ),
      )
      .where(and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.id, id)));
    const [found] = lock ? await query.for('update', { of: socialOrganizations }) : await query;
    if (!found) throw kit.notFound('social organization', id, path);
    return found;
  }

  /** The caller may change this organization's record (FORBIDDEN otherwise). */
  async function authorizeOn(
    tx: SansheDb,
    organization: SocialOrganization,
    action: Parameters<typeof kit.authorize>[0] = recordActionOf(organization),
  ): Promise<void> {
    kit.authorize(action, await organizationWriteTarget(tx, organization));
  }

  /** The organization's status allows the event (organization-lifecycle.ts), or ORGANIZATION_INACTIVE. */
  function assertActive(
    organization: SocialOrganization,
    path: FieldPath,
    event: OrganizationEvent = 'change',
  ) {
    organizationLifecycle.next(
      organization.status as OrganizationStatus,
      event,
      path,
      `Organization ${organization.id} (${organization.name}), deregistered on ${organization.deregisteredOn},`,
    );
  }

  function assertExistedOn(organization: SocialOrganization, date: string, path: FieldPath) {
    if (date < organization.registeredOn) {
      throw refuse(
        'ORGANIZATION_INACTIVE',
        `Organization ${organization.id} (${organization.name}) did not exist on ${date}: it was registered on ${organization.registeredOn}.`,
        path,
      );
    }
  }

  function notInForce(kind: string, code: string, date: string, path: FieldPath) {
    return refuse('UNIT_NOT_IN_FORCE', `The ${kind} ${code} is not in force on ${date}.`, path);
  }

  /**
   * The communities named, locked FOR SHARE so none retires before this commits. Each must
   * exist and be in force on the date, except those in `kept` (already recorded, not newly
   * claimed), which only need to exist.
   */
  async function loadCommunities(
    tx: SansheDb,
    codes: Map<string, FieldPath>,
    on: string,
    kept: ReadonlySet<string> = new Set(),
  ): Promise<Map<string, Community>> {
    if (codes.size === 0) return new Map();
    const rows = await tx
      .select()
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), inArray(communities.code, [...codes.keys()])))
      .orderBy(asc(communities.id))
      .for('share');
    const byCode = new Map(rows.map((row) => [row.code, row]));
    for (const [code, path] of codes) {
      const community = byCode.get(code);
      if (!community) throw refuse('NOT_FOUND', `No community ${code} in district ${districtCode}.`, path);
      if (!kept.has(code) && !isActiveOn(community, on)) throw notInForce('community', code, on, path);
    }
    return byCode;
  }

  async function servedRows(executor: SansheDb, organizationId: number): Promise<Community[]> {
    const rows = await executor
      .select({ community: communities })
      .from(organizationCommunities)
      .innerJoin(
        communities,
        and(
          eq(communities.districtCode, organizationCommunities.districtCode),
          eq(communities.id, organizationCommunities.communityId),
        ),
      )
      .where(
        and(
          eq(organizationCommunities.districtCode, districtCode),
          eq(organizationCommunities.organizationId, organizationId),
        ),
      )
      .orderBy(asc(communities.code));
    return rows.map((row) => row.community);
  }

  async function insertServed(tx: SansheDb, organizationId: number, communityIds: Iterable<number>) {
    const values = [...communityIds].map((communityId) => ({ districtCode, organizationId, communityId }));
    if (values.length > 0) await tx.insert(organizationCommunities).values(values);
  }

  async function recordStatusChange(
    tx: SansheDb,
    organizationId: number,
    kind: StatusChangeKind,
    occurredOn: string,
    summary: string,
    changes: Changes | null = null,
  ) {
    await statusChangeInsert(tx, districtCode, { organizationId, kind, occurredOn, summary, changes });
  }

  /** The status history's entry and the audit trail's, in one statement (status-history.ts). */
  function recordStatusChangeAndAudit(
    tx: SansheDb,
    change: StatusChange,
    entry: Parameters<typeof kit.auditInsert>[1],
  ) {
    return recordStatusChangeWithAudit(tx, kit, change, entry);
  }

  /** Later acts may not predate the last day recorded of the organization. */
  function assertNotBefore(latest: string | null, date: string, path: FieldPath) {
    if (latest !== null && date < latest) {
      throw refuse(
        'INVALID_DATE_RANGE',
        `${String(path.at(-1))} ${date} lies before the last entry of the organization's history (${latest}).`,
        path,
      );
    }
  }

  async function updateOrganization(
    tx: SansheDb,
    current: SocialOrganization,
    changes: Partial<
      Pick<
        SocialOrganization,
        'name' | 'category' | 'serviceDomains' | 'communityId' | 'status' | 'deregisteredOn'
      >
    >,
  ): Promise<SocialOrganization> {
    const [row] = await tx
      .update(socialOrganizations)
      .set({ ...changes, version: current.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(socialOrganizations.districtCode, districtCode),
          eq(socialOrganizations.id, current.id),
          eq(socialOrganizations.version, current.version),
        ),
      )
      .returning();
    // The row is locked FOR UPDATE, so the version cannot have moved; kept as a safeguard.
    if (!row) {
      throw refuse(
        'VERSION_CONFLICT',
        `Organization ${current.id} changed meanwhile; reload it and try again.`,
        ['input', 'expectedVersion'],
      );
    }
    return row;
  }

  /**
   * A change of the organization's own row with its status-history and audit entries, in ONE
   * statement and no transaction: a compare-and-set on what `loadForChange(db, id, path, false)`
   * read and the rules checked. A data-modifying `with` updates the row only if it is still at
   * the version read and its history has no entry after the change's day (the one fact read
   * that a write may add without moving the version: a penalty, credit-listings.ts), then
   * inserts both entries from the updated row, so a miss writes nothing. One statement is atomic
   * on its own, so no BEGIN and COMMIT.
   *
   * The audit entry's `after` is the row as the update leaves it, which the statement cannot
   * hand to JS before it runs: `current` with the changes and the next version (`updatedAt`,
   * the one other column set, is left out of audit snapshots).
   *
   * @returns the updated row, or undefined when the row moved since it was read (nothing written)
   */
  async function updateOrganizationIfUnchanged(
    current: SocialOrganization,
    changes: Partial<Pick<SocialOrganization, 'name' | 'category' | 'serviceDomains'>>,
    change: StatusChange,
    entryFor: (after: SocialOrganization) => AuditEntry,
  ): Promise<SocialOrganization | undefined> {
    const history = organizationStatusChanges;
    const version = current.version + 1;
    // drizzle builds the update, the two inserts and the final select (db.$with), so the columns
    // and their encoding are the schema's, as in updateOrganization and statusChangeInsert.
    const updated = db.$with('updated').as(
      db
        .update(socialOrganizations)
        .set({ ...changes, version, updatedAt: sql`now()` })
        .where(
          and(
            eq(socialOrganizations.districtCode, districtCode),
            eq(socialOrganizations.id, current.id),
            eq(socialOrganizations.version, current.version),
            notExists(
              db
                .select({ one: sql`1` })
                .from(history)
                .where(
                  and(
                    eq(history.districtCode, districtCode),
                    eq(history.organizationId, current.id),
                    gt(history.occurredOn, change.occurredOn),
                  ),
                ),
            ),
          ),
        )
        .returning(),
    );
    const [statusChange, audit] = statusChangeAndAuditOf(
      db,
      kit,
      updated,
      change,
      entryFor({ ...current, ...changes, version }),
    );
    const [row] = await db.with(updated, statusChange, audit).select().from(updated);
    return row;
  }

  async function openMembershipsAsHub(tx: SansheDb, hubId: number): Promise<number> {
    return tx.$count(
      organizationHubMemberships,
      and(
        eq(organizationHubMemberships.districtCode, districtCode),
        eq(organizationHubMemberships.hubId, hubId),
        isNull(organizationHubMemberships.leftOn),
      ),
    );
  }

  async function endMembership(
    tx: SansheDb,
    current: OrganizationHubMembership,
    leftOn: string,
    reason: string | null,
  ): Promise<OrganizationHubMembership> {
    const [row] = await tx
      .update(organizationHubMemberships)
      .set({ leftOn, version: current.version + 1, updatedAt: sql`now()` })
      .where(
        and(
          eq(organizationHubMemberships.districtCode, districtCode),
          eq(organizationHubMemberships.id, current.id),
          eq(organizationHubMemberships.version, current.version),
        ),
      )
      .returning();
    await kit.audit(tx, {
      action: 'hub_membership.end',
      entityType: MEMBERSHIP,
      entityId: current.id,
      before: current,
      after: row,
      reason,
    });
    return row!;
  }

  /** The base and served communities of a new organization, checked against the date. */
  async function newOrganizationCommunities(
    tx: SansheDb,
    baseCode: string | null,
    served: Map<string, FieldPath>,
    on: string,
  ): Promise<{ baseId: number | null; servedIds: Set<number>; servedCodes: string[] }> {
    const codes = new Map(served);
    if (baseCode !== null) codes.set(baseCode, ['input', 'communityCode']);
    const byCode = await loadCommunities(tx, codes, on);
    const baseId = baseCode === null ? null : byCode.get(baseCode)!.id;
    return {
      baseId,
      servedIds: new Set([...codes.keys()].map((code) => byCode.get(code)!.id)),
      servedCodes: [...codes.keys()].sort(),
    };
  }

  async function membershipsOn(
    side: 'hub' | 'member',
    organizationId: number,
    on: string | undefined,
  ): Promise<OrganizationHubMembership[]> {
    const day = on === undefined ? kit.today() : kit.unwrap(parseIsoDate(on, { path: ['on'] }));
    if (!isLocalId(organizationId)) return [];
    const m = organizationHubMemberships;
    return db
      .select()
      .from(m)
      .where(
        and(
          eq(m.districtCode, districtCode),
          eq(side === 'hub' ? m.hubId : m.memberId, organizationId),
          lte(m.joinedOn, day),
          or(isNull(m.leftOn), gt(m.leftOn, day)),
        ),
      )
      .orderBy(asc(m.joinedOn), asc(m.id));
  }

  function assertGuidingSubdistrict(
    subdistrict: Subdistrict | undefined,
    code: string,
    on: string,
    path: FieldPath,
  ): void {
    if (!subdistrict) throw refuse('NOT_FOUND', `No subdistrict ${code} in district ${districtCode}.`, path);
    if (!isActiveOn(subdistrict, on)) throw notInForce('subdistrict', code, on, path);
  }

  /** The base community rule of a filed group (organization-rules.ts), for a change. */
  function assertFiledGroupBase(guidingUnitCode: string, base: string | null): void {
    kit.unwrap(filedGroupBaseRule(guidingUnitCode, base, ['input', 'communityCode']));
  }

  function assertNoPersonalData(text: string, path: FieldPath): void {
    kit.unwrap(checkPublishedText(text, { path }));
  }

  return {
    kit,
    db,
    districtCode,
    refuse,
    parseReason,
    parseServiceDomains,
    parseCategory,
    assertInDistrict,
    parseCommunityCode,
    parseOptionalCommunityCode,
    parseServedCodes,
    parseRegistrationUscc,
    findOrganization,
    loadOrganization,
    loadForChange,
    authorizeOn,
    assertActive,
    assertExistedOn,
    notInForce,
    loadCommunities,
    servedRows,
    insertServed,
    recordStatusChange,
    statusChangeInsert,
    recordStatusChangeAndAudit,
    assertNotBefore,
    updateOrganization,
    updateOrganizationIfUnchanged,
    openMembershipsAsHub,
    endMembership,
    newOrganizationCommunities,
    membershipsOn,
    assertGuidingSubdistrict,
    assertFiledGroupBase,
    assertNoPersonalData,
  };
}

export type OrganizationContext = ReturnType<typeof createOrganizationContext>;

/** A value the caller actually gave: not absent, not null, not an empty or blank string. */
export function isGiven(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

export function normalizeDomains(domains: readonly string[]): string[] {
  const chosen = new Set(domains);
  return Object.keys(serviceDomainList).filter((domain) => chosen.has(domain));
}

export function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  return chars.length <= maxLength ? text : `${chars.slice(0, maxLength - 1).join('')}…`;
}
