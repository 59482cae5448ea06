import { count, isRecord } from '../json/json-values.js';
import type { TokenUsage } from '../types.js';

/**
 * Anthropic's `input_tokens` excludes cache reads and cache writes; the conventions' input tokens
 * include them (v1.41 anthropic.md): input = input_tokens + cache_read + cache_creation.
 */
export function readAnthropicUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const uncached = count(usage['input_tokens']);
  const output = count(usage['output_tokens']);
  if (uncached === undefined && output === undefined) return undefined;
  const cacheRead = count(usage['cache_read_input_tokens']);
  const cacheWrite = count(usage['cache_creation_input_tokens']);
  const result: TokenUsage = {
    inputTokens: (uncached ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: output ?? 0,
  };
  if (cacheRead !== undefined) result.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) result.cacheWriteInputTokens = cacheWrite;
  const details = usage['output_tokens_details'];
  const thinking = isRecord(details) ? count(details['thinking_tokens']) : undefined;
  if (thinking !== undefined) result.reasoningOutputTokens = thinking;
  return result;
}
