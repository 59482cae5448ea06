import { count, emptyResponse, isRecord, setNumber, setStringArray, unchangedRequest, withContent } from './json-values.js';
import { anthropicInput, anthropicOutput, StreamedText } from './messages.js';
import type { RequestParameters, EventAction, ParsedResponse, StreamParser, TokenUsage, WireFormat } from './types.js';

/**
 * Anthropic Messages (`POST …/v1/messages`), as `@anthropic-ai/sdk` speaks it.
 * Reference: https://docs.anthropic.com/en/api/messages and /en/api/messages-streaming
 */
export const anthropicMessages: WireFormat = {
  name: 'anthropic.messages',
  usageFormat: 'anthropic.messages',
  metrics: 'inference',

  matches(method, pathname) {
    return method === 'POST' && (pathname.endsWith('/v1/messages') || pathname === '/messages');
  },

  defaultProvider() {
    return 'anthropic';
  },

  parseRequest(body, _bodyText, options) {
    if (!isRecord(body) || !Array.isArray(body['messages'])) return undefined;
    const stream = body['stream'] === true;
    const parameters: RequestParameters = {};
    setNumber(parameters, 'maxTokens', body['max_tokens']);
    setNumber(parameters, 'temperature', body['temperature']);
    setNumber(parameters, 'topP', body['top_p']);
    setNumber(parameters, 'topK', body['top_k']);
    setStringArray(parameters, 'stopSequences', body['stop_sequences']);
    return withContent(unchangedRequest('chat', body['model'], stream, parameters), options.contentMaxLength, (maxLength) => anthropicInput(body, maxLength));
  },

  parseResponse(json, request) {
    if (!isRecord(json) || json['type'] !== 'message') return emptyResponse(true);
    const response: ParsedResponse = emptyResponse();
    if (typeof json['id'] === 'string') response.id = json['id'];
    if (typeof json['model'] === 'string') response.model = json['model'];
    if (typeof json['stop_reason'] === 'string') response.finishReasons = [json['stop_reason']];
    response.rawUsage = json['usage'];
    response.usage = readAnthropicUsage(json['usage']);
    if (request?.contentMaxLength !== undefined) response.output = anthropicOutput(json, request.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new AnthropicStreamParser(request.contentMaxLength === undefined ? undefined : new StreamedText(request.contentMaxLength));
  },
};

/**
 * Anthropic's `input_tokens` excludes cache reads and cache writes; the conventions' input tokens
 * include them (v1.41 anthropic.md): input = input_tokens + cache_read + cache_creation.
 */
export function readAnthropicUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const uncached = count(usage['input_tokens']);
  const output = count(usage['output_tokens']);
  if (uncached === undefined && output === undefined) return undefined;
  const cacheRead = count(usage['cache_read_input_tokens']);
  const cacheWrite = count(usage['cache_creation_input_tokens']);
  const result: TokenUsage = {
    inputTokens: (uncached ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: output ?? 0,
  };
  if (cacheRead !== undefined) result.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) result.cacheWriteInputTokens = cacheWrite;
  const details = usage['output_tokens_details'];
  const thinking = isRecord(details) ? count(details['thinking_tokens']) : undefined;
  if (thinking !== undefined) result.reasoningOutputTokens = thinking;
  return result;
}

const ANTHROPIC_ERROR_TYPES: Record<string, string> = {
  overloaded_error: 'overloaded',
  rate_limit_error: 'rate_limited',
  api_error: 'server_error',
  timeout_error: 'timeout',
  invalid_request_error: 'invalid_request',
  authentication_error: 'authentication',
  permission_error: 'authentication',
  not_found_error: 'not_found',
};

const OUTPUT: EventAction = { kind: 'pass', output: true };
const SILENT: EventAction = { kind: 'pass', output: false };

/**
 * `message_start` carries the message (id, model) and the input-side usage; `message_delta` carries
 * the stop reason and usage fields that are cumulative (take the latest value of each field, never
 * add start and delta); `message_stop` ends the message; an `error` event reports a failure
 * (typically `overloaded_error`) after a 200.
 */
class AnthropicStreamParser implements StreamParser {
  private readonly response: ParsedResponse = emptyResponse();
  private usage: Record<string, unknown> = {};
  private stopped = false;

  constructor(private readonly text: StreamedText | undefined) {}

  onEvent(data: string): EventAction {
    // Hot path: a text delta carries nothing to read unless its text is captured. No JSON.parse.
    if (this.text === undefined && data.startsWith('{"type":"content_block_delta"') && !data.includes('"usage"')) return OUTPUT;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      this.response.malformed = true;
      return OUTPUT;
    }
    if (!isRecord(event)) return SILENT;
    switch (event['type']) {
      case 'message_start': {
        const message = event['message'];
        if (isRecord(message)) {
          if (typeof message['id'] === 'string') this.response.id = message['id'];
          if (typeof message['model'] === 'string') this.response.model = message['model'];
          this.mergeUsage(message['usage']);
        }
        return OUTPUT;
      }
      case 'content_block_delta': {
        const delta = event['delta'];
        if (this.text && isRecord(delta) && typeof delta['text'] === 'string') this.text.append(0, delta['text']);
        return OUTPUT;
      }
      case 'message_delta': {
        const delta = event['delta'];
        if (isRecord(delta) && typeof delta['stop_reason'] === 'string') this.response.finishReasons = [delta['stop_reason']];
        this.mergeUsage(event['usage']);
        return SILENT;
      }
      case 'message_stop':
        this.stopped = true;
        return SILENT;
      case 'error': {
        const error = event['error'];
        const type = isRecord(error) && typeof error['type'] === 'string' ? error['type'] : '';
        this.response.errorType = ANTHROPIC_ERROR_TYPES[type] ?? '_OTHER';
        return SILENT;
      }
      default:
        return SILENT;
    }
  }

  /** Fields that are present and not null replace earlier values (they are cumulative). */
  private mergeUsage(usage: unknown): void {
    if (!isRecord(usage)) return;
    for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) this.usage[key] = value;
    this.response.rawUsage = { ...this.usage };
    this.response.usage = readAnthropicUsage(this.usage);
  }

  result(): ParsedResponse & { complete: boolean } {
    const finishReasons = this.response.finishReasons ?? (this.response.id !== undefined ? ['error'] : undefined);
    const output = this.text?.messages(finishReasons ?? ['error']);
    return { ...this.response, finishReasons, ...(output ? { output } : {}), complete: this.stopped };
  }
}
