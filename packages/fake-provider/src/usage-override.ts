/** Request header that overrides token counts, e.g. `prompt=1200,completion=40,cached=1024,reasoning=16`. */
export const USAGE_OVERRIDE_HEADER = 'x-fake-usage';

/** Token counts forced by the `x-fake-usage` header; absent fields are computed as usual. */
export interface UsageOverride {
  prompt?: number;
  completion?: number;
  cached?: number;
  reasoning?: number;
}

/** Result of parsing `x-fake-usage`: the override, or a message for a 400 response. */
export type UsageOverrideParseResult = { ok: true; override: UsageOverride } | { ok: false; message: string };

const KEYS = ['prompt', 'completion', 'cached', 'reasoning'] as const;
type UsageOverrideKey = (typeof KEYS)[number];

function isUsageOverrideKey(value: string): value is UsageOverrideKey {
  return (KEYS as readonly string[]).includes(value);
}

/**
 * Parses `key=value` pairs separated by commas (any subset of `prompt`, `completion`, `cached`,
 * `reasoning`; values are non-negative integers). Consistency (cached ≤ prompt, reasoning ≤
 * completion) is checked later, against the final counts.
 */
export function parseUsageOverride(header: string): UsageOverrideParseResult {
  const override: UsageOverride = {};
  for (const rawPair of header.split(',')) {
    const pair = rawPair.trim();
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const key = separator === -1 ? pair : pair.slice(0, separator).trim();
    const value = separator === -1 ? '' : pair.slice(separator + 1).trim();
    if (!isUsageOverrideKey(key)) {
      return { ok: false, message: `Unknown ${USAGE_OVERRIDE_HEADER} key '${key}' (accepted: ${KEYS.join(', ')}).` };
    }
    if (!/^\d+$/.test(value)) {
      return { ok: false, message: `${USAGE_OVERRIDE_HEADER} '${key}' must be a non-negative integer, got '${value}'.` };
    }
    override[key] = Number(value);
  }
  return { ok: true, override };
}
