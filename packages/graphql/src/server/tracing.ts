import {
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  trace,
} from '@opentelemetry/api';

/**
 * Traces through `@opentelemetry/api` only: the gateway creates spans, and whatever SDK the
 * operator registers (`node --import` a file that starts one, docs/architecture.md "Operating")
 * records and exports them. With none registered every span is the API's no-op, and statements
 * are not traced at all (they are only traced inside a traced request).
 */
export function gatewayTracer(): Tracer {
  return trace.getTracer('@sanshe/graphql');
}

const headersGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * The span of one HTTP request, a child of the span already active (an HTTP server
 * instrumentation's) or else of the trace the caller's `traceparent` names (another gateway of
 * the city, a federation router), when the registered SDK has a propagator.
 */
export function startRequestSpan(tracer: Tracer, request: Request, route: string): Span {
  const active = context.active();
  const parent = trace.getSpan(active) ? active : propagation.extract(active, request.headers, headersGetter);
  return tracer.startSpan(
    `${request.method} ${route}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
    parent,
  );
}

/** The context to run work in with `span` active (or the active one, when it is already set). */
export function contextWithSpan(span: Span): Context {
  const active = context.active();
  return trace.getSpan(active) === span ? active : trace.setSpan(active, span);
}

/**
 * A call to one district: a child of the span active in the resolver (with an SDK's context
 * manager) or else of the request's span.
 */
export function startDistrictCallSpan(
  tracer: Tracer,
  requestSpan: Span | undefined,
  attributes: { district: string; kind: 'local' | 'remote'; field: string },
): Span {
  const active = context.active();
  const parent = trace.getSpan(active) || !requestSpan ? active : trace.setSpan(active, requestSpan);
  return tracer.startSpan(
    'sanshe.district_call',
    {
      kind: attributes.kind === 'remote' ? SpanKind.CLIENT : SpanKind.INTERNAL,
      attributes: {
        'sanshe.district.code': attributes.district,
        'sanshe.district.kind': attributes.kind,
        'graphql.field.name': attributes.field,
      },
    },
    parent,
  );
}

/** Mark a span failed, with a short description (never what the caller sent). */
export function failSpan(span: Span, description: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: description });
}

/**
 * A span for one SQL statement, only inside a traced request (a statement outside one, such as a
 * migration at start, or any statement while no SDK is registered, costs nothing). The statement
 * is its text with placeholders; parameter values are never recorded.
 */
export function startStatementSpan(
  tracer: Tracer,
  sql: string,
  attributes: { district: string; driver: 'pglite' | 'postgres' },
): Span | undefined {
  const active = context.active();
  if (!trace.getSpan(active)?.isRecording()) return undefined;
  const operation = /^\s*([a-z]+)/i.exec(sql)?.[1]?.toUpperCase();
  return tracer.startSpan(
    operation ?? 'postgresql',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system': 'postgresql',
        'db.statement': sql,
        ...(operation ? { 'db.operation': operation } : {}),
        'sanshe.district.code': attributes.district,
        'sanshe.database.driver': attributes.driver,
      },
    },
    active,
  );
}

/** The trace context to send on to another gateway, as headers (`traceparent`, `tracestate`). */
export function traceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}
