import type { FetchInput } from '../types.js';

/**
 * Reads the text of a request body without consuming anything the caller still needs: at once for a
 * string or bytes, through a promise only for a `Request` (read from a clone).
 */
export function readRequestBody(input: FetchInput, init: RequestInit | undefined, maxBytes: number): string | undefined | Promise<string | undefined> {
  const body = init?.body;
  if (typeof body === 'string') return body.length <= maxBytes ? body : undefined;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) {
    if (body.byteLength > maxBytes) return undefined;
    return new TextDecoder().decode(body);
  }
  if (body !== undefined && body !== null) return undefined; // streams, FormData, Blob: not an LLM JSON body
  if (input instanceof Request && input.body !== null) {
    const length = Number(input.headers.get('content-length') ?? '0');
    if (length > maxBytes) return undefined;
    return input.clone().text();
  }
  return undefined;
}
