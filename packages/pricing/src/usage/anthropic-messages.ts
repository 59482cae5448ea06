import type { NormalizedUsage } from '../types.js';
import { child, count, emptyUsage, text, usageObject } from './read-fields.js';
import { UsageError } from './usage-error.js';

/**
 * Anthropic Messages `Usage` (anthropics/anthropic-sdk-typescript `src/resources/messages/messages.ts`,
 * billing-rules.md §3.1). Exclusive counting on the input side:
 * - `input_tokens` is the **uncached** input only; total input =
 *   `input_tokens + cache_creation_input_tokens + cache_read_input_tokens` (SDK doc);
 * - `cache_creation.{ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}` splits the writes by TTL
 *   (1h writes cost 2× base input, 5m writes 1.25×). Writes reported without the split keep the
 *   class `cache_write` and are priced with the model's `cache_write_mtok` (the 5-minute price);
 * - `output_tokens` is inclusive and authoritative for billing; `output_tokens_details.thinking_tokens`
 *   is a subset, never added again (theopenco/llmgateway PR #3435 / #3486).
 * For streams, pass the merged usage (last `message_delta.usage` per field, `message_start` for the
 * rest — never the sum, §3.3).
 */
export function normalizeAnthropicUsage(raw: unknown): NormalizedUsage {
  const usage = usageObject(raw, 'anthropic.messages');
  const path = 'usage';
  const uncached = count(usage, 'input_tokens', path);
  const output = count(usage, 'output_tokens', path);
  if (uncached === undefined && output === undefined) {
    throw new UsageError('anthropic.messages usage has neither input_tokens nor output_tokens');
  }
  const cacheRead = count(usage, 'cache_read_input_tokens', path) ?? 0;
  const creation = child(usage, 'cache_creation', path);
  const write5m = count(creation, 'ephemeral_5m_input_tokens', `${path}.cache_creation`) ?? 0;
  const write1h = count(creation, 'ephemeral_1h_input_tokens', `${path}.cache_creation`) ?? 0;
  const writes = count(usage, 'cache_creation_input_tokens', path) ?? write5m + write1h;
  const outputDetails = child(usage, 'output_tokens_details', path);
  const serverTools = child(usage, 'server_tool_use', path);
  const serviceTier = text(usage, 'service_tier');
  return {
    ...emptyUsage(),
    inputTokens: (uncached ?? 0) + writes + cacheRead,
    outputTokens: output ?? 0,
    cacheReadInputTokens: cacheRead,
    cacheWriteInputTokens: writes,
    cacheWrite5mInputTokens: write5m,
    cacheWrite1hInputTokens: write1h,
    reasoningOutputTokens: count(outputDetails, 'thinking_tokens', `${path}.output_tokens_details`) ?? 0,
    webSearchCalls: count(serverTools, 'web_search_requests', `${path}.server_tool_use`) ?? 0,
    ...(serviceTier === undefined ? {} : { serviceTier }),
  };
}
