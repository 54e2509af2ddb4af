import { and, desc, eq } from 'drizzle-orm';
import { visibleSummonses } from '../access/summons-visibility.js';
import { parseListPage } from '../needs/need-filter-rules.js';
import { summonses } from '../schema/grid-events.js';
import { isLocalId } from '../services/service-kit.js';
import type { SummonsContext } from './summons-context.js';
import { parseSummonsFilter, summonsCondition } from './summons-filter.js';
import type { SummonsFilter, SummonsView } from './summons-types.js';

/**
 * Reads of summonses, outside any write's transaction, through the caller's read rule
 * (access/summons-visibility.ts): a summons the caller cannot see is absent. Each comes with its
 * departments and whether each reported in on time.
 */
export function createSummonsReads(ctx: SummonsContext) {
  const { kit, db, districtCode } = ctx;
  const visible = () => visibleSummonses(kit.actor, districtCode, summonses);

  return {
    /** One summons by local id, or undefined when there is none the caller may see. */
    async summonsById(id: number): Promise<SummonsView | undefined> {
      if (!isLocalId(id)) return undefined;
      const [row] = await db
        .select()
        .from(summonses)
        .where(and(eq(summonses.districtCode, districtCode), eq(summonses.id, id), visible()));
      if (!row) return undefined;
      const departments = await ctx.departmentsOf(db, [id]);
      return ctx.viewOf(row, departments.get(id) ?? []);
    },

    /**
     * The summonses matching the filter that the caller may see, newest first, a page at a time
     * (`limit` default 100, at most 500; `offset`). Two statements whatever the page's size.
     *
     * @throws {SansheError} VALIDATION_FAILED, INVALID_CODE_LIST_VALUE, INVALID_DATE,
     *   INVALID_DATE_RANGE (the filter), INVALID_PAGINATION, PAGE_SIZE_EXCEEDED
     */
    async summonses(
      filter: SummonsFilter | null = null,
      pageInput: { limit?: number | null; offset?: number | null } | null = null,
    ): Promise<SummonsView[]> {
      const parsed = kit.unwrap(parseSummonsFilter(filter));
      const { limit, offset } = kit.unwrap(parseListPage(pageInput, { path: ['page'] }));
      const rows = await db
        .select()
        .from(summonses)
        .where(and(summonsCondition(districtCode, parsed), visible()))
        .orderBy(desc(summonses.issuedAt), desc(summonses.id))
        .limit(limit)
        .offset(offset);
      const departments = await ctx.departmentsOf(
        db,
        rows.map((row) => row.id),
      );
      return rows.map((row) => ctx.viewOf(row, departments.get(row.id) ?? []));
    },
  };
}
