import {
  type CreateGatewayOptions,
  createGateway,
  createRemoteDistrictSource,
  type DistrictSource,
  type ListeningGateway,
  listen,
} from '../../src/index.js';
import { testAuth, testServiceToken } from './demo-gateway.js';

/** The sources for one more gateway over the same districts: closing it leaves them open. */
export function keepOpen(sources: readonly DistrictSource[]): DistrictSource[] {
  return sources.map((source) => ({ ...source, close: async () => {} }));
}

/**
 * A district on a gateway of its own over real HTTP, the way a city reaches it in production: it
 * answers the test service tokens at `/districts/<code>/graphql`. Not logging unless `options`
 * say otherwise (a `logger`). Closing it leaves `source` open.
 */
export function serveDistrict(
  source: DistrictSource,
  options: Partial<CreateGatewayOptions> = {},
): Promise<ListeningGateway> {
  return listen(
    createGateway({
      districts: keepOpen([source]),
      auth: testAuth,
      serviceToken: testServiceToken,
      logging: false,
      ...options,
    }),
    { port: 0 },
  );
}

/** The source a city gateway calls the district served at `url` through ({@link serveDistrict}). */
export function remoteDistrict(districtCode: string, url: string): DistrictSource {
  return createRemoteDistrictSource({ districtCode, url, serviceToken: testServiceToken });
}
