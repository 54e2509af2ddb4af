import { todayInChina } from '@sanshe/core';

/** The relational-query options of a list of posts: all of them, or those in force today. */
export function postListQuery(currentOnly: boolean | null | undefined) {
  const today = todayInChina();
  return {
    where: currentOnly
      ? { startsOn: { lte: today }, OR: [{ endsOn: { isNull: true as const } }, { endsOn: { gte: today } }] }
      : {},
    orderBy: { startsOn: 'asc', id: 'asc' } as const,
  };
}
