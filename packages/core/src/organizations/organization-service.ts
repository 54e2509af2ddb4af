import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { type Community, communities, type Subdistrict, subdistricts } from '../schema/hierarchy.js';
import {
  type OrganizationDisclosure,
  type OrganizationHubMembership,
  type OrganizationStatusChange,
  organizationCommunities,
  organizationDisclosures,
  organizationHubMemberships,
  organizationStatusChanges,
  type SocialOrganization,
  socialOrganizations,
} from '../schema/organizations.js';
import { parseCode } from '../services/code-list.js';
import { addDays, periodsOverlap } from '../services/dates.js';
import { createServiceKit, isLocalId, type ServiceOptions } from '../services/service-kit.js';
import { parseDivisionCode, parseDivisionCodeOfLevel } from '../validators/division-code.js';
import { checkPublishedText, parsePublicName } from '../validators/published-text.js';
import { parseIsoDate } from '../validators/text.js';
import { parseUscc, type UsccInfo } from '../validators/uscc.js';
import {
  type DisclosureKind,
  disclosureKinds,
  type LegalForm,
  legalForms,
  type OrganizationCategory,
  organizationCategories,
  type ServiceDomain,
  serviceDomains as serviceDomainList,
  usccCategoryOfLegalForm,
} from './code-lists.js';
import { hubReaches, lockHubGraph } from './hub-graph.js';
import { organizationWriteTarget, recordActionOf, writeTargetOf } from './organization-target.js';

export interface RegisterOrganizationInput {
  name: string;
  legalForm: LegalForm;
  /** 统一社会信用代码, issued by civil affairs (position 1 = 5) for this legal form (position 2). */
  uscc: string;
  /**
   * Why a legacy code whose only fault is its final check character is recorded anyway
   * (at most 500 characters). Stored with the organization and written to the audit log.
   */
  usccOverrideReason?: string | null;
  category: OrganizationCategory;
  serviceDomains?: ServiceDomain[];
  /** The base community (12 digits), in force on the registration date; null for none. */
  communityCode?: string | null;
  /** Communities served; the base community is always among them. */
  servedCommunityCodes?: string[];
  /** The day of registration (登记); defaults to today, never after today. */
  registeredOn?: string;
}

export interface FileCommunityGroupInput {
  name: string;
  category: OrganizationCategory;
  serviceDomains?: ServiceDomain[];
  /** The subdistrict (9 digits) or community (12 digits) of this district guiding the group. */
  guidingUnitCode: string;
  /**
   * The base community. A group guided by a community is based there (omit it or give the
   * same code); one guided by a subdistrict may name a community of that subdistrict.
   */
  communityCode?: string | null;
  servedCommunityCodes?: string[];
  /** The day of filing (备案); defaults to today, never after today. */
  filedOn?: string;
  /** A filed group has no legal personality: any value here is refused (USCC_NOT_ALLOWED). */
  uscc?: string | null;
}

export interface ChangeOrganizationInput {
  id: number;
  /** When given, the change applies only if the organization is still at this version. */
  expectedVersion?: number;
  name?: string;
  category?: OrganizationCategory;
  /** The new full list of service domains. */
  serviceDomains?: ServiceDomain[];
  /** A new base community, or null to have none; omit to keep it. */
  communityCode?: string | null;
  /**
   * The new full list of communities served (the base community is added). Omitted, the
   * list stays as it is, with a new base community added to it.
   */
  servedCommunityCodes?: string[];
  /** The day of the change (变更); defaults to today. */
  changedOn?: string;
}

export interface DeregisterOrganizationInput {
  id: number;
  expectedVersion?: number;
  /** The day of deregistration (注销): the first day the organization no longer exists. */
  deregisteredOn: string;
  reason: string;
}

export interface AddHubMemberInput {
  hubId: number;
  memberId: number;
  /** Defaults to today. */
  joinedOn?: string;
}

export interface EndHubMembershipInput {
  membershipId: number;
  /** The first day the organization is no longer a member. */
  leftOn: string;
  expectedVersion?: number;
}

export interface PublishDisclosureInput {
  organizationId: number;
  kind: DisclosureKind;
  /** 1 to 200 characters, one line. */
  title: string;
  /** 1 to 5000 characters. Published as is, so it must hold no personal data. */
  content: string;
  /** Defaults to today. */
  publishedOn?: string;
}

export interface WithdrawDisclosureInput {
  disclosureId: number;
  withdrawnOn: string;
}

const MAX_REASON_LENGTH = 500;
const MAX_TITLE_LENGTH = 200;
const MAX_CONTENT_LENGTH = 5000;
/** More communities than any district has; bounds the work one request can ask for. */
const MAX_SERVED_COMMUNITIES = 500;

const ORGANIZATION = 'social_organization';
const MEMBERSHIP = 'organization_hub_membership';
const DISCLOSURE = 'organization_disclosure';

/** How the status history names the fields of a change (变更事项). */
const changeLabels = {
  name: '名称',
  category: '类别',
  serviceDomains: '服务领域',
  communityCode: '所在社区',
  servedCommunityCodes: '服务社区',
} as const;

type ChangeField = keyof typeof changeLabels;
type Changes = Partial<Record<ChangeField, { from: unknown; to: unknown }>>;
type StatusChangeKind = 'registered' | 'filed' | 'changed' | 'deregistered';

/**
 * Register, file, change and deregister social organizations, link hubs to their members and
 * publish disclosures, for one district (DOMAIN.md §3). Every write validates its input first,
 * runs in one transaction with the rows it relies on locked, records its status change and
 * audit entry in that transaction, and either applies whole or throws a {@link SansheError}
 * and changes nothing.
 */
export function createOrganizationService(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;

  // ---- input parsing (pure) -------------------------------------------------------------

  function refuse(code: ErrorCode, message: string, path: FieldPath) {
    return new SansheError(code, message, { path });
  }

  /** A date of something that happened: the register records facts, so never after today. */
  function pastDate(value: unknown, path: FieldPath, required: boolean): string {
    const date =
      !required && (value === undefined || value === null)
        ? kit.today()
        : kit.unwrap(parseIsoDate(value, { path }));
    const today = kit.today();
    if (date > today) {
      throw refuse(
        'INVALID_DATE_RANGE',
        `${String(path.at(-1))} ${date} lies after today (${today}); the register records what has happened.`,
        path,
      );
    }
    return date;
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

  /** Published text: trimmed, within its length, no control characters beyond line breaks and tabs. */
  function parseText(value: unknown, path: FieldPath, maxLength: number, multiline: boolean): string {
    if (typeof value !== 'string') throw refuse('VALIDATION_FAILED', 'The text must be a string.', path);
    const text = value.trim();
    const length = Array.from(text).length;
    if (length === 0 || length > maxLength) {
      throw refuse(
        'VALIDATION_FAILED',
        `The text must have 1 to ${maxLength} characters, got ${length}.`,
        path,
      );
    }
    // Control characters break displays and exports; a lone surrogate cannot be stored as UTF-8.
    if (hasControlCharacter(text, multiline) || /\p{Cs}/u.test(text)) {
      throw refuse(
        'VALIDATION_FAILED',
        multiline
          ? 'The text must not contain control characters other than line breaks and tabs.'
          : 'The text must be one line without control characters.',
        path,
      );
    }
    return text;
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

  function requireId(value: unknown, what: string, path: FieldPath): number {
    if (!isLocalId(value)) {
      throw refuse(
        'NOT_FOUND',
        `No ${what} with id ${String(value).slice(0, 32)} in district ${districtCode}.`,
        path,
      );
    }
    return value;
  }

  /**
   * The USCC of a registered organization (DOMAIN.md §3, GB 32100-2015): strict, except that
   * a wrong final check character is let through when a reason is given (legacy records).
   */
  function parseRegistrationUscc(
    input: RegisterOrganizationInput,
    legalForm: LegalForm,
  ): { uscc: UsccInfo; overrideReason: string | null } {
    const path = ['input', 'uscc'];
    const reasonPath = ['input', 'usccOverrideReason'];
    const raw: unknown = input.uscc;
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      throw refuse(
        'USCC_REQUIRED',
        'A registered organization (登记) needs its unified social credit code.',
        path,
      );
    }
    const overrideReason = parseReason(input.usccOverrideReason, reasonPath);
    const strict = parseUscc(raw, { path });
    let uscc: UsccInfo;
    if (strict.success) {
      // A reason attached to a valid code would mark it as overridden in the record and the
      // audit log when nothing was; refusing tells the caller its data is not what it thinks.
      if (overrideReason !== null) {
        throw refuse(
          'VALIDATION_FAILED',
          `${strict.data.code} is a valid code; an override reason is only for a legacy code with a wrong check character.`,
          reasonPath,
        );
      }
      uscc = strict.data;
    } else {
      const lenient = parseUscc(raw, { path, allowBadCheckCharacter: true });
      if (!lenient.success) throw SansheError.fromIssue(lenient.error);
      if (overrideReason === null) {
        throw new SansheError(
          'INVALID_USCC',
          `${strict.error.message} A legacy code whose only fault is its check character is recorded with a usccOverrideReason.`,
          { path, details: { checkCharacterOnly: true } },
        );
      }
      uscc = lenient.data;
    }
    if (uscc.authority.code !== '5') {
      throw refuse(
        'USCC_MISMATCH',
        `${uscc.code} was issued by authority ${uscc.authority.code} (${uscc.authority.name}); social organizations are registered by civil affairs (5).`,
        path,
      );
    }
    const expectedCategory = usccCategoryOfLegalForm[legalForm];
    if (uscc.categoryCode !== expectedCategory) {
      throw refuse(
        'USCC_MISMATCH',
        `Position 2 of ${uscc.code} is ${uscc.categoryCode}; a ${legalForm} (${legalForms[legalForm]}) has ${expectedCategory}.`,
        path,
      );
    }
    return { uscc, overrideReason };
  }

  // ---- reads and locks inside transactions ---------------------------------------------

  async function findOrganization(
    executor: SansheDb,
    id: number,
    lock: false | 'update' | 'share' = false,
  ): Promise<SocialOrganization | undefined> {
    if (!isLocalId(id)) return undefined;
    const query = executor
      .select()
      .from(socialOrganizations)
      .where(and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.id, id)));
    const [row] = lock ? await query.for(lock) : await query;
    return row;
  }

  async function loadOrganization(
    tx: SansheDb,
    id: number,
    path: FieldPath,
    lock: 'update' | 'share',
  ): Promise<SocialOrganization> {
    const row = await findOrganization(tx, id, lock);
    if (!row) throw kit.notFound('social organization', id, path);
    return row;
  }

  /**
   * The organization locked for a change, with what every change checks first: the code of its
   * base community (the jurisdiction), the communities it serves (id and code, by code) and the
   * last day of its history. One statement where four would do the same.
   */
  async function loadForChange(
    tx: SansheDb,
    id: number,
    path: FieldPath,
  ): Promise<{
    current: SocialOrganization;
    baseCode: string | null;
    served: { id: number; code: string }[];
    latestDay: string | null;
  }> {
    if (!isLocalId(id)) throw kit.notFound('social organization', id, path);
    const history = organizationStatusChanges;
    const [found] = await tx
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
      .where(and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.id, id)))
      .for('update', { of: socialOrganizations });
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

  function assertActive(organization: SocialOrganization, path: FieldPath) {
    if (organization.status !== 'active') {
      throw refuse(
        'ORGANIZATION_INACTIVE',
        `Organization ${organization.id} (${organization.name}) was deregistered on ${organization.deregisteredOn}.`,
        path,
      );
    }
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
    await statusChangeInsert(tx, organizationId, kind, occurredOn, summary, changes);
  }

  function statusChangeInsert(
    tx: SansheDb,
    organizationId: number,
    kind: StatusChangeKind,
    occurredOn: string,
    summary: string,
    changes: Changes | null = null,
  ) {
    return tx.insert(organizationStatusChanges).values({
      districtCode,
      organizationId,
      kind,
      occurredOn,
      summary: truncate(summary, 500),
      changes,
    });
  }

  /**
   * The status history's entry and the audit trail's, in one statement (a data-modifying
   * `with`): one round trip where two would do the same, in the same transaction.
   */
  async function recordStatusChangeAndAudit(
    tx: SansheDb,
    status: Parameters<typeof statusChangeInsert>,
    entry: Parameters<typeof kit.auditInsert>[1],
  ) {
    await tx.execute(
      sql`with status_change as (${statusChangeInsert(...status).getSQL()}) ${kit.auditInsert(tx, entry).getSQL()}`,
    );
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

  // ---- the service ------------------------------------------------------------------------

  return {
    districtCode,

    /**
     * Record the registration (登记) of a social association, social service agency or
     * foundation: a legal person with a unified social credit code (DOMAIN.md §3).
     */
    async registerOrganization(input: RegisterOrganizationInput): Promise<SocialOrganization> {
      const name = kit.unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const legalForm = parseCode(legalForms, input.legalForm, ['input', 'legalForm'], 'legal form');
      const { uscc, overrideReason } = parseRegistrationUscc(input, legalForm);
      const category = parseCategory(input.category);
      const domains = input.serviceDomains === undefined ? [] : parseServiceDomains(input.serviceDomains);
      const baseCode = parseOptionalCommunityCode(input.communityCode);
      const served =
        input.servedCommunityCodes === undefined ? new Map() : parseServedCodes(input.servedCommunityCodes);
      const registeredOn = pastDate(input.registeredOn, ['input', 'registeredOn'], false);
      kit.authorize('organization.register', { unitCode: baseCode });

      return db.transaction(async (tx) => {
        const places = await newOrganizationCommunities(tx, baseCode, served, registeredOn);
        const duplicate = await tx
          .select({ id: socialOrganizations.id })
          .from(socialOrganizations)
          .where(
            and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.uscc, uscc.code)),
          );
        const usccConflict = {
          code: 'DUPLICATE_USCC' as const,
          message: `An organization with unified social credit code ${uscc.code} is already recorded.`,
          path: ['input', 'uscc'],
        };
        if (duplicate.length > 0) throw refuse(usccConflict.code, usccConflict.message, usccConflict.path);
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(socialOrganizations)
              .values({
                districtCode,
                name,
                legalStatus: 'registered',
                legalForm,
                uscc: uscc.code,
                usccOverrideReason: overrideReason,
                category,
                serviceDomains: domains,
                communityId: places.baseId,
                registeredOn,
              })
              .returning(),
          usccConflict,
        );
        const organization = row!;
        await insertServed(tx, organization.id, places.servedIds);
        await recordStatusChange(
          tx,
          organization.id,
          'registered',
          registeredOn,
          `成立登记：${name}（${legalForms[legalForm]}，${uscc.code}）`,
        );
        await kit.audit(tx, {
          action: 'organization.register',
          entityType: ORGANIZATION,
          entityId: organization.id,
          after: { ...organization, servedCommunityCodes: places.servedCodes },
          reason: overrideReason,
        });
        return organization;
      });
    },

    /**
     * Record the filing (备案) of a community group: no legal personality, no USCC, guided by
     * a subdistrict or a community (DOMAIN.md §3).
     */
    async fileCommunityGroup(input: FileCommunityGroupInput): Promise<SocialOrganization> {
      const loose = input as FileCommunityGroupInput & { usccOverrideReason?: unknown; legalForm?: unknown };
      if (isGiven(loose.uscc)) {
        throw refuse(
          'USCC_NOT_ALLOWED',
          'A filed community group (备案) has no legal personality and no unified social credit code; register it instead.',
          ['input', 'uscc'],
        );
      }
      if (isGiven(loose.usccOverrideReason)) {
        throw refuse(
          'USCC_NOT_ALLOWED',
          'A filed community group has no unified social credit code to override.',
          ['input', 'usccOverrideReason'],
        );
      }
      if (isGiven(loose.legalForm)) {
        throw refuse('VALIDATION_FAILED', 'A filed community group has no legal form.', [
          'input',
          'legalForm',
        ]);
      }
      const name = kit.unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const category = parseCategory(input.category);
      const domains = input.serviceDomains === undefined ? [] : parseServiceDomains(input.serviceDomains);
      const guidePath = ['input', 'guidingUnitCode'];
      const guide = kit.unwrap(parseDivisionCode(input.guidingUnitCode, { path: guidePath }));
      if (guide.level === 'district') {
        throw refuse(
          'CODE_LEVEL_MISMATCH',
          `A group is guided by a subdistrict (9 digits) or a community (12 digits), not by district ${guide.code}.`,
          guidePath,
        );
      }
      assertInDistrict(guide.code, guidePath);
      const guidedByCommunity = guide.level === 'community';
      let baseCode = parseOptionalCommunityCode(input.communityCode);
      // DOMAIN.md §3: a group is guided by the street or the residents' committee where it is
      // active, so it is based in the guiding community, or in a community of the guiding street.
      if (guidedByCommunity) {
        if (baseCode !== null && baseCode !== guide.code) {
          throw refuse(
            'VALIDATION_FAILED',
            `A group guided by community ${guide.code} is based in that community, not in ${baseCode}.`,
            ['input', 'communityCode'],
          );
        }
        baseCode = guide.code;
      } else if (baseCode !== null && baseCode.slice(0, 9) !== guide.code) {
        throw refuse(
          'VALIDATION_FAILED',
          `Community ${baseCode} does not lie in the guiding subdistrict ${guide.code}.`,
          ['input', 'communityCode'],
        );
      }
      const served =
        input.servedCommunityCodes === undefined ? new Map() : parseServedCodes(input.servedCommunityCodes);
      const filedOn = pastDate(input.filedOn, ['input', 'filedOn'], false);
      kit.authorize('organization.file', { unitCode: baseCode ?? guide.code });

      return db.transaction(async (tx) => {
        if (guidedByCommunity) {
          // Also the base community, checked here first so a refusal names the field given.
          await loadCommunities(tx, new Map([[guide.code, guidePath]]), filedOn);
        } else {
          const [subdistrict] = await tx
            .select()
            .from(subdistricts)
            .where(and(eq(subdistricts.districtCode, districtCode), eq(subdistricts.code, guide.code)))
            .for('share');
          assertGuidingSubdistrict(subdistrict, guide.code, filedOn, guidePath);
        }
        const places = await newOrganizationCommunities(tx, baseCode, served, filedOn);
        const [row] = await tx
          .insert(socialOrganizations)
          .values({
            districtCode,
            name,
            legalStatus: 'filed',
            legalForm: null,
            uscc: null,
            category,
            serviceDomains: domains,
            communityId: places.baseId,
            guidingUnitCode: guide.code,
            registeredOn: filedOn,
          })
          .returning();
        const organization = row!;
        await insertServed(tx, organization.id, places.servedIds);
        await recordStatusChange(
          tx,
          organization.id,
          'filed',
          filedOn,
          `备案：${name}（指导单位 ${guide.code}）`,
        );
        await kit.audit(tx, {
          action: 'organization.file',
          entityType: ORGANIZATION,
          entityId: organization.id,
          after: { ...organization, servedCommunityCodes: places.servedCodes },
        });
        return organization;
      });
    },

    /** Record a change (变更) of name, category, service domains or communities. */
    async changeOrganization(input: ChangeOrganizationInput): Promise<SocialOrganization> {
      const id = requireId(input.id, 'social organization', ['input', 'id']);
      const name =
        input.name === undefined
          ? undefined
          : kit.unwrap(parsePublicName(input.name, { path: ['input', 'name'] }));
      const category = input.category === undefined ? undefined : parseCategory(input.category);
      const domains =
        input.serviceDomains === undefined ? undefined : parseServiceDomains(input.serviceDomains);
      const baseGiven = input.communityCode !== undefined;
      const baseInput = parseOptionalCommunityCode(input.communityCode);
      const servedInput =
        input.servedCommunityCodes === undefined ? undefined : parseServedCodes(input.servedCommunityCodes);
      const changedOn = pastDate(input.changedOn, ['input', 'changedOn'], false);

      return db.transaction(async (tx) => {
        const { current, baseCode, served, latestDay } = await loadForChange(tx, id, ['input', 'id']);
        kit.authorize(recordActionOf(current), writeTargetOf(current, baseCode));
        // Moving the base moves the record: the new place must lie in the jurisdiction too.
        if (baseGiven) {
          kit.authorize(recordActionOf(current), {
            unitCode: baseInput ?? current.guidingUnitCode,
            organizationId: current.id,
          });
        }
        kit.checkVersion(current, input.expectedVersion, `Organization ${current.id}`);
        assertActive(current, ['input', 'id']);
        if (changedOn < current.registeredOn) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `changedOn ${changedOn} lies before the organization's registration on ${current.registeredOn}.`,
            ['input', 'changedOn'],
          );
        }
        assertNotBefore(latestDay, changedOn, ['input', 'changedOn']);

        const currentBase = baseCode;
        const currentServed = served;
        const currentServedCodes = currentServed.map((c) => c.code);
        const nextBase = baseGiven ? baseInput : currentBase;
        if (current.legalStatus === 'filed' && current.guidingUnitCode !== null) {
          assertFiledGroupBase(current.guidingUnitCode, nextBase);
        }

        const servedPaths =
          servedInput ?? new Map(currentServedCodes.map((code) => [code, ['input', 'servedCommunityCodes']]));
        const nextServed = new Map(servedPaths);
        if (nextBase !== null && !nextServed.has(nextBase))
          nextServed.set(nextBase, ['input', 'communityCode']);
        // Communities already recorded stay valid even if retired since; only new claims must be in force.
        const kept = new Set(currentServedCodes);
        if (currentBase !== null && nextBase === currentBase) kept.add(currentBase);
        const nextServedCodes = [...nextServed.keys()].sort();
        // A change that leaves the places as they are needs no community checked or locked.
        const placesKept =
          nextBase === currentBase &&
          nextServedCodes.length === currentServedCodes.length &&
          nextServedCodes.every((code) => kept.has(code));
        const byCode = placesKept
          ? new Map<string, Community>()
          : await loadCommunities(tx, nextServed, changedOn, kept);
        if (baseGiven && nextBase !== null && nextBase !== currentBase) {
          const base = byCode.get(nextBase)!;
          if (!isActiveOn(base, changedOn))
            throw notInForce('community', nextBase, changedOn, ['input', 'communityCode']);
        }

        const nextCategory = category ?? (current.category as OrganizationCategory);
        if (current.category === 'hub' && nextCategory !== 'hub') {
          const members = await openMembershipsAsHub(tx, current.id);
          if (members > 0) {
            throw refuse(
              'NOT_A_HUB',
              `Organization ${current.id} still leads ${members} member organization(s); end those memberships before it stops being a hub.`,
              ['input', 'category'],
            );
          }
        }

        const changes: Changes = {};
        const note = <F extends ChangeField>(field: F, from: unknown, to: unknown) => {
          if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
        };
        note('name', current.name, name ?? current.name);
        note('category', current.category, nextCategory);
        note(
          'serviceDomains',
          normalizeDomains(current.serviceDomains),
          domains ?? normalizeDomains(current.serviceDomains),
        );
        note('communityCode', currentBase, nextBase);
        note('servedCommunityCodes', currentServedCodes, nextServedCodes);
        const fields = Object.keys(changes) as ChangeField[];
        if (fields.length === 0) {
          throw refuse('VALIDATION_FAILED', 'Nothing to change: every given value equals the recorded one.', [
            'input',
          ]);
        }

        const row = await updateOrganization(tx, current, {
          ...(changes.name ? { name: name! } : {}),
          ...(changes.category ? { category: nextCategory } : {}),
          ...(changes.serviceDomains ? { serviceDomains: domains! } : {}),
          ...(changes.communityCode
            ? { communityId: nextBase === null ? null : byCode.get(nextBase)!.id }
            : {}),
        });
        if (changes.servedCommunityCodes) {
          const nextIds = new Set(nextServedCodes.map((code) => byCode.get(code)!.id));
          const dropped = currentServed.filter((c) => !nextIds.has(c.id)).map((c) => c.id);
          if (dropped.length > 0) {
            await tx
              .delete(organizationCommunities)
              .where(
                and(
                  eq(organizationCommunities.districtCode, districtCode),
                  eq(organizationCommunities.organizationId, current.id),
                  inArray(organizationCommunities.communityId, dropped),
                ),
              );
          }
          const currentIds = new Set(currentServed.map((c) => c.id));
          await insertServed(
            tx,
            current.id,
            [...nextIds].filter((communityId) => !currentIds.has(communityId)),
          );
        }
        await recordStatusChangeAndAudit(
          tx,
          [
            tx,
            current.id,
            'changed',
            changedOn,
            `变更：${fields.map((field) => changeLabels[field]).join('、')}`,
            changes,
          ],
          {
            action: 'organization.change',
            entityType: ORGANIZATION,
            entityId: current.id,
            before: { ...current, servedCommunityCodes: currentServedCodes },
            after: { ...row, servedCommunityCodes: nextServedCodes },
          },
        );
        return row;
      });
    },

    /**
     * Record deregistration (注销登记, or the end of a filing). Open hub memberships of the
     * organization, as hub and as member, end on the same day.
     */
    async deregisterOrganization(input: DeregisterOrganizationInput): Promise<SocialOrganization> {
      const id = requireId(input.id, 'social organization', ['input', 'id']);
      const deregisteredOn = pastDate(input.deregisteredOn, ['input', 'deregisteredOn'], true);
      const reason = parseReason(input.reason, ['input', 'reason']);
      if (reason === null) {
        throw refuse('REASON_REQUIRED', 'A deregistration needs its reason (the decision or the grounds).', [
          'input',
          'reason',
        ]);
      }

      return db.transaction(async (tx) => {
        const { current, baseCode, latestDay } = await loadForChange(tx, id, ['input', 'id']);
        kit.authorize(recordActionOf(current), writeTargetOf(current, baseCode));
        kit.checkVersion(current, input.expectedVersion, `Organization ${current.id}`);
        assertActive(current, ['input', 'id']);
        if (deregisteredOn < current.registeredOn) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `deregisteredOn ${deregisteredOn} lies before the registration on ${current.registeredOn}.`,
            ['input', 'deregisteredOn'],
          );
        }
        assertNotBefore(latestDay, deregisteredOn, ['input', 'deregisteredOn']);

        const memberships = await tx
          .select()
          .from(organizationHubMemberships)
          .where(
            and(
              eq(organizationHubMemberships.districtCode, districtCode),
              or(
                eq(organizationHubMemberships.hubId, current.id),
                eq(organizationHubMemberships.memberId, current.id),
              ),
            ),
          )
          .orderBy(asc(organizationHubMemberships.id))
          .for('update');
        // Nothing of the organization may outlast it: a membership that began or ended later
        // would show it active after it ceased to exist.
        const later = memberships.find(
          (m) => m.joinedOn > deregisteredOn || (m.leftOn !== null && m.leftOn > deregisteredOn),
        );
        if (later) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `deregisteredOn ${deregisteredOn} lies before hub membership ${later.id} (${later.joinedOn} – ${later.leftOn ?? 'open'}).`,
            ['input', 'deregisteredOn'],
          );
        }
        const [laterDisclosure] = await tx
          .select({ id: organizationDisclosures.id, publishedOn: organizationDisclosures.publishedOn })
          .from(organizationDisclosures)
          .where(
            and(
              eq(organizationDisclosures.districtCode, districtCode),
              eq(organizationDisclosures.organizationId, current.id),
              gt(organizationDisclosures.publishedOn, deregisteredOn),
            ),
          )
          .limit(1);
        if (laterDisclosure) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `deregisteredOn ${deregisteredOn} lies before disclosure ${laterDisclosure.id}, published on ${laterDisclosure.publishedOn}.`,
            ['input', 'deregisteredOn'],
          );
        }

        const row = await updateOrganization(tx, current, { status: 'deregistered', deregisteredOn });
        await recordStatusChangeAndAudit(
          tx,
          [tx, current.id, 'deregistered', deregisteredOn, `注销：${reason}`],
          {
            action: 'organization.deregister',
            entityType: ORGANIZATION,
            entityId: current.id,
            before: current,
            after: row,
            reason,
          },
        );
        for (const membership of memberships) {
          if (membership.leftOn === null) {
            await endMembership(tx, membership, deregisteredOn, `Organization ${current.id} deregistered.`);
          }
        }
        return row;
      });
    },

    /** A hub organization (枢纽型) takes a member; the relation stays acyclic (DOMAIN.md §3). */
    async addHubMember(input: AddHubMemberInput): Promise<OrganizationHubMembership> {
      const hubId = requireId(input.hubId, 'social organization', ['input', 'hubId']);
      const memberId = requireId(input.memberId, 'social organization', ['input', 'memberId']);
      if (hubId === memberId) {
        throw refuse('HUB_CYCLE', 'An organization cannot be a member of itself.', ['input', 'memberId']);
      }
      const joinedOn = pastDate(input.joinedOn, ['input', 'joinedOn'], false);

      return db.transaction(async (tx) => {
        await lockHubGraph(tx, districtCode);
        // Both rows locked in id order, so two calls on the same pair wait for each other
        // instead of deadlocking, and neither organization can be deregistered meanwhile.
        const lockHub = () => loadOrganization(tx, hubId, ['input', 'hubId'], 'update');
        const lockMember = () => loadOrganization(tx, memberId, ['input', 'memberId'], 'update');
        let hub: SocialOrganization;
        let member: SocialOrganization;
        if (hubId < memberId) {
          hub = await lockHub();
          member = await lockMember();
        } else {
          member = await lockMember();
          hub = await lockHub();
        }
        await authorizeOn(tx, hub, 'organization.hub');
        await authorizeOn(tx, member, 'organization.hub');
        if (hub.category !== 'hub') {
          throw refuse(
            'NOT_A_HUB',
            `Organization ${hub.id} (${hub.name}) is of category ${hub.category}; only a hub (枢纽型) takes members.`,
            ['input', 'hubId'],
          );
        }
        assertActive(hub, ['input', 'hubId']);
        assertActive(member, ['input', 'memberId']);
        assertExistedOn(hub, joinedOn, ['input', 'joinedOn']);
        assertExistedOn(member, joinedOn, ['input', 'joinedOn']);

        const pairHistory = await tx
          .select()
          .from(organizationHubMemberships)
          .where(
            and(
              eq(organizationHubMemberships.districtCode, districtCode),
              eq(organizationHubMemberships.hubId, hubId),
              eq(organizationHubMemberships.memberId, memberId),
            ),
          );
        const overlapping = pairHistory.find((m) =>
          periodsOverlap(
            { from: m.joinedOn, until: m.leftOn === null ? null : addDays(m.leftOn, -1) },
            { from: joinedOn, until: null },
          ),
        );
        const duplicate = {
          code: 'DUPLICATE_RECORD' as const,
          message: `Organization ${memberId} is already a member of hub ${hubId} on ${joinedOn}.`,
          path: ['input', 'memberId'],
        };
        if (overlapping) {
          throw new SansheError(duplicate.code, duplicate.message, {
            path: duplicate.path,
            details: { membershipId: overlapping.id },
          });
        }
        if (await hubReaches(tx, districtCode, memberId, hubId)) {
          throw refuse(
            'HUB_CYCLE',
            `Hub ${hubId} is already a member of organization ${memberId}, directly or through other hubs; the membership would close a cycle.`,
            ['input', 'memberId'],
          );
        }
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(organizationHubMemberships)
              .values({ districtCode, hubId, memberId, joinedOn })
              .returning(),
          duplicate,
        );
        await kit.audit(tx, {
          action: 'hub_membership.add',
          entityType: MEMBERSHIP,
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /** End a hub membership on the day given (the first day the member is out). */
    async endHubMembership(input: EndHubMembershipInput): Promise<OrganizationHubMembership> {
      const path = ['input', 'membershipId'];
      const membershipId = requireId(input.membershipId, 'hub membership', path);
      const leftOn = pastDate(input.leftOn, ['input', 'leftOn'], true);
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(organizationHubMemberships)
          .where(
            and(
              eq(organizationHubMemberships.districtCode, districtCode),
              eq(organizationHubMemberships.id, membershipId),
            ),
          )
          .for('update');
        if (!current) throw kit.notFound('hub membership', membershipId, path);
        await authorizeOn(tx, await loadOrganization(tx, current.hubId, path, 'share'), 'organization.hub');
        kit.checkVersion(current, input.expectedVersion, `Hub membership ${current.id}`);
        if (current.leftOn !== null) {
          throw refuse('ALREADY_ENDED', `Hub membership ${current.id} ended on ${current.leftOn}.`, path);
        }
        if (leftOn < current.joinedOn) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `leftOn ${leftOn} lies before the membership began (${current.joinedOn}).`,
            ['input', 'leftOn'],
          );
        }
        return endMembership(tx, current, leftOn, null);
      });
    },

    /** Publish a disclosure (四公开): text that anyone may read, so it must hold no personal data. */
    async publishDisclosure(input: PublishDisclosureInput): Promise<OrganizationDisclosure> {
      const organizationId = requireId(input.organizationId, 'social organization', [
        'input',
        'organizationId',
      ]);
      const kind = parseCode(disclosureKinds, input.kind, ['input', 'kind'], 'disclosure kind');
      const title = parseText(input.title, ['input', 'title'], MAX_TITLE_LENGTH, false);
      const content = parseText(input.content, ['input', 'content'], MAX_CONTENT_LENGTH, true);
      assertNoPersonalData(title, ['input', 'title']);
      assertNoPersonalData(content, ['input', 'content']);
      const publishedOn = pastDate(input.publishedOn, ['input', 'publishedOn'], false);

      return db.transaction(async (tx) => {
        // Shared lock: a deregistration waits until this disclosure is committed, then sees it.
        const organization = await loadOrganization(tx, organizationId, ['input', 'organizationId'], 'share');
        await authorizeOn(tx, organization, 'organization.disclose');
        assertActive(organization, ['input', 'organizationId']);
        assertExistedOn(organization, publishedOn, ['input', 'publishedOn']);
        const [row] = await tx
          .insert(organizationDisclosures)
          .values({ districtCode, organizationId, kind, title, content, publishedOn })
          .returning();
        await kit.audit(tx, {
          action: 'disclosure.publish',
          entityType: DISCLOSURE,
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /** Withdraw a disclosure; it stays on record with the day it was withdrawn. */
    async withdrawDisclosure(input: WithdrawDisclosureInput): Promise<OrganizationDisclosure> {
      const path = ['input', 'disclosureId'];
      const disclosureId = requireId(input.disclosureId, 'disclosure', path);
      const withdrawnOn = pastDate(input.withdrawnOn, ['input', 'withdrawnOn'], true);
      return db.transaction(async (tx) => {
        const [current] = await tx
          .select()
          .from(organizationDisclosures)
          .where(
            and(
              eq(organizationDisclosures.districtCode, districtCode),
              eq(organizationDisclosures.id, disclosureId),
            ),
          )
          .for('update');
        if (!current) throw kit.notFound('disclosure', disclosureId, path);
        await authorizeOn(
          tx,
          await loadOrganization(tx, current.organizationId, path, 'share'),
          'organization.disclose',
        );
        if (current.withdrawnOn !== null) {
          throw refuse(
            'ALREADY_ENDED',
            `Disclosure ${current.id} was withdrawn on ${current.withdrawnOn}.`,
            path,
          );
        }
        if (withdrawnOn < current.publishedOn) {
          throw refuse(
            'INVALID_DATE_RANGE',
            `withdrawnOn ${withdrawnOn} lies before the publication on ${current.publishedOn}.`,
            ['input', 'withdrawnOn'],
          );
        }
        const [row] = await tx
          .update(organizationDisclosures)
          .set({ withdrawnOn })
          .where(
            and(
              eq(organizationDisclosures.districtCode, districtCode),
              eq(organizationDisclosures.id, current.id),
            ),
          )
          .returning();
        await kit.audit(tx, {
          action: 'disclosure.withdraw',
          entityType: DISCLOSURE,
          entityId: current.id,
          before: current,
          after: row,
        });
        return row!;
      });
    },

    // ---- reads ----------------------------------------------------------------------------

    /** One organization by its local id, or undefined. */
    getOrganization(id: number): Promise<SocialOrganization | undefined> {
      return findOrganization(db, id);
    },

    /** Several organizations by id (for batching), in no particular order; unknown ids are skipped. */
    async getOrganizations(ids: readonly number[]): Promise<SocialOrganization[]> {
      const valid = [...new Set(ids.filter(isLocalId))];
      if (valid.length === 0) return [];
      return db
        .select()
        .from(socialOrganizations)
        .where(
          and(eq(socialOrganizations.districtCode, districtCode), inArray(socialOrganizations.id, valid)),
        );
    },

    /**
     * The organization holding a USCC, or undefined. The code is not validated, so records
     * kept with an overridden check character are found too; case and surrounding spaces are
     * ignored.
     */
    async findByUscc(uscc: string): Promise<SocialOrganization | undefined> {
      if (typeof uscc !== 'string') return undefined;
      const code = uscc.trim().toUpperCase();
      if (code.length !== 18) return undefined;
      const [row] = await db
        .select()
        .from(socialOrganizations)
        .where(and(eq(socialOrganizations.districtCode, districtCode), eq(socialOrganizations.uscc, code)));
      return row;
    },

    /** The memberships of a hub in force on a day (default today), oldest first. */
    listMembers(hubId: number, on?: string): Promise<OrganizationHubMembership[]> {
      return membershipsOn('hub', hubId, on);
    },

    /** The memberships of an organization in hubs, in force on a day (default today), oldest first. */
    listHubs(memberId: number, on?: string): Promise<OrganizationHubMembership[]> {
      return membershipsOn('member', memberId, on);
    },

    /** One hub membership by id, or undefined. */
    async getHubMembership(id: number): Promise<OrganizationHubMembership | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(organizationHubMemberships)
        .where(
          and(
            eq(organizationHubMemberships.districtCode, districtCode),
            eq(organizationHubMemberships.id, id),
          ),
        );
      return row;
    },

    /** The status history (registered/filed, changed, deregistered, penalized), oldest first. */
    statusHistory(id: number): Promise<OrganizationStatusChange[]> {
      if (!isLocalId(id)) return Promise.resolve([]);
      return db
        .select()
        .from(organizationStatusChanges)
        .where(
          and(
            eq(organizationStatusChanges.districtCode, districtCode),
            eq(organizationStatusChanges.organizationId, id),
          ),
        )
        .orderBy(asc(organizationStatusChanges.occurredOn), asc(organizationStatusChanges.id));
    },

    /** The communities an organization serves (its base community among them), by code. */
    servedCommunities(id: number): Promise<Community[]> {
      if (!isLocalId(id)) return Promise.resolve([]);
      return servedRows(db, id);
    },

    /** An organization's disclosures, newest first; withdrawn ones only when asked for. */
    listDisclosures(
      organizationId: number,
      listOptions: { includeWithdrawn?: boolean } = {},
    ): Promise<OrganizationDisclosure[]> {
      if (!isLocalId(organizationId)) return Promise.resolve([]);
      return db
        .select()
        .from(organizationDisclosures)
        .where(
          and(
            eq(organizationDisclosures.districtCode, districtCode),
            eq(organizationDisclosures.organizationId, organizationId),
            listOptions.includeWithdrawn ? undefined : isNull(organizationDisclosures.withdrawnOn),
          ),
        )
        .orderBy(desc(organizationDisclosures.publishedOn), desc(organizationDisclosures.id));
    },

    /** One disclosure by id, or undefined. */
    async getDisclosure(id: number): Promise<OrganizationDisclosure | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(organizationDisclosures)
        .where(
          and(eq(organizationDisclosures.districtCode, districtCode), eq(organizationDisclosures.id, id)),
        );
      return row;
    },
  };

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

  /** The base community rule of a filed group (see fileCommunityGroup), for a change. */
  function assertFiledGroupBase(guidingUnitCode: string, base: string | null): void {
    const path = ['input', 'communityCode'];
    if (guidingUnitCode.length === 12 && base !== guidingUnitCode) {
      throw refuse(
        'VALIDATION_FAILED',
        `A group guided by community ${guidingUnitCode} stays based in that community.`,
        path,
      );
    }
    if (guidingUnitCode.length === 9 && base !== null && base.slice(0, 9) !== guidingUnitCode) {
      throw refuse(
        'VALIDATION_FAILED',
        `Community ${base} does not lie in the guiding subdistrict ${guidingUnitCode}.`,
        path,
      );
    }
  }

  function assertNoPersonalData(text: string, path: FieldPath): void {
    kit.unwrap(checkPublishedText(text, { path }));
  }
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;

/** A value the caller actually gave: not absent, not null, not an empty or blank string. */
function isGiven(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

function normalizeDomains(domains: readonly string[]): string[] {
  const chosen = new Set(domains);
  return Object.keys(serviceDomainList).filter((domain) => chosen.has(domain));
}

/** A C0 or C1 control character; line breaks and tabs count only in one-line text. */
function hasControlCharacter(text: string, multiline: boolean): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
    const layout = code === 0x09 || code === 0x0a || code === 0x0d;
    if (control && !(multiline && layout)) return true;
  }
  return false;
}

function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  return chars.length <= maxLength ? text : `${chars.slice(0, maxLength - 1).join('')}…`;
}
