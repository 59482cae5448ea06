import { diag, ValueType, type Attributes, type HrTime } from '@opentelemetry/api';

/**
 * The per-chunk histogram (`gen_ai.client.inference.time_per_output_chunk`, and the legacy
 * `gen_ai.client.operation.time_per_output_chunk`) without the OpenTelemetry SDK's per-point cost.
 *
 * Through an instrument, every chunk after the first is one `histogram.record(value, attributes)`, and the
 * SDK hashes the attribute set on each (~1–2.5 µs: ~200–500 µs per 200-chunk stream). Here a stream gets one
 * accumulator with its attribute key built once ({@link ChunkTimingsStore.openStream}); a chunk costs a few
 * additions. The accumulator is merged into the readers' series when the stream ends, and folded in at
 * every collection while the stream is still going, so a collection sees exactly the points recorded
 * before it. The points are exported by {@link genAIMetricProducer}, a `MetricProducer` given to each
 * metric reader (`metricProducers`), with the reader's temporality: what the instrument would have
 * exported — same name, unit, description, type, temporality, attributes, count, sum, min, max and bucket
 * counts — and never both (the instrument records nothing while the producers export the metric).
 *
 * Used only when producers were made before the instrumentation made its metrics: `@genai-otel/node`
 * gives one to every reader it builds; with a `MeterProvider` of your own, pass `genAIMetricProducer()` to
 * each of its readers (README "Metric producer"). Views do not apply to the produced metric.
 */

/** `AggregationTemporality` of `@opentelemetry/sdk-metrics` (the same numbers; that package is not a dependency). */
export const AggregationTemporality = { DELTA: 0, CUMULATIVE: 1 } as const;
export type AggregationTemporalityValue = (typeof AggregationTemporality)[keyof typeof AggregationTemporality];

/** `InstrumentType.HISTOGRAM` and `DataPointType.HISTOGRAM` of `@opentelemetry/sdk-metrics`. */
const INSTRUMENT_TYPE_HISTOGRAM = 'HISTOGRAM';
const DATA_POINT_TYPE_HISTOGRAM = 0;

/** The SDK's default cardinality limit per instrument (`aggregationCardinalityLimit`), and its overflow series. */
const DEFAULT_CARDINALITY_LIMIT = 2000;
const OVERFLOW_ATTRIBUTES: Attributes = { 'otel.metric.overflow': true };

/**
 * A reader's or exporter's temporality selector (`exporter.selectAggregationTemporality.bind(exporter)`), asked
 * with `'HISTOGRAM'`. A method type, so that the SDK's `(type: InstrumentType) => AggregationTemporality` fits.
 */
export type TemporalitySelector = { select(instrumentType: string): number }['select'];

/** Options of {@link genAIMetricProducer}. */
export interface GenAIMetricProducerOptions {
  /**
   * The temporality of the reader the producer is given to, for histograms: `AggregationTemporality.DELTA` (0) or
   * `CUMULATIVE` (1) of `@opentelemetry/sdk-metrics`, or the reader's (exporter's) selector. @default cumulative
   */
  temporality?: number | TemporalitySelector;
  /** Series per collection interval before points go to the `otel.metric.overflow` series, as the SDK's limit. @default 2000 */
  cardinalityLimit?: number;
}

/** What a `MetricReader` needs of a `MetricProducer` (`@opentelemetry/sdk-metrics`), structurally. */
export interface GenAIMetricProducer {
  collect(options?: { timeoutMillis?: number }): Promise<{ resourceMetrics: ProducedResourceMetrics; errors: unknown[] }>;
}

interface ProducedResourceMetrics {
  /** Never read: the reader takes the resource of its own MeterProvider (so none is given). */
  resource: never;
  scopeMetrics: { scope: { name: string; version?: string }; metrics: ProducedHistogram[] }[];
}

interface ProducedHistogram {
  descriptor: {
    name: string;
    description: string;
    unit: string;
    type: typeof INSTRUMENT_TYPE_HISTOGRAM;
    valueType: ValueType;
    advice: { explicitBucketBoundaries?: number[] };
  };
  aggregationTemporality: AggregationTemporalityValue;
  dataPointType: typeof DATA_POINT_TYPE_HISTOGRAM;
  dataPoints: {
    attributes: Attributes;
    startTime: HrTime;
    endTime: HrTime;
    value: { buckets: { boundaries: number[]; counts: number[] }; count: number; sum: number; min?: number; max?: number };
  }[];
}

/** One histogram being filled: bucket counts, count, sum, min, max, and when its first point was recorded (epoch ms). */
class Accumulation {
  readonly counts: number[];
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  firstAt = 0;

  constructor(buckets: number) {
    this.counts = new Array<number>(buckets).fill(0);
  }

  add(other: Accumulation): void {
    const counts = this.counts;
    const from = other.counts;
    for (let i = 0; i < counts.length; i++) counts[i] = (counts[i] as number) + (from[i] as number);
    if (this.count === 0 || other.firstAt < this.firstAt) this.firstAt = other.firstAt;
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }
}

/**
 * A stream's chunk gaps: {@link record} per chunk after the first, {@link end} once the stream is over.
 * Recording after `end` is ignored.
 */
export interface ChunkGapRecorder {
  record(seconds: number): void;
  end(): void;
}

/** A stream in flight, as the store sees it: its series key and attributes (built once), the points since its last fold. */
class StreamEntry {
  ended = false;
  constructor(
    readonly key: string,
    readonly attributes: Attributes,
    readonly points: Accumulation,
  ) {}
}

/** What the stream's reader holds: records into the entry's points (the store holds the entry, for the folds). */
class StreamRecorder implements ChunkGapRecorder {
  private readonly points: Accumulation;

  constructor(
    private readonly store: ChunkTimingsStore,
    private readonly entry: StreamEntry,
    private readonly boundaries: readonly number[],
  ) {
    this.points = entry.points;
  }

  record(seconds: number): void {
    // As the SDK's histogram: a negative value is dropped (with a warning), NaN is not counted.
    if (!(seconds >= 0)) {
      if (seconds < 0) diag.warn(`negative value provided to histogram time_per_output_chunk: ${seconds}`);
      return;
    }
    if (this.entry.ended) return;
    const points = this.points;
    if (points.count === 0) points.firstAt = Date.now();
    points.count += 1;
    points.sum += seconds;
    if (seconds < points.min) points.min = seconds;
    if (seconds > points.max) points.max = seconds;
    // The first bucket whose upper bound is >= the value (the SDK's binarySearchUB); gaps are mostly in the first.
    const boundaries = this.boundaries;
    let bucket = 0;
    while (bucket < boundaries.length && (boundaries[bucket] as number) < seconds) bucket++;
    points.counts[bucket] = (points.counts[bucket] as number) + 1;
  }

  end(): void {
    this.store.end(this.entry);
  }
}

/** One reader's series: what it will export at its next collection (delta) or has ever seen (cumulative). */
class Sink {
  readonly series = new Map<string, { attributes: Attributes; points: Accumulation }>();
  /** Delta: the keys reported at the last collection and when it was (their next start time). */
  private reported = new Set<string>();
  private lastCollection = 0;

  constructor(
    private readonly store: ChunkTimingsStore,
    readonly temporality: AggregationTemporalityValue,
  ) {}

  merge(key: string, attributes: Attributes, points: Accumulation, buckets: number): void {
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { attributes, points: new Accumulation(buckets) };
      this.series.set(key, entry);
    }
    entry.points.add(points);
  }

  collect(): ProducedResourceMetrics {
    const now = Date.now();
    const store = this.store;
    store.foldStreams();
    const endTime = hrTime(now);
    const points: ProducedHistogram['dataPoints'] = [];
    for (const [key, { attributes, points: p }] of this.series) {
      // Delta: a series reported last time starts at that collection, a new one at its first point (as the SDK).
      const start = this.temporality === AggregationTemporality.DELTA && this.reported.has(key) ? this.lastCollection : p.firstAt;
      points.push({
        attributes,
        startTime: hrTime(start),
        endTime,
        value: {
          buckets: { boundaries: [...store.boundaries], counts: [...p.counts] },
          count: p.count,
          sum: p.sum,
          ...(p.count > 0 ? { min: p.min, max: p.max } : {}),
        },
      });
    }
    if (this.temporality === AggregationTemporality.DELTA) {
      this.reported = new Set(this.series.keys());
      this.lastCollection = now;
      this.series.clear();
    }
    if (points.length === 0) return { resource: NO_RESOURCE, scopeMetrics: [] };
    return {
      resource: NO_RESOURCE,
      scopeMetrics: [
        {
          scope: store.scope,
          metrics: store.descriptors.map((descriptor, index) => ({
            descriptor,
            aggregationTemporality: this.temporality,
            dataPointType: DATA_POINT_TYPE_HISTOGRAM,
            // Each name gets its own point objects (an exporter may annotate them).
            dataPoints:
              index === 0
                ? points
                : points.map((point) => ({
                    ...point,
                    value: { ...point.value, buckets: { ...point.value.buckets, counts: [...point.value.buckets.counts] } },
                  })),
          })),
        },
      ],
    };
  }
}

/** The metric as the instruments would describe it: name, description, unit, bucket boundaries. */
export interface ChunkTimingsDescriptor {
  name: string;
  description: string;
  unit: string;
}

/**
 * The accumulators of the streams in flight and each reader's series. One per process (shared by every
 * copy of this package: the CommonJS and ESM builds, a second instrumentation).
 */
export class ChunkTimingsStore {
  private readonly sinks = new Set<Sink>();
  private readonly streams = new Set<StreamEntry>();
  /** A stream whose reader was dropped (a response never read to its end) is ended when its recorder is collected. */
  private readonly abandoned = new FinalizationRegistry<StreamEntry>((entry) => this.end(entry));
  /** Series keys seen since the last collection (any reader's): the SDK's cardinality limit counts these. */
  private interval = new Set<string>();
  private cardinalityLimit = DEFAULT_CARDINALITY_LIMIT;
  private active = false;
  descriptors: ProducedHistogram['descriptor'][] = [];
  boundaries: readonly number[] = [];
  scope: { name: string; version?: string } = { name: '@genai-otel/instrumentation' };

  /** A reader's producer. */
  addProducer(options: GenAIMetricProducerOptions = {}): GenAIMetricProducer {
    const chosen = options.temporality;
    const temporality = typeof chosen === 'function' ? chosen(INSTRUMENT_TYPE_HISTOGRAM) : (chosen ?? AggregationTemporality.CUMULATIVE);
    if (options.cardinalityLimit !== undefined) this.cardinalityLimit = options.cardinalityLimit;
    const sink = new Sink(this, temporality === AggregationTemporality.DELTA ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE);
    this.sinks.add(sink);
    return {
      collect: async () => ({ resourceMetrics: this.active ? sink.collect() : { resource: NO_RESOURCE, scopeMetrics: [] }, errors: [] }),
    };
  }

  /** Whether producers exist: the instrumentation then records chunk gaps here, not on its instruments. */
  get hasProducers(): boolean {
    return this.sinks.size > 0;
  }

  /**
   * The instrumentation records the metric here from now on, under these names (the latest and/or legacy
   * convention names), with these bucket boundaries, in this instrumentation scope.
   */
  activate(descriptors: readonly ChunkTimingsDescriptor[], boundaries: readonly number[], scope: { name: string; version?: string }): void {
    this.descriptors = descriptors.map((d) => ({
      name: d.name,
      description: d.description,
      unit: d.unit,
      type: INSTRUMENT_TYPE_HISTOGRAM,
      valueType: ValueType.DOUBLE,
      advice: { explicitBucketBoundaries: [...boundaries] },
    }));
    this.boundaries = [...boundaries];
    this.scope = scope;
    this.active = true;
  }

  /** A new stream's recorder, for a series whose attributes (caps applied) are given once. */
  openStream(attributes: Attributes): ChunkGapRecorder {
    const entry = new StreamEntry(seriesKey(attributes), attributes, new Accumulation(this.boundaries.length + 1));
    this.streams.add(entry);
    const recorder = new StreamRecorder(this, entry, this.boundaries);
    this.abandoned.register(recorder, entry);
    return recorder;
  }

  /** A stream ended: its last points go to the readers' series. Idempotent. */
  end(entry: StreamEntry): void {
    if (entry.ended) return;
    entry.ended = true;
    this.fold(entry);
    this.streams.delete(entry);
  }

  /** Folds every stream in flight into the readers' series (at each collection); a new collection interval begins. */
  foldStreams(): void {
    for (const entry of this.streams) this.fold(entry);
    this.interval = new Set();
  }

  /** Streams in flight (tests). */
  get streamsInFlight(): number {
    return this.streams.size;
  }

  private fold(entry: StreamEntry): void {
    if (entry.points.count === 0) return;
    this.merge(entry.key, entry.attributes, entry.points);
    entry.points.reset();
  }

  /** Points of one series into every reader's series; a new series past the cardinality limit goes to the overflow series. */
  private merge(key: string, attributes: Attributes, points: Accumulation): void {
    let seriesKeyUsed = key;
    let seriesAttributes = attributes;
    if (!this.interval.has(key)) {
      if (this.interval.size >= this.cardinalityLimit - 1) {
        seriesKeyUsed = OVERFLOW_KEY;
        seriesAttributes = OVERFLOW_ATTRIBUTES;
      }
      this.interval.add(seriesKeyUsed);
    }
    const buckets = this.boundaries.length + 1;
    for (const sink of this.sinks) sink.merge(seriesKeyUsed, seriesAttributes, points, buckets);
  }
}

const OVERFLOW_KEY = '\u0000overflow';
/** A reader merges the scopes of its producers into its own MeterProvider's resource: a producer gives none. */
const NO_RESOURCE = undefined as never;

/** The SDK's series identity: the attribute set, order aside (its hashAttributes: sorted entries as JSON). */
export function seriesKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function hrTime(epochMillis: number): HrTime {
  const seconds = Math.trunc(epochMillis / 1000);
  return [seconds, Math.round((epochMillis - seconds * 1000) * 1e6)];
}

const STORE = Symbol.for('genai-otel.chunk-timings-store');

/** The process's store (shared by every copy of this package). */
export function chunkTimingsStore(): ChunkTimingsStore {
  const holder = globalThis as Record<symbol, ChunkTimingsStore | undefined>;
  let store = holder[STORE];
  if (store === undefined) {
    store = new ChunkTimingsStore();
    holder[STORE] = store;
  }
  return store;
}

/**
 * A `MetricProducer` for one metric reader (`metricProducers: [genAIMetricProducer()]`): it exports the
 * per-chunk histogram genai-otel accumulates per stream, instead of the SDK instrument. Make one per reader,
 * before the instrumentation makes its metrics, with the reader's temporality when it is not cumulative.
 * Every reader of the `MeterProvider` the instrumentation records to needs one (a reader without it does not
 * see the metric). `@genai-otel/node`'s `start()` does this for the readers it builds.
 */
export function genAIMetricProducer(options: GenAIMetricProducerOptions = {}): GenAIMetricProducer {
  return chunkTimingsStore().addProducer(options);
}

/** Whether any `genAIMetricProducer()` was made in this process (the instrumentation then records the per-chunk histogram for them). */
export function hasGenAIMetricProducers(): boolean {
  return chunkTimingsStore().hasProducers;
}
