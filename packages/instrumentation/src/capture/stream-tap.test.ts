import { Readable } from 'node:stream';
import { text as readAll } from 'node:stream/consumers';
import { Response as UndiciResponse } from 'undici';
import { describe, expect, it } from 'vitest';
import type { EventAction } from '@genai-otel/providers';
import type { StreamEnd } from './chunk-tap.js';
import { tapBody } from './stream-tap.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Two network chunks; the second event is split across them. The tap drops the event `drop`.
const CHUNKS = ['data: one\n\ndata: dr', 'op\n\ndata: two\n\n'];
const EXPECTED = 'data: one\n\ndata: two\n\n';

function source(chunks = CHUNKS, error?: Error): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(encoder.encode(chunks[index++]!));
      else if (error) controller.error(error);
      else controller.close();
    },
  });
}

function tapped(
  body = source(),
  make: (body: ReadableStream<Uint8Array>) => Response = (stream) => new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
) {
  const events: string[] = [];
  const ends: StreamEnd[] = [];
  const response = make(body);
  const out = tapBody(response, response.body!, {
    edits: true,
    onEvent: (event): EventAction => {
      events.push(event.data ?? '');
      return event.data === 'drop' ? { kind: 'drop', output: false } : { kind: 'pass', output: true };
    },
    onEnd: (end) => ends.push(end),
  });
  return { response, out, events, ends };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('tapBody', () => {
  it('gives the caller the same Response and body stream, edited, when the body is iterated', async () => {
    const { response, out, events, ends } = tapped();
    expect(out).toBe(response);
    expect(await collect(out.body!)).toBe(EXPECTED);
    expect(events).toEqual(['one', 'drop', 'two']);
    expect(ends).toEqual([{ kind: 'complete' }]);
  });

  it('taps a reader, a pipe, tee and the body readers of the Response alike', async () => {
    const viaReader = tapped();
    const reader = viaReader.out.body!.getReader();
    let text = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value);
    expect(text).toBe(EXPECTED);
    expect(viaReader.ends).toEqual([{ kind: 'complete' }]);

    const viaPipe = tapped();
    expect(await collect(viaPipe.out.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new TextEncoderStream()))).toBe(EXPECTED);
    expect(viaPipe.events).toEqual(['one', 'drop', 'two']);

    const viaTee = tapped();
    const [a, b] = viaTee.out.body!.tee();
    expect(await Promise.all([collect(a), collect(b)])).toEqual([EXPECTED, EXPECTED]);
    expect(viaTee.events).toEqual(['one', 'drop', 'two']);

    const viaText = tapped();
    expect(await viaText.out.text()).toBe(EXPECTED);
    expect(viaText.ends).toEqual([{ kind: 'complete' }]);
    expect(viaText.out.bodyUsed).toBe(true);
    await expect(viaText.out.text()).rejects.toThrow(TypeError);

    const viaBytes = tapped();
    expect(decoder.decode(await viaBytes.out.arrayBuffer())).toBe(EXPECTED);
  });

  it('works under a Node stream made from the body (Readable.fromWeb uses its reader)', async () => {
    const { out, events, ends } = tapped();
    expect(await readAll(Readable.fromWeb(out.body! as Parameters<typeof Readable.fromWeb>[0]))).toBe(EXPECTED);
    expect(events).toEqual(['one', 'drop', 'two']);
    expect(ends).toEqual([{ kind: 'complete' }]);
  });

  it('lets both a clone and the original be read, the events seen once', async () => {
    const { out, events, ends } = tapped();
    const copy = out.clone();
    expect(copy.status).toBe(200);
    expect(copy.headers.get('content-type')).toBe('text/event-stream');
    expect(await Promise.all([out.text(), copy.text()])).toEqual([EXPECTED, EXPECTED]);
    expect(events).toEqual(['one', 'drop', 'two']);
    expect(ends).toEqual([{ kind: 'complete' }]);
  });

  it('reports a cancel: before reading, and by leaving the iteration early', async () => {
    const before = tapped();
    await before.out.body!.cancel('not needed');
    expect(before.ends).toEqual([{ kind: 'cancel', reason: 'not needed' }]);

    const early = tapped();
    for await (const chunk of early.out.body!) {
      expect(decoder.decode(chunk)).toBe('data: one\n\n');
      break;
    }
    expect(early.ends).toEqual([{ kind: 'cancel', reason: undefined }]);
    expect(early.events).toEqual(['one']);

    const byReader = tapped();
    const reader = byReader.out.body!.getReader();
    expect(decoder.decode((await reader.read()).value)).toBe('data: one\n\n');
    await reader.cancel('stop');
    expect(byReader.ends).toEqual([{ kind: 'cancel', reason: 'stop' }]);
  });

  it("uses the response's own class (another fetch's Response) and rewraps a frozen one", async () => {
    const other = tapped(source(), (body) => new UndiciResponse(body, { status: 200 }) as unknown as Response);
    expect(other.out).toBe(other.response);
    expect(await other.out.text()).toBe(EXPECTED);
    expect(other.ends).toEqual([{ kind: 'complete' }]);

    const frozen = tapped(source(), (body) => Object.freeze(new Response(body, { status: 201 })));
    expect(frozen.out).not.toBe(frozen.response);
    expect(frozen.out.status).toBe(201);
    expect(await collect(frozen.out.body!)).toBe(EXPECTED);
    expect(frozen.events).toEqual(['one', 'drop', 'two']);
  });

  it('passes the source error on as the very same object', async () => {
    const failure = new Error('connection reset');
    const { out, ends } = tapped(source(CHUNKS, failure));
    await expect(collect(out.body!)).rejects.toBe(failure);
    expect(ends).toEqual([{ kind: 'error', error: failure }]);
  });
});
