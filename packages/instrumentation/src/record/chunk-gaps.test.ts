import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  type MetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { TestReader } from '../../test/test-reader.js';
import {
  GEN_AI_DURATION_BUCKETS,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
} from '../semconv.js';
import type { ChunkGapRecorder } from './chunk-gaps.js';
import { MetricStore } from './metric-store.js';
import { Series, seriesKey } from './series.js';

// The producer must export exactly what the SDK instrument exports for the same points: a MeterProvider with
// the instrument on one side, a MeterProvider whose reader has only the producer on the other, the same points
// recorded into both, and every collection compared (name, unit, description, type, temporality, attributes,
// count, sum, min, max, boundaries, bucket counts).

const NAME = METRIC_GEN_AI_CLIENT_INFERENCE_TIME_PER_OUTPUT_CHUNK;
const DESCRIPTION = 'Time between consecutive output chunks of a streaming inference.';

/** One stream recorded both ways: the instrument with the stream's attributes, and the producer's accumulator. */
interface Both {
  record(seconds: number): void;
  end(): void;
}

function pair(temporality: AggregationTemporality, options: { cardinalityLimit?: number; names?: string[] } = {}) {
  const names = options.names ?? [NAME];
  const instrumentReader = new TestReader(temporality, options);
  const instruments = new MeterProvider({ readers: [instrumentReader] }).getMeter('@genai-otel/instrumentation', '0.1.0');
  const histograms = names.map((name) =>
    instruments.createHistogram(name, { description: DESCRIPTION, unit: 's', advice: { explicitBucketBoundaries: [...GEN_AI_DURATION_BUCKETS] } }),
  );
  const store = new MetricStore();
  const producerReader = new TestReader(temporality, {
    metricProducers: [store.addProducer({ temporality, ...(options.cardinalityLimit !== undefined ? { cardinalityLimit: options.cardinalityLimit } : {}) })],
  });
  new MeterProvider({ readers: [producerReader] });
  store.setScope({ name: '@genai-otel/instrumentation', version: '0.1.0' });
  const produced = names.map((name) => store.histogram({ name, description: DESCRIPTION, unit: 's', buckets: GEN_AI_DURATION_BUCKETS }));
  const stream = (attributes: Attributes): Both => {
    const recorder: ChunkGapRecorder = store.openStream(produced, Series.of(attributes));
    return {
      record(seconds) {
        for (const histogram of histograms) histogram.record(seconds, attributes);
        recorder.record(seconds);
      },
      end: () => recorder.end(),
    };
  };
  return { store, stream, instrumentReader, producerReader };
}

/** A collection's metrics, comparable: descriptors as the SDK makes them, points sorted by series. */
async function collected(reader: MetricReader): Promise<unknown[]> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const metrics: MetricData[] = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).filter((metric) => metric.dataPoints.length > 0);
  return metrics
    .map((metric) => {
      expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
      return {
        name: metric.descriptor.name,
        unit: metric.descriptor.unit,
        description: metric.descriptor.description,
        type: (metric.descriptor as { type?: string }).type,
        valueType: metric.descriptor.valueType,
        temporality: metric.aggregationTemporality,
        dataPointType: metric.dataPointType,
        points: (metric.dataPoints as DataPoint<Histogram>[])
          .map((point) => ({
            series: seriesKey(point.attributes),
            attributes: point.attributes,
            count: point.value.count,
            // Sums of the same points added in another order: equal but for the last bits.
            sum: Number((point.value.sum ?? Number.NaN).toPrecision(12)),
            min: point.value.min,
            max: point.value.max,
            boundaries: point.value.buckets.boundaries,
            counts: point.value.buckets.counts,
          }))
          .sort((a, b) => a.series.localeCompare(b.series)),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function expectSame(both: ReturnType<typeof pair>): Promise<unknown[]> {
  const [fromInstrument, fromProducer] = await Promise.all([collected(both.instrumentReader), collected(both.producerReader)]);
  expect(fromProducer).toEqual(fromInstrument);
  return fromProducer;
}

const A = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1', 'genai_otel.team': 'search' };
const B = { ...A, 'genai_otel.team': 'support' };
const C = { ...A, 'gen_ai.request.model': 'gpt-4.1-mini', 'server.port': 443 };
/** Gaps across the buckets: zero, on a boundary (inclusive), between boundaries, past the last one. */
const GAPS = [0, 0.000013, 0.01, 0.0100001, 0.015, 0.16, 0.3, 1, 5.12, 100];

describe.each([
  ['cumulative', AggregationTemporality.CUMULATIVE],
  ['delta', AggregationTemporality.DELTA],
])('genai-otel producer vs the SDK instrument (%s)', (_name, temporality) => {
  it('exports the same points at every collection: streams ending between collections, in flight across them, none at all', async () => {
    const both = pair(temporality);
    const s1 = both.stream(A);
    const s2 = both.stream(B);
    const s3 = both.stream(A);
    for (const [i, gap] of GAPS.entries()) {
      s1.record(gap);
      if (i % 2 === 0) s2.record(gap * 2);
      if (i % 3 === 0) s3.record(gap / 3);
    }
    s1.end();
    // s2 and s3 are in flight: folded in at this collection.
    const first = await expectSame(both);
    expect(first).toHaveLength(1);

    s2.record(0.02);
    s3.record(0.5);
    s2.end();
    const s4 = both.stream(C);
    s4.record(0.04);
    s4.record(0.001);
    await expectSame(both);

    // Nothing recorded: delta exports nothing, cumulative the same totals again.
    const third = await expectSame(both);
    expect(third).toHaveLength(temporality === AggregationTemporality.DELTA ? 0 : 1);

    s3.record(2);
    s4.record(90);
    s3.end();
    s4.end();
    const last = await expectSame(both);
    expect(both.store.streams.inFlight).toBe(0);
    // The attribution dimension is part of the series: A and B are two series.
    const series = (last[0] as { points: { attributes: Attributes }[] }).points.map((point) => point.attributes['genai_otel.team']);
    expect(series).toContain('search');
    await expectSame(both);
  });

  it('exports both convention names with the same points (legacy and latest), each once', async () => {
    const both = pair(temporality, { names: [NAME, METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK] });
    const s = both.stream(A);
    for (const gap of GAPS) s.record(gap);
    const result = (await expectSame(both)) as { name: string }[];
    expect(result.map((metric) => metric.name)).toEqual([NAME, METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK]);
    s.end();
    await expectSame(both);
  });

  it('puts series past the cardinality limit in the overflow series, per collection interval, as the SDK does', async () => {
    const both = pair(temporality, { cardinalityLimit: 3 });
    const streams = [A, B, C, { ...A, x: 1 }, { ...A, x: 2 }].map((attributes) => both.stream(attributes));
    for (const [i, s] of streams.entries()) s.record(0.001 * (i + 1));
    for (const s of streams) s.end();
    const first = (await expectSame(both)) as { points: { attributes: Attributes }[] }[];
    expect(first[0]!.points.map((point) => point.attributes)).toContainEqual({ 'otel.metric.overflow': true });
    const again = [{ ...A, x: 3 }, B].map((attributes) => both.stream(attributes));
    for (const s of again) s.record(0.25);
    for (const s of again) s.end();
    await expectSame(both);
  });

  it('drops negative gaps and does not count NaN, as the instrument', async () => {
    const both = pair(temporality);
    const s = both.stream(A);
    s.record(0.5);
    s.record(-1);
    s.record(Number.NaN);
    s.end();
    await expectSame(both);
  });
});

describe('genai-otel producer', () => {
  it('folds a stream that never ends into every collection', async () => {
    const both = pair(AggregationTemporality.CUMULATIVE);
    const s = both.stream(A);
    s.record(0.25);
    expect(both.store.streams.inFlight).toBe(1);
    await expectSame(both);
    s.record(0.5);
    await expectSame(both);
  });

  it('exports nothing until the instrumentation makes its metrics, and its scope and descriptor then', async () => {
    const store = new MetricStore();
    const reader = new TestReader(AggregationTemporality.DELTA, { metricProducers: [store.addProducer({ temporality: () => AggregationTemporality.DELTA })] });
    new MeterProvider({ readers: [reader] });
    expect((await reader.collect()).resourceMetrics.scopeMetrics).toEqual([]);
    store.setScope({ name: '@genai-otel/instrumentation', version: '0.1.0' });
    const s = store.openStream([store.histogram({ name: NAME, description: DESCRIPTION, unit: 's', buckets: GEN_AI_DURATION_BUCKETS })], Series.of(A));
    s.record(0.125);
    const { resourceMetrics } = await reader.collect();
    expect(resourceMetrics.scopeMetrics).toHaveLength(1);
    expect(resourceMetrics.scopeMetrics[0]!.scope).toEqual({ name: '@genai-otel/instrumentation', version: '0.1.0' });
    expect(resourceMetrics.scopeMetrics[0]!.metrics[0]!.descriptor).toMatchObject({ name: NAME, unit: 's', type: 'HISTOGRAM' });
  });
});
