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
});
