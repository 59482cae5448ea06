import { count, isRecord } from '../json/json-values.js';
import type { TokenUsage } from '../types.js';

/**
 * `candidatesTokenCount` excludes thoughts; the conventions' output tokens include reasoning, so
 * output = candidates + thoughts. `promptTokenCount` already includes cached content (and tool-use
 * prompt tokens are input too).
 */
export function readGeminiUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const prompt = count(usage['promptTokenCount']);
  const candidates = count(usage['candidatesTokenCount']);
  const thoughts = count(usage['thoughtsTokenCount']);
  if (prompt === undefined && candidates === undefined && thoughts === undefined) return undefined;
  const result: TokenUsage = {
    inputTokens: (prompt ?? 0) + (count(usage['toolUsePromptTokenCount']) ?? 0),
    outputTokens: (candidates ?? 0) + (thoughts ?? 0),
  };
  const cached = count(usage['cachedContentTokenCount']);
  if (cached !== undefined) result.cacheReadInputTokens = cached;
  if (thoughts !== undefined) result.reasoningOutputTokens = thoughts;
  return result;
}
