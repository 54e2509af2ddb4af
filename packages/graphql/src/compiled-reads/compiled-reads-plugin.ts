import { todayInChina } from '@sanshe/core';
import { is, Placeholder } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DocumentNode, ExecutionArgs, ExecutionResult, OperationDefinitionNode } from 'graphql';
import { getOperationAST, getVariableValues } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { DistrictContext } from '../context.js';
import type { GatewayMetrics } from '../server/metrics.js';
import {
  compileRead,
  NotCompilable,
  NotCompilableForValue,
  type ParameterFiller,
  type ParameterGuard,
} from './compile-read.js';
import { publishCompiledReadMismatch } from './compiled-read-checks.js';
import { StatementCache } from './statement-cache.js';
import { type ParameterKind, parameterShape, parameterVariables } from './statement-parameters.js';

/**
 * A compiled operation: the statement's text and parameters (placeholders among them, filled from
 * each request's variables once its guards pass), or why it runs on the general path.
 */
type CompiledOperation =
  | {
      text: string;
      params: readonly unknown[];
      guards: readonly ParameterGuard[];
      fillers: ReadonlyMap<string, ParameterFiller>;
    }
  | { reason: string };

type Variables = Readonly<Record<string, unknown>>;

const dialect = new PgDialect();
const noVariables: Variables = Object.freeze({});

/**
 * Answers a query operation of a gateway's one local district with the one statement
 * `compileRead` builds from it, instead of executing its resolvers (issue 21). An operation the
 * compiler does not cover runs on the general path, with the reason counted in `/metrics`
 * (`sanshe_compiled_reads_total`); so does one whose compiled statement fails, so a caller never
 * sees an answer the general path would not give.
 *
 * A statement is compiled once and kept (as text and parameters, and so is a verdict of the
 * general path) for the document, operation, caller's standing (its id too when the compilation
 * read it) and day, and the values of the variables
 * that shape it. The variables that only fill parameters (statement-parameters.ts: a lookup's
 * code, a node's id) are the statement's placeholders: one statement serves every value of them
 * that passes its guards, and a value outside them is compiled for itself.
 *
 * It runs after the plugins that check an operation before execution (page size, row budget, text
 * boundary): they refuse what they refuse before either path runs.
 *
 * With `verify`, a compiled answer is checked against the resolvers' (compiled-read-checks.ts).
 */
export function useCompiledReads(
  metrics: GatewayMetrics | undefined,
  { verify = false, logger }: { verify?: boolean; logger?: Logger } = {},
): Plugin {
  const cache = new StatementCache<CompiledOperation | typeof byCaller>(256);
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue as Partial<DistrictContext>;
      // A gateway that delegates to its districts has no database in its context.
      if (!ctx.district || !ctx.actor) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query') return;
      const general = executeFn as (executeArgs: ExecutionArgs) => unknown;
      setExecuteFn((executeArgs: ExecutionArgs) =>
        answer(executeArgs, operation, ctx as DistrictContext, general),
      );
    },
  };

  /** The statement for these variables: the shared one, or one compiled for their values. */
  function compiledFor(
    args: ExecutionArgs,
    operation: OperationDefinitionNode,
    ctx: DistrictContext,
    variables: Variables,
  ): CompiledOperation {
    const parameters = parameterVariables(args.schema, args.document);
    const day = todayInChina();
    const keyOf = (shapes: Variables, exact: boolean) => (caller: string) =>
      JSON.stringify([exact, args.operationName ?? null, caller, day, shapes]);
    let compiled: CompiledOperation | undefined = cached(
      args.document,
      ctx,
      keyOf(shapingValues(variables, parameters), false),
      () => {
        metrics?.readCompilation(parameters.size > 0 ? 'shared' : 'values');
        return compile(args, operation, ctx, parameters);
      },
    );
    // A verdict on the parameters' values alone (never kept) sends them to be compiled for themselves.
    if (compiled && 'reason' in compiled && compiled.reason === forValue) compiled = undefined;
    if (compiled && (!('guards' in compiled) || compiled.guards.every((guard) => guard(variables)))) {
      return compiled;
    }
    // These values fall outside the shared statement: one compiled with them written in.
    return cached(args.document, ctx, keyOf(variables, true), () => {
      metrics?.readCompilation('values');
      return compile(args, operation, ctx, new Map());
    });
  }

  /**
   * The statement kept under `keyOf(caller)`, or the one `make` compiles (then kept). The caller's
   * part of the key is first its role and reach without its own id, so every caller of the same
   * standing shares a statement; a statement whose compilation read the caller's id (a resident's
   * own reports, a filter of one's own events) is kept under the caller's whole identity instead,
   * and the shared key then only says so.
   */
  function cached(
    document: DocumentNode,
    ctx: DistrictContext,
    keyOf: (caller: string) => string,
    make: () => Compiled,
  ): CompiledOperation {
    // A verdict on the parameters' values alone is not kept: it says nothing of their other values.
    const keep = (key: string, operation: CompiledOperation) => {
      if (!('reason' in operation && operation.reason === forValue)) cache.set(document, key, operation);
    };
    const sharedKey = keyOf(standingKey(ctx.actor));
    const entry = cache.get(document, sharedKey);
    if (entry === byCaller) {
      const ownKey = keyOf(identityKey(ctx.actor));
      const own = cache.get(document, ownKey);
      if (own && own !== byCaller) return own;
      const { operation } = make();
      keep(ownKey, operation);
      return operation;
    }
    if (entry) return entry;
    const { operation, readCallerId } = make();
    if (readCallerId) {
      cache.set(document, sharedKey, byCaller);
      keep(keyOf(identityKey(ctx.actor)), operation);
    } else {
      keep(sharedKey, operation);
    }
    return operation;
  }

  async function answer(
    args: ExecutionArgs,
    operation: OperationDefinitionNode,
    ctx: DistrictContext,
    general: (args: ExecutionArgs) => unknown,
  ): Promise<unknown> {
    const variables = (args.variableValues ?? noVariables) as Variables;
    const compiled = compiledFor(args, operation, ctx, variables);
    if ('reason' in compiled) {
      metrics?.read(compiled.reason === 'compiler' ? 'failed' : 'general', compiled.reason);
      return general(args);
    }
    let data: ExecutionResult['data'];
    try {
      const params = compiled.fillers.size === 0 ? compiled.params : filled(compiled, variables);
      const [row] = await ctx.district.queryRows(compiled.text, params, { prepared: true });
      const value = row?.data;
      data = (typeof value === 'string' ? JSON.parse(value) : value) as ExecutionResult['data'];
    } catch {
      // The general path answers, and reports the failure (DISTRICT_UNAVAILABLE and the like) as
      // it always does.
      metrics?.read('failed');
      return general(args);
    }
    metrics?.read('compiled');
    const compiledAnswer = { data } satisfies ExecutionResult;
    return verify ? checked(compiledAnswer, args, operation, general) : compiledAnswer;
  }

  /**
   * The resolvers' answer to the same request, compared with the compiled one as the caller would
   * receive it (the JSON text, key order included); the resolvers' when they differ.
   */
  async function checked(
    compiledAnswer: ExecutionResult,
    args: ExecutionArgs,
    operation: OperationDefinitionNode,
    general: (args: ExecutionArgs) => unknown,
  ): Promise<unknown> {
    const generalAnswer = await general(args);
    // A stream (an incremental delivery) is not a single answer to compare.
    if (!generalAnswer || typeof generalAnswer !== 'object' || Symbol.asyncIterator in generalAnswer) {
      return generalAnswer;
    }
    const compiled = JSON.stringify(compiledAnswer);
    const resolved = JSON.stringify(generalAnswer);
    if (compiled === resolved) return compiledAnswer;
    metrics?.read('mismatch');
    const mismatch = {
      operationName: operation.name?.value ?? null,
      query: args.document.loc?.source.body ?? '',
      variables: (args.variableValues ?? noVariables) as Variables,
      compiled,
      general: resolved,
    };
    logger?.error(
      { operationName: mismatch.operationName },
      'A compiled read answered otherwise than the resolvers; the resolvers answered.',
    );
    publishCompiledReadMismatch(mismatch);
    return generalAnswer;
  }
}

/** A compilation, and whether it read the caller's own id (then its statement is the caller's). */
interface Compiled {
  operation: CompiledOperation;
  readCallerId: boolean;
}

/** Kept under a caller's standing: the operation's statements depend on each caller's id. */
const byCaller = Symbol('by caller');

const standingKeys = new WeakMap<object, string>();
const identityKeys = new WeakMap<object, string>();

/**
 * The caller's role and reach without its id: what most statements depend on of the caller (the
 * gateway hands out one actor per principal, so each is serialised once).
 */
function standingKey(actor: DistrictContext['actor']): string {
  let key = standingKeys.get(actor);
  if (key === undefined) {
    const { id: _id, ...standing } = actor;
    key = JSON.stringify(standing);
    standingKeys.set(actor, key);
  }
  return key;
}

/** The caller's whole identity, id included. */
function identityKey(actor: DistrictContext['actor']): string {
  let key = identityKeys.get(actor);
  if (key === undefined) {
    key = JSON.stringify(actor);
    identityKeys.set(actor, key);
  }
  return key;
}

/**
 * The context as the compiler sees it, with an actor that notes whether its `id` is read: a
 * visibility rule or filter that reads it makes the statement the caller's own.
 */
function watchingCallerId(ctx: DistrictContext): { ctx: DistrictContext; readCallerId: () => boolean } {
  let read = false;
  const actor = new Proxy(ctx.actor, {
    get(target, property, receiver) {
      if (property === 'id') read = true;
      return Reflect.get(target, property, receiver);
    },
  });
  const watched = Object.create(ctx, { actor: { value: actor } }) as DistrictContext;
  return { ctx: watched, readCallerId: () => read };
}

/** The reason of a compilation that failed for the parameters' values only (never kept). */
const forValue = 'for value';

/** The variables without the parameters' values, with what a statement depends on of them. */
function shapingValues(variables: Variables, parameters: ReadonlyMap<string, ParameterKind>): Variables {
  if (parameters.size === 0) return variables;
  const shapes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) {
    const kind = parameters.get(name);
    shapes[name] = kind ? { parameter: parameterShape(kind, value) } : value;
  }
  return shapes;
}

function filled(
  compiled: Extract<CompiledOperation, { text: string }>,
  variables: Variables,
): readonly unknown[] {
  return compiled.params.map((param) =>
    is(param, Placeholder) ? compiled.fillers.get(param.name as string)!(variables) : param,
  );
}

function compile(
  args: ExecutionArgs,
  operation: OperationDefinitionNode,
  ctx: DistrictContext,
  parameters: ReadonlyMap<string, ParameterKind>,
): Compiled {
  const watched = watchingCallerId(ctx);
  const operationOf = compileOperation(args, operation, watched.ctx, parameters);
  return { operation: operationOf, readCallerId: watched.readCallerId() };
}

function compileOperation(
  args: ExecutionArgs,
  operation: OperationDefinitionNode,
  ctx: DistrictContext,
  parameters: ReadonlyMap<string, ParameterKind>,
): CompiledOperation {
  const document: DocumentNode = args.document;
  const coerced = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    args.variableValues ?? {},
  );
  // The general path reports the variables' errors (those of a parameter's value hold for it alone).
  if (coerced.errors) return { reason: parameters.size > 0 ? forValue : 'variables' };
  try {
    const read = compileRead(args.schema, document, operation, coerced.coerced, ctx, parameters);
    const { sql: text, params } = dialect.sqlToQuery(read.statement);
    return { text, params, guards: read.guards, fillers: read.fillers };
  } catch (error) {
    if (error instanceof NotCompilableForValue) return { reason: forValue };
    if (error instanceof NotCompilable) return { reason: error.reason };
    // A fault of the compiler itself: the general path still answers the caller.
    return { reason: 'compiler' };
  }
}
