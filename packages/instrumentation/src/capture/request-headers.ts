import type { FetchInput } from '../types.js';

type RequestHeaders = NonNullable<RequestInit['headers']>;

/**
 * One request header, read where the caller put it (a `Headers`, a pair list, a plain object, or the
 * `Request`), without copying the headers into a new `Headers` first.
 */
export function requestHeader(input: FetchInput, init: RequestInit | undefined, name: string): string | null {
  const headers = init?.headers;
  if (headers === undefined) return input instanceof Request ? input.headers.get(name) : null;
  if (headers instanceof Headers) return headers.get(name);
  if (Array.isArray(headers)) {
    const values = headers.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value);
    return values.length === 0 ? null : values.join(', ');
  }
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) return (headers as Record<string, string>)[key] ?? null;
  }
  return null;
}

/** `init.headers` for a rewritten body: the caller's own object unless it fixes a `content-length`. */
export function headersForRewrittenBody(headers: RequestHeaders): RequestHeaders {
  if (
    headers instanceof Headers
      ? !headers.has('content-length')
      : Array.isArray(headers)
        ? !headers.some(([key]) => key.toLowerCase() === 'content-length')
        : !Object.keys(headers).some((key) => key.toLowerCase() === 'content-length')
  ) {
    return headers;
  }
  const copy = new Headers(headers);
  copy.delete('content-length');
  return copy;
}
