import { count, isRecord } from '../json/json-values.js';
import type { TokenUsage } from '../types.js';

/** `input_tokens` includes cached tokens and `output_tokens` includes reasoning, as the conventions count. */
export function readResponsesUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const input = count(usage['input_tokens']);
  const output = count(usage['output_tokens']);
  if (input === undefined && output === undefined) return undefined;
  const result: TokenUsage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  const inputDetails = usage['input_tokens_details'];
  const outputDetails = usage['output_tokens_details'];
  const cached = isRecord(inputDetails) ? count(inputDetails['cached_tokens']) : undefined;
  if (cached !== undefined) result.cacheReadInputTokens = cached;
  const reasoning = isRecord(outputDetails) ? count(outputDetails['reasoning_tokens']) : undefined;
  if (reasoning !== undefined) result.reasoningOutputTokens = reasoning;
  return result;
}
