/** The ways a `Response` body can be read, and helpers for the taps that read it in place. */

/** The methods that read a whole body. */
export const BODY_READERS = ['text', 'json', 'arrayBuffer', 'bytes', 'blob', 'formData'] as const;

type BodyMethod = (typeof BODY_READERS)[number] | 'clone';

/** The body readers `response` has before a tap shadows them (its class's, whichever fetch made it). */
export function readersOf(response: Response): Record<BodyMethod, (this: Response) => Promise<unknown> | Response> {
  const read = {} as Record<BodyMethod, (this: Response) => Promise<unknown> | Response>;
  for (const method of [...BODY_READERS, 'clone'] as const) read[method] = response[method] as (this: Response) => Promise<unknown> | Response;
  return read;
}

/** Gives `target` its own `key` (shadowing what its class has), as the taps give a response and its stream their readers. */
export function defineOwn(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, configurable: true, writable: true });
}

/** A response like `response` (status, headers, url) whose body is `body`. */
export function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  const out = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  for (const key of ['url', 'redirected', 'type'] as const) {
    Object.defineProperty(out, key, { value: response[key], enumerable: true });
  }
  return out;
}
