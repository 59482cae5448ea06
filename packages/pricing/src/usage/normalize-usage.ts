import type { NormalizedUsage, UsageFormat } from '../types.js';
import { normalizeAnthropicUsage } from './anthropic-messages.js';
import { normalizeDeepSeekUsage } from './deepseek.js';
import { normalizeGeminiUsage } from './gemini.js';
import { normalizeOpenAIChatUsage } from './openai-chat.js';
import { normalizeOpenAIResponsesUsage } from './openai-responses.js';
import { isJsonObject } from './read-fields.js';
import { UsageError } from './usage-error.js';

const NORMALIZERS: Readonly<Record<UsageFormat, (usage: unknown) => NormalizedUsage>> = {
  'openai.chat': normalizeOpenAIChatUsage,
  'openai.responses': normalizeOpenAIResponsesUsage,
  'anthropic.messages': normalizeAnthropicUsage,
  gemini: normalizeGeminiUsage,
  deepseek: normalizeDeepSeekUsage,
};

/**
 * Reads a provider's raw usage object into inclusive token counts (one module per format under
 * `src/usage/`). Throws `UsageError` when the object does not have the format's shape, has a
 * negative or non-numeric count, or the format is unknown. A whole response (`{ usage: … }`) is
 * accepted for the OpenAI, Anthropic and DeepSeek formats.
 */
export function normalizeUsage(format: UsageFormat, usage: unknown): NormalizedUsage {
  const normalizer = NORMALIZERS[format] as ((usage: unknown) => NormalizedUsage) | undefined;
  if (normalizer === undefined) throw new UsageError(`unknown usage format '${String(format)}'`);
  return normalizer(unwrapResponse(format, usage));
}

function unwrapResponse(format: UsageFormat, usage: unknown): unknown {
  if (format === 'gemini' || !isJsonObject(usage) || !isJsonObject(usage.usage)) return usage;
  const tokenKeys = ['prompt_tokens', 'completion_tokens', 'input_tokens', 'output_tokens'];
  return tokenKeys.some((key) => key in usage) ? usage : usage.usage;
}
