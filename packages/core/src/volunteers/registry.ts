import { and, eq } from 'drizzle-orm';
import { recordIsVisible } from '../access/record-visibility.js';
import { SansheError } from '../errors/sanshe-error.js';
import { volunteerEngagements, volunteers } from '../schema/volunteers.js';
import { parseCode } from '../services/code-list.js';
import { parseName } from '../validators/text.js';
import { guardianRelations } from './code-lists.js';
import type { VolunteerContext } from './volunteer-context.js';
import {
  type RevealedVolunteerIdentifiers,
  type RevealVolunteerIdentifiersInput,
  revealVolunteerIdentifiers,
  volunteerMobilePhoneColumns,
  volunteerResidentIdColumns,
  volunteerResidentIdMatches,
} from './volunteer-identifiers.js';
import { adultOnOf, parseSkills, requireGuardianConsent } from './volunteer-rules.js';
import type {
  RegisterVolunteerInput,
  UpdateVolunteerInput,
  Volunteer,
  VolunteerChanges,
  WithdrawVolunteerInput,
} from './volunteer-types.js';

/**
 * The volunteer registry (docs/domain.md §5.1; 志愿服务条例 第七条 实名注册): one record per
 * person and district, identifiers sealed, masked and unmasked only with a purpose, as social
 * workers' are (§4, §9); a minor registers with a guardian's consent.
 */
export function createRegistryUseCases(ctx: VolunteerContext) {
  const { kit, db, districtCode, unwrap, parseResident, optionalPhone, optionalPastDate } = ctx;

  return {
    /**
     * Register a volunteer in a home community (`volunteer.register` at the community; an
     * organization's staff name their organization as `recruitingOrganizationId`, which engages
     * the volunteer with it from the day of registration).
     *
     * @throws {SansheError} INVALID_NAME, INVALID_RESIDENT_ID, INVALID_MOBILE_PHONE, INVALID_DATE,
     *   DATE_IN_FUTURE, INVALID_CODE_LIST_VALUE, VALIDATION_FAILED, GUARDIAN_CONSENT_REQUIRED,
     *   NOT_FOUND, PARENT_RETIRED, ORGANIZATION_INACTIVE, FORBIDDEN, DUPLICATE_RECORD (the
     *   resident ID is already registered in the district)
     */
    async registerVolunteer(input: RegisterVolunteerInput): Promise<Volunteer> {
      const name = unwrap(parseName(input.name, { path: ['input', 'name'] }));
      // A legacy 15-digit number is stored in its 18-character form, so the same person cannot
      // be registered twice under the two generations of their number.
      const resident = parseResident(input.residentId, ['input', 'residentId']);
      const mobilePhone = optionalPhone(input.mobilePhone);
      const homeCommunityId = kit.requireId(input.homeCommunityId, 'community', ['input', 'homeCommunityId']);
      const registeredOn = kit.pastDate(input.registeredOn, ['input', 'registeredOn'], false);
      if (registeredOn < resident.birthDate) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'The registration day lies before the birth date the ID number carries.',
          {
            path: ['input', 'registeredOn'],
          },
        );
      }
      const realNameVerifiedOn = optionalPastDate(input.realNameVerifiedOn, ['input', 'realNameVerifiedOn']);
      const skills = parseSkills(input.skills, ['input', 'skills']);
      const adultOn = adultOnOf(resident.birthDate);
      const guardianName =
        input.guardianName == null
          ? null
          : unwrap(parseName(input.guardianName, { path: ['input', 'guardianName'] }));
      const guardianRelation =
        input.guardianRelation == null
          ? null
          : parseCode(
              guardianRelations,
              input.guardianRelation,
              ['input', 'guardianRelation'],
              'The relation',
            );
      const guardianConsentOn = optionalPastDate(input.guardianConsentOn, ['input', 'guardianConsentOn']);
      const guardian = requireGuardianConsent(
        { guardianName, guardianRelation, guardianConsentOn },
        { registeredOn, adultOn },
      );
      const recruitingOrganizationId =
        input.recruitingOrganizationId == null
          ? null
          : kit.requireId(input.recruitingOrganizationId, 'social organization', [
              'input',
              'recruitingOrganizationId',
            ]);

      return db.transaction(async (tx) => {
        const community = await ctx.requireCommunityOn(tx, homeCommunityId, registeredOn, [
          'input',
          'homeCommunityId',
        ]);
        if (recruitingOrganizationId !== null) {
          await kit.requireVisible(tx, 'social_organization', recruitingOrganizationId, [
            'input',
            'recruitingOrganizationId',
          ]);
          await ctx.requireOrganizationOn(tx, recruitingOrganizationId, registeredOn, [
            'input',
            'recruitingOrganizationId',
          ]);
        }
        kit.authorize('volunteer.register', {
          unitCode: community.code,
          organizationId: recruitingOrganizationId,
        });
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(volunteers)
              .values({
                districtCode,
                name,
                ...volunteerResidentIdColumns(kit.keyring, districtCode, resident.upgraded),
                ...volunteerMobilePhoneColumns(kit.keyring, districtCode, mobilePhone),
                adultOn,
                homeCommunityId,
                registeredOn,
                realNameVerifiedOn,
                ...guardian,
                skills,
              })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            // The number itself stays out of the message: it is personal data (docs/domain.md §9).
            message: `A volunteer with this resident ID number is already registered in district ${districtCode}.`,
            path: ['input', 'residentId'],
          },
        );
        if (recruitingOrganizationId !== null) {
          const [engagement] = await tx
            .insert(volunteerEngagements)
            .values({
              districtCode,
              volunteerId: row!.id,
              role: 'organization_volunteer',
              organizationId: recruitingOrganizationId,
              startsOn: registeredOn,
            })
            .returning();
          await kit.audit(tx, {
            action: 'volunteer_engagement.start',
            entityType: 'volunteer_engagement',
            entityId: engagement!.id,
            after: engagement,
          });
        }
        await kit.audit(tx, {
          action: 'volunteer.register',
          entityType: 'volunteer',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /**
     * Change a volunteer's name, mobile number, skills or day of real-name verification. The
     * resident ID is the person's identity and is not changed here; nor is the home community
     * (a volunteer who moves withdraws and registers anew, or has its record transferred).
     *
     * @throws {SansheError} VALIDATION_FAILED (nothing to change, verification before
     *   registration), INVALID_NAME, INVALID_MOBILE_PHONE, INVALID_CODE_LIST_VALUE, INVALID_DATE,
     *   DATE_IN_FUTURE, NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, STATUS_NOT_ALLOWED (withdrawn)
     */
    async updateVolunteer(input: UpdateVolunteerInput): Promise<Volunteer> {
      const id = kit.requireId(input.id, 'volunteer', ['input', 'id']);
      let changes: VolunteerChanges = {};
      if (input.name !== undefined) changes.name = unwrap(parseName(input.name, { path: ['input', 'name'] }));
      if (input.mobilePhone !== undefined) {
        changes = {
          ...changes,
          ...volunteerMobilePhoneColumns(kit.keyring, districtCode, optionalPhone(input.mobilePhone)),
        };
      }
      if (input.skills !== undefined) changes.skills = parseSkills(input.skills, ['input', 'skills']);
      if (input.realNameVerifiedOn !== undefined) {
        changes.realNameVerifiedOn = optionalPastDate(input.realNameVerifiedOn, [
          'input',
          'realNameVerifiedOn',
        ]);
      }
      if (Object.keys(changes).length === 0) {
        throw new SansheError(
          'VALIDATION_FAILED',
          'Give a new name, mobile number, skills or verification day.',
          {
            path: ['input'],
          },
        );
      }
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer', id, ['input', 'id']);
        const current = await ctx.requireVolunteer(tx, id, 'update', ['input', 'id']);
        kit.authorize('volunteer.register', await ctx.volunteerTarget(tx, current));
        kit.checkVersion(current, input.expectedVersion, `Volunteer ${id}`);
        if (current.withdrawnOn !== null) {
          throw new SansheError(
            'STATUS_NOT_ALLOWED',
            `Volunteer ${id} withdrew on ${current.withdrawnOn}; the record is kept as it was.`,
            {
              path: ['input', 'id'],
            },
          );
        }
        if (changes.realNameVerifiedOn != null && changes.realNameVerifiedOn < current.registeredOn) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `Real-name verification lies before the registration (${current.registeredOn}).`,
            {
              path: ['input', 'realNameVerifiedOn'],
            },
          );
        }
        const row = await ctx.bumpVolunteer(tx, current, changes);
        await kit.audit(tx, {
          action: 'volunteer.update',
          entityType: 'volunteer',
          entityId: id,
          before: current,
          after: row,
        });
        return row;
      });
    },

    /**
     * Withdraw a volunteer (注销) on a day: the record and its services are kept; no service,
     * membership or engagement starts on or after that day. Open memberships and engagements are
     * not ended here: they end with their own day, which the caller records.
     *
     * @throws {SansheError} INVALID_DATE, DATE_IN_FUTURE, INVALID_TEXT, VALIDATION_FAILED (before
     *   registration), NOT_FOUND, FORBIDDEN, VERSION_CONFLICT, ALREADY_ENDED (withdrawn before)
     */
    async withdrawVolunteer(input: WithdrawVolunteerInput): Promise<Volunteer> {
      const id = kit.requireId(input.id, 'volunteer', ['input', 'id']);
      const withdrawnOn = kit.pastDate(input.withdrawnOn, ['input', 'withdrawnOn'], false);
      const reason =
        input.reason == null
          ? null
          : kit.text(input.reason, ['input', 'reason'], { maxLength: 500, label: 'The reason' });
      return db.transaction(async (tx) => {
        await kit.requireVisible(tx, 'volunteer', id, ['input', 'id']);
        const current = await ctx.requireVolunteer(tx, id, 'update', ['input', 'id']);
        kit.authorize('volunteer.register', await ctx.volunteerTarget(tx, current));
        kit.checkVersion(current, input.expectedVersion, `Volunteer ${id}`);
        if (current.withdrawnOn !== null) {
          throw new SansheError('ALREADY_ENDED', `Volunteer ${id} withdrew on ${current.withdrawnOn}.`, {
            path: ['input', 'id'],
            details: { withdrawnOn: current.withdrawnOn },
          });
        }
        if (withdrawnOn < current.registeredOn) {
          throw new SansheError(
            'VALIDATION_FAILED',
            `Volunteer ${id} registered on ${current.registeredOn}, after ${withdrawnOn}.`,
            {
              path: ['input', 'withdrawnOn'],
            },
          );
        }
        const row = await ctx.bumpVolunteer(tx, current, { withdrawnOn });
        await kit.audit(tx, {
          action: 'volunteer.withdraw',
          entityType: 'volunteer',
          entityId: id,
          before: current,
          after: row,
          reason,
        });
        return row;
      });
    },

    /**
     * The volunteer with this resident ID number, when the caller may see it; else undefined.
     *
     * @throws {SansheError} INVALID_RESIDENT_ID for a number that is not one.
     */
    async findVolunteerByResidentId(residentId: string): Promise<Volunteer | undefined> {
      const number = parseResident(residentId, ['residentId']).upgraded;
      const [row] = await db
        .select()
        .from(volunteers)
        .where(
          and(eq(volunteers.districtCode, districtCode), volunteerResidentIdMatches(kit.keyring, number)),
        );
      if (!row) return undefined;
      return (await recordIsVisible(db, kit.actor, districtCode, 'volunteer', row.id)) ? row : undefined;
    },

    /**
     * Unmask a volunteer's resident ID number or mobile number for the service's actor, with a
     * declared purpose; every field read is appended to the personal-data access log. A
     * volunteer may unmask its own, as DATA_SUBJECT_REQUEST.
     *
     * @throws {SansheError} see {@link revealVolunteerIdentifiers}.
     */
    revealVolunteerIdentifiers(
      input: RevealVolunteerIdentifiersInput,
    ): Promise<RevealedVolunteerIdentifiers> {
      const volunteerId = kit.requireId(input.volunteerId, 'volunteer', ['input', 'volunteerId']);
      return revealVolunteerIdentifiers(
        { db, districtCode, actor: kit.actor, keyring: kit.keyring, today: kit.today() },
        { ...input, volunteerId },
      );
    },
  };
}
