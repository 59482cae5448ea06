import { promptCacheBlocks } from './prompt-cache-blocks.js';
import { readUsageIfValid } from '../usage/read-usage.js';
import { SSE_FRAMING } from '../framing/sse.js';
import { StreamedText } from '../content/parts.js';
import { emptyResponse, isRecord, setNumber, setStringArray, unchangedRequest, withContent } from '../json/json-values.js';
import type { ResponseFacts, RequestParameters, ProviderApi } from '../types.js';
import { anthropicInput, anthropicOutput } from './content.js';
import { AnthropicStreamParser } from './stream.js';
import { readAnthropicUsage } from './usage.js';

/**
 * Anthropic Messages (`POST …/v1/messages`), as `@anthropic-ai/sdk` speaks it.
 * Reference: https://docs.anthropic.com/en/api/messages and /en/api/messages-streaming
 */
export const anthropicMessages: ProviderApi = {
  name: 'anthropic.messages',
  usageFormat: 'anthropic.messages',
  metrics: 'inference',
  framing: SSE_FRAMING,
  // Streaming; metadata.user_id, the processing tier, the top-level automatic-caching marker.
  deliveryMembers: ['stream', 'stream_options', 'metadata', 'service_tier', 'cache_control'],
  promptCacheBlocks,

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
    const response: ResponseFacts = emptyResponse();
    if (typeof json['id'] === 'string') response.id = json['id'];
    if (typeof json['model'] === 'string') response.model = json['model'];
    if (typeof json['stop_reason'] === 'string') response.finishReasons = [json['stop_reason']];
    response.rawUsage = json['usage'];
    response.usage = readUsageIfValid(readAnthropicUsage, json['usage']);
    if (request?.contentMaxLength !== undefined) response.output = anthropicOutput(json, request.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new AnthropicStreamParser(request.contentMaxLength === undefined ? undefined : new StreamedText(request.contentMaxLength));
  },
};
