import {
  communities,
  isLocalId,
  seesWholeDistrict,
  socialOrganizations,
  socialWorkers,
  visibleOrganizations,
  visibleWorkers,
} from '@sanshe/core';
import DataLoader from 'dataloader';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import type { DistrictContext } from '../../context.js';
import { decodeGlobalId } from '../../global-id.js';
import type { SubgraphEntity } from './subgraph-schema.js';

/**
 * Apollo Federation entities (`@key(fields: "id")`): another department's subgraph holds a
 * global id of ours and asks `_entities` for the rest. A reference resolves to the row's key;
 * the drizzle plugin then loads exactly the fields the query selects, batched across every
 * reference of the request. A reference resolves to null, as `node(id)` does, when the id is
 * not ours (another type, another district, malformed), the row does not exist, or the caller
 * may not see it: the caller cannot tell those apart.
 */
export type EntityTypename = 'Community' | 'SocialOrganization' | 'SocialWorker';

interface EntityTable {
  // biome-ignore lint/suspicious/noExplicitAny: the three tables share district_code and id
  table: any;
  /** Core's condition for the rows an actor may see, or undefined when every row is visible. */
  visibleTo?: typeof visibleOrganizations;
}

const entityTables: Record<EntityTypename, EntityTable> = {
  // The hierarchy is reference data: visible to everyone.
  Community: { table: communities },
  SocialOrganization: { table: socialOrganizations, visibleTo: visibleOrganizations },
  SocialWorker: { table: socialWorkers, visibleTo: visibleWorkers },
};

/** The caller's condition on a table, or undefined when it sees the whole district. */
function visibleCondition(ctx: DistrictContext, { table, visibleTo }: EntityTable): SQL | undefined {
  const districtCode = ctx.district.districtCode;
  if (!visibleTo || seesWholeDistrict(ctx.actor, districtCode)) return undefined;
  return visibleTo(ctx.actor, districtCode, table);
}

/** One batch per request and type: every reference of an `_entities` call in one statement. */
const loaders = new WeakMap<DistrictContext, Map<EntityTypename, DataLoader<number, boolean>>>();

function existenceLoader(ctx: DistrictContext, typename: EntityTypename): DataLoader<number, boolean> {
  let byType = loaders.get(ctx);
  if (!byType) {
    byType = new Map();
    loaders.set(ctx, byType);
  }
  let loader = byType.get(typename);
  if (!loader) {
    const entity = entityTables[typename];
    const { table } = entity;
    loader = new DataLoader<number, boolean>(async (ids) => {
      const rows: { id: number }[] = await ctx.district.db
        .select({ id: table.id })
        .from(table)
        .where(
          and(
            eq(table.districtCode, ctx.district.districtCode),
            inArray(table.id, [...ids]),
            visibleCondition(ctx, entity),
          ),
        );
      const found = new Set(rows.map((row) => row.id));
      return ids.map((id) => found.has(id));
    });
    byType.set(typename, loader);
  }
  return loader;
}

/** The `resolveReference` of an entity type: its key row, or null (see above). */
export function entityReferenceResolver(typename: EntityTypename) {
  return async (
    reference: { readonly id?: unknown },
    ctx: DistrictContext,
  ): Promise<{ districtCode: string; id: number } | null> => {
    if (typeof reference.id !== 'string') return null;
    let decoded: ReturnType<typeof decodeGlobalId>;
    try {
      decoded = decodeGlobalId(reference.id);
    } catch {
      return null;
    }
    if (decoded.typename !== typename || decoded.districtCode !== ctx.district.districtCode) return null;
    const id = Number(decoded.localId);
    if (!isLocalId(id)) return null;
    return (await existenceLoader(ctx, typename).load(id))
      ? { districtCode: decoded.districtCode, id }
      : null;
  };
}

/**
 * The district schema's entities, keyed by their global id. `resolveReference` hands back only
 * the row's key, not the whole row the type's resolvers read: the drizzle plugin sees a row it
 * did not load and fetches the selected fields for it (one statement per type and request).
 */
export const districtEntities: Readonly<Record<EntityTypename, SubgraphEntity<DistrictContext>>> = {
  Community: { key: 'id', resolveReference: entityReferenceResolver('Community') },
  SocialOrganization: { key: 'id', resolveReference: entityReferenceResolver('SocialOrganization') },
  SocialWorker: { key: 'id', resolveReference: entityReferenceResolver('SocialWorker') },
};
