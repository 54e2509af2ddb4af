import { delegateToSchema } from '@graphql-tools/delegate';
import { isAsyncIterable } from '@graphql-tools/utils';
import type { GraphQLFieldResolver } from 'graphql';
import { Repeater } from 'graphql-yoga';
import { filterReaches, isExpectedError, reasonOf } from './district-call.js';
import { telemetryOf } from './district-call-telemetry.js';
import type { DistrictSource } from './district-source.js';
import type { FieldRoute } from './routes.js';

/** How long a city waits before subscribing again to a district whose stream broke. */
const retryDelaysMs = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * A root subscription answered by every district the filter can reach (docs/domain.md §7.10):
 * each district is subscribed to (in-process for a local one, over server-sent events for a
 * remote gateway: executor-http speaks GraphQL over SSE) and their events are merged as they
 * come. A district that refuses the filter (bad input) fails the subscription as it would a
 * query; a district whose stream breaks (a restart, the network) is subscribed to again after a
 * growing delay, so a city screen stays live while one district is away, and the break is
 * logged.
 */
export function fanOutSubscriptionResolver(
  route: Extract<FieldRoute, { kind: 'fanOutSubscription' }>,
  sources: readonly DistrictSource[],
  fieldName: string,
): GraphQLFieldResolver<unknown, Record<string, unknown>, Record<string, unknown>> {
  const ordered = [...sources].sort((a, b) => a.districtCode.localeCompare(b.districtCode));
  return (_root, args, context, info) => {
    const filter = (route.filterArg ? args[route.filterArg] : undefined) as {
      unitCode?: string | null;
    } | null;
    const unitCode = filter?.unitCode ?? null;
    const targets = ordered.filter(
      (source) =>
        filterReaches(route, args, source.districtCode) &&
        (unitCode === null || unitCode.slice(0, 6) === source.districtCode),
    );
    const subscribeTo = async (source: DistrictSource): Promise<AsyncIterable<unknown>> => {
      const result = await delegateToSchema({
        schema: source.subschema,
        operation: 'subscription' as never,
        fieldName,
        args,
        context,
        info,
      });
      if (isAsyncIterable(result)) return result;
      if (result instanceof Error) throw result;
      throw new Error(`district ${source.districtCode} answered the subscription with no stream`);
    };
    const streamOf = (source: DistrictSource) =>
      new Repeater<unknown>(async (push, stop) => {
        let stopped = false;
        stop.then(() => {
          stopped = true;
        });
        for (let attempt = 0; !stopped; attempt++) {
          let iterator: AsyncIterator<unknown> | undefined;
          try {
            iterator = (await subscribeTo(source))[Symbol.asyncIterator]();
            stop.then(() => iterator?.return?.());
            attempt = 0;
            for (;;) {
              const next = await Promise.race([iterator.next(), stop.then(() => undefined)]);
              if (!next || next.done) break;
              // A district refusing the subscription mid-stream sends an error in place of a value.
              if (next.value instanceof Error) throw next.value;
              await push(next.value);
            }
          } catch (error) {
            // Bad input is the client's: the same refusal as a query would get.
            if (isExpectedError(error)) {
              stop(error);
              return;
            }
            // Recorded as a failed district call of the request (its log line, metrics, trace).
            const watch = telemetryOf(context)?.districtCall(source, fieldName);
            watch?.end('error', { error: error instanceof Error ? error : new Error(reasonOf(error)) });
          }
          if (stopped) break;
          const delay = retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)]!;
          await Promise.race([new Promise((resolve) => setTimeout(resolve, delay).unref()), stop]);
        }
        stop();
      });
    return Repeater.merge(targets.map(streamOf));
  };
}
