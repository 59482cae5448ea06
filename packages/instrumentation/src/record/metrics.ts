import type { Attributes, Meter } from '@opentelemetry/api';
import { registerPriceDataAgeGauge } from '@genai-otel/pricing';
import {
  ATTR_ERROR_TYPE,
  ATTR_GENAI_OTEL_COST_UNKNOWN_REASON,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  GEN_AI_TOKEN_MODALITY_VALUE_AUDIO,
  GEN_AI_TOKEN_MODALITY_VALUE_TEXT,
  GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_GENAI_OTEL_ATTRIBUTE_VALUES_CAPPED,
  METRIC_GENAI_OTEL_MODEL_NAMES_CAPPED,
} from '../semconv.js';
import type { SemconvMetricSet } from '../types.js';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../version.js';
import { AttributeValueCap } from './attribute-cap.js';
import { CallPoints } from './call-points.js';
import { metricAttributes, type CallRecord } from './call-record.js';
import type { ChunkGapRecorder } from './chunk-gaps.js';
import { GuardMetrics, type GuardObservation } from './guard-metrics.js';
import { contractCounter } from './metric-points.js';
import { metricStore, type MetricPoints, type MetricStore } from './metric-store.js';
import { ModelNameCap } from './model-cap.js';
import { RateLimitGauges } from './rate-limit-gauges.js';
import { Series } from './series.js';

export type { GuardObservation, GuardTarget } from './guard-metrics.js';

/**
 * Every GenAI metric this package records, named, described and bucketed as the telemetry contract says
 * (contract/metrics.ts). A call's points are recorded once it ends ({@link recordCall}), on attribute sets derived
 * from one {@link Series} per call; through genai-otel's metric producer when readers have one (metric-store.ts),
 * else through instruments of the meter.
 */
export class GenAIMetrics {
  /** The per-call metrics (call-points.ts). */
  readonly points: CallPoints;
  private readonly models: ModelNameCap;
  /** Caps the values of the promoted attribution keys (attribute-cap.ts). */
  private readonly attribution: AttributeValueCap;
  private readonly rateLimits: RateLimitGauges;
  private readonly guard: GuardMetrics;
  /** Set when genai-otel's metric producers export the per-call metrics: no instrument records them then. */
  private readonly store: MetricStore | undefined;

  constructor(
    meter: Meter,
    set: SemconvMetricSet,
    maxModelNames = 200,
    attribution: { keys: readonly string[]; maxValues: number } = { keys: [], maxValues: 100 },
    /** Where the producers' points go (the process's store; tests give their own). */
    store: MetricStore = metricStore(),
  ) {
    this.attribution = new AttributeValueCap(attribution.keys, attribution.maxValues, contractCounter(meter, METRIC_GENAI_OTEL_ATTRIBUTE_VALUES_CAPPED));
    this.models = new ModelNameCap(maxModelNames, contractCounter(meter, METRIC_GENAI_OTEL_MODEL_NAMES_CAPPED));
    this.rateLimits = new RateLimitGauges(meter);
    this.guard = new GuardMetrics(meter, (attributes) => this.models.apply(attributes));
    // `genai_otel.pricing.data.age`: the pricer owns the gauge (name, unit, values); it is only registered here.
    registerPriceDataAgeGauge(meter);
    this.store = store.hasProducers ? store : undefined;
    this.store?.setScope({ name: PACKAGE_NAME, version: PACKAGE_VERSION });
    this.points = new CallPoints(meter, this.store, set);
  }

  /** The points of a metric the producer can take over (avoidable spend's counters), by contract name. */
  metricPoints(name: string): MetricPoints {
    return this.points.of(name);
  }

  /** Where the guard gauges read their values at each collection; `undefined` stops observing. */
  observeGuard(source: (() => GuardObservation) | undefined): void {
    this.guard.observe(source);
  }

  /** The guard's decisions (`@genai-otel/guard`, observed on its diagnostics channel). */
  get guardDecisions(): Pick<GuardMetrics, 'transition' | 'rejection' | 'fallback' | 'queued'> {
    return this.guard;
  }

  /**
   * A call's promoted attribution with each key's values capped (`_OTHER` beyond the cap, counted once per call and
   * key): applied once when the call starts, so all its points (attempts, chunk gaps, duration, tokens, cost) agree.
   */
  capAttribution(dimensions: Attributes | undefined): Attributes | undefined {
    return dimensions === undefined ? undefined : this.attribution.apply(dimensions);
  }

  /** A series of these attributes with the model names capped. */
  series(uncapped: Attributes): Series {
    return Series.of(this.models.apply(uncapped));
  }

  /** One HTTP attempt (first try or retry) ended. */
  recordAttempt(uncapped: Attributes, errorType: string | undefined): void {
    const series = this.series(uncapped);
    this.points.attempts.record(1, errorType === undefined ? series : series.with(ATTR_ERROR_TYPE, errorType));
  }

  /** Keeps a response's rate-limit headers (read at collection); and its retry-after, which a later success has not. */
  recordRateLimits(uncapped: Attributes, headers: Headers): void {
    if (!RateLimitGauges.carried(headers)) return;
    // The provider's quota is not per feature or tenant: the gauges leave the attribution off.
    this.rateLimits.keep(this.models.apply(this.attribution.strip(uncapped)), headers);
  }

  /**
   * A stream's chunk gaps, its attributes bound once (model names capped): a per-stream accumulator when
   * genai-otel's producers export the metric, else the instruments. End it when the stream ends.
   */
  chunkGaps(uncapped: Attributes): ChunkGapRecorder {
    return this.points.chunkGaps(this.series(uncapped));
  }

  /** Everything a finished call contributes. */
  recordCall(record: CallRecord): void {
    const base = this.series(metricAttributes(record, record.response?.model));
    const withError = record.errorType === undefined ? base : base.with(ATTR_ERROR_TYPE, record.errorType);
    const usage = record.response?.usage;
    const points = this.points;

    if (record.cost?.status === 'priced') points.cost.record(record.cost.amount, withError);
    else if (record.cost?.status === 'unknown') points.costUnknown.record(1, withError.with(ATTR_GENAI_OTEL_COST_UNKNOWN_REASON, record.cost.reason));

    if (record.metrics === 'operation') {
      // Non-inference operations (embeddings) use gen_ai.client.operation.duration and
      // gen_ai.client.token.usage in every convention set (PR #521 keeps them for these).
      points.operation.duration.record(record.durationSeconds, withError);
      if (usage) points.operation.tokenUsage.record(usage.inputTokens, base.with(ATTR_GEN_AI_TOKEN_TYPE, GEN_AI_TOKEN_TYPE_VALUE_INPUT));
      return;
    }

    const latest = points.latest;
    if (latest) {
      latest.duration.record(record.durationSeconds, withError);
      if (record.timeToFirstChunkSeconds !== undefined) latest.timeToFirstChunk.record(record.timeToFirstChunkSeconds, base);
      const tokenBase = withServiceTier(base, record);
      if (usage) {
        const text = tokenBase.with(ATTR_GEN_AI_TOKEN_MODALITY, GEN_AI_TOKEN_MODALITY_VALUE_TEXT);
        addByModality(latest.inputTokens, usage.inputTokens, usage.inputAudioTokens, tokenBase, text);
        addByModality(latest.outputTokens, usage.outputTokens, usage.outputAudioTokens, tokenBase, text);
        if (usage.cacheReadInputTokens !== undefined) latest.cacheReadInputTokens.record(usage.cacheReadInputTokens, text);
        if (usage.cacheWriteInputTokens !== undefined) latest.cacheWriteInputTokens.record(usage.cacheWriteInputTokens, text);
        if (usage.reasoningOutputTokens !== undefined) latest.reasoningOutputTokens.record(usage.reasoningOutputTokens, text);
        const histogramSeries = record.errorType === undefined ? tokenBase : tokenBase.with(ATTR_ERROR_TYPE, record.errorType);
        latest.operationInputTokens.record(usage.inputTokens, histogramSeries);
        latest.operationOutputTokens.record(usage.outputTokens, histogramSeries);
      } else {
        // The conventions: counters are recorded for every operation, failed ones included, with 0
        // and modality `unknown` when no usage arrived; the token histograms are not.
        const unknown = tokenBase.with(ATTR_GEN_AI_TOKEN_MODALITY, GEN_AI_TOKEN_MODALITY_VALUE_UNKNOWN);
        latest.inputTokens.record(0, unknown);
        latest.outputTokens.record(0, unknown);
      }
    }

    const legacy = points.legacy;
    if (legacy) {
      legacy.duration.record(record.durationSeconds, withError);
      if (record.timeToFirstChunkSeconds !== undefined) legacy.timeToFirstChunk.record(record.timeToFirstChunkSeconds, base);
      if (usage) {
        legacy.tokenUsage.record(usage.inputTokens, base.with(ATTR_GEN_AI_TOKEN_TYPE, GEN_AI_TOKEN_TYPE_VALUE_INPUT));
        legacy.tokenUsage.record(usage.outputTokens, base.with(ATTR_GEN_AI_TOKEN_TYPE, GEN_AI_TOKEN_TYPE_VALUE_OUTPUT));
      }
    }
  }
}

/**
 * The conventions refine the token metrics for OpenAI with `openai.response.service_tier` (tiers are
 * billed differently). `openai.response.system_fingerprint`, the other refinement, is left off
 * metrics on purpose: it changes with every backend deployment and would mint new series.
 */
function withServiceTier(base: Series, record: CallRecord): Series {
  const tier = record.response?.serviceTier;
  if (record.provider !== 'openai' || tier === undefined) return base;
  return base.with(ATTR_OPENAI_RESPONSE_SERVICE_TIER, tier);
}

/** Adds a token total split into its audio part (when reported and non-zero) and the text rest. */
function addByModality(counter: MetricPoints, total: number, audio: number | undefined, base: Series, text: Series): void {
  const audioTokens = audio !== undefined && audio > 0 ? Math.min(audio, total) : 0;
  counter.record(total - audioTokens, text);
  if (audioTokens > 0) counter.record(audioTokens, base.with(ATTR_GEN_AI_TOKEN_MODALITY, GEN_AI_TOKEN_MODALITY_VALUE_AUDIO));
}
