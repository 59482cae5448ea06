import { splitModelFault } from '../faults.js';
import type { OpenAIErrorDetails } from './openai-errors.js';

/** The parts of a Chat Completions request body the fake provider acts on. */
export interface OpenAIChatRequest {
  /** Requested model with any `+fault=` suffix removed. */
  model: string;
  /** The fault spec of a `+fault=` model suffix, if present. */
  modelFaultSpec?: string;
  messages: unknown[];
  stream: boolean;
  /** `stream_options.include_usage === true` on a streamed request. */
  includeUsage: boolean;
  /**
   * Stream chunks carry an `obfuscation` member: on by default, off with
   * `stream_options.include_obfuscation: false` (as the API does).
   */
  includeObfuscation: boolean;
  /** Number of choices (`n`, default 1). */
  n: number;
  /** `max_completion_tokens ?? max_tokens`, if set. */
  maxCompletionTokens?: number;
  /** The requested `service_tier`, if set. */
  serviceTier?: string;
  /**
   * The text the response is derived from: the body re-serialised without `stream` and
   * `stream_options` and with the model's fault suffix removed, so a streamed and a non-streamed
   * request with otherwise equal bodies get the same id, content and usage.
   */
  seedText: string;
}

/** What could be read from a body even when it is invalid, for the ledger. */
export interface OpenAIChatRequestSummary {
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

/** Result of {@link parseOpenAIChatRequest}. */
export type OpenAIChatRequestParseResult =
  | { ok: true; request: OpenAIChatRequest }
  | { ok: false; error: OpenAIErrorDetails; summary: OpenAIChatRequestSummary };

const MAX_CHOICES = 128;

const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
  'correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(summary: OpenAIChatRequestSummary, message: string, param: string | null = null, code: string | null = null): OpenAIChatRequestParseResult {
  return { ok: false, error: { message, param, code }, summary };
}

/** Reads an optional positive integer field; `undefined` / `null` mean "not set". */
function optionalPositiveInteger(body: Record<string, unknown>, field: string): number | undefined | 'invalid' {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : 'invalid';
}

/** Parses and validates a raw Chat Completions request body, answering like the real API on errors. */
export function parseOpenAIChatRequest(rawBody: string): OpenAIChatRequestParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return invalid({ model: '', stream: false, includeUsage: false }, INVALID_JSON_MESSAGE);
  }
  if (!isRecord(parsed)) {
    return invalid({ model: '', stream: false, includeUsage: false }, INVALID_JSON_MESSAGE);
  }
  const body = parsed;
  const { model: requestedModel, faultSpec: modelFaultSpec } =
    typeof body.model === 'string' ? splitModelFault(body.model) : { model: '', faultSpec: undefined };
  const stream = body.stream === true;
  const streamOptions = body.stream_options;
  const includeUsage = stream && isRecord(streamOptions) && streamOptions.include_usage === true;
  const summary: OpenAIChatRequestSummary = { model: requestedModel, stream, includeUsage };

  if (typeof body.model !== 'string' || requestedModel === '') {
    return invalid(summary, 'you must provide a model parameter');
  }
  if (body.messages === undefined) {
    return invalid(summary, "Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  if (!Array.isArray(body.messages)) {
    return invalid(summary, `Invalid type for 'messages': expected an array.`, 'messages', 'invalid_type');
  }
  if (body.messages.length === 0) {
    return invalid(summary, "[] is too short - 'messages'", 'messages', 'empty_array');
  }
  if (!body.messages.every(isRecord)) {
    return invalid(summary, "Invalid type for 'messages': each message must be an object.", 'messages', 'invalid_type');
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    return invalid(summary, `Invalid type for 'stream': expected a boolean.`, 'stream', 'invalid_type');
  }
  if (streamOptions !== undefined && streamOptions !== null && !stream) {
    return invalid(summary, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', 'invalid_value');
  }
  const n = optionalPositiveInteger(body, 'n');
  if (n === 'invalid' || (n !== undefined && n > MAX_CHOICES)) {
    return invalid(summary, `Invalid 'n': expected an integer between 1 and ${MAX_CHOICES}.`, 'n', 'invalid_value');
  }
  const maxCompletionTokens = optionalPositiveInteger(body, 'max_completion_tokens');
  if (maxCompletionTokens === 'invalid') {
    return invalid(summary, "Invalid 'max_completion_tokens': expected a positive integer.", 'max_completion_tokens', 'invalid_value');
  }
  const maxTokens = optionalPositiveInteger(body, 'max_tokens');
  if (maxTokens === 'invalid') {
    return invalid(summary, "Invalid 'max_tokens': expected a positive integer.", 'max_tokens', 'invalid_value');
  }

  const { stream: _stream, stream_options: _streamOptions, ...withoutStreaming } = body;
  const seedText = JSON.stringify({ ...withoutStreaming, model: requestedModel });
  const request: OpenAIChatRequest = {
    model: requestedModel,
    messages: body.messages,
    stream,
    includeUsage,
    includeObfuscation: !(isRecord(streamOptions) && streamOptions.include_obfuscation === false),
    n: n ?? 1,
    seedText,
  };
  if (modelFaultSpec !== undefined) request.modelFaultSpec = modelFaultSpec;
  const limit = maxCompletionTokens ?? maxTokens;
  if (limit !== undefined) request.maxCompletionTokens = limit;
  if (typeof body.service_tier === 'string') request.serviceTier = body.service_tier;
  return { ok: true, request };
}
