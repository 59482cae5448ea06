import type { TokenUsage } from '../types.js';
import { child, count, reported, usageObject } from '../usage/read-fields.js';
import { UsageError } from '../usage/usage-error.js';

/**
 * OpenAI Chat Completions `CompletionUsage` (openai/openai-node `src/resources/completions.ts`,
 * billing-rules.md §2.1), also what DeepSeek and most OpenAI-compatible servers send. Already inclusive:
 * - `prompt_tokens` includes `prompt_tokens_details.cached_tokens` and `cache_write_tokens`
 *   (BerriAI/litellm#6215: bill prompt − cached at the input price, cached at the cached price);
 * - `completion_tokens` includes `completion_tokens_details.reasoning_tokens` (OpenAI pricing page:
 *   reasoning tokens are billed as output tokens) — reasoning is never added on top.
 *
 * DeepSeek (api-docs.deepseek.com "Context Caching") reports its cache as `prompt_cache_hit_tokens` +
 * `prompt_cache_miss_tokens` = `prompt_tokens`; hits are the cache reads (some responses also carry
 * the OpenAI-style `prompt_tokens_details.cached_tokens`: the same hits, read once, never added).
 * `completion_tokens` includes `completion_tokens_details.reasoning_tokens` (deepseek-reasoner).
 */
export function readOpenAIChatUsage(raw: unknown): TokenUsage {
  const usage = usageObject(raw, 'openai.chat');
  const path = 'usage';
  const prompt = count(usage, 'prompt_tokens', path);
  const completion = count(usage, 'completion_tokens', path);
  const hit = count(usage, 'prompt_cache_hit_tokens', path);
  const miss = count(usage, 'prompt_cache_miss_tokens', path);
  if (prompt === undefined && completion === undefined && hit === undefined && miss === undefined) {
    throw new UsageError('openai.chat usage has neither prompt_tokens nor completion_tokens');
  }
  const promptDetails = child(usage, 'prompt_tokens_details', path);
  const completionDetails = child(usage, 'completion_tokens_details', path);
  const pd = `${path}.prompt_tokens_details`;
  const cd = `${path}.completion_tokens_details`;
  const deepSeekInput = hit === undefined && miss === undefined ? undefined : (hit ?? 0) + (miss ?? 0);
  return reported({
    inputTokens: prompt ?? deepSeekInput ?? 0,
    outputTokens: completion ?? 0,
    cacheReadInputTokens: hit ?? count(promptDetails, 'cached_tokens', pd),
    cacheWriteInputTokens: count(promptDetails, 'cache_write_tokens', pd),
    inputAudioTokens: count(promptDetails, 'audio_tokens', pd),
    inputImageTokens: count(promptDetails, 'image_tokens', pd),
    reasoningOutputTokens: count(completionDetails, 'reasoning_tokens', cd),
    outputAudioTokens: count(completionDetails, 'audio_tokens', cd),
  });
}
