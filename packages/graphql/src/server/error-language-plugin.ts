import { errorMessage, isErrorCode } from '@sanshe/core';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { messageLanguageOf } from './request-language.js';

/** One entry of a response's `errors`, as sent (the answers plugins end early are plain JSON). */
interface SentError {
  message: string;
  extensions?: Record<string, unknown>;
}

/**
 * Error messages in the caller's language (`Accept-Language`, see `messageLanguageOf`). In
 * Chinese, every top-level error whose code is in core's table gets the code's Chinese message
 * as `message`, and the English message it replaces, which is specific to this failure (the
 * field, the limit, the district), moves to `extensions.detail`; `extensions.code` and every
 * other extension stay as they are. In English nothing changes.
 *
 * Errors of a result (execution, validation, HTTP parsing: everything Yoga answers itself) are
 * rewritten before they are serialized; the answers other plugins end early (401, 413) are JSON
 * already and are rewritten as such, only when their status is an error. An error that already
 * carries `extensions.detail` was translated before and is left alone.
 *
 * The `message` of the typed errors that mutations return as values is chosen by its resolver
 * from the same header (schema/error-types.ts).
 */
export function useErrorLanguage(): Plugin {
  let endpoint = '/graphql';
  return {
    onYogaInit({ yoga }) {
      endpoint = yoga.graphqlEndpoint;
    },
    onResultProcess({ request, result, setResult }) {
      if (messageLanguageOf(request.headers.get('accept-language')) !== 'zh') return;
      if (Symbol.asyncIterator in result) return;
      const results = Array.isArray(result) ? result : [result];
      if (!results.some((each) => each.errors?.length)) return;
      const translated = results.map((each) =>
        each.errors?.length ? { ...each, errors: each.errors.map(inChinese) } : each,
      );
      setResult(Array.isArray(result) ? translated : translated[0]!);
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (response.status < 400 || !response.headers.get('content-type')?.includes('json')) return;
      if (new URL(request.url, 'http://localhost').pathname !== endpoint) return;
      if (messageLanguageOf(request.headers.get('accept-language')) !== 'zh') return;
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const errors = (body as { errors?: unknown } | undefined)?.errors;
      const rewritten = Array.isArray(errors)
        ? JSON.stringify({ ...(body as object), errors: errors.map(inChinese) })
        : text;
      const headers = new fetchAPI.Headers(response.headers);
      headers.delete('content-length');
      setResponse(
        new fetchAPI.Response(rewritten, {
          status: response.status,
          statusText: response.statusText,
          headers,
        }),
      );
    },
  };
}

function inChinese<E extends SentError | GraphQLError>(error: E): E {
  // A body another plugin wrote is trusted for nothing but its shape.
  if (typeof error !== 'object' || error === null) return error;
  const code = error.extensions?.code;
  if (!isErrorCode(code) || error.extensions?.detail !== undefined) return error;
  const message = errorMessage(code, 'zh');
  const extensions = { ...error.extensions, detail: error.message };
  if (error instanceof GraphQLError) {
    return new GraphQLError(message, {
      ...(error.nodes ? { nodes: error.nodes } : {}),
      ...(error.source ? { source: error.source } : {}),
      ...(error.positions ? { positions: error.positions } : {}),
      ...(error.path ? { path: error.path } : {}),
      ...(error.originalError ? { originalError: error.originalError } : {}),
      extensions,
    }) as E;
  }
  return { ...error, message, extensions };
}
