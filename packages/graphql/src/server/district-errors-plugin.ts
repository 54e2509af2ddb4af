import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../gateway/district-errors.js';

/** Append the errors of districts that did not answer to the response, beside the data. */
export function useDistrictErrors(): Plugin<Record<string, never>, GatewayContext> {
  return {
    onExecutionResult({ result, setResult, context }) {
      const extra = context.districtErrors;
      if (!extra?.length || !result || Symbol.asyncIterator in result) return;
      setResult({ ...result, errors: [...(result.errors ?? []), ...extra] });
    },
  };
}
