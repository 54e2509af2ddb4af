import { and, eq } from 'drizzle-orm';
import type { SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { deliveryActivities } from '../schema/delivery.js';
import { grids } from '../schema/hierarchy.js';
import { purchases, serviceContracts } from '../schema/purchases.js';
import { serviceProjects } from '../schema/service-projects.js';
import { type Volunteer, type VolunteerService, volunteerServices } from '../schema/volunteers.js';
import { createServiceEarnings } from '../time-bank/service-earnings.js';
import {
  authorizeCertifier,
  type Certifier,
  certifierColumns,
  parseCertifier,
  refuseSelfCertification,
} from './certifier.js';
import { findOverlappingService } from './services-in-force.js';
import type { VolunteerContext } from './volunteer-context.js';
import {
  chinaDayOf,
  MAX_CONTENT_LENGTH,
  MAX_PLACE_LENGTH,
  MAX_REASON_LENGTH,
  parseInstant,
  servedMinutes,
  storedInstant,
} from './volunteer-rules.js';
import type {
  CorrectServiceInput,
  RecordedService,
  RecordServiceInput,
  ServiceFactsInput,
} from './volunteer-types.js';

/** The facts of a service, parsed: what a record stores besides its volunteer and certifier. */
interface ServiceFacts {
  content: string;
  place: string;
  communityId: number;
  startedAt: string;
  endedAt: string;
  minutes: number;
  projectId: number | null;
  activityId: number | null;
  gridId: number | null;
  /** The day in China the service began on. */
  day: string;
}

/**
 * Service records (志愿服务记录办法, 民政部令第67号; docs/domain.md §5.2): what a volunteer did,
 * where and when, and the time actually served, recorded and so certified by whoever organized it.
 * Records are unpaid and never edited: a correction is a new record naming the one it corrects.
 * Every write settles the time bank in its own transaction (time-bank/service-earnings.ts).
 */
export function createServiceRecordUseCases(ctx: VolunteerContext) {
  const { kit, db, districtCode } = ctx;
  const earnings = createServiceEarnings(kit);

  /** The facts of the input, checked before anything is read (pure). */
  function parseFacts(input: Partial<ServiceFactsInput>): ServiceFacts {
    const content = kit.text(input.content, ['input', 'content'], {
      maxLength: MAX_CONTENT_LENGTH,
      label: 'The content',
    });
    const place = kit.text(input.place, ['input', 'place'], {
      maxLength: MAX_PLACE_LENGTH,
      label: 'The place',
    });
    const communityId = kit.requireId(input.communityId, 'community', ['input', 'communityId']);
    const startedAt = parseInstant(input.startedAt, ['input', 'startedAt']);
    const endedAt = parseInstant(input.endedAt, ['input', 'endedAt']);
    // Records hold what has happened: a service that has not ended is recorded once it has.
    if (Date.parse(endedAt) > ctx.now().getTime()) {
      throw new SansheError(
        'DATE_IN_FUTURE',
        `The service ends at ${endedAt}, after now; records hold what has happened.`,
        {
          path: ['input', 'endedAt'],
        },
      );
    }
    kit.notAfterToday(chinaDayOf(endedAt), ['input', 'endedAt'], 'The service’s last day');
    const minutes = servedMinutes({ startedAt, endedAt }, input.minutes);
    const optional = (field: 'projectId' | 'activityId' | 'gridId', what: string) =>
      input[field] == null ? null : kit.requireId(input[field], what, ['input', field]);
    return {
      content,
      place,
      communityId,
      startedAt,
      endedAt,
      minutes,
      projectId: optional('projectId', 'service project'),
      activityId: optional('activityId', 'delivery activity'),
      gridId: optional('gridId', 'grid'),
      day: chinaDayOf(startedAt),
    };
  }

  /**
   * The references of the facts, in the transaction: the community in force on the day, a grid
   * of that community, a visible project, a visible activity held in that community (under the
   * project, when both are named).
   */
  async function checkReferences(tx: SansheDb, facts: ServiceFacts): Promise<void> {
    await ctx.requireCommunityOn(tx, facts.communityId, facts.day, ['input', 'communityId']);
    if (facts.gridId !== null) {
      const grid = await kit.requireRecord(tx, grids, facts.gridId, 'grid', ['input', 'gridId']);
      if (grid.communityId !== facts.communityId) {
        throw new SansheError(
          'VALIDATION_FAILED',
          `Grid ${grid.code} is not a grid of the service's community.`,
          {
            path: ['input', 'gridId'],
          },
        );
      }
    }
    if (facts.projectId !== null) {
      await kit.requireVisible(tx, 'service_project', facts.projectId, ['input', 'projectId']);
      await kit.requireRecord(tx, serviceProjects, facts.projectId, 'service project', [
        'input',
        'projectId',
      ]);
    }
    if (facts.activityId !== null) {
      const path: FieldPath = ['input', 'activityId'];
      await kit.requireVisible(tx, 'delivery_activity', facts.activityId, path);
      const [activity] = await tx
        .select({ communityId: deliveryActivities.communityId, projectId: purchases.projectId })
        .from(deliveryActivities)
        .innerJoin(
          serviceContracts,
          and(
            eq(serviceContracts.districtCode, deliveryActivities.districtCode),
            eq(serviceContracts.id, deliveryActivities.contractId),
          ),
        )
        .innerJoin(
          purchases,
          and(
            eq(purchases.districtCode, serviceContracts.districtCode),
            eq(purchases.id, serviceContracts.purchaseId),
          ),
        )
        .where(
          and(eq(deliveryActivities.districtCode, districtCode), eq(deliveryActivities.id, facts.activityId)),
        );
      if (!activity) throw kit.notFound('delivery activity', facts.activityId, path);
      if (activity.communityId !== facts.communityId) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'The activity took place in another community than the service.',
          { path },
        );
      }
      if (facts.projectId !== null && activity.projectId !== facts.projectId) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'The activity belongs to another project than the one named.',
          { path },
        );
      }
    }
  }

  /**
   * One person serves in one place at a time: no service in force of the volunteer overlaps
   * (services-in-force.ts). Called with the volunteer's row locked FOR UPDATE.
   *
   * @throws {SansheError} OVERLAPPING_SERVICE with `details.serviceId`
   */
  async function refuseOverlap(
    tx: SansheDb,
    volunteerId: number,
    facts: ServiceFacts,
    exceptServiceId: number | null,
  ) {
    const overlapping = await findOverlappingService(tx, {
      districtCode,
      volunteerId,
      startedAt: facts.startedAt,
      endedAt: facts.endedAt,
      exceptServiceId,
    });
    if (overlapping) {
      throw new SansheError(
        'OVERLAPPING_SERVICE',
        `Volunteer ${volunteerId} already has service record ${overlapping.id} in force in that time.`,
        { path: ['input', 'startedAt'], details: { serviceId: overlapping.id } },
      );
    }
  }

  /** Insert the record and settle the time bank for it, in `tx`. */
  async function writeRecord(
    tx: SansheDb,
    values: Omit<typeof volunteerServices.$inferInsert, 'districtCode' | 'recordedBy'>,
  ): Promise<RecordedService> {
    const [service] = await kit.insertUnique(
      () =>
        tx
          .insert(volunteerServices)
          .values({ ...values, districtCode, recordedBy: kit.actor.id.slice(0, 100) })
          .returning(),
      {
        // Two corrections of one record (volunteer_services_corrected_once_unique).
        code: 'ALREADY_CORRECTED',
        message: `Service record ${values.correctsServiceId} was already corrected; correct the record that corrected it.`,
        path: ['input', 'serviceId'],
      },
    );
    const earning = await earnings.settle(tx, service!);
    return { service: service!, earning };
  }

  /** The volunteer, visible and locked FOR UPDATE: writers of one volunteer's records go one at a time. */
  async function lockVolunteer(tx: SansheDb, volunteerId: number, path: FieldPath): Promise<Volunteer> {
    await kit.requireVisible(tx, 'volunteer', volunteerId, path);
    return ctx.requireVolunteer(tx, volunteerId, 'update', path);
  }

  return {
    /**
     * Record, and so certify, a volunteer's service (`volunteer.certify` as the certifier: a
     * community of the caller's unit, its organization, or a team the calling volunteer leads on
     * the day and the volunteer belongs to). The volunteer's row is locked FOR UPDATE first, so
     * two records of one volunteer are decided one after the other and cannot both pass the
     * overlap check. The time bank banks the minutes and earns the points in the same
     * transaction.
     *
     * @throws {SansheError} INVALID_TEXT, VALIDATION_FAILED, INVALID_DATE, INVALID_DATE_RANGE,
     *   DATE_IN_FUTURE, INVALID_NUMBER, NOT_FOUND, FORBIDDEN, SELF_CERTIFICATION, PARENT_RETIRED,
     *   ORGANIZATION_INACTIVE, STATUS_NOT_ALLOWED (volunteer withdrawn by the day; team not
     *   active), NOT_ELIGIBLE (not a member of the certifying team), OVERLAPPING_SERVICE,
     *   INSUFFICIENT_BALANCE (from the time bank)
     */
    async recordService(input: RecordServiceInput): Promise<RecordedService> {
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      refuseSelfCertification(kit.actor, volunteerId);
      const facts = parseFacts(input);
      const certifier = parseCertifier(input.certifier, kit.actor, facts.communityId, kit.requireId);
      return db.transaction(async (tx) => {
        const volunteer = await lockVolunteer(tx, volunteerId, ['input', 'volunteerId']);
        const certifierName = await authorizeCertifier(ctx, tx, certifier, {
          volunteer,
          serviceDay: facts.day,
          leaderOn: facts.day,
        });
        ctx.requireServingOn(volunteer, facts.day, ['input', 'startedAt']);
        await checkReferences(tx, facts);
        await refuseOverlap(tx, volunteerId, facts, null);
        const { day: _day, ...columns } = facts;
        const recorded = await writeRecord(tx, {
          volunteerId,
          ...columns,
          ...certifierColumns(certifier),
          certifierName,
        });
        await kit.audit(tx, {
          action: 'volunteer_service.record',
          entityType: 'volunteer_service',
          entityId: recorded.service.id,
          after: { ...recorded.service, earning: recorded.earning },
        });
        return recorded;
      });
    },

    /**
     * Correct a record: a new record naming it, with the reason, either carrying the full
     * corrected facts or voiding it (`void: true`, 0 minutes, the facts of the voided record).
     * Only the certifying unit (a team's leader today, the organization's staff, the community's
     * staff) or an administrator corrects; a record is corrected once (ALREADY_CORRECTED: correct
     * the correction). The overlap check leaves out the corrected record. The time bank reverses
     * what the corrected record earned and earns for the correction, in the same transaction.
     *
     * @throws {SansheError} REASON_REQUIRED, VALIDATION_FAILED, INVALID_TEXT, INVALID_DATE,
     *   INVALID_DATE_RANGE, DATE_IN_FUTURE, INVALID_NUMBER, NOT_FOUND, FORBIDDEN,
     *   SELF_CERTIFICATION, ALREADY_CORRECTED, STATUS_NOT_ALLOWED, NOT_ELIGIBLE,
     *   OVERLAPPING_SERVICE, INSUFFICIENT_BALANCE
     */
    async correctService(input: CorrectServiceInput): Promise<RecordedService> {
      const serviceId = kit.requireId(input.serviceId, 'volunteer service', ['input', 'serviceId']);
      if (typeof input.reason !== 'string' || input.reason.trim() === '') {
        throw new SansheError('REASON_REQUIRED', 'A correction says why the record is corrected.', {
          path: ['input', 'reason'],
        });
      }
      const reason = kit.text(input.reason, ['input', 'reason'], {
        maxLength: MAX_REASON_LENGTH,
        label: 'The reason',
      });
      const voiding = input.void === true;
      const factFields = [
        'content',
        'place',
        'communityId',
        'startedAt',
        'endedAt',
        'minutes',
        'projectId',
        'activityId',
        'gridId',
      ] as const;
      if (voiding) {
        const given = factFields.find((field) => input[field] != null);
        if (given) {
          throw new SansheError(
            'VALIDATION_FAILED',
            'A void keeps the facts of the record it voids: give no new facts.',
            {
              path: ['input', given],
            },
          );
        }
      }
      const facts = voiding ? null : parseFacts(input);
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer_service', serviceId, ['input', 'serviceId']);
        const original = await kit.requireRecord(tx, volunteerServices, serviceId, 'volunteer service', [
          'input',
          'serviceId',
        ]);
        refuseSelfCertification(kit.actor, original.volunteerId);
        const volunteer = await ctx.requireVolunteer(tx, original.volunteerId, 'update', [
          'input',
          'serviceId',
        ]);
        const [correction] = await tx
          .select({ id: volunteerServices.id })
          .from(volunteerServices)
          .where(
            and(
              eq(volunteerServices.districtCode, districtCode),
              eq(volunteerServices.correctsServiceId, serviceId),
            ),
          );
        if (correction) {
          throw new SansheError(
            'ALREADY_CORRECTED',
            `Service record ${serviceId} was corrected by record ${correction.id}; correct that one.`,
            { path: ['input', 'serviceId'], details: { correctedById: correction.id } },
          );
        }
        const certifier: Certifier = {
          kind: original.certifierKind as Certifier['kind'],
          teamId: original.certifierTeamId,
          organizationId: original.certifierOrganizationId,
          communityId: original.certifierCommunityId,
        };
        if (original.certifierKind === 'imported') {
          // 谁记录谁证明: an imported record was certified where it was served; a correction is
          // made there and imported again, not made here in that issuer's name.
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Service record ${serviceId} was imported (${original.originRef}): it is corrected where it was served.`,
            { path: ['input', 'serviceId'] },
          );
        }
        const day = facts?.day ?? chinaDayOf(storedInstant(original.startedAt));
        await authorizeCertifier(ctx, tx, certifier, { volunteer, serviceDay: day, leaderOn: kit.today() });
        let values: Omit<
          typeof volunteerServices.$inferInsert,
          'districtCode' | 'recordedBy' | 'certifierKind' | 'certifierName'
        >;
        if (facts === null) {
          values = {
            volunteerId: original.volunteerId,
            content: original.content,
            place: original.place,
            communityId: original.communityId,
            startedAt: original.startedAt,
            endedAt: original.endedAt,
            minutes: 0,
            projectId: original.projectId,
            activityId: original.activityId,
            gridId: original.gridId,
            isVoid: true,
          };
        } else {
          ctx.requireServingOn(volunteer, facts.day, ['input', 'startedAt']);
          await checkReferences(tx, facts);
          await refuseOverlap(tx, original.volunteerId, facts, serviceId);
          const { day: _day, ...columns } = facts;
          values = { volunteerId: original.volunteerId, ...columns };
        }
        const recorded = await writeRecord(tx, {
          ...values,
          ...certifierColumns(certifier),
          certifierName: original.certifierName,
          originRef: null,
          correctsServiceId: serviceId,
          correctionReason: reason,
        });
        await kit.audit(tx, {
          action: 'volunteer_service.correct',
          entityType: 'volunteer_service',
          entityId: recorded.service.id,
          before: original,
          after: { ...recorded.service, earning: recorded.earning },
          reason,
        });
        return recorded;
      });
    },
  };
}

export type { VolunteerService };
