import { graphql } from '../graphql.js';

/**
 * What anyone may read of the service chain, without a token (四公开, docs/domain.md §6.8): a
 * disclosed project with its budget, needs answered, procedure, funding by source, evaluation
 * results and satisfaction; a unit's disclosed projects; funding by kind of source.
 */
export const PublicProjectFields = graphql(`
  fragment PublicProjectFields on PublicProject @_unmask {
    id
    districtCode
    name
    unit { code name }
    serviceDomain
    goals
    startsOn
    endsOn
    methods
    status
    approvedOn
    closedOn
    communitiesServed { code name }
    budget { totalFen lines { lineNumber category description amountFen } }
    indicators { kind description unit target achieved }
    needsAnswered { title category source community { code name } }
    purchase {
      purchaser { code name }
      method
      stage
      stages { stage reachedOn }
      bidCount
      undertaker { name uscc }
      contract {
        contractNumber
        signedOn
        startsOn
        endsOn
        amountFen
        terminatedOn
        tranches { trancheNumber milestone plannedOn amountFen releasedOn }
      }
    }
    funding { earmarkedFen disbursedFen bySource { kind funderName earmarkedFen disbursedFen } }
    evaluations { kind evaluatorName evaluatedOn score grade summary }
    satisfaction { answers average counts }
  }
`);

/** One disclosed project by the ServiceProject's global ID; null when it is not disclosed. */
export const ProjectDisclosure = graphql(
  `
  query ProjectDisclosure($id: ID!) {
    projectDisclosure(id: $id) { ...PublicProjectFields }
  }
`,
  [PublicProjectFields],
);

/** A unit's disclosed projects, oldest first, a page at a time (`after` the last `endCursor`). */
export const ProjectDisclosures = graphql(
  `
  query ProjectDisclosures($unitCode: String!, $year: Int, $first: Int, $after: String) {
    projectDisclosures(unitCode: $unitCode, year: $year, first: $first, after: $after) {
      hasNextPage
      endCursor
      edges { cursor node { ...PublicProjectFields } }
    }
  }
`,
  [PublicProjectFields],
);

/** A unit's project funding by kind of source, in fen, as of a day. */
export const FundsBySource = graphql(`
  query FundsBySource($unitCode: String!, $on: Date) {
    fundsBySource(unitCode: $unitCode, on: $on) {
      unitCode
      on
      kinds { kind committedFen receivedFen earmarkedFen disbursedFen }
    }
  }
`);
