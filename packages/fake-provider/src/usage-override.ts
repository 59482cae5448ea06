/** Request header that overrides token counts, e.g. `prompt=1200,completion=40,cached=1024,reasoning=16`. */
export const USAGE_OVERRIDE_HEADER = 'x-fake-usage';

/** The `x-fake-usage` keys of each wire API. */
export const USAGE_OVERRIDE_KEYS = {
  /** OpenAI Chat Completions and Responses. */
  openai: ['prompt', 'completion', 'cached', 'reasoning'],
  'openai.embeddings': ['prompt'],
  'anthropic.messages': ['input', 'output', 'cache_read', 'cache_write_5m', 'cache_write_1h'],
  gemini: ['prompt', 'candidates', 'thoughts', 'cached'],
  /** `prompt_eval_count`, `eval_count`. */
  'ollama.chat': ['prompt_eval', 'eval'],
} as const;

/** Token counts forced by `x-fake-usage`, keyed by the API's keys; absent fields are computed as usual. */
export type UsageOverrideOf<K extends string> = Partial<Record<K, number>>;

/** The OpenAI (chat, Responses) override: `prompt`, `completion`, `cached`, `reasoning`. */
export type UsageOverride = UsageOverrideOf<(typeof USAGE_OVERRIDE_KEYS.openai)[number]>;

/** Result of parsing `x-fake-usage`: the override, or a message for a 400 response. */
export type UsageOverrideParseResult<K extends string = (typeof USAGE_OVERRIDE_KEYS.openai)[number]> =
  | { ok: true; override: UsageOverrideOf<K> }
  | { ok: false; message: string };

/**
 * Parses `key=value` pairs separated by commas: any subset of `keys`, values non-negative
 * integers. Consistency (e.g. cached ≤ prompt) is checked later, against the final counts.
 */
export function parseUsageOverrideFor<K extends string>(header: string, keys: readonly K[]): UsageOverrideParseResult<K> {
  const override: UsageOverrideOf<K> = {};
  for (const rawPair of header.split(',')) {
    const pair = rawPair.trim();
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const key = separator === -1 ? pair : pair.slice(0, separator).trim();
    const value = separator === -1 ? '' : pair.slice(separator + 1).trim();
    if (!(keys as readonly string[]).includes(key)) {
      return { ok: false, message: `Unknown ${USAGE_OVERRIDE_HEADER} key '${key}' (accepted: ${keys.join(', ')}).` };
    }
    if (!/^\d+$/.test(value)) {
      return { ok: false, message: `${USAGE_OVERRIDE_HEADER} '${key}' must be a non-negative integer, got '${value}'.` };
    }
    override[key as K] = Number(value);
  }
  return { ok: true, override };
}

/** Parses the OpenAI form: any subset of `prompt`, `completion`, `cached`, `reasoning`. */
export function parseUsageOverride(header: string): UsageOverrideParseResult {
  return parseUsageOverrideFor(header, USAGE_OVERRIDE_KEYS.openai);
}
