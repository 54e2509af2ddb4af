import { graphql } from '../graphql.js';

/**
 * The fields every expected failure has: the member of a mutation's result union that is an
 * `Error` (`ValidationError`, `NotFoundError`, `ConflictError`, `ForbiddenError`). Spread it as
 * `...ErrorFields` in a result union and pass it in the fragment list, `graphql(doc, [ErrorFields])`.
 * Unmasked (`@_unmask`), so the error members of the result carry `code`, `message` and `path`
 * directly, without `readFragment`; narrow on `__typename` to read them.
 */
export const ErrorFields = graphql(`
  fragment ErrorFields on Error @_unmask {
    code
    message
    path
  }
`);
