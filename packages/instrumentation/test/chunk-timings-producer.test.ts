/**
 * The per-chunk histogram through genai-otel's metric producer, end to end: the reader has
 * genAIMetricProducer() (as @genai-otel/node's readers do), streams go through the real `openai` SDK,
 * and the points carry the call's promoted attribution. The metric is exported once per collection
 * (telemetry.ts fails on a name exported twice), with the points recorded before it — a stream still
 * being read included.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { AggregationTemporality, DataPointType, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { genAIMetricProducer, withGenAIAttributes } from '../src/index.js';
import { metricStore } from '../src/record/metric-store.js';
import { GEN_AI_DURATION_BUCKETS } from '../src/semconv.js';
import { setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry(
  { metricAttributes: ['team'] },
  { metricProducers: [genAIMetricProducer({ temporality: () => AggregationTemporality.DELTA })] },
);
let provider: FakeProvider;
let client: OpenAI;
const NAME = 'gen_ai.client.inference.time_per_output_chunk';

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' }, metricAttributes: ['team'] });
  telemetry.instrumentation.enable();
  client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
});

/** A stream of `completion` content chunks; `paced`: one event every 5 ms, so a collection can fall in the middle of it. */
function stream(completion: number, paced = false) {
  return client.chat.completions.create(
    { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Count' }], stream: true },
    { headers: { 'x-fake-usage': `prompt=10,completion=${completion}`, ...(paced ? { 'x-fake-fault': 'slow;ttfb-ms=0;chunk-delay-ms=5' } : {}) } },
  );
}

function histogramPoints(metric: { dataPointType: DataPointType; dataPoints: unknown[] } | undefined) {
  if (metric === undefined) return [];
  expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
  return (metric.dataPoints as DataPoint<Histogram>[]).map((point) => ({ team: point.attributes['genai_otel.team'], count: point.value.count, point }));
}

describe('time_per_output_chunk through genAIMetricProducer', () => {
  it('one point per chunk after the first, on the stream attributes with its promoted attribution, exported once', async () => {
    const received: unknown[] = [];
    await withGenAIAttributes({ team: 'search' }, async () => {
      for await (const chunk of await stream(20)) received.push(chunk);
    });
    await telemetry.waitForSpans(1);
    const metrics = await telemetry.collectMetrics();
    const [only] = histogramPoints(metrics.get(NAME));
    expect(only?.team).toBe('search');
    expect(only?.count).toBe(received.length - 1);
    expect(only?.point.value.buckets.boundaries).toEqual(GEN_AI_DURATION_BUCKETS);
    expect(only?.point.attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1' });
    // The instrument recorded nothing: the SDK's own metrics never name it (collectMetrics fails on a duplicate).
    expect(metricStore().streams.inFlight).toBe(0);
  });

  it('folds a stream still being read into the collection, and the rest into the next one', async () => {
    const iterator = (await withGenAIAttributes({ team: 'support' }, () => stream(30, true)))[Symbol.asyncIterator]();
    let read = 0;
    for (; read < 11; read++) await iterator.next();
    expect(metricStore().streams.inFlight).toBe(1);
    const during = histogramPoints((await telemetry.collectMetrics()).get(NAME));
    expect(during.map(({ team }) => team)).toEqual(['support']);
    const early = during[0]!.count;
    expect(early).toBeGreaterThanOrEqual(10);
    expect(early).toBeLessThan(25);
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      read++;
    }
    await telemetry.waitForSpans(1);
    const after = histogramPoints((await telemetry.collectMetrics()).get(NAME));
    expect(early + after[0]!.count).toBe(read - 1);
    expect(metricStore().streams.inFlight).toBe(0);
  });
});
