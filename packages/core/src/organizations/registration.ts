import { and, asc, eq, gt, inArray, or } from 'drizzle-orm';
import type { AuditEntry } from '../audit/audit-log.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { type Community, subdistricts } from '../schema/hierarchy.js';
import {
  organizationCommunities,
  organizationDisclosures,
  organizationHubMemberships,
  type SocialOrganization,
  socialOrganizations,
} from '../schema/organizations.js';
import { parseCode } from '../services/code-list.js';
import { parseDivisionCode } from '../validators/division-code.js';
import { parsePublicName } from '../validators/published-text.js';
import { legalForms, type OrganizationCategory, type OrganizationStatus } from './code-lists.js';
import {
  type ChangeField,
  type Changes,
  changeLabels,
  isGiven,
  normalizeDomains,
  ORGANIZATION,
  type OrganizationContext,
} from './organization-context.js';
import type {
  ChangeOrganizationInput,
  DeregisterOrganizationInput,
  FileCommunityGroupInput,
  RegisterOrganizationInput,
} from './organization-inputs.js';
import { organizationLifecycle } from './organization-lifecycle.js';
import { filedGroupBaseRule } from './organization-rules.js';
import { recordActionOf, writeTargetOf } from './organization-target.js';
import type { StatusChange } from './status-history.js';

/**
 * How many times a change of the organization's own row is tried as a compare-and-set before it
 * takes the locked transaction, which always gets its answer. Once: a row that moved between the
 * read and the write is being changed by someone else right now, and retrying unlocked while they
 * keep writing (eight callers renaming one organization in bench/) only multiplies the statements;
 * the lock makes each wait its turn.
 */
const COMPARE_AND_SET_ATTEMPTS = 1;

/**
 * The life of an organization in the register (docs/domain.md §3): registration (登记) of a
 * legal person, filing (备案) of a community group, changes, deregistration. Each write
 * validates its input, runs in one transaction with what it relies on locked, records its
 * status change and audit entry there, and applies whole or throws a SansheError and changes
 * nothing. A change of the row alone does the same in one statement, a compare-and-set on what
 * it read (changeOrganization).
 */
export function createRegistrationUseCases(ctx: OrganizationContext) {
  const {
    kit,
    db,
    districtCode,
    refuse,
    parseReason,
    parseServiceDomains,
    parseCategory,
    assertInDistrict,
    parseOptionalCommunityCode,
    parseServedCodes,
    parseRegistrationUscc,
    loadForChange,
    assertActive,
    notInForce,
    loadCommunities,
    insertServed,
    recordStatusChange,
    recordStatusChangeAndAudit,
    assertNotBefore,
    updateOrganization,
    updateOrganizationIfUnchanged,
    openMembershipsAsHub,
    endMembership,
    newOrganizationCommunities,
    assertGuidingSubdistrict,
    assertFiledGroupBase,
  } = ctx;
  return {
    /**
     * Record the registration (登记) of a social association, social service agency or
     * foundation: a legal person with a unified social credit code (docs/domain.md §3).
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
      const registeredOn = kit.pastDate(input.registeredOn, ['input', 'registeredOn'], false);
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
     * a subdistrict or a community (docs/domain.md §3).
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
      // A group is guided by the street or the residents' committee where it is active, so it is
      // based in the guiding community, or in a community of the guiding street (or nowhere).
      if (guidedByCommunity && baseCode === null) baseCode = guide.code;
      kit.unwrap(filedGroupBaseRule(guide.code, baseCode, ['input', 'communityCode']));
      const served =
        input.servedCommunityCodes === undefined ? new Map() : parseServedCodes(input.servedCommunityCodes);
      const filedOn = kit.pastDate(input.filedOn, ['input', 'filedOn'], false);
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

    /**
     * Record a change (变更) of name, category, service domains or communities.
     *
     * A change of the organization's own row (name, category, service domains) is a
     * compare-and-set of two statements and no transaction: the organization read unlocked with
     * everything the rules check, the rules, then one statement that updates the row only if it
     * has not moved and writes the history and audit entries with it
     * (`updateOrganizationIfUnchanged`). If it has moved, the change is read and checked again
     * from the start, so the caller gets the answer the locked path would give: VERSION_CONFLICT
     * for an expectedVersion that no longer holds, else the change applied to the new version.
     * A change of communities (new ones are checked and locked), a hub that stops being one (its
     * open memberships are counted) and a row that moved under the compare-and-set take the transaction: the
     * organization locked, the same rules, the same writes.
     */
    async changeOrganization(input: ChangeOrganizationInput): Promise<SocialOrganization> {
      const id = kit.requireId(input.id, 'social organization', ['input', 'id']);
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
      const changedOn = kit.pastDate(input.changedOn, ['input', 'changedOn'], false);

      /** The rules on what `loadForChange` read, in the order they refuse, and what the change leads to. */
      const plan = ({ current, baseCode, served, latestDay }: Awaited<ReturnType<typeof loadForChange>>) => {
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
        const nextCategory = category ?? (current.category as OrganizationCategory);
        const leavesHub = current.category === 'hub' && nextCategory !== 'hub';
        return {
          current,
          currentBase,
          currentServed,
          currentServedCodes,
          nextBase,
          nextServed,
          kept,
          nextServedCodes,
          placesKept,
          nextCategory,
          leavesHub,
        };
      };
      type Plan = ReturnType<typeof plan>;

      /** What changes, each field {from, to}; nothing to change is refused. */
      const changesOf = (p: Plan) => {
        const changes: Changes = {};
        const note = <F extends ChangeField>(field: F, from: unknown, to: unknown) => {
          if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
        };
        note('name', p.current.name, name ?? p.current.name);
        note('category', p.current.category, p.nextCategory);
        note(
          'serviceDomains',
          normalizeDomains(p.current.serviceDomains),
          domains ?? normalizeDomains(p.current.serviceDomains),
        );
        note('communityCode', p.currentBase, p.nextBase);
        note('servedCommunityCodes', p.currentServedCodes, p.nextServedCodes);
        const fields = Object.keys(changes) as ChangeField[];
        if (fields.length === 0) {
          throw refuse('VALIDATION_FAILED', 'Nothing to change: every given value equals the recorded one.', [
            'input',
          ]);
        }
        // The columns of the row itself that change (the base community is the locked path's).
        const set = {
          ...(changes.name ? { name: name! } : {}),
          ...(changes.category ? { category: p.nextCategory } : {}),
          ...(changes.serviceDomains ? { serviceDomains: domains! } : {}),
        };
        const history: StatusChange = {
          organizationId: p.current.id,
          kind: 'changed',
          occurredOn: changedOn,
          summary: `变更：${fields.map((field) => changeLabels[field]).join('、')}`,
          changes,
        };
        const audit = (after: SocialOrganization): AuditEntry => ({
          action: 'organization.change',
          entityType: ORGANIZATION,
          entityId: p.current.id,
          before: { ...p.current, servedCommunityCodes: p.currentServedCodes },
          after: { ...after, servedCommunityCodes: p.nextServedCodes },
        });
        return { changes, set, history, audit };
      };

      if (!baseGiven && servedInput === undefined) {
        for (let attempt = 0; attempt < COMPARE_AND_SET_ATTEMPTS; attempt += 1) {
          const p = plan(await loadForChange(db, id, ['input', 'id'], false));
          // Communities to check and lock (a base missing from those served would be added), or a
          // hub's open memberships to count: the locked transaction below reads and checks again.
          if (!p.placesKept || p.leavesHub) break;
          const { set, history, audit } = changesOf(p);
          const changed = await updateOrganizationIfUnchanged(p.current, set, history, audit);
          if (changed) return changed;
        }
      }

      return db.transaction(async (tx) => {
        const p = plan(await loadForChange(tx, id, ['input', 'id']));
        const { current, currentServed, nextBase, nextServedCodes } = p;
        const byCode = p.placesKept
          ? new Map<string, Community>()
          : await loadCommunities(tx, p.nextServed, changedOn, p.kept);
        if (baseGiven && nextBase !== null && nextBase !== p.currentBase) {
          const base = byCode.get(nextBase)!;
          if (!isActiveOn(base, changedOn))
            throw notInForce('community', nextBase, changedOn, ['input', 'communityCode']);
        }
        if (p.leavesHub) {
          const members = await openMembershipsAsHub(tx, current.id);
          if (members > 0) {
            throw refuse(
              'NOT_A_HUB',
              `Organization ${current.id} still leads ${members} member organization(s); end those memberships before it stops being a hub.`,
              ['input', 'category'],
            );
          }
        }

        const { changes, set, history, audit } = changesOf(p);
        const row = await updateOrganization(tx, current, {
          ...set,
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
        await recordStatusChangeAndAudit(tx, history, audit(row));
        return row;
      });
    },

    /**
     * Record deregistration (注销登记, or the end of a filing). Open hub memberships of the
     * organization, as hub and as member, end on the same day.
     */
    async deregisterOrganization(input: DeregisterOrganizationInput): Promise<SocialOrganization> {
      const id = kit.requireId(input.id, 'social organization', ['input', 'id']);
      const deregisteredOn = kit.pastDate(input.deregisteredOn, ['input', 'deregisteredOn'], true);
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
        assertActive(current, ['input', 'id'], 'deregister');
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

        const row = await updateOrganization(tx, current, {
          status: organizationLifecycle.next(current.status as OrganizationStatus, 'deregister', [
            'input',
            'id',
          ]),
          deregisteredOn,
        });
        await recordStatusChangeAndAudit(
          tx,
          {
            organizationId: current.id,
            kind: 'deregistered',
            occurredOn: deregisteredOn,
            summary: `注销：${reason}`,
          },
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
  };
}
