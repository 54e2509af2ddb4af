import {
  BREAK,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * A character no text argument may hold: the control characters (Unicode category Cc: C0, DEL,
 * C1) other than tab, line feed and carriage return, which free text may hold, and lone
 * surrogates (half of a pair, which no encoder can write out).
 */
const forbiddenCharacter = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;

/** The first forbidden character of a text, as `U+XXXX`; undefined when there is none. */
export function forbiddenCodePoint(text: string): string | undefined {
  const match = forbiddenCharacter.exec(text);
  if (!match) return undefined;
  return `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** At most this many refused arguments are reported for one operation. */
const maxProblems = 10;

/** A text argument holding a forbidden character: where it is, and which character. */
export interface TextProblem {
  /** The field the argument belongs to, as written (its alias if it has one). */
  field: FieldNode;
  /** The argument's path: its name, then input fields and list positions. */
  path: (string | number)[];
  codePoint: string;
}

/**
 * Every argument of every field an operation selects, after variables are coerced, walked
 * against the schema: each scalar value that is a string (String, ID, and custom scalars whose
 * values are strings or hold strings, such as `_Any`) is checked for forbidden characters.
 * Fragments are walked where they are spread (each once). Undefined when the variables do not
 * coerce: execution then refuses them itself.
 */
export function findForbiddenText(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Readonly<Record<string, unknown>>,
): TextProblem[] | undefined {
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (!operationName || definition.name?.value === operationName),
  );
  const operation = operations.length === 1 || operationName ? operations[0] : undefined;
  if (!operation) return undefined;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) return undefined;
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const problems: TextProblem[] = [];
  const walked = new Set<string>();

  const checkValue = (value: unknown, type: GraphQLInputType | undefined, at: TextProblem) => {
    if (value === null || value === undefined) return;
    const nullable = type ? getNullableType(type) : undefined;
    if (typeof value === 'string') {
      const codePoint = forbiddenCodePoint(value);
      if (codePoint) problems.push({ ...at, codePoint });
      return;
    }
    if (Array.isArray(value)) {
      const item = nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : nullable;
      for (const [i, entry] of value.entries()) checkValue(entry, item, { ...at, path: [...at.path, i] });
      return;
    }
    if (typeof value !== 'object') return;
    if (nullable && isInputObjectType(nullable)) {
      const fields = nullable.getFields();
      for (const [name, entry] of Object.entries(value)) {
        checkValue(entry, fields[name]?.type, { ...at, path: [...at.path, name] });
      }
    } else if (!nullable || isScalarType(nullable)) {
      // A custom scalar holding a structure (`_Any`): every string in it, keys included.
      for (const [key, entry] of Object.entries(value)) {
        const codePoint = forbiddenCodePoint(key);
        if (codePoint) problems.push({ ...at, codePoint });
        checkValue(entry, undefined, { ...at, path: [...at.path, key] });
      }
    }
  };

  const walk = (selectionSet: SelectionSetNode, parentType: GraphQLNamedType | undefined) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(
          selection.selectionSet,
          selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType,
        );
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // Variables are the operation's: a fragment's arguments are the same wherever it is spread.
        if (!fragment || walked.has(fragment.name.value)) continue;
        walked.add(fragment.name.value);
        walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value));
      } else {
        const field =
          isObjectType(parentType) || isInterfaceType(parentType)
            ? parentType.getFields()[selection.name.value]
            : undefined;
        if (!field) continue;
        if (selection.arguments?.length) {
          let values: Record<string, unknown>;
          try {
            values = getArgumentValues(field, selection, variables);
          } catch {
            // An argument that does not coerce: execution refuses it with its own error.
            continue;
          }
          for (const arg of field.args) {
            checkValue(values[arg.name], arg.type, { field: selection, path: [arg.name], codePoint: '' });
          }
        }
        if (selection.selectionSet) walk(selection.selectionSet, getNamedType(field.type));
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined);
  return problems;
}

/**
 * Whether a value sent as variables holds a forbidden character in any string or key. Every text
 * an argument holds after coercion comes from the document's literals or from the variables (the
 * schema's scalars make no text of what was not text), so when neither holds one, no argument
 * does, and the walk of {@link findForbiddenText} can be skipped.
 */
function holdsForbiddenText(value: unknown): boolean {
  if (typeof value === 'string') return forbiddenCharacter.test(value);
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsForbiddenText);
  for (const [key, entry] of Object.entries(value)) {
    if (forbiddenCharacter.test(key) || holdsForbiddenText(entry)) return true;
  }
  return false;
}

const documentsHoldingForbiddenText = new WeakMap<DocumentNode, boolean>();

/** Whether a string literal of the document holds a forbidden character (kept per document). */
function documentHoldsForbiddenText(document: DocumentNode): boolean {
  let holds = documentsHoldingForbiddenText.get(document);
  if (holds === undefined) {
    holds = false;
    visit(document, {
      StringValue(node) {
        if (forbiddenCharacter.test(node.value)) {
          holds = true;
          return BREAK;
        }
        return undefined;
      },
    });
    documentsHoldingForbiddenText.set(document, holds);
  }
  return holds;
}

/** `filter.nameContains`, `input.posts[2].title`. */
function printPath(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/**
 * Refuse, before anything runs, an operation whose text arguments hold control characters or
 * lone surrogates (see {@link forbiddenCodePoint}), with INVALID_TEXT naming the argument and
 * the code point, never the value. Such text is no name, code or note anyone typed; past this
 * boundary it would reach SQL (PostgreSQL refuses U+0000 in text), logs and other systems.
 */
export function useTextBoundary(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      // Most operations hold no such character anywhere: they are let through without walking.
      if (!documentHoldsForbiddenText(args.document) && !holdsForbiddenText(variables)) return;
      const problems = findForbiddenText(args.schema, args.document, args.operationName, variables);
      if (!problems?.length) return;
      setResultAndStopExecution({
        errors: problems.slice(0, maxProblems).map(
          ({ field, path, codePoint }) =>
            new GraphQLError(
              `Argument ${printPath(path)} of ${field.name.value} holds ${
                codePoint.startsWith('U+D') ? 'a lone surrogate' : 'a control character'
              }, ${codePoint}: text may hold tab, line feed and carriage return, but no other control character and no lone surrogate.`,
              {
                nodes: [field],
                extensions: { code: 'INVALID_TEXT', field: path.map(String), codePoint },
              },
            ),
        ),
      });
    },
  };
}
