import { splitModelFault } from '../faults.js';
import type { RequestSummary } from '../request-summary.js';
import { isRecord } from './json.js';

/** The parts of an Anthropic Messages request body the fake provider acts on. */
export interface AnthropicMessagesRequest {
  /** Requested model with any `+fault=` suffix removed. */
  model: string;
  /** The fault spec of a `+fault=` model suffix, if present. */
  modelFaultSpec?: string;
  /** `messages`, plus the `system` prompt as a leading message when there is one (for counting). */
  promptMessages: unknown[];
  maxTokens: number;
  stream: boolean;
  /** `thinking.type` is `enabled` or `adaptive`: the reply starts with a `thinking` block. */
  thinking: boolean;
  /** The body without `stream` and with the model's fault suffix removed: what the reply derives from. */
  seedText: string;
}

/** Result of {@link parseAnthropicMessagesRequest}: the request, or a 400 message. */
export type AnthropicMessagesRequestParseResult = { ok: true; request: AnthropicMessagesRequest } | { ok: false; message: string; summary: RequestSummary };

/** Smallest `thinking.budget_tokens` the API accepts. */
export const MIN_THINKING_BUDGET_TOKENS = 1024;

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** Reads `thinking`: whether it turns thinking on, or why it is invalid. */
function readThinking(thinking: unknown, maxTokens: number): boolean | string {
  if (thinking === undefined || thinking === null) return false;
  if (!isRecord(thinking)) return 'thinking: Input should be an object';
  switch (thinking.type) {
    case 'disabled':
      return false;
    case 'adaptive':
      return true;
    case 'enabled': {
      const budget = thinking.budget_tokens;
      if (!isPositiveInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
      if (budget < MIN_THINKING_BUDGET_TOKENS) {
        return `thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_THINKING_BUDGET_TOKENS}`;
      }
      if (maxTokens <= budget) {
        return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
      }
      return true;
    }
    default:
      return "thinking: Input tag does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'";
  }
}

/** Parses and validates a raw Messages request body, answering with Anthropic's messages on errors. */
export function parseAnthropicMessagesRequest(rawBody: string): AnthropicMessagesRequestParseResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed)) {
    return {
      ok: false,
      message: 'There was an error parsing the body of your request: the body must be a JSON object.',
      summary: { model: '', stream: false, includeUsage: false },
    };
  }
  const body = parsed;
  const { model, faultSpec } = typeof body.model === 'string' ? splitModelFault(body.model) : { model: '', faultSpec: undefined };
  const stream = body.stream === true;
  const summary: RequestSummary = { model, stream, includeUsage: stream };
  const fail = (message: string): AnthropicMessagesRequestParseResult => ({ ok: false, message, summary });

  if (typeof body.model !== 'string' || model === '') return fail('model: Field required');
  if (body.max_tokens === undefined) return fail('max_tokens: Field required');
  if (!isPositiveInteger(body.max_tokens)) return fail('max_tokens: Input should be greater than or equal to 1');
  if (body.messages === undefined) return fail('messages: Field required');
  if (!Array.isArray(body.messages)) return fail('messages: Input should be a valid list');
  if (body.messages.length === 0) return fail('messages: at least one message is required');
  if (!body.messages.every(isRecord)) return fail('messages.0: Input should be a valid dictionary');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return fail('stream: Input should be a valid boolean');
  const thinking = readThinking(body.thinking, body.max_tokens);
  if (typeof thinking === 'string') return fail(thinking);

  const { stream: _stream, ...withoutStream } = body;
  const system = body.system;
  const promptMessages: unknown[] = system === undefined || system === null ? body.messages : [{ role: 'system', content: system }, ...body.messages];
  const request: AnthropicMessagesRequest = {
    model,
    promptMessages,
    maxTokens: body.max_tokens,
    stream,
    thinking,
    seedText: JSON.stringify({ ...withoutStream, model }),
  };
  if (faultSpec !== undefined) request.modelFaultSpec = faultSpec;
  return { ok: true, request };
}
