import { graphql } from '../graphql.js';

/**
 * One indicator of one unit on one day, as numerator and denominator: a ratio over several
 * units is Σ numerators / Σ denominators × scale, never an average of the values.
 */
export const IndicatorValueFields = graphql(`
  fragment IndicatorValueFields on IndicatorValue @_unmask {
    key
    unitCode
    level
    on
    numerator
    denominator
    scale
    value
    target
    targetSource
    numeratorDefinition
    denominatorDefinition
  }
`);

/**
 * The three-society indicators of a district (6), subdistrict (9) or community (12) on `$on`
 * (default today): organizations and certified social workers per 10,000 residents, community
 * organizations per urban and per rural community.
 */
export const Indicators = graphql(
  `
    query Indicators($unitCode: String!, $on: Date) {
      indicators(unitCode: $unitCode, on: $on) {
        ...IndicatorValueFields
      }
    }
  `,
  [IndicatorValueFields],
);

/**
 * The same indicators for each unit one level down: per subdistrict of a district, per
 * community of a subdistrict. The children's numerators add up to the parent's through them.
 */
export const IndicatorsByChildUnit = graphql(
  `
    query IndicatorsByChildUnit($unitCode: String!, $on: Date) {
      indicatorsByChildUnit(unitCode: $unitCode, on: $on) {
        unitCode
        unitName
        level
        indicators {
          ...IndicatorValueFields
        }
      }
    }
  `,
  [IndicatorValueFields],
);

/**
 * The indicators over every district the gateway serves, added up from the districts'
 * numerators and denominators; `districts` lists those counted (a missing one comes with a
 * DISTRICT_UNAVAILABLE error).
 */
export const CityIndicators = graphql(`
  query CityIndicators($on: Date) {
    cityIndicators(on: $on) {
      key
      on
      numerator
      denominator
      scale
      value
      districts
      numeratorDefinition
      denominatorDefinition
    }
  }
`);
