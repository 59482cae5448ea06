import { readAnthropicUsage } from '../anthropic-messages/usage.js';
import { readGeminiUsage } from '../gemini/usage.js';
import { readOllamaChatUsage } from '../ollama-chat/usage.js';
import { readOpenAIChatUsage } from '../openai-chat/usage.js';
import { readResponsesUsage } from '../openai-responses/usage.js';
import type { TokenUsage, UsageFormat } from '../types.js';
import { isJsonObject } from './read-fields.js';
import { UsageError } from './usage-error.js';

/** The one reader of each usage format: telemetry and pricing both read usage through it. */
const READERS: Readonly<Record<UsageFormat, (usage: unknown) => TokenUsage>> = {
  'openai.chat': readOpenAIChatUsage,
  'openai.responses': readResponsesUsage,
  'anthropic.messages': readAnthropicUsage,
  gemini: readGeminiUsage,
  // DeepSeek speaks OpenAI chat; its cache fields are read by the same reader.
  deepseek: readOpenAIChatUsage,
  'ollama.chat': readOllamaChatUsage,
};

/**
 * Reads a provider's raw usage object into inclusive token counts ({@link TokenUsage}). Throws
 * `UsageError` when the object does not have the format's shape, has a negative or non-numeric count,
 * or the format is unknown. A whole response (`{ usage: … }`) is accepted for the OpenAI, Anthropic
 * and DeepSeek formats.
 */
export function readUsage(format: UsageFormat, usage: unknown): TokenUsage {
  const reader = READERS[format] as ((usage: unknown) => TokenUsage) | undefined;
  if (reader === undefined) throw new UsageError(`unknown usage format '${String(format)}'`);
  return reader(unwrapResponse(format, usage));
}

/** {@link readUsage} for telemetry: `undefined` when there is no usage object or it cannot be read. */
export function readUsageIfValid(read: (usage: unknown) => TokenUsage, usage: unknown): TokenUsage | undefined {
  if (!isJsonObject(usage)) return undefined;
  try {
    return read(usage);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}

function unwrapResponse(format: UsageFormat, usage: unknown): unknown {
  if (format === 'gemini' || !isJsonObject(usage) || !isJsonObject(usage.usage)) return usage;
  const tokenKeys = ['prompt_tokens', 'completion_tokens', 'input_tokens', 'output_tokens'];
  return tokenKeys.some((key) => key in usage) ? usage : usage.usage;
}
