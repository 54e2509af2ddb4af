/**
 * The indicators of DOMAIN.md §10 that sanshe computes from organizations and social workers,
 * with what their numerators and denominators count, in words. Every figure is returned as a
 * numerator and a denominator so that figures of several units (or districts) are combined by
 * summing both, never by averaging ratios.
 */
export const indicatorKeys = [
  'organizations_per_10k_residents',
  'community_organizations_per_urban_community',
  'community_organizations_per_rural_community',
  'certified_social_workers_per_10k_residents',
] as const;

export type IndicatorKey = (typeof indicatorKeys)[number];

/** The levels an indicator is computed for. */
export type IndicatorLevel = 'district' | 'subdistrict' | 'community';

export interface IndicatorDefinition {
  title: string;
  /** The value is numerator / denominator × scale: 1, or 10,000 for "per 10,000 residents". */
  scale: 1 | 10_000;
  /** Where the figure comes from or what it answers (policy or report). */
  source: string;
  numerator(level: IndicatorLevel, unitCode: string, on: string): string;
  denominator(level: IndicatorLevel, unitCode: string, on: string): string;
}

const inForceOrganization = (on: string) =>
  `in force on ${on} (registered or filed on or before that day, and not deregistered on or before it)`;

const residents = (_level: IndicatorLevel, unitCode: string, on: string) =>
  `Resident population (常住人口) as recorded on each community of ${unitCode} in force on ${on} ` +
  `(effective on or before that day and not retired by it), summed; the figure is the one held on the ` +
  `community record as of the reference date ${on}; a community with no recorded population adds 0.`;

function communitiesOfClass(kind: 'urban' | 'rural') {
  const prefix = kind === 'urban' ? '1' : '2';
  const label = kind === 'urban' ? 'urban communities (社区)' : 'rural communities (村)';
  return {
    numerator: (_level: IndicatorLevel, unitCode: string, on: string) =>
      `Social organizations (registered 登记 and filed 备案) ${inForceOrganization(on)} whose base community ` +
      `is one of the ${label} of ${unitCode} in force on ${on}, i.e. with an urban-rural class ` +
      `(城乡分类代码) starting with ${prefix}. Communities with no urban-rural class recorded are left out of ` +
      'both the urban and the rural figures, as are organizations with no base community.',
    denominator: (_level: IndicatorLevel, unitCode: string, on: string) =>
      `Number of ${label} of ${unitCode} in force on ${on}: urban-rural class starting with ${prefix}; ` +
      'communities with no urban-rural class recorded are counted in neither figure.',
  };
}

export const indicatorDefinitions: Record<IndicatorKey, IndicatorDefinition> = {
  organizations_per_10k_residents: {
    title: 'Social organizations per 10,000 residents',
    scale: 10_000,
    source: 'DOMAIN.md §10',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `All social organizations of district ${unitCode} (registered 登记 and filed 备案) ${inForceOrganization(on)}, ` +
          'including those with no base community (working across the district).'
        : `Social organizations (registered 登记 and filed 备案) ${inForceOrganization(on)} whose base community ` +
          `(community_id) is a community of ${unitCode}; organizations with no base community count at district level only.`,
    denominator: residents,
  },
  community_organizations_per_urban_community: {
    title: 'Community social organizations per urban community',
    scale: 1,
    source: '关于大力培育发展社区社会组织的意见 (民发〔2017〕191号): at least 10 per urban community',
    ...communitiesOfClass('urban'),
  },
  community_organizations_per_rural_community: {
    title: 'Community social organizations per rural community',
    scale: 1,
    source: '关于大力培育发展社区社会组织的意见 (民发〔2017〕191号): at least 5 per rural community',
    ...communitiesOfClass('rural'),
  },
  certified_social_workers_per_10k_residents: {
    title: 'Certified social workers per 10,000 residents',
    scale: 10_000,
    source: 'DOMAIN.md §4, §10',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `Distinct social workers of district ${unitCode} certified on ${on} (a certificate of any level with a ` +
          'registration valid that day: valid from on or before it and valid until on or after it), whether or ' +
          'not they hold a post. Workers with no post in force, or posts only at organizations with no base ' +
          'community, count at district level only.'
        : `Distinct social workers certified on ${on} (a certificate of any level with a registration valid that day) ` +
          `who hold a post in force that day (starting on or before it, ending on or after it or open) with a ` +
          `community of ${unitCode} or with an organization whose base community is a community of ${unitCode}; ` +
          'each worker counts once however many posts they hold. Workers with no post in force, or posts only at ' +
          'organizations with no base community, count at district level only.',
    denominator: residents,
  },
};
