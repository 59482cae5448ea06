/**
 * Metric and attribute names of `@genai-otel/provider-usage`. Prometheus names after the collector's
 * `prometheus` exporter are in the README.
 */

/** Tokens the provider reports, by token type (`gen_ai.token.type`). Counter (observable), `{token}`. */
export const METRIC_PROVIDER_TOKENS = 'genai_otel.provider.usage.tokens';
/** Model requests the provider reports (OpenAI `num_model_requests`). Counter (observable), `{request}`. */
export const METRIC_PROVIDER_REQUESTS = 'genai_otel.provider.requests';
/** What the provider bills, in USD. Counter (observable), `USD`. */
export const METRIC_PROVIDER_COST = 'genai_otel.provider.cost';
/** Failed polls of one report. Counter, `{error}`. */
export const METRIC_POLL_ERRORS = 'genai_otel.provider.poll.errors';
/** When a report was last read in full (Unix time). Gauge (observable), `s`. */
export const METRIC_POLL_LAST_SUCCESS = 'genai_otel.provider.poll.last_success';

/** `openai` or `anthropic`. */
export const ATTR_PROVIDER_NAME = 'gen_ai.provider.name';
/** The model the provider reports (OpenAI `model`; Anthropic `model`; cost: parsed from the line item). */
export const ATTR_RESPONSE_MODEL = 'gen_ai.response.model';
/** `input` (cache reads and writes included), `output`, `cache_read`, `cache_write`, `input_audio`, `output_audio`. */
export const ATTR_TOKEN_TYPE = 'gen_ai.token.type';
/** The usage report the numbers come from: `completions`, `embeddings`, …, Anthropic `messages`. */
export const ATTR_ENDPOINT = 'genai_otel.provider.endpoint';
/** OpenAI `project_id`, Anthropic `workspace_id` (absent for Anthropic's default workspace). */
export const ATTR_PROJECT = 'genai_otel.provider.project';
/** OpenAI / Anthropic `api_key_id` (only when grouped by it). */
export const ATTR_API_KEY_ID = 'genai_otel.provider.api_key_id';
/** OpenAI `batch` (`true` / `false`). */
export const ATTR_BATCH = 'genai_otel.provider.batch';
/** OpenAI / Anthropic `service_tier` (only when grouped by it). */
export const ATTR_SERVICE_TIER = 'genai_otel.provider.service_tier';
/** OpenAI cost `line_item`; Anthropic cost `description`. */
export const ATTR_LINE_ITEM = 'genai_otel.provider.line_item';
/** Why a poll failed: `authentication`, `permission`, `rate_limited`, `server_error`, `network`, `invalid_request`, `invalid_response`. */
export const ATTR_ERROR_TYPE = 'error.type';

/** Token types of {@link ATTR_TOKEN_TYPE}. `input` is all input tokens; the others are parts of input or output. */
export type TokenType = 'input' | 'output' | 'cache_read' | 'cache_write' | 'input_audio' | 'output_audio';
