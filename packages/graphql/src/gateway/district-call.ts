import { delegateToSchema } from '@graphql-tools/delegate';
import { parseUnitFilter, SansheError } from '@sanshe/core';
import {
  GraphQLError,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  responsePathAsArray,
  type SelectionSetNode,
} from 'graphql';
import { telemetryOf } from './district-call-telemetry.js';
import { reportDistrictUnavailable } from './district-errors.js';
import type { DistrictSource } from './district-source.js';

/**
 * What every fan-out to districts shares: which districts a filter can reach, a per-district
 * timeout, and telling a district's refusal of bad input (the client's error) from an outage.
 */
export function filterReaches(
  route: { filterArg?: string | undefined },
  args: Record<string, unknown>,
  districtCode: string,
): boolean {
  if (!route.filterArg) return true;
  const filter = args[route.filterArg] as { districtCode?: string | null; parentCode?: string | null } | null;
  // Core's rule for the codes of a filter, so a bad one is refused before any district is asked.
  const parsed = parseUnitFilter(
    filter && { districtCode: filter.districtCode ?? null, parentCode: filter.parentCode ?? null },
    { path: [route.filterArg] },
  );
  if (!parsed.success) throw SansheError.fromIssue(parsed.error);
  if (filter?.districtCode != null && filter.districtCode !== districtCode) return false;
  if (filter?.parentCode != null && filter.parentCode.slice(0, 6) !== districtCode) return false;
  return true;
}

/**
 * An error the district raised on purpose (bad input, a refused page size): the client should
 * see it as it is. Anything else means the district itself failed.
 */
export function isExpectedError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  if (error instanceof AggregateError) return error.errors.some(isExpectedError);
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof SansheError) return true;
    if (current.name === 'PothosValidationError') return true;
    if (current instanceof GraphQLError) {
      const code = current.extensions?.code;
      if (typeof code === 'string' && code !== 'DISTRICT_UNAVAILABLE' && code !== 'INTERNAL_SERVER_ERROR')
        return true;
      // A request the district could not validate or coerce is the client's input, not an outage.
      if (!current.originalError && !current.path) return true;
      current = current.originalError;
      continue;
    }
    return false;
  }
  return false;
}

export function reasonOf(error: unknown): string {
  if (error instanceof TimeoutError) return error.message;
  return 'it did not answer';
}

export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What a call to one district needs to be reported when it fails. */
export interface DistrictCall {
  context: unknown;
  info: GraphQLResolveInfo;
  timeoutMs: number;
  /** Whether the answer has the expected shape (a list, an object). */
  isAnswer: (value: unknown) => boolean;
}

/**
 * Run one district's part of an answer within the timeout. The district's answer, or undefined
 * when it failed or was too slow, in which case it has been reported as DISTRICT_UNAVAILABLE
 * beside the data (and its cause logged, with the request's telemetry). An error the district
 * raised on purpose (bad input) is the client's and is thrown as it is. `answer` delegates to
 * the district, or calls its resolver in-process.
 */
export async function answerOrReport(
  source: DistrictSource,
  call: DistrictCall,
  answer: () => unknown,
): Promise<unknown> {
  const watch = telemetryOf(call.context)?.districtCall(source, call.info.fieldName);
  let result: unknown;
  try {
    result = await withTimeout(
      Promise.resolve().then(() => (watch ? watch.run(answer) : answer())),
      call.timeoutMs,
    );
  } catch (error) {
    result = error;
  }
  if (result instanceof Error || !call.isAnswer(result)) {
    if (isExpectedError(result)) {
      watch?.end('refused');
      throw result;
    }
    watch?.end(result instanceof TimeoutError ? 'timeout' : 'error', {
      error: result instanceof Error ? result : new UnexpectedAnswerError(),
      reported: true,
    });
    reportDistrictUnavailable(
      call.context,
      source.districtCode,
      reasonOf(result),
      responsePathAsArray(call.info.path),
    );
    return undefined;
  }
  watch?.end('ok');
  return result;
}

/** A district answered, but not with what was asked (null, or a list of the wrong length). */
export class UnexpectedAnswerError extends Error {
  override readonly name = 'UnexpectedAnswerError';
  constructor() {
    super('the district answered with something other than what was asked');
  }
}

/** {@link answerOrReport} by delegating a root query field to the district's schema. */
export function askDistrict(
  source: DistrictSource,
  request: DistrictCall & {
    fieldName: string;
    args: Record<string, unknown>;
    selectionSet?: SelectionSetNode;
    returnType?: GraphQLOutputType;
  },
): Promise<unknown> {
  return answerOrReport(source, request, () =>
    delegateToSchema({
      schema: source.subschema,
      operation: 'query' as never,
      fieldName: request.fieldName,
      args: request.args,
      context: request.context as Record<string, unknown>,
      info: request.info,
      ...(request.selectionSet ? { selectionSet: request.selectionSet } : {}),
      ...(request.returnType ? { returnType: request.returnType } : {}),
    }),
  );
}
