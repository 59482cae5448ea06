import { SSE_FRAMING } from '../framing/sse.js';
import { StreamedText } from '../content/parts.js';
import { emptyResponse, isRecord, setNumber, setStringArray, unchangedRequest, withContent } from '../json/json-values.js';
import type { ResponseFacts, RequestParameters, ProviderApi } from '../types.js';
import { geminiInput, geminiOutput } from './content.js';
import { readChunk } from './response.js';
import { GeminiStreamParser } from './stream.js';

/** `…/models/{model}:generateContent` or `:streamGenerateContent` (Gemini API and Vertex AI). */
const PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
/** Vertex AI publisher-model paths: `/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…`. */
const VERTEX_PATH = /\/projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\//;

/**
 * Gemini `generateContent` / `streamGenerateContent?alt=sse`, as `@google/genai` speaks it, for the
 * Gemini API and Vertex AI. Reference: https://ai.google.dev/api/generate-content
 */
export const gemini: ProviderApi = {
  name: 'gemini',
  usageFormat: 'gemini',
  metrics: 'inference',
  framing: SSE_FRAMING,
  // Billing labels (streaming is in the URL: :streamGenerateContent vs :generateContent).
  deliveryMembers: ['stream', 'stream_options', 'labels'],

  matches(method, pathname) {
    return method === 'POST' && PATH.test(pathname);
  },

  modelFromPath(pathname) {
    const match = PATH.exec(pathname);
    return match === null ? undefined : decodeURIComponent(match[1]!);
  },

  defaultProvider(url) {
    return VERTEX_PATH.test(url.pathname) ? 'gcp.vertex_ai' : 'gcp.gemini';
  },

  parseRequest(body, _bodyText, options, url) {
    const match = PATH.exec(url.pathname);
    if (!isRecord(body) || match === null) return undefined;
    const stream = match[2] === 'streamGenerateContent';
    const parameters: RequestParameters = {};
    const config = body['generationConfig'];
    if (isRecord(config)) {
      setNumber(parameters, 'temperature', config['temperature']);
      setNumber(parameters, 'topP', config['topP']);
      setNumber(parameters, 'topK', config['topK']);
      setNumber(parameters, 'maxTokens', config['maxOutputTokens']);
      setNumber(parameters, 'seed', config['seed']);
      setNumber(parameters, 'presencePenalty', config['presencePenalty']);
      setNumber(parameters, 'frequencyPenalty', config['frequencyPenalty']);
      setStringArray(parameters, 'stopSequences', config['stopSequences']);
      const candidates = config['candidateCount'];
      if (typeof candidates === 'number' && candidates !== 1) parameters.choiceCount = candidates;
      const mime = config['responseMimeType'];
      if (typeof mime === 'string') parameters.outputType = mime === 'application/json' ? 'json' : 'text';
    }
    return withContent(unchangedRequest('generate_content', decodeURIComponent(match[1]!), stream, parameters), options.contentMaxLength, (maxLength) =>
      geminiInput(body, maxLength),
    );
  },

  parseResponse(json, request) {
    if (!isRecord(json)) return emptyResponse(true);
    const response: ResponseFacts = emptyResponse();
    readChunk(json, response, new Map());
    if (request?.contentMaxLength !== undefined) response.output = geminiOutput(json, request.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new GeminiStreamParser(request.contentMaxLength === undefined ? undefined : new StreamedText(request.contentMaxLength));
  },
};
