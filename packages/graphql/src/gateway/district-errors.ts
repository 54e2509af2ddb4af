import type { MessageLanguage } from '@sanshe/core';
import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/principal.js';
import type { RequestTelemetry } from './district-call-telemetry.js';

/**
 * Errors about whole districts (down, too slow) are not errors of one field: the others' data
 * still comes back. They are collected on the request context and appended to the response by
 * the server plugin `useDistrictErrors`.
 */
export interface GatewayContext {
  districtErrors?: GraphQLError[];
  /** Who is calling, from the verified token (PUBLIC without one). */
  principal?: Principal;
  /**
   * The language the caller reads error messages in (its `Accept-Language`); remote districts
   * are asked in it too, so the messages of the typed errors they return match. Default English.
   */
  language?: MessageLanguage;
  /** The request's id, log, metrics and trace, as the districts it asks are recorded in them. */
  telemetry?: RequestTelemetry;
}

export function reportDistrictUnavailable(
  context: unknown,
  districtCode: string,
  reason: string,
  path: readonly (string | number)[],
) {
  const target = context as GatewayContext;
  target.districtErrors ??= [];
  if (target.districtErrors.some((e) => e.extensions.district === districtCode)) return;
  target.districtErrors.push(
    new GraphQLError(
      `District ${districtCode} is unavailable: ${reason}. Its data is missing from this answer.`,
      {
        path,
        extensions: { code: 'DISTRICT_UNAVAILABLE', district: districtCode },
      },
    ),
  );
}
