import type { TokenUsage } from '../types.js';
import { child, count, reported, usageObject } from '../usage/read-fields.js';
import { UsageError } from '../usage/usage-error.js';

/**
 * OpenAI Responses API `ResponseUsage` (openai/openai-node `src/resources/responses/responses.ts`,
 * billing-rules.md §2.2). Same subset rules as Chat Completions: `input_tokens` includes
 * `input_tokens_details.{cached_tokens, cache_write_tokens}`, `output_tokens` includes
 * `output_tokens_details.reasoning_tokens`.
 */
export function readResponsesUsage(raw: unknown): TokenUsage {
  const usage = usageObject(raw, 'openai.responses');
  const path = 'usage';
  const input = count(usage, 'input_tokens', path);
  const output = count(usage, 'output_tokens', path);
  if (input === undefined && output === undefined) {
    throw new UsageError('openai.responses usage has neither input_tokens nor output_tokens');
  }
  const inputDetails = child(usage, 'input_tokens_details', path);
  const outputDetails = child(usage, 'output_tokens_details', path);
  return reported({
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    cacheReadInputTokens: count(inputDetails, 'cached_tokens', `${path}.input_tokens_details`),
    cacheWriteInputTokens: count(inputDetails, 'cache_write_tokens', `${path}.input_tokens_details`),
    reasoningOutputTokens: count(outputDetails, 'reasoning_tokens', `${path}.output_tokens_details`),
  });
}
