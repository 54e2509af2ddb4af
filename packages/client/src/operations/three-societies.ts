import { graphql } from '../graphql.js';
import { SocialOrganizationFields } from './organizations.js';

/**
 * The community page of 三社联动: a community by its code, a page of the social organizations
 * rooted in it (each with its current grade and its current posts and their workers), and the
 * posts social workers hold with the community itself. Declares `$after`, so `paginate` can
 * walk the organizations (`(data) => data.community?.socialOrganizations`).
 */
export const CommunityThreeSocieties = graphql(
  `
    query CommunityThreeSocieties(
      $code: String!
      $first: Int = 20
      $after: String
      $filter: SocialOrganizationFilter
      $postsFirst: Int = 10
    ) {
      community(code: $code) {
        id
        code
        name
        kind
        urbanRuralClass
        residentPopulation
        subdistrict {
          code
          name
        }
        socialOrganizations(first: $first, after: $after, filter: $filter) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            ...SocialOrganizationFields
            currentGrade {
              gradeName
              validUntil
            }
            posts(first: $postsFirst, current: true) {
              totalCount
              nodes {
                id
                title
                fullTime
                startsOn
                worker {
                  id
                  name
                  residentIdMasked
                  certifiedLevel
                }
              }
            }
          }
        }
        socialWorkerPosts(first: $postsFirst, current: true) {
          totalCount
          nodes {
            id
            title
            fullTime
            startsOn
            worker {
              id
              name
              residentIdMasked
              certifiedLevel
            }
          }
        }
      }
    }
  `,
  [SocialOrganizationFields],
);
