import { and, desc, eq } from 'drizzle-orm';
import { visibleNeeds } from '../access/chain-visibility.js';
import { type Need, needs } from '../schema/needs.js';
import { isLocalId } from '../services/service-kit.js';
import { needCondition } from './need-filter.js';
import { type NeedFilterInput, parseListPage, parseNeedFilter } from './need-filter-rules.js';
import type { NeedsContext } from './needs-context.js';

/**
 * Reads of the needs list, outside any write's transaction, through the caller's read rule
 * (access/chain-visibility.ts `visibleNeeds`): a need the caller cannot see is absent.
 */
export function createNeedsReads(context: NeedsContext) {
  const { kit, db, districtCode } = context;
  const visible = () => visibleNeeds(kit.actor, districtCode, needs);

  return {
    /** One need by its local id, or undefined when there is none the caller may see. */
    async getNeed(id: number): Promise<Need | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(needs)
        .where(and(eq(needs.districtCode, districtCode), eq(needs.id, id), visible()));
      return row;
    },

    /**
     * The needs matching the filter that the caller may see, the latest collected first, a page
     * at a time (`limit` default 100, at most 500; `offset`).
     *
     * @throws {SansheError} INVALID_DIVISION_CODE, INVALID_CODE_LIST_VALUE, INVALID_DATE,
     *   INVALID_DATE_RANGE, INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async listNeeds(
      filter: NeedFilterInput | null = null,
      page: { limit?: number | null; offset?: number | null } | null = null,
    ): Promise<Need[]> {
      const parsed = kit.unwrap(parseNeedFilter(filter));
      const { limit, offset } = kit.unwrap(parseListPage(page, { path: ['page'] }));
      return db
        .select()
        .from(needs)
        .where(and(needCondition(needs, districtCode, parsed), visible()))
        .orderBy(desc(needs.collectedOn), desc(needs.id))
        .limit(limit)
        .offset(offset);
    },
  };
}
