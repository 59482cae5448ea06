import type { UsageFormat } from '../types.js';
import { isJsonObject, type JsonObject } from './read-fields.js';

const GEMINI_FIELDS = ['promptTokenCount', 'candidatesTokenCount', 'thoughtsTokenCount', 'cachedContentTokenCount', 'totalTokenCount'];
const ANTHROPIC_ONLY_FIELDS = ['cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation', 'server_tool_use'];
const ANTHROPIC_PROVIDERS = new Set(['anthropic', 'aws.bedrock']);

/**
 * Guesses the usage format from the fields present, then from the provider when the fields are
 * ambiguous. Only `{ input_tokens, output_tokens }` with nothing else is ambiguous between Anthropic
 * and the OpenAI Responses API — and both read it the same way (no cache fields, nothing to split).
 * Returns undefined for shapes it does not know.
 */
export function inferUsageFormat(provider: string, usage: unknown): UsageFormat | undefined {
  if (!isJsonObject(usage)) return undefined;
  if (isJsonObject(usage.usageMetadata) || has(usage, GEMINI_FIELDS)) return 'gemini';
  if (has(usage, ['prompt_cache_hit_tokens', 'prompt_cache_miss_tokens'])) return 'deepseek';
  if (has(usage, ['prompt_eval_count', 'eval_count'])) return 'ollama.chat';
  if (has(usage, ['prompt_tokens', 'completion_tokens'])) return provider === 'deepseek' ? 'deepseek' : 'openai.chat';
  if (has(usage, ['input_tokens', 'output_tokens'])) {
    if (has(usage, ANTHROPIC_ONLY_FIELDS) || isAnthropicDetails(usage)) return 'anthropic.messages';
    if (has(usage, ['input_tokens_details', 'output_tokens_details'])) return 'openai.responses';
    return ANTHROPIC_PROVIDERS.has(provider) ? 'anthropic.messages' : 'openai.responses';
  }
  // A whole response object passed by mistake: read its `usage`.
  if (isJsonObject(usage.usage)) return inferUsageFormat(provider, usage.usage);
  return undefined;
}

/** Anthropic's `output_tokens_details` has `thinking_tokens`; OpenAI's has `reasoning_tokens`. */
function isAnthropicDetails(usage: JsonObject): boolean {
  const details = usage.output_tokens_details;
  return isJsonObject(details) && details.thinking_tokens !== undefined;
}

function has(object: JsonObject, keys: readonly string[]): boolean {
  return keys.some((key) => object[key] !== undefined && object[key] !== null);
}
