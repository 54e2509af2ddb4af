/**
 * The indicators of docs/domain.md §10 that sanshe computes from organizations and social workers,
 * with what their numerators and denominators count, in words. Every figure is returned as a
 * numerator and a denominator so that figures of several units (or districts) are combined by
 * summing both, never by averaging ratios.
 */
export const indicatorKeys = [
  'organizations_per_10k_residents',
  'community_organizations_per_urban_community',
  'community_organizations_per_rural_community',
  'certified_social_workers_per_10k_residents',
  'certificate_holders_per_10k_residents',
  'organizations_registered_elsewhere_per_10k_residents',
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

/**
 * Issue 16: an organization counts once city-wide, in the district whose civil-affairs bureau
 * registered it (登记管理机关, USCC positions 3–8). A district that records an organization
 * registered elsewhere (one serving it, or the same code recorded twice) counts it only in the
 * separate `organizations_registered_elsewhere_per_10k_residents` figure.
 */
const ofThisRegister = (districtCode: string) =>
  `of district ${districtCode}'s own register: filed groups (备案) and registered organizations (登记) whose ` +
  `unified social credit code names ${districtCode} as the registering authority's area (positions 3–8), so ` +
  'that summed over the districts of a city each organization counts once, in the district that registered it. ' +
  'Organizations recorded here but registered by another authority count only in ' +
  'organizations_registered_elsewhere_per_10k_residents';

/** Issue 16: the basis and the date of the population figure, said in the definition. */
const residents = (_level: IndicatorLevel, unitCode: string, on: string) =>
  `Resident population (常住人口, basis "resident"; not the household-registered population 户籍人口) of ` +
  `the communities of ${unitCode} in force on ${on} (effective on or before that day and not retired by ` +
  `it), summed. Each community adds its dated resident figure in force on ${on}: the latest recorded with ` +
  `an as-of date on or before ${on}. A community with no dated resident figure at all adds the undated ` +
  'figure held on its record (legacy data); one with dated figures only after that day, or no figure, adds 0.';

const districtOf = (unitCode: string) => unitCode.slice(0, 6);

function communitiesOfClass(kind: 'urban' | 'rural') {
  const prefix = kind === 'urban' ? '1' : '2';
  const label = kind === 'urban' ? 'urban communities (社区)' : 'rural communities (村)';
  return {
    numerator: (_level: IndicatorLevel, unitCode: string, on: string) =>
      `Social organizations ${ofThisRegister(districtOf(unitCode))}; ${inForceOrganization(on)} whose base ` +
      `community is one of the ${label} of ${unitCode} in force on ${on}, i.e. with an urban-rural class ` +
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
    source: 'docs/domain.md §10',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `All social organizations ${ofThisRegister(unitCode)}; ${inForceOrganization(on)}, ` +
          'including those with no base community (working across the district).'
        : `Social organizations ${ofThisRegister(districtOf(unitCode))}; ${inForceOrganization(on)} whose base ` +
          `community (community_id) is a community of ${unitCode}; organizations with no base community count at ` +
          'district level only.',
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
    title: 'Social workers with a registered certificate (登记有效) per 10,000 residents',
    scale: 10_000,
    source:
      'docs/domain.md §4, §10: registration of the certificate (登记), valid 3 years; for certificate holders (持证), ' +
      'as practice reports count them, see certificate_holders_per_10k_residents',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `Distinct social workers of district ${unitCode} with a registered certificate on ${on} (a certificate of ` +
          'any level with a registration valid that day: valid from on or before it and valid until on or after ' +
          'it), whether or not they hold a post. Holders whose registration lapsed are not counted. Workers with ' +
          'no post in force, or posts only at organizations with no base community, count at district level only.'
        : `Distinct social workers with a registered certificate on ${on} (a certificate of any level with a ` +
          'registration valid that day) who hold a post in force that day (starting on or before it, ending on or ' +
          `after it or open) with a community of ${unitCode} or with an organization whose base community is a ` +
          `community of ${unitCode}; each worker counts once however many posts they hold. Workers with no post ` +
          'in force, or posts only at organizations with no base community, count at district level only.',
    denominator: residents,
  },
  certificate_holders_per_10k_residents: {
    title: 'Social work certificate holders (持证社会工作者) per 10,000 residents',
    scale: 10_000,
    source:
      'docs/domain.md §4, §10: practice reports count certificate holders (持证), registered or not; for registered ' +
      'certificates only, see certified_social_workers_per_10k_residents',
    numerator: (level, unitCode, on) =>
      level === 'district'
        ? `Distinct social workers of district ${unitCode} holding on ${on} a professional-level certificate ` +
          '(社会工作者职业水平证书) of any level, i.e. one passed on or before that day, whether or not its ' +
          'registration is valid that day, and whether or not they hold a post. Workers with no post in force, ' +
          'or posts only at organizations with no base community, count at district level only.'
        : `Distinct social workers holding on ${on} a certificate of any level passed on or before that day ` +
          '(registered or not) who hold a post in force that day (starting on or before it, ending on or after ' +
          `it or open) with a community of ${unitCode} or with an organization whose base community is a ` +
          `community of ${unitCode}; each worker counts once however many posts they hold. Workers with no post ` +
          'in force, or posts only at organizations with no base community, count at district level only.',
    denominator: residents,
  },
  organizations_registered_elsewhere_per_10k_residents: {
    title: 'Social organizations registered elsewhere serving the unit, per 10,000 residents',
    scale: 10_000,
    source:
      'Issue 16: an organization counts in the district that registered it (登记管理机关) only; this is the ' +
      'separate serving figure of the other districts',
    numerator: (level, unitCode, on) =>
      `Registered social organizations (登记) recorded in district ${districtOf(unitCode)} ${inForceOrganization(on)} ` +
      `whose unified social credit code names another registering authority's area than ${districtOf(unitCode)} ` +
      '(positions 3–8: another district, or a city or provincial bureau); they are never in ' +
      `organizations_per_10k_residents of ${districtOf(unitCode)}. ` +
      (level === 'district'
        ? 'Including those with no base community. '
        : `Only those whose base community is a community of ${unitCode}; those with none count at district level ` +
          'only. ') +
      'Summed over districts this counts an organization once per district that records it, not once per ' +
      'organization.',
    denominator: residents,
  },
};
