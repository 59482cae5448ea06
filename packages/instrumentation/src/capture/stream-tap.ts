import { withBody, BODY_READERS, defineOwn as own, readersOf } from './body-readers.js';
import { ChunkTap, type StreamTapHooks } from './chunk-tap.js';

/*
 * Everything below is made of class instances whose methods live on their prototypes, and of functions made once per
 * process: a tapped stream costs a handful of objects, not a closure (and its context) per callback. With 1,000
 * streams in flight that is ~1.5 KB less heap per stream (bench/lib/heap-per-stream.mjs).
 */

/** The method by which {@link readThrough} reads the source of a tap (a symbol: not part of what the caller sees). */
const PULL = Symbol('genai-otel pull');

/** What {@link readThrough} reads from: a reader's `read()` or an iterator's `next()`. */
interface ChunkSource {
  [PULL](): Promise<IteratorResult<Uint8Array>>;
}

/**
 * One read through the tap: reads from `source` until there is something for the caller (an event may
 * be held back or dropped), the end (with any bytes still held), or the source's own error.
 */
async function readThrough(tap: ChunkTap, source: ChunkSource): Promise<IteratorResult<Uint8Array>> {
  for (;;) {
    let result: IteratorResult<Uint8Array>;
    try {
      result = await source[PULL]();
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
    if (out && out.byteLength > 0) {
      // The source's own result goes on (made by the read for this caller alone), with the caller's bytes: no new
      // object per chunk.
      (result as IteratorYieldResult<Uint8Array>).value = out;
      return result;
    }
  }
}

/**
 * The underlying source of the stream read instead of `source`. It pulls from `source` only when the caller asks for
 * more (high-water mark 0: no read-ahead, no buffering), so each chunk reaches the caller as it arrives, errors from
 * `source` reach the caller as the very same error object, and a cancel by the caller is passed on to `source`.
 */
class TapSource implements ChunkSource {
  constructor(
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly tap: ChunkTap,
  ) {}

  async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    let result: IteratorResult<Uint8Array>;
    try {
      result = await readThrough(this.tap, this);
    } catch (error) {
      controller.error(error);
      return;
    }
    if (result.done) controller.close();
    else controller.enqueue(result.value);
  }

  cancel(reason?: unknown): Promise<void> {
    this.tap.end({ kind: 'cancel', reason });
    return this.reader.cancel(reason);
  }

  [PULL](): Promise<IteratorResult<Uint8Array>> {
    return this.reader.read() as Promise<IteratorResult<Uint8Array>>;
  }
}

function tapReadable(reader: ReadableStreamDefaultReader<Uint8Array>, tap: ChunkTap): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(new TapSource(reader, tap), { highWaterMark: 0 });
}

/**
 * A reader of the source with the tap in between (what the Stainless SDKs read a stream with): one
 * extra step per chunk, no second stream.
 */
class TapReader implements ReadableStreamDefaultReader<Uint8Array>, ChunkSource {
  constructor(
    private readonly inner: ReadableStreamDefaultReader<Uint8Array>,
    private readonly tap: ChunkTap,
  ) {}

  read(): ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> {
    return readThrough(this.tap, this) as ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>;
  }

  cancel(reason?: unknown): Promise<void> {
    this.tap.end({ kind: 'cancel', reason });
    return this.inner.cancel(reason);
  }

  releaseLock(): void {
    this.inner.releaseLock();
  }

  get closed(): Promise<undefined> {
    return this.inner.closed as Promise<undefined>;
  }

  [PULL](): Promise<IteratorResult<Uint8Array>> {
    return this.inner.read() as Promise<IteratorResult<Uint8Array>>;
  }
}

/** Async iteration (`for await (const chunk of response.body)`) of the source, with the tap in between. */
class TapIterator implements AsyncIterableIterator<Uint8Array>, ChunkSource {
  constructor(
    private readonly inner: AsyncIterator<Uint8Array>,
    private readonly tap: ChunkTap,
  ) {}

  next(): Promise<IteratorResult<Uint8Array>> {
    return readThrough(this.tap, this);
  }

  async return(value?: unknown): Promise<IteratorResult<Uint8Array>> {
    this.tap.end({ kind: 'cancel', reason: undefined });
    return this.inner.return ? this.inner.return(value) : { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  [PULL](): Promise<IteratorResult<Uint8Array>> {
    return this.inner.next();
  }
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

type IteratorOptions = { preventCancel?: boolean };
type PipeOptions = Parameters<ReadableStream['pipeTo']>[1];

/** Where the methods a tap gives a response and its stream find their {@link TappedBody}. */
const TAPPED = Symbol('genai-otel tapped body');

interface Tapped {
  [TAPPED]: TappedBody;
}

/** One tapped response and its body: what the methods given to them read and change. */
class TappedBody {
  /** The tapped stream, once a way of reading other than a reader or iteration asked for it. */
  tapped: ReadableStream<Uint8Array> | undefined;
  /** After clone(): the original's body, one branch of a tee (as in fetch itself). */
  branch: ReadableStream<Uint8Array> | undefined;
  /** The source's own methods (whatever fetch made it), from before the tap shadowed them. */
  private readonly getReader: (this: ReadableStream<Uint8Array>) => ReadableStreamDefaultReader<Uint8Array>;
  readonly cancelSource: (this: ReadableStream<Uint8Array>, reason?: unknown) => Promise<void>;
  /** The stream's own iterator where it has one (a reader-based one costs more per chunk with openai 6). */
  private readonly ownValues: ((this: ReadableStream<Uint8Array>, options?: IteratorOptions) => AsyncIterator<Uint8Array>) | undefined;
  /** The response's own body readers, from before the tap shadowed them. */
  readonly read: ReturnType<typeof readersOf>;

  constructor(
    readonly response: Response,
    readonly source: ReadableStream<Uint8Array>,
    readonly tap: ChunkTap,
  ) {
    this.getReader = source.getReader as (this: ReadableStream<Uint8Array>) => ReadableStreamDefaultReader<Uint8Array>;
    this.cancelSource = source.cancel;
    this.ownValues = source.values as typeof this.ownValues;
    this.read = readersOf(response);
  }

  openReader(): ReadableStreamDefaultReader<Uint8Array> {
    return this.getReader.call(this.source);
  }

  stream(): ReadableStream<Uint8Array> {
    this.tapped ??= tapReadable(this.openReader(), this.tap);
    return this.tapped;
  }

  values(options?: IteratorOptions): AsyncIterator<Uint8Array> {
    if (this.tapped) return this.tapped.values(options);
    const inner = this.ownValues ? this.ownValues.call(this.source, options) : readerIterator(this.openReader(), options?.preventCancel === true);
    return new TapIterator(inner, this.tap);
  }

  /** Whether the body was read some other way already: the real methods then fail as they would without the tap. */
  get taken(): boolean {
    return this.tapped !== undefined || this.source.locked || this.response.bodyUsed;
  }
}

function tappedBody(target: unknown): TappedBody {
  return (target as Tapped)[TAPPED];
}

/*
 * The methods a tapped body stream is given, made once: each finds its stream's TappedBody through `this` (called
 * detached, they fail as the stream's own methods would).
 */
function tappedValues(this: ReadableStream<Uint8Array>, options?: IteratorOptions): AsyncIterator<Uint8Array> {
  return tappedBody(this).values(options);
}

function tappedGetReader(this: ReadableStream<Uint8Array>, options?: { mode?: undefined }): ReadableStreamDefaultReader<Uint8Array> {
  const body = tappedBody(this);
  return body.tapped || options?.mode !== undefined
    ? (body.stream().getReader(options) as ReadableStreamDefaultReader<Uint8Array>)
    : new TapReader(body.openReader(), body.tap);
}

function tappedPipeThrough<T>(this: ReadableStream<Uint8Array>, transform: ReadableWritablePair<T, Uint8Array>, options?: PipeOptions): ReadableStream<T> {
  return tappedBody(this).stream().pipeThrough(transform, options);
}

function tappedPipeTo(this: ReadableStream<Uint8Array>, destination: WritableStream<Uint8Array>, options?: PipeOptions): Promise<void> {
  return tappedBody(this).stream().pipeTo(destination, options);
}

function tappedTee(this: ReadableStream<Uint8Array>): [ReadableStream<Uint8Array>, ReadableStream<Uint8Array>] {
  return tappedBody(this).stream().tee();
}

function tappedCancel(this: ReadableStream<Uint8Array>, reason?: unknown): Promise<void> {
  const body = tappedBody(this);
  if (body.tapped) return body.tapped.cancel(reason);
  if (!body.source.locked) body.tap.end({ kind: 'cancel', reason });
  return body.cancelSource.call(body.source, reason);
}

/** The body readers a tapped response is given (`text()`, `json()`, …), one per method, made once. */
const TAPPED_READERS = BODY_READERS.map(
  (method) =>
    [
      method,
      function (this: Response): Promise<unknown> {
        const body = tappedBody(this);
        if (body.branch) return withBody(body.response, body.branch)[method]();
        // Already read or locked: the real method fails the way it would without the tap.
        if (body.taken) return body.read[method].call(body.response) as Promise<unknown>;
        return withBody(body.response, body.stream())[method]();
      },
    ] as const,
);

function tappedClone(this: Response): Response {
  const body = tappedBody(this);
  if (body.branch) return withBody(body.response, body.branch).clone();
  if (body.taken) return body.read.clone.call(body.response) as Response;
  const [first, second] = body.stream().tee();
  body.branch = first;
  Object.defineProperty(body.response, 'body', { get: () => body.branch, configurable: true });
  return withBody(body.response, second);
}

/**
 * Taps the body of `response` in place: the caller gets the very same Response and body stream,
 * whose readers are given the tap as own properties. A reader (the Stainless SDKs) and async
 * iteration read the source through a {@link TapReader} / {@link TapIterator} (over the stream's own
 * iterator); any other way (piping, tee, the Response's text()/json()/… or clone()) through a tapped
 * stream made on first use.
 * Whichever reads first gets the body; a second reader finds it locked, as it would without the tap.
 * The objects' own methods are used underneath (whatever fetch made them); a frozen response or
 * stream gets a new Response over the tapped stream instead.
 */
export function tapBody(response: Response, source: ReadableStream<Uint8Array>, hooks: StreamTapHooks): Response {
  const tap = new ChunkTap(hooks);
  if (!Object.isExtensible(response) || !Object.isExtensible(source)) {
    const getReader = source.getReader as (this: ReadableStream<Uint8Array>) => ReadableStreamDefaultReader<Uint8Array>;
    return withBody(response, tapReadable(getReader.call(source), tap));
  }
  const body = new TappedBody(response, source, tap);
  own(source, TAPPED, body);
  own(source, Symbol.asyncIterator, tappedValues);
  own(source, 'values', tappedValues);
  own(source, 'getReader', tappedGetReader);
  own(source, 'pipeThrough', tappedPipeThrough);
  own(source, 'pipeTo', tappedPipeTo);
  own(source, 'tee', tappedTee);
  own(source, 'cancel', tappedCancel);
  own(response, TAPPED, body);
  for (const [method, reader] of TAPPED_READERS) own(response, method, reader);
  own(response, 'clone', tappedClone);
  return response;
}
