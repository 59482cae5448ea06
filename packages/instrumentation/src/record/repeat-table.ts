import type { RequestFingerprint } from '../capture/request-fingerprint.js';

/** Slots per bucket. */
export const REPEAT_TABLE_WAYS = 4;
/** Bytes per slot: a 64-bit tag (two Uint32) and a Uint32 time stamp. */
export const REPEAT_TABLE_SLOT_BYTES = 12;

export interface RepeatTableOptions {
  /** Slots (rounded up to a power of two, at least {@link REPEAT_TABLE_WAYS}): the most requests remembered at once. */
  capacity: number;
  /** How long a request is remembered, in seconds: a later identical one within it is a repeat. */
  windowSeconds: number;
  /** Milliseconds clock (tests); default `Date.now`. */
  now?: () => number;
}

/**
 * The requests answered in the last window, as fixed-size, set-associative table of keyed fingerprint tags: what a
 * response cache with that TTL would have held. Its memory is allocated once and never grows: `capacity` slots of
 * {@link REPEAT_TABLE_SLOT_BYTES} bytes (the default 32,768 slots are 384 KiB), whatever the traffic.
 *
 * A fingerprint's `bucket` word picks one of capacity / 4 buckets; the bucket's 4 slots hold 64-bit tags and the
 * second each was stored. A lookup matches only an equal 64-bit tag in the selected bucket, so an unrelated request
 * is taken for a repeat with probability at most 4 × 2⁻⁶⁴ ≈ 2.2 × 10⁻¹⁹ per lookup (a false positive). When a bucket is
 * full, a new request replaces the one stored longest ago: a repeat of it then goes uncounted (a false negative),
 * which happens only when more distinct requests than the bucket holds arrive within one window.
 */
export class RepeatTable {
  readonly capacity: number;
  readonly windowSeconds: number;
  private readonly tagHi: Uint32Array;
  private readonly tagLo: Uint32Array;
  /** Seconds since `epoch` when stored, plus one; 0 = empty. */
  private readonly stamp: Uint32Array;
  private readonly bucketMask: number;
  private readonly now: () => number;
  private readonly epoch: number;

  constructor(options: RepeatTableOptions) {
    let capacity = REPEAT_TABLE_WAYS;
    while (capacity < options.capacity && capacity < 2 ** 26) capacity *= 2;
    this.capacity = capacity;
    this.windowSeconds = options.windowSeconds;
    this.tagHi = new Uint32Array(capacity);
    this.tagLo = new Uint32Array(capacity);
    this.stamp = new Uint32Array(capacity);
    this.bucketMask = capacity / REPEAT_TABLE_WAYS - 1;
    this.now = options.now ?? (() => Date.now());
    this.epoch = this.now();
  }

  /**
   * Whether an identical request was stored within the window. If not (never seen, forgotten, or stored longer ago
   * than the window: a response cache's entry would have expired), stores it now when `store` is true.
   */
  seen(fingerprint: RequestFingerprint, store: boolean): boolean {
    const now = Math.floor((this.now() - this.epoch) / 1000) + 1;
    const start = (fingerprint.bucket & this.bucketMask) * REPEAT_TABLE_WAYS;
    let victim = start;
    for (let slot = start; slot < start + REPEAT_TABLE_WAYS; slot++) {
      const stamp = this.stamp[slot]!;
      if (stamp !== 0 && this.tagHi[slot] === fingerprint.tagHi >>> 0 && this.tagLo[slot] === fingerprint.tagLo >>> 0) {
        if (now - stamp < this.windowSeconds) return true;
        if (store) this.stamp[slot] = now;
        return false;
      }
      if (stamp < this.stamp[victim]!) victim = slot;
    }
    if (store) {
      this.tagHi[victim] = fingerprint.tagHi;
      this.tagLo[victim] = fingerprint.tagLo;
      this.stamp[victim] = now;
    }
    return false;
  }

  /** Slots in use (stored within the window). O(capacity): for tests and diagnostics. */
  get size(): number {
    const now = Math.floor((this.now() - this.epoch) / 1000) + 1;
    let live = 0;
    for (const stamp of this.stamp) if (stamp !== 0 && now - stamp < this.windowSeconds) live += 1;
    return live;
  }

  /** Bytes the table holds: fixed at construction (`capacity` × {@link REPEAT_TABLE_SLOT_BYTES}). */
  get byteLength(): number {
    return this.tagHi.byteLength + this.tagLo.byteLength + this.stamp.byteLength;
  }
}
