/**
 * What the Apollo Federation 2 subgraph specification reserves
 * (https://www.apollographql.com/docs/graphos/reference/federation/subgraph-spec): the version
 * this subgraph links, and the types and root fields every subgraph adds for the router.
 */

/** The federation spec version the subgraph links (`@link(url: …)`). */
export const federationSpecUrl = 'https://specs.apollo.dev/federation/v2.6';

/** The types the spec adds; not part of the SDL a router composes. */
export const federationTypeNames: ReadonlySet<string> = new Set(['_Any', '_Entity', '_Service']);

/** The root query fields the spec adds; not part of the SDL either. */
export const federationQueryFields: ReadonlySet<string> = new Set(['_entities', '_service']);
