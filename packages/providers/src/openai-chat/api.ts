import { readUsageIfValid } from '../usage/read-usage.js';
import { SSE_FRAMING } from '../framing/sse.js';
import { emptyResponse, isRecord, setNumber, setStringArray, withContent } from '../json/json-values.js';
import type { RequestFacts, ResponseFacts, RequestParameters, ProviderApi } from '../types.js';
import { openAIChatInput, openAIChatOutput } from './content.js';
import { choiceIndex, readEnvelope } from './response.js';
import { OpenAIChatStreamParser } from './stream.js';
import { StreamedText } from '../content/parts.js';
import { readOpenAIChatUsage } from './usage.js';

/**
 * OpenAI Chat Completions (`POST …/chat/completions`), as spoken by OpenAI, DeepSeek and every
 * OpenAI-compatible gateway. Reference: https://platform.openai.com/docs/api-reference/chat
 */
export const openAIChat: ProviderApi = {
  name: 'openai.chat',
  usageFormat: 'openai.chat',
  metrics: 'inference',
  framing: SSE_FRAMING,
  // Streaming is delivery (stream_options: include_usage, include_obfuscation); end-user and bookkeeping fields,
  // prompt-cache routing, storage, the processing tier.
  deliveryMembers: ['stream', 'stream_options', 'user', 'safety_identifier', 'prompt_cache_key', 'prompt_cache_retention', 'metadata', 'store', 'service_tier'],

  defaultProvider() {
    return undefined;
  },

  matches(method, pathname) {
    return method === 'POST' && (pathname.endsWith('/chat/completions') || pathname.endsWith('/chat/completions/'));
  },

  parseRequest(body, bodyText, options) {
    if (!isRecord(body) || !Array.isArray(body['messages'])) return undefined;
    const model = typeof body['model'] === 'string' ? body['model'] : undefined;
    const stream = body['stream'] === true;
    const parameters = requestParameters(body);
    const streamOptions = body['stream_options'];
    const wantsUsage = isRecord(streamOptions) && streamOptions['include_usage'] === true;
    let rewrittenBody: string | undefined;
    if (stream && !wantsUsage && options.injectStreamUsage) {
      rewrittenBody = injectIncludeUsage(body, bodyText);
    }
    const request: RequestFacts = {
      operation: 'chat',
      model,
      stream,
      parameters,
      rewrittenBody,
      usageInjected: rewrittenBody !== undefined,
    };
    return withContent(request, options.contentMaxLength, (maxLength) => openAIChatInput(body, maxLength));
  },

  parseResponse(json, request) {
    if (!isRecord(json)) return emptyResponse(true);
    const response: ResponseFacts = emptyResponse();
    readEnvelope(json, response);
    if (Array.isArray(json['choices'])) {
      const reasons: Array<[number, string]> = [];
      for (const choice of json['choices']) {
        if (isRecord(choice) && typeof choice['finish_reason'] === 'string') {
          reasons.push([choiceIndex(choice['index']) ?? reasons.length, choice['finish_reason']]);
        }
      }
      response.finishReasons = reasons.sort((a, b) => a[0] - b[0]).map(([, reason]) => reason);
    }
    response.rawUsage = json['usage'];
    response.usage = readUsageIfValid(readOpenAIChatUsage, json['usage']);
    if (request?.contentMaxLength !== undefined) response.output = openAIChatOutput(json, request.contentMaxLength);
    return response;
  },

  createStreamParser(request) {
    return new OpenAIChatStreamParser(request.usageInjected, request.contentMaxLength === undefined ? undefined : new StreamedText(request.contentMaxLength));
  },
};

/**
 * Adds `stream_options.include_usage: true`. When the caller sent no `stream_options`, the member is
 * appended to the caller's own text so every other byte of the request stays as the caller wrote it.
 */
function injectIncludeUsage(body: Record<string, unknown>, bodyText: string): string {
  const trimmed = bodyText.trimEnd();
  if (!('stream_options' in body) && trimmed.endsWith('}')) {
    return `${trimmed.slice(0, -1)},"stream_options":{"include_usage":true}}`;
  }
  const existing = isRecord(body['stream_options']) ? body['stream_options'] : {};
  return JSON.stringify({ ...body, stream_options: { ...existing, include_usage: true } });
}

function requestParameters(body: Record<string, unknown>): RequestParameters {
  const parameters: RequestParameters = {};
  setNumber(parameters, 'temperature', body['temperature']);
  setNumber(parameters, 'topP', body['top_p']);
  setNumber(parameters, 'maxTokens', body['max_completion_tokens'] ?? body['max_tokens']);
  setNumber(parameters, 'frequencyPenalty', body['frequency_penalty']);
  setNumber(parameters, 'presencePenalty', body['presence_penalty']);
  setNumber(parameters, 'seed', body['seed']);
  setStringArray(parameters, 'stopSequences', body['stop']);
  const n = body['n'];
  if (typeof n === 'number' && n !== 1) parameters.choiceCount = n;
  const responseFormat = body['response_format'];
  if (isRecord(responseFormat) && typeof responseFormat['type'] === 'string') {
    parameters.outputType = responseFormat['type'] === 'text' ? 'text' : 'json';
  }
  if (typeof body['reasoning_effort'] === 'string') {
    parameters.reasoningLevel = body['reasoning_effort'];
  }
  if (typeof body['service_tier'] === 'string') parameters.serviceTier = body['service_tier'];
  return parameters;
}
