import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseSplitter, type SseEvent } from './sse.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function split(chunks: Uint8Array[]): SseEvent[] {
  const splitter = new SseSplitter();
  const events: SseEvent[] = [];
  for (const chunk of chunks) splitter.push(chunk, (event) => events.push({ ...event, raw: event.raw.slice() }));
  splitter.flush((event) => events.push({ ...event, raw: event.raw.slice() }));
  return events;
}

describe('SseSplitter', () => {
  it('cuts events at blank lines and keeps their exact bytes', () => {
    const text = 'data: {"a":1}\n\n: keep-alive\n\ndata: [DONE]\n\n';
    const events = split([encoder.encode(text)]);
    expect(events.map((event) => decoder.decode(event.raw))).toEqual(['data: {"a":1}\n\n', ': keep-alive\n\n', 'data: [DONE]\n\n']);
    expect(events.map((event) => event.data)).toEqual(['{"a":1}', undefined, '[DONE]']);
    expect(events[0]).toMatchObject({ dataStart: 6, dataEnd: 13 });
  });

  it('handles CRLF, multi-line data, event fields and a trailing event without its blank line', () => {
    const events = split([encoder.encode('event: x\r\ndata: a\r\ndata:b\r\n\r\ndata: tail')]);
    expect(events.map((event) => event.data)).toEqual(['a\nb', 'tail']);
    expect(events[0]).toMatchObject({ dataStart: -1, dataEnd: -1 });
  });

  it('gives invalid UTF-8 events no text but their bytes', () => {
    const raw = new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0x0a, 0x0a]);
    const [event] = split([raw]);
    expect(event).toMatchObject({ text: undefined, data: undefined });
    expect([...event!.raw]).toEqual([...raw]);
  });

  it('finds the same events at every chunk boundary', () => {
    const text = 'data: {"x":"é"}\n\ndata: {"y":2}\r\n\r\n:c\n\ndata: [DONE]\n\n';
    const bytes = encoder.encode(text);
    const whole = split([bytes]).map((event) => decoder.decode(event.raw));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.slice(points[index], end));
        expect(split(chunks).map((event) => decoder.decode(event.raw))).toEqual(whole);
      }),
    );
  });
});
