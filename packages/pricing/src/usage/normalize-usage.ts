import { readUsage } from '@genai-otel/providers';
import type { NormalizedUsage, UsageFormat } from '../types.js';

/**
 * Reads a provider's raw usage object with the providers' one reader of its format
 * (`@genai-otel/providers`, `<api>/usage.ts`) and fills every subset the provider did not report
 * with 0, as pricing counts. Throws `UsageError` when the object cannot be read as that format.
 */
export function normalizeUsage(format: UsageFormat, usage: unknown): NormalizedUsage {
  return { ...emptyUsage(), ...readUsage(format, usage) };
}

/** All counts zero. */
export function emptyUsage(): NormalizedUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    cacheWrite5mInputTokens: 0,
    cacheWrite1hInputTokens: 0,
    reasoningOutputTokens: 0,
    inputAudioTokens: 0,
    inputImageTokens: 0,
    inputVideoTokens: 0,
    cacheReadAudioTokens: 0,
    cacheReadImageTokens: 0,
    cacheReadVideoTokens: 0,
    outputAudioTokens: 0,
    outputImageTokens: 0,
    webSearchCalls: 0,
  };
}
