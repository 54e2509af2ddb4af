import SchemaBuilder from '@pothos/core';
import DrizzlePlugin, { type DrizzleObjectRef, getSchemaConfig } from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { auditReaderRoles, reachOf, relations, SansheError, type SansheRelations } from '@sanshe/core';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { DistrictContext } from './context.js';
import { routeExtension } from './gateway/routes.js';
import { decodeGlobalId, decodePothosId, encodePothosId } from './global-id.js';
import { loadNode, type NodeTarget } from './schema/node-lookup.js';
import { nodeIsVisible } from './schema/visibility.js';

/** The largest page any connection returns; larger requests are refused, not truncated. */
export const maxPageSize = 100;
export const defaultPageSize = 20;

export interface SansheSchemaTypes {
  Context: DistrictContext;
  // Fields are non-null unless they say otherwise: a typed client then needs no null checks
  // for what always exists.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: false;
  DrizzleRelations: SansheRelations;
  /**
   * The gateway's field-level rules (Pothos scope-auth). They mirror core's checks for fields
   * that are not rows: who may read audit trails. Rows are narrowed by `schema/visibility.ts`
   * and writes are checked by core itself.
   */
  AuthScopes: {
    /** A caller with a token (any role but PUBLIC). */
    authenticated: boolean;
    /** A city or district administrator whose reach covers this district. */
    auditReader: boolean;
  };
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    Fen: { Input: number; Output: number };
    /** A GeoJSON object (RFC 7946) as JSON, or its JSON text on input; core parses it. */
    GeoJSON: { Input: unknown; Output: unknown };
  };
}

/**
 * The ref of a drizzle node that other modules build on (a mutation answering it, fields added to
 * it elsewhere), under a type declarations can name: Pothos' own node-ref type lives in a file its
 * package does not export. `Shape` is the row the node selects by default.
 */
export type SharedNodeRef<
  Table extends keyof SansheSchemaTypes['DrizzleRelations'],
  Shape extends object,
> = DrizzleObjectRef<PothosSchemaTypes.ExtendDefaultTypes<SansheSchemaTypes>, Table, Shape>;

/**
 * The scopes a caller holds, as fields' `authScopes` name them: a function of its role and reach
 * alone, so the compiled path (compiled-reads/compile-read.ts) reads them too.
 */
export function authScopesOf(ctx: DistrictContext): SansheSchemaTypes['AuthScopes'] {
  const role = ctx.actor.role;
  const reach = reachOf(ctx.actor, ctx.district.districtCode).kind;
  return {
    authenticated: role !== 'PUBLIC',
    auditReader:
      role === undefined ||
      role === 'SYSTEM' ||
      (auditReaderRoles.includes(role) && (reach === 'everything' || reach === 'district')),
  };
}

export const builder = new SchemaBuilder<SansheSchemaTypes>({
  // scope-auth first, so its checks wrap every other plugin's resolvers. The federation subgraph
  // form of the schema (`/subgraph`) is made from the built schema (schema/federation/).
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: authScopesOf,
    // The same typed code as core's refusals, so a client handles both alike.
    unauthorizedError: (_parent, _ctx, info) =>
      new SansheError('FORBIDDEN', `The caller may not read ${info.parentType.name}.${info.fieldName}.`),
  },
  drizzle: {
    client: (ctx) => ctx.district.db,
    getTableConfig,
    relations,
    defaultConnectionSize: defaultPageSize,
    // The gateway asks each district for one row more than a client's page, to merge.
    maxConnectionSize: maxPageSize + 1,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: false },
    nodesQueryOptions: false,
    nodeQueryOptions: {
      extensions: routeExtension({ kind: 'globalId', argPath: ['id'] }),
      // A well-formed ID whose row does not exist (deleted, or never existed) is simply absent,
      // and so is one outside the caller's jurisdiction: the two answers are the same, so a
      // caller cannot probe which ids exist beyond its reach.
      resolve: async (_root, args, ctx, info, resolveNode) => {
        const target = nodeTarget(args.id);
        // Fail closed: an argument whose target cannot be told is answered as absent.
        if (!target || !(await nodeIsVisible(ctx, target.typename, target.localId))) return null;
        const row = await loadNode(getSchemaConfig(builder), ctx, info, target);
        if (row !== undefined) return row;
        try {
          return await resolveNode(args.id);
        } catch (error) {
          if (error instanceof Error && /^Model \w+\(.*\) not found$/.test(error.message)) return null;
          throw error;
        }
      },
    },
    encodeGlobalID: (typename, id) => encodePothosId(typename, id),
    decodeGlobalID: (globalId) => decodePothosId(globalId),
  },
  errors: { defaultTypes: [] },
});

/**
 * The type and key `node(id:)` asks for. The relay plugin hands the argument over already
 * decoded (by {@link decodePothosId}): `{ typename, id }` with the drizzle key as JSON.
 */
function nodeTarget(id: unknown): NodeTarget | undefined {
  if (typeof id === 'string') {
    try {
      const decoded = decodeGlobalId(id);
      return {
        typename: decoded.typename,
        districtCode: decoded.districtCode,
        localId: Number(decoded.localId),
      };
    } catch {
      return undefined; // malformed: resolving it reports INVALID_ID
    }
  }
  const parsed = id as { typename?: unknown; id?: unknown } | null;
  if (typeof parsed?.typename !== 'string' || typeof parsed.id !== 'string') return undefined;
  if (parsed.typename === 'District') return { typename: 'District', districtCode: parsed.id, localId: 0 };
  try {
    const key = JSON.parse(parsed.id) as unknown;
    return Array.isArray(key) && typeof key[0] === 'string' && typeof key[1] === 'number'
      ? { typename: parsed.typename, districtCode: key[0], localId: key[1] }
      : undefined;
  } catch {
    return undefined;
  }
}
