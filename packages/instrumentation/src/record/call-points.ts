import type { Meter } from '@opentelemetry/api';
import {
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
  METRIC_GEN_AI_CLIENT_OPERATION_COST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_GENAI_OTEL_CLIENT_ATTEMPTS,
  METRIC_GENAI_OTEL_CLIENT_OPERATION_COST_UNKNOWN,
} from '../semconv.js';
import type { SemconvMetricSet } from '../types.js';
import type { ChunkGapRecorder } from './chunk-gaps.js';
import { metricPoints, producedMetric } from './metric-points.js';
import type { MetricPoints, MetricStore, ProducedMetric } from './metric-store.js';
import type { Series } from './series.js';

interface LatestPoints {
  duration: MetricPoints;
  timeToFirstChunk: MetricPoints;
  inputTokens: MetricPoints;
  outputTokens: MetricPoints;
  cacheReadInputTokens: MetricPoints;
  cacheWriteInputTokens: MetricPoints;
  reasoningOutputTokens: MetricPoints;
  operationInputTokens: MetricPoints;
  operationOutputTokens: MetricPoints;
}

interface LegacyPoints {
  duration: MetricPoints;
  tokenUsage: MetricPoints;
  timeToFirstChunk: MetricPoints;
}

/**
 * The metrics a call records points on (durations, tokens, cost, attempts, chunk timings; avoidable spend's
 * counters through {@link of}): each through genai-otel's producer when readers have one, else an instrument.
 * The convention set decides which exist; one per name (the legacy set and non-inference operations share
 * `gen_ai.client.operation.duration` and `gen_ai.client.token.usage`).
 */
export class CallPoints {
  readonly latest: LatestPoints | undefined;
  readonly legacy: LegacyPoints | undefined;
  readonly operation: { duration: MetricPoints; tokenUsage: MetricPoints };
  readonly cost: MetricPoints;
  readonly costUnknown: MetricPoints;
  readonly attempts: MetricPoints;
  /** The per-chunk histograms (latest and/or legacy names), as produced metrics or instruments. */
  private readonly chunkGapPoints: MetricPoints[];
  private readonly others = new Map<string, MetricPoints>();

  constructor(
    private readonly meter: Meter,
    private readonly store: MetricStore | undefined,
    set: SemconvMetricSet,
  ) {
    const points = (name: string) => metricPoints(meter, store, name);
    this.attempts = points(METRIC_GENAI_OTEL_CLIENT_ATTEMPTS);
    this.cost = points(METRIC_GEN_AI_CLIENT_OPERATION_COST);
    this.costUnknown = points(METRIC_GENAI_OTEL_CLIENT_OPERATION_COST_UNKNOWN);
    this.chunkGapPoints = [];
    if (set !== 'legacy') {
      this.latest = {
        duration: points(METRIC_GEN_AI_CLIENT_INFERENCE_DURATION),
        timeToFirstChunk: points(METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK),
        inputTokens: points(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS),
        outputTokens: points(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS),
        cacheReadInputTokens: points(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS),
        cacheWriteInputTokens: points(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_WRITE_INPUT_TOKENS),
        reasoningOutputTokens: points(METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS),
        operationInputTokens: points(METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_INPUT_TOKENS),
        operationOutputTokens: points(METRIC_GEN_AI_CLIENT_INFERENCE_OPERATION_OUTPUT_TOKENS),
      };
      this.chunkGapPoints.push(points(METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK));
    }
    this.operation = { duration: points(METRIC_GEN_AI_CLIENT_OPERATION_DURATION), tokenUsage: points(METRIC_GEN_AI_CLIENT_TOKEN_USAGE) };
    if (set !== 'latest') {
      this.legacy = {
        duration: this.operation.duration,
        tokenUsage: this.operation.tokenUsage,
        timeToFirstChunk: points(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK),
      };
      this.chunkGapPoints.push(points(METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK));
    }
  }

  /** The points of another per-call metric (avoidable spend's), made once per name. */
  of(name: string): MetricPoints {
    let points = this.others.get(name);
    if (points === undefined) {
      points = this.store ? producedMetric(this.store, name) : metricPoints(this.meter, undefined, name);
      this.others.set(name, points);
    }
    return points;
  }

  /** A stream's chunk gaps on one series: a per-stream accumulator for the producer, else one point per chunk on each instrument. */
  chunkGaps(series: Series): ChunkGapRecorder {
    if (this.store !== undefined) return this.store.openStream(this.chunkGapPoints as ProducedMetric[], series);
    const points = this.chunkGapPoints;
    return {
      record: (seconds) => {
        for (const histogram of points) histogram.record(seconds, series);
      },
      end: () => {},
    };
  }
}
