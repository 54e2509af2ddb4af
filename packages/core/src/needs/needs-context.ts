import { and, eq } from 'drizzle-orm';
import type { DistrictDatabase, SansheDb } from '../database/district-database.js';
import { type FieldPath, SansheError } from '../errors/sanshe-error.js';
import { communities } from '../schema/hierarchy.js';
import { type Need, needs } from '../schema/needs.js';
import { createServiceKit, type ServiceKit, type ServiceOptions } from '../services/service-kit.js';
import { checkPublishedText } from '../validators/published-text.js';
import { createNeedWrites } from './need-writes.js';

/** The longest reason a need's merge or closure takes, in characters (schema/needs.ts `merge_reason`). */
export const MAX_NEED_REASON_LENGTH = 500;

/**
 * Text published with a need (docs/domain.md §6.1, §9): checked free text that holds no resident's
 * ID or mobile number. A micro-wish says what is wished, not who wished it.
 *
 * @throws {SansheError} VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT
 */
export function publishedText(
  kit: ServiceKit,
  value: unknown,
  path: FieldPath,
  options: { maxLength: number; label: string; multiline?: boolean },
): string {
  return kit.unwrap(checkPublishedText(kit.text(value, path, options), { path }));
}

/**
 * A reason the write cannot do without (a merge's, a project's cancellation): REASON_REQUIRED when
 * missing or blank, else checked text, published when `published` says so.
 *
 * @throws {SansheError} REASON_REQUIRED, VALIDATION_FAILED, INVALID_TEXT, PERSONAL_DATA_IN_PUBLIC_TEXT
 */
export function requiredReason(
  kit: ServiceKit,
  value: unknown,
  path: FieldPath,
  options: { maxLength: number; published: boolean },
): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    throw new SansheError('REASON_REQUIRED', 'This write needs a written reason.', { path });
  }
  const label = 'The reason';
  return options.published
    ? publishedText(kit, value, path, { maxLength: options.maxLength, label })
    : kit.text(value, path, { maxLength: options.maxLength, label });
}

/**
 * What every use case of the needs list shares, for one district and one caller: the service kit,
 * the shared writes on needs (need-writes.ts) and the load of a need a write names. The use cases
 * are need-recording.ts, need-merging.ts and need-closing.ts; the rules are pure, in need-rules.ts.
 */
export function createNeedsContext(
  database: Pick<DistrictDatabase, 'db' | 'districtCode'> & Partial<Pick<DistrictDatabase, 'personalData'>>,
  options: ServiceOptions = {},
) {
  const kit = createServiceKit(database, options);
  const { db, districtCode } = kit;
  const writes = createNeedWrites(kit);

  /**
   * A need the input names, if the caller may see it (else NOT_FOUND at `path`, as a missing one),
   * with the code of its community: where a write on it is authorized.
   *
   * @throws {SansheError} NOT_FOUND
   */
  async function visibleNeed(
    executor: SansheDb,
    needId: number,
    path: FieldPath,
  ): Promise<{ need: Need; communityCode: string }> {
    await kit.requireVisible(executor, 'need', needId, path);
    const [row] = await executor
      .select({ need: needs, communityCode: communities.code })
      .from(needs)
      .innerJoin(
        communities,
        and(eq(communities.districtCode, needs.districtCode), eq(communities.id, needs.communityId)),
      )
      .where(and(eq(needs.districtCode, districtCode), eq(needs.id, needId)));
    if (!row) throw kit.notFound('need', needId, path);
    return row;
  }

  return { kit, db, districtCode, writes, visibleNeed };
}

export type NeedsContext = ReturnType<typeof createNeedsContext>;
