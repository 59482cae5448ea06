import { diag, ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { HistogramAccumulation, SumAccumulation, type Accumulation } from './accumulation.js';
import { ChunkGapStreams, type ChunkGapRecorder } from './chunk-gaps.js';
import { seriesKey, type Series } from './series.js';

/**
 * genai-otel's per-call metrics without the OpenTelemetry SDK's per-point cost.
 *
 * Through an instrument, every point is one `record(value, attributes)` or `add(…)`, and the SDK hashes the
 * attribute set on each (sorted entries as JSON, ~1–2.5 µs): ~11 points a call, one more per stream chunk. Here a
 * call's attributes are a {@link Series} whose key is built once, its points go into the accumulations of the
 * series since the last collection (one map look-up each), and a stream's chunk gaps into one accumulator per
 * stream (chunk-gaps.ts), folded in when it ends and at every collection. Each metric reader gets a
 * `MetricProducer` ({@link genAIMetricProducer}, `metricProducers` of the reader) that exports them at the reader's
 * temporality: what the instruments would have exported — same name, unit, description, type, temporality,
 * attributes, sum, count, min, max, bucket counts, and the SDK's cardinality limit with its overflow series — and
 * never both (the instrumentation makes no instrument for a metric the producers export).
 *
 * Used only when producers were made before the instrumentation made its metrics: `@genai-otel/node` gives one to
 * every reader it builds; with a `MeterProvider` of your own, pass `genAIMetricProducer()` to each of its readers
 * (README "Metric producer"). Views do not apply to the produced metrics.
 */

/** `AggregationTemporality` of `@opentelemetry/sdk-metrics` (the same numbers; that package is not a dependency). */
export const AggregationTemporality = { DELTA: 0, CUMULATIVE: 1 } as const;
export type AggregationTemporalityValue = (typeof AggregationTemporality)[keyof typeof AggregationTemporality];

/** `InstrumentType` and `DataPointType` of `@opentelemetry/sdk-metrics`. */
type ProducedType = 'HISTOGRAM' | 'COUNTER';
const DATA_POINT_TYPE = { HISTOGRAM: 0, COUNTER: 3 } as const;

/** The SDK's default cardinality limit per instrument (`aggregationCardinalityLimit`), and its overflow series. */
const DEFAULT_CARDINALITY_LIMIT = 2000;
const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };
const OVERFLOW_KEY = '\u0000overflow';

/**
 * A reader's or exporter's temporality selector (`exporter.selectAggregationTemporality.bind(exporter)`), asked
 * with `'HISTOGRAM'` and `'COUNTER'`. A method type, so that the SDK's `(type: InstrumentType) => AggregationTemporality` fits.
 */
export type TemporalitySelector = { select(instrumentType: string): number }['select'];

/** Options of {@link genAIMetricProducer}. */
export interface GenAIMetricProducerOptions {
  /**
   * The temporality of the reader the producer is given to: `AggregationTemporality.DELTA` (0) or `CUMULATIVE` (1)
   * of `@opentelemetry/sdk-metrics`, or the reader's (exporter's) selector, asked per instrument type. @default cumulative
   */
  temporality?: number | TemporalitySelector;
  /** Series per metric and collection interval before points go to the `otel.metric.overflow` series, as the SDK's limit. @default 2000 */
  cardinalityLimit?: number;
}

/** What a `MetricReader` needs of a `MetricProducer` (`@opentelemetry/sdk-metrics`), structurally. */
export interface GenAIMetricProducer {
  collect(options?: { timeoutMillis?: number }): Promise<{ resourceMetrics: ProducedResourceMetrics; errors: unknown[] }>;
}

interface ProducedResourceMetrics {
  /** Never read: the reader takes the resource of its own MeterProvider (so none is given). */
  resource: never;
  scopeMetrics: { scope: { name: string; version?: string }; metrics: ProducedMetricData[] }[];
}

interface ProducedPoint<Value> {
  attributes: Attributes;
  startTime: HrTime;
  endTime: HrTime;
  value: Value;
}

interface HistogramValue {
  buckets: { boundaries: number[]; counts: number[] };
  count: number;
  sum: number;
  min?: number | undefined;
  max?: number | undefined;
}

/** A histogram's or a monotonic sum's `MetricData` (`@opentelemetry/sdk-metrics`), structurally. */
type ProducedMetricData =
  | {
      descriptor: ProducedDescriptor;
      aggregationTemporality: AggregationTemporalityValue;
      dataPointType: typeof DATA_POINT_TYPE.HISTOGRAM;
      dataPoints: ProducedPoint<HistogramValue>[];
    }
  | {
      descriptor: ProducedDescriptor;
      aggregationTemporality: AggregationTemporalityValue;
      dataPointType: typeof DATA_POINT_TYPE.COUNTER;
      isMonotonic: boolean;
      dataPoints: ProducedPoint<number>[];
    };

interface ProducedDescriptor {
  name: string;
  description: string;
  unit: string;
  type: ProducedType;
  valueType: ValueType;
  advice: { explicitBucketBoundaries?: number[] };
}

/** A metric as the contract describes it (name, description, unit; bucket boundaries for histograms). */
export interface ProducedMetricSpec {
  name: string;
  description: string;
  unit: string;
  buckets?: readonly number[];
}

/** What a metric records into, whether an instrument or the producer: a value for a series. */
export interface MetricPoints {
  record(value: number, series: Series): void;
}

interface Entry {
  attributes: Attributes;
  points: Accumulation;
}

/** One produced metric: its descriptor and the points of each series since the last collection. */
export class ProducedMetric implements MetricPoints {
  /** The collection interval's series (the SDK's active collection storage): the cardinality limit counts these. */
  readonly pending = new Map<string, Entry>();
  descriptor: ProducedDescriptor;

  constructor(
    private readonly store: MetricStore,
    readonly type: ProducedType,
    spec: ProducedMetricSpec,
  ) {
    this.descriptor = describe(type, spec);
  }

  record(value: number, series: Series): void {
    // As the SDK's counters and histograms: a negative value is dropped with a warning.
    if (value < 0) {
      diag.warn(`negative value provided to ${this.type === 'COUNTER' ? 'counter' : 'histogram'} ${this.descriptor.name}: ${value}`);
      return;
    }
    const points = this.entry(this.store.canonicalKey(series), series).points;
    if (points instanceof HistogramAccumulation) points.record(value);
    else (points as SumAccumulation).sum += value;
  }

  /** A stream's (or another interval's) points into this interval's series. */
  merge(key: string, attributes: Attributes, points: Accumulation): void {
    const entry = this.pending.get(key) ?? this.overflowing(key);
    if (entry === undefined) this.pending.set(key, { attributes, points: points.copy() });
    else entry.points.add(points);
  }

  /** The interval's entry of a series (its attributes read only when the entry is new). */
  private entry(key: string, series: Series): Entry {
    let entry = this.pending.get(key) ?? this.overflowing(key);
    if (entry === undefined) {
      const points = this.type === 'HISTOGRAM' ? new HistogramAccumulation(this.descriptor.advice.explicitBucketBoundaries ?? []) : new SumAccumulation();
      points.firstAt = Date.now();
      entry = { attributes: series.attributes, points };
      this.pending.set(key, entry);
    }
    return entry;
  }

  /** A new series past the cardinality limit: the overflow series (made when first needed), else undefined. */
  private overflowing(key: string): Entry | undefined {
    if (this.pending.size < this.store.cardinalityLimit - 1 || key === OVERFLOW_KEY) return undefined;
    let entry = this.pending.get(OVERFLOW_KEY);
    if (entry === undefined) {
      const points = this.type === 'HISTOGRAM' ? new HistogramAccumulation(this.descriptor.advice.explicitBucketBoundaries ?? []) : new SumAccumulation();
      points.firstAt = Date.now();
      entry = { attributes: OVERFLOW_ATTRIBUTES, points };
      this.pending.set(OVERFLOW_KEY, entry);
    }
    return entry;
  }
}

function describe(type: ProducedType, spec: ProducedMetricSpec): ProducedDescriptor {
  return {
    name: spec.name,
    description: spec.description,
    unit: spec.unit,
    type,
    valueType: ValueType.DOUBLE,
    advice: spec.buckets ? { explicitBucketBoundaries: [...spec.buckets] } : {},
  };
}

/** One reader's series: what it will export at its next collection (delta) or has ever seen (cumulative). */
class Sink {
  private readonly series = new Map<ProducedMetric, Map<string, Entry>>();
  /** Delta: the keys reported at the last collection (their next start time is that collection's). */
  private readonly reported = new Map<ProducedMetric, Set<string>>();
  private lastCollection = 0;

  constructor(
    private readonly store: MetricStore,
    private readonly temporality: Record<ProducedType, AggregationTemporalityValue>,
  ) {}

  merge(metric: ProducedMetric, pending: Map<string, Entry>): void {
    let series = this.series.get(metric);
    if (series === undefined) {
      series = new Map();
      this.series.set(metric, series);
    }
    for (const [key, { attributes, points }] of pending) {
      const entry = series.get(key);
      if (entry === undefined) series.set(key, { attributes, points: points.copy() });
      else entry.points.add(points);
    }
  }

  collect(): ProducedResourceMetrics {
    const now = Date.now();
    this.store.flush();
    const endTime = hrTime(now);
    const metrics: ProducedMetricData[] = [];
    for (const metric of this.store.metrics.values()) {
      const series = this.series.get(metric);
      const temporality = this.temporality[metric.type];
      const delta = temporality === AggregationTemporality.DELTA;
      const reported = this.reported.get(metric);
      if (delta) {
        this.reported.set(metric, new Set(series?.keys()));
        this.series.delete(metric);
      }
      if (series === undefined || series.size === 0) continue;
      const start = (key: string, points: Accumulation): HrTime =>
        // Delta: a series reported last time starts at that collection, a new one at its first point (as the SDK).
        hrTime(delta && reported?.has(key) ? this.lastCollection : points.firstAt);
      const entries = [...series];
      // Cumulative series are exported again later: each collection gets its own value objects.
      if (metric.type === 'HISTOGRAM') {
        metrics.push({
          descriptor: metric.descriptor,
          aggregationTemporality: temporality,
          dataPointType: DATA_POINT_TYPE.HISTOGRAM,
          dataPoints: entries.map(([key, { attributes, points }]) => ({
            attributes,
            startTime: start(key, points),
            endTime,
            value: (points as HistogramAccumulation).value(),
          })),
        });
      } else {
        metrics.push({
          descriptor: metric.descriptor,
          aggregationTemporality: temporality,
          dataPointType: DATA_POINT_TYPE.COUNTER,
          isMonotonic: true,
          dataPoints: entries.map(([key, { attributes, points }]) => ({
            attributes,
            startTime: start(key, points),
            endTime,
            value: (points as SumAccumulation).sum,
          })),
        });
      }
    }
    this.lastCollection = now;
    if (metrics.length === 0) return { resource: NO_RESOURCE, scopeMetrics: [] };
    return { resource: NO_RESOURCE, scopeMetrics: [{ scope: this.store.scope, metrics }] };
  }
}

/**
 * The produced metrics, the streams in flight and each reader's series. One per process (shared by every copy of
 * this package: the CommonJS and ESM builds, a second instrumentation).
 */
export class MetricStore {
  private readonly sinks = new Set<Sink>();
  readonly metrics = new Map<string, ProducedMetric>();
  readonly streams = new ChunkGapStreams();
  /** Series keys (series.ts) to the canonical key of their attribute set: by root key, then by what was added. */
  private readonly canonical = new Map<string, { root: string; derived: Map<string, string> }>();
  cardinalityLimit = DEFAULT_CARDINALITY_LIMIT;
  scope: { name: string; version?: string } = { name: '@genai-otel/instrumentation' };

  /** The instrumentation scope the metrics are exported in (the instrumentation's meter's). */
  setScope(scope: { name: string; version?: string }): void {
    this.scope = scope;
  }

  /** A reader's producer. */
  addProducer(options: GenAIMetricProducerOptions = {}): GenAIMetricProducer {
    const chosen = options.temporality;
    const select = (type: ProducedType): AggregationTemporalityValue => {
      const value = typeof chosen === 'function' ? chosen(type) : (chosen ?? AggregationTemporality.CUMULATIVE);
      return value === AggregationTemporality.DELTA ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
    };
    if (options.cardinalityLimit !== undefined) this.cardinalityLimit = options.cardinalityLimit;
    const sink = new Sink(this, { HISTOGRAM: select('HISTOGRAM'), COUNTER: select('COUNTER') });
    this.sinks.add(sink);
    return { collect: async () => ({ resourceMetrics: sink.collect(), errors: [] }) };
  }

  /** Whether producers exist: the instrumentation then records its per-call metrics here, not on instruments. */
  get hasProducers(): boolean {
    return this.sinks.size > 0;
  }

  /** The histogram of this name, exported from now on (made once; a second instrumentation records into the same). */
  histogram(spec: ProducedMetricSpec): ProducedMetric {
    return this.metric('HISTOGRAM', spec);
  }

  /** The (monotonic) counter of this name. */
  counter(spec: ProducedMetricSpec): ProducedMetric {
    return this.metric('COUNTER', spec);
  }

  /** A new stream's chunk-gap recorder, recording into these histograms, for a series whose attributes are given once. */
  openStream(metrics: readonly ProducedMetric[], series: Series): ChunkGapRecorder {
    return this.streams.open(metrics, this.canonicalKey(series), series.attributes);
  }

  /** The canonical key of a series (its attribute set's, whatever order or derivation it came from). */
  canonicalKey(series: Series): string {
    if (series.canonical !== undefined) return series.canonical;
    series.canonical = this.lookUpCanonicalKey(series);
    return series.canonical;
  }

  private lookUpCanonicalKey(series: Series): string {
    const rootKey = series.rootKey;
    let known = this.canonical.get(rootKey);
    if (known === undefined) {
      if (this.canonical.size >= 10_000) this.canonical.clear();
      known = { root: seriesKey(series.root.attributes), derived: new Map() };
      this.canonical.set(rootKey, known);
    }
    const path = series.path;
    if (path === '') return known.root;
    let key = known.derived.get(path);
    if (key === undefined) {
      key = seriesKey(series.attributes);
      known.derived.set(path, key);
    }
    return key;
  }

  /** At each collection: the streams in flight folded in, the interval's points into every reader's series; a new interval begins. */
  flush(): void {
    this.streams.fold();
    for (const metric of this.metrics.values()) {
      if (metric.pending.size === 0) continue;
      for (const sink of this.sinks) sink.merge(metric, metric.pending);
      metric.pending.clear();
    }
  }

  private metric(type: ProducedType, spec: ProducedMetricSpec): ProducedMetric {
    let metric = this.metrics.get(spec.name);
    if (metric === undefined || metric.type !== type) {
      metric = new ProducedMetric(this, type, spec);
      this.metrics.set(spec.name, metric);
    }
    return metric;
  }
}

/** A reader merges the scopes of its producers into its own MeterProvider's resource: a producer gives none. */
const NO_RESOURCE = undefined as never;

function hrTime(epochMillis: number): HrTime {
  const seconds = Math.trunc(epochMillis / 1000);
  return [seconds, Math.round((epochMillis - seconds * 1000) * 1e6)];
}

const STORE = Symbol.for('genai-otel.metric-store');

/** The process's store (shared by every copy of this package). */
export function metricStore(): MetricStore {
  const holder = globalThis as Record<symbol, MetricStore | undefined>;
  let store = holder[STORE];
  if (store === undefined) {
    store = new MetricStore();
    holder[STORE] = store;
  }
  return store;
}

/**
 * A `MetricProducer` for one metric reader (`metricProducers: [genAIMetricProducer()]`): it exports genai-otel's
 * per-call metrics (durations, tokens, cost, attempts, avoidable spend, the per-chunk histogram) from its own
 * accumulators instead of the SDK's instruments. Make one per reader, before the instrumentation makes its metrics,
 * with the reader's temporality when it is not cumulative. Every reader of the `MeterProvider` the instrumentation
 * records to needs one (a reader without it does not see these metrics). `@genai-otel/node`'s `start()` does this
 * for the readers it builds.
 */
export function genAIMetricProducer(options: GenAIMetricProducerOptions = {}): GenAIMetricProducer {
  return metricStore().addProducer(options);
}

/** Whether any `genAIMetricProducer()` was made in this process (the instrumentation then records its per-call metrics for them). */
export function hasGenAIMetricProducers(): boolean {
  return metricStore().hasProducers;
}
