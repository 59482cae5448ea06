// GET one page of an admin report: auth headers, 429 / 5xx / network retries honouring
// `retry-after-ms` / `retry-after` (seconds or an HTTP date) with exponential backoff otherwise, and
// errors that say what to fix without ever containing the key.
import type { ProviderName } from './types.js';

/** Why a request to an admin API failed (`error.type` of the poll error metric). */
export type ProviderErrorKind = 'authentication' | 'permission' | 'rate_limited' | 'server_error' | 'network' | 'invalid_request' | 'invalid_response';

const KEY_NAMES: Readonly<Record<ProviderName, string>> = {
  openai: 'OPENAI_ADMIN_KEY (an OpenAI admin key, sk-admin-…, from the organization settings)',
  anthropic: 'ANTHROPIC_ADMIN_KEY (an Anthropic Admin API key, sk-ant-admin…, from the Console)',
};

const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = { openai: 'OpenAI', anthropic: 'Anthropic' };

/** A failed admin API request. `message` names the provider, the endpoint and what to do; never the key. */
export class ProviderApiError extends Error {
  override name = 'ProviderApiError';
  constructor(
    readonly provider: ProviderName,
    /** `GET <path>` without the query. */
    readonly endpoint: string,
    readonly kind: ProviderErrorKind,
    message: string,
    /** HTTP status, when a response arrived. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Removes anything key-shaped (`sk-…`, bearer tokens) from text that came from a provider or the network. */
export function redactSecrets(text: string): string {
  return text.replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]').replace(/\bsk-[A-Za-z0-9_*-]{3,}/g, 'sk-[redacted]');
}

/** Waits `ms`; resolves early (without throwing) when `signal` aborts. */
export type SleepFunction = (ms: number, signal?: AbortSignal) => Promise<void>;

export const defaultSleep: SleepFunction = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Retry policy of one admin request. */
export interface RetryOptions {
  /** Attempts per request, the first included. @default 5 */
  maxAttempts?: number;
  /** First backoff when the answer gives no `retry-after`; doubled per attempt. @default 1000 */
  baseDelayMillis?: number;
  /** Cap of the backoff and of a `retry-after` the poller is willing to wait. @default 300000 (5 min) */
  maxDelayMillis?: number;
  /** Per-request timeout. @default 30000 */
  timeoutMillis?: number;
}

/** What {@link getJson} needs besides the URL. */
export interface HttpContext {
  provider: ProviderName;
  fetch: typeof fetch;
  sleep: SleepFunction;
  /** Clock, ms since the epoch (for `retry-after` HTTP dates). */
  now: () => number;
  retry?: RetryOptions;
  signal?: AbortSignal;
}

/** How long a 429 / 503 asks to wait, in ms: `retry-after-ms`, else `retry-after` seconds or HTTP date. */
export function retryAfterMillis(headers: Headers, now: number): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after')?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function retryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status === 529 || status >= 500;
}

/** The provider's own error text: OpenAI `error.message` (+ `code`), Anthropic `error.message` (+ `type`). */
function providerMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown; type?: unknown } };
    const error = parsed.error;
    if (error && typeof error.message === 'string') {
      const code = typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : undefined;
      return redactSecrets(code ? `${error.message} (${code})` : error.message).slice(0, 300);
    }
  } catch {
    // not JSON
  }
  return redactSecrets(body.replace(/\s+/g, ' ').trim()).slice(0, 200);
}

function kindOf(status: number): ProviderErrorKind {
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 429) return 'rate_limited';
  if (retryable(status)) return 'server_error';
  return 'invalid_request';
}

/**
 * GETs `url` with `headers` and returns the parsed JSON body. Retries 408/409/429/529/5xx and
 * network failures up to `maxAttempts`, waiting what `retry-after-ms` / `retry-after` ask for (capped
 * at `maxDelayMillis`), else 1 s, 2 s, 4 s, …; 401 / 403 / other 4xx fail at once.
 * @throws ProviderApiError
 */
export async function getJson(url: URL, headers: Record<string, string>, context: HttpContext): Promise<unknown> {
  const maxAttempts = Math.max(1, context.retry?.maxAttempts ?? 5);
  const baseDelay = context.retry?.baseDelayMillis ?? 1000;
  const maxDelay = context.retry?.maxDelayMillis ?? 300_000;
  const timeout = context.retry?.timeoutMillis ?? 30_000;
  const endpoint = `GET ${url.pathname}`;
  const label = `${PROVIDER_LABELS[context.provider]} ${endpoint}`;
  const fail = (kind: ProviderErrorKind, message: string, status?: number): ProviderApiError =>
    new ProviderApiError(context.provider, endpoint, kind, message, status);

  for (let attempt = 1; ; attempt += 1) {
    const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
    let response: Response;
    try {
      const signal = context.signal ? AbortSignal.any([context.signal, AbortSignal.timeout(timeout)]) : AbortSignal.timeout(timeout);
      response = await context.fetch(url, { headers: { accept: 'application/json', ...headers }, signal });
    } catch (error) {
      const reason = redactSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      if (context.signal?.aborted) throw fail('network', `${label}: stopped (${reason})`);
      if (attempt >= maxAttempts) throw fail('network', `${label}: no answer after ${attempt} attempts (${reason})`);
      await context.sleep(backoff, context.signal);
      continue;
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw fail('invalid_response', `${label}: HTTP ${response.status} with a body that is not JSON`, response.status);
      }
    }
    const status = response.status;
    const kind = kindOf(status);
    if (kind === 'authentication' || kind === 'permission') {
      const hint = kind === 'authentication' ? 'the admin key was rejected' : 'the admin key lacks permission for this report';
      throw fail(kind, `${label}: HTTP ${status}, ${hint}: ${providerMessage(text)}. Check ${KEY_NAMES[context.provider]}.`, status);
    }
    if (kind === 'invalid_request') throw fail(kind, `${label}: HTTP ${status}: ${providerMessage(text)}`, status);
    if (attempt >= maxAttempts) {
      throw fail(kind, `${label}: HTTP ${status} after ${attempt} attempts: ${providerMessage(text)}`, status);
    }
    const asked = retryAfterMillis(response.headers, context.now());
    await context.sleep(asked === undefined ? backoff : Math.min(maxDelay, asked), context.signal);
    if (context.signal?.aborted) throw fail(kind, `${label}: stopped while waiting to retry HTTP ${status}`, status);
  }
}
