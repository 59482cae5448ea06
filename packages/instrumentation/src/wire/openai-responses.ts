import { count, emptyResponse, isRecord, setNumber, setString, unchangedRequest, withContent } from './json-values.js';
import { responsesInput, responsesOutput } from './messages.js';
import type { EventAction, ParsedResponse, RequestParameters, StreamParser, TokenUsage, WireFormat } from './types.js';

/**
 * OpenAI Responses API (`POST …/responses`). Usage comes with the response object, and for streams
 * with the terminal `response.completed` (or `response.incomplete` / `response.failed`) event.
 * Reference: https://platform.openai.com/docs/api-reference/responses
 */
export const openAIResponses: WireFormat = {
  name: 'openai.responses',
  usageFormat: 'openai.responses',
  metrics: 'inference',

  matches(method, pathname) {
    return method === 'POST' && /\/responses\/?$/.test(pathname);
  },

  defaultProvider() {
    return undefined;
  },

  parseRequest(body, _bodyText, options) {
    if (!isRecord(body) || !('input' in body || 'prompt' in body || 'previous_response_id' in body)) return undefined;
    const stream = body['stream'] === true;
    const parameters: RequestParameters = {};
    setNumber(parameters, 'temperature', body['temperature']);
    setNumber(parameters, 'topP', body['top_p']);
    setNumber(parameters, 'maxTokens', body['max_output_tokens']);
    setString(parameters, 'serviceTier', body['service_tier']);
    setString(parameters, 'previousResponseId', body['previous_response_id']);
    const reasoning = body['reasoning'];
    if (isRecord(reasoning)) setString(parameters, 'reasoningLevel', reasoning['effort']);
    const text = body['text'];
    const format = isRecord(text) && isRecord(text['format']) ? text['format']['type'] : undefined;
    if (typeof format === 'string') parameters.outputType = format === 'text' ? 'text' : 'json';
    return withContent(unchangedRequest('chat', body['model'], stream, parameters), options.contentMaxLength, (maxLength) => responsesInput(body, maxLength));
  },

  parseResponse(json, request) {
    if (!isRecord(json) || json['object'] !== 'response') return emptyResponse(true);
    const response: ParsedResponse = emptyResponse();
    readResponseObject(json, response, request?.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new ResponsesStreamParser(request.contentMaxLength);
  },
};

/** `input_tokens` includes cached tokens and `output_tokens` includes reasoning, as the conventions count. */
export function readResponsesUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const input = count(usage['input_tokens']);
  const output = count(usage['output_tokens']);
  if (input === undefined && output === undefined) return undefined;
  const result: TokenUsage = { inputTokens: input ?? 0, outputTokens: output ?? 0 };
  const inputDetails = usage['input_tokens_details'];
  const outputDetails = usage['output_tokens_details'];
  const cached = isRecord(inputDetails) ? count(inputDetails['cached_tokens']) : undefined;
  if (cached !== undefined) result.cacheReadInputTokens = cached;
  const reasoning = isRecord(outputDetails) ? count(outputDetails['reasoning_tokens']) : undefined;
  if (reasoning !== undefined) result.reasoningOutputTokens = reasoning;
  return result;
}

/** The Responses API has no finish reason; its status says how the response ended. */
function finishReason(json: Record<string, unknown>): string | undefined {
  const status = json['status'];
  if (status === 'completed') return 'stop';
  if (status === 'incomplete') {
    const details = json['incomplete_details'];
    return isRecord(details) && typeof details['reason'] === 'string' ? details['reason'] : 'incomplete';
  }
  if (status === 'failed' || status === 'cancelled') return 'error';
  return undefined;
}

function readResponseObject(json: Record<string, unknown>, response: ParsedResponse, contentMaxLength?: number): void {
  if (typeof json['id'] === 'string') response.id = json['id'];
  if (typeof json['model'] === 'string') response.model = json['model'];
  if (typeof json['service_tier'] === 'string') response.serviceTier = json['service_tier'];
  const reason = finishReason(json);
  if (reason !== undefined) response.finishReasons = [reason];
  if (contentMaxLength !== undefined && reason !== undefined) response.output = responsesOutput(json, reason, contentMaxLength);
  if (json['usage'] !== undefined && json['usage'] !== null) {
    response.rawUsage = json['usage'];
    response.usage = readResponsesUsage(json['usage']);
  }
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);

/** Stream events carry a `type`; the response object rides on `response.*` lifecycle events. */
class ResponsesStreamParser implements StreamParser {
  private readonly response: ParsedResponse = emptyResponse();
  private done = false;

  constructor(private readonly contentMaxLength: number | undefined) {}

  onEvent(data: string): EventAction {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return { kind: 'pass', output: true };
    }
    if (!isRecord(event) || typeof event['type'] !== 'string') return { kind: 'pass', output: false };
    const type = event['type'];
    if (isRecord(event['response'])) readResponseObject(event['response'], this.response, this.contentMaxLength);
    if (TERMINAL.has(type)) this.done = true;
    if (type === 'error') this.response.errorType = '_OTHER';
    return { kind: 'pass', output: type.endsWith('.delta') };
  }

  result(): ParsedResponse & { complete: boolean } {
    const finishReasons = this.response.finishReasons ?? (this.response.id !== undefined ? ['error'] : undefined);
    return { ...this.response, finishReasons, complete: this.done };
  }
}
