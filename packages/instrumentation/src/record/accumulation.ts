/**
 * What genai-otel's metric producer keeps per series: a histogram's bucket counts, count, sum, min and max, or a
 * counter's sum, as `@opentelemetry/sdk-metrics`' aggregators keep them, and when the series' first point was
 * recorded (epoch ms, its start time).
 */
export interface Accumulation {
  firstAt: number;
  /** Adds another accumulation of the same metric (a stream's or an interval's points). */
  add(other: Accumulation): void;
  reset(): void;
  copy(): Accumulation;
}

export class HistogramAccumulation implements Accumulation {
  readonly counts: number[];
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  firstAt = 0;

  constructor(
    /** The upper bounds of the buckets (the last bucket is unbounded). */
    readonly boundaries: readonly number[],
  ) {
    this.counts = new Array<number>(boundaries.length + 1).fill(0);
  }

  /** One value; as the SDK's histogram, NaN is not counted (negative values are refused before). */
  record(value: number): void {
    if (Number.isNaN(value)) return;
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    // The first bucket whose upper bound is >= the value (the SDK's binarySearchUB); values are mostly in the first few.
    const boundaries = this.boundaries;
    let bucket = 0;
    while (bucket < boundaries.length && (boundaries[bucket] as number) < value) bucket++;
    this.counts[bucket] = (this.counts[bucket] as number) + 1;
  }

  add(other: Accumulation): void {
    const from = other as HistogramAccumulation;
    const counts = this.counts;
    for (let i = 0; i < counts.length; i++) counts[i] = (counts[i] as number) + (from.counts[i] as number);
    this.count += from.count;
    this.sum += from.sum;
    if (from.min < this.min) this.min = from.min;
    if (from.max > this.max) this.max = from.max;
    if (from.firstAt < this.firstAt) this.firstAt = from.firstAt;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = Number.NEGATIVE_INFINITY;
  }

  copy(): HistogramAccumulation {
    const copy = new HistogramAccumulation(this.boundaries);
    copy.add(this);
    copy.firstAt = this.firstAt;
    return copy;
  }

  /** The data point's value as the SDK exports it (min and max only once a value was counted). */
  value() {
    const counted = this.count > 0;
    return {
      buckets: { boundaries: [...this.boundaries], counts: [...this.counts] },
      count: this.count,
      sum: this.sum,
      min: counted ? this.min : undefined,
      max: counted ? this.max : undefined,
    };
  }
}

export class SumAccumulation implements Accumulation {
  sum = 0;
  firstAt = 0;

  add(other: Accumulation): void {
    const from = other as SumAccumulation;
    this.sum += from.sum;
    if (from.firstAt < this.firstAt) this.firstAt = from.firstAt;
  }

  reset(): void {
    this.sum = 0;
  }

  copy(): SumAccumulation {
    const copy = new SumAccumulation();
    copy.sum = this.sum;
    copy.firstAt = this.firstAt;
    return copy;
  }
}
