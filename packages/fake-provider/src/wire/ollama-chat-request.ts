// Ollama's native chat request, `POST /api/chat` (ollama/ollama docs/api.md "Generate a chat
// completion"; api/types.go `ChatRequest`, `Message`; server/routes.go `ChatHandler`):
//   {"model", "messages":[{"role","content","thinking"?,"images"?,"tool_calls"?,"tool_name"?}],
//    "stream"?, "format"?, "options"?:{"temperature","top_p","top_k","num_predict","seed","stop",…},
//    "think"?, "keep_alive"?, "tools"?}
// `stream` defaults to TRUE in this API (a missing `stream` streams); the `ollama` npm client
// always sends it, `false` unless asked.
import { splitModelFault } from '../faults.js';
import type { RequestSummary } from '../route.js';
import { isRecord } from './json.js';

/** The parts of a chat request the fake provider acts on. */
export interface OllamaChatRequest {
  /** The requested model without a `+fault=` suffix. */
  model: string;
  modelFaultSpec?: string;
  messages: unknown[];
  /** `stream`, default `true`. */
  stream: boolean;
  /** `options.num_predict` when positive (zero and negative values mean "no limit", as in Ollama). */
  numPredict?: number;
  /** `think`: `true`/`false` or a level (`"low"`, `"medium"`, `"high"`, `"max"`); absent: the model's default. */
  think?: boolean | string;
  /** The body without `stream`: the reply derives from it, so a stream and a body match. */
  seedText: string;
}

/** Result of {@link parseOllamaChatRequest}: the request, or a 400 `{"error"}` message. */
export type OllamaChatRequestParseResult = { ok: true; request: OllamaChatRequest } | { ok: false; message: string };

/** Go's name for a JSON value's type, as `encoding/json` reports it in unmarshal errors. */
function goJsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'boolean' ? 'bool' : typeof value;
}

/** Parses and validates a chat body, with the messages Ollama answers 400 with. */
export function parseOllamaChatRequest(rawBody: string): OllamaChatRequestParseResult {
  // gin's ShouldBindJSON: an empty body is io.EOF, reported as "missing request body".
  if (rawBody.trim() === '') return { ok: false, message: 'missing request body' };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `invalid character in request body: ${detail}` };
  }
  if (!isRecord(body)) return { ok: false, message: `json: cannot unmarshal ${goJsonType(body)} into Go value of type api.ChatRequest` };
  if (typeof body.model !== 'string' || body.model === '') return { ok: false, message: 'model is required' };
  const { messages = [] } = body;
  if (!Array.isArray(messages)) {
    return { ok: false, message: `json: cannot unmarshal ${goJsonType(messages)} into Go struct field ChatRequest.messages of type []api.Message` };
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    return { ok: false, message: `json: cannot unmarshal ${goJsonType(body.stream)} into Go struct field ChatRequest.stream of type bool` };
  }
  const options = isRecord(body.options) ? body.options : {};
  const numPredict = options.num_predict;
  if (numPredict !== undefined && !(typeof numPredict === 'number' && Number.isInteger(numPredict))) {
    return { ok: false, message: `option "num_predict" must be of type integer` };
  }
  const { think } = body;
  if (think !== undefined && typeof think !== 'boolean' && !['low', 'medium', 'high', 'max'].includes(String(think))) {
    return { ok: false, message: `invalid think value: ${JSON.stringify(think)} (must be "true", "false", "low", "medium", "high", or "max")` };
  }
  const { model, faultSpec } = splitModelFault(body.model);
  const { stream: _stream, ...rest } = body;
  const request: OllamaChatRequest = { model, messages, stream: body.stream !== false, seedText: JSON.stringify({ ...rest, model }) };
  if (faultSpec !== undefined) request.modelFaultSpec = faultSpec;
  if (typeof numPredict === 'number' && numPredict > 0) request.numPredict = numPredict;
  if (typeof think === 'boolean' || typeof think === 'string') request.think = think;
  return { ok: true, request };
}

/**
 * The ledger summary of a chat body, read as far as it goes (also for bodies answered 400): the
 * model without its `+fault=` suffix, and whether it streams — every stream carries its metrics
 * on its last line.
 */
export function ollamaChatSummary(rawBody: string): RequestSummary {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    body = undefined;
  }
  const fields = isRecord(body) ? body : {};
  const model = typeof fields.model === 'string' ? splitModelFault(fields.model).model : '';
  const stream = fields.stream !== false;
  return { model, stream, includeUsage: stream };
}
