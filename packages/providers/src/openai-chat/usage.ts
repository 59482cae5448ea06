import { count, isRecord } from '../json/json-values.js';
import type { TokenUsage } from '../types.js';

/**
 * Reads an OpenAI Chat Completions `usage` object (also what DeepSeek and most OpenAI-compatible
 * servers send). `prompt_tokens` already includes cached tokens and `completion_tokens` already
 * includes reasoning tokens, exactly as the conventions count them, so nothing is added up here.
 * DeepSeek reports its cache hits as `prompt_cache_hit_tokens` instead of `prompt_tokens_details`.
 */
export function readOpenAIChatUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const input = count(usage['prompt_tokens']);
  const output = count(usage['completion_tokens']);
  if (input === undefined && output === undefined) return undefined;
  const promptDetails = isRecord(usage['prompt_tokens_details']) ? usage['prompt_tokens_details'] : undefined;
  const completionDetails = isRecord(usage['completion_tokens_details']) ? usage['completion_tokens_details'] : undefined;
  const result: TokenUsage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  const cacheRead = count(promptDetails?.['cached_tokens']) ?? count(usage['prompt_cache_hit_tokens']);
  if (cacheRead !== undefined) result.cacheReadInputTokens = cacheRead;
  const reasoning = count(completionDetails?.['reasoning_tokens']);
  if (reasoning !== undefined) result.reasoningOutputTokens = reasoning;
  const inputAudio = count(promptDetails?.['audio_tokens']);
  if (inputAudio !== undefined) result.inputAudioTokens = inputAudio;
  const outputAudio = count(completionDetails?.['audio_tokens']);
  if (outputAudio !== undefined) result.outputAudioTokens = outputAudio;
  return result;
}
