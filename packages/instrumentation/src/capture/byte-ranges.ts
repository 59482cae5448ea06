import { markAsUntransferable } from 'node:worker_threads';

/**
 * The bytes a tap hands on for one network chunk, kept as ranges of the buffers they come from and
 * joined once: events passed whole merge into one range (the chunk itself when nothing changed), and
 * no view or array is made per event.
 */
/** Joined outputs up to this size are views into a shared slab (as Node's `Buffer` pool does for small buffers). */
const SLAB_SIZE = 8192;
const SLAB_MAX_OUTPUT = SLAB_SIZE >>> 1;

let slab = newSlab();
let slabUsed = 0;

/** A slab nobody can transfer away (`postMessage`) from under the other views, as Node's own Buffer pool. */
function newSlab(): ArrayBuffer {
  const buffer = new ArrayBuffer(SLAB_SIZE);
  markAsUntransferable(buffer);
  return buffer;
}

/**
 * `length` fresh bytes: a view into the shared slab when small (a `new Uint8Array` costs ~0.5 µs, mostly the backing
 * store; a view ~0.1 µs), else an array of its own. Slab space is never handed out twice: a view stays valid for as
 * long as the caller keeps it (keeping one holds the 8 KB slab, as a small Node `Buffer` holds its pool).
 */
function fresh(length: number): Uint8Array {
  if (length > SLAB_MAX_OUTPUT) return new Uint8Array(length);
  if (slabUsed + length > SLAB_SIZE) {
    slab = newSlab();
    slabUsed = 0;
  }
  const view = new Uint8Array(slab, slabUsed, length);
  // Keep views 8-byte aligned, as Node's pool does.
  slabUsed += (length + 7) & ~7;
  return view;
}

export class ByteRanges {
  private readonly buffers: Uint8Array[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  /** Appends `buffer[start, end)`; a range that continues the last one extends it. */
  add(buffer: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    const last = this.buffers.length - 1;
    if (last >= 0 && this.buffers[last] === buffer && this.ends[last] === start) {
      this.ends[last] = end;
      return;
    }
    this.buffers.push(buffer);
    this.starts.push(start);
    this.ends.push(end);
  }

  /**
   * The bytes added since the last call, as one array (`chunk` itself when they are exactly it), or
   * undefined when there are none. Empties the list: no range outlives its chunk (the buffers are
   * network reads of up to 64 KB).
   */
  take(chunk?: Uint8Array): Uint8Array | undefined {
    const count = this.buffers.length;
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
        out.set(this.buffers[i]!.subarray(this.starts[i], this.ends[i]), offset);
        offset += this.ends[i]! - this.starts[i]!;
      }
    }
    this.buffers.length = 0;
    this.starts.length = 0;
    this.ends.length = 0;
    return out;
  }
}
