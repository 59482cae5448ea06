import { diag } from '@opentelemetry/api';
import { SSE_FRAMING, type StreamEvent, type StreamFraming } from '@genai-otel/providers';
import { BODY_READERS, defineOwn as own, readersOf, withBody } from './body-readers.js';
import { ByteRanges } from './byte-ranges.js';
import type { EventAction } from '@genai-otel/providers';

/** How a tapped stream ended. */
export type StreamEnd = { kind: 'complete' } | { kind: 'error'; error: unknown } | { kind: 'cancel'; reason: unknown };

export interface StreamTapHooks {
  /**
   * False: every network chunk is forwarded as it arrives, untouched, and the events are only read.
   * True: events are forwarded whole, as `onEvent` decides (pass, drop or replace); bytes of an
   * event still in flight are held until its blank line arrives.
   */
  edits: boolean;
  /** How the stream is cut into events (default: Server-Sent Events). */
  framing?: StreamFraming;
  /** Sees each complete event once. */
  onEvent(event: StreamEvent): EventAction;
  /** Called exactly once, when the stream completes, fails or is cancelled by the caller. */
  onEnd(end: StreamEnd): void;
}

const encoder = new TextEncoder();

/** The per-chunk work of a tap, whichever way the caller reads the body. */
interface ChunkTap {
  /** What the caller receives for one network chunk (undefined: nothing yet). */
  process(chunk: Uint8Array): Uint8Array | undefined;
  /** At the end of the source: the bytes still held back (a trailing event without its blank line). */
  finish(): Uint8Array | undefined;
  /** Reports the end, exactly once. */
  end(outcome: StreamEnd): void;
}

function createChunkTap(hooks: StreamTapHooks): ChunkTap {
  const splitter = (hooks.framing ?? SSE_FRAMING).createSplitter();
  let editing = hooks.edits;
  let reading = true;
  let ended = false;
  const out = new ByteRanges();
  const collect = (event: StreamEvent): void => emit(event, hooks.onEvent(event), out);
  const observe = (event: StreamEvent): void => void hooks.onEvent(event);

  return {
    process(chunk) {
      if (!reading) return chunk;
      try {
        if (!editing) {
          splitter.push(chunk, observe);
          return chunk;
        }
        splitter.push(chunk, collect);
        // Every event passed and nothing is held back: the chunk itself goes on.
        return out.take(chunk);
      } catch (error) {
        diag.error('genai-otel: stream parsing failed; the rest of the stream is passed through unread', error);
        reading = false;
        out.take();
        if (!editing) return chunk;
        // Give the caller the bytes that were held back, then stop editing.
        editing = false;
        return splitter.pendingBytes;
      }
    },
    finish() {
      if (!reading || ended) return undefined;
      try {
        splitter.flush(editing ? collect : observe);
        return editing ? out.take() : undefined;
      } catch (error) {
        diag.error('genai-otel: stream parsing failed at the end of the stream', error);
        return undefined;
      }
    },
    end(outcome) {
      if (ended) return;
      ended = true;
      try {
        hooks.onEnd(outcome);
      } catch (error) {
        diag.error('genai-otel: failed to record the end of a stream', error);
      }
    },
  };
}

/**
 * The stream read instead of `source`. It pulls from `source` only when the caller asks for more
 * (high-water mark 0: no read-ahead, no buffering), so each chunk reaches the caller as it arrives,
 * errors from `source` reach the caller as the very same error object, and a cancel by the caller is
 * passed on to `source`.
 */
function tapReadable(reader: ReadableStreamDefaultReader<Uint8Array>, tap: ChunkTap): ReadableStream<Uint8Array> {
  const next = () => reader.read() as Promise<IteratorResult<Uint8Array>>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: IteratorResult<Uint8Array>;
        try {
          result = await readThrough(tap, next);
        } catch (error) {
          controller.error(error);
          return;
        }
        if (result.done) controller.close();
        else controller.enqueue(result.value);
      },
      cancel(reason) {
        tap.end({ kind: 'cancel', reason });
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * One read through the tap: reads from `next` until there is something for the caller (an event may
 * be held back or dropped), the end (with any bytes still held), or the source's own error.
 */
async function readThrough(tap: ChunkTap, next: () => Promise<IteratorResult<Uint8Array>>): Promise<IteratorResult<Uint8Array>> {
  for (;;) {
    let result: IteratorResult<Uint8Array>;
    try {
      result = await next();
    } catch (error) {
      tap.end({ kind: 'error', error });
      throw error;
    }
    if (result.done) {
      const rest = tap.finish();
      tap.end({ kind: 'complete' });
      return rest && rest.byteLength > 0 ? { done: false, value: rest } : result;
    }
    const out = tap.process(result.value);
    if (out && out.byteLength > 0) return { done: false, value: out };
  }
}

/**
 * A reader of the source with the tap in between (what the Stainless SDKs read a stream with): one
 * extra step per chunk, no second stream.
 */
function tapReader(inner: ReadableStreamDefaultReader<Uint8Array>, tap: ChunkTap): ReadableStreamDefaultReader<Uint8Array> {
  const next = () => inner.read() as Promise<IteratorResult<Uint8Array>>;
  return {
    read: () => readThrough(tap, next) as ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>,
    cancel(reason?: unknown) {
      tap.end({ kind: 'cancel', reason });
      return inner.cancel(reason);
    },
    releaseLock: () => inner.releaseLock(),
    get closed() {
      return inner.closed;
    },
  };
}

/** Async iteration (`for await (const chunk of response.body)`) of the source, with the tap in between. */
function tapIterator(inner: AsyncIterator<Uint8Array>, tap: ChunkTap): AsyncIterableIterator<Uint8Array> {
  const next = () => inner.next();
  const iterator: AsyncIterableIterator<Uint8Array> = {
    next: () => readThrough(tap, next),
    async return(value?: unknown): Promise<IteratorResult<Uint8Array>> {
      tap.end({ kind: 'cancel', reason: undefined });
      return inner.return ? inner.return(value) : { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** A stream's async iteration over one of its readers, for streams without `values()`. */
function readerIterator(reader: ReadableStreamDefaultReader<Uint8Array>, preventCancel: boolean): AsyncIterator<Uint8Array> {
  return {
    async next() {
      try {
        const result = (await reader.read()) as IteratorResult<Uint8Array>;
        if (result.done) reader.releaseLock();
        return result;
      } catch (error) {
        reader.releaseLock();
        throw error;
      }
    },
    async return(value?: unknown) {
      if (!preventCancel) await reader.cancel(value);
      reader.releaseLock();
      return { done: true, value: undefined };
    },
  };
}

/**
 * Taps the body of `response` in place: the caller gets the very same Response and body stream,
 * whose readers are given the tap as own properties. A reader (the Stainless SDKs) and async
 * iteration read the source through {@link tapReader} / {@link tapIterator} (over the stream's own
 * iterator); any other way (piping, tee, the Response's text()/json()/… or clone()) through a tapped
 * stream made on first use.
 * Whichever reads first gets the body; a second reader finds it locked, as it would without the tap.
 * The objects' own methods are used underneath (whatever fetch made them); a frozen response or
 * stream gets a new Response over the tapped stream instead.
 */
export function tapBody(response: Response, source: ReadableStream<Uint8Array>, hooks: StreamTapHooks): Response {
  const tap = createChunkTap(hooks);
  const getReader = source.getReader as (this: ReadableStream<Uint8Array>) => ReadableStreamDefaultReader<Uint8Array>;
  const openReader = () => getReader.call(source);
  if (!Object.isExtensible(response) || !Object.isExtensible(source)) return withBody(response, tapReadable(openReader(), tap));

  const cancelSource = source.cancel;
  const read = readersOf(response);
  let tapped: ReadableStream<Uint8Array> | undefined;
  const stream = (): ReadableStream<Uint8Array> => (tapped ??= tapReadable(openReader(), tap));
  // The stream's own iterator where it has one (a reader-based one costs more per chunk with openai 6).
  const ownValues = source.values as ((this: ReadableStream<Uint8Array>, options?: { preventCancel?: boolean }) => AsyncIterator<Uint8Array>) | undefined;
  const openIterator = (options?: { preventCancel?: boolean }) =>
    ownValues ? ownValues.call(source, options) : readerIterator(openReader(), options?.preventCancel === true);
  const values = (options?: { preventCancel?: boolean }) => (tapped ? tapped.values(options) : tapIterator(openIterator(options), tap));
  own(source, Symbol.asyncIterator, values);
  own(source, 'values', values);
  own(source, 'getReader', (options?: { mode?: undefined }) =>
    tapped || options?.mode !== undefined ? stream().getReader(options) : tapReader(openReader(), tap),
  );
  own(source, 'pipeThrough', <T>(transform: ReadableWritablePair<T, Uint8Array>, options?: Parameters<ReadableStream['pipeTo']>[1]) =>
    stream().pipeThrough(transform, options),
  );
  own(source, 'pipeTo', (destination: WritableStream<Uint8Array>, options?: Parameters<ReadableStream['pipeTo']>[1]) => stream().pipeTo(destination, options));
  own(source, 'tee', () => stream().tee());
  own(source, 'cancel', (reason?: unknown) => {
    if (tapped) return tapped.cancel(reason);
    if (!source.locked) tap.end({ kind: 'cancel', reason });
    return cancelSource.call(source, reason);
  });
  // After clone() the original's body is one branch of a tee (as in fetch itself), the copy's the other.
  let branch: ReadableStream<Uint8Array> | undefined;
  for (const method of BODY_READERS) {
    own(response, method, () => {
      if (branch) return withBody(response, branch)[method]();
      // Already read or locked: the real method fails the way it would without the tap.
      if (tapped || source.locked || response.bodyUsed) return read[method].call(response);
      return withBody(response, stream())[method]();
    });
  }
  own(response, 'clone', () => {
    if (branch) return withBody(response, branch).clone();
    if (tapped || source.locked || response.bodyUsed) return read.clone.call(response);
    const [first, second] = stream().tee();
    branch = first;
    Object.defineProperty(response, 'body', { get: () => branch, configurable: true });
    return withBody(response, second);
  });
  return response;
}

/** Adds to `out` the bytes the caller gets for one event. */
export function emit(event: StreamEvent, action: EventAction, out: ByteRanges): void {
  const { buffer, start, end } = event;
  if (action.kind === 'pass') {
    out.add(buffer, start, end);
  } else if (action.kind === 'cut') {
    if (action.from < 0 || action.from > action.to || start + action.to > end) {
      out.add(buffer, start, end);
      return;
    }
    out.add(buffer, start, start + action.from);
    out.add(buffer, start + action.to, end);
  } else if (action.kind === 'replace') {
    if (event.text === undefined || event.dataStart === -1) {
      out.add(buffer, start, end);
      return;
    }
    const bytes = encoder.encode(event.text.slice(0, event.dataStart) + action.data + event.text.slice(event.dataEnd));
    out.add(bytes, 0, bytes.length);
  }
}
