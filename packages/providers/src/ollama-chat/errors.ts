import { isRecord } from '../json/json-values.js';

/**
 * Ollama's errors are `{"error":"<message>"}`: the body of an HTTP error, or — once a stream has
 * started — a line of its own in a 200 stream (ollama/ollama docs/api/errors.mdx, server/routes.go
 * `streamResponse`). The message is free text; a line's `error.type` is `server_error`, what the server
 * answers such failures with before a stream starts (HTTP 500).
 */
export const OLLAMA_IN_STREAM_ERROR_TYPE = 'server_error';

/** The message of an `{"error": "…"}` object, or undefined when the value is not one. */
export function ollamaErrorMessage(json: unknown): string | undefined {
  return isRecord(json) && typeof json['error'] === 'string' ? json['error'] : undefined;
}
