import type { DistrictSource } from './district-source.js';

/**
 * How a call to one district ended: it answered; it refused the client's input (the client's
 * error, passed through); it failed (an error or an answer of the wrong shape); it was too slow.
 */
export type DistrictCallOutcome = 'ok' | 'refused' | 'error' | 'timeout';

/** One call to one district being watched (server/request-telemetry.ts implements it). */
export interface DistrictCallWatch {
  /** Run the call's work as the active trace context, so its SQL statements are its children. */
  run<T>(work: () => T): T;
  /**
   * The call is over. A failure that is reported as DISTRICT_UNAVAILABLE (`reported`) is logged
   * with its cause, as nothing else would tell the operator why; other failures travel to the
   * client as errors and Yoga logs them.
   */
  end(outcome: DistrictCallOutcome, detail?: { error?: unknown; reported?: boolean }): void;
}

/**
 * What a request records about the districts it asks: which ones (for its log line), how long
 * each call took and how it ended (metrics), and a trace span per call. The request's context
 * carries it (`GatewayContext.telemetry`); without it (a schema used outside a gateway) nothing
 * is recorded.
 */
export interface RequestTelemetry {
  readonly requestId: string;
  /** Start watching a call to `source` for the root field `fieldName`. */
  districtCall(source: DistrictSource, fieldName: string): DistrictCallWatch;
}

/** The telemetry of the request a resolver's context belongs to, if any. */
export function telemetryOf(context: unknown): RequestTelemetry | undefined {
  return (context as { telemetry?: RequestTelemetry } | null | undefined)?.telemetry;
}

/**
 * `answer` as one watched call to `source`: timed, traced and counted, its outcome told by
 * whether it threw an expected error (the client's input) or anything else.
 */
export function watchDistrictCall(
  context: unknown,
  source: DistrictSource,
  fieldName: string,
  answer: () => unknown,
  isExpectedError: (error: unknown) => boolean,
): unknown {
  const telemetry = telemetryOf(context);
  if (!telemetry) return answer();
  const watch = telemetry.districtCall(source, fieldName);
  let answered: Promise<unknown>;
  try {
    answered = Promise.resolve(watch.run(answer));
  } catch (error) {
    watch.end(isExpectedError(error) ? 'refused' : 'error', { error });
    throw error;
  }
  return answered.then(
    (value) => {
      watch.end('ok');
      return value;
    },
    (error: unknown) => {
      watch.end(isExpectedError(error) ? 'refused' : 'error', { error });
      throw error;
    },
  );
}
