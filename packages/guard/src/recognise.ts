import { detectProvider, PROVIDER_APIS, type ProviderApi } from '@genai-otel/providers';
import type { FetchInput } from './types.js';

/** One LLM call as the guard sees it before deciding. */
export interface RecognisedCall {
  api: ProviderApi;
  method: string;
  url: URL;
  provider: string;
  model: string | undefined;
  /** The request body when it is a string (as the SDKs send it); the key of a 429 cool-down's owner. */
  body: string | undefined;
  /** The SDK's retry count (`x-stainless-retry-count`): a retry that waited `retry-after` itself. */
  retryCount: number;
  signal: AbortSignal | undefined;
}

export interface RecogniseOptions {
  providerHosts: Readonly<Record<string, string>>;
  defaultProviderName: string;
}

/**
 * The call `fetch(input, init)` makes, when it is an LLM API request; undefined otherwise (its body is then
 * never read). The model comes from a string body's top-level `model` (or the Gemini path); a body in
 * another form (a stream, a `Request` with a body) leaves it undefined: the provider's policy applies.
 */
export function recognise(input: FetchInput, init: RequestInit | undefined, options: RecogniseOptions): RecognisedCall | undefined {
  const request = input instanceof Request ? input : undefined;
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const url = URL.parse(href);
  if (url === null) return undefined;
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const api = PROVIDER_APIS.find((candidate) => candidate.matches(method, url.pathname));
  if (api === undefined) return undefined;
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const provider = detectProvider(url.hostname, port, options.providerHosts, api.defaultProvider(url) ?? options.defaultProviderName);
  const rawBody = init?.body;
  const body = typeof rawBody === 'string' ? rawBody : undefined;
  const model = api.modelFromPath?.(url.pathname) ?? modelOf(body);
  const retryCount = Number(headerOf(init, request, 'x-stainless-retry-count') ?? 0);
  return {
    api,
    method,
    url,
    provider,
    model,
    body,
    retryCount: Number.isFinite(retryCount) && retryCount > 0 ? retryCount : 0,
    signal: init?.signal ?? request?.signal ?? undefined,
  };
}

function modelOf(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  try {
    const json: unknown = JSON.parse(body);
    if (typeof json === 'object' && json !== null && 'model' in json && typeof json.model === 'string') return json.model;
  } catch {
    // not JSON: no model
  }
  return undefined;
}

function headerOf(init: RequestInit | undefined, request: Request | undefined, name: string): string | null {
  if (init?.headers !== undefined) return new Headers(init.headers).get(name);
  return request?.headers.get(name) ?? null;
}
