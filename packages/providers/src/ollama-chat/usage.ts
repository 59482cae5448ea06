import type { TokenUsage } from '../types.js';
import { count, usageObject } from '../usage/read-fields.js';
import { UsageError } from '../usage/usage-error.js';

/**
 * The members of Ollama's final chat object that are its usage (ollama/ollama api/types.go
 * `Metrics`, embedded in `ChatResponse`): two counts and four durations in nanoseconds. Ollama has no
 * usage object; {@link ollamaChatUsageOf} gathers these members into one, the raw usage kept beside
 * the normalized one.
 */
export const OLLAMA_METRICS = ['total_duration', 'load_duration', 'prompt_eval_count', 'prompt_eval_duration', 'eval_count', 'eval_duration'] as const;

/** The metrics members of a final object (those present), or undefined when it carries none. */
export function ollamaChatUsageOf(json: Record<string, unknown>): Record<string, number> | undefined {
  const usage: Record<string, number> = {};
  for (const key of OLLAMA_METRICS) {
    const value = json[key];
    if (typeof value === 'number') usage[key] = value;
  }
  return Object.keys(usage).length === 0 ? undefined : usage;
}

/**
 * Reads Ollama's metrics as token usage: `prompt_eval_count` is input, `eval_count` all generated
 * tokens, thinking included (docs/api/usage.mdx). Both are `omitempty` on the wire, so a missing count
 * is 0 when the other is there. Ollama reports no cache reads (a cached prefix is simply not counted
 * in `prompt_eval_count`) and no separate thinking count. Throws `UsageError` when neither is there.
 */
export function readOllamaChatUsage(raw: unknown): TokenUsage {
  const usage = usageObject(raw, 'ollama.chat');
  const input = count(usage, 'prompt_eval_count', 'metrics');
  const output = count(usage, 'eval_count', 'metrics');
  if (input === undefined && output === undefined) throw new UsageError('ollama.chat usage has neither prompt_eval_count nor eval_count');
  return { inputTokens: input ?? 0, outputTokens: output ?? 0 };
}
