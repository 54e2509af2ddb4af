import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * An account of the time bank (时间银行, docs/domain.md §5.5) on the district's ledger: a
 * volunteer's points (`unit` POINTS) or minutes of certified service (`unit` MINUTES), a team's,
 * community's or organization's pool of points, or the bank's own side. `balance` is the sum of
 * its lines in the account's unit, never below `floor` (null: no floor). Unmasked.
 */
export const TimeBankAccountFields = graphql(`
  fragment TimeBankAccountFields on TimeBankAccount @_unmask {
    id
    kind
    unit
    balance
    floor
    openedOn
    owner
  }
`);

/**
 * An item of the exchange catalogue (积分兑换目录): a service or goods a community or an
 * organization offers for `pricePoints` points a unit; `stock` is the units left (null: a service
 * offered without limit). Public. Unmasked.
 */
export const TimeBankCatalogueItemFields = graphql(`
  fragment TimeBankCatalogueItemFields on TimeBankCatalogueItem @_unmask {
    id
    sortKey
    districtCode
    name
    description
    kind
    pricePoints
    stock
    listedOn
    withdrawnOn
    providerCommunityId
    providerOrganizationId
    version
  }
`);

/** An exchange of a volunteer's points (`points`, price × quantity) for units of a catalogue item. */
export const TimeBankExchangeFields = graphql(`
  fragment TimeBankExchangeFields on TimeBankExchange @_unmask {
    id
    volunteerId
    itemId
    quantity
    points
    exchangedOn
  }
`);

/**
 * The exchange catalogue of the districts served, items on offer by oldest listing (withdrawn
 * ones too with `includeWithdrawn`). Public, no token needed. The catalogue is short, so it comes
 * whole as a list rather than a connection: there is nothing to `paginate`.
 */
export const TimeBankCataloguePage = graphql(
  `
    query TimeBankCataloguePage($filter: TimeBankCatalogueFilter) {
      timeBankCatalogue(filter: $filter) {
        ...TimeBankCatalogueItemFields
      }
    }
  `,
  [TimeBankCatalogueItemFields],
);

/**
 * What a district's time bank holds (public aggregates): points issued for certified service,
 * redeemed for catalogue items and outstanding with volunteers and pools (points), and the
 * minutes of certified service banked (minutes).
 */
export const TimeBankTotals = graphql(`
  query TimeBankTotals($districtCode: String!) {
    timeBankTotals(districtCode: $districtCode) {
      pointsIssued
      pointsRedeemed
      pointsOutstanding
      minutesBanked
    }
  }
`);

/**
 * An account by its global ID with a page of its statement, newest line first: each line a
 * signed amount in the account's unit (positive into the account), the kind of entry and whether
 * it undoes another. `limit` at most 200.
 */
export const TimeBankAccountStatement = graphql(
  `
    query TimeBankAccountStatement($id: ID!, $limit: Int, $offset: Int) {
      node(id: $id) {
        __typename
        id
        ... on TimeBankAccount {
          ...TimeBankAccountFields
          statement(limit: $limit, offset: $offset) {
            totalLines
            lines {
              amount
              description
              entryKind
              occurredOn
              reversal
            }
          }
        }
      }
    }
  `,
  [TimeBankAccountFields],
);

/**
 * List an item in the catalogue, offered by one community or one organization, with a price in
 * points and the units on offer (none: a service without limit). Like every time-bank mutation it
 * carries the caller's `idempotencyKey`: the same input sent again answers the first result and
 * writes nothing, another input under the same key is IDEMPOTENCY_KEY_REUSED.
 */
export const ListCatalogueItem = graphql(
  `
    mutation ListCatalogueItem($input: ListCatalogueItemInput!) {
      listCatalogueItem(input: $input) {
        __typename
        ... on ListCatalogueItemSuccess {
          data {
            ...TimeBankCatalogueItemFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [TimeBankCatalogueItemFields, ErrorFields],
);

/** Add units to an item's stock. */
export const RestockCatalogueItem = graphql(
  `
    mutation RestockCatalogueItem($input: RestockCatalogueItemInput!) {
      restockCatalogueItem(input: $input) {
        __typename
        ... on RestockCatalogueItemSuccess {
          data {
            ...TimeBankCatalogueItemFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [TimeBankCatalogueItemFields, ErrorFields],
);

/** Withdraw an item from the catalogue on a day; exchanges made stay. */
export const WithdrawCatalogueItem = graphql(
  `
    mutation WithdrawCatalogueItem($input: WithdrawCatalogueItemInput!) {
      withdrawCatalogueItem(input: $input) {
        __typename
        ... on WithdrawCatalogueItemSuccess {
          data {
            ...TimeBankCatalogueItemFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [TimeBankCatalogueItemFields, ErrorFields],
);

/**
 * Exchange a volunteer's points for units of a catalogue item (积分兑换), by the volunteer itself
 * or staff of its home community at the counter: never below the account's floor
 * (INSUFFICIENT_BALANCE) nor beyond the stock (INSUFFICIENT_STOCK). The item's stock goes down by
 * the quantity.
 */
export const ExchangePoints = graphql(
  `
    mutation ExchangePoints($input: ExchangePointsInput!) {
      exchangePoints(input: $input) {
        __typename
        ... on ExchangePointsSuccess {
          data {
            ...TimeBankExchangeFields
          }
        }
        ...ErrorFields
      }
    }
  `,
  [TimeBankExchangeFields, ErrorFields],
);

/**
 * Transfer points between two holders (a volunteer, a team, a community, an organization) as the
 * policy `time_bank.transfer` allows: to family (with the relation), into a team's pool, an award
 * or a donation (TRANSFER_NOT_ALLOWED otherwise).
 */
export const TransferPoints = graphql(
  `
    mutation TransferPoints($input: TransferPointsInput!) {
      transferPoints(input: $input) {
        __typename
        ... on TransferPointsSuccess {
          data {
            id
            fromAccountId
            toAccountId
            points
            reason
            relation
            transferredOn
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);

/**
 * Reverse an exchange (its item restocked) or a transfer made in error, with the reason; once
 * (ALREADY_REVERSED). Entries are never edited: the reversal is an entry of its own.
 */
export const ReverseTimeBankEntry = graphql(
  `
    mutation ReverseTimeBankEntry($input: ReverseTimeBankEntryInput!) {
      reverseTimeBankEntry(input: $input) {
        __typename
        ... on ReverseTimeBankEntrySuccess {
          data {
            reversed
            occurredOn
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);
