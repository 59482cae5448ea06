import { randomInt } from 'node:crypto';

/** Anthropic error `type` values the fake provider sends. */
export type AnthropicErrorType = 'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'api_error' | 'overloaded_error';

/** A response to send: status, extra headers, compact JSON body. */
export interface AnthropicResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Limits reported in `anthropic-ratelimit-*` headers. */
export const ANTHROPIC_RATE_LIMITS = {
  requests: 4_000,
  inputTokens: 2_000_000,
  outputTokens: 400_000,
} as const;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A fresh request id in Anthropic's form (`req_011C…`), sent as `request-id` and in error bodies. */
export function anthropicRequestId(): string {
  let id = 'req_011C';
  for (let index = 0; index < 20; index += 1) id += BASE62[randomInt(BASE62.length)];
  return id;
}

/** RFC 3339 in UTC, whole seconds (`2025-06-15T15:06:41Z`), as the reset headers carry it. */
export function rfc3339Seconds(ms: number): string {
  return `${new Date(Math.ceil(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** `{"type":"error","error":{"type","message"},"request_id"}`. */
export function anthropicErrorBody(type: AnthropicErrorType, message: string, requestId: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId });
}

/** What a successful request used of the limits: uncached input + cache writes, and `max_tokens`. */
export interface AnthropicRateLimitUse {
  inputTokens: number;
  maxTokens: number;
}

/**
 * `anthropic-ratelimit-{requests,input-tokens,output-tokens,tokens}-{limit,remaining,reset}`.
 * `tokens` is the sum of the input and output limits. `use: undefined` stands for an exhausted
 * request limit (429) whose reset is `resetMs`.
 */
export function anthropicRateLimitHeaders(nowMs: number, use: AnthropicRateLimitUse | undefined, resetMs = nowMs): Record<string, string> {
  const { requests, inputTokens, outputTokens } = ANTHROPIC_RATE_LIMITS;
  const inputRemaining = Math.max(0, inputTokens - (use?.inputTokens ?? 0));
  const outputRemaining = Math.max(0, outputTokens - (use?.maxTokens ?? 0));
  const reset = rfc3339Seconds(resetMs);
  const tokenReset = rfc3339Seconds(nowMs);
  return {
    'anthropic-ratelimit-requests-limit': String(requests),
    'anthropic-ratelimit-requests-remaining': String(use === undefined ? 0 : requests - 1),
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': String(inputTokens),
    'anthropic-ratelimit-input-tokens-remaining': String(inputRemaining),
    'anthropic-ratelimit-input-tokens-reset': tokenReset,
    'anthropic-ratelimit-output-tokens-limit': String(outputTokens),
    'anthropic-ratelimit-output-tokens-remaining': String(outputRemaining),
    'anthropic-ratelimit-output-tokens-reset': tokenReset,
    'anthropic-ratelimit-tokens-limit': String(inputTokens + outputTokens),
    'anthropic-ratelimit-tokens-remaining': String(inputRemaining + outputRemaining),
    'anthropic-ratelimit-tokens-reset': tokenReset,
  };
}

function errorResponse(status: number, type: AnthropicErrorType, message: string, headers: Record<string, string> = {}): AnthropicResponse {
  const requestId = anthropicRequestId();
  return { status, headers: { 'request-id': requestId, ...headers }, body: anthropicErrorBody(type, message, requestId) };
}

/** 400 `invalid_request_error`. */
export function anthropicInvalidRequest(message: string): AnthropicResponse {
  return errorResponse(400, 'invalid_request_error', message);
}

/** 401 `authentication_error` (missing or rejected `x-api-key`). */
export function anthropicAuthenticationError(message: string): AnthropicResponse {
  return errorResponse(401, 'authentication_error', message);
}

/** 429 `rate_limit_error` with `retry-after` (+ `retry-after-ms` if given) and an exhausted request limit. */
export function anthropicRateLimitError(nowMs: number, retryHeaders: Record<string, string>, retryAfterSeconds: number): AnthropicResponse {
  return errorResponse(
    429,
    'rate_limit_error',
    `This request would exceed your organization's rate limit of ${ANTHROPIC_RATE_LIMITS.requests.toLocaleString('en-US')} ` +
      'requests per minute (org: fake-org). For details, refer to: https://docs.claude.com/en/api/rate-limits. ' +
      'You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens ' +
      'requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to ' +
      'discuss your options for a rate limit increase.',
    { ...retryHeaders, ...anthropicRateLimitHeaders(nowMs, undefined, nowMs + retryAfterSeconds * 1000) },
  );
}

/** 529 `overloaded_error` with `retry-after`. */
export function anthropicOverloadedError(retryHeaders: Record<string, string>): AnthropicResponse {
  return errorResponse(529, 'overloaded_error', 'Overloaded', retryHeaders);
}

/** 500 / 503 `api_error`. */
export function anthropicServerError(status: 500 | 503): AnthropicResponse {
  return errorResponse(status, 'api_error', status === 500 ? 'Internal server error' : 'Service unavailable');
}
