import { splitModelFault } from '../faults.js';
import type { RequestSummary } from '../route.js';
import { isRecord, optionalPositiveInteger } from './json.js';
import type { OpenAIErrorDetails } from './openai-errors.js';

/** The parts of a Responses API request body the fake provider acts on. */
export interface OpenAIResponsesRequest {
  /** Requested model with any `+fault=` suffix removed. */
  model: string;
  modelFaultSpec?: string;
  /** `instructions` (as a system message) and `input` as messages, for counting. */
  promptMessages: unknown[];
  stream: boolean;
  /** `response.output_text.delta` events carry `obfuscation`, unless `stream_options.include_obfuscation` is `false`. */
  includeObfuscation: boolean;
  maxOutputTokens?: number;
  /** `reasoning.effort`, if set. */
  reasoningEffort?: string;
  serviceTier?: string;
  instructions: string | null;
  /** The body without `stream` / `stream_options`, model suffix removed: what the reply derives from. */
  seedText: string;
}

/** Result of {@link parseOpenAIResponsesRequest}. */
export type OpenAIResponsesRequestParseResult =
  | { ok: true; request: OpenAIResponsesRequest }
  | { ok: false; error: OpenAIErrorDetails; summary: RequestSummary };

const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
  'correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';

/** `input` as messages: a string is one user message; an array is taken item by item. */
function inputMessages(input: unknown): unknown[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return Array.isArray(input) ? input : [];
}

/** Parses and validates a raw `POST /v1/responses` body, answering like the real API on errors. */
export function parseOpenAIResponsesRequest(rawBody: string): OpenAIResponsesRequestParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed)) {
    return {
      ok: false,
      error: { message: INVALID_JSON_MESSAGE, param: null, code: null },
      summary: { model: '', stream: false, includeUsage: false },
    };
  }
  const body = parsed;
  const { model, faultSpec } = typeof body.model === 'string' ? splitModelFault(body.model) : { model: '', faultSpec: undefined };
  const stream = body.stream === true;
  const summary: RequestSummary = { model, stream, includeUsage: stream };
  const fail = (message: string, param: string | null, code: string | null): OpenAIResponsesRequestParseResult => ({
    ok: false,
    error: { message, param, code },
    summary,
  });

  if (typeof body.model !== 'string' || model === '') {
    return fail("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  if (body.input !== undefined && typeof body.input !== 'string' && !Array.isArray(body.input)) {
    return fail("Invalid type for 'input': expected one of a string or an array of input items.", 'input', 'invalid_type');
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    return fail("Invalid type for 'stream': expected a boolean.", 'stream', 'invalid_type');
  }
  const maxOutputTokens = optionalPositiveInteger(body.max_output_tokens);
  if (maxOutputTokens === 'invalid') {
    return fail("Invalid 'max_output_tokens': expected a positive integer.", 'max_output_tokens', 'invalid_value');
  }
  const instructions = typeof body.instructions === 'string' ? body.instructions : null;
  const { stream: _stream, stream_options: _streamOptions, ...withoutStreaming } = body;
  const request: OpenAIResponsesRequest = {
    model,
    promptMessages: [...(instructions === null ? [] : [{ role: 'system', content: instructions }]), ...inputMessages(body.input)],
    stream,
    includeObfuscation: !(isRecord(body.stream_options) && body.stream_options.include_obfuscation === false),
    instructions,
    seedText: JSON.stringify({ ...withoutStreaming, model }),
  };
  if (faultSpec !== undefined) request.modelFaultSpec = faultSpec;
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
  if (isRecord(body.reasoning) && typeof body.reasoning.effort === 'string') {
    request.reasoningEffort = body.reasoning.effort;
  }
  if (typeof body.service_tier === 'string') request.serviceTier = body.service_tier;
  return { ok: true, request };
}
