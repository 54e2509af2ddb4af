import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * A grid's boundary from a day (docs/domain.md §7.1): `geometry` is a GeoJSON Polygon or
 * MultiPolygon (longitude first) as JSON, with its bounding box. Public. Unmasked fragment.
 */
export const GridBoundaryFields = graphql(`
  fragment GridBoundaryFields on GridBoundary @_unmask {
    id
    effectiveFrom
    geometry
    minLongitude
    minLatitude
    maxLongitude
    maxLatitude
    source
    recordedAt
  }
`);

/**
 * A member of a grid's "1+2+N" team (docs/domain.md §7.2): its role, its name as listed, the
 * account a head or worker acts with, an informant's volunteer, from `joinedOn` to `leftOn`.
 * Personal information: only callers core's rule allows see members at all.
 */
export const GridTeamMemberFields = graphql(`
  fragment GridTeamMemberFields on GridTeamMember @_unmask {
    id
    role
    memberName
    accountId
    joinedOn
    leftOn
    version
    volunteer {
      id
      name
    }
  }
`);

/** A patrol (巡查): which item was checked in which grid, when, by which account, and what was found. */
export const PatrolRecordFields = graphql(`
  fragment PatrolRecordFields on PatrolRecord @_unmask {
    id
    sortKey
    patrolledAt
    patrolledBy
    result
    note
    recordedAt
    item {
      id
      code
      title
      frequency
    }
    grid {
      id
      code
    }
  }
`);

/**
 * A grid's plan on a day (default today): its boundary in force and the members of its team the
 * caller may see (the head, then the workers, then the informants). `grid` is null for a code
 * that names none.
 */
export const GridPlan = graphql(
  `
    query GridPlan($code: String!, $on: Date) {
      grid(code: $code) {
        id
        code
        name
        boundary(on: $on) {
          ...GridBoundaryFields
        }
        team(on: $on) {
          ...GridTeamMemberFields
        }
      }
    }
  `,
  [GridBoundaryFields, GridTeamMemberFields],
);

/** One page of a grid's patrols the caller may see, latest first, optionally within days; use with `paginate`. */
export const GridPatrolsPage = graphql(
  `
    query GridPatrolsPage($code: String!, $first: Int, $after: String, $from: Date, $to: Date) {
      grid(code: $code) {
        id
        patrols(first: $first, after: $after, from: $from, to: $to) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...PatrolRecordFields
          }
        }
      }
    }
  `,
  [PatrolRecordFields],
);

/** The grids whose boundary contains a point on a day (several on a shared edge, none outside every grid). */
export const GridAt = graphql(`
  query GridAt($districtCode: String!, $longitude: Float!, $latitude: Float!, $on: Date) {
    gridAt(districtCode: $districtCode, longitude: $longitude, latitude: $latitude, on: $on) {
      id
      code
      name
    }
  }
`);

/** Per inspection item in force, the patrols a grid owed over a period and how many were done. */
export const PatrolCoverage = graphql(`
  query PatrolCoverage($gridId: ID!, $from: Date!, $to: Date!) {
    patrolCoverage(gridId: $gridId, from: $from, to: $to) {
      from
      to
      grid {
        id
        code
      }
      items {
        item {
          id
          code
          title
          frequency
        }
        inForceFrom
        inForceTo
        expected
        covered
        patrols
        coverage
      }
    }
  }
`);

/**
 * Draw a grid's boundary from a day: `boundary` is a GeoJSON object (or its JSON text). A faulty
 * geometry is INVALID_GEOMETRY with the path of the position at fault.
 */
export const DrawGridBoundary = graphql(
  `
    mutation DrawGridBoundary($input: DrawGridBoundaryInput!) {
      drawGridBoundary(input: $input) {
        __typename
        ... on DrawGridBoundarySuccess {
          data {
            ...GridBoundaryFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridBoundaryFields, ErrorFields],
);

/**
 * Set a grid's whole team from a day; it must meet the composition in force
 * (TEAM_BELOW_COMPOSITION otherwise, the message naming what is short).
 */
export const SetGridTeam = graphql(
  `
    mutation SetGridTeam($input: SetGridTeamInput!) {
      setGridTeam(input: $input) {
        __typename
        ... on SetGridTeamSuccess {
          data {
            grid {
              id
              code
            }
            members {
              ...GridTeamMemberFields
            }
            joinedIds
            leftIds
            updatedIds
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridTeamMemberFields, ErrorFields],
);

/** A member leaves the team on a day, unless the team would fall below the composition for that role. */
export const LeaveGridTeam = graphql(
  `
    mutation LeaveGridTeam($input: LeaveGridTeamInput!) {
      leaveGridTeam(input: $input) {
        __typename
        ... on LeaveGridTeamSuccess {
          data {
            ...GridTeamMemberFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [GridTeamMemberFields, ErrorFields],
);

/** Record a patrol of an inspection item in a grid (a grid worker in its own grid, or staff of the unit). */
export const RecordPatrol = graphql(
  `
    mutation RecordPatrol($input: RecordPatrolInput!) {
      recordPatrol(input: $input) {
        __typename
        ... on RecordPatrolSuccess {
          data {
            ...PatrolRecordFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [PatrolRecordFields, ErrorFields],
);
