import { diag, type Attributes } from '@opentelemetry/api';
import { HistogramAccumulation } from './accumulation.js';

/**
 * The per-chunk histogram (`gen_ai.client.inference.time_per_output_chunk`, and the legacy
 * `gen_ai.client.operation.time_per_output_chunk`) through genai-otel's metric producer (metric-store.ts): a
 * stream gets one accumulator with its series key built once, a chunk costs a few additions instead of the SDK's
 * attribute hashing (~200–500 µs per 200-chunk stream). The accumulator is folded into the histograms' series when
 * the stream ends and at every collection while it is still going, so a collection sees exactly the points
 * recorded before it.
 */

/**
 * A stream's chunk gaps: {@link record} per chunk after the first, {@link end} once the stream is over.
 * Recording after `end` is ignored.
 */
export interface ChunkGapRecorder {
  record(seconds: number): void;
  end(): void;
}

/** Where a stream's points go: a produced histogram (metric-store.ts). */
export interface ChunkGapTarget {
  merge(key: string, attributes: Attributes, points: HistogramAccumulation): void;
}

/** A stream in flight: its series key and attributes (built once), the histograms it records into, the points since its last fold. */
class StreamEntry {
  ended = false;
  constructor(
    readonly key: string,
    readonly attributes: Attributes,
    readonly targets: readonly ChunkGapTarget[],
    readonly points: HistogramAccumulation,
  ) {}
}

/** What the stream's reader holds: records into the entry's points (the streams hold the entry, for the folds). */
class StreamRecorder implements ChunkGapRecorder {
  private readonly points: HistogramAccumulation;

  constructor(
    private readonly streams: ChunkGapStreams,
    private readonly entry: StreamEntry,
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
    points.record(seconds);
  }

  end(): void {
    this.streams.end(this.entry);
  }
}

/** The streams in flight. */
export class ChunkGapStreams {
  private readonly streams = new Set<StreamEntry>();
  /** A stream whose reader was dropped (a response never read to its end) is ended when its recorder is collected. */
  private readonly abandoned = new FinalizationRegistry<StreamEntry>((entry) => this.end(entry));

  /** A new stream's recorder, for a series whose key and attributes (caps applied) are given once. */
  open(
    targets: readonly (ChunkGapTarget & { descriptor: { advice: { explicitBucketBoundaries?: number[] } } })[],
    key: string,
    attributes: Attributes,
  ): ChunkGapRecorder {
    const boundaries = targets[0]?.descriptor.advice.explicitBucketBoundaries ?? [];
    const entry = new StreamEntry(key, attributes, targets, new HistogramAccumulation(boundaries));
    this.streams.add(entry);
    const recorder = new StreamRecorder(this, entry);
    this.abandoned.register(recorder, entry);
    return recorder;
  }

  /** A stream ended: its last points go to the histograms. Idempotent. */
  end(entry: StreamEntry): void {
    if (entry.ended) return;
    entry.ended = true;
    this.foldOne(entry);
    this.streams.delete(entry);
  }

  /** Folds every stream in flight into the histograms (at each collection). */
  fold(): void {
    for (const entry of this.streams) this.foldOne(entry);
  }

  /** Streams in flight (tests). */
  get inFlight(): number {
    return this.streams.size;
  }

  private foldOne(entry: StreamEntry): void {
    if (entry.points.count === 0) return;
    for (const target of entry.targets) target.merge(entry.key, entry.attributes, entry.points);
    entry.points.reset();
  }
}
