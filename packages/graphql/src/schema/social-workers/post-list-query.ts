import { todayInChina } from '@sanshe/core';
import type { DistrictContext } from '../../context.js';
import { postsVisibleTo } from '../visibility.js';

/**
 * The relational-query options of a list of posts the caller may see: all of them, or those in
 * force today.
 */
export function postListQuery(ctx: DistrictContext, currentOnly: boolean | null | undefined) {
  const today = todayInChina();
  return {
    where: currentOnly
      ? {
          ...postsVisibleTo(ctx),
          startsOn: { lte: today },
          OR: [{ endsOn: { isNull: true as const } }, { endsOn: { gte: today } }],
        }
      : postsVisibleTo(ctx),
    orderBy: { startsOn: 'asc', id: 'asc' } as const,
  };
}
