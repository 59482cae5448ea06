import { describe, expect, it } from 'vitest';
import { ByteRanges } from './byte-ranges.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : new TextDecoder().decode(value));

describe('ByteRanges', () => {
  it('gives back the chunk itself when its ranges cover it, in order', () => {
    const chunk = bytes('data: a\n\ndata: b\n\n');
    const ranges = new ByteRanges();
    ranges.add(chunk, 0, 9);
    ranges.add(chunk, 9, chunk.length);
    expect(ranges.take(chunk)).toBe(chunk);
    expect(ranges.take(chunk)).toBeUndefined();
  });

  it('joins cut ranges and other buffers into one array, and keeps nothing after take', () => {
    const chunk = bytes('{"a":1,"usage":null}\n\n{"b":2,"usage":null}\n\n');
    const ranges = new ByteRanges();
    ranges.add(chunk, 0, 6);
    ranges.add(chunk, 19, 28);
    ranges.add(chunk, 41, chunk.length);
    ranges.add(bytes('x'), 0, 1);
    ranges.add(chunk, 5, 5);
    expect(text(ranges.take(chunk))).toBe('{"a":1}\n\n{"b":2}\n\nx');
    expect(ranges.take()).toBeUndefined();
  });

  it('gives a part of one buffer as a view of it', () => {
    const chunk = bytes('data: a\n\ndata: b');
    const ranges = new ByteRanges();
    ranges.add(chunk, 0, 9);
    const out = ranges.take(chunk)!;
    expect(text(out)).toBe('data: a\n\n');
    expect(out.buffer).toBe(chunk.buffer);
  });

  it('keeps every joined output intact while later ones are made, across pool chunks, small and large', () => {
    const ranges = new ByteRanges();
    const kept: Array<[Uint8Array, string]> = [];
    // 3,000 joins of 9 to 5,009 bytes: the small ones share Node's Buffer pool (8 KB) and roll over to the next; the largest get arrays of their own.
    for (let i = 0; i < 3000; i += 1) {
      const size = 9 + ((i * 37) % 5001);
      const source = bytes(`${String(i).padStart(8, '0')}${'x'.repeat(size)}`);
      ranges.add(source, 0, 4);
      ranges.add(source, 6, source.length);
      const out = ranges.take(source)!;
      kept.push([out, text(source.subarray(0, 4))! + text(source.subarray(6))!]);
    }
    for (const [out, expected] of kept) expect(text(out)).toBe(expected);
    // Nobody can transfer the pool away from under the other outputs.
    expect(() => structuredClone(kept[1]![0], { transfer: [kept[1]![0].buffer as ArrayBuffer] })).toThrow();
    // Writing into one output changes no other.
    kept[0]![0].fill(0x21);
    expect(text(kept[1]![0])).toBe(kept[1]![1]);
    // Plain Uint8Arrays, as a fetch body yields: not Buffers (whose slice() is a view and toString() decodes).
    expect(kept.every(([out]) => Object.getPrototypeOf(out) === Uint8Array.prototype)).toBe(true);
  });

  it('keeps no buffer after take: a network read is not held by the next read of the stream', () => {
    const ranges = new ByteRanges();
    const chunk = bytes('{"a":1,"usage":null}\n\n');
    ranges.add(chunk, 0, 6);
    ranges.add(chunk, 19, chunk.length);
    ranges.take(chunk);
    const held = (ranges as unknown as { buffers: unknown[] }).buffers;
    expect(held.every((buffer) => buffer === undefined)).toBe(true);
    // And the next chunk's ranges start afresh.
    const next = bytes('xy');
    ranges.add(next, 0, 1);
    expect(text(ranges.take(next))).toBe('x');
  });
});
