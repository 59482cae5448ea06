/**
 * Whether a failed attempt may be followed by a retry of the same logical call, and how long to wait
 * for it. This mirrors what the Stainless-generated SDKs (`openai`, `@anthropic-ai/sdk`) do
 * (openai-node `src/client.ts` `shouldRetry` / `retryRequest` / `calculateDefaultRetryTimeoutMillis`):
 * they retry 408, 409, 429 and ≥ 500 and connection failures, obey `x-should-retry`, wait
 * `retry-after-ms` or `retry-after` when given (up to 60 s), else 0.5 s × 2^n capped at 8 s.
 */

/** Slack for the SDK to get from its sleep to the next fetch call. */
const SLACK_MS = 1_000;
const MAX_SERVER_DELAY_MS = 60_000;

export interface AttemptFailure {
  /** HTTP status, when the attempt got a response. */
  status: number | undefined;
  headers: Headers | undefined;
  /** The attempt's `X-Stainless-Retry-Count` (0 for the first attempt). */
  retryCount: number;
}

export function isRetryable(failure: AttemptFailure): boolean {
  const shouldRetry = failure.headers?.get('x-should-retry');
  if (shouldRetry === 'true') return true;
  if (shouldRetry === 'false') return false;
  const status = failure.status;
  if (status === undefined) return true; // connection error or timeout
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** How long an operation stays open for the next attempt after a retryable failure. */
export function retryWindowMs(failure: AttemptFailure): number {
  const headers = failure.headers;
  const millis = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(millis) && millis >= 0 && millis <= MAX_SERVER_DELAY_MS) return millis + SLACK_MS;
  const retryAfter = headers?.get('retry-after');
  if (retryAfter) {
    const seconds = Number.parseFloat(retryAfter);
    const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(delay) && delay >= 0 && delay <= MAX_SERVER_DELAY_MS) return delay + SLACK_MS;
  }
  return Math.min(500 * 2 ** failure.retryCount, 8_000) + SLACK_MS;
}
