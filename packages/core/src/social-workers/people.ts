import { and, eq } from 'drizzle-orm';
import { SansheError } from '../errors/sanshe-error.js';
import { type SocialWorker, socialWorkers } from '../schema/social-workers.js';
import { isLocalId } from '../services/service-kit.js';
import { parseName } from '../validators/text.js';
import type { SocialWorkerContext } from './social-worker-context.js';
import type { RegisterWorkerInput, UpdateWorkerInput, WorkerChanges } from './social-worker-types.js';
import {
  mobilePhoneColumns,
  type RevealedWorkerIdentifiers,
  type RevealWorkerIdentifiersInput,
  residentIdColumns,
  residentIdMatches,
  revealWorkerIdentifiers,
} from './worker-identifiers.js';

/**
 * Social workers as people (docs/domain.md §4, §9): one record per resident ID and district, the
 * identifiers sealed, masked and unmasked only with a purpose.
 */
export function createPeopleUseCases(ctx: SocialWorkerContext) {
  const {
    kit,
    db,
    districtCode,
    unwrap,
    parseResident,
    optionalPhone,
    findWorker,
    requireWorker,
    bumpWorker,
  } = ctx;
  return {
    /**
     * Record a person as a social worker. One record per resident ID and district.
     *
     * @throws {SansheError} INVALID_NAME, INVALID_RESIDENT_ID, INVALID_MOBILE_PHONE;
     * DUPLICATE_RECORD when the resident ID is already recorded.
     */
    async registerWorker(input: RegisterWorkerInput): Promise<SocialWorker> {
      const name = unwrap(parseName(input.name, { path: ['input', 'name'] }));
      // A legacy 15-digit number is stored in its 18-character form, so the same person cannot
      // be recorded twice under the two generations of their number.
      const residentId = parseResident(input.residentId, ['input', 'residentId']).upgraded;
      const mobilePhone = optionalPhone(input.mobilePhone);
      kit.authorize('worker.register');
      return db.transaction(async (tx) => {
        const [row] = await kit.insertUnique(
          () =>
            tx
              .insert(socialWorkers)
              .values({
                districtCode,
                name,
                ...residentIdColumns(kit.keyring, districtCode, residentId),
                ...mobilePhoneColumns(kit.keyring, districtCode, mobilePhone),
              })
              .returning(),
          {
            code: 'DUPLICATE_RECORD',
            // The number itself stays out of the message: it is personal data (docs/domain.md §9).
            message: `A social worker with this resident ID number is already recorded in district ${districtCode}.`,
            path: ['input', 'residentId'],
          },
        );
        await kit.audit(tx, {
          action: 'social_worker.register',
          entityType: 'social_worker',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },
    /**
     * Change a worker's name or mobile number. The resident ID is the person's identity and is
     * not changed here.
     *
     * @throws {SansheError} VALIDATION_FAILED when nothing is to change, INVALID_NAME,
     * INVALID_MOBILE_PHONE, NOT_FOUND, VERSION_CONFLICT.
     */
    async updateWorker(input: UpdateWorkerInput): Promise<SocialWorker> {
      const id = kit.requireId(input.id, 'social worker', ['input', 'id']);
      let changes: WorkerChanges = {};
      if (input.name !== undefined) changes.name = unwrap(parseName(input.name, { path: ['input', 'name'] }));
      if (input.mobilePhone !== undefined) {
        changes = {
          ...changes,
          ...mobilePhoneColumns(kit.keyring, districtCode, optionalPhone(input.mobilePhone)),
        };
      }
      if (Object.keys(changes).length === 0) {
        throw new SansheError('VALIDATION_FAILED', 'Give a new name or mobile number.', { path: ['input'] });
      }
      kit.authorize('worker.register', { workerId: id });
      return db.transaction(async (tx) => {
        const current = await requireWorker(tx, id, 'update', ['input', 'id']);
        kit.checkVersion(current, input.expectedVersion, `Social worker ${id}`);
        const row = await bumpWorker(tx, current, changes);
        await kit.audit(tx, {
          action: 'social_worker.update',
          entityType: 'social_worker',
          entityId: id,
          before: current,
          after: row,
        });
        return row;
      });
    },
    /** One worker by local id, or undefined. */
    async getWorker(id: number): Promise<SocialWorker | undefined> {
      return isLocalId(id) ? findWorker(db, id) : undefined;
    },
    /**
     * The worker with this resident ID number (a legacy 15-digit number finds its 18-character
     * form), or undefined.
     *
     * @throws {SansheError} INVALID_RESIDENT_ID for a number that is not one.
     */
    async findByResidentId(residentId: string): Promise<SocialWorker | undefined> {
      const number = parseResident(residentId, ['residentId']).upgraded;
      const [row] = await db
        .select()
        .from(socialWorkers)
        .where(and(eq(socialWorkers.districtCode, districtCode), residentIdMatches(kit.keyring, number)));
      return row;
    },
    /**
     * Unmask a worker's resident ID number or mobile number for the service's actor, with a
     * declared purpose; every field read is appended to the personal-data access log.
     *
     * @throws {SansheError} see {@link revealWorkerIdentifiers}.
     */
    revealIdentifiers(input: RevealWorkerIdentifiersInput): Promise<RevealedWorkerIdentifiers> {
      const workerId = kit.requireId(input.workerId, 'social worker', ['input', 'workerId']);
      return revealWorkerIdentifiers(
        { db, districtCode, actor: kit.actor, keyring: kit.keyring, today: kit.today() },
        { ...input, workerId },
      );
    },
  };
}
