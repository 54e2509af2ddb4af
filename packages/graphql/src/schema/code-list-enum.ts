import { builder } from '../builder.js';

/**
 * A GraphQL enum from one of core's code lists: the code in upper case as the GraphQL name, the
 * code itself as the value, the Chinese term as the description. Core stays the one source of
 * every list; the schema cannot drift from it.
 */
export function codeListEnum<L extends Record<string, string>>(name: string, description: string, list: L) {
  const values = Object.fromEntries(
    Object.entries(list).map(([code, label]) => [code.toUpperCase(), { value: code, description: label }]),
  ) as Record<string, { value: keyof L & string; description: string }>;
  return builder.enumType(name, { description, values });
}
