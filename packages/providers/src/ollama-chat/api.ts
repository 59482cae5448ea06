import { NDJSON_FRAMING } from '../framing/ndjson.js';
import { emptyResponse, isRecord, unchangedRequest, withContent } from '../json/json-values.js';
import type { ProviderApi, ResponseFacts } from '../types.js';
import { ollamaChatInput, ollamaChatOutput } from './content.js';
import { ollamaChatParameters, ollamaChatStreams } from './request.js';
import { readOllamaChatObject } from './response.js';
import { ollamaChatStreamParser } from './stream.js';

/**
 * Ollama's native chat API (`POST …/api/chat`), as the `ollama` npm client speaks it; streams are
 * newline-delimited JSON. Reference: ollama/ollama docs/api.md "Generate a chat completion".
 */
export const ollamaChat: ProviderApi = {
  name: 'ollama.chat',
  usageFormat: 'ollama.chat',
  metrics: 'inference',
  framing: NDJSON_FRAMING,
  // `keep_alive` only says how long the model stays loaded afterwards.
  deliveryMembers: ['stream', 'keep_alive'],

  matches(method, pathname) {
    return method === 'POST' && pathname.endsWith('/api/chat');
  },

  /** The path is Ollama's own API: `ollama` (no well-known value in the conventions; a custom one). */
  defaultProvider() {
    return 'ollama';
  },

  parseRequest(body, _bodyText, options) {
    if (!isRecord(body) || typeof body['model'] !== 'string') return undefined;
    const request = unchangedRequest('chat', body['model'], ollamaChatStreams(body), ollamaChatParameters(body));
    return withContent(request, options.contentMaxLength, (maxLength) => ollamaChatInput(body, maxLength));
  },

  parseResponse(json, request) {
    if (!isRecord(json)) return emptyResponse(true);
    const response: ResponseFacts = emptyResponse();
    if (!readOllamaChatObject(json, response)) response.malformed = true;
    if (request?.contentMaxLength !== undefined) response.output = ollamaChatOutput(json, request.contentMaxLength, response.finishReasons?.[0]);
    return response;
  },

  createStreamParser(request) {
    return ollamaChatStreamParser(request.contentMaxLength);
  },
};
