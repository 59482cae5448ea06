import type { NormalizedUsage } from '../types.js';
import { child, count, emptyUsage, usageObject } from './read-fields.js';
import { UsageError } from './usage-error.js';

/**
 * OpenAI Chat Completions `CompletionUsage` (openai/openai-node `src/resources/completions.ts`,
 * billing-rules.md §2.1). Already inclusive:
 * - `prompt_tokens` includes `prompt_tokens_details.cached_tokens` and `cache_write_tokens`
 *   (BerriAI/litellm#6215: bill prompt − cached at the input price, cached at the cached price);
 * - `completion_tokens` includes `completion_tokens_details.reasoning_tokens` (OpenAI pricing page:
 *   reasoning tokens are billed as output tokens) — reasoning is never added on top.
 */
export function normalizeOpenAIChatUsage(raw: unknown): NormalizedUsage {
  const usage = usageObject(raw, 'openai.chat');
  const path = 'usage';
  const prompt = count(usage, 'prompt_tokens', path);
  const completion = count(usage, 'completion_tokens', path);
  if (prompt === undefined && completion === undefined) {
    throw new UsageError('openai.chat usage has neither prompt_tokens nor completion_tokens');
  }
  const promptDetails = child(usage, 'prompt_tokens_details', path);
  const completionDetails = child(usage, 'completion_tokens_details', path);
  const pd = `${path}.prompt_tokens_details`;
  const cd = `${path}.completion_tokens_details`;
  return {
    ...emptyUsage(),
    inputTokens: prompt ?? 0,
    outputTokens: completion ?? 0,
    cacheReadInputTokens: count(promptDetails, 'cached_tokens', pd) ?? 0,
    cacheWriteInputTokens: count(promptDetails, 'cache_write_tokens', pd) ?? 0,
    inputAudioTokens: count(promptDetails, 'audio_tokens', pd) ?? 0,
    inputImageTokens: count(promptDetails, 'image_tokens', pd) ?? 0,
    reasoningOutputTokens: count(completionDetails, 'reasoning_tokens', cd) ?? 0,
    outputAudioTokens: count(completionDetails, 'audio_tokens', cd) ?? 0,
  };
}
