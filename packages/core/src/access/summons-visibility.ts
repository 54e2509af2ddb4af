import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { communities } from '../schema/hierarchy.js';
import type { Actor } from './actor.js';
import { reachOf } from './jurisdiction.js';
import { always, type Columns, fromAlias, never, prefixPattern } from './sql-conditions.js';

/**
 * Who may read summonses (吹哨报到, docs/domain.md §7.8, §14), as an SQL condition to AND into a
 * query, like access/visibility.ts. A summons is the community's record of what it asked of the
 * district's departments, logged so it can be assessed:
 *
 * - district-wide roles (administrators, department staff, evaluators, a district's services):
 *   every summons of the district; a department's staff see those naming other departments too,
 *   since a summons is answered together and a department told it is not named must see why;
 * - subdistrict and community staff and grid workers: summonses of the communities of their unit;
 * - organizations, workers, volunteers, residents and PUBLIC: none (the public reads the
 *   aggregate "summonses reported in on time" through the indicators).
 */
export type SummonsVisibilityColumns = Columns<'districtCode' | 'communityId'>;

export function visibleSummonses(actor: Actor, districtCode: string, summons: SummonsVisibilityColumns): SQL {
  const reach = reachOf(actor, districtCode);
  switch (reach.kind) {
    case 'everything':
    case 'district':
      return always;
    case 'unit': {
      const community = alias(communities, 'svis_community');
      return sql`exists (select 1 from ${fromAlias(communities, community)}
        where ${community.districtCode} = ${summons.districtCode} and ${community.id} = ${summons.communityId}
          and ${community.code} like ${prefixPattern(reach.prefix)})`;
    }
    default:
      return never;
  }
}
