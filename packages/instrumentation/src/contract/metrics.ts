/*
 * The telemetry contract: every metric genai-otel emits (this package, @genai-otel/pricing's price-data gauge and
 * @genai-otel/provider-usage's poller) with its instrument kind, unit, description, bucket boundaries, attribute
 * keys and the Prometheus series it becomes through the collector. `pnpm contract` writes it to
 * telemetry-contract.json at the repository root, which the alert generator's, the dashboards', the collector
 * README's and the bench's checks read (scripts/contract.test.ts). Names and buckets come from semconv.ts.
 */
import * as S from '../semconv.js';
import { type InstrumentKind, prometheusLabel, prometheusMetricName, prometheusSeries } from './prometheus.js';

export type { InstrumentKind } from './prometheus.js';

/** Which semconv metric set a metric belongs to (`GenAIInstrumentationConfig.semconvMetrics`), or `always`. */
export type MetricSet = 'latest' | 'legacy' | 'always';

export interface MetricContract {
  name: string;
  kind: InstrumentKind;
  unit: string;
  description: string;
  /** Explicit bucket boundaries given as advice (histograms only). */
  buckets?: readonly number[];
  /** Attribute keys the metric can carry (besides the user's promoted attribution keys when `attribution`). */
  attributes: readonly string[];
  /** Carries the promoted attribution keys (`genai_otel.feature`, `.team`, `.tenant`, or the user's own). */
  attribution: boolean;
  set: MetricSet;
  /** The package whose code creates the instrument. */
  package: '@genai-otel/instrumentation' | '@genai-otel/pricing' | '@genai-otel/provider-usage';
}

/** genai-otel's attribution keys as documented (README "Attribution"); users may promote others. */
export const ATTRIBUTION_KEYS: readonly string[] = [S.ATTR_GENAI_OTEL_FEATURE, S.ATTR_GENAI_OTEL_TEAM, S.ATTR_GENAI_OTEL_TENANT];

const CALL = [
  S.ATTR_GEN_AI_OPERATION_NAME,
  S.ATTR_GEN_AI_PROVIDER_NAME,
  S.ATTR_GEN_AI_REQUEST_MODEL,
  S.ATTR_GEN_AI_RESPONSE_MODEL,
  S.ATTR_SERVER_ADDRESS,
  S.ATTR_SERVER_PORT,
] as const;
const CALL_ERROR = [...CALL, S.ATTR_ERROR_TYPE];
/** The request's side only: the attempts counter and the rate-limit gauges have no response model. */
const REQUEST = [S.ATTR_GEN_AI_OPERATION_NAME, S.ATTR_GEN_AI_PROVIDER_NAME, S.ATTR_GEN_AI_REQUEST_MODEL, S.ATTR_SERVER_ADDRESS, S.ATTR_SERVER_PORT];
const TOKENS = [...CALL, S.ATTR_GEN_AI_TOKEN_MODALITY, S.ATTR_OPENAI_RESPONSE_SERVICE_TIER];
const GUARD = [S.ATTR_GEN_AI_PROVIDER_NAME, S.ATTR_GEN_AI_REQUEST_MODEL, S.ATTR_GEN_AI_OPERATION_NAME, S.ATTR_SERVER_ADDRESS, S.ATTR_SERVER_PORT];
const PROVIDER_REPORT = [
  S.ATTR_GEN_AI_PROVIDER_NAME,
  S.ATTR_GEN_AI_RESPONSE_MODEL,
  'genai_otel.provider.endpoint',
  'genai_otel.provider.project',
  'genai_otel.provider.api_key_id',
  'genai_otel.provider.batch',
  'genai_otel.provider.service_tier',
];

const INST = '@genai-otel/instrumentation' as const;
type Spec = Omit<MetricContract, 'package' | 'set' | 'attribution'> & Partial<Pick<MetricContract, 'package' | 'set' | 'attribution'>>;
const m = (spec: Spec): MetricContract => ({ package: INST, set: 'always', attribution: false, ...spec });
const dur = { kind: 'histogram', unit: 's', buckets: S.GEN_AI_DURATION_BUCKETS } as const;
const tokenHistogram = { kind: 'histogram', unit: '{token}', buckets: S.GEN_AI_TOKEN_BUCKETS } as const;
const tokenCounter = { kind: 'counter', unit: '{token}', attributes: TOKENS, set: 'latest', attribution: true } as const;
const rateGauge = (name: string, description: string, unit: string) => m({ name, description, unit, kind: 'observable_gauge', attributes: REQUEST });
const spend = (name: string, description: string, unit: string, extra: readonly string[] = []) =>
  m({ name, description, unit, kind: 'counter', attributes: [...CALL, ...extra], attribution: true });

export const METRICS: readonly MetricContract[] = [
  // ---- latest semconv set (genai repo main) ----
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
    ...dur,
    description: 'Duration of GenAI inference operations.',
    attributes: CALL_ERROR,
    set: 'latest',
    attribution: true,
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
    ...dur,
    description: 'Time from the start of a streaming inference to its first chunk.',
    attributes: CALL,
    set: 'latest',
    attribution: true,
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
    ...dur,
    description: 'Time between consecutive output chunks of a streaming inference.',
    attributes: CALL,
    set: 'latest',
    attribution: true,
  }),
  m({ name: S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS, ...tokenCounter, description: 'Billable input tokens, cached ones included.' }),
  m({ name: S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS, ...tokenCounter, description: 'Billable output tokens, reasoning ones included.' }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
    ...tokenCounter,
    description: 'Input tokens served from the provider cache (a subset of input tokens).',
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
    ...tokenCounter,
    description: 'Input tokens written to the provider cache (a subset of input tokens).',
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
    ...tokenCounter,
    description: 'Output tokens spent on reasoning (a subset of output tokens).',
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
    ...tokenHistogram,
    description: 'Input tokens per inference operation.',
    attributes: [...TOKENS, S.ATTR_ERROR_TYPE],
    set: 'latest',
    attribution: true,
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
    ...tokenHistogram,
    description: 'Output tokens per inference operation.',
    attributes: [...TOKENS, S.ATTR_ERROR_TYPE],
    set: 'latest',
    attribution: true,
  }),
  // ---- legacy set (semantic-conventions v1.37–v1.41); duration and token usage also serve non-inference operations ----
  m({ name: S.METRIC_GEN_AI_CLIENT_OPERATION_DURATION, ...dur, description: 'GenAI operation duration.', attributes: CALL_ERROR, attribution: true }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
    ...tokenHistogram,
    description: 'Measures number of input and output tokens used.',
    attributes: [...CALL, S.ATTR_GEN_AI_TOKEN_TYPE],
    attribution: true,
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
    ...dur,
    description: 'Time to receive the first chunk of a streaming response.',
    attributes: CALL,
    set: 'legacy',
    attribution: true,
  }),
  m({
    name: S.METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
    ...dur,
    description: 'Time between consecutive chunks of a streaming response.',
    attributes: CALL,
    set: 'legacy',
    attribution: true,
  }),
  // ---- cost ----
  m({
    name: S.METRIC_GEN_AI_CLIENT_OPERATION_COST,
    kind: 'histogram',
    unit: 'USD',
    buckets: S.COST_BUCKETS,
    description: 'Billed cost of GenAI operations whose price is known.',
    attributes: CALL_ERROR,
    attribution: true,
  }),
  m({
    name: S.METRIC_GENAI_OTEL_CLIENT_OPERATION_COST_UNKNOWN,
    kind: 'counter',
    unit: '{call}',
    description: 'GenAI operations whose cost could not be known, by reason.',
    attributes: [...CALL_ERROR, S.ATTR_GENAI_OTEL_COST_UNKNOWN_REASON],
    attribution: true,
  }),
  // ---- attempts, caps, rate limits ----
  m({
    name: S.METRIC_GENAI_OTEL_CLIENT_ATTEMPTS,
    kind: 'counter',
    unit: '{attempt}',
    description: 'HTTP attempts of GenAI operations, SDK retries included, by error.type.',
    attributes: [...REQUEST, S.ATTR_ERROR_TYPE],
    attribution: true,
  }),
  m({
    name: S.METRIC_GENAI_OTEL_MODEL_NAMES_CAPPED,
    kind: 'counter',
    unit: '{value}',
    description: 'Model names recorded as _OTHER on metrics because the distinct-name cap was reached.',
    attributes: [],
  }),
  m({
    name: S.METRIC_GENAI_OTEL_ATTRIBUTE_VALUES_CAPPED,
    kind: 'counter',
    unit: '{value}',
    description: 'Attribution values recorded as _OTHER on metrics because the distinct-value cap of their key was reached.',
    attributes: [S.ATTR_GENAI_OTEL_ATTRIBUTE_KEY],
  }),
  rateGauge(S.METRIC_GENAI_OTEL_RATELIMIT_REMAINING_REQUESTS, 'Requests left in the current rate-limit window (last response).', '{request}'),
  rateGauge(S.METRIC_GENAI_OTEL_RATELIMIT_REMAINING_TOKENS, 'Tokens left in the current rate-limit window (last response).', '{token}'),
  rateGauge(S.METRIC_GENAI_OTEL_RATELIMIT_LIMIT_REQUESTS, 'Request rate limit (last response).', '{request}'),
  rateGauge(S.METRIC_GENAI_OTEL_RATELIMIT_LIMIT_TOKENS, 'Token rate limit (last response).', '{token}'),
  rateGauge(S.METRIC_GENAI_OTEL_RATELIMIT_RESET_REQUESTS, 'Time until the request budget resets (last response).', 's'),
  rateGauge(S.METRIC_GENAI_OTEL_RATELIMIT_RESET_TOKENS, 'Time until the token budget resets (last response).', 's'),
  rateGauge(S.METRIC_GENAI_OTEL_RATELIMIT_RETRY_AFTER, 'Wait the provider asked for on the last 429/529 (retry-after).', 's'),
  // ---- guard ----
  m({
    name: S.METRIC_GENAI_OTEL_GUARD_BREAKER_STATE,
    kind: 'observable_gauge',
    unit: '{state}',
    description: 'State of each guard circuit breaker: 0 closed, 1 open (calls rejected or sent to the fallback), 2 half-open.',
    attributes: GUARD,
  }),
  m({
    name: S.METRIC_GENAI_OTEL_GUARD_BREAKER_TRANSITIONS,
    kind: 'counter',
    unit: '{transition}',
    description: 'Guard circuit-breaker transitions, by from and to state.',
    attributes: [...GUARD, S.ATTR_GENAI_OTEL_GUARD_BREAKER_FROM, S.ATTR_GENAI_OTEL_GUARD_BREAKER_TO],
  }),
  m({
    name: S.METRIC_GENAI_OTEL_GUARD_QUEUE_LENGTH,
    kind: 'observable_gauge',
    unit: '{call}',
    description: 'Calls waiting in a guard limiter queue for a concurrency slot or their pacing turn.',
    attributes: GUARD,
  }),
  m({
    name: S.METRIC_GENAI_OTEL_GUARD_QUEUE_WAIT_TIME,
    kind: 'histogram',
    unit: 's',
    buckets: S.GUARD_QUEUE_WAIT_BUCKETS,
    description: 'Time calls waited in a guard limiter queue before being sent (0 when they did not wait).',
    attributes: GUARD,
  }),
  m({
    name: S.METRIC_GENAI_OTEL_GUARD_REJECTIONS,
    kind: 'counter',
    unit: '{call}',
    description: 'Calls the guard failed fast without sending them, by reason.',
    attributes: [...GUARD, S.ATTR_GENAI_OTEL_GUARD_REASON],
  }),
  m({
    name: S.METRIC_GENAI_OTEL_GUARD_FALLBACKS,
    kind: 'counter',
    unit: '{call}',
    description: 'Calls the guard sent to the fallback base URL, by reason.',
    attributes: [...GUARD, S.ATTR_GENAI_OTEL_GUARD_REASON, S.ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_ADDRESS, S.ATTR_GENAI_OTEL_GUARD_FALLBACK_SERVER_PORT],
  }),
  // ---- avoidable spend ----
  spend(
    S.METRIC_GENAI_OTEL_REPEATS,
    'Answered calls whose request (provider, model, canonical body) was answered before within the repeat window: a response cache would have answered them. By genai_otel.request.sampling.',
    '{call}',
    [S.ATTR_GENAI_OTEL_REQUEST_SAMPLING],
  ),
  spend(S.METRIC_GENAI_OTEL_REPEAT_COST, 'Billed cost of the repeated calls (genai_otel.repeats).', 'USD', [S.ATTR_GENAI_OTEL_REQUEST_SAMPLING]),
  spend(S.METRIC_GENAI_OTEL_PROMPT_CACHE_SAVINGS, 'What prompt caching saved: cache-read tokens at the input price minus what they cost.', 'USD'),
  spend(
    S.METRIC_GENAI_OTEL_PROMPT_CACHE_MISSES,
    "Answered calls long enough for the provider's prompt cache that neither read from nor wrote to it.",
    '{call}',
  ),
  spend(
    S.METRIC_GENAI_OTEL_PROMPT_CACHE_MISS_COST,
    'What the prompt-cache misses cost over reading their cacheable tokens from the cache (an upper bound).',
    'USD',
  ),
  spend(S.METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITES, 'Anthropic prompt-cache writes no later call read before their TTL ran out.', '{write}', [
    S.ATTR_GENAI_OTEL_PROMPT_CACHE_TTL,
  ]),
  spend(
    S.METRIC_GENAI_OTEL_PROMPT_CACHE_UNREAD_WRITE_COST,
    'The write premium (write price minus input price) of the cache writes never read: paid for nothing.',
    'USD',
    [S.ATTR_GENAI_OTEL_PROMPT_CACHE_TTL],
  ),
  // ---- @genai-otel/pricing (registered by this package's metrics) ----
  m({
    name: 'genai_otel.pricing.data.age',
    kind: 'observable_gauge',
    unit: 's',
    description: 'Seconds since the own date of the price data the cost is computed with (bundled snapshot or loaded file).',
    attributes: ['genai_otel.pricing.data_version', 'genai_otel.pricing.data_origin'],
    package: '@genai-otel/pricing',
  }),
  // ---- @genai-otel/provider-usage (the usage poller) ----
  m({
    name: 'genai_otel.provider.usage.tokens',
    kind: 'observable_counter',
    unit: '{token}',
    description: 'Tokens the provider reports in its usage API, by token type (input includes cache reads and writes).',
    attributes: [...PROVIDER_REPORT, S.ATTR_GEN_AI_TOKEN_TYPE],
    package: '@genai-otel/provider-usage',
  }),
  m({
    name: 'genai_otel.provider.requests',
    kind: 'observable_counter',
    unit: '{request}',
    description: 'Model requests the provider reports in its usage API.',
    attributes: PROVIDER_REPORT,
    package: '@genai-otel/provider-usage',
  }),
  m({
    name: 'genai_otel.provider.cost',
    kind: 'observable_counter',
    unit: 'USD',
    description: 'What the provider bills, from its cost report.',
    attributes: [...PROVIDER_REPORT, 'genai_otel.provider.line_item'],
    package: '@genai-otel/provider-usage',
  }),
  m({
    name: 'genai_otel.provider.poll.last_success',
    kind: 'observable_gauge',
    unit: 's',
    description: 'Unix time of the last complete read of a provider report.',
    attributes: [S.ATTR_GEN_AI_PROVIDER_NAME, 'genai_otel.provider.endpoint'],
    package: '@genai-otel/provider-usage',
  }),
  m({
    name: 'genai_otel.provider.poll.errors',
    kind: 'counter',
    unit: '{error}',
    description: 'Polls of a provider report that failed (after retries), by error.type.',
    attributes: [S.ATTR_GEN_AI_PROVIDER_NAME, 'genai_otel.provider.endpoint', S.ATTR_ERROR_TYPE],
    package: '@genai-otel/provider-usage',
  }),
];

/** One metric in the machine-readable file. */
export interface MetricContractEntry extends Omit<MetricContract, 'buckets' | 'attributes'> {
  buckets?: number[];
  attributes: string[];
  prometheus: { name: string; series: string[]; labels: string[] };
}

export interface TelemetryContract {
  $comment: string;
  translation: string;
  attributionKeys: string[];
  metrics: MetricContractEntry[];
}

/** The contract as written to telemetry-contract.json. */
export function telemetryContract(): TelemetryContract {
  return {
    $comment:
      'Generated by `pnpm contract` from packages/instrumentation/src/contract/metrics.ts - do not edit. Prometheus names: collector prometheus exporter, translation_strategy UnderscoreEscapingWithSuffixes.',
    translation: 'UnderscoreEscapingWithSuffixes',
    attributionKeys: [...ATTRIBUTION_KEYS],
    metrics: METRICS.map((metric) => {
      const attributes = [...metric.attributes, ...(metric.attribution ? ATTRIBUTION_KEYS : [])];
      return {
        name: metric.name,
        kind: metric.kind,
        unit: metric.unit,
        description: metric.description,
        ...(metric.buckets ? { buckets: [...metric.buckets] } : {}),
        attributes: [...metric.attributes],
        attribution: metric.attribution,
        set: metric.set,
        package: metric.package,
        prometheus: {
          name: prometheusMetricName(metric.name, metric.unit, metric.kind),
          series: prometheusSeries(metric.name, metric.unit, metric.kind),
          labels: [...new Set(attributes.map(prometheusLabel))],
        },
      };
    }),
  };
}

/** The file's text (stable key order, two-space indent, trailing newline). */
export function telemetryContractJson(): string {
  return `${JSON.stringify(telemetryContract(), null, 2)}\n`;
}

/** The contract entry of an OTel metric name (throws when the name is not in the contract). */
export function metricContract(name: string): MetricContract {
  const found = METRICS.find((metric) => metric.name === name);
  if (!found) throw new Error(`${name} is not in the telemetry contract`);
  return found;
}
