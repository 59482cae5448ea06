import { SpanKind, SpanStatusCode, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GENAI_OTEL_GUARD_FALLBACK,
  ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS,
  ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_PORT,
  ATTR_GENAI_OTEL_GUARD_REASON,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
} from '../semconv.js';

/** How one HTTP attempt of an operation ended, as its span tells it. */
export interface AttemptSpanOutcome {
  httpStatus: number | undefined;
  errorType: string | undefined;
  errorMessage: string | undefined;
}

/**
 * Starts the INTERNAL span of one attempt (`{operation name} attempt`) under the operation's span: made only when an
 * operation has more than one attempt. `resendCount` > 0 becomes `http.request.resend_count`.
 */
export function startAttemptSpan(tracer: Tracer, operationName: string, parent: Context, resendCount: number, startTime?: number): Span {
  return tracer.startSpan(
    `${operationName} attempt`,
    {
      kind: SpanKind.INTERNAL,
      ...(startTime === undefined ? {} : { startTime }),
      attributes: resendCount > 0 ? { [ATTR_HTTP_REQUEST_RESEND_COUNT]: resendCount } : {},
    },
    parent,
  );
}

/** Ends an attempt span with its outcome: `http.response.status_code`, `error.type` and an error status. */
export function endAttemptSpan(span: Span, outcome: AttemptSpanOutcome, endTime: number, extra?: Attributes): void {
  if (extra) span.setAttributes(extra);
  if (outcome.httpStatus !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, outcome.httpStatus);
  if (outcome.errorType !== undefined) {
    span.setAttribute(ATTR_ERROR_TYPE, outcome.errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.errorMessage ?? outcome.errorType });
  }
  span.end(endTime);
}

/** A guard (`@genai-otel/guard`) refused to send the attempt: why. */
export function guardRejectionAttributes(reason: string): Attributes {
  return { [ATTR_GENAI_OTEL_GUARD_REASON]: reason };
}

/** A guard sent the attempt to its fallback: why and where (`server.*` stay the primary's). */
export function guardFallbackAttributes(fallback: { reason: string; serverAddress: string; serverPort: number }): Attributes {
  return {
    [ATTR_GENAI_OTEL_GUARD_FALLBACK]: true,
    [ATTR_GENAI_OTEL_GUARD_REASON]: fallback.reason,
    [ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS]: fallback.serverAddress,
    [ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_PORT]: fallback.serverPort,
  };
}
