import { brotliCompressSync, constants as zlibConstants, createBrotliCompress, createGzip, gzipSync, type BrotliCompress, type Gzip } from 'node:zlib';
import type { Exchange } from './exchange.js';
import { NDJSON_CONTENT_TYPE, formatNdjsonLine } from './ndjson.js';
import { formatSseEvent, type SseEvent, type SseLineEnding } from './sse.js';
import type { FaultSpec } from './types.js';

/** A complete (non-stream) response. */
export interface BodyResponse {
  status: number;
  headers: Record<string, string>;
  /** Compact JSON text. */
  body: string;
}

/** A streamed response. */
export interface StreamResponse {
  status: number;
  headers: Record<string, string>;
  /** Pulled one at a time, so each event is produced right before it is written. */
  events: Iterable<SseEvent>;
  /** Line ending of the framing; default `\n`. */
  eol?: SseLineEnding;
  /**
   * How events are framed: `sse` (default; `text/event-stream`, `cache-control: no-cache`) or
   * `ndjson` (`application/x-ndjson`, each event's `data` on a line of its own, `event` unused).
   */
  framing?: StreamFraming;
}

/** The framings a stream can have. */
export type StreamFraming = 'sse' | 'ndjson';

function frameEvent(response: StreamResponse, event: SseEvent): string {
  return response.framing === 'ndjson' ? formatNdjsonLine(event.data) : formatSseEvent(event, response.eol);
}

/**
 * How to write an otherwise normal response. Wire-independent, so every wire module gets the
 * transport faults for free. All fields are optional; `{}` is a plain, healthy response.
 */
export interface DeliveryOptions {
  /** Delay before the status line and headers. */
  ttfbMs?: number;
  /** Delay between stream events. */
  chunkDelayMs?: number;
  /** Bodies: send the headers and the first half of the body, the rest after this delay. */
  bodyDelayMs?: number;
  /** `content-encoding: gzip`; streams get a sync flush after every event. */
  gzip?: boolean;
  /** `content-encoding: br`; streams get a flush after every event. */
  brotli?: boolean;
  /** Bodies: announce the full length, write half of it, destroy the socket. */
  resetMidBody?: boolean;
  /** Streams: destroy the socket after this many events. */
  resetAfterEvents?: number;
  /** Bodies: send only the first half (with a matching content-length). */
  truncateBody?: boolean;
  /** Streams: cut the data of the event with this 0-based index in half. */
  corruptEvent?: number;
}

/** The delivery options a fault stands for (`{}` for faults that replace the response). */
export function deliveryOptionsFor(fault: FaultSpec | undefined): DeliveryOptions {
  switch (fault?.kind) {
    case 'reset':
      return { resetMidBody: true, resetAfterEvents: fault.afterEvents };
    case 'malformed-json':
      return { truncateBody: true };
    case 'malformed-sse':
      return { corruptEvent: fault.atEvent };
    case 'gzip':
      return { gzip: true };
    case 'brotli':
      return { brotli: true };
    case 'slow':
      return fault.bodyDelayMs === undefined
        ? { ttfbMs: fault.ttfbMs, chunkDelayMs: fault.chunkDelayMs }
        : { ttfbMs: fault.ttfbMs, chunkDelayMs: fault.chunkDelayMs, bodyDelayMs: fault.bodyDelayMs };
    default:
      return {};
  }
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves once `write` reports the chunk handed to the OS, or as soon as the exchange aborts. */
function written(exchange: Exchange, write: (done: () => void) => void): Promise<void> {
  if (exchange.signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => resolve();
    exchange.signal.addEventListener('abort', onAbort, { once: true });
    write(() => {
      exchange.signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** First half of a text; never valid JSON for a JSON object. */
function firstHalf(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** Sends a complete body, applying {@link DeliveryOptions}. */
export async function sendBody(exchange: Exchange, response: BodyResponse, options: DeliveryOptions = {}): Promise<void> {
  const { res, delivery, signal } = exchange;
  if (!(await sleep(options.ttfbMs ?? 0, signal))) return;

  let body = Buffer.from(options.truncateBody === true ? firstHalf(response.body) : response.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...response.headers };
  if (options.gzip === true) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  } else if (options.brotli === true) {
    body = brotliCompressSync(body);
    headers['content-encoding'] = 'br';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers);
  delivery.status = response.status;

  if (options.resetMidBody === true) {
    await written(exchange, (done) => res.write(body.subarray(0, Math.floor(body.length / 2)), () => done()));
    exchange.settle();
    res.destroy();
    return;
  }
  if (options.bodyDelayMs !== undefined && options.bodyDelayMs > 0) {
    const half = Math.floor(body.length / 2);
    await written(exchange, (done) => res.write(body.subarray(0, half), () => done()));
    // The client may leave meanwhile (e.g. its timeout): the exchange then settles incomplete on close.
    if (!(await sleep(options.bodyDelayMs, signal))) return;
    body = body.subarray(half);
  }
  delivery.complete = options.truncateBody !== true;
  exchange.settle();
  res.end(body);
}

/**
 * Streams events (server-sent events, or NDJSON lines), each in its own write as soon as it is produced, applying
 * {@link DeliveryOptions}; stops pulling and writing as soon as the client is gone.
 */
export async function sendEventStream(exchange: Exchange, response: StreamResponse, options: DeliveryOptions = {}): Promise<void> {
  const { res, delivery, signal } = exchange;
  if (!(await sleep(options.ttfbMs ?? 0, signal))) return;

  const framingHeaders: Record<string, string> =
    response.framing === 'ndjson' ? { 'content-type': NDJSON_CONTENT_TYPE } : { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
  const headers: Record<string, string> = { ...framingHeaders, ...response.headers };
  let gzip: Gzip | BrotliCompress | undefined;
  const flushKind = options.brotli === true ? zlibConstants.BROTLI_OPERATION_FLUSH : zlibConstants.Z_SYNC_FLUSH;
  if (options.gzip === true || options.brotli === true) {
    headers['content-encoding'] = options.brotli === true ? 'br' : 'gzip';
    const compressor = options.brotli === true ? createBrotliCompress() : createGzip();
    compressor.pipe(res);
    signal.addEventListener('abort', () => compressor.destroy(), { once: true });
    gzip = compressor;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  delivery.status = response.status;

  // Pull each event only when it is due, so nothing is produced ahead of the wire.
  const iterator = response.events[Symbol.iterator]();
  try {
    for (let index = 0; index !== options.resetAfterEvents; index += 1) {
      if (index > 0 && !(await sleep(options.chunkDelayMs ?? 0, signal))) return;
      if (signal.aborted) return;
      const next = iterator.next();
      if (next.done === true) break;
      const corrupt = index === options.corruptEvent;
      const text = frameEvent(response, corrupt ? { ...next.value, data: firstHalf(next.value.data) } : next.value);
      if (corrupt) delivery.corruptedEvent = index;
      delivery.eventsWritten += 1;
      if (gzip === undefined) {
        await written(exchange, (done) => res.write(text, () => done()));
      } else {
        const compressor = gzip;
        compressor.write(text);
        await written(exchange, (done) => compressor.flush(flushKind, done));
      }
    }
  } finally {
    iterator.return?.();
  }
  if (signal.aborted) return;
  if (options.resetAfterEvents !== undefined) {
    exchange.settle();
    res.destroy();
    return;
  }
  delivery.complete = delivery.corruptedEvent === undefined;
  exchange.settle();
  if (gzip === undefined) res.end();
  else gzip.end();
}
