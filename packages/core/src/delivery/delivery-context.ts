import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { parseCode } from '../services/code-list.js';
import { createServiceKit, type RowLock, type ServiceOptions } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';
import { type HoursRole, hoursRoles } from './code-lists.js';
import { type ContractChain, loadContractChain } from './contract-chain.js';
import { MAX_HOURS_ROWS, parseMinutes } from './delivery-rules.js';

/** One row of hours, parsed: a social worker names the worker, anyone else is counted. */
export interface ParsedHours {
  role: HoursRole;
  workerId: number | null;
  minutes: number;
}

/**
 * What the use cases of delivery share, for one district and one caller: the service kit, the
 * parsing of published text and of hours, and the contract chain's load. The use cases are
 * activities.ts (recording) and confirmation.ts (the community's answer); reads are in
 * delivery-reads.ts; the rules are pure, in delivery-rules.ts.
 */
export function createDeliveryContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);

  /** Text PUBLIC reads (四公开, §6.8): checked text that holds no ID or phone number. */
  function publishedText(value: unknown, field: string, maxLength: number, label: string): string {
    const path = ['input', field];
    return kit.unwrap(checkPublishedText(kit.text(value, path, { maxLength, label }), { path }));
  }

  /**
   * The hours of an activity: at least one row, each with its role, the worker exactly when the
   * role is `social_worker`, 1 to 1440 minutes; a worker appears once (schema/delivery.ts
   * `activity_hours_worker_unique`).
   *
   * @throws {SansheError} VALIDATION_FAILED, INVALID_CODE_LIST_VALUE, NOT_FOUND (a worker id that
   *   cannot exist), INVALID_NUMBER, DUPLICATE_RECORD
   */
  function parseHours(value: unknown): ParsedHours[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_HOURS_ROWS) {
      throw new SansheError(
        'VALIDATION_FAILED',
        `An activity records the time given to it: 1 to ${MAX_HOURS_ROWS} rows of hours.`,
        { path: ['input', 'hours'] },
      );
    }
    const seen = new Map<number, number>();
    return value.map((row: unknown, index) => {
      const path = (field: string): FieldPath => ['input', 'hours', index, field];
      if (typeof row !== 'object' || row === null) {
        throw new SansheError('VALIDATION_FAILED', 'A row of hours gives a role and minutes.', {
          path: ['input', 'hours', index],
        });
      }
      const {
        role: roleValue,
        workerId: workerValue,
        minutes: minutesValue,
      } = row as Record<string, unknown>;
      const role = parseCode(hoursRoles, roleValue, path('role'), 'The role');
      const named = workerValue !== undefined && workerValue !== null;
      if (named !== (role === 'social_worker')) {
        throw new SansheError(
          'VALIDATION_FAILED',
          role === 'social_worker'
            ? 'Hours of a social worker name the worker.'
            : `Hours of ${role === 'volunteer' ? 'a volunteer' : 'other staff'} are counted, not linked to a social worker.`,
          { path: path('workerId') },
        );
      }
      const workerId = named ? kit.requireId(workerValue, 'social worker', path('workerId')) : null;
      const minutes = parseMinutes(minutesValue, path('minutes'));
      if (workerId !== null) {
        const first = seen.get(workerId);
        if (first !== undefined) {
          throw new SansheError(
            'DUPLICATE_RECORD',
            `Social worker ${workerId} already has a row of hours (row ${first + 1}): one row per worker and activity.`,
            { path: path('workerId'), details: { firstRow: first } },
          );
        }
        seen.set(workerId, index);
      }
      return { role, workerId, minutes };
    });
  }

  function contractChain(
    executor: SansheDb,
    contractId: number,
    path: FieldPath,
    lock: RowLock = false,
  ): Promise<ContractChain> {
    return loadContractChain(kit, executor, contractId, path, lock);
  }

  return { kit, db: kit.db, districtCode: kit.districtCode, publishedText, parseHours, contractChain };
}

export type DeliveryContext = ReturnType<typeof createDeliveryContext>;
