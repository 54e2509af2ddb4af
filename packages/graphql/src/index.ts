export type { Role } from '@sanshe/core';
export { roles } from '@sanshe/core';
export type { Principal } from './auth/principal.js';
export { actorOf, principalFromClaims, publicPrincipal } from './auth/principal.js';
export type { ServiceTokenConfig } from './auth/service-token.js';
export { createServiceTokenSigner, createServiceTokenVerifier } from './auth/service-token.js';
export type { TokenClaims } from './auth/sign-token.js';
export { signHs256Token } from './auth/sign-token.js';
export type { TokenVerification, TokenVerifier } from './auth/token-verifier.js';
export { createTokenVerifier } from './auth/token-verifier.js';
/**
 * @sanshe/graphql: the GraphQL gateway over district databases, and the `sanshe` CLI.
 */

export type { CompiledReadMismatch, CompiledReadsMode } from './compiled-reads/compiled-read-checks.js';
export { compiledReadMismatchChannel } from './compiled-reads/compiled-read-checks.js';
export type { DemoCity, OpenDemoCityOptions } from './demo/open-demo-city.js';
export { openDemoCity } from './demo/open-demo-city.js';
export type { DistrictSource } from './gateway/district-source.js';
export { createLocalDistrictSource } from './gateway/district-source.js';
export type { GatewaySchemaOptions } from './gateway/gateway-schema.js';
export { createGatewaySchema } from './gateway/gateway-schema.js';
export type { RemoteDistrictOptions } from './gateway/remote-district-source.js';
export { createRemoteDistrictSource } from './gateway/remote-district-source.js';
export type { DecodedGlobalId } from './global-id.js';
export { decodeGlobalId, encodeGlobalId } from './global-id.js';
export { printGatewaySchema } from './print-schema.js';
export { districtSchema, districtSubgraphSchema, subgraphSdl } from './schema/district-schema.js';
export type { CorsPolicy } from './server/cors.js';
export { CorsPolicyError } from './server/cors.js';
export type { CreateGatewayOptions, Gateway } from './server/create-gateway.js';
export { createGateway, subgraphPath } from './server/create-gateway.js';
export type { ListeningGateway } from './server/listen.js';
export { listen } from './server/listen.js';
export type {
  GatewayLogFormat,
  GatewayLoggerOptions,
  GatewayLogLevel,
  LogDestination,
} from './server/logger.js';
export { createGatewayLogger, gatewayLogFormats, gatewayLogLevels } from './server/logger.js';
export { maskError } from './server/mask-error.js';
export type { GatewayMetrics, MetricsOptions } from './server/metrics.js';
export type { OverdueJob } from './server/overdue-job.js';
export { defaultOverdueCheckMinutes } from './server/overdue-job.js';
export { requestIdHeader } from './server/request-telemetry.js';
export type { GatewayLogging } from './server/safe-logger.js';
