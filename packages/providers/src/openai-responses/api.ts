import { SSE_FRAMING } from '../framing/sse.js';
import { emptyResponse, isRecord, setNumber, setString, unchangedRequest, withContent } from '../json/json-values.js';
import type { ResponseFacts, RequestParameters, ProviderApi } from '../types.js';
import { responsesInput } from './content.js';
import { readResponseObject } from './response.js';
import { ResponsesStreamParser } from './stream.js';

/**
 * OpenAI Responses API (`POST …/responses`). Usage comes with the response object, and for streams
 * with the terminal `response.completed` (or `response.incomplete` / `response.failed`) event.
 * Reference: https://platform.openai.com/docs/api-reference/responses
 */
export const openAIResponses: ProviderApi = {
  name: 'openai.responses',
  usageFormat: 'openai.responses',
  metrics: 'inference',
  framing: SSE_FRAMING,
  // As Chat Completions, and `background` (where the answer is fetched from).
  deliveryMembers: [
    'stream',
    'stream_options',
    'user',
    'safety_identifier',
    'prompt_cache_key',
    'prompt_cache_retention',
    'metadata',
    'store',
    'service_tier',
    'background',
  ],

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
    const response: ResponseFacts = emptyResponse();
    readResponseObject(json, response, request?.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new ResponsesStreamParser(request.contentMaxLength);
  },
};
