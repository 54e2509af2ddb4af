import type { communities, grids, subdistricts } from '../schema/hierarchy.js';
import { communityStems, gridOrdinals, placeStems } from './names.js';
import { createRandom } from './random.js';

type NewSubdistrict = typeof subdistricts.$inferInsert;
type NewCommunity = typeof communities.$inferInsert;
type NewGrid = typeof grids.$inferInsert;

export interface DemoScale {
  /** Subdistricts (街道/镇) in the district. Default 8. */
  subdistricts?: number;
  /** Communities per subdistrict, at most 399. Default: 8 to 16, varying. */
  communitiesPerSubdistrict?: number;
  /** Grids per community. Default: 3 to 6, varying. */
  gridsPerCommunity?: number;
}

export interface DemoDistrictPlan {
  districtCode: string;
  name: string;
  effectiveFrom: string;
  subdistricts: NewSubdistrict[];
  communities: NewCommunity[];
  grids: NewGrid[];
}

/**
 * The rows of one demo district, deterministic for a seed. Ids are assigned here so that the
 * same seed gives the same global IDs and cursors everywhere.
 */
export function planDemoDistrict(options: {
  districtCode: string;
  name: string;
  seed: number;
  scale?: DemoScale;
}): DemoDistrictPlan {
  const { districtCode, name, seed, scale = {} } = options;
  const random = createRandom(seed);
  const subdistrictCount = Math.min(scale.subdistricts ?? 8, 399);
  const plan: DemoDistrictPlan = {
    districtCode,
    name,
    effectiveFrom: '2000-01-01',
    subdistricts: [],
    communities: [],
    grids: [],
  };
  for (let s = 1; s <= subdistrictCount; s++) {
    // Mostly 街道 (001–099); every fourth a 镇 (1xx), which also has villages.
    const isTown = s % 4 === 0;
    const suffix = isTown ? 100 + s : s;
    const code = `${districtCode}${String(suffix).padStart(3, '0')}`;
    const stem = placeStems[(seed + s * 7) % placeStems.length]!;
    const subdistrictId = s;
    plan.subdistricts.push({
      districtCode,
      id: subdistrictId,
      code,
      name: `${stem}${isTown ? '镇' : '街道'}`,
      kind: isTown ? 'town' : 'subdistrict',
      effectiveFrom: '2001-01-01',
    });
    const communityCount = Math.min(scale.communitiesPerSubdistrict ?? random.int(8, 16), 399);
    for (let c = 1; c <= communityCount; c++) {
      const isVillage = isTown && c > communityCount / 2;
      const communitySuffix = isVillage ? 200 + c : c;
      const communityCode = `${code}${String(communitySuffix).padStart(3, '0')}`;
      const communityId = plan.communities.length + 1;
      const population = isVillage ? random.int(1200, 4500) : random.int(3000, 14000);
      const stemIndex = (c * 13 + s * 5 + seed) % communityStems.length;
      const round = Math.floor(((c - 1) * 13) / communityStems.length);
      plan.communities.push({
        districtCode,
        id: communityId,
        subdistrictId,
        code: communityCode,
        name: `${communityStems[stemIndex]}${round > 0 ? round + 1 : ''}${isVillage ? '村' : '社区'}`,
        kind: isVillage ? 'village' : 'community',
        urbanRuralClass: isVillage ? '220' : isTown ? '121' : random.pick(['111', '111', '112']),
        residentPopulation: population,
        households: Math.round(population / (2.4 + random.next())),
        areaKm2: Math.round((isVillage ? random.int(200, 900) : random.int(30, 250)) / 10) / 10,
        effectiveFrom: '2002-01-01',
      });
      const gridCount = scale.gridsPerCommunity ?? random.int(3, 6);
      for (let g = 1; g <= gridCount; g++) {
        plan.grids.push({
          districtCode,
          id: plan.grids.length + 1,
          communityId,
          code: `${communityCode}${String(g).padStart(3, '0')}`,
          name: `第${gridOrdinals[g - 1] ?? g}网格`,
          effectiveFrom: '2015-01-01',
        });
      }
    }
  }
  return plan;
}
