import type { TokenUsage } from '../types.js';
import { child, count, reported, text, usageObject } from '../usage/read-fields.js';
import { UsageError } from '../usage/usage-error.js';

/**
 * Anthropic Messages `Usage` (anthropics/anthropic-sdk-typescript `src/resources/messages/messages.ts`,
 * billing-rules.md §3.1). Exclusive counting on the input side:
 * - `input_tokens` is the **uncached** input only; total input =
 *   `input_tokens + cache_creation_input_tokens + cache_read_input_tokens` (SDK doc; conventions v1.41
 *   anthropic.md count input the same way);
 * - `cache_creation.{ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}` splits the writes by TTL;
 *   when `cache_creation_input_tokens` is missing, the writes are the split's sum;
 * - `output_tokens` is inclusive and authoritative for billing; `output_tokens_details.thinking_tokens`
 *   is a subset, never added again (theopenco/llmgateway PR #3435 / #3486).
 * For streams, pass the merged usage (last `message_delta.usage` per field, `message_start` for the
 * rest — never the sum, §3.3).
 */
export function readAnthropicUsage(raw: unknown): TokenUsage {
  const usage = usageObject(raw, 'anthropic.messages');
  const path = 'usage';
  const uncached = count(usage, 'input_tokens', path);
  const output = count(usage, 'output_tokens', path);
  if (uncached === undefined && output === undefined) {
    throw new UsageError('anthropic.messages usage has neither input_tokens nor output_tokens');
  }
  const cacheRead = count(usage, 'cache_read_input_tokens', path);
  const creation = child(usage, 'cache_creation', path);
  const write5m = count(creation, 'ephemeral_5m_input_tokens', `${path}.cache_creation`);
  const write1h = count(creation, 'ephemeral_1h_input_tokens', `${path}.cache_creation`);
  const split = write5m === undefined && write1h === undefined ? undefined : (write5m ?? 0) + (write1h ?? 0);
  const writes = count(usage, 'cache_creation_input_tokens', path) ?? split;
  const outputDetails = child(usage, 'output_tokens_details', path);
  const serverTools = child(usage, 'server_tool_use', path);
  return reported({
    inputTokens: (uncached ?? 0) + (writes ?? 0) + (cacheRead ?? 0),
    outputTokens: output ?? 0,
    cacheReadInputTokens: cacheRead,
    cacheWriteInputTokens: writes,
    cacheWrite5mInputTokens: write5m,
    cacheWrite1hInputTokens: write1h,
    reasoningOutputTokens: count(outputDetails, 'thinking_tokens', `${path}.output_tokens_details`),
    webSearchCalls: count(serverTools, 'web_search_requests', `${path}.server_tool_use`),
    serviceTier: text(usage, 'service_tier'),
  });
}
