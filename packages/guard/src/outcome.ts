import { abortSource, networkFailure } from '@genai-otel/providers';

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
      // An unlisted 4xx (402, 409, 410, 415…) is the caller's, not the server's: it must not trip a breaker or a
      // fallback written for server errors. As the instrumentation's table has it.
      return status >= 500 && status <= 599 ? 'server_error' : '_OTHER';
  }
}

/**
 * `error.type` of an exception `fetch` threw: `timeout` for `AbortSignal.timeout()`, undici's and the system's
 * timeout codes, and an abort dispatched by a timer (`abortedByTimer`: an SDK's own timeout); `aborted` for the
 * caller's abort; `connection_error` for a network failure.
 */
export function errorTypeOfException(error: unknown, abortedByTimer: boolean): string {
  const name = typeof error === 'object' && error !== null && 'name' in error ? (error as { name: unknown }).name : undefined;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return abortedByTimer ? 'timeout' : 'aborted';
  return networkFailure(error) ?? '_OTHER';
}

/**
 * Called inside an `abort` listener: whether a timer callback dispatched the abort (an SDK's timeout aborts its
 * own controller from a `setTimeout`, with no reason that says so). False where the runtime cannot tell.
 */
export function abortIsFromTimer(): boolean {
  return abortSource() === 'timer';
}
