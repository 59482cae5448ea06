import { type AbortSource, networkFailure } from '@genai-otel/providers';

/**
 * The documented, low-cardinality `error.type` values (README "error.type values"). They name the
 * failure class, not the SDK's exception class, so they survive minified bundles and mean the same
 * for every provider (Anthropic's 529 and a gateway's 503 are both `overloaded`).
 */
export const ERROR_TYPES = {
  rateLimited: 'rate_limited',
  overloaded: 'overloaded',
  serverError: 'server_error',
  timeout: 'timeout',
  /** The caller aborted the call before its answer was complete (before the response, or while a JSON body was read). */
  aborted: 'aborted',
  /** The caller stopped reading a stream that was being delivered (`break`, `stream.controller.abort()`, its signal). */
  streamCancelled: 'stream_cancelled',
  connectionError: 'connection_error',
  invalidRequest: 'invalid_request',
  authentication: 'authentication',
  notFound: 'not_found',
  invalidResponse: 'invalid_response',
  /** The opt-in guard failed the call fast without sending it (open breaker, 429 cool-down, full queue). */
  guardRejected: 'guard_rejected',
  other: '_OTHER',
} as const;

export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];

/** `error.type` for an HTTP status ≥ 400. */
export function errorTypeFromStatus(status: number): ErrorType {
  switch (status) {
    case 400:
    case 413:
    case 422:
      return ERROR_TYPES.invalidRequest;
    case 401:
    case 403:
      return ERROR_TYPES.authentication;
    case 404:
      return ERROR_TYPES.notFound;
    case 408:
      return ERROR_TYPES.timeout;
    case 429:
      return ERROR_TYPES.rateLimited;
    case 503:
    case 529:
      return ERROR_TYPES.overloaded;
    default:
      return status >= 500 && status <= 599 ? ERROR_TYPES.serverError : ERROR_TYPES.other;
  }
}

/** Where in the call an exception surfaced. */
export interface FailureContext {
  /** `request`: before response headers; `body`: while the body was read. */
  phase: 'request' | 'body';
  /** Milliseconds from the start of the attempt to the failure. */
  elapsedMs: number;
  /** The SDK's per-request timeout in seconds, from the `X-Stainless-Timeout` request header. */
  sdkTimeoutSeconds: number | undefined;
  /** How the request's abort signal fired, when it fired during the attempt (`abortSource` of @genai-otel/providers). */
  abort?: { source: AbortSource; reason: unknown } | undefined;
}

/**
 * `error.type` for an exception thrown by `fetch` or by reading the body.
 *
 * Aborts. The SDKs implement their timeout by aborting their own AbortController from a timer, with no
 * reason: `openai` (6 and 7) and `@anthropic-ai/sdk` around the fetch until the response headers (openai 7
 * also while it reads a JSON body), `@google/genai` until the body is read. A caller's abort reaches the
 * same signal (through the SDK's listener, or `AbortSignal.any` in openai 7) with an equally plain
 * `AbortError`, and a `break` out of a stream is the SDK aborting its controller from the caller's code.
 * Neither the reason nor a header tells them apart: openai sends `X-Stainless-Timeout` only for a
 * per-request timeout (not for the client's `timeout` or its 10-minute default), in truncated seconds.
 * What does is where `abort()` ran, seen by a listener on the signal (`abortSource` of @genai-otel/providers): an abort
 * dispatched by a timer is a timeout, any other is the caller's (`aborted`). A reason named
 * `TimeoutError` (`AbortSignal.timeout()`) is a timeout wherever it came from. Where the runtime cannot
 * tell, an abort before the response headers at (about) the `X-Stainless-Timeout` or later is a timeout.
 */
export function errorTypeFromException(error: unknown, context: FailureContext): ErrorType {
  const name = errorName(error);
  if (name === 'TimeoutError') return ERROR_TYPES.timeout;
  const abort = context.abort;
  if (abort !== undefined && (name === 'AbortError' || error === abort.reason)) {
    if (errorName(abort.reason) === 'TimeoutError' || abort.source === 'timer') return ERROR_TYPES.timeout;
    if (abort.source === 'other') return ERROR_TYPES.aborted;
    return timeoutByHeader(context) ? ERROR_TYPES.timeout : ERROR_TYPES.aborted;
  }
  if (name === 'AbortError') return timeoutByHeader(context) ? ERROR_TYPES.timeout : ERROR_TYPES.aborted;
  const network = networkFailure(error);
  if (network === 'timeout') return ERROR_TYPES.timeout;
  if (network === 'connection_error') return ERROR_TYPES.connectionError;
  return ERROR_TYPES.other;
}

/** An abort before the response headers, at (about) the SDK's `X-Stainless-Timeout` or later. */
function timeoutByHeader(context: FailureContext): boolean {
  return (
    context.phase === 'request' &&
    context.sdkTimeoutSeconds !== undefined &&
    // The SDK arms its timer before fetch is called, with what remains of its budget: allow 10 %.
    context.elapsedMs >= context.sdkTimeoutSeconds * 1000 - Math.max(50, context.sdkTimeoutSeconds * 100)
  );
}

function errorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return undefined;
}
