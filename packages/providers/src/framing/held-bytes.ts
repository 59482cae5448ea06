/** The least room held bytes get (an OpenAI content chunk is ~350 bytes, an Ollama line ~200). */
const MIN_HELD = 1024;

/**
 * The bytes of an event (or line) not complete yet, held by a splitter between network reads: `held[0, length)`, with
 * room for more after them. The next chunks are appended in place — a network read may be a few bytes, and copying all
 * that is held on every read made small reads quadratic — and nothing once given out in an event is written over: what
 * is left after an event goes to a new array. The caller's chunk is never kept.
 */
export class HeldBytes {
  private held: Uint8Array | undefined;
  private heldLength = 0;

  /** Whether bytes are held. */
  get holding(): boolean {
    return this.held !== undefined;
  }

  /** How many bytes are held. */
  get length(): number {
    return this.held === undefined ? 0 : this.heldLength;
  }

  /**
   * The held bytes with `chunk` after them, as `[0, length + chunk.length)` of the array returned (the held one when it
   * has room). Holds nothing after: the caller holds again what its events leave ({@link hold}).
   */
  append(chunk: Uint8Array): Uint8Array {
    const held = this.held;
    if (held === undefined) return chunk;
    const length = this.heldLength + chunk.length;
    let buffer = held;
    if (held.length < length) {
      buffer = new Uint8Array(Math.max(length, held.length * 2));
      buffer.set(held.subarray(0, this.heldLength));
    }
    buffer.set(chunk, this.heldLength);
    this.held = undefined;
    return buffer;
  }

  /**
   * Holds `buffer[start, length)`: in place when `buffer` is the array {@link append} returned and nothing was given
   * out of it (`start` 0), else in a new array with room to grow.
   */
  hold(buffer: Uint8Array, start: number, length: number, appended: boolean): void {
    const rest = length - start;
    if (appended && start === 0) {
      this.held = buffer;
    } else {
      this.held = new Uint8Array(Math.max(rest * 2, MIN_HELD));
      this.held.set(buffer.subarray(start, length));
    }
    this.heldLength = rest;
  }

  /** The held bytes (a view), or undefined. */
  get bytes(): Uint8Array | undefined {
    return this.held?.subarray(0, this.heldLength);
  }

  /** Holds nothing any more. */
  clear(): void {
    this.held = undefined;
  }
}
