// Ollama's error bodies: `{"error":"<message>"}` with the status in the status line
// (ollama/ollama docs/api/errors.mdx; server/routes.go answers with gin's `c.JSON(status,
// gin.H{"error": …})`, whose content type is `application/json; charset=utf-8`). Once a stream has
// started, an error is a line of its own instead (see `ollamaChatStreamLines`).

/** A response to send: status, extra headers, JSON body. */
export interface OllamaResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The content type gin sends with `c.JSON`, errors and non-stream bodies alike. */
export const OLLAMA_JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** `{"error":"<message>"}` with `status`. */
export function ollamaError(status: number, message: string): OllamaResponse {
  return { status, headers: { 'content-type': OLLAMA_JSON_CONTENT_TYPE }, body: JSON.stringify({ error: message }) };
}

/** 400: an invalid request (`model is required`, `"llama3.2" does not support thinking`, …). */
export function ollamaBadRequest(message: string): OllamaResponse {
  return ollamaError(400, message);
}

/** 404: the model is not pulled (server/routes.go `ChatHandler`, `os.IsNotExist`). */
export function ollamaModelNotFound(model: string): OllamaResponse {
  return ollamaError(404, `model '${model}' not found`);
}

/** 500: the runner failed (the message is docs/api/errors.mdx's example). */
export function ollamaServerError(): OllamaResponse {
  return ollamaError(500, 'the model failed to generate a response');
}

/** 503: the scheduler's queue is full (server/sched.go `ErrMaxQueue`, two spaces and all). */
export function ollamaServerBusy(): OllamaResponse {
  return ollamaError(503, 'server busy, please try again.  maximum pending requests exceeded');
}
