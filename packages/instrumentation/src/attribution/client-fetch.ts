import { context } from '@opentelemetry/api';
import type { FetchFunction, FetchInput } from '../types.js';
import { normalizeAttributes, withClientAttributes, type GenAIAttributes } from './attribution.js';

/** The mark of instrumented fetch functions (capture/instrument-fetch.ts): a wrapper is never instrumented again. */
const INSTRUMENTED = Symbol.for('genai-otel.instrumented-fetch');

/**
 * `fetch` (an instrumented one) with static attribution: each request runs in a context carrying `attributes`, so
 * the calls made through this client are attributed to them (below `withGenAIAttributes` scopes, above Baggage).
 * Without attributes, `fetch` itself.
 */
export function clientFetch(fetch: FetchFunction, attributes: GenAIAttributes | undefined): FetchFunction {
  const normalized = normalizeAttributes(attributes);
  if (Object.keys(normalized).length === 0) return fetch;
  const attributed = function fetchWithAttribution(input: FetchInput, init?: RequestInit): Promise<Response> {
    return context.with(withClientAttributes(context.active(), normalized), () => fetch(input, init));
  };
  Object.defineProperty(attributed, INSTRUMENTED, { value: true });
  return attributed as FetchFunction;
}
