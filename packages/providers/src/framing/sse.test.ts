import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseSplitter, type SseEvent, type SseFields } from './sse.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface SplitEvent extends SseFields {
  raw: Uint8Array;
  /** The payload of a one-line data event, read from its bytes (SseEvent.dataBytesStart to contentEnd). */
  dataBytes: string | undefined;
}

function split(chunks: Uint8Array[]): SplitEvent[] {
  const splitter = new SseSplitter();
  const events: SplitEvent[] = [];
  const keep = (event: SseEvent) =>
    events.push({
      raw: event.raw.slice(),
      text: event.text,
      data: event.data,
      dataStart: event.dataStart,
      dataEnd: event.dataEnd,
      dataBytes: event.dataBytesStart === -1 ? undefined : decoder.decode(event.buffer.subarray(event.dataBytesStart, event.contentEnd)),
    });
  for (const chunk of chunks) splitter.push(chunk, keep);
  splitter.flush(keep);
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

  it('gives the payload bytes of a one-line data event, and of nothing else', () => {
    const events = split([
      encoder.encode(
        'data: {"a":"tail"}\n\ndata:{"a":1}\r\n\r\nevent: x\ndata: {"a":"tail"}\n\n: {"a":"tail"}\n\ndata: {"a":"tail"}\ndata: {"b":"tail"}\n\ndata:  {"a":2} \n\n',
      ),
    ]);
    expect(events.map((event) => event.dataBytes)).toEqual(['{"a":"tail"}', '{"a":1}', undefined, undefined, undefined, ' {"a":2} ']);
    // As the decoded data has it, where there is one data line.
    expect(events.map((event) => (event.dataBytes === undefined ? undefined : event.data))).toEqual([
      '{"a":"tail"}',
      '{"a":1}',
      undefined,
      undefined,
      undefined,
      ' {"a":2} ',
    ]);
  });

  it('finds the same events at every chunk boundary', () => {
    const text = 'data: {"x":"é"}\n\ndata: {"y":2}\r\n\r\n:c\n\ndata: {"t":"tail"}\n\ndata: [DONE]\n\n';
    const bytes = encoder.encode(text);
    const whole = split([bytes]).map((event) => [decoder.decode(event.raw), event.dataBytes]);
    expect(whole.map(([, data]) => data)).toEqual(['{"x":"é"}', '{"y":2}', undefined, '{"t":"tail"}', '[DONE]']);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 6 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        const chunks = points.slice(1).map((end, index) => bytes.slice(points[index], end));
        expect(split(chunks).map((event) => [decoder.decode(event.raw), event.dataBytes])).toEqual(whole);
      }),
    );
  });

  it('finds the same events in pieces of every size, an event longer than the held room included, and leaves given bytes as they were', () => {
    const long = 'x'.repeat(3000);
    const text = `data: {"a":1}\n\nevent: e\r\ndata: {"b":"é"}\r\n\r\ndata: {"long":"${long}"}\n\n:c\n\ndata: [DONE]\n\ndata: tail`;
    const bytes = encoder.encode(text);
    const whole = split([bytes]).map((event) => [decoder.decode(event.raw), event.dataBytes]);
    expect(whole).toHaveLength(6);
    for (let size = 1; size <= 80; size += 1) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
      expect(split(chunks).map((event) => [decoder.decode(event.raw), event.dataBytes])).toEqual(whole);
      // Views kept past their push (the caller joins an event's bytes after the push that gave it): never written over.
      const splitter = new SseSplitter();
      const views: Uint8Array[] = [];
      for (const chunk of chunks) splitter.push(chunk, (event) => views.push(event.raw));
      splitter.flush((event) => views.push(event.raw));
      expect(views.map((view) => decoder.decode(view))).toEqual(whole.map(([raw]) => raw));
    }
  });
});
