import type { FetchInput } from './types.js';
import type { ProviderApi } from '@genai-otel/providers';
import type { ResolvedFallbackPolicy } from './policy.js';

/** Where one call is redirected to. */
export interface FallbackTarget {
  /** The rewritten request URL. */
  href: string;
  serverAddress: string;
  serverPort: number;
  headers: Readonly<Record<string, string>>;
  /** Why: a guard reason or the primary attempt's `error.type`. */
  reason: string;
}

/**
 * The fallback URL of a request: `primaryBaseURL` (default: the request's origin) replaced with the
 * fallback's `baseURL`. Undefined — no fallback — when the request does not start with the primary base
 * URL, when the secondary does not speak the request's wire format, or when the rewritten URL would no
 * longer be recognised as the same API (the guard rewrites URLs, it never translates bodies).
 */
export function fallbackTarget(
  policy: ResolvedFallbackPolicy,
  api: Pick<ProviderApi, 'name' | 'matches'>,
  method: string,
  url: URL,
  reason: string,
): FallbackTarget | undefined {
  if (policy.wireFormats !== undefined && !policy.wireFormats.has(api.name)) return undefined;
  const href = url.href;
  const prefix = policy.primaryBaseURL ?? url.origin;
  if (!href.startsWith(prefix)) return undefined;
  const rest = href.slice(prefix.length);
  if (rest !== '' && !rest.startsWith('/') && !rest.startsWith('?') && !rest.startsWith('#')) return undefined;
  const target = `${policy.baseURL}${rest}`;
  if (!URL.canParse(target)) return undefined;
  const parsed = new URL(target);
  if (!api.matches(method, parsed.pathname)) return undefined;
  const serverPort = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return { href: parsed.href, serverAddress: parsed.hostname, serverPort, headers: policy.headers, reason };
}

/**
 * The caller's request re-addressed to the fallback: same method, headers (with the fallback's headers
 * set over them) and body (`body`: what is sent to the primary), signal and other fetch options.
 */
export function fallbackArguments(input: FetchInput, init: RequestInit | undefined, body: string, target: FallbackTarget): [string, RequestInit] {
  const request = input instanceof Request ? input : undefined;
  const headers = new Headers(init?.headers ?? request?.headers);
  headers.delete('content-length');
  for (const [name, value] of Object.entries(target.headers)) headers.set(name, value);
  const fromRequest: RequestInit = request
    ? {
        method: request.method,
        signal: request.signal,
        redirect: request.redirect,
        keepalive: request.keepalive,
      }
    : {};
  const sent: RequestInit = { ...fromRequest, ...init, headers, body };
  delete (sent as { duplex?: unknown }).duplex;
  return [target.href, sent];
}
