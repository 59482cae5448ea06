/** A `fetch`-compatible function. */
export type FetchFunction = typeof globalThis.fetch;

/** The `fetch` arguments. */
export type FetchInput = Parameters<FetchFunction>[0];

/** Why the guard turned a call away (or sent it to the fallback instead). */
export type GuardReason = 'circuit_open' | 'rate_limited' | 'queue_full';

/** The guard's configuration: policies by provider. */
export interface GuardConfig {
  /**
   * Policies keyed by provider name (`gen_ai.provider.name`) as detected from the request's host (`providerHosts`, then the built-in table), e.g.
   * `openai`, `anthropic`, `openai_compatible`. Listing a provider turns on its circuit breaker and 429
   * cool-down with their defaults; concurrency, pacing and fallback only when configured.
   */
  providers: Record<string, GuardProviderPolicy>;
  /**
   * Extra `host` / `host:port` → provider name entries, looked up before the built-in table (the same table and
   * form as the instrumentation's `providerHosts`), e.g. `{ 'llm-gateway.internal': 'openai' }`.
   * @default {}
   */
  providerHosts?: Record<string, string>;
  /**
   * Provider name of a host in neither table (an OpenAI-compatible server the guard does not know).
   * @default 'openai_compatible' for the OpenAI APIs, the API's own provider otherwise
   */
  defaultProviderName?: string;
  /**
   * Distinct models per provider that get their own breaker and cool-down; later ones share one, keyed `_OTHER`.
   * @default 200
   */
  maxModels?: number;
  /**
   * The `fetch` the guard sends with. By default `globalThis.fetch` as it is at each call, so an instrumentation
   * that wraps the global fetch (as `@genai-otel/node/register` does) sees every request the guard lets through.
   * @default (input, init) => globalThis.fetch(input, init)
   */
  fetch?: FetchFunction;
  /**
   * Called with a message when a policy value is invalid and its default is used instead.
   * @default console.warn
   */
  warn?: (message: string) => void;
}

/** A provider's policy, with optional per-model overrides. */
export interface GuardProviderPolicy extends GuardPolicy {
  /**
   * Overrides keyed by `gen_ai.request.model`, merged over the provider's policy (`breaker` and
   * `rateLimitCooldown` key by key, the other options replaced). A model that sets `maxConcurrent`,
   * `requestsPerSecond` or `maxQueue` gets a limiter of its own instead of sharing the provider's.
   * @default {}
   */
  models?: Record<string, Partial<GuardPolicy>>;
}

/** What the guard does for one provider (or model). */
export interface GuardPolicy {
  /**
   * Circuit breaker, one per provider and model. `false` turns it off.
   * @default on, with the defaults of {@link GuardBreakerPolicy}
   */
  breaker?: GuardBreakerPolicy | false;
  /**
   * After a 429, calls to the same provider and model fail fast (`rate_limited`) until the provider's
   * `retry-after-ms` / `retry-after` has passed. `false` turns it off.
   * @default on, with the defaults of {@link GuardRateLimitPolicy}
   */
  rateLimitCooldown?: GuardRateLimitPolicy | false;
  /**
   * Most requests in flight at once, per provider (a model with its own value: per model). A request is
   * in flight from the moment it is sent until its attempt ends (body read, error, abort or cancel).
   * @default unlimited
   */
  maxConcurrent?: number;
  /**
   * Pacing: requests start at least `1000 / requestsPerSecond` ms apart (no bursts), per limiter.
   * @default unpaced
   */
  requestsPerSecond?: number;
  /**
   * Calls that may wait for a concurrency slot or their pacing turn; a call that finds the queue full
   * fails fast with `queue_full`. `0`: never wait.
   * @default 100
   */
  maxQueue?: number;
  /**
   * A secondary base URL (e.g. the same provider behind a gateway) that calls are sent to instead of
   * failing, for the listed reasons.
   * @default none
   */
  fallback?: GuardFallbackPolicy;
}

/** Circuit-breaker settings. */
export interface GuardBreakerPolicy {
  /**
   * Share of failed calls in the sliding window at which the breaker opens (`0 < ratio ≤ 1`).
   * @default 0.5
   */
  failureRatio?: number;
  /**
   * Calls the window must hold (successes and failures) before the ratio is considered.
   * @default 10
   */
  minimumCalls?: number;
  /**
   * Length of the sliding window (ms), kept in 20 buckets.
   * @default 60000
   */
  windowMs?: number;
  /**
   * Cool-down (ms) the breaker stays open before it lets trial calls through (half-open).
   * @default 30000
   */
  openMs?: number;
  /**
   * Trial calls let through while half-open: that many successes close the breaker, one failure
   * re-opens it.
   * @default 1
   */
  halfOpenCalls?: number;
  /**
   * `error.type` values that count as failures. Successful calls count as successes; other outcomes
   * (`rate_limited`, `aborted`, 4xx, `connection_error`, …) are not counted.
   * @default ['server_error', 'overloaded', 'timeout']
   */
  failureErrorTypes?: string[];
}

/** 429 cool-down settings. */
export interface GuardRateLimitPolicy {
  /**
   * Cool-down (ms) after a 429 that carries neither `retry-after-ms` nor `retry-after`.
   * @default 1000
   */
  defaultMs?: number;
  /**
   * Longest cool-down honoured (ms); a longer `retry-after` is cut to this.
   * @default 60000
   */
  maxMs?: number;
}

/** Where calls go when the primary is unavailable, and when. */
export interface GuardFallbackPolicy {
  /** Base URL of the secondary, e.g. `https://gateway.internal/openai/v1`. */
  baseURL: string;
  /**
   * The primary's base URL that `baseURL` replaces: a request URL starting with it is rewritten to
   * `baseURL` + the rest (path and query). Requests that do not start with it are not redirected.
   * @default the request's origin (`scheme://host:port`): only the origin is replaced
   */
  primaryBaseURL?: string;
  /**
   * When to use the fallback: guard reasons (`circuit_open`, `rate_limited`, `queue_full`: the call is
   * sent to the fallback instead of failing fast) and/or `error.type` values of a failed primary attempt
   * (e.g. `overloaded`: the failed request is sent once more, to the fallback — the only case in which
   * the guard sends a request twice). `error.type` values apply to HTTP errors and `connection_error`.
   * @default ['circuit_open']
   */
  on?: string[];
  /**
   * Wire formats the secondary speaks (`openai.chat`, `openai.responses`, `openai.embeddings`,
   * `anthropic.messages`, `gemini`). Requests in other formats are not redirected: the guard rewrites
   * URLs, it never translates bodies.
   * @default every format (the secondary is the same API behind another URL)
   */
  wireFormats?: string[];
  /**
   * Headers set on requests sent to the fallback (e.g. the gateway's own key). Otherwise the caller's
   * headers, API key included, are sent to the fallback as they are.
   * @default {}
   */
  headers?: Record<string, string>;
}
