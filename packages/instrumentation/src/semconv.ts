/*
 * Local copies of the GenAI semantic-convention names this package emits.
 *
 * The GenAI conventions are all in Development status and live in
 * open-telemetry/semantic-conventions-genai; `@opentelemetry/semantic-conventions` only carries
 * the legacy metric names (deprecated). Following the unstable-semconv policy of
 * opentelemetry-js-contrib, the names are copied here instead of importing the incubating entry point.
 * Implemented: the genai repo's main branch of Oct 2026 (schema 1.42.0-dev: PRs #374, #440, #521),
 * and the legacy set of semantic-conventions v1.37–v1.41.
 */

// ---- attributes ---------------------------------------------------------------------------------

export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
export const ATTR_GEN_AI_REQUEST_REASONING_LEVEL = 'gen_ai.request.reasoning.level';
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/** Renamed from `gen_ai.usage.cache_creation.input_tokens` in the genai repo (PR #440). */
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_GEN_AI_TOKEN_MODALITY = 'gen_ai.token.modality';
/** Legacy (`gen_ai.client.token.usage`) only. */
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';

export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier';
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier';
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint';

/** Stable general attributes (re-declared so this file is the one list of what the package emits). */
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_ERROR_TYPE = 'error.type';

// ---- values -------------------------------------------------------------------------------------

export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat';
export const GEN_AI_TOKEN_MODALITY_VALUE_TEXT = 'text';
export const GEN_AI_TOKEN_MODALITY_VALUE_AUDIO = 'audio';
export const GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN = 'unknown';
export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output';

// ---- metrics: latest set (genai repo main) ------------------------------------------------------

export const METRIC_GEN_AI_CLIENT_INFERENCE_DURATION = 'gen_ai.client.inference.duration';
export const METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK = 'gen_ai.client.inference.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK = 'gen_ai.client.inference.time_per_output_chunk';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS = 'gen_ai.client.inference.usage.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS = 'gen_ai.client.inference.usage.output_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.client.inference.usage.cache_read.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.client.inference.usage.cache_write.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.client.inference.usage.reasoning.output_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS = 'gen_ai.client.inference.operation.input_tokens';
export const METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS = 'gen_ai.client.inference.operation.output_tokens';

// ---- metrics: legacy set (semantic-conventions v1.37–v1.41) -------------------------------------

export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK = 'gen_ai.client.operation.time_per_output_chunk';

// ---- bucket advice ------------------------------------------------------------------------------

/** Explicit bucket boundaries (seconds) the conventions give for every GenAI duration histogram. */
export const GEN_AI_DURATION_BUCKETS: readonly number[] = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** Explicit bucket boundaries the conventions give for every GenAI token histogram. */
export const GEN_AI_TOKEN_BUCKETS: readonly number[] = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

// ---- cost: open proposal open-telemetry/semantic-conventions-genai PR #443 ----------------------

/** Cost of the call (double). PR #443: provider-reported when available, else computed locally. */
export const ATTR_GEN_AI_USAGE_COST_AMOUNT = 'gen_ai.usage.cost.amount';
/** ISO 4217 currency of `gen_ai.usage.cost.amount` (always `USD` here). */
export const ATTR_GEN_AI_USAGE_COST_CURRENCY = 'gen_ai.usage.cost.currency';
/**
 * Where the amount comes from. PR #443 proposes `provider` | `local`; genai-otel splits `local` into
 * `price-table` (the bundled @pydantic/genai-prices data) and `custom` (the user's price table).
 */
export const ATTR_GEN_AI_USAGE_COST_SOURCE = 'gen_ai.usage.cost.source';
/** Histogram of the cost per operation (PR #443). */
export const METRIC_GEN_AI_CLIENT_OPERATION_COST = 'gen_ai.client.operation.cost';

// ---- genai-otel's own names (no convention exists) -----------------------------------------------

/** Why a call's cost is unknown (`unknown_model`, `no_usage`, `aborted`, …); set instead of an amount. */
export const ATTR_GENAI_OTEL_COST_UNKNOWN_REASON = 'genai_otel.cost.unknown_reason';
/** Version of the price data a cost was computed with (e.g. `genai-prices@0.1.8`). */
export const ATTR_GENAI_OTEL_COST_DATA_VERSION = 'genai_otel.cost.data_version';
/** Counter of calls whose cost is unknown, by `genai_otel.cost.unknown_reason`. */
export const METRIC_GENAI_OTEL_CLIENT_OPERATION_COST_UNKNOWN = 'genai_otel.client.operation.cost.unknown';

/** Explicit bucket boundaries (USD) for the cost histogram: a hundredth of a cent to ten dollars. */
export const COST_BUCKETS: readonly number[] = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// ---- values and attributes used by the other wire formats --------------------------------------

export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content';
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings';
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats';
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count';
export const ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID = 'gen_ai.request.previous_response.id';

// ---- HTTP attributes on attempt spans (stable HTTP conventions) ---------------------------------

export const ATTR_HTTP_REQUEST_RESEND_COUNT = 'http.request.resend_count';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';

// ---- attempts and rate-limit headroom (genai-otel's own names) -----------------------------------

/** Counter of model-name values recorded as `_OTHER` on metrics because the cap was reached. */
export const METRIC_GENAI_OTEL_MODEL_NAMES_CAPPED = 'genai_otel.metrics.model_names_capped';
/** Counter of HTTP attempts (first tries and SDK retries) by `error.type`. */
export const METRIC_GENAI_OTEL_CLIENT_ATTEMPTS = 'genai_otel.client.attempts';
/** Gauges from the providers' rate-limit response headers, per provider and model. */
export const METRIC_GENAI_OTEL_RATELIMIT_REMAINING_REQUESTS = 'genai_otel.ratelimit.remaining_requests';
export const METRIC_GENAI_OTEL_RATELIMIT_REMAINING_TOKENS = 'genai_otel.ratelimit.remaining_tokens';
export const METRIC_GENAI_OTEL_RATELIMIT_LIMIT_REQUESTS = 'genai_otel.ratelimit.limit_requests';
export const METRIC_GENAI_OTEL_RATELIMIT_LIMIT_TOKENS = 'genai_otel.ratelimit.limit_tokens';
export const METRIC_GENAI_OTEL_RATELIMIT_RESET_REQUESTS = 'genai_otel.ratelimit.reset_requests';
export const METRIC_GENAI_OTEL_RATELIMIT_RESET_TOKENS = 'genai_otel.ratelimit.reset_tokens';
export const METRIC_GENAI_OTEL_RATELIMIT_RETRY_AFTER = 'genai_otel.ratelimit.retry_after';

// ---- guard (genai-otel's own names; README "Guard") ----------------------------------------------

/** Gauge of each circuit breaker's state, per provider and model: 0 closed, 1 open, 2 half-open. */
export const METRIC_GENAI_OTEL_GUARD_BREAKER_STATE = 'genai_otel.guard.breaker.state';
/** Counter of breaker transitions, by `genai_otel.guard.breaker.from` / `.to`. */
export const METRIC_GENAI_OTEL_GUARD_BREAKER_TRANSITIONS = 'genai_otel.guard.breaker.transitions';
/** Gauge of calls waiting in a limiter's queue (concurrency slot or pacing turn). */
export const METRIC_GENAI_OTEL_GUARD_QUEUE_LENGTH = 'genai_otel.guard.queue.length';
/** Histogram of the time calls waited in a limiter's queue (0 for calls that did not wait). */
export const METRIC_GENAI_OTEL_GUARD_QUEUE_WAIT_TIME = 'genai_otel.guard.queue.wait_time';
/** Counter of calls the guard failed fast, by `genai_otel.guard.reason`. */
export const METRIC_GENAI_OTEL_GUARD_REJECTIONS = 'genai_otel.guard.rejections';
/** Counter of calls sent to the fallback base URL, by `genai_otel.guard.reason` and fallback address. */
export const METRIC_GENAI_OTEL_GUARD_FALLBACKS = 'genai_otel.guard.fallbacks';

/** Why the guard intervened: `circuit_open`, `rate_limited`, `queue_full`, or (fallbacks) the primary's `error.type`. */
export const ATTR_GENAI_OTEL_GUARD_REASON = 'genai_otel.guard.reason';
/** Breaker state before / after a transition: `closed`, `open`, `half_open`. */
export const ATTR_GENAI_OTEL_GUARD_BREAKER_FROM = 'genai_otel.guard.breaker.from';
export const ATTR_GENAI_OTEL_GUARD_BREAKER_TO = 'genai_otel.guard.breaker.to';
/** `true` on spans of calls the guard sent to the fallback base URL. */
export const ATTR_GENAI_OTEL_GUARD_FALLBACK = 'genai_otel.guard.fallback';
/** Host and port of the fallback a call was sent to (`server.address`/`server.port` stay the primary's). */
export const ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS = 'genai_otel.guard.fallback.server.address';
export const ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_PORT = 'genai_otel.guard.fallback.server.port';

/** Explicit bucket boundaries (seconds) for the queue wait histogram: 1 ms to a minute. */
export const GUARD_QUEUE_WAIT_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

// ---- content (opt-in) -----------------------------------------------------------------------------

/** Structured input messages (JSON string on spans): `[{role, parts:[{type:'text', content}, …]}]`. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
/** Structured output messages (JSON string on spans): `[{role, parts, finish_reason}]`. */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
/** System instructions given separately from the messages (Anthropic `system`, Gemini `systemInstruction`, Responses `instructions`). */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';

// ---- attribution: who spends the money (README "Attribution") -------------------------------------

/**
 * The feature, team and tenant a call belongs to. No semantic convention names these: genai-otel's namespace. An
 * attribution key given without a dot (`feature`, `team`, `tenant`, `region`) is recorded as `genai_otel.<key>`; a
 * dotted key (`user.id`, `session.id`, `app.checkout.step`) is recorded as given.
 */
export const ATTR_GENAI_OTEL_FEATURE = 'genai_otel.feature';
export const ATTR_GENAI_OTEL_TEAM = 'genai_otel.team';
export const ATTR_GENAI_OTEL_TENANT = 'genai_otel.tenant';
/** The end user (general `user.*` conventions): allowed on spans, refused as a metric dimension. */
export const ATTR_USER_ID = 'user.id';
/** Counter of attribution values recorded as `_OTHER` on metrics because a key's distinct-value cap was reached. */
export const METRIC_GENAI_OTEL_ATTRIBUTE_VALUES_CAPPED = 'genai_otel.metrics.attribute_values_capped';
/** The attribution key whose value was capped (on `genai_otel.metrics.attribute_values_capped`). */
export const ATTR_GENAI_OTEL_ATTRIBUTE_KEY = 'genai_otel.attribute.key';

// ---- avoidable spend (genai-otel's own names; README "Avoidable spend") ---------------------------------------------

/** Counter of answered calls repeating a request answered within the repeat window (a response cache would have answered them). */
export const METRIC_GENAI_OTEL_REPEATS = 'genai_otel.repeats';
/** Counter (USD) of the billed cost of those repeated calls. */
export const METRIC_GENAI_OTEL_REPEAT_COST = 'genai_otel.repeat.cost';
/** Counter (USD) of what prompt caching saved: cache-read tokens at the input price minus what they cost. */
export const METRIC_GENAI_OTEL_PROMPT_CACHE_SAVINGS = 'genai_otel.prompt_cache.savings';
/** Counter of answered calls long enough to be cached that neither read from nor wrote to the prompt cache. */
export const METRIC_GENAI_OTEL_PROMPT_CACHE_MISSES = 'genai_otel.prompt_cache.misses';
/** Counter (USD) of what those misses cost over reading their cacheable tokens from the cache (an upper bound). */
export const METRIC_GENAI_OTEL_PROMPT_CACHE_MISS_COST = 'genai_otel.prompt_cache.miss.cost';
/** Counter of Anthropic prompt-cache writes that nothing read before their TTL ran out. */
export const METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITES = 'genai_otel.prompt_cache.unread_writes';
/** Counter (USD) of the write premium (write price − input price) of those unread writes. */
export const METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITE_COST = 'genai_otel.prompt_cache.unread_write.cost';
/** On genai_otel.repeats / .repeat.cost: whether the request's sampling gives one reproducible answer (`fixed`) or not (`varied`). */
export const ATTR_GENAI_OTEL_REQUEST_SAMPLING = 'genai_otel.request.sampling';
export const GENAI_OTEL_REQUEST_SAMPLING_VALUE_FIXED = 'fixed';
export const GENAI_OTEL_REQUEST_SAMPLING_VALUE_VARIED = 'varied';
/** On the unread-write metrics: the cache TTL written (`5m`, `1h`). */
export const ATTR_GENAI_OTEL_PROMPT_CACHE_TTL = 'genai_otel.prompt_cache.ttl';
