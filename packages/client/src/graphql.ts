import { initGraphQLTada } from 'gql.tada';
import type { introspection, introspection_types } from './graphql-env.js';

/**
 * The scalars of the sanshe schema as they travel in JSON. Dates stay strings so that nothing
 * shifts across time zones: `Date` is `YYYY-MM-DD` in China Standard Time, `DateTime` is ISO
 * 8601 with an offset. Money is `Fen`, an integer number of fen.
 */
export interface SansheScalars {
  Date: string;
  DateTime: string;
  /** Money in integer fen (100 fen = 1 yuan), never a float. */
  Fen: number;
  /**
   * A GeoJSON object (RFC 7946), longitude first: a grid boundary is a Polygon or MultiPolygon
   * (or a Feature holding one on input).
   */
  GeoJSON: { type: string; [member: string]: unknown };
  ID: string;
}

/**
 * Write a GraphQL document against the sanshe schema and get its result and variable types,
 * with no code generation step.
 *
 * @remarks
 * The schema's types come from `graphql-env.d.ts`, generated from the gateway's committed
 * `schema.graphql` and shipped inside this package, so the types match the gateway version
 * this client was released with. The schema is named (`sanshe`) and passed to `initGraphQLTada`
 * explicitly, never through gql.tada's global `setupSchema`, so an application that also uses
 * gql.tada for another API keeps its own schema.
 *
 * @example
 * ```ts
 * const Community = graphql(`
 *   query Community($code: String!) { community(code: $code) { id name } }
 * `);
 * ```
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: SansheScalars;
}>();

/** The values of the schema's `ErrorCode` enum: the codes of expected failures. */
export type SchemaErrorCode = introspection_types['ErrorCode']['enumValues'];
