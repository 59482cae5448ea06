import type { GeminiBackend } from './gemini-request.js';
import { googleJsonBody } from './google-json.js';

/** A response to send: status, extra headers, JSON body. */
export interface GeminiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The `content-type` Google sends with JSON bodies. */
export const GOOGLE_JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

type GoogleStatus = 'INVALID_ARGUMENT' | 'RESOURCE_EXHAUSTED' | 'INTERNAL' | 'UNAVAILABLE';

/** `{"error":{"code","message","status"[,"details"]}}`, indented like every Google body. */
function googleError(code: number, status: GoogleStatus, message: string, details?: unknown[]): GeminiResponse {
  const error = details === undefined ? { code, message, status } : { code, message, status, details };
  return { status: code, headers: { 'content-type': GOOGLE_JSON_CONTENT_TYPE }, body: googleJsonBody({ error }) };
}

/** 400 `INVALID_ARGUMENT`. */
export function geminiInvalidArgument(message: string): GeminiResponse {
  return googleError(400, 'INVALID_ARGUMENT', message);
}

/** 429 `RESOURCE_EXHAUSTED`; the Gemini API adds a `RetryInfo` detail with the retry delay. */
export function geminiRateLimitError(backend: GeminiBackend, retryAfterSeconds: number): GeminiResponse {
  if (backend === 'vertex-ai') {
    return googleError(
      429,
      'RESOURCE_EXHAUSTED',
      'Resource exhausted. Please try again later. Please refer to ' + 'https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.',
    );
  }
  return googleError(
    429,
    'RESOURCE_EXHAUSTED',
    'You exceeded your current quota, please check your plan and billing details. For more information on this ' +
      'error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
    [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }],
  );
}

/** 500 `INTERNAL` / 503 `UNAVAILABLE`. */
export function geminiServerError(status: 500 | 503): GeminiResponse {
  return status === 500
    ? googleError(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting')
    : googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
}
