import { todayInChina } from '@sanshe/core';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { DocumentNode, ExecutionArgs, ExecutionResult, OperationDefinitionNode } from 'graphql';
import { getOperationAST, getVariableValues } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { DistrictContext } from '../context.js';
import type { GatewayMetrics } from '../server/metrics.js';
import { compileRead, NotCompilable } from './compile-read.js';
import { StatementCache } from './statement-cache.js';

/** A compiled operation: the statement's text and parameters, or why it runs on the general path. */
type CompiledOperation = { text: string; params: readonly unknown[] } | { reason: string };

const dialect = new PgDialect();

/**
 * Answers a query operation of a gateway's one local district with the one statement
 * `compileRead` builds from it, instead of executing its resolvers (issue 21). An operation the
 * compiler does not cover runs on the general path, with the reason counted in `/metrics`
 * (`sanshe_compiled_reads_total`); so does one whose compiled statement fails, so a caller never
 * sees an answer the general path would not give.
 *
 * A statement is compiled once and kept (as text and parameters, and so is a verdict of the
 * general path) for the same document, operation, caller, day and variables: a page asked again
 * costs the statement alone.
 *
 * It runs after the plugins that check an operation before execution (page size, row budget, text
 * boundary): they refuse what they refuse before either path runs.
 */
export function useCompiledReads(metrics: GatewayMetrics | undefined): Plugin {
  const cache = new StatementCache<CompiledOperation>(256);
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

  async function answer(
    args: ExecutionArgs,
    operation: OperationDefinitionNode,
    ctx: DistrictContext,
    general: (args: ExecutionArgs) => unknown,
  ): Promise<unknown> {
    const key = JSON.stringify([
      args.operationName ?? null,
      ctx.actor,
      todayInChina(),
      args.variableValues ?? null,
    ]);
    let compiled = cache.get(args.document, key);
    if (!compiled) {
      compiled = compile(args, args.document, operation, ctx);
      cache.set(args.document, key, compiled);
    }
    if ('reason' in compiled) {
      metrics?.read(compiled.reason === 'compiler' ? 'failed' : 'general', compiled.reason);
      return general(args);
    }
    let data: ExecutionResult['data'];
    try {
      const [row] = await ctx.district.queryRows(compiled.text, compiled.params, { prepared: true });
      const value = row?.data;
      data = (typeof value === 'string' ? JSON.parse(value) : value) as ExecutionResult['data'];
    } catch {
      // The general path answers, and reports the failure (DISTRICT_UNAVAILABLE and the like) as
      // it always does.
      metrics?.read('failed');
      return general(args);
    }
    metrics?.read('compiled');
    return { data } satisfies ExecutionResult;
  }
}

function compile(
  args: ExecutionArgs,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  ctx: DistrictContext,
): CompiledOperation {
  const coerced = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    args.variableValues ?? {},
  );
  // The general path reports the variables' errors.
  if (coerced.errors) return { reason: 'variables' };
  try {
    const { sql: text, params } = dialect.sqlToQuery(
      compileRead(args.schema, document, operation, coerced.coerced, ctx),
    );
    return { text, params };
  } catch (error) {
    if (error instanceof NotCompilable) return { reason: error.reason };
    // A fault of the compiler itself: the general path still answers the caller.
    return { reason: 'compiler' };
  }
}
