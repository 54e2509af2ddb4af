import { isSansheError } from '@sanshe/core';
import { GraphQLError } from 'graphql';
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';

/**
 * Expected errors keep their message and carry `extensions.code` from core's table; anything
 * else becomes "Unexpected error." with INTERNAL_SERVER_ERROR, so no internals leak. A variable
 * the caller sent that does not fit its type is refused without echoing the value back.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof GraphQLError) {
    const variable = maskVariableError(error);
    if (variable) return variable;
  }
  const original = error instanceof GraphQLError ? (error.originalError ?? undefined) : error;
  const sanshe = isSansheError(original)
    ? original
    : isSansheError(deepOriginal(original))
      ? deepOriginal(original)
      : undefined;
  if (sanshe && isSansheError(sanshe)) {
    return createGraphQLError(sanshe.message, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: sanshe.code, ...(sanshe.path.length ? { field: sanshe.path.map(String) } : {}) },
    });
  }
  if (error instanceof GraphQLError && typeof error.extensions?.code === 'string' && !error.originalError) {
    return error;
  }
  if (error instanceof GraphQLError && !error.originalError) {
    const coded = codeRequestError(error);
    if (coded) return coded;
  }
  if (error instanceof GraphQLError && isPageSizeError(error)) {
    return createGraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { code: 'PAGE_SIZE_EXCEEDED' },
    });
  }
  return yogaMaskError(error, message, isDev);
}

/**
 * Request errors graphql-js and yoga raise without a code: a required variable left out
 * (VALIDATION_FAILED, as for one that does not coerce) and a refused HTTP request such as a GET
 * without the CSRF header (BAD_REQUEST). Every error the gateway sends carries a code from core's
 * table; undefined for any other error.
 */
function codeRequestError(error: GraphQLError): GraphQLError | undefined {
  const code = variablePrefixAny.test(error.message)
    ? 'VALIDATION_FAILED'
    : isClientStatus((error.extensions?.http as { status?: unknown } | undefined)?.status)
      ? 'BAD_REQUEST'
      : undefined;
  if (!code) return undefined;
  return createGraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

function isClientStatus(status: unknown): boolean {
  return typeof status === 'number' && status >= 400 && status < 500;
}

function deepOriginal(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++)
    current = current.originalError;
  return current;
}

/** Pothos' connection arguments refuse pages over the maximum with a validation error. */
function isPageSizeError(error: GraphQLError): boolean {
  const original = deepOriginal(error);
  return (
    original instanceof Error &&
    original.name === 'PothosValidationError' &&
    /first|last|size/i.test(original.message)
  );
}

const name = '[_A-Za-z][_0-9A-Za-z]*';
const variablePrefixAny = new RegExp(`^Variable "\\$${name}" `);
const variablePrefix = new RegExp(`^Variable "\\$(${name})" got invalid value `);
/** Where in the variable the value failed: input field names of the schema and list positions. */
const variablePath = new RegExp(`at "(${name}(?:\\.${name}|\\[\\d+\\])*)"$`);

/**
 * The reasons graphql-js gives for a value that does not coerce, rewritten so that none quotes
 * the value (or, for an input object, a key) the caller sent. Type and field names are the
 * schema's.
 */
const reasons: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^Expected non-nullable type "[^"]+" not to be null\.$/, (m) => m[0]],
  [new RegExp(`^Expected type "${name}" to be an object\\.$`), (m) => m[0]],
  [new RegExp(`^Expected type "${name}" to be a list\\.$`), (m) => m[0]],
  [new RegExp(`^Field "${name}" of required type "[^"]+" was not provided\\.$`), (m) => m[0]],
  [
    new RegExp(`^Field ".*" is not defined by type "(${name})"\\.`, 's'),
    (m) => `A field is not defined by type "${m[1]}".`,
  ],
  [
    /^(Int|Float|String|Boolean|ID) cannot represent (non-integer value|non 32-bit signed integer value|non numeric value|a non string value|a non boolean value|value)/,
    (m) => `${m[1]} cannot represent ${m[2]}.`,
  ],
  [
    new RegExp(`^Value .* does not exist in "(${name})" enum\\.`, 's'),
    (m) => `The value is not one of enum "${m[1]}".`,
  ],
  [new RegExp(`^Enum "(${name})" cannot represent`), (m) => `Enum "${m[1]}" cannot represent the value.`],
  [new RegExp(`^Expected type "(${name})"\\.`), (m) => `Expected type "${m[1]}".`],
];

/**
 * `Variable "$x" got invalid value "…" at "x.filter"; Int cannot represent non-integer value: "…"`
 * (from coercing the variables the caller sent) as `Variable "$x" got an invalid value at
 * "x.filter"; Int cannot represent non-integer value.`: the variable, where and why, but not
 * the value, which may be anything (an identity number pasted in the wrong field, escape
 * sequences). Undefined for any other error.
 */
function maskVariableError(error: GraphQLError): GraphQLError | undefined {
  const variable = variablePrefix.exec(error.message);
  if (!variable) return undefined;
  // The reason follows the value: it is the original error's message, or (for an error a
  // district returned, rebuilt from its message) the last part of the message that reads as one.
  let why = 'It is not a valid value of its type.';
  let where = '';
  const candidates: number[] = [];
  const reason = error.originalError?.message;
  if (reason !== undefined && error.message.endsWith(`; ${reason}`)) {
    candidates.push(error.message.length - reason.length - 2);
  }
  for (let i = error.message.lastIndexOf('; '); i > 0; i = error.message.lastIndexOf('; ', i - 1)) {
    candidates.push(i);
  }
  search: for (const split of candidates) {
    const text = error.message.slice(split + 2);
    for (const [pattern, rewrite] of reasons) {
      const match = pattern.exec(text);
      if (!match) continue;
      why = rewrite(match);
      const at = variablePath.exec(error.message.slice(0, split));
      if (at) where = ` at "${at[1]}"`;
      break search;
    }
  }
  const sanshe = deepOriginal(error);
  return createGraphQLError(`Variable "$${variable[1]}" got an invalid value${where}; ${why}`, {
    nodes: error.nodes,
    extensions: {
      ...error.extensions,
      code: isSansheError(sanshe) ? sanshe.code : 'VALIDATION_FAILED',
    },
  });
}
