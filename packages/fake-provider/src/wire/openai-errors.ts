import { randomBytes } from 'node:crypto';

/** The variable part of an OpenAI error. */
export interface OpenAIErrorDetails {
  message: string;
  param: string | null;
  code: string | null;
}

/** OpenAI error `type` values the fake provider sends. */
export type OpenAIErrorType = 'invalid_request_error' | 'requests' | 'server_error';

/** An OpenAI error response: status, extra headers and compact JSON body. */
export interface OpenAIErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Limits reported in `x-ratelimit-*` headers. */
export const RATE_LIMIT_REQUESTS = 10_000;
export const RATE_LIMIT_TOKENS = 30_000_000;

/** `{"error":{"message","type","param","code"}}`, in OpenAI's key order. */
export function openAIErrorBody(type: OpenAIErrorType, details: OpenAIErrorDetails): string {
  return JSON.stringify({ error: { message: details.message, type, param: details.param, code: details.code } });
}

/** 400 `invalid_request_error`. */
export function invalidRequestError(details: OpenAIErrorDetails): OpenAIErrorResponse {
  return { status: 400, headers: {}, body: openAIErrorBody('invalid_request_error', details) };
}

/** 401 for a missing or rejected API key (`code: invalid_api_key` when a key was sent). */
export function authenticationError(message: string, code: string | null): OpenAIErrorResponse {
  return { status: 401, headers: {}, body: openAIErrorBody('invalid_request_error', { message, param: null, code }) };
}

/** 404 for a method + path the fake provider does not serve (same wording as the real API). */
export function unknownRouteError(method: string, path: string): OpenAIErrorResponse {
  return {
    status: 404,
    headers: {},
    body: openAIErrorBody('invalid_request_error', {
      message: `Invalid URL (${method} ${path})`,
      param: null,
      code: null,
    }),
  };
}

/** 429 `rate_limit_exceeded` with `retry-after` (and `retry-after-ms` if asked) and exhausted `x-ratelimit-*` headers. */
export function rateLimitError(model: string, fault: { retryAfterSeconds: number; retryAfterMs?: number }): OpenAIErrorResponse {
  const { retryAfterSeconds } = fault;
  return {
    status: 429,
    headers: {
      'retry-after': String(retryAfterSeconds),
      ...(fault.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(fault.retryAfterMs) }),
      'x-ratelimit-limit-requests': String(RATE_LIMIT_REQUESTS),
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': `${retryAfterSeconds}s`,
      'x-ratelimit-limit-tokens': String(RATE_LIMIT_TOKENS),
      'x-ratelimit-remaining-tokens': String(RATE_LIMIT_TOKENS),
      'x-ratelimit-reset-tokens': '0s',
    },
    body: openAIErrorBody('requests', {
      message:
        `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): ` +
        `Limit ${RATE_LIMIT_REQUESTS}, Used ${RATE_LIMIT_REQUESTS}, Requested 1. ` +
        `Please try again in ${retryAfterSeconds}s.`,
      param: null,
      code: 'rate_limit_exceeded',
    }),
  };
}

/** 500 or 503 `server_error`. */
export function serverError(status: 500 | 503): OpenAIErrorResponse {
  const message = status === 500 ? 'The server had an error while processing your request. Sorry about that!' : 'The server is overloaded or not ready yet.';
  return { status, headers: {}, body: openAIErrorBody('server_error', { message, param: null, code: null }) };
}

/** `x-ratelimit-*` headers of a successful request that used `tokens` of the token budget. */
export function rateLimitHeaders(tokens: number): Record<string, string> {
  return {
    'x-ratelimit-limit-requests': String(RATE_LIMIT_REQUESTS),
    'x-ratelimit-remaining-requests': String(RATE_LIMIT_REQUESTS - 1),
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-limit-tokens': String(RATE_LIMIT_TOKENS),
    'x-ratelimit-remaining-tokens': String(Math.max(0, RATE_LIMIT_TOKENS - tokens)),
    'x-ratelimit-reset-tokens': '0s',
  };
}

/** A fresh `x-request-id` value, as OpenAI sends on every response. */
export function openAIRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** Adds `x-request-id` to an error response. */
export function withRequestId(response: OpenAIErrorResponse): OpenAIErrorResponse {
  return { ...response, headers: { 'x-request-id': openAIRequestId(), ...response.headers } };
}

/** The `content-type` of OpenAI's event streams (Chat Completions and Responses). */
export const OPENAI_EVENT_STREAM = 'text/event-stream; charset=utf-8';

/** Headers of a successful OpenAI response: request id, version, processing time, rate limits. */
export function openAIResponseHeaders(startedAt: number, budgetTokens: number): Record<string, string> {
  return {
    'x-request-id': openAIRequestId(),
    'openai-version': '2020-10-01',
    'openai-processing-ms': String(Math.round(performance.now() - startedAt)),
    ...rateLimitHeaders(budgetTokens),
  };
}
