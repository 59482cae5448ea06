import type { NormalizedUsage } from '../types.js';
import { child, count, emptyUsage, usageObject } from './read-fields.js';
import { UsageError } from './usage-error.js';

/**
 * DeepSeek chat usage (OpenAI-compatible, api-docs.deepseek.com "Context Caching"): `prompt_tokens`
 * = `prompt_cache_hit_tokens` + `prompt_cache_miss_tokens`; hits are billed at the cache-hit price,
 * misses at the input price. Some responses also carry the OpenAI-style
 * `prompt_tokens_details.cached_tokens` (the same hits — read once, never added).
 * `completion_tokens` includes `completion_tokens_details.reasoning_tokens` (deepseek-reasoner:
 * "the output token count includes all tokens from CoT and the final answer, priced equally").
 */
export function normalizeDeepSeekUsage(raw: unknown): NormalizedUsage {
  const usage = usageObject(raw, 'deepseek');
  const path = 'usage';
  const prompt = count(usage, 'prompt_tokens', path);
  const hit = count(usage, 'prompt_cache_hit_tokens', path);
  const miss = count(usage, 'prompt_cache_miss_tokens', path);
  const completion = count(usage, 'completion_tokens', path);
  if (prompt === undefined && hit === undefined && miss === undefined && completion === undefined) {
    throw new UsageError('deepseek usage has no prompt_tokens, prompt_cache_*_tokens or completion_tokens');
  }
  const promptDetails = child(usage, 'prompt_tokens_details', path);
  const completionDetails = child(usage, 'completion_tokens_details', path);
  const cached = hit ?? count(promptDetails, 'cached_tokens', `${path}.prompt_tokens_details`) ?? 0;
  return {
    ...emptyUsage(),
    inputTokens: prompt ?? (hit ?? 0) + (miss ?? 0),
    outputTokens: completion ?? 0,
    cacheReadInputTokens: cached,
    reasoningOutputTokens: count(completionDetails, 'reasoning_tokens', `${path}.completion_tokens_details`) ?? 0,
  };
}
