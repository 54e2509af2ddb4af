import { resolveExternalValue } from '@graphql-tools/delegate';
import { SansheError } from '@sanshe/core';
import { type GraphQLFieldResolver, type GraphQLObjectType, getNamedType } from 'graphql';
import { defaultPageSize, maxPageSize } from '../builder.js';
import { mapBounded } from './bounded-map.js';
import { askDistrict, filterReaches } from './district-call.js';
import type { DistrictSource } from './district-source.js';
import { type DistrictPage, mergeBackward, mergeForward } from './merge-pages.js';
import { decodeMergedCursor } from './merged-cursor.js';
import type { FieldRoute } from './routes.js';
import { field, readConnectionSelection, selectionSet } from './selection.js';

const alias = {
  total: '__sanshe_total',
  edges: '__sanshe_edges',
  cursor: '__sanshe_cursor',
  node: '__sanshe_node',
  sort: (i: number) => `__sanshe_sort_${i}`,
};

export interface FanOutOptions {
  /** How long one district may take before it is reported unavailable. */
  timeoutMs: number;
  /** At most this many districts asked at once. */
  concurrency: number;
}

export interface PaginationArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * A root connection answered by every district the filter can reach, in parallel, merged into
 * one page in a stable order. Each district is asked for one row more than the page, in one
 * request carrying the client's whole node selection, so nested fields are resolved by the
 * district that owns the rows.
 */
export function fanOutConnectionResolver(
  route: Extract<FieldRoute, { kind: 'fanOutConnection' }>,
  sources: readonly DistrictSource[],
  fieldName: string,
  options: FanOutOptions,
): GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>> {
  return async (_root, args, context, info) => {
    const { forward, size, from } = readPagination(args as PaginationArgs);
    const targets = sources.filter((source) => filterReaches(route, args, source.districtCode));
    const sortFields = sortFieldsFor(route, args.orderBy);
    const { wantsTotalCount, nodeSelections } = readConnectionSelection(info);
    const connectionType = getNamedType(info.returnType) as GraphQLObjectType;
    const nodeType = getNamedType(
      (getNamedType(connectionType.getFields().edges!.type) as GraphQLObjectType).getFields().node!.type,
    );

    const request = selectionSet([
      ...(wantsTotalCount ? [field('totalCount', alias.total)] : []),
      field('edges', alias.edges, [
        field('cursor', alias.cursor),
        field('node', alias.node, [
          ...sortFields.map((name, i) => field(name, alias.sort(i))),
          ...nodeSelections,
        ]),
      ]),
    ]);

    const answers = await mapBounded(targets, options.concurrency, async (source) => {
      const districtCode = source.districtCode;
      const districtArgs = districtPageArgs(args, districtCode, { forward, size, from });
      const result = await askDistrict(source, {
        fieldName,
        args: districtArgs,
        context,
        info,
        selectionSet: request,
        returnType: connectionType,
        timeoutMs: options.timeoutMs,
        isAnswer: (value) => value != null,
      });
      if (result === undefined) return undefined;
      const connection = result as Record<string, unknown>;
      const edges = (connection[alias.edges] as Record<string, unknown>[] | null) ?? [];
      const page: DistrictPage = {
        districtCode,
        rows: edges.map((edge) => {
          const node = edge[alias.node] as Record<string, unknown>;
          return {
            districtCode,
            cursor: String(edge[alias.cursor]),
            sortKey: sortFields.map((_, i) => String(node[alias.sort(i)] ?? '')),
            node: resolveExternalValue(node, [], source.subschema as never, context, info, nodeType),
          };
        }),
      };
      return { page, total: Number(connection[alias.total] ?? 0) };
    });

    const answered = answers.filter((answer) => answer !== undefined);
    const pages = answered.map((answer) => answer.page);
    const merged = forward ? mergeForward(pages, size, from) : mergeBackward(pages, size, from);
    return {
      edges: merged.edges,
      nodes: merged.edges.map((edge) => edge.node),
      totalCount: answered.reduce((sum, answer) => sum + answer.total, 0),
      pageInfo: {
        hasNextPage: merged.hasNextPage,
        hasPreviousPage: merged.hasPreviousPage,
        startCursor: merged.edges[0]?.cursor ?? null,
        endCursor: merged.edges.at(-1)?.cursor ?? null,
      },
    };
  };
}

/**
 * What one district is asked for its part of a merged page: one row more than the page (to know
 * whether another follows), from where the merged cursor says that district stands.
 */
export function districtPageArgs(
  args: Record<string, unknown>,
  districtCode: string,
  { forward, size, from }: ReturnType<typeof readPagination>,
): Record<string, unknown> {
  return {
    ...args,
    first: forward ? size + 1 : null,
    last: forward ? null : size + 1,
    after: forward ? (from?.after[districtCode] ?? null) : null,
    before: forward ? null : (from?.before[districtCode] ?? null),
  };
}

export function readPagination(args: PaginationArgs) {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw new SansheError('INVALID_PAGINATION', 'Ask for either first or last, not both.', {
      path: ['first'],
    });
  }
  if (
    (first != null && after == null && before != null) ||
    (last != null && before == null && after != null)
  ) {
    throw new SansheError('INVALID_PAGINATION', 'Use first with after, and last with before.', {
      path: ['after'],
    });
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value != null && value < 0) {
      throw new SansheError('INVALID_PAGINATION', `${name} cannot be negative.`, { path: [name] });
    }
    if (value != null && value > maxPageSize) {
      throw new SansheError('PAGE_SIZE_EXCEEDED', `${name} is at most ${maxPageSize}, got ${value}.`, {
        path: [name],
      });
    }
  }
  const forward = last == null;
  const size = forward ? (first ?? defaultPageSize) : last;
  const cursor = forward ? after : before;
  const from = cursor ? decodeMergedCursor(cursor, forward ? 'after' : 'before') : undefined;
  return { forward, size, from };
}

function sortFieldsFor(
  route: Extract<FieldRoute, { kind: 'fanOutConnection' }>,
  orderBy: unknown,
): readonly string[] {
  const entries = Object.entries(route.sortFields);
  const key = typeof orderBy === 'string' ? orderBy.toLowerCase() : undefined;
  return (key ? route.sortFields[key] : undefined) ?? entries[0]![1];
}
