import { type FieldPath, SansheError } from '../errors/sanshe-error.js';

/** The value, if it is a code of the list; otherwise a typed INVALID_CODE_LIST_VALUE. */
export function parseCode<L extends Record<string, string>>(
  list: L,
  value: unknown,
  path: FieldPath,
  listName: string,
): keyof L & string {
  if (typeof value === 'string' && Object.hasOwn(list, value)) return value as keyof L & string;
  throw new SansheError(
    'INVALID_CODE_LIST_VALUE',
    `${listName} must be one of ${Object.keys(list).join(', ')}.`,
    { path },
  );
}
