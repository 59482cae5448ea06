import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExchange, type Delivery } from './exchange.js';
import type { SseEvent } from './sse.js';
import { deliveryOptionsFor, sendBody, sendEventStream, sleep, type DeliveryOptions } from './transport.js';

/** An endless event source that counts pulls and notices when the writer lets go of it. */
function endlessEvents(): { events: Iterable<SseEvent>; pulled: () => number; released: Promise<void> } {
  let pulled = 0;
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  function* generate(): Generator<SseEvent> {
    try {
      for (;;) {
        pulled += 1;
        yield { data: JSON.stringify({ n: pulled }) };
      }
    } finally {
      release();
    }
  }
  return { events: generate(), pulled: () => pulled, released };
}

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (running === undefined) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

/** Serves one endless stream with `options`; resolves the URL and the settled delivery. */
async function serveEndlessStream(options: DeliveryOptions): Promise<{
  url: string;
  source: ReturnType<typeof endlessEvents>;
  delivery: Promise<Delivery>;
}> {
  const source = endlessEvents();
  let settle = (_delivery: Delivery): void => undefined;
  const delivery = new Promise<Delivery>((resolve) => {
    settle = resolve;
  });
  server = createServer((_req, res) => {
    const exchange = createExchange(res, settle);
    void sendEventStream(exchange, { status: 200, headers: {}, events: source.events }, options);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, source, delivery };
}

describe('sendEventStream', () => {
  it('stops pulling and writing events once the client disconnects', async () => {
    const { url, source, delivery } = await serveEndlessStream({ chunkDelayMs: 1 });
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    await response.body?.getReader().read();
    controller.abort();
    await source.released;
    const settled = await delivery;
    expect(settled).toMatchObject({ status: 200, complete: false });
    expect(settled.eventsWritten).toBe(source.pulled());
  });

  it('with gzip, flushes every event so the first one arrives while the stream goes on', async () => {
    const { url, source } = await serveEndlessStream({ gzip: true, chunkDelayMs: 1 });
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const first = await response.body?.getReader().read();
    expect(new TextDecoder().decode(first?.value)).toMatch(/^data: \{"n":1\}\n\n/);
    // Without a per-event flush nothing would arrive before zlib's 16 KiB output buffer filled.
    expect(source.pulled()).toBeLessThan(50);
    controller.abort();
    await source.released;
  });
});

describe('sendBody with bodyDelayMs', () => {
  /** Serves one JSON body with `options`; resolves the URL and the settled delivery. */
  async function serveBody(options: DeliveryOptions): Promise<{ url: string; delivery: Promise<Delivery> }> {
    let settle = (_delivery: Delivery): void => undefined;
    const delivery = new Promise<Delivery>((resolve) => {
      settle = resolve;
    });
    server = createServer((_req, res) => {
      void sendBody(createExchange(res, settle), { status: 200, headers: {}, body: '{"answer":"forty-two"}' }, options);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, delivery };
  }

  it('sends the headers and the first half at once; the client leaving meanwhile settles it incomplete', async () => {
    const { url, delivery } = await serveBody({ bodyDelayMs: 60_000 });
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    expect(response.headers.get('content-length')).toBe('22');
    const first = await response.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toBe('{"answer":"');
    controller.abort();
    expect(await delivery).toEqual({ status: 200, eventsWritten: 0, complete: false });
  });

  it('sends the rest after the delay', async () => {
    const { url, delivery } = await serveBody({ bodyDelayMs: 1 });
    expect(await (await fetch(url)).text()).toBe('{"answer":"forty-two"}');
    expect(await delivery).toEqual({ status: 200, eventsWritten: 0, complete: true });
  });
});

describe('deliveryOptionsFor', () => {
  it('maps transport faults to delivery options and everything else to a plain delivery', () => {
    expect(deliveryOptionsFor({ kind: 'reset', afterEvents: 3 })).toEqual({ resetMidBody: true, resetAfterEvents: 3 });
    expect(deliveryOptionsFor({ kind: 'malformed-json' })).toEqual({ truncateBody: true });
    expect(deliveryOptionsFor({ kind: 'malformed-sse', atEvent: 1 })).toEqual({ corruptEvent: 1 });
    expect(deliveryOptionsFor({ kind: 'gzip' })).toEqual({ gzip: true });
    expect(deliveryOptionsFor({ kind: 'slow', ttfbMs: 5, chunkDelayMs: 1 })).toEqual({ ttfbMs: 5, chunkDelayMs: 1 });
    expect(deliveryOptionsFor({ kind: 'slow', ttfbMs: 0, chunkDelayMs: 1, bodyDelayMs: 9 })).toEqual({ ttfbMs: 0, chunkDelayMs: 1, bodyDelayMs: 9 });
    expect(deliveryOptionsFor({ kind: '429', retryAfterSeconds: 1 })).toEqual({});
    expect(deliveryOptionsFor(undefined)).toEqual({});
  });
});

describe('sleep', () => {
  it('resolves false at once when aborted', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    expect(await pending).toBe(false);
    expect(await sleep(60_000, controller.signal)).toBe(false);
    expect(await sleep(0, new AbortController().signal)).toBe(true);
  });
});
