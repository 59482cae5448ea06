import { Buffer } from 'node:buffer';

/**
 * The bytes a tap hands on for one network chunk, kept as ranges of the buffers they come from and
 * joined once: events passed whole merge into one range (the chunk itself when nothing changed), and
 * no view or array is made per event.
 */

const copyBytes = Buffer.prototype.copy as (this: Uint8Array, target: Uint8Array, targetStart: number, sourceStart: number, sourceEnd: number) => number;

/** Joined outputs up to this size take their space from Node's `Buffer` pool (half of its 8 KB pool, as Node does). */
const POOLED_MAX_OUTPUT = Buffer.poolSize >>> 1;

/**
 * `length` fresh bytes as a plain `Uint8Array` (what a fetch body yields; a `Buffer`'s `slice` and `toString` would
 * differ). Small ones are views into Node's own pre-allocated pool (`Buffer.allocUnsafe`, ~0.1 µs: no zero-fill,
 * untransferable, its space never handed out twice); a `new Uint8Array` costs ~0.5 µs and an 8 KB `ArrayBuffer` of our
 * own ~2 µs (bench/README.md). Every byte of the view is written by the caller before it is handed on.
 */
function fresh(length: number): Uint8Array {
  if (length > POOLED_MAX_OUTPUT) return new Uint8Array(length);
  const pooled = Buffer.allocUnsafe(length);
  return new Uint8Array(pooled.buffer, pooled.byteOffset, length);
}

export class ByteRanges {
  // Parallel arrays of the ranges, the first `count` in use. They are never emptied with `length = 0` (V8 then frees
  // their backing stores, and the next read's pushes allocate them again): entries past `count` are overwritten, and
  // a taken buffer's slot is cleared so that no network read outlives its chunk here.
  private readonly buffers: Array<Uint8Array | undefined> = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private count = 0;

  /** Appends `buffer[start, end)`; a range that continues the last one extends it. */
  add(buffer: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    const count = this.count;
    const last = count - 1;
    if (last >= 0 && this.buffers[last] === buffer && this.ends[last] === start) {
      this.ends[last] = end;
      return;
    }
    this.buffers[count] = buffer;
    this.starts[count] = start;
    this.ends[count] = end;
    this.count = count + 1;
  }

  /**
   * The bytes added since the last call, as one array (`chunk` itself when they are exactly it), or
   * undefined when there are none. Empties the list: no range outlives its chunk (the buffers are
   * network reads of up to 64 KB).
   */
  take(chunk?: Uint8Array): Uint8Array | undefined {
    const count = this.count;
    let out: Uint8Array | undefined;
    if (count === 1) {
      const buffer = this.buffers[0]!;
      const whole = buffer === chunk && this.starts[0] === 0 && this.ends[0] === buffer.length;
      out = whole ? buffer : buffer.subarray(this.starts[0], this.ends[0]);
    } else if (count > 1) {
      let length = 0;
      for (let i = 0; i < count; i += 1) length += this.ends[i]! - this.starts[i]!;
      out = fresh(length);
      let offset = 0;
      for (let i = 0; i < count; i += 1) {
        const start = this.starts[i]!;
        const end = this.ends[i]!;
        // Buffer's copy takes the range as offsets: no subarray view per range (~100 bytes of garbage each).
        copyBytes.call(this.buffers[i]!, out, offset, start, end);
        offset += end - start;
      }
    }
    for (let i = 0; i < count; i += 1) this.buffers[i] = undefined;
    this.count = 0;
    return out;
  }
}
