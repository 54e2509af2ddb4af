import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { recordIsVisible } from '../access/record-visibility.js';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { SansheError } from '../errors/sanshe-error.js';
import { isActiveOn } from '../hierarchy/lifespan.js';
import { appendPersonalDataAccess } from '../personal-data/access-log.js';
import { personalDataClassification } from '../personal-data/classification.js';
import { openIdentifier } from '../personal-data/protected-value.js';
import { authorizeUnmask, type UnmaskPurpose, unmaskPurposes } from '../personal-data/purposes.js';
import { withinRevealLimits } from '../personal-data/reveal-limits.js';
import { communities, districts } from '../schema/hierarchy.js';
import {
  type VolunteerService,
  volunteerRecordItems,
  volunteerServices,
  volunteers,
} from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { createServiceKit, type ServiceOptions } from '../services/service-kit.js';
import { createServiceEarnings } from '../time-bank/service-earnings.js';
import { parseResidentId } from '../validators/resident-id.js';
import { guardianRelations } from './code-lists.js';
import {
  originRefOf,
  parseVolunteerRecord,
  sansheSystem,
  type VolunteerRecordDocument,
  type VolunteerRecordService,
  volunteerRecordDigest,
  volunteerRecordFormat,
  volunteerRecordVersion,
} from './record-transfer-format.js';
import { findOverlappingService, serviceInForce } from './services-in-force.js';
import { volunteerResidentIdColumns, volunteerResidentIdMatches } from './volunteer-identifiers.js';
import { adultOnOf, chinaDayOf, isMinorOn } from './volunteer-rules.js';

/**
 * Records that move with the person (转移接续, docs/domain.md §5.4): a volunteer's record
 * exported in the one transfer format and imported into another district or system without
 * losing or doubling hours. Export discloses the resident ID number (the only identifier two
 * systems share), so it is an unmasking: a purpose, the access log, the reveal limits. Import
 * is all or nothing and idempotent: a service whose origin is already here with the same content
 * is skipped, one with other content or overlapping a service in force refuses the whole import.
 */

export interface VolunteerRecordTransferOptions extends ServiceOptions {
  /** The clock of `exportedAt`. */
  now?: () => Date;
}

export interface ExportVolunteerRecordInput {
  volunteerId: number;
  /** Why the record leaves (PIPL art. 6): usually DATA_SUBJECT_REQUEST (the volunteer asks) or LEGAL_OBLIGATION. */
  purpose: UnmaskPurpose;
  purposeNote?: string | null;
}

export interface ImportVolunteerRecordInput {
  /** A `sanshe.volunteer-record` document, as parsed JSON. */
  record: unknown;
  /** The community the person is registered in here, when not registered yet. */
  homeCommunityId: number;
}

export interface VolunteerRecordImport {
  volunteerId: number;
  /** Whether the person was registered here by this import. */
  registered: boolean;
  /** Services added, and those already here from the same origin with the same content. */
  imported: number;
  alreadyPresent: number;
  minutesAdded: number;
  /** Training, commendations and evaluations added, and those already here alike. */
  itemsImported: number;
  itemsAlreadyPresent: number;
}

const itemKinds = { training: 'training', commendations: 'commendation', evaluations: 'evaluation' } as const;

/** Instants as the format writes them (`2026-03-01T01:00:00.000Z`), read by Postgres itself. */
function isoInstant(column: typeof volunteerServices.startedAt) {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The fields of a service that two copies must share to be the same record. */
function differingFields(
  local: {
    content: string;
    place: string;
    startedAt: string;
    endedAt: string;
    minutes: number;
    certifierName: string;
  },
  incoming: VolunteerRecordService,
): string[] {
  const fields: string[] = [];
  if (local.content !== incoming.content) fields.push('content');
  if (local.place !== incoming.place) fields.push('place');
  if (Date.parse(local.startedAt) !== Date.parse(incoming.startedAt)) fields.push('startedAt');
  if (Date.parse(local.endedAt) !== Date.parse(incoming.endedAt)) fields.push('endedAt');
  if (local.minutes !== incoming.minutes) fields.push('minutes');
  if (local.certifierName !== incoming.certifierName) fields.push('certifierName');
  return fields;
}

export function createVolunteerRecordTransfer(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: VolunteerRecordTransferOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode, actor, keyring } = kit;
  const now = options.now ?? (() => new Date());
  const residentIdField = personalDataClassification.volunteer.identifiers.residentId;
  const isVolunteer = actor.role === 'VOLUNTEER';

  async function communityCode(tx: SansheDb, id: number): Promise<string | null> {
    const [row] = await tx
      .select({ code: communities.code })
      .from(communities)
      .where(and(eq(communities.districtCode, districtCode), eq(communities.id, id)));
    return row?.code ?? null;
  }

  /** The services of the volunteer kept here under their origins, as the format writes them. */
  async function servicesOf(tx: SansheDb, volunteerId: number, inForceOnly: boolean) {
    const s = volunteerServices;
    return tx
      .select({
        id: s.id,
        originRef: s.originRef,
        content: s.content,
        place: s.place,
        startedAt: isoInstant(s.startedAt),
        endedAt: isoInstant(s.endedAt),
        minutes: s.minutes,
        certifierName: s.certifierName,
      })
      .from(s)
      .where(
        and(
          eq(s.districtCode, districtCode),
          eq(s.volunteerId, volunteerId),
          inForceOnly ? serviceInForce() : undefined,
        ),
      )
      .orderBy(asc(s.startedAt), asc(s.id));
  }

  return {
    /**
     * The volunteer's record in the transfer format: the person (with the ID number in clear),
     * the services in force, training, commendations and evaluations, signed off with a digest.
     * A VOLUNTEER exports its own, as DATA_SUBJECT_REQUEST; staff export a volunteer of their
     * unit (its home community) with a purpose. The disclosure of the ID number is logged in
     * the personal-data access log and counts towards the reveal limits; the export is audited.
     *
     * @throws {SansheError} NOT_FOUND, FORBIDDEN, INVALID_CODE_LIST_VALUE (purpose),
     *   VALIDATION_FAILED (note), PURPOSE_NOT_ALLOWED (a child's number without a fitting purpose
     *   and note), REVEAL_LIMIT_EXCEEDED
     */
    async exportRecord(input: ExportVolunteerRecordInput): Promise<VolunteerRecordDocument> {
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      const purpose = parseCode(unmaskPurposes, input.purpose, ['input', 'purpose'], 'Purpose');
      const note = input.purposeNote?.trim() || null;
      if (note !== null)
        kit.text(note, ['input', 'purposeNote'], { maxLength: 500, label: 'The purpose note' });
      if (isVolunteer) {
        kit.authorize('volunteer.transfer', { volunteerId });
        if (purpose !== 'DATA_SUBJECT_REQUEST') {
          throw new SansheError('FORBIDDEN', 'A volunteer exports its own record, as DATA_SUBJECT_REQUEST.', {
            path: ['input', 'purpose'],
          });
        }
      } else {
        // A role that may never unmask is refused before anything is read.
        authorizeUnmask(actor, purpose, note, []);
      }
      return db.transaction(async (tx) => {
        if (!isVolunteer) await kit.requireVisible(tx, 'volunteer', volunteerId, ['input', 'volunteerId']);
        const volunteer = await kit.requireRecord(tx, volunteers, volunteerId, 'volunteer', [
          'input',
          'volunteerId',
        ]);
        if (!isVolunteer) {
          kit.authorize('volunteer.transfer', {
            unitCode: await communityCode(tx, volunteer.homeCommunityId),
          });
        }
        const residentId = openIdentifier(
          keyring,
          districtCode,
          residentIdField,
          volunteer.residentIdEncrypted,
        );
        const category = residentIdField.categoryOfValue(residentId, kit.today()) ?? null;
        // A person reading its own data needs no further purpose; anyone else's child's number does.
        if (!isVolunteer) authorizeUnmask(actor, purpose, note, category ? [category] : []);
        await withinRevealLimits(
          tx,
          { districtCode, actor, today: kit.today() },
          { entityType: 'volunteer', entityId: volunteerId },
          1,
        );
        await appendPersonalDataAccess(tx, districtCode, actor, [
          {
            entityType: 'volunteer',
            entityId: volunteerId,
            field: 'residentId',
            purpose,
            purposeNote: note ?? `export: ${volunteerRecordFormat} v${volunteerRecordVersion}`,
            sensitiveCategory: category,
          },
        ]);
        const [district] = await tx
          .select({ name: districts.name })
          .from(districts)
          .where(eq(districts.districtCode, districtCode));
        const services = (await servicesOf(tx, volunteerId, true)).map((service) => ({
          // A record imported before keeps its first origin, so the hours can never come back doubled.
          originRef: service.originRef ?? originRefOf(districtCode, service.id),
          content: service.content,
          place: service.place,
          startedAt: service.startedAt,
          endedAt: service.endedAt,
          minutes: service.minutes,
          certifierName: service.certifierName,
        }));
        const items = await tx
          .select()
          .from(volunteerRecordItems)
          .where(
            and(
              eq(volunteerRecordItems.districtCode, districtCode),
              eq(volunteerRecordItems.volunteerId, volunteerId),
            ),
          )
          .orderBy(asc(volunteerRecordItems.occurredOn), asc(volunteerRecordItems.id));
        const body: Omit<VolunteerRecordDocument, 'digest'> = {
          format: volunteerRecordFormat,
          version: volunteerRecordVersion,
          exportedAt: now().toISOString(),
          exportedBy: {
            system: sansheSystem,
            districtCode,
            districtName: district?.name ?? districtCode,
            actor: actor.id.slice(0, 100),
            purpose,
          },
          person: {
            name: volunteer.name,
            residentId,
            registeredOn: volunteer.registeredOn,
            realNameVerifiedOn: volunteer.realNameVerifiedOn,
            guardian:
              volunteer.guardianName && volunteer.guardianRelation && volunteer.guardianConsentOn
                ? {
                    name: volunteer.guardianName,
                    relation: volunteer.guardianRelation,
                    consentOn: volunteer.guardianConsentOn,
                  }
                : null,
          },
          services,
          training: items
            .filter((item) => item.kind === 'training')
            .map((item) => ({
              title: item.title,
              issuer: item.issuer,
              occurredOn: item.occurredOn,
              minutes: item.minutes,
            })),
          commendations: items
            .filter((item) => item.kind === 'commendation')
            .map((item) => ({ title: item.title, issuer: item.issuer, occurredOn: item.occurredOn })),
          evaluations: items
            .filter((item) => item.kind === 'evaluation')
            .map((item) => ({
              title: item.title,
              issuer: item.issuer,
              occurredOn: item.occurredOn,
              rating: item.rating as 'excellent' | 'good' | 'fair' | 'poor',
            })),
          totalMinutes: services.reduce((sum, service) => sum + service.minutes, 0),
        };
        const record: VolunteerRecordDocument = { ...body, digest: volunteerRecordDigest(body) };
        await kit.audit(tx, {
          action: 'volunteer.export',
          entityType: 'volunteer',
          entityId: volunteerId,
          after: {
            format: volunteerRecordFormat,
            version: volunteerRecordVersion,
            purpose,
            services: services.length,
            totalMinutes: record.totalMinutes,
            digest: record.digest,
          },
          reason: note,
        });
        return record;
      });
    },

    /**
     * Import a record in the transfer format: find the person here by ID number, or register
     * it in `homeCommunityId`; then per service, in time order: the same origin already here with
     * the same content is skipped; with other content, or overlapping a service in force here,
     * the whole import is refused with IMPORT_CONFLICT naming the records; anything else is
     * added as certified by `imported`, keeping the certifier's name and the origin. Training,
     * commendations and evaluations are added unless an identical one is already here. One
     * transaction; audited when it changed something (importing twice changes nothing at all).
     *
     * @throws {SansheError} VALIDATION_FAILED (the document, with the path of its first fault),
     *   INVALID_RESIDENT_ID, NOT_FOUND (community), FORBIDDEN, UNIT_NOT_IN_FORCE,
     *   GUARDIAN_CONSENT_REQUIRED, INVALID_CODE_LIST_VALUE (guardian relation), IMPORT_CONFLICT
     */
    async importRecord(input: ImportVolunteerRecordInput): Promise<VolunteerRecordImport> {
      const record = parseVolunteerRecord(input.record, ['input', 'record']);
      const homeCommunityId = kit.requireId(input.homeCommunityId, 'community', ['input', 'homeCommunityId']);
      const today = kit.today();
      const parsedId = parseResidentId(record.person.residentId, {
        path: ['input', 'record', 'person', 'residentId'],
        today: new Date(`${today}T12:00:00+08:00`),
      });
      const residentId = kit.unwrap(parsedId).number;
      const adultOn = adultOnOf(kit.unwrap(parsedId).birthDate);
      // Records hold what has happened: a service ending after today is refused like any other.
      for (const [index, service] of record.services.entries()) {
        kit.notAfterToday(chinaDayOf(service.endedAt), ['input', 'record', 'services', index, 'endedAt']);
      }
      if (isVolunteer) {
        throw new SansheError(
          'FORBIDDEN',
          'A record is imported by the staff of the community that takes the volunteer in.',
        );
      }
      return db.transaction(async (tx) => {
        const community = await kit.requireRecord(tx, communities, homeCommunityId, 'community', [
          'input',
          'homeCommunityId',
        ]);
        kit.authorize('volunteer.transfer', { unitCode: community.code });

        let registered = false;
        let [volunteer] = await tx
          .select()
          .from(volunteers)
          .where(
            and(eq(volunteers.districtCode, districtCode), volunteerResidentIdMatches(keyring, residentId)),
          )
          .for('update');
        if (volunteer) {
          if (!(await recordIsVisible(tx, actor, districtCode, 'volunteer', volunteer.id))) {
            throw new SansheError(
              'FORBIDDEN',
              'This person is registered in the district under a unit outside your jurisdiction; that unit imports the record.',
              { path: ['input', 'record', 'person', 'residentId'] },
            );
          }
          if (volunteer.name !== record.person.name) {
            throw new SansheError(
              'IMPORT_CONFLICT',
              `The person with this ID number is registered here under another name; correct the name first.`,
              {
                path: ['input', 'record', 'person', 'name'],
                details: { volunteerId: volunteer.id, field: 'name' },
              },
            );
          }
        } else {
          if (!isActiveOn(community, today)) {
            throw new SansheError(
              'UNIT_NOT_IN_FORCE',
              `Community ${community.code} is not in force on ${today}.`,
              {
                path: ['input', 'homeCommunityId'],
              },
            );
          }
          // 志愿服务条例 第十五条: a minor registers with a guardian's consent, which the record carries.
          const minor = isMinorOn(adultOn, today);
          const guardian = minor ? record.person.guardian : null;
          if (minor && (!guardian || guardian.consentOn > today)) {
            throw new SansheError(
              'GUARDIAN_CONSENT_REQUIRED',
              `The volunteer is under 18 on ${today} (adult on ${adultOn}); the record carries no guardian's consent given by today.`,
              { path: ['input', 'record', 'person', 'guardian'], details: { adultOn } },
            );
          }
          const relation = guardian
            ? parseCode(
                guardianRelations,
                guardian.relation,
                ['input', 'record', 'person', 'guardian', 'relation'],
                'relation',
              )
            : null;
          [volunteer] = await tx
            .insert(volunteers)
            .values({
              districtCode,
              name: record.person.name,
              ...volunteerResidentIdColumns(keyring, districtCode, residentId),
              adultOn,
              homeCommunityId: community.id,
              registeredOn: today,
              guardianName: guardian?.name ?? null,
              guardianRelation: relation,
              guardianConsentOn: guardian?.consentOn ?? null,
            })
            .returning();
          registered = true;
          await kit.audit(tx, {
            action: 'volunteer.register',
            entityType: 'volunteer',
            entityId: volunteer!.id,
            after: {
              name: volunteer!.name,
              residentIdMasked: volunteer!.residentIdMasked,
              homeCommunityId: community.id,
            },
            reason: `imported from ${record.exportedBy.system}:${record.exportedBy.districtCode}`,
          });
        }
        const volunteerId = volunteer!.id;

        const existing = await servicesOf(tx, volunteerId, false);
        const byOrigin = new Map(existing.filter((s) => s.originRef !== null).map((s) => [s.originRef!, s]));
        const byId = new Map(existing.map((s) => [s.id, s]));
        const ownPrefix = `${sansheSystem}:${districtCode}:`;
        const earnings = createServiceEarnings(kit);
        const order = record.services
          .map((service, index) => ({ service, index }))
          .sort((a, b) => Date.parse(a.service.startedAt) - Date.parse(b.service.startedAt));
        let imported = 0;
        let alreadyPresent = 0;
        let minutesAdded = 0;
        for (const { service, index } of order) {
          const path = ['input', 'record', 'services', index];
          // A record first kept here comes home as itself; one imported before, under its origin.
          const local = service.originRef.startsWith(ownPrefix)
            ? byId.get(Number(service.originRef.slice(ownPrefix.length)))
            : byOrigin.get(service.originRef);
          if (local || service.originRef.startsWith(ownPrefix)) {
            const fields = local ? differingFields(local, service) : ['originRef'];
            if (fields.length > 0) {
              throw new SansheError(
                'IMPORT_CONFLICT',
                `Service ${service.originRef} is already here (record ${local?.id ?? 'none'}) with other ${fields.join(', ')}; nothing was imported.`,
                { path, details: { originRef: service.originRef, serviceId: local?.id ?? null, fields } },
              );
            }
            alreadyPresent += 1;
            continue;
          }
          const overlap = await findOverlappingService(tx, {
            districtCode,
            volunteerId,
            startedAt: service.startedAt,
            endedAt: service.endedAt,
          });
          if (overlap) {
            throw new SansheError(
              'IMPORT_CONFLICT',
              `Service ${service.originRef} (${service.startedAt} to ${service.endedAt}) overlaps service ${overlap.id} in force here; one person serves in one place at a time. Nothing was imported.`,
              { path, details: { originRef: service.originRef, serviceId: overlap.id, overlapping: true } },
            );
          }
          const [inserted] = await tx
            .insert(volunteerServices)
            .values({
              districtCode,
              volunteerId,
              content: service.content,
              place: service.place,
              communityId: null,
              startedAt: service.startedAt,
              endedAt: service.endedAt,
              minutes: service.minutes,
              certifierKind: 'imported',
              certifierName: service.certifierName,
              originRef: service.originRef,
              recordedBy: actor.id.slice(0, 100),
            })
            .returning();
          // Imported hours are banked as minutes; their points were earned where they were served.
          await earnings.settle(tx, inserted as VolunteerService);
          imported += 1;
          minutesAdded += service.minutes;
        }

        let itemsImported = 0;
        let itemsAlreadyPresent = 0;
        for (const list of ['training', 'commendations', 'evaluations'] as const) {
          for (const item of record[list]) {
            const minutes = 'minutes' in item ? (item.minutes ?? null) : null;
            const rating = 'rating' in item ? item.rating : null;
            const i = volunteerRecordItems;
            const [same] = await tx
              .select({ id: i.id })
              .from(i)
              .where(
                and(
                  eq(i.districtCode, districtCode),
                  eq(i.volunteerId, volunteerId),
                  eq(i.kind, itemKinds[list]),
                  eq(i.title, item.title),
                  eq(i.issuer, item.issuer),
                  eq(i.occurredOn, item.occurredOn),
                  minutes === null ? isNull(i.minutes) : eq(i.minutes, minutes),
                  rating === null ? isNull(i.rating) : eq(i.rating, rating),
                ),
              )
              .limit(1);
            if (same) {
              itemsAlreadyPresent += 1;
              continue;
            }
            await tx.insert(i).values({
              districtCode,
              volunteerId,
              kind: itemKinds[list],
              title: item.title,
              issuer: item.issuer,
              occurredOn: item.occurredOn,
              minutes,
              rating,
              recordedBy: actor.id.slice(0, 100),
            });
            itemsImported += 1;
          }
        }

        const result: VolunteerRecordImport = {
          volunteerId,
          registered,
          imported,
          alreadyPresent,
          minutesAdded,
          itemsImported,
          itemsAlreadyPresent,
        };
        if (registered || imported > 0 || itemsImported > 0) {
          await kit.audit(tx, {
            action: 'volunteer.import',
            entityType: 'volunteer',
            entityId: volunteerId,
            after: {
              format: volunteerRecordFormat,
              version: volunteerRecordVersion,
              from: `${record.exportedBy.system}:${record.exportedBy.districtCode}`,
              digest: record.digest,
              ...result,
            },
          });
        }
        return result;
      });
    },
  };
}

export type VolunteerRecordTransfer = ReturnType<typeof createVolunteerRecordTransfer>;
