import {
  type ASTNode,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { decodeGlobalId } from '../global-id.js';
import { isConnectionType } from '../server/row-budget-plugin.js';

/**
 * Which variables of an operation fill a statement parameter and nothing else, so that one
 * compiled statement serves every value they take (issue 21: compiled once per operation, reused
 * across variables).
 *
 * A variable qualifies when every use of it in the document is the whole value of an argument
 * that says so: an argument marked with {@link compiledParameter} (its resolver and its compiled
 * query pass the value to SQL unchanged, as a plain equality), or `node(id:)`, whose compiler
 * decodes the id itself. A variable used anywhere else (inside an input object or a list, in
 * `@skip`/`@include`, in an unmarked argument such as a page size, which the compiler writes into
 * the SQL as a literal) shapes the statement: its value stays in the cache key.
 *
 * The compiler still checks every value against what the statement assumes (a string; a code of
 * the gateway's own district; a node of the same type and district): each check becomes a guard
 * run on every request, and a value outside them is compiled for itself.
 */

export const compiledParameterKey = 'sansheCompiledParameter';

/**
 * The GraphQL extension that marks an argument as a statement parameter (spread it into the
 * argument's `extensions`): a non-null string whose value the resolver and the compiled root's
 * query use as it is, in an equality, and for nothing else.
 */
export function compiledParameter() {
  return { [compiledParameterKey]: true };
}

/**
 * What kind of parameter a variable is: a `value` passed as it is, or a `globalId` whose type
 * the statement depends on (and is part of its key, see {@link parameterShape}) and whose local id
 * is the parameter.
 */
export type ParameterKind = 'value' | 'globalId' | 'cursor';

function parameterKind(
  argument: GraphQLArgument,
  field: GraphQLField<unknown, unknown>,
  onQueryType: boolean,
): ParameterKind | undefined {
  if (argument.extensions?.[compiledParameterKey] === true) return 'value';
  // A connection's cursor: the compiler reads the position's values from it, one placeholder each.
  if ((argument.name === 'after' || argument.name === 'before') && isConnectionType(getNamedType(field.type)))
    return 'cursor';
  return onQueryType && field.name === 'node' && argument.name === 'id' ? 'globalId' : undefined;
}

/**
 * The part of a parameter's value a statement depends on: nothing for a value, the type of a
 * global id (decoded as the compiler decodes it; an id that does not decode shares the empty
 * shape, and its guard sends it to be compiled for itself), whether a cursor is given (the
 * compiler's guards check the rest of its form).
 */
export function parameterShape(kind: ParameterKind, value: unknown): string {
  if (kind === 'cursor') return value === null || value === undefined || value === '' ? 'none' : 'cursor';
  if (kind === 'value' || typeof value !== 'string') return '';
  try {
    return decodeGlobalId(value).typename;
  } catch {
    return '';
  }
}

const byDocument = new WeakMap<DocumentNode, ReadonlyMap<string, ParameterKind>>();

/** The variables of `document` that only fill parameters (kept per parsed document). */
export function parameterVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
): ReadonlyMap<string, ParameterKind> {
  const known = byDocument.get(document);
  if (known) return known;
  const typeInfo = new TypeInfo(schema);
  const queryType = schema.getQueryType();
  const parameters = new Map<string, ParameterKind>();
  const shaping = new Set<string>();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Variable(node, _key, parent) {
        const container = parent as ASTNode | readonly ASTNode[] | undefined;
        // The declaration `$id: ID!` is not a use.
        if (
          container &&
          !Array.isArray(container) &&
          (container as ASTNode).kind === Kind.VARIABLE_DEFINITION
        )
          return;
        const name = node.name.value;
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        const direct =
          container !== undefined &&
          !Array.isArray(container) &&
          (container as ASTNode).kind === Kind.ARGUMENT &&
          typeInfo.getDirective() === null;
        const kind =
          direct && argument && field
            ? parameterKind(argument, field, typeInfo.getParentType() === queryType)
            : undefined;
        const before = parameters.get(name);
        if (kind && (before === undefined || before === kind)) parameters.set(name, kind);
        else shaping.add(name);
      },
    }),
  );
  for (const name of shaping) parameters.delete(name);
  byDocument.set(document, parameters);
  return parameters;
}
