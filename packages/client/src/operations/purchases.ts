import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a government purchase of services (政府购买服务, docs/domain.md §6.3): its
 * purchaser and method, the stage reached and the day of each stage (plan → tender → bids →
 * award → contract → implementation → evaluation → closure, never skipped nor reversed), and
 * the project bought. Unmasked.
 */
export const PurchaseFields = graphql(`
  fragment PurchaseFields on Purchase @_unmask {
    id
    sortKey
    districtCode
    purchaserUnitCode
    method
    stage
    plannedOn
    tenderPublishedOn
    bidsClosedOn
    awardedOn
    contractedOn
    implementationStartedOn
    evaluationStartedOn
    closedOn
    cancelledOn
    cancellationReason
    version
    project {
      id
      name
    }
  }
`);

/**
 * A bid (投标 / 响应) and how it was assessed: the eligibility found (registered legal person, not
 * listed, no major violation in 3 years, grade, capacity) with the reasons and the policies
 * applied. An organization's staff see only their own bid.
 */
export const PurchaseBidFields = graphql(`
  fragment PurchaseBidFields on PurchaseBid @_unmask {
    id
    submittedOn
    priceFen
    score
    status
    disqualificationReason
    version
    organization {
      id
      name
    }
    eligibility {
      eligible
      reasons
      on
      grade
      gradePriority
      certifiedStaffCount
      policySources
    }
  }
`);

/** A contract's tranche (分期拨付): its milestone, planned day, amount and the day it was paid. */
export const ContractTrancheFields = graphql(`
  fragment ContractTrancheFields on ContractTranche @_unmask {
    id
    trancheNumber
    milestone
    plannedOn
    amountFen
    releasedOn
  }
`);

/**
 * The contract with the undertaker (承接主体): its number, term (at most 1 year, 3 for a
 * continuing service), amount in fen and tranches. Unmasked.
 */
export const ServiceContractFields = graphql(
  `
    fragment ServiceContractFields on ServiceContract @_unmask {
      id
      contractNumber
      signedOn
      startsOn
      endsOn
      continuing
      continuingReason
      amountFen
      terminatedOn
      terminationReason
      version
      organization {
        id
        name
        uscc
      }
      tranches {
        ...ContractTrancheFields
      }
    }
  `,
  [ContractTrancheFields],
);

/** One page of purchases across the districts served, by planned day; use with `paginate`. */
export const PurchasesPage = graphql(
  `
    query PurchasesPage($first: Int, $after: String, $filter: PurchaseFilter) {
      purchases(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...PurchaseFields
        }
      }
    }
  `,
  [PurchaseFields],
);

/**
 * A purchase by its global ID, with the bids the caller may see and the contract with its
 * tranches. `node` is null when there is none or the caller may not see it.
 */
export const PurchaseById = graphql(
  `
    query PurchaseById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on Purchase {
          ...PurchaseFields
          bids {
            ...PurchaseBidFields
          }
          contract {
            ...ServiceContractFields
          }
        }
      }
    }
  `,
  [PurchaseFields, PurchaseBidFields, ServiceContractFields],
);

/**
 * A contract by its global ID, with what was delivered under it (activities, newest first, with
 * the minutes given) and its third-party evaluations.
 */
export const ServiceContractById = graphql(
  `
    query ServiceContractById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on ServiceContract {
          ...ServiceContractFields
          purchase {
            id
            stage
          }
          activities {
            id
            title
            method
            heldOn
            participantCount
            status
            totalMinutes
            community {
              code
            }
          }
          evaluations {
            id
            kind
            evaluatorName
            evaluatedOn
            score
            grade
          }
        }
      }
    }
  `,
  [ServiceContractFields],
);

/** Plan the purchase of an approved project (采购计划) by the district or the project's subdistrict. */
export const PlanPurchase = graphql(
  `
    mutation PlanPurchase($input: PlanPurchaseInput!) {
      planPurchase(input: $input) {
        __typename
        ... on PlanPurchaseSuccess {
          data {
            ...PurchaseFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [PurchaseFields, ErrorFields],
);

/** Publish the tender (招标公告) or the single-source notice: plan → tender. */
export const PublishTender = graphql(
  `
    mutation PublishTender($input: PurchaseStageInput!) {
      publishTender(input: $input) {
        __typename
        ... on PublishTenderSuccess {
          data {
            ...PurchaseFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [PurchaseFields, ErrorFields],
);

/**
 * Bid for a purchase while its tender is out: an organization's staff, for their own
 * organization (a published tender is open to every bidder; NOT_ELIGIBLE for a filed group or
 * a deregistered organization).
 */
export const SubmitBid = graphql(
  `
    mutation SubmitBid($input: SubmitBidInput!) {
      submitBid(input: $input) {
        __typename
        ... on SubmitBidSuccess {
          data {
            ...PurchaseBidFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [PurchaseBidFields, ErrorFields],
);

/** Close the bids and assess every one (qualified or disqualified, with the reasons): tender → bids. */
export const CloseBids = graphql(
  `
    mutation CloseBids($input: PurchaseStageInput!) {
      closeBids(input: $input) {
        __typename
        ... on CloseBidsSuccess {
          data {
            ...PurchaseFields
            bids {
              ...PurchaseBidFields
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
  [PurchaseFields, PurchaseBidFields, ErrorFields],
);

/** Award the purchase to a qualified bid (成交), its eligibility checked again that day: bids → award. */
export const AwardBid = graphql(
  `
    mutation AwardBid($input: AwardBidInput!) {
      awardBid(input: $input) {
        __typename
        ... on AwardBidSuccess {
          data {
            ...PurchaseBidFields
            purchase {
              id
              stage
              awardedOn
              version
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
  [PurchaseBidFields, ErrorFields],
);

/**
 * Sign the contract with the awarded bidder (award → contract): at most 1 year
 * (CONTRACT_TOO_LONG), within the award and the budget (AMOUNT_OVER_LIMIT), its tranches summing
 * to its amount (BUDGET_MISMATCH).
 */
export const SignContract = graphql(
  `
    mutation SignContract($input: SignContractInput!) {
      signContract(input: $input) {
        __typename
        ... on SignContractSuccess {
          data {
            ...ServiceContractFields
            purchase {
              id
              stage
              contractedOn
              version
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
  [ServiceContractFields, ErrorFields],
);

/** Delivery begins (履约): contract → implementation. */
export const StartImplementation = graphql(
  `
    mutation StartImplementation($input: PurchaseStageInput!) {
      startImplementation(input: $input) {
        __typename
        ... on StartImplementationSuccess {
          data {
            ...PurchaseFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [PurchaseFields, ErrorFields],
);

/** Delivery is over; acceptance and evaluation begin (验收评价): implementation → evaluation. */
export const StartEvaluation = graphql(
  `
    mutation StartEvaluation($input: PurchaseStageInput!) {
      startEvaluation(input: $input) {
        __typename
        ... on StartEvaluationSuccess {
          data {
            ...PurchaseFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [PurchaseFields, ErrorFields],
);

/** Close the purchase (结项): evaluation → closure. */
export const ClosePurchase = graphql(
  `
    mutation ClosePurchase($input: PurchaseStageInput!) {
      closePurchase(input: $input) {
        __typename
        ... on ClosePurchaseSuccess {
          data {
            ...PurchaseFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [PurchaseFields, ErrorFields],
);

/** Cancel a purchase before its contract (终止 / 废标), with the published reason. */
export const CancelPurchase = graphql(
  `
    mutation CancelPurchase($input: CancelPurchaseInput!) {
      cancelPurchase(input: $input) {
        __typename
        ... on CancelPurchaseSuccess {
          data {
            ...PurchaseFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [PurchaseFields, ErrorFields],
);

/** End a contract early (解除合同), with the day and the reason; the purchase goes on to evaluation. */
export const TerminateContract = graphql(
  `
    mutation TerminateContract($input: TerminateContractInput!) {
      terminateContract(input: $input) {
        __typename
        ... on TerminateContractSuccess {
          data {
            ...ServiceContractFields
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [ServiceContractFields, ErrorFields],
);
