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
  /** How the request's abort signal fired, when it fired during the attempt (see {@link abortSource}). */
  abort?: { source: AbortSource; reason: unknown } | undefined;
}

/**
 * What dispatched an abort: `timer` when `abort()` ran inside a `setTimeout`/`setInterval` callback
 * (a deadline: the SDK's timeout, or the caller's own timer), `other` when it ran anywhere else (the
 * caller's code, an I/O event, a `break` out of a stream), `unknown` when the runtime cannot tell.
 */
export type AbortSource = 'timer' | 'other' | 'unknown';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

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
 * What does is where `abort()` ran, seen by a listener on the signal ({@link abortSource}): an abort
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
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return ERROR_TYPES.timeout;
  if (error instanceof TypeError || code !== undefined) return ERROR_TYPES.connectionError;
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

interface TimerProbe {
  executionAsyncResource: () => object;
  Timeout: abstract new (...args: never[]) => unknown;
}

let timerProbe: TimerProbe | null | undefined;

/** Node's `executionAsyncResource()` and its `Timeout` class, found once; null elsewhere. */
function probe(): TimerProbe | null {
  if (timerProbe !== undefined) return timerProbe;
  timerProbe = null;
  try {
    const hooks = globalThis.process?.getBuiltinModule?.('node:async_hooks') as typeof import('node:async_hooks') | undefined;
    const handle: unknown = setTimeout(() => {}, 0);
    clearTimeout(handle as ReturnType<typeof setTimeout>);
    const Timeout = (handle as { constructor?: unknown } | undefined)?.constructor;
    if (hooks?.executionAsyncResource !== undefined && typeof Timeout === 'function' && Timeout !== Number) {
      timerProbe = { executionAsyncResource: hooks.executionAsyncResource, Timeout: Timeout as TimerProbe['Timeout'] };
    }
  } catch {
    // not Node: the source stays unknown
  }
  return timerProbe;
}

/**
 * Called from an `abort` listener (synchronously inside `abort()`): whether a timer callback is what
 * aborted. Node runs a timer's callback with its `Timeout` as the current async resource; an abort from
 * the caller's code, a promise continuation or an I/O callback runs with another resource.
 */
export function abortSource(): AbortSource {
  const found = probe();
  if (found === null) return 'unknown';
  try {
    return found.executionAsyncResource() instanceof found.Timeout ? 'timer' : 'other';
  } catch {
    return 'unknown';
  }
}

function errorName(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string') {
    return error.name;
  }
  return undefined;
}

/** The system or undici error code of an error or of its `cause` chain (at most three levels). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth += 1) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}
