import { graphql } from '../graphql.js';
import { ErrorFields } from './error-fields.js';

/**
 * A district's working calendar for a year (docs/domain.md §7.6): whether the year is known
 * (shipped nationally or declared by the district) and from which notice, and its holidays and
 * exchanged working days (调休) with whether each is worked. Public.
 */
export const WorkingCalendar = graphql(`
  query WorkingCalendar($districtCode: String!, $year: Int!) {
    workingCalendar(districtCode: $districtCode, year: $year) {
      districtCode
      year
      known
      origin
      source
      declaredOn
      days {
        day
        kind
        name
        source
        origin
        working
      }
    }
  }
`);

/** Whether a day is worked on the district's calendar. */
export const IsWorkingDay = graphql(`
  query IsWorkingDay($districtCode: String!, $day: Date!) {
    isWorkingDay(districtCode: $districtCode, day: $day)
  }
`);

/**
 * The day a limit of working days counted from `start` ends on, as event deadlines are counted;
 * `provisional` when a day counted lies in a year not known.
 */
export const AddWorkingDays = graphql(`
  query AddWorkingDays($districtCode: String!, $start: Date!, $days: Int!) {
    addWorkingDays(districtCode: $districtCode, start: $start, days: $days) {
      start
      days
      day
      provisional
    }
  }
`);

/**
 * Add or change the district's entry for a day (a local holiday, a weekend day worked in exchange,
 * or back to the weekday rule), at `expectedVersion` (0 for a day without an entry yet).
 */
export const SetCalendarDay = graphql(
  `
    mutation SetCalendarDay($input: SetCalendarDayInput!) {
      setCalendarDay(input: $input) {
        __typename
        ... on SetCalendarDaySuccess {
          data {
            districtCode
            day
            kind
            name
            source
            version
            working
          }
        }
        ... on ConflictError {
          currentVersion
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);

/** Declare a whole year sanshe does not ship, from its notice: deadlines in it stop being provisional. */
export const DeclareCalendarYear = graphql(
  `
    mutation DeclareCalendarYear($input: DeclareCalendarYearInput!) {
      declareCalendarYear(input: $input) {
        __typename
        ... on DeclareCalendarYearSuccess {
          data {
            year
            source
            declaredOn
            entries
            calendar {
              known
              origin
              source
            }
          }
        }
        ...ErrorFields
      }
    }
  `,
  [ErrorFields],
);
