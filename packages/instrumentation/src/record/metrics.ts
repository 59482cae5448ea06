import type { Attributes, BatchObservableCallback, Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import { registerPriceDataAgeGauge } from '@genai-otel/pricing';
import { hasRateLimitHeaders, hasRetryAfter, readRateLimits, type RateLimits } from '@genai-otel/providers';
import {
  GUARD_QUEUE_WAIT_BUCKETS,
  METRIC_GENAI_OTEL_GUARD_BREAKER_STATE,
  METRIC_GENAI_OTEL_GUARD_BREAKER_TRANSITIONS,
  METRIC_GENAI_OTEL_GUARD_FALLBACKS,
  METRIC_GENAI_OTEL_GUARD_QUEUE_LENGTH,
  METRIC_GENAI_OTEL_GUARD_QUEUE_WAIT_TIME,
  METRIC_GENAI_OTEL_GUARD_REJECTIONS,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_GENAI_OTEL_COST_UNKNOWN_REASON,
  COST_BUCKETS,
  METRIC_GEN_AI_CLIENT_OPERATION_COST,
  METRIC_GENAI_OTEL_CLIENT_OPERATION_COST_UNKNOWN,
  METRIC_GENAI_OTEL_CLIENT_ATTEMPTS,
  METRIC_GENAI_OTEL_MODEL_NAMES_CAPPED,
  METRIC_GENAI_OTEL_RATELIMIT_LIMIT_REQUESTS,
  METRIC_GENAI_OTEL_RATELIMIT_LIMIT_TOKENS,
  METRIC_GENAI_OTEL_RATELIMIT_REMAINING_REQUESTS,
  METRIC_GENAI_OTEL_RATELIMIT_REMAINING_TOKENS,
  METRIC_GENAI_OTEL_RATELIMIT_RESET_REQUESTS,
  METRIC_GENAI_OTEL_RATELIMIT_RESET_TOKENS,
  METRIC_GENAI_OTEL_RATELIMIT_RETRY_AFTER,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_BUCKETS,
  GEN_AI_TOKEN_MODALITY_VALUE_AUDIO,
  GEN_AI_TOKEN_MODALITY_VALUE_TEXT,
  GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '../semconv.js';
import type { SemconvMetricSet } from '../types.js';
import { ModelNameCap } from './model-cap.js';
import { AttributeValueCap } from './attribute-cap.js';
import { METRIC_GENAI_OTEL_ATTRIBUTE_VALUES_CAPPED } from '../semconv.js';
import { metricAttributes, type CallRecord } from './call-record.js';
import { chunkTimingsStore, type ChunkGapRecorder, type ChunkTimingsStore } from './chunk-timings-producer.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';

interface LatestInstruments {
  duration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
  inputTokens: Counter;
  outputTokens: Counter;
  cacheReadInputTokens: Counter;
  cacheWriteInputTokens: Counter;
  reasoningOutputTokens: Counter;
  operationInputTokens: Histogram;
  operationOutputTokens: Histogram;
}

interface LegacyInstruments {
  duration: Histogram;
  tokenUsage: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
}

/** The per-chunk histogram's descriptions (its instruments and genai-otel's producer describe it alike). */
const TIME_PER_OUTPUT_CHUNK_DESCRIPTION = 'Time between consecutive output chunks of a streaming inference.';
const LEGACY_TIME_PER_OUTPUT_CHUNK_DESCRIPTION = 'Time between consecutive chunks of a streaming response.';

const durationAdvice = { advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] } };
const tokenAdvice = { advice: { explicitBucketBoundaries: [...GEN_AI_TOKEN_BUCKETS] } };

/**
 * Every GenAI instrument this package records, declared in one place: names, units, descriptions
 * and bucket advice (the conventions' explicit boundaries; operators may override them with a View).
 */
/** Current values for the guard gauges (breaker states, queue lengths), read at each collection. */
export interface GuardObservation {
  breakers: Array<{ attributes: Attributes; state: number }>;
  queues: Array<{ attributes: Attributes; length: number }>;
}

export class GenAIMetrics {
  private readonly latest: LatestInstruments | undefined;
  private readonly legacy: LegacyInstruments | undefined;
  private readonly cost: Histogram;
  private readonly costUnknown: Counter;
  private readonly operation: { duration: Histogram; tokenUsage: Histogram };
  private readonly attempts: Counter;
  private readonly rateLimits: Record<keyof RateLimits, ObservableGauge>;
  /** The last rate-limit headers per provider, model and server; the last retry-after apart (a success has none). */
  private readonly latestLimits = new Map<string, { attributes: Attributes; headers: Headers }>();
  private readonly latestRetryAfter = new Map<string, { attributes: Attributes; seconds: number }>();
  private readonly models: ModelNameCap;
  /** Caps the values of the promoted attribution keys (attribute-cap.ts). */
  private readonly attribution: AttributeValueCap;
  private readonly guard: {
    breakerState: ObservableGauge;
    transitions: Counter;
    queueLength: ObservableGauge;
    queueWait: Histogram;
    rejections: Counter;
    fallbacks: Counter;
  };
  private guardCallback: BatchObservableCallback | undefined;
  /** Set when genai-otel's metric producers export the per-chunk histogram (chunk-timings-producer.ts): no instrument records it then. */
  private readonly producedChunkGaps: ChunkTimingsStore | undefined;

  constructor(
    private readonly meter: Meter,
    set: SemconvMetricSet,
    maxModelNames = 200,
    attribution: { keys: readonly string[]; maxValues: number } = { keys: [], maxValues: 100 },
  ) {
    this.attribution = new AttributeValueCap(
      attribution.keys,
      attribution.maxValues,
      meter.createCounter(METRIC_GENAI_OTEL_ATTRIBUTE_VALUES_CAPPED, {
        description: 'Attribution values recorded as _OTHER on metrics because the distinct-value cap of their key was reached.',
        unit: '{value}',
      }),
    );
    this.models = new ModelNameCap(
      maxModelNames,
      meter.createCounter(METRIC_GENAI_OTEL_MODEL_NAMES_CAPPED, {
        description: 'Model names recorded as _OTHER on metrics because the distinct-name cap was reached.',
        unit: '{value}',
      }),
    );
    this.attempts = meter.createCounter(METRIC_GENAI_OTEL_CLIENT_ATTEMPTS, {
      description: 'HTTP attempts of GenAI operations, SDK retries included, by error.type.',
      unit: '{attempt}',
    });
    // Observable: a response only leaves its headers here; they are read when metrics are collected,
    // so the per-call cost is one map write (see recordRateLimits).
    const gauge = (name: string, description: string, unit: string) => meter.createObservableGauge(name, { description, unit });
    this.rateLimits = {
      remainingRequests: gauge(METRIC_GENAI_OTEL_RATELIMIT_REMAINING_REQUESTS, 'Requests left in the current rate-limit window (last response).', '{request}'),
      remainingTokens: gauge(METRIC_GENAI_OTEL_RATELIMIT_REMAINING_TOKENS, 'Tokens left in the current rate-limit window (last response).', '{token}'),
      limitRequests: gauge(METRIC_GENAI_OTEL_RATELIMIT_LIMIT_REQUESTS, 'Request rate limit (last response).', '{request}'),
      limitTokens: gauge(METRIC_GENAI_OTEL_RATELIMIT_LIMIT_TOKENS, 'Token rate limit (last response).', '{token}'),
      resetRequests: gauge(METRIC_GENAI_OTEL_RATELIMIT_RESET_REQUESTS, 'Time until the request budget resets (last response).', 's'),
      resetTokens: gauge(METRIC_GENAI_OTEL_RATELIMIT_RESET_TOKENS, 'Time until the token budget resets (last response).', 's'),
      retryAfter: gauge(METRIC_GENAI_OTEL_RATELIMIT_RETRY_AFTER, 'Wait the provider asked for on the last 429/529 (retry-after).', 's'),
    };
    meter.addBatchObservableCallback((result) => {
      const now = Date.now();
      for (const { attributes, headers } of this.latestLimits.values()) {
        const limits = readRateLimits(headers, now);
        if (!limits) continue;
        for (const key of Object.keys(limits) as Array<keyof RateLimits>) {
          const value = limits[key];
          if (value !== undefined && key !== 'retryAfter') result.observe(this.rateLimits[key], value, attributes);
        }
      }
      for (const { attributes, seconds } of this.latestRetryAfter.values()) result.observe(this.rateLimits.retryAfter, seconds, attributes);
    }, Object.values(this.rateLimits));
    this.guard = {
      breakerState: meter.createObservableGauge(METRIC_GENAI_OTEL_GUARD_BREAKER_STATE, {
        description: 'State of each guard circuit breaker: 0 closed, 1 open (calls rejected or sent to the fallback), 2 half-open.',
        unit: '{state}',
      }),
      transitions: meter.createCounter(METRIC_GENAI_OTEL_GUARD_BREAKER_TRANSITIONS, {
        description: 'Guard circuit-breaker transitions, by from and to state.',
        unit: '{transition}',
      }),
      queueLength: meter.createObservableGauge(METRIC_GENAI_OTEL_GUARD_QUEUE_LENGTH, {
        description: 'Calls waiting in a guard limiter queue for a concurrency slot or their pacing turn.',
        unit: '{call}',
      }),
      queueWait: meter.createHistogram(METRIC_GENAI_OTEL_GUARD_QUEUE_WAIT_TIME, {
        description: 'Time calls waited in a guard limiter queue before being sent (0 when they did not wait).',
        unit: 's',
        advice: { explicitBucketBoundaries: [...GUARD_QUEUE_WAIT_BUCKETS] },
      }),
      rejections: meter.createCounter(METRIC_GENAI_OTEL_GUARD_REJECTIONS, {
        description: 'Calls the guard failed fast without sending them, by reason.',
        unit: '{call}',
      }),
      fallbacks: meter.createCounter(METRIC_GENAI_OTEL_GUARD_FALLBACKS, {
        description: 'Calls the guard sent to the fallback base URL, by reason.',
        unit: '{call}',
      }),
    };
    this.cost = meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_COST, {
      description: 'Billed cost of GenAI operations whose price is known.',
      unit: 'USD',
      advice: { explicitBucketBoundaries: [...COST_BUCKETS] },
    });
    this.costUnknown = meter.createCounter(METRIC_GENAI_OTEL_CLIENT_OPERATION_COST_UNKNOWN, {
      description: 'GenAI operations whose cost could not be known, by reason.',
      unit: '{call}',
    });
    // `genai_otel.pricing.data.age`: the pricer owns the gauge (name, unit, values); it is only registered here.
    registerPriceDataAgeGauge(meter);
    if (set !== 'legacy') {
      this.latest = {
        duration: meter.createHistogram(METRIC_GEN_AI_CLIENT_INFERENCE_DURATION, {
          description: 'Duration of GenAI inference operations.',
          unit: 's',
          ...durationAdvice,
        }),
        timeToFirstChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK, {
          description: 'Time from the start of a streaming inference to its first chunk.',
          unit: 's',
          ...durationAdvice,
        }),
        timePerOutputChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK, {
          description: TIME_PER_OUTPUT_CHUNK_DESCRIPTION,
          unit: 's',
          ...durationAdvice,
        }),
        inputTokens: meter.createCounter(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS, {
          description: 'Billable input tokens, cached ones included.',
          unit: '{token}',
        }),
        outputTokens: meter.createCounter(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS, {
          description: 'Billable output tokens, reasoning ones included.',
          unit: '{token}',
        }),
        cacheReadInputTokens: meter.createCounter(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS, {
          description: 'Input tokens served from the provider cache (a subset of input tokens).',
          unit: '{token}',
        }),
        cacheWriteInputTokens: meter.createCounter(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS, {
          description: 'Input tokens written to the provider cache (a subset of input tokens).',
          unit: '{token}',
        }),
        reasoningOutputTokens: meter.createCounter(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS, {
          description: 'Output tokens spent on reasoning (a subset of output tokens).',
          unit: '{token}',
        }),
        operationInputTokens: meter.createHistogram(METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS, {
          description: 'Input tokens per inference operation.',
          unit: '{token}',
          ...tokenAdvice,
        }),
        operationOutputTokens: meter.createHistogram(METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS, {
          description: 'Output tokens per inference operation.',
          unit: '{token}',
          ...tokenAdvice,
        }),
      };
    }
    // One instrument per name: the legacy set and non-inference operations share these two.
    this.operation = {
      duration: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, {
        description: 'GenAI operation duration.',
        unit: 's',
        ...durationAdvice,
      }),
      tokenUsage: meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
        description: 'Measures number of input and output tokens used.',
        unit: '{token}',
        ...tokenAdvice,
      }),
    };
    if (set !== 'latest') {
      this.legacy = {
        duration: this.operation.duration,
        tokenUsage: this.operation.tokenUsage,
        timeToFirstChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, {
          description: 'Time to receive the first chunk of a streaming response.',
          unit: 's',
          ...durationAdvice,
        }),
        timePerOutputChunk: meter.createHistogram(METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK, {
          description: LEGACY_TIME_PER_OUTPUT_CHUNK_DESCRIPTION,
          unit: 's',
          ...durationAdvice,
        }),
      };
    }
    // The per-chunk histogram through per-stream accumulators when a reader has genai-otel's producer.
    const store = chunkTimingsStore();
    if (store.hasProducers) {
      const names = [
        ...(set !== 'legacy'
          ? [{ name: METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK, description: TIME_PER_OUTPUT_CHUNK_DESCRIPTION, unit: 's' }]
          : []),
        ...(set !== 'latest'
          ? [{ name: METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK, description: LEGACY_TIME_PER_OUTPUT_CHUNK_DESCRIPTION, unit: 's' }]
          : []),
      ];
      store.activate(names, GEN_AI_DURATION_BUCKETS, { name: PACKAGE_NAME, version: PACKAGE_VERSION });
      this.producedChunkGaps = store;
    }
  }

  /**
   * Where the guard gauges read their values (breaker states, queue lengths) at each collection;
   * `undefined` stops observing (the instruments are being replaced).
   */
  observeGuard(source: (() => GuardObservation) | undefined): void {
    if (this.guardCallback) this.meter.removeBatchObservableCallback(this.guardCallback, [this.guard.breakerState, this.guard.queueLength]);
    this.guardCallback = undefined;
    if (source === undefined) return;
    this.guardCallback = (result) => {
      const observation = source();
      for (const { attributes, state } of observation.breakers) result.observe(this.guard.breakerState, state, this.models.apply(attributes));
      for (const { attributes, length } of observation.queues) result.observe(this.guard.queueLength, length, this.models.apply(attributes));
    };
    this.meter.addBatchObservableCallback(this.guardCallback, [this.guard.breakerState, this.guard.queueLength]);
  }

  recordGuardTransition(attributes: Attributes): void {
    this.guard.transitions.add(1, this.models.apply(attributes));
  }

  recordGuardRejection(attributes: Attributes): void {
    this.guard.rejections.add(1, this.models.apply(attributes));
  }

  recordGuardFallback(attributes: Attributes): void {
    this.guard.fallbacks.add(1, this.models.apply(attributes));
  }

  recordGuardQueueWait(attributes: Attributes, seconds: number): void {
    this.guard.queueWait.record(seconds, this.models.apply(attributes));
  }

  /**
   * A call's promoted attribution with each key's values capped (`_OTHER` beyond the cap, counted once per call and
   * key): applied once when the call starts, so all its points (attempts, chunk gaps, duration, tokens, cost) agree.
   */
  capAttribution(dimensions: Attributes | undefined): Attributes | undefined {
    return dimensions === undefined ? undefined : this.attribution.apply(dimensions);
  }

  /** One HTTP attempt (first try or retry) ended. */
  recordAttempt(uncapped: Attributes, errorType: string | undefined): void {
    const attributes = this.models.apply(uncapped);
    this.attempts.add(1, errorType === undefined ? attributes : { ...attributes, [ATTR_ERROR_TYPE]: errorType });
  }

  /** Keeps a response's rate-limit headers (read at collection); and its retry-after, which a later success has not. */
  recordRateLimits(uncapped: Attributes, headers: Headers): void {
    if (!hasRateLimitHeaders(headers)) return;
    // The provider's quota is not per feature or tenant: the gauges leave the attribution off.
    const attributes = this.models.apply(this.attribution.strip(uncapped));
    const key = `${attributes[ATTR_GEN_AI_PROVIDER_NAME]}\u0000${attributes[ATTR_GEN_AI_REQUEST_MODEL]}\u0000${attributes[ATTR_SERVER_ADDRESS]}\u0000${attributes[ATTR_SERVER_PORT]}\u0000${attributes[ATTR_GEN_AI_OPERATION_NAME]}`;
    this.latestLimits.set(key, { attributes, headers });
    if (hasRetryAfter(headers)) {
      const seconds = readRateLimits(headers)?.retryAfter;
      if (seconds !== undefined) this.latestRetryAfter.set(key, { attributes, seconds });
    }
  }

  /** The attributes of a stream's chunk-gap points, model names capped: made once per stream. */
  chunkGapAttributes(uncapped: Attributes): Attributes {
    return this.models.apply(uncapped);
  }

  /** One point per output chunk after the first, recorded as the chunk passes (attributes from {@link chunkGapAttributes}). */
  recordChunkGap(attributes: Attributes, seconds: number): void {
    this.latest?.timePerOutputChunk.record(seconds, attributes);
    this.legacy?.timePerOutputChunk.record(seconds, attributes);
  }

  /**
   * A stream's chunk gaps, its attributes bound once (model names capped): a per-stream accumulator when
   * genai-otel's producers export the metric, else the instruments. End it when the stream ends.
   */
  chunkGaps(uncapped: Attributes): ChunkGapRecorder {
    const attributes = this.chunkGapAttributes(uncapped);
    if (this.producedChunkGaps !== undefined) return this.producedChunkGaps.openStream(attributes);
    return { record: (seconds) => this.recordChunkGap(attributes, seconds), end: () => {} };
  }

  /** Everything a finished call contributes. */
  recordCall(record: CallRecord): void {
    const base = this.models.apply(metricAttributes(record, record.response?.model));
    const withError: Attributes = record.errorType === undefined ? base : { ...base, [ATTR_ERROR_TYPE]: record.errorType };
    const usage = record.response?.usage;

    if (record.cost?.status === 'priced') this.cost.record(record.cost.amount, withError);
    else if (record.cost?.status === 'unknown') {
      this.costUnknown.add(1, { ...withError, [ATTR_GENAI_OTEL_COST_UNKNOWN_REASON]: record.cost.reason });
    }

    if (record.metrics === 'operation') {
      // Non-inference operations (embeddings) use gen_ai.client.operation.duration and
      // gen_ai.client.token.usage in every convention set (PR #521 keeps them for these).
      this.operation.duration.record(record.durationSeconds, withError);
      if (usage) {
        this.operation.tokenUsage.record(usage.inputTokens, { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT });
      }
      return;
    }

    const latest = this.latest;
    if (latest) {
      latest.duration.record(record.durationSeconds, withError);
      if (record.timeToFirstChunkSeconds !== undefined) latest.timeToFirstChunk.record(record.timeToFirstChunkSeconds, base);
      const tokenBase = withServiceTier(base, record);
      if (usage) {
        addByModality(latest.inputTokens, usage.inputTokens, usage.inputAudioTokens, tokenBase);
        addByModality(latest.outputTokens, usage.outputTokens, usage.outputAudioTokens, tokenBase);
        const text = { ...tokenBase, [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_TEXT };
        if (usage.cacheReadInputTokens !== undefined) latest.cacheReadInputTokens.add(usage.cacheReadInputTokens, text);
        if (usage.cacheWriteInputTokens !== undefined) latest.cacheWriteInputTokens.add(usage.cacheWriteInputTokens, text);
        if (usage.reasoningOutputTokens !== undefined) latest.reasoningOutputTokens.add(usage.reasoningOutputTokens, text);
        const histogramAttributes = record.errorType === undefined ? tokenBase : { ...tokenBase, [ATTR_ERROR_TYPE]: record.errorType };
        latest.operationInputTokens.record(usage.inputTokens, histogramAttributes);
        latest.operationOutputTokens.record(usage.outputTokens, histogramAttributes);
      } else {
        // The conventions: counters are recorded for every operation, failed ones included, with 0
        // and modality `unknown` when no usage arrived; the token histograms are not.
        const unknown = { ...tokenBase, [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN };
        latest.inputTokens.add(0, unknown);
        latest.outputTokens.add(0, unknown);
      }
    }

    const legacy = this.legacy;
    if (legacy) {
      legacy.duration.record(record.durationSeconds, withError);
      if (record.timeToFirstChunkSeconds !== undefined) legacy.timeToFirstChunk.record(record.timeToFirstChunkSeconds, base);
      if (usage) {
        legacy.tokenUsage.record(usage.inputTokens, { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT });
        legacy.tokenUsage.record(usage.outputTokens, { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT });
      }
    }
  }
}

/**
 * The conventions refine the token metrics for OpenAI with `openai.response.service_tier` (tiers are
 * billed differently). `openai.response.system_fingerprint`, the other refinement, is left off
 * metrics on purpose: it changes with every backend deployment and would mint new series.
 */
function withServiceTier(base: Attributes, record: CallRecord): Attributes {
  const tier = record.response?.serviceTier;
  if (record.provider !== 'openai' || tier === undefined) return base;
  return { ...base, [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: tier };
}

/** Adds a token total split into its audio part (when reported and non-zero) and the text rest. */
function addByModality(counter: Counter, total: number, audio: number | undefined, base: Attributes): void {
  const audioTokens = audio !== undefined && audio > 0 ? Math.min(audio, total) : 0;
  counter.add(total - audioTokens, { ...base, [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_TEXT });
  if (audioTokens > 0) {
    counter.add(audioTokens, { ...base, [ATTR_GEN_AI_TOKEN_MODALITY]: GEN_AI_TOKEN_MODALITY_VALUE_AUDIO });
  }
}
