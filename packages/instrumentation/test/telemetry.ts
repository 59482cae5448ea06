/**
 * Test harness: the real OpenTelemetry SDK with in-memory exporters. One GenAIInstrumentation per test
 * file (vitest isolates files), as opentelemetry-js-contrib does: instrumentations patch globals, so
 * several in one process with different configs are fragile.
 */
import { context, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type DataPoint,
  type Histogram,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { TracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import type { OpenAIChatUsage, ServedCall } from '@genai-otel/fake-provider';
import { GenAIInstrumentation, type GenAIInstrumentationConfig } from '../src/index.js';
import { TestReader } from './test-reader.js';

/**
 * Keeps ended spans in memory (synchronously, unlike an exporter behind a processor) and resolves
 * waiters as spans end, so tests await span ends instead of sleeping.
 */
class SpanWaiter implements SpanProcessor {
  /** GenAI operation spans ended so far (attempt spans are kept in `all` but not counted). */
  ended = 0;
  finished: ReadableSpan[] = [];
  all: ReadableSpan[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  onStart(_span: Span): void {}
  onEnd(span: ReadableSpan): void {
    this.all.push(span);
    if (span.attributes['gen_ai.operation.name'] === undefined) return;
    this.finished.push(span);
    this.ended += 1;
    this.waiters = this.waiters.filter((waiter) => {
      if (this.ended < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }
  until(count: number): Promise<void> {
    if (this.ended >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Telemetry {
  instrumentation: GenAIInstrumentation;
  /** Finished GenAI operation spans since the last reset. */
  spans(): ReadableSpan[];
  /** Every finished span since the last reset (attempt spans too). */
  allSpans(): ReadableSpan[];
  /** Waits until `count` GenAI operation spans have ended since the last reset, then returns them. */
  waitForSpans(count: number): Promise<ReadableSpan[]>;
  /** Metrics recorded since the last collect (delta), by instrument name. */
  collectMetrics(): Promise<Map<string, MetricData>>;
  reset(): Promise<void>;
}

export function setupTelemetry(
  config: GenAIInstrumentationConfig = {},
  options: { global?: boolean /** Given to the (delta) reader, e.g. genai-otel's genAIMetricProducer(). */; metricProducers?: MetricProducer[] } = {},
): Telemetry {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const waiter = new SpanWaiter();
  const tracerProvider = new TracerProvider({ spanProcessors: [waiter] });
  const reader = new TestReader(AggregationTemporality.DELTA, { metricProducers: options.metricProducers ?? [] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  // `global`: also the global tracer provider, so libraries that trace on their own (e.g.
  // @anthropic-ai/sdk 1.x) record into the same exporter as they would in an app.
  if (options.global) trace.setGlobalTracerProvider(tracerProvider);
  const instrumentation = new GenAIInstrumentation({ ...config, enabled: false });
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.setMeterProvider(meterProvider);
  let baseline = 0;

  const collectMetrics = async (): Promise<Map<string, MetricData>> => {
    const { resourceMetrics } = await reader.collect();
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        if (metric.dataPoints.length === 0) continue;
        if (byName.has(metric.descriptor.name)) throw new Error(`metric ${metric.descriptor.name} exported twice in one collection`);
        byName.set(metric.descriptor.name, metric);
      }
    }
    return byName;
  };

  return {
    instrumentation,
    spans: () => [...waiter.finished],
    allSpans: () => [...waiter.all],
    async waitForSpans(count) {
      await waiter.until(baseline + count);
      return [...waiter.finished];
    },
    collectMetrics,
    async reset() {
      waiter.finished = [];
      waiter.all = [];
      baseline = waiter.ended;
      await collectMetrics();
    },
  };
}

/** Data points of a metric as `{ attributes, value }`, sorted for stable comparison. */
export function points(metric: MetricData | undefined): Array<{ attributes: Attributes; value: unknown }> {
  if (!metric) return [];
  return (metric.dataPoints as Array<DataPoint<unknown>>)
    .map((point) => ({ attributes: point.attributes, value: point.value }))
    .sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
}

/** A histogram point's bucket boundaries, count and sum (min/max omitted: timing-dependent). */
export function histogram(metric: MetricData | undefined, index = 0): { boundaries: number[]; count: number; sum: number } {
  if (!metric || metric.dataPointType !== DataPointType.HISTOGRAM) throw new Error('not a histogram');
  const point = metric.dataPoints[index] as DataPoint<Histogram>;
  return { boundaries: point.value.buckets.boundaries, count: point.value.count, sum: point.value.sum ?? Number.NaN };
}

/** The OpenAI chat usage a fake-provider ledger entry recorded (fails the test for other APIs). */
export function chatUsage(call: ServedCall | undefined): OpenAIChatUsage {
  if (call?.api !== 'openai.chat' || call.usage === undefined) throw new Error(`not a chat call with usage: ${JSON.stringify(call)}`);
  return call.usage;
}
