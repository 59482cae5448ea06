/**
 * How an attempt ended, in the instrumentation's `error.type` vocabulary (its README "error.type values"), which
 * the policies are written in (`breaker.failureErrorTypes`, `fallback.on`). The guard reads only the status, the
 * exception and the rate-limit headers: never a body. `undefined`: a response below 400.
 */
export function errorTypeOfStatus(status: number): string | undefined {
  if (status < 400) return undefined;
  switch (status) {
    case 400:
    case 413:
    case 422:
      return 'invalid_request';
    case 401:
    case 403:
      return 'authentication';
    case 404:
      return 'not_found';
    case 408:
      return 'timeout';
    case 429:
      return 'rate_limited';
    case 503:
    case 529:
      return 'overloaded';
    default:
      return status <= 599 ? 'server_error' : '_OTHER';
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * `error.type` of an exception `fetch` threw: `timeout` for `AbortSignal.timeout()`, undici's and the system's
 * timeout codes, and an abort dispatched by a timer (`abortedByTimer`: an SDK's own timeout); `aborted` for the
 * caller's abort; `connection_error` for a network failure.
 */
export function errorTypeOfException(error: unknown, abortedByTimer: boolean): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? (error as { name: unknown }).name : undefined;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return abortedByTimer ? 'timeout' : 'aborted';
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return 'timeout';
  if (error instanceof TypeError || code !== undefined) return 'connection_error';
  return '_OTHER';
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

let probe: { executionAsyncResource: () => object; Timeout: abstract new (...args: never[]) => unknown } | null | undefined;

/**
 * Called inside an `abort` listener: whether a timer callback dispatched the abort (an SDK's timeout aborts its
 * own controller from a `setTimeout`, with no reason that says so). False where the runtime cannot tell.
 */
export function abortIsFromTimer(): boolean {
  if (probe === undefined) {
    probe = null;
    try {
      const hooks = globalThis.process?.getBuiltinModule?.('node:async_hooks') as typeof import('node:async_hooks') | undefined;
      const handle = setTimeout(() => {}, 0);
      clearTimeout(handle);
      const Timeout = (handle as { constructor?: unknown }).constructor;
      if (hooks?.executionAsyncResource !== undefined && typeof Timeout === 'function') {
        probe = { executionAsyncResource: hooks.executionAsyncResource, Timeout: Timeout as abstract new (...args: never[]) => unknown };
      }
    } catch {
      // not Node
    }
  }
  try {
    return probe !== null && probe.executionAsyncResource() instanceof probe.Timeout;
  } catch {
    return false;
  }
}
