/** Providers' prompt-caching rules: when a prompt can be cached at all, and how much of it. */

/**
 * Fewest input tokens a provider caches a prompt from; undefined: no rule known here (such calls are never counted as
 * misses). Where sources disagree the larger value is taken, so that a miss is never claimed below the real floor.
 *
 * - OpenAI and Azure OpenAI: 1,024 (OpenAI prompt-caching guide; automatic, then in 128-token steps).
 * - Anthropic, per model (Anthropic prompt-caching docs, "Cache limitations", as quoted in
 *   anthropics/anthropic-sdk-python#1194, checked 2026-12-07): Opus 4.5 / 4.6 and Haiku 4.5 4,096; Sonnet 4.5, Opus 4.1,
 *   Opus 4, Sonnet 4, Sonnet 3.7 and older Sonnet / Opus 1,024; Haiku 3.5 / 3 2,048. Sonnet 4.6: 2,048 (the docs say
 *   1,024, #1194 reports caching only from 2,048); Opus 4.7 and models not listed: 4,096.
 * - Gemini API and Vertex AI implicit caching (ai.google.dev/gemini-api/docs/caching, updated 2026-10-23):
 *   Gemini 2.5 Flash / Pro 2,048; 3.x and later 4,096.
 */
export function promptCacheMinimumTokens(provider: string, model: string): number | undefined {
  switch (provider) {
    case 'openai':
    case 'azure.ai.openai':
      return 1024;
    case 'anthropic':
      return firstMatch(ANTHROPIC_MINIMUMS, model) ?? 4096;
    case 'gcp.gemini':
    case 'gcp.vertex_ai':
      return /gemini-2\.5-/.test(model) ? 2048 : 4096;
    default:
      return undefined;
  }
}

const ANTHROPIC_MINIMUMS: ReadonlyArray<[RegExp, number]> = [
  [/claude-(opus-4-[5-9]|haiku-4-5)/, 4096],
  [/claude-sonnet-4-6/, 2048],
  [/claude-(sonnet-4-5|opus-4-1)/, 1024],
  // claude-opus-4 / claude-sonnet-4 (dated, @dated on Vertex, or bare), but not a later 4-x
  [/claude-(opus|sonnet)-4(?:$|[-@]\d{8}|-0\b|-v\d)/, 1024],
  [/claude-3-(7-sonnet|5-sonnet|opus|sonnet)/, 1024],
  [/claude-3-(5-)?haiku/, 2048],
];

function firstMatch(table: ReadonlyArray<[RegExp, number]>, model: string): number | undefined {
  const name = model.toLowerCase();
  return table.find(([pattern]) => pattern.test(name))?.[1];
}

/**
 * Of `inputTokens` uncached text tokens, how many the provider's cache could have served: OpenAI caches the longest
 * previously seen prefix of at least 1,024 tokens in 128-token steps (1,024, 1,152, …); Anthropic and Gemini cache up
 * to the breakpoint / the whole prompt.
 */
export function cacheableTokens(provider: string, inputTokens: number, minimum: number): number {
  if (inputTokens < minimum) return 0;
  if (provider === 'openai' || provider === 'azure.ai.openai') return minimum + Math.floor((inputTokens - minimum) / 128) * 128;
  return inputTokens;
}
