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
  aborted: 'aborted',
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
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);

/**
 * `error.type` for an exception thrown by `fetch` or by reading the body.
 *
 * Aborts: the Stainless SDKs (openai, @anthropic-ai/sdk) implement their timeout by aborting their own
 * AbortController, indistinguishable at the fetch layer from a caller's abort. They send their timeout
 * as `X-Stainless-Timeout` (whole seconds, truncated), so an abort before the response headers, at
 * (about) that many seconds or later, is a timeout. The SDKs clear their timer once headers arrive, so aborts while the body
 * streams are the caller's (`aborted`), unless the signal's reason is a `TimeoutError`
 * (`AbortSignal.timeout()`).
 */
export function errorTypeFromException(error: unknown, context: FailureContext): ErrorType {
  const name = errorName(error);
  if (name === 'TimeoutError') return ERROR_TYPES.timeout;
  if (name === 'AbortError') {
    if (
      context.phase === 'request' &&
      context.sdkTimeoutSeconds !== undefined &&
      // The SDK arms its timer before fetch is called, with what remains of its budget: allow 10 %.
      context.elapsedMs >= context.sdkTimeoutSeconds * 1000 - Math.max(50, context.sdkTimeoutSeconds * 100)
    ) {
      return ERROR_TYPES.timeout;
    }
    return ERROR_TYPES.aborted;
  }
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return ERROR_TYPES.timeout;
  if (error instanceof TypeError || code !== undefined) return ERROR_TYPES.connectionError;
  return ERROR_TYPES.other;
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
