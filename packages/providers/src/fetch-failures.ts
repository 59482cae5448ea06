/**
 * What a failed `fetch` says about itself, shared by everything that classifies a call's failure (the
 * instrumentation's `error.type`, the guard's policies): the network failure behind an exception, and what
 * dispatched an abort.
 */

/** undici's and the system's timeout codes. */
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * The network failure behind an exception `fetch` threw (or reading the body did): `timeout` for undici's and the
 * system's timeout codes (on the error or its `cause` chain), `connection_error` for any other code or a
 * `TypeError` (`fetch failed`, `terminated`); undefined for anything else (aborts are told apart by the caller).
 */
export function networkFailure(error: unknown): 'timeout' | 'connection_error' | undefined {
  const code = errorCode(error);
  if (code !== undefined && TIMEOUT_CODES.has(code)) return 'timeout';
  if (error instanceof TypeError || code !== undefined) return 'connection_error';
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

/**
 * What dispatched an abort: `timer` when `abort()` ran inside a `setTimeout`/`setInterval` callback
 * (a deadline: an SDK's timeout, or the caller's own timer), `other` when it ran anywhere else (the
 * caller's code, an I/O event, a `break` out of a stream), `unknown` when the runtime cannot tell.
 */
export type AbortSource = 'timer' | 'other' | 'unknown';

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
