import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * The fields of a funding source (资金来源, docs/domain.md §6.4): the funder as published (a
 * person who donates is 个人捐赠, never named), the document, what it committed, what it brought
 * in (`receivedFen`) and what it still holds not earmarked (`heldFen`). Every amount is integer
 * fen (`Fen`). Unmasked.
 */
export const FundingSourceFields = graphql(`
  fragment FundingSourceFields on FundingSource @_unmask {
    id
    sortKey
    districtCode
    kind
    funderName
    funderUscc
    reference
    amountFen
    committedOn
    inKindDescription
    valuationBasis
    receivedFen
    heldFen
  }
`);

/**
 * A source's money set aside for one project (定向使用): the amount earmarked and what it still
 * holds once the undertaker is paid out of it (`availableFen`).
 */
export const FundingEarmarkFields = graphql(`
  fragment FundingEarmarkFields on FundingEarmark @_unmask {
    amountFen
    availableFen
    earmarkedOn
    source {
      id
      kind
      funderName
    }
    project {
      id
      name
    }
  }
`);

/**
 * One movement of the ledger (a receipt, an earmark, a tranche payment or a reversal) with its
 * lines: signed amounts in fen that sum to zero. Entries are never edited: a correction is a
 * reversal entry.
 */
export const JournalEntryFields = graphql(`
  fragment JournalEntryFields on JournalEntry @_unmask {
    id
    sortKey
    districtCode
    kind
    occurredOn
    description
    recordedBy
    recordedAt
    reverses {
      id
    }
    tranche {
      id
      trancheNumber
      releasedOn
    }
    lines {
      amount
      account {
        id
        kind
        balance
      }
    }
  }
`);

/** One page of funding sources across the districts served, oldest first; use with `paginate`. */
export const FundingSourcesPage = graphql(
  `
    query FundingSourcesPage($first: Int, $after: String, $filter: FundingSourceFilter) {
      fundingSources(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...FundingSourceFields
        }
      }
    }
  `,
  [FundingSourceFields],
);

/** A funding source by its global ID, with the projects it funds and what each earmark holds. */
export const FundingSourceById = graphql(
  `
    query FundingSourceById($id: ID!) {
      node(id: $id) {
        __typename
        id
        ... on FundingSource {
          ...FundingSourceFields
          earmarks {
            ...FundingEarmarkFields
          }
        }
      }
    }
  `,
  [FundingSourceFields, FundingEarmarkFields],
);

/**
 * One page of the ledger's entries, in the order they occurred (the auditor's view: district-wide
 * roles see every entry, others those touching a project they see); use with `paginate`.
 */
export const JournalEntriesPage = graphql(
  `
    query JournalEntriesPage($first: Int, $after: String, $filter: JournalEntryFilter) {
      journalEntries(first: $first, after: $after, filter: $filter) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...JournalEntryFields
        }
      }
    }
  `,
  [JournalEntryFields],
);

/**
 * Register a funding source; its ledger accounts open with it. Like every funds mutation it
 * carries the caller's `idempotencyKey`: the same input sent again answers the first result and
 * writes nothing, another input under the same key is IDEMPOTENCY_KEY_REUSED.
 */
export const RegisterFundingSource = graphql(
  `
    mutation RegisterFundingSource($input: RegisterFundingSourceInput!) {
      registerFundingSource(input: $input) {
        __typename
        ... on RegisterFundingSourceSuccess {
          data {
            ...FundingSourceFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [FundingSourceFields, ErrorFields],
);

/** Record money (or in-kind value) a source brings in, within what it committed (AMOUNT_OVER_LIMIT). */
export const RecordFundingReceipt = graphql(
  `
    mutation RecordFundingReceipt($input: RecordFundingReceiptInput!) {
      recordFundingReceipt(input: $input) {
        __typename
        ... on RecordFundingReceiptSuccess {
          data {
            ...JournalEntryFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [JournalEntryFields, ErrorFields],
);

/**
 * Set a source's money aside for one approved project (NOT_ELIGIBLE otherwise), within the
 * project's budget (AMOUNT_OVER_LIMIT) and what the source holds (INSUFFICIENT_BALANCE).
 */
export const EarmarkFunds = graphql(
  `
    mutation EarmarkFunds($input: EarmarkFundsInput!) {
      earmarkFunds(input: $input) {
        __typename
        ... on EarmarkFundsSuccess {
          data {
            ...FundingEarmarkFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [FundingEarmarkFields, ErrorFields],
);

/**
 * Pay a contract tranche out of the project's earmark of one source, once its milestone is met
 * (MILESTONE_NOT_REACHED); never past the tranche or the contract (AMOUNT_OVER_LIMIT) nor the
 * earmark (INSUFFICIENT_BALANCE), and only from a source earmarked for the project
 * (NOT_EARMARKED).
 */
export const DisburseTranche = graphql(
  `
    mutation DisburseTranche($input: DisburseTrancheInput!) {
      disburseTranche(input: $input) {
        __typename
        ... on DisburseTrancheSuccess {
          data {
            ...JournalEntryFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [JournalEntryFields, ErrorFields],
);

/** Undo an entry by a new entry of the opposite lines, at most once (ALREADY_REVERSED), with the reason. */
export const ReverseJournalEntry = graphql(
  `
    mutation ReverseJournalEntry($input: ReverseJournalEntryInput!) {
      reverseJournalEntry(input: $input) {
        __typename
        ... on ReverseJournalEntrySuccess {
          data {
            ...JournalEntryFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [JournalEntryFields, ErrorFields],
);
