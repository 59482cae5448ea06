import { createPricer } from '@genai-otel/pricing';
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
import type { SemconvMetricSet } from '../types.js';
import { openAIChat, type RequestFacts, type ResponseFacts, type TokenUsage } from '@genai-otel/providers';
import { AvoidableSpend } from './avoidable-spend.js';
import type { CallRecord } from './call-record.js';
import { priceCall, type PricedCallRecord } from './cost.js';
import { MetricStore } from './metric-store.js';
import { GenAIMetrics } from './metrics.js';
import { seriesKey } from './series.js';

// Every metric genai-otel records per call, both ways: GenAIMetrics on plain SDK instruments, and GenAIMetrics whose
// per-call metrics go through genai-otel's producer (metric-store.ts), fed the same calls, attempts, streams and
// avoidable spend. Each collection of the two readers must be identical: name, unit, description, type, temporality,
// attributes, value (sum; count, sum, min, max, boundaries, bucket counts), the metrics the producer does not take
// over (caps, rate-limit and guard gauges) included.

const pricer = createPricer();
const AT = new Date('2026-11-02T12:00:00Z');
const ATTRIBUTION = { keys: ['genai_otel.team'], maxValues: 2 };

/** One side: a MeterProvider, its reader, GenAIMetrics and AvoidableSpend on it (its own store). */
function side(set: SemconvMetricSet, temporality: AggregationTemporality, options: { producer: boolean; cardinalityLimit?: number; maxModelNames?: number }) {
  const store = new MetricStore();
  const producers = options.producer
    ? [store.addProducer({ temporality, ...(options.cardinalityLimit !== undefined ? { cardinalityLimit: options.cardinalityLimit } : {}) })]
    : undefined;
  const reader = new TestReader(temporality, {
    ...(producers ? { metricProducers: producers } : {}),
    ...(options.cardinalityLimit !== undefined ? { cardinalityLimit: options.cardinalityLimit } : {}),
  });
  const meter = new MeterProvider({ readers: [reader] }).getMeter('@genai-otel/instrumentation', '0.1.0');
  const metrics = new GenAIMetrics(meter, set, options.maxModelNames ?? 200, ATTRIBUTION, store);
  const now = 1_000_000;
  const spend = new AvoidableSpend(metrics, { repeatWindowSeconds: 3600, repeatCapacity: 100, maxPendingCacheWrites: 10 }, undefined, () => now);
  return { store, reader, metrics, spend };
}

function pair(set: SemconvMetricSet, temporality: AggregationTemporality, options: { cardinalityLimit?: number; maxModelNames?: number } = {}) {
  const plain = side(set, temporality, { ...options, producer: false });
  const produced = side(set, temporality, { ...options, producer: true });
  return { plain, produced, both: [plain, produced] };
}

interface Call {
  provider?: string;
  model?: string;
  responseModel?: string;
  operation?: string;
  metrics?: 'inference' | 'operation';
  stream?: boolean;
  ttfc?: number;
  duration?: number;
  usage?: TokenUsage;
  rawUsage?: unknown;
  serviceTier?: string;
  errorType?: string;
  httpStatus?: number;
  team?: string;
  temperature?: number;
}

function record(call: Call, capAttribution: (dimensions: Attributes | undefined) => Attributes | undefined): { record: CallRecord; request: RequestFacts } {
  const model = call.model ?? 'gpt-4.1';
  const response: ResponseFacts | undefined =
    call.errorType !== undefined && call.usage === undefined
      ? undefined
      : {
          id: 'id',
          model: call.responseModel ?? `${model}-2025-04-14`,
          finishReasons: ['stop'],
          usage: call.usage,
          rawUsage: call.rawUsage,
          ...(call.serviceTier ? { serviceTier: call.serviceTier } : {}),
          malformed: false,
        };
  const base: PricedCallRecord = {
    operation: call.operation ?? 'chat',
    provider: call.provider ?? 'openai',
    requestModel: model,
    serverAddress: 'api.openai.com',
    serverPort: 443,
    stream: call.stream ?? false,
    metrics: call.metrics ?? 'inference',
    usageFormat: 'openai.chat',
    durationSeconds: call.duration ?? 0.42,
    timeToFirstChunkSeconds: call.ttfc,
    response,
    errorType: call.errorType,
    errorMessage: call.errorType,
    httpStatus: call.httpStatus ?? (call.errorType ? 500 : 200),
    attribution: capAttribution(call.team === undefined ? undefined : { 'genai_otel.team': call.team }),
  };
  const request: RequestFacts = {
    operation: base.operation as RequestFacts['operation'],
    model,
    stream: base.stream,
    parameters: call.temperature === undefined ? {} : { temperature: call.temperature },
    rewrittenBody: undefined,
    usageInjected: false,
  };
  return { record: { ...base, cost: priceCall(pricer, base, AT) }, request };
}

type Side = ReturnType<typeof side>;

/** The same call through both sides: its attempts, its stream's chunk gaps, the call, its avoidable spend. */
function call(sides: Side[], c: Call, options: { attempts?: (string | undefined)[]; gaps?: number[] } = {}): void {
  for (const s of sides) {
    const { record: r, request } = record(c, (d) => s.metrics.capAttribution(d));
    const requestAttributes = {
      ...r.attribution,
      'gen_ai.operation.name': r.operation,
      'gen_ai.provider.name': r.provider,
      'server.address': r.serverAddress,
      'server.port': r.serverPort,
      'gen_ai.request.model': r.requestModel as string,
    };
    for (const errorType of options.attempts ?? [r.errorType]) s.metrics.recordAttempt(requestAttributes, errorType);
    if (options.gaps) {
      const gaps = s.metrics.chunkGaps({ ...requestAttributes, 'gen_ai.response.model': r.response?.model as string });
      for (const gap of options.gaps) gaps.record(gap);
      gaps.end();
    }
    s.metrics.recordCall(r);
    const body = { model: request.model, messages: [{ role: 'user', content: 'Same question' }], temperature: c.temperature };
    s.spend.recordCall(r, request, s.spend.digest(openAIChat, r.provider, request, body));
  }
}

/** A collection's metrics, comparable: every metric but the price-data age (a clock reading), points sorted by series. */
async function collected(reader: MetricReader): Promise<unknown[]> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const metrics: MetricData[] = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.dataPoints.length > 0 && metric.descriptor.name !== 'genai_otel.pricing.data.age');
  const names = metrics.map((metric) => metric.descriptor.name);
  expect(new Set(names).size, 'a metric name exported twice').toBe(names.length);
  return metrics
    .map((metric) => ({
      name: metric.descriptor.name,
      unit: metric.descriptor.unit,
      description: metric.descriptor.description,
      type: (metric.descriptor as { type?: string }).type,
      valueType: metric.descriptor.valueType,
      temporality: metric.aggregationTemporality,
      dataPointType: metric.dataPointType,
      isMonotonic: 'isMonotonic' in metric ? metric.isMonotonic : undefined,
      points: (metric.dataPoints as DataPoint<unknown>[])
        .map((point) => ({
          series: seriesKey(point.attributes),
          attributes: point.attributes,
          value:
            metric.dataPointType === DataPointType.HISTOGRAM
              ? (({ count, sum, min, max, buckets }: Histogram) => ({
                  count,
                  // Sums of the same points added in another order: equal but for the last bits.
                  sum: Number((sum ?? Number.NaN).toPrecision(12)),
                  min,
                  max,
                  boundaries: buckets.boundaries,
                  counts: buckets.counts,
                }))(point.value as Histogram)
              : Number((point.value as number).toPrecision(12)),
        }))
        .sort((a, b) => a.series.localeCompare(b.series)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function expectSame(p: ReturnType<typeof pair>): Promise<{ name: string; points: { attributes: Attributes; value: unknown }[] }[]> {
  const [fromInstruments, fromProducer] = await Promise.all([collected(p.plain.reader), collected(p.produced.reader)]);
  expect(fromProducer).toEqual(fromInstruments);
  return fromProducer as { name: string; points: { attributes: Attributes; value: unknown }[] }[];
}

const rawUsage = (prompt: number, completion: number, cached = 0, reasoning = 0) => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0 },
});
const usage = (prompt: number, completion: number, cached = 0, reasoning = 0): Pick<Call, 'usage' | 'rawUsage'> => ({
  usage: { inputTokens: prompt, outputTokens: completion, cacheReadInputTokens: cached, reasoningOutputTokens: reasoning },
  rawUsage: rawUsage(prompt, completion, cached, reasoning),
});
const GAPS = [0, 0.000013, 0.01, 0.0100001, 0.015, 0.16, 0.3, 1, 5.12, 100];

describe.each([
  ['cumulative', AggregationTemporality.CUMULATIVE],
  ['delta', AggregationTemporality.DELTA],
])('GenAIMetrics: genai-otel producer vs SDK instruments (%s)', (_name, temporality) => {
  it.each(['latest', 'legacy', 'both'] as const)('the same points at every collection, convention set %s', async (set) => {
    const p = pair(set, temporality);
    // Non-stream calls: priced, repeated (avoidable spend), with cache reads and reasoning, on two teams.
    call(p.both, { ...usage(1200, 300, 1024, 64), team: 'search', temperature: 0 });
    call(p.both, { ...usage(1200, 300, 1024, 64), team: 'search', temperature: 0 }, { attempts: ['rate_limited', undefined] });
    call(p.both, { ...usage(10, 5), team: 'support', serviceTier: 'default', duration: 1.5 });
    // A stream with its chunk gaps and time to first chunk.
    call(p.both, { ...usage(20, 200), stream: true, ttfc: 0.12, team: 'search' }, { gaps: GAPS });
    const first = await expectSame(p);
    expect(first.length).toBeGreaterThan(5);

    // Failures: no usage (token counters at 0, modality unknown), an unknown cost, an unknown model.
    call(p.both, { errorType: 'timeout', stream: true, ttfc: 0.2 }, { gaps: [0.02, 0.03] });
    call(p.both, { errorType: '500', httpStatus: 500 });
    call(p.both, { ...usage(10, 5), model: 'no-such-model', responseModel: 'no-such-model' });
    // Audio tokens split off the text ones; an embedding (operation metrics).
    call(p.both, { usage: { inputTokens: 100, outputTokens: 50, inputAudioTokens: 40, outputAudioTokens: 80 }, rawUsage: rawUsage(100, 50) });
    call(p.both, {
      operation: 'embeddings',
      metrics: 'operation',
      model: 'text-embedding-3-small',
      usage: { inputTokens: 8, outputTokens: 0 },
      rawUsage: { prompt_tokens: 8, total_tokens: 8 },
    });
    await expectSame(p);

    // Nothing new: delta exports nothing, cumulative the same totals again.
    const third = await expectSame(p);
    if (temporality === AggregationTemporality.DELTA) expect(third).toEqual([]);
    else expect(third.length).toBeGreaterThan(5);

    // The attribution cap (2 values of genai_otel.team) puts a third team in _OTHER, on every point of the call.
    call(p.both, { ...usage(7, 3), team: 'billing' }, { gaps: [0.5] });
    const last = await expectSame(p);
    const teams = last.flatMap((metric) => metric.points.map((point) => point.attributes['genai_otel.team']));
    expect(teams).toContain('_OTHER');
    await expectSame(p);
  });

  it('caps model names as the instruments do, and keeps series past the cardinality limit in the overflow series', async () => {
    const p = pair('latest', temporality, { cardinalityLimit: 3, maxModelNames: 3 });
    for (const model of ['m-1', 'm-2', 'm-3', 'm-4', 'm-5']) call(p.both, { ...usage(10, 5), model, responseModel: model });
    const first = await expectSame(p);
    const overflow = first.flatMap((metric) => metric.points.map((point) => point.attributes)).filter((attributes) => attributes['otel.metric.overflow']);
    expect(overflow.length).toBeGreaterThan(0);
    for (const model of ['m-6', 'm-1']) call(p.both, { ...usage(10, 5), model, responseModel: model }, { gaps: [0.01, 0.02] });
    await expectSame(p);
    await expectSame(p);
  });

  it('drops negative values and exports NaN as the instruments do', async () => {
    const p = pair('latest', temporality);
    call(p.both, { ...usage(10, 5), duration: -1 });
    call(p.both, { usage: { inputTokens: -3, outputTokens: 5 }, rawUsage: rawUsage(1, 5), duration: Number.NaN });
    await expectSame(p);
  });
});

describe('GenAIMetrics with a producer', () => {
  it('makes no instrument for a metric the producer exports (a name is exported once)', async () => {
    const p = pair('both', AggregationTemporality.CUMULATIVE);
    call(p.both, { ...usage(10, 5), stream: true, ttfc: 0.1 }, { gaps: [0.01] });
    call(p.both, { ...usage(10, 5), stream: true, ttfc: 0.1 }, { gaps: [0.01] });
    const { resourceMetrics } = await p.produced.reader.collect();
    const names = resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.filter((metric) => metric.dataPoints.length > 0).map((metric) => metric.descriptor.name),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('gen_ai.client.inference.duration');
    expect(names).toContain('gen_ai.client.operation.duration');
    expect(names).toContain('genai_otel.repeats');
    expect(resourceMetrics.scopeMetrics.map((scope) => scope.scope.name)).toEqual(['@genai-otel/instrumentation', '@genai-otel/instrumentation']);
  });
});
