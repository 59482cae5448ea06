import type { CustomPriceTable } from '@genai-otel/pricing';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/**
 * Which GenAI metric names are emitted.
 * - `latest`: the genai repo's current set (`gen_ai.client.inference.*`).
 * - `legacy`: the v1.37–v1.41 set (`gen_ai.client.operation.duration`, `gen_ai.client.token.usage`, …)
 *   that existing dashboards and backends are built on.
 * - `both`: both sets, for migrating dashboards.
 */
export type SemconvMetricSet = 'latest' | 'legacy' | 'both';

/** Public configuration of {@link GenAIInstrumentation}. */
export interface GenAIInstrumentationConfig extends InstrumentationConfig {
  /**
   * Replace `globalThis.fetch` with an instrumented wrapper while enabled (restored on disable).
   * SDK clients pick up `fetch` when they are constructed, so construct them after registration,
   * or pass `instrumentFetch(fetch)` as their `fetch` option.
   * @default true
   */
  patchGlobalFetch?: boolean;

  /**
   * When a caller streams a chat completion without `stream_options.include_usage`, add it so the
   * provider sends token usage, then remove from what the caller receives everything the addition
   * changed (`"usage":null` on each chunk and the extra usage chunk), so the caller's bytes are those
   * of an uninstrumented call. Turn off for gateways that reject `stream_options`.
   * @default true
   */
  injectStreamUsage?: boolean;

  /**
   * Record `gen_ai.client.inference.time_per_output_chunk` (and its legacy name): one point per
   * streamed chunk after the first, as the conventions ask. `false` skips those points — the only way
   * to save their cost (~0.8 µs per chunk with `@opentelemetry/sdk-metrics` 3): a View with `drop`
   * aggregation costs more, not less, as the SDK still hashes every point's attributes.
   * Env: `GENAI_OTEL_CHUNK_TIMINGS=false`.
   * @default true
   */
  chunkTimings?: boolean;

  /**
   * Extra host → `gen_ai.provider.name` entries, consulted before the built-in table. A key is a
   * hostname (`llm.internal.example`), a `host:port`, or a suffix starting with a dot (`.example.com`).
   * Env: `GENAI_OTEL_PROVIDER_HOSTS=host=provider,…` (entries given here win).
   * @default {}
   */
  providerHosts?: Record<string, string>;

  /**
   * `gen_ai.provider.name` for OpenAI-compatible hosts that are neither in the built-in table nor in
   * `providerHosts` (a gateway, a self-hosted server).
   * @default 'openai_compatible'
   */
  defaultProviderName?: string;

  /**
   * Which metric set to emit. When unset, `OTEL_SEMCONV_STABILITY_OPT_IN` decides:
   * `gen_ai_latest_experimental` → `latest`, `gen_ai_latest_experimental/dup` → `both`,
   * `gen_ai_legacy` → `legacy`; otherwise `latest`.
   * @default 'latest'
   */
  semconvMetrics?: SemconvMetricSet;

  /**
   * `@anthropic-ai/sdk` 1.x starts its own CLIENT span per API call (`anthropic.messages.create`) as
   * soon as a tracer provider is registered, which would give every Anthropic call two GenAI spans.
   * `suppress`: while the instrumentation is enabled, `ANTHROPIC_OPEN_TELEMETRY` defaults to `false`
   * (the SDK reads it when a client is constructed; a client given its own `openTelemetry` option, or an
   * environment that sets the variable, keeps its spans). `keep`: leave the SDK's spans alone.
   * @default 'suppress'
   */
  anthropicSdkSpans?: 'suppress' | 'keep';

  /**
   * Record message content on spans, in the conventions' structured form: `gen_ai.input.messages`,
   * `gen_ai.system_instructions` and `gen_ai.output.messages` (JSON strings). Prompts and completions can
   * hold personal or secret data, so this is off unless turned on here or with
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`. Binary parts (images, audio) are recorded by
   * kind only.
   * @default false
   */
  captureMessageContent?: boolean;

  /**
   * With content capture on: each text part is cut to this many characters (the JSON structure is kept).
   * Env: `GENAI_OTEL_MAX_CONTENT_LENGTH`.
   * @default 4096
   */
  maxContentLength?: number;

  /**
   * Compute each call's billed cost (span attributes `gen_ai.usage.cost.*`, metric
   * `gen_ai.client.operation.cost`) with `@genai-otel/pricing`. Unknown prices are reported as unknown,
   * never as $0.
   * @default true
   */
  cost?: boolean;

  /**
   * A custom price table (object, or path to a JSON/YAML file) for gateways with their own prices,
   * self-hosted models and model aliases; its entries win over the bundled prices. An invalid table is
   * reported through `diag` and the bundled prices are used. Env: `GENAI_OTEL_CUSTOM_PRICES` (a path).
   * @default none
   */
  customPrices?: CustomPriceTable | string;

  /**
   * Most distinct model names (request and response models together) recorded on metrics; later new
   * names are recorded as `_OTHER` and counted in `genai_otel.metrics.model_names_capped`, so a flood
   * of model names cannot mint unbounded series. Spans always carry the real name.
   * Env: `GENAI_OTEL_MAX_MODEL_NAMES`.
   * @default 200
   */
  maxModelNames?: number;

  /**
   * Attribution keys recorded as metric dimensions on the cost, token, duration and attempt metrics (README
   * "Attribution"): `feature`, `team`, `tenant` or any key the app uses (a key without a dot is `genai_otel.<key>`).
   * Spans carry every attribution attribute; metrics only these. Keys that identify a person (`user.*`, `enduser.*`,
   * `client.address`, …) are refused here with a `diag` warning. Env: `GENAI_OTEL_METRIC_ATTRIBUTES=feature,team`.
   * @default [] (none)
   */
  metricAttributes?: string[];

  /**
   * Most distinct values recorded on metrics per key of `metricAttributes`; later new values are recorded as
   * `_OTHER` and counted in `genai_otel.metrics.attribute_values_capped`. Env: `GENAI_OTEL_MAX_METRIC_ATTRIBUTE_VALUES`.
   * @default 100
   */
  maxMetricAttributeValues?: number;

  /**
   * OpenTelemetry Baggage entries read as attribution (allowlist), so attribution set by an upstream service applies
   * here too: `['tenant']` records the entry `tenant` as `genai_otel.tenant`. Env: `GENAI_OTEL_BAGGAGE_KEYS=tenant`.
   * @default [] (no Baggage is read)
   */
  baggageKeys?: string[];

  /**
   * Largest request body (bytes) that is parsed. Larger requests pass through uninstrumented with a
   * `diag` warning.
   * @default 16777216 (16 MiB)
   */
  maxRequestBodyBytes?: number;

  /**
   * Largest non-streaming response body (bytes) read for usage. Beyond it the span ends without
   * usage and a `diag` warning; the caller still gets the whole body.
   * @default 16777216 (16 MiB)
   */
  maxResponseBodyBytes?: number;

  /**
   * Opt-in protection on the same fetch layer: circuit breaker, 429 cool-down, concurrency limit,
   * pacing and a fallback base URL, per provider and optionally per model (README "Guard"). Providers
   * that are not listed, and every call while this is unset, go through unchanged.
   * @default undefined (off)
   */
  guard?: GuardConfig;
}

/** Why the guard turned a call away (or sent it to the fallback instead). */
export type GuardReason = 'circuit_open' | 'rate_limited' | 'queue_full';

/** The guard's configuration: policies by provider. */
export interface GuardConfig {
  /**
   * Policies keyed by `gen_ai.provider.name` as detected for the call (after `providerHosts`), e.g.
   * `openai`, `anthropic`, `openai_compatible`. Listing a provider turns on its circuit breaker and 429
   * cool-down with their defaults; concurrency, pacing and fallback only when configured.
   */
  providers: Record<string, GuardProviderPolicy>;
  /**
   * Time source for cool-downs, windows and pacing (milliseconds, monotonic). For tests, which drive it.
   * @default performance.now() and setTimeout
   */
  clock?: GuardClock;
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

/** The guard's time source (milliseconds, monotonic). */
export interface GuardClock {
  now(): number;
  /** Runs `callback` once `delayMs` have passed on this clock; returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
}

/** Options of `instrumentFetch(fetch, options)`. */
export interface InstrumentFetchOptions {
  /**
   * Attribution of every call made through this fetch (README "Attribution"), e.g. `{ feature: 'search', team:
   * 'search' }` for an app that gives each feature its own client. `withGenAIAttributes` scopes win over these.
   */
  attributes?: Record<string, string | number | boolean | null | undefined>;
}

/** A `fetch`-compatible function. */
export type FetchFunction = typeof globalThis.fetch;

/** What `fetch` accepts as its first argument (a URL string, a `URL` or a `Request`). */
export type FetchInput = Parameters<typeof globalThis.fetch>[0];
