/**
 * OpenAI model aliases and the dated snapshot the real API reports in a response's `model`.
 * Models not listed (dated snapshots, DeepSeek, anything unknown) are echoed unchanged.
 */
export const OPENAI_MODEL_SNAPSHOTS: Readonly<Record<string, string>> = {
  'gpt-3.5-turbo': 'gpt-3.5-turbo-0125',
  'gpt-4-turbo': 'gpt-4-turbo-2024-04-09',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
  o1: 'o1-2024-12-17',
  'o3-mini': 'o3-mini-2025-01-31',
  o3: 'o3-2025-04-16',
  'o4-mini': 'o4-mini-2025-04-16',
};

/** The model name a response reports for a requested model. */
export function resolveModel(requested: string): string {
  return Object.hasOwn(OPENAI_MODEL_SNAPSHOTS, requested) ? (OPENAI_MODEL_SNAPSHOTS[requested] ?? requested) : requested;
}

/** Reasoning models: `o` followed by a digit (o1, o3-mini, o4-mini…), `gpt-5*`, `deepseek-reasoner`. */
export function isReasoningModel(model: string): boolean {
  return /^o\d/.test(model) || model.startsWith('gpt-5') || model === 'deepseek-reasoner';
}

/** DeepSeek models add `prompt_cache_hit_tokens` / `prompt_cache_miss_tokens` to `usage`. */
export function isDeepSeekModel(model: string): boolean {
  return model.startsWith('deepseek');
}
