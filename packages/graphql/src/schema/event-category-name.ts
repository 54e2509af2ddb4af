import { eventCategories } from '@sanshe/core';
import { codeNameSQL, compiledValue } from '../compiled-reads/compiled-value.js';

/**
 * The Chinese name of a code of the grid-event classification (占道经营 for E0502), or null for a
 * code it no longer holds: how events, routing rules and inspection items name their category.
 */
export function categoryNameOf(code: string): string | null {
  return Object.hasOwn(eventCategories, code)
    ? eventCategories[code as keyof typeof eventCategories].name
    : null;
}

const categoryNames: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(eventCategories).map(([code, category]) => [code, category.name]),
);

/**
 * The options of a `categoryName` field over a row's `categoryCode`: its resolver, and the same
 * name in SQL for the compiled reads.
 */
export const categoryNameField = {
  select: { columns: { categoryCode: true } },
  resolve: (row: { categoryCode: string }) => categoryNameOf(row.categoryCode),
  // biome-ignore lint/suspicious/noExplicitAny: the row's table, an alias indexed by column key
  extensions: compiledValue((row: any) => codeNameSQL(row.categoryCode, categoryNames)),
} as const;
