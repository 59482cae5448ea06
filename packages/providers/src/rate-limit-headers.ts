/**
 * Rate-limit headroom from response headers:
 * - OpenAI (and OpenAI-compatible servers that copy it): `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`,
 *   resets as durations (`1s`, `6m0s`, `20ms`); https://platform.openai.com/docs/guides/rate-limits
 * - Anthropic: `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`,
 *   resets as RFC 3339 times; https://docs.anthropic.com/en/api/rate-limits
 * - Both: `retry-after` (seconds or an HTTP date) and `retry-after-ms` on 429/529.
 */
export interface RateLimits {
  limitRequests?: number;
  remainingRequests?: number;
  /** Seconds until the request budget resets. */
  resetRequests?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokens?: number;
  /** Seconds the provider asked to wait. */
  retryAfter?: number;
}

/** Cheap check before {@link readRateLimits}: whether the response carries any rate-limit or retry header at all. */
export function hasRateLimitHeaders(headers: Headers): boolean {
  return headers.has('x-ratelimit-limit-requests') || headers.has('anthropic-ratelimit-requests-limit') || hasRetryAfter(headers);
}

/** Whether the response says how long to wait (`retry-after`, `retry-after-ms`). */
export function hasRetryAfter(headers: Headers): boolean {
  return headers.has('retry-after') || headers.has('retry-after-ms');
}

export function readRateLimits(headers: Headers, now: number = Date.now()): RateLimits | undefined {
  const limits: RateLimits = {};
  set(limits, 'limitRequests', integer(headers.get('x-ratelimit-limit-requests') ?? headers.get('anthropic-ratelimit-requests-limit')));
  set(limits, 'remainingRequests', integer(headers.get('x-ratelimit-remaining-requests') ?? headers.get('anthropic-ratelimit-requests-remaining')));
  set(limits, 'resetRequests', resetSeconds(headers.get('x-ratelimit-reset-requests') ?? headers.get('anthropic-ratelimit-requests-reset'), now));
  set(
    limits,
    'limitTokens',
    integer(
      headers.get('x-ratelimit-limit-tokens') ?? headers.get('anthropic-ratelimit-tokens-limit') ?? headers.get('anthropic-ratelimit-input-tokens-limit'),
    ),
  );
  set(
    limits,
    'remainingTokens',
    integer(
      headers.get('x-ratelimit-remaining-tokens') ??
        headers.get('anthropic-ratelimit-tokens-remaining') ??
        headers.get('anthropic-ratelimit-input-tokens-remaining'),
    ),
  );
  set(
    limits,
    'resetTokens',
    resetSeconds(
      headers.get('x-ratelimit-reset-tokens') ?? headers.get('anthropic-ratelimit-tokens-reset') ?? headers.get('anthropic-ratelimit-input-tokens-reset'),
      now,
    ),
  );
  set(limits, 'retryAfter', retryAfterSeconds(headers, now));
  return Object.keys(limits).length > 0 ? limits : undefined;
}

function set(limits: RateLimits, key: keyof RateLimits, value: number | undefined): void {
  if (value !== undefined) limits[key] = value;
}

function integer(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** `1h2m3.5s`, `6m0s`, `20ms`, `1s` → seconds; or an RFC 3339 time → seconds from now. */
export function resetSeconds(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(text)) {
    let seconds = 0;
    for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
      const number = Number(amount);
      seconds += unit === 'h' ? number * 3600 : unit === 'm' ? number * 60 : unit === 'ms' ? number / 1000 : number;
    }
    return seconds;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const at = Date.parse(text);
    return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : undefined;
  }
  return undefined;
}

function retryAfterSeconds(headers: Headers, now: number): number | undefined {
  return retryAfter(headers, now, 1000);
}

/** How long the provider asked to wait, in milliseconds: `retry-after-ms` (OpenAI, Anthropic), else `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  return retryAfter(headers, now, 1);
}

/** `retry-after-ms`, else `retry-after`, in units of `unitMs` milliseconds (each read converted once, as it is given). */
function retryAfter(headers: Headers, now: number, unitMs: 1 | 1000): number | undefined {
  const millis = headers.get('retry-after-ms');
  if (millis !== null && Number.isFinite(Number.parseFloat(millis))) {
    const value = Math.max(0, Number.parseFloat(millis));
    return unitMs === 1 ? value : value / unitMs;
  }
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return unitMs === 1 ? Number(value.trim()) * 1000 : Number(value.trim());
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, (at - now) / unitMs) : undefined;
}
