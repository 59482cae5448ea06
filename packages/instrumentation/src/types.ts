import type { CustomPriceTable, PriceDataSource } from '@genai-otel/pricing';
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
   * Newer price data in genai-prices' own format instead of the bundled snapshot (prices change monthly): a path,
   * an `http(s)://` URL (fetched in the background; the bundled snapshot prices until it arrives), or
   * `{ source, refreshIntervalMs }` to reload it periodically. Validated; on any error the bundled snapshot (or the
   * last good data) stays in use and `diag` says why. Its age is the `genai_otel.pricing.data.age` gauge.
   * Env: `GENAI_OTEL_PRICE_DATA` (a path or URL) and `GENAI_OTEL_PRICE_DATA_REFRESH_SECONDS`.
   * @default the bundled snapshot
   */
  priceData?: string | PriceDataSource;

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
   * Avoidable spend (README "Avoidable spend"): exact repeats of answered requests, recognised by a keyed fingerprint
   * held in fixed memory; prompt-cache savings, misses and unread cache writes. `false` turns it off (env:
   * `GENAI_OTEL_AVOIDABLE_SPEND=false`).
   * @default on, with the defaults of AvoidableSpendConfig
   */
  avoidableSpend?: boolean | AvoidableSpendConfig;

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
}

/** The `avoidableSpend` option (README "Avoidable spend"). */
export interface AvoidableSpendConfig {
  /**
   * How long an answered request is remembered (seconds): an identical request within it is a repeat — what a
   * response cache with this TTL would have answered. Env: `GENAI_OTEL_REPEAT_WINDOW_SECONDS`.
   * @default 3600
   */
  repeatWindowSeconds?: number;
  /**
   * Requests remembered at once (slots of the repeat table, 12 bytes each, rounded up to a power of two): its memory
   * is fixed at this. Env: `GENAI_OTEL_REPEAT_CAPACITY`.
   * @default 32768 (384 KiB)
   */
  repeatCapacity?: number;
  /**
   * Anthropic cache writes tracked at once, per TTL (5 minutes, 1 hour), until read or expired.
   * @default 4096
   */
  maxPendingCacheWrites?: number;
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
