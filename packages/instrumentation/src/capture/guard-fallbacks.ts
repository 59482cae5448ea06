import type { FetchInput } from '../types.js';

/** A request that an opt-in guard (`@genai-otel/guard`) sent to its fallback instead of the primary. */
export interface GuardFallback {
  /** A guard reason (`circuit_open`, …) or the failed primary attempt's `error.type`. */
  reason: string;
  serverAddress: string;
  serverPort: number;
  /** The caller's request, to the primary: the operation's provider and `server.*` are the primary's. */
  primary: { input: FetchInput; init: RequestInit | undefined };
}

/** Requests a guard above the fetch wrapper sent to its fallback, by the `init` it passed down. */
const fallbackRequests = new WeakMap<object, GuardFallback>();

export function rememberGuardFallback(init: RequestInit, fallback: GuardFallback): void {
  fallbackRequests.set(init, fallback);
}

/** The fallback a guard above the fetch wrapper addressed `init` to, if it did. */
export function guardFallbackOf(init: RequestInit | undefined): GuardFallback | undefined {
  return init === undefined ? undefined : fallbackRequests.get(init);
}
