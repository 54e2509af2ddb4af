import type { GraphQLFieldResolver } from 'graphql';
import { answerOrReport, filterReaches } from './district-call.js';
import type { DistrictSource } from './district-source.js';
import type { FanOutOptions, PaginationArgs } from './fan-out-connection.js';
import { districtPageArgs, readPagination } from './fan-out-connection.js';
import { mergeBackward, mergeForward } from './merge-pages.js';
import type { FieldRoute } from './routes.js';

/** A Relay connection as the district schema's resolvers build and read it. */
interface DistrictConnection {
  edges: { cursor: string; node: unknown }[];
  pageInfo: Record<string, unknown>;
  totalCount?: () => unknown;
}

const isConnection = (value: unknown): value is DistrictConnection =>
  typeof value === 'object' && value !== null && Array.isArray((value as DistrictConnection).edges);

/**
 * A root connection of a gateway that serves one district in-process: the district's own
 * resolver answers, and its page is cut and its cursors encoded exactly as the fan-out over
 * several districts does it (`fanOutConnectionResolver`). So cursors, page boundaries, errors
 * and DISTRICT_UNAVAILABLE are the same whichever way the gateway is built; only the
 * delegation (a second execution of the whole selection) is saved.
 */
export function localConnectionResolver(
  route: Extract<FieldRoute, { kind: 'fanOutConnection' }>,
  source: DistrictSource,
  districtResolver: GraphQLFieldResolver<unknown, unknown, Record<string, unknown>>,
  options: Pick<FanOutOptions, 'timeoutMs'>,
): GraphQLFieldResolver<unknown, unknown, Record<string, unknown>> {
  const { districtCode } = source;
  return async (root, args, context, info) => {
    const pagination = readPagination(args as PaginationArgs);
    const { forward, size, from } = pagination;
    if (!filterReaches(route, args, districtCode)) return emptyConnection();
    const districtArgs = districtPageArgs(args, districtCode, pagination);
    const answer = await answerOrReport(
      source,
      { context, info, timeoutMs: options.timeoutMs, isAnswer: isConnection },
      () => districtResolver(root, districtArgs, context, info),
    );
    if (!isConnection(answer)) return emptyConnection();
    const page = {
      districtCode,
      // One district's rows are already in order; the sort key only orders rows across districts.
      rows: answer.edges.map((edge) => ({ districtCode, cursor: edge.cursor, sortKey: [], node: edge.node })),
    };
    const merged = forward ? mergeForward([page], size, from) : mergeBackward([page], size, from);
    return {
      ...answer,
      edges: merged.edges,
      pageInfo: {
        hasNextPage: merged.hasNextPage,
        hasPreviousPage: merged.hasPreviousPage,
        startCursor: merged.edges[0]?.cursor ?? null,
        endCursor: merged.edges.at(-1)?.cursor ?? null,
      },
    };
  };
}

function emptyConnection(): DistrictConnection {
  return {
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    totalCount: () => 0,
  };
}
