import SchemaBuilder from '@pothos/core';
import DrizzlePlugin from '@pothos/plugin-drizzle';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import { relations, type SansheRelations } from '@sanshe/core';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { DistrictContext } from './context.js';
import { routeExtension } from './gateway/routes.js';
import { decodePothosId, encodePothosId } from './global-id.js';

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
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
  };
}

export const builder = new SchemaBuilder<SansheSchemaTypes>({
  plugins: [ErrorsPlugin, RelayPlugin, DrizzlePlugin],
  defaultFieldNullability: false,
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
      // A well-formed ID whose row does not exist (deleted, or never existed) is simply absent.
      resolve: async (_root, args, _ctx, _info, resolveNode) => {
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
