import { readOpenAIChatUsage } from '../openai-chat/usage.js';
import { readUsageIfValid } from '../usage/read-usage.js';
import { SSE_FRAMING } from '../framing/sse.js';
import { emptyResponse, isRecord, setNumber, unchangedRequest } from '../json/json-values.js';
import type { RequestParameters, ResponseFacts, ProviderApi } from '../types.js';

/**
 * OpenAI embeddings (`POST …/embeddings`), also spoken by most OpenAI-compatible servers. Input tokens
 * only. Reference: https://platform.openai.com/docs/api-reference/embeddings
 */
export const openAIEmbeddings: ProviderApi = {
  name: 'openai.embeddings',
  usageFormat: 'openai.chat',
  metrics: 'operation',
  framing: SSE_FRAMING,
  deliveryMembers: ['stream', 'stream_options', 'user'],

  matches(method, pathname) {
    return method === 'POST' && /\/embeddings\/?$/.test(pathname);
  },

  defaultProvider() {
    return undefined;
  },

  parseRequest(body) {
    if (!isRecord(body) || !('input' in body)) return undefined;
    const parameters: RequestParameters = {};
    // The openai SDK asks for base64 unless told otherwise (and decodes it for the caller).
    parameters.encodingFormats = [typeof body['encoding_format'] === 'string' ? body['encoding_format'] : 'float'];
    setNumber(parameters, 'embeddingDimensions', body['dimensions']);
    return unchangedRequest('embeddings', body['model'], false, parameters);
  },

  parseResponse(json) {
    if (!isRecord(json) || !Array.isArray(json['data'])) return emptyResponse(true);
    const response: ResponseFacts = emptyResponse();
    if (typeof json['model'] === 'string') response.model = json['model'];
    const usage = json['usage'];
    if (isRecord(usage)) {
      response.rawUsage = usage;
      response.usage = readUsageIfValid(readOpenAIChatUsage, usage);
    }
    return response;
  },

  createStreamParser() {
    // Embeddings are never streamed; a stream is passed through and read as nothing.
    return {
      onEvent: () => ({ kind: 'pass', output: false }),
      result: () => ({ ...emptyResponse(), complete: true }),
    };
  },
};
