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
  let observed = false;
  const read = readersOf(response);
  /** Runs a hook; a failing hook never reaches the caller (nor becomes an unhandled rejection). */
  const safely = (hook: () => void): void => {
    try {
      hook();
    } catch (error) {
      diag.error('genai-otel: failed to read an LLM response', error);
    }
  };
  /** Runs one hook, the first time only. */
  const once = (hook: () => void): void => {
    if (observed) return;
    observed = true;
    safely(hook);
  };
  const failed = (error: unknown): never => {
    once(() => hooks.onError(error));
    throw error;
  };
  /** Before the body is handed out some other way: a copy for the tap (once, while still unread). */
  const copy = (): void => {
    if (observed || response.bodyUsed) return;
    observed = true;
    let clone: Response;
    try {
      clone = read.clone.call(response) as Response;
    } catch (error) {
      safely(() => hooks.onError(error));
      return;
    }
    readCapped(clone, maxBytes).then(
      (body) => safely(() => hooks.onText(body)),
      (error: unknown) => safely(() => hooks.onError(error)),
    );
  };
  if (!Object.isExtensible(response)) {
    // A frozen response cannot be given readers: the tap reads its own copy now.
    copy();
    return response;
  }
  const own = (key: PropertyKey, value: unknown) => defineOwn(response, key, value);
  const text = (): Promise<string> => read.text.call(response) as Promise<string>;

  own('json', () =>
    text().then((body) => {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch (error) {
        once(() => hooks.onText(body));
        throw error;
      }
      once(() => hooks.onJson(value));
      return value;
    }, failed),
  );
  own('text', () =>
    text().then((body) => {
      once(() => hooks.onText(body.length > maxBytes ? undefined : body));
      return body;
    }, failed),
  );
  const bytesAsText = (bytes: Uint8Array) => once(() => hooks.onText(bytes.byteLength > maxBytes ? undefined : decoder.decode(bytes)));
  own('arrayBuffer', () =>
    (read.arrayBuffer.call(response) as Promise<ArrayBuffer>).then((buffer) => {
      bytesAsText(new Uint8Array(buffer));
      return buffer;
    }, failed),
  );
  own('bytes', () =>
    (read.bytes.call(response) as Promise<Uint8Array>).then((bytes) => {
      bytesAsText(bytes);
      return bytes;
    }, failed),
  );

  const bodyGetter = inheritedGetter(response, 'body');
  Object.defineProperty(response, 'body', {
    configurable: true,
    get() {
      copy();
      return bodyGetter.call(response);
    },
  });
  for (const method of ['blob', 'formData', 'clone'] as const) {
    const original = read[method];
    own(method, () => {
      copy();
      return original.call(response);
    });
  }
  return response;
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
