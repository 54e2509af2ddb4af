import type { ResultOf, VariablesOf } from 'gql.tada';
import type { AnyDocument, RequestOptions, RequestResult } from './client.js';
import { SansheClientError } from './errors.js';
import { describeOperation } from './operation.js';

/** The part of a Relay connection `paginate` needs: its page info and its nodes. */
export type Connection = {
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
} & ({ nodes: readonly unknown[] } | { edges: readonly ({ node: unknown } | null)[] });

/** The node type of a connection, from `nodes` or else from `edges { node }`. */
export type ConnectionNode<Page> = Page extends { nodes: readonly (infer Node)[] }
  ? NonNullable<Node>
  : Page extends { edges: readonly (infer Edge)[] }
    ? NonNullable<Edge> extends { node: infer Node }
      ? NonNullable<Node>
      : never
    : never;

/**
 * The variables of a paginated document. It must declare `$after`: paginate moves through
 * the list by setting it, and a document without it would return the first page forever.
 */
export type PaginateVariables<Variables> = 'after' extends keyof Variables
  ? Variables
  : { 'paginate needs a document that declares $after: String': never };

type Request = <Document extends AnyDocument>(
  document: Document,
  variables: VariablesOf<Document>,
  options?: RequestOptions,
) => Promise<RequestResult<ResultOf<Document>>>;

/**
 * Iterate over every node of a connection; see `SansheClient.paginate`.
 *
 * @throws {@link SansheClientError} when a page fails or the connection does not advance.
 */
export async function* paginate<Document extends AnyDocument, Page extends Connection>(
  request: Request,
  document: Document,
  variables: PaginateVariables<VariablesOf<Document>>,
  select: (data: ResultOf<Document>) => Page | null | undefined,
  options?: RequestOptions,
): AsyncGenerator<ConnectionNode<Page>, void, undefined> {
  if (!describeOperation(document).variables.includes('after')) {
    // Caught by the types already; this guards untyped callers against an endless loop.
    throw new SansheClientError({
      code: 'INVALID_RESPONSE',
      message: 'paginate needs a document that declares $after: String',
    });
  }
  let pageVariables = variables as Record<string, unknown>;
  let previousCursor: string | null | undefined;
  for (;;) {
    const result = await request(document, pageVariables as VariablesOf<Document>, options);
    // Partial data is a failure here: yielding it would silently skip the missing nodes.
    if (result.error) throw result.error;
    if (result.data === undefined) return;
    const page = select(result.data);
    if (!page) return;
    if (!page.pageInfo) {
      throw new SansheClientError({
        code: 'INVALID_RESPONSE',
        message: 'the selected connection has no pageInfo { hasNextPage endCursor }',
      });
    }
    for (const node of nodesOf(page)) yield node as ConnectionNode<Page>;
    const { hasNextPage, endCursor } = page.pageInfo;
    if (!hasNextPage) return;
    if (!endCursor || endCursor === previousCursor) {
      throw new SansheClientError({
        code: 'INVALID_RESPONSE',
        message: 'the connection reports a next page but its endCursor did not move',
      });
    }
    previousCursor = endCursor;
    pageVariables = { ...pageVariables, after: endCursor };
  }
}

function nodesOf(page: Connection): unknown[] {
  if ('nodes' in page && Array.isArray(page.nodes)) return page.nodes.filter((node) => node != null);
  if ('edges' in page && Array.isArray(page.edges)) {
    return page.edges.flatMap((edge) => (edge?.node != null ? [edge.node] : []));
  }
  throw new SansheClientError({
    code: 'INVALID_RESPONSE',
    message: 'the selected connection has neither nodes nor edges { node }',
  });
}
