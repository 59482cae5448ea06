import { describe, expect, it } from 'vitest';
import { NDJSON_FRAMING, NdjsonSplitter, type NdjsonLine } from './ndjson.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Splits `chunks` (fed one by one) and reports every line's data and raw bytes. */
function split(chunks: string[]): Array<{ data: string | undefined; raw: string }> {
  const splitter = new NdjsonSplitter();
  const lines: Array<{ data: string | undefined; raw: string }> = [];
  const onLine = (line: NdjsonLine): void => void lines.push({ data: line.data, raw: decoder.decode(line.raw) });
  for (const chunk of chunks) splitter.push(encoder.encode(chunk), onLine);
  splitter.flush(onLine);
  return lines;
}

describe('NdjsonSplitter', () => {
  it('one line per LF, the raw bytes with their line break', () => {
    expect(split(['{"a":1}\n{"b":2}\n'])).toEqual([
      { data: '{"a":1}', raw: '{"a":1}\n' },
      { data: '{"b":2}', raw: '{"b":2}\n' },
    ]);
  });

  it('holds a partial line across chunks, byte by byte too', () => {
    const text = '{"message":{"content":"é"},"done":false}\n{"done":true}\n';
    const bytes = encoder.encode(text);
    const splitter = new NdjsonSplitter();
    const data: Array<string | undefined> = [];
    for (const byte of bytes) splitter.push(Uint8Array.of(byte), (line) => data.push(line.data));
    expect(data).toEqual(['{"message":{"content":"é"},"done":false}', '{"done":true}']);
    expect(splitter.pendingBytes).toBeUndefined();
  });

  it('CRLF endings are tolerated, blank lines skipped, a trailing line without LF delivered at flush', () => {
    expect(split(['{"a":1}\r\n\n', '{"b"', ':2}'])).toEqual([
      { data: '{"a":1}', raw: '{"a":1}\r\n' },
      { data: '{"b":2}', raw: '{"b":2}' },
    ]);
  });

  it('the payload is the whole line: offsets for in-place replacement, bytes start at the line', () => {
    const splitter = new NdjsonSplitter();
    const lines: NdjsonLine[] = [];
    splitter.push(encoder.encode('{"a":1}\r\n{"b":"é"}\n'), (line) => lines.push(line));
    expect(
      lines.map(({ start, end, contentEnd, dataBytesStart, dataStart, dataEnd, text }) => ({
        start,
        end,
        contentEnd,
        dataBytesStart,
        dataStart,
        dataEnd,
        text,
      })),
    ).toEqual([
      { start: 0, end: 9, contentEnd: 7, dataBytesStart: 0, dataStart: 0, dataEnd: 7, text: '{"a":1}\r\n' },
      { start: 9, end: 20, contentEnd: 19, dataBytesStart: 9, dataStart: 0, dataEnd: 9, text: '{"b":"é"}\n' },
    ]);
  });

  it('NDJSON_FRAMING: application/x-ndjson is a stream in this framing, JSON and SSE are not', () => {
    expect(
      ['application/x-ndjson', 'application/x-ndjson; charset=utf-8', 'application/json; charset=utf-8', 'text/event-stream'].map(NDJSON_FRAMING.matches),
    ).toEqual([true, true, false, false]);
    expect(NDJSON_FRAMING.createSplitter()).toBeInstanceOf(NdjsonSplitter);
  });

  it('a line that is not UTF-8 has no data', () => {
    const splitter = new NdjsonSplitter();
    const data: Array<string | undefined> = [];
    splitter.push(Uint8Array.of(0xff, 0x0a), (line) => data.push(line.data));
    expect(data).toEqual([undefined]);
  });

  it('finds the same lines in pieces of every size, a line longer than the held room included, and leaves given bytes as they were', () => {
    const text = `{"a":1}\n\n{"b":"é"}\r\n{"long":"${'x'.repeat(3000)}"}\n{"done":true}\n{"tail":1}`;
    const bytes = encoder.encode(text);
    const whole = split([text]).map((line) => line.raw);
    expect(whole).toHaveLength(5);
    for (let size = 1; size <= 80; size += 1) {
      const splitter = new NdjsonSplitter();
      // Views kept past their push (the caller joins a line's bytes after the push that gave it): never written over.
      const views: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.slice(at, at + size), (line) => views.push(line.raw));
      splitter.flush((line) => views.push(line.raw));
      expect([size, views.map((view) => decoder.decode(view))]).toEqual([size, whole]);
    }
  });
});
