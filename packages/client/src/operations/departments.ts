import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * A department (职能部门, docs/domain.md §7.4): a functional department of the district, an office
 * of a subdistrict or a public utility, serving the district or one subdistrict (`unitCode`),
 * from `establishedOn` until it is dissolved. Public reference data. Unmasked fragment.
 */
export const DepartmentFields = graphql(`
  fragment DepartmentFields on Department @_unmask {
    id
    sortKey
    districtCode
    code
    name
    kind
    unitCode
    establishedOn
    dissolvedOn
    version
  }
`);

/**
 * A routing rule (docs/domain.md §7.5): events of a category (a first-level class or a
 * second-level category) in an area go to a department from `effectiveFrom` until `retiredOn`.
 */
export const EventRouteFields = graphql(`
  fragment EventRouteFields on EventRoute @_unmask {
    id
    categoryCode
    categoryName
    areaCode
    areaLevel
    effectiveFrom
    retiredOn
    version
    department {
      id
      code
      name
    }
  }
`);

/** An item of a department's inspection list (巡查事项清单): what is checked, how often, and the category a problem is reported under. */
export const InspectionItemFields = graphql(`
  fragment InspectionItemFields on InspectionItem @_unmask {
    id
    code
    title
    frequency
    categoryCode
    categoryName
    effectiveFrom
    retiredOn
    version
    department {
      id
      code
      name
    }
  }
`);

/** One page of departments of the districts served, by code (public); use with `paginate`. */
export const DepartmentsPage = graphql(
  `
    query DepartmentsPage($first: Int, $after: String, $filter: DepartmentFilter) {
      departments(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...DepartmentFields
        }
      }
    }
  `,
  [DepartmentFields],
);

/**
 * A department by its global ID, with its routing rules and inspection items in force on `asOf`
 * (every one ever set without it). `node` is null when there is none.
 */
export const DepartmentById = graphql(
  `
    query DepartmentById($id: ID!, $asOf: Date) {
      node(id: $id) {
        __typename
        id
        ... on Department {
          ...DepartmentFields
          routes(asOf: $asOf) {
            ...EventRouteFields
          }
          inspectionItems(asOf: $asOf) {
            ...InspectionItemFields
          }
        }
      }
    }
  `,
  [DepartmentFields, EventRouteFields, InspectionItemFields],
);

/**
 * The department responsible for a second-level category of event in a grid on a day (default
 * today), the rule that decided it and why; null when no rule applies (NO_ROUTE on dispatch).
 */
export const RouteFor = graphql(
  `
    query RouteFor($gridId: ID!, $categoryCode: String!, $on: Date) {
      routeFor(gridId: $gridId, categoryCode: $categoryCode, on: $on) {
        matchedBy
        areaLevel
        explanation
        department {
          ...DepartmentFields
        }
        route {
          ...EventRouteFields
        }
      }
    }
  `,
  [DepartmentFields, EventRouteFields],
);

/** Record a department serving the district or a subdistrict (city and district administrators). */
export const CreateDepartment = graphql(
  `
    mutation CreateDepartment($input: CreateDepartmentInput!) {
      createDepartment(input: $input) {
        __typename
        ... on CreateDepartmentSuccess {
          data {
            ...DepartmentFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [DepartmentFields, ErrorFields],
);

/** Rename a department at `expectedVersion` (VERSION_CONFLICT with `currentVersion` otherwise). */
export const RenameDepartment = graphql(
  `
    mutation RenameDepartment($input: RenameDepartmentInput!) {
      renameDepartment(input: $input) {
        __typename
        ... on RenameDepartmentSuccess {
          data {
            ...DepartmentFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [DepartmentFields, ErrorFields],
);

/** Dissolve a department on a day; its routing rules and inspection items end that day. */
export const DissolveDepartment = graphql(
  `
    mutation DissolveDepartment($input: DissolveDepartmentInput!) {
      dissolveDepartment(input: $input) {
        __typename
        ... on DissolveDepartmentSuccess {
          data {
            ...DepartmentFields
            routes {
              ...EventRouteFields
            }
            inspectionItems {
              ...InspectionItemFields
            }
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [DepartmentFields, EventRouteFields, InspectionItemFields, ErrorFields],
);

/** Route a category of event in an area to a department from a day; the rule in force for the pair retires that day. */
export const SetEventRoute = graphql(
  `
    mutation SetEventRoute($input: SetEventRouteInput!) {
      setEventRoute(input: $input) {
        __typename
        ... on SetEventRouteSuccess {
          data {
            ...EventRouteFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [EventRouteFields, ErrorFields],
);

/** Retire a routing rule from a day; the category there falls to the next most general rule. */
export const RetireEventRoute = graphql(
  `
    mutation RetireEventRoute($input: RetireEventRouteInput!) {
      retireEventRoute(input: $input) {
        __typename
        ... on RetireEventRouteSuccess {
          data {
            ...EventRouteFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [EventRouteFields, ErrorFields],
);

/** Add an item to a department's inspection list from a day. */
export const AddInspectionItem = graphql(
  `
    mutation AddInspectionItem($input: AddInspectionItemInput!) {
      addInspectionItem(input: $input) {
        __typename
        ... on AddInspectionItemSuccess {
          data {
            ...InspectionItemFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [InspectionItemFields, ErrorFields],
);

/** Take an item off its list from a day; patrols of it recorded before stay. */
export const RetireInspectionItem = graphql(
  `
    mutation RetireInspectionItem($input: RetireInspectionItemInput!) {
      retireInspectionItem(input: $input) {
        __typename
        ... on RetireInspectionItemSuccess {
          data {
            ...InspectionItemFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [InspectionItemFields, ErrorFields],
);
