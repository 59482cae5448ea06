import { diag } from '@opentelemetry/api';
import { defineOwn, readersOf } from './body-readers.js';

/** What a JSON response body told the tap, once: by the caller's own read of it. */
export interface JsonBodyHooks {
  /** The body as the caller's `json()` parsed it, before the caller gets it: read it at once. */
  onJson(value: unknown): void;
  /** The body as text (read as text or bytes by the caller, or from a copy); undefined above `maxBytes`. */
  onText(text: string | undefined): void;
  /** Reading the body failed (the caller gets the same error). */
  onError(error: unknown): void;
}

const decoder = new TextDecoder();

/**
 * Watches a non-streaming body in place: the caller gets the very same Response, whose body readers
 * are given the tap as own properties. `json()` — what the SDKs call — is parsed once, by the caller,
 * and the tap reads the caller's value; `text()`, `arrayBuffer()` and `bytes()` pass the caller's
 * bytes on as text. Any other way of reading (`body`, `blob()`, `formData()`, `clone()`) first takes a
 * copy (a tee) that the tap reads on its own. A body nobody reads tells the tap nothing.
 */
export function observeJsonBody(response: Response, maxBytes: number, hooks: JsonBodyHooks): Response {
  const tap = new JsonBodyTap(response, maxBytes, hooks);
  if (!Object.isExtensible(response)) {
    // A frozen response cannot be given readers: the tap reads its own copy now.
    tap.copy();
    return response;
  }
  // The readers are the same functions for every response (no closures per call): each finds its tap on `this`.
  defineOwn(response, TAP, tap);
  for (const [key, reader] of TAPPED_READERS) defineOwn(response, key, reader);
  Object.defineProperty(response, 'body', { configurable: true, get: tappedBody });
  return response;
}

/** Where a tapped response keeps its tap (an own, non-enumerable member). */
const TAP = Symbol('genai-otel.jsonBodyTap');

function tapOf(target: unknown): JsonBodyTap | undefined {
  return typeof target === 'object' && target !== null ? (target as { [TAP]?: JsonBodyTap })[TAP] : undefined;
}

/**
 * The readers a tapped response is given. Called on anything but a tapped response (a method taken off it and
 * called on another object), each does what the `Response` method does there: it throws the same `TypeError`.
 */
const TAPPED_READERS: ReadonlyArray<readonly [string, (this: unknown) => unknown]> = [
  // Read where the caller reads: the tap is told from the caller's own read.
  ...(['json', 'text', 'arrayBuffer', 'bytes'] as const).map(
    (method) =>
      [
        method,
        function readThrough(this: unknown) {
          const tap = tapOf(this);
          return tap === undefined ? (Response.prototype[method] as (this: unknown) => unknown).call(this) : tap[method]();
        },
      ] as const,
  ),
  // Handed out another way: the tap reads a copy of its own first.
  ...(['blob', 'formData', 'clone'] as const).map(
    (method) =>
      [
        method,
        function readCopy(this: unknown) {
          const tap = tapOf(this);
          if (tap === undefined) return (Response.prototype[method] as (this: unknown) => unknown).call(this);
          tap.copy();
          return tap.read[method].call(tap.response);
        },
      ] as const,
  ),
];

function tappedBody(this: unknown): unknown {
  const tap = tapOf(this);
  if (tap === undefined) return undefined;
  tap.copy();
  return tap.bodyGetter.call(tap.response);
}

/** One response's tap: its hooks are told once, by whichever reader the caller uses first. */
class JsonBodyTap {
  private observed = false;
  private inheritedBody: ((this: unknown) => unknown) | undefined;
  /** The body readers the response had before the tap shadowed them (its class's, whichever fetch made it). */
  readonly read: ReturnType<typeof readersOf>;

  constructor(
    readonly response: Response,
    private readonly maxBytes: number,
    private readonly hooks: JsonBodyHooks,
  ) {
    this.read = readersOf(response);
  }

  /** The `body` getter of the response's class, found when first needed (once per response). */
  get bodyGetter(): (this: unknown) => unknown {
    this.inheritedBody ??= inheritedGetter(this.response, 'body');
    return this.inheritedBody;
  }

  json(): Promise<unknown> {
    return this.readText().then((body) => {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (error) {
        this.once(() => this.hooks.onText(body));
        throw error;
      }
      this.once(() => this.hooks.onJson(value));
      return value;
    }, this.failed);
  }

  text(): Promise<string> {
    return this.readText().then((body) => {
      this.once(() => this.hooks.onText(body.length > this.maxBytes ? undefined : body));
      return body;
    }, this.failed);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return (this.read.arrayBuffer.call(this.response) as Promise<ArrayBuffer>).then((buffer) => {
      this.bytesAsText(new Uint8Array(buffer));
      return buffer;
    }, this.failed);
  }

  bytes(): Promise<Uint8Array> {
    return (this.read.bytes.call(this.response) as Promise<Uint8Array>).then((bytes) => {
      this.bytesAsText(bytes);
      return bytes;
    }, this.failed);
  }

  /** Before the body is handed out some other way: a copy for the tap (once, while still unread). */
  copy(): void {
    if (this.observed || this.response.bodyUsed) return;
    this.observed = true;
    let clone: Response;
    try {
      clone = this.read.clone.call(this.response) as Response;
    } catch (error) {
      this.safely(() => this.hooks.onError(error));
      return;
    }
    readCapped(clone, this.maxBytes).then(
      (body) => this.safely(() => this.hooks.onText(body)),
      (error: unknown) => this.safely(() => this.hooks.onError(error)),
    );
  }

  private readText(): Promise<string> {
    return this.read.text.call(this.response) as Promise<string>;
  }

  private bytesAsText(bytes: Uint8Array): void {
    this.once(() => this.hooks.onText(bytes.byteLength > this.maxBytes ? undefined : decoder.decode(bytes)));
  }

  /** The caller's read failed: the tap is told (once), the caller gets the same error. */
  private readonly failed = (error: unknown): never => {
    this.once(() => this.hooks.onError(error));
    throw error;
  };

  /** Runs one hook, the first time only. */
  private once(hook: () => void): void {
    if (this.observed) return;
    this.observed = true;
    this.safely(hook);
  }

  /** Runs a hook; a failing hook never reaches the caller (nor becomes an unhandled rejection). */
  private safely(hook: () => void): void {
    try {
      hook();
    } catch (error) {
      diag.error('genai-otel: failed to read an LLM response', error);
    }
  }
}

/** The getter `key` has on `target`'s prototype chain. */
function inheritedGetter(target: object, key: PropertyKey): (this: unknown) => unknown {
  for (let proto = Object.getPrototypeOf(target); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (descriptor?.get) return descriptor.get;
  }
  return () => undefined;
}

/** Reads a body as text, or `undefined` (the rest cancelled unread) when it exceeds `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const textDecoder = new TextDecoder();
  let text = '';
  for (const chunk of chunks) text += textDecoder.decode(chunk, { stream: true });
  return text + textDecoder.decode();
}
