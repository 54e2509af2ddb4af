import type { Logger } from 'pino';
import type { CompiledReadsMode } from '../compiled-reads/compiled-read-checks.js';
import {
  createGatewayLogger,
  type GatewayLogFormat,
  type GatewayLogLevel,
  gatewayLogFormats,
  gatewayLogLevels,
} from '../server/logger.js';
import type { MetricsOptions } from '../server/metrics.js';
import { UsageError } from './usage-error.js';

/** A metrics token shorter than this is refused: it guards what the gateway tells of its use. */
const minimumMetricsTokenLength = 16;

/**
 * What `serve` logs and how it is watched, from the environment: `SANSHE_LOG_LEVEL` (default
 * info), `SANSHE_LOG_FORMAT` (json, or text for a terminal), `SANSHE_METRICS` (off turns
 * `/metrics` off) and `SANSHE_METRICS_TOKEN` (what a scrape must send; in production `/metrics`
 * is refused without one), and `SANSHE_COMPILED_READS` (on by default; off answers every read
 * by its resolvers; verify runs both and compares them, compiled-reads/compiled-read-checks.ts).
 * Traces need no setting here: an OpenTelemetry SDK loaded with `node --import` is picked up.
 */
export function observabilityFromEnv(env: NodeJS.ProcessEnv): {
  logger: Logger;
  metrics: boolean | MetricsOptions;
  compiledReads: CompiledReadsMode;
} {
  const level = oneOf('SANSHE_LOG_LEVEL', env.SANSHE_LOG_LEVEL, gatewayLogLevels, 'info');
  const format = oneOf('SANSHE_LOG_FORMAT', env.SANSHE_LOG_FORMAT, gatewayLogFormats, 'json');
  const switchedOff = oneOf(
    'SANSHE_METRICS',
    env.SANSHE_METRICS,
    ['on', 'off', '1', '0', 'true', 'false'],
    'on',
  );
  const token = env.SANSHE_METRICS_TOKEN || undefined;
  if (token !== undefined && (token.length < minimumMetricsTokenLength || /\s/.test(token))) {
    throw new UsageError(
      `SANSHE_METRICS_TOKEN must be at least ${minimumMetricsTokenLength} characters without spaces`,
    );
  }
  const off = switchedOff === 'off' || switchedOff === '0' || switchedOff === 'false';
  const compiledReads = oneOf(
    'SANSHE_COMPILED_READS',
    env.SANSHE_COMPILED_READS,
    ['on', 'off', 'verify'],
    'on',
  );
  return {
    logger: createGatewayLogger({ level: level as GatewayLogLevel, format: format as GatewayLogFormat }),
    metrics: off ? false : token ? { token } : true,
    compiledReads: compiledReads === 'verify' ? 'verify' : compiledReads === 'on',
  };
}

function oneOf(
  name: string,
  value: string | undefined,
  allowed: readonly string[],
  fallback: string,
): string {
  if (value === undefined || value === '') return fallback;
  const normalized = value.toLowerCase();
  if (!allowed.includes(normalized)) {
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return normalized;
}
