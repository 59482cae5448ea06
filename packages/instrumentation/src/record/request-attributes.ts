import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
  ATTR_GEN_AI_REQUEST_REASONING_LEVEL,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
} from '../semconv.js';
import type { RequestFacts, RequestParameters } from '@genai-otel/providers';

/** Each request parameter and the attribute the conventions name it by. */
const PARAMETER_ATTRIBUTES: ReadonlyArray<readonly [keyof RequestParameters, string]> = [
  ['temperature', ATTR_GEN_AI_REQUEST_TEMPERATURE],
  ['topP', ATTR_GEN_AI_REQUEST_TOP_P],
  ['topK', ATTR_GEN_AI_REQUEST_TOP_K],
  ['maxTokens', ATTR_GEN_AI_REQUEST_MAX_TOKENS],
  ['frequencyPenalty', ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY],
  ['presencePenalty', ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY],
  ['seed', ATTR_GEN_AI_REQUEST_SEED],
  ['stopSequences', ATTR_GEN_AI_REQUEST_STOP_SEQUENCES],
  ['choiceCount', ATTR_GEN_AI_REQUEST_CHOICE_COUNT],
  ['outputType', ATTR_GEN_AI_OUTPUT_TYPE],
  ['reasoningLevel', ATTR_GEN_AI_REQUEST_REASONING_LEVEL],
  ['serviceTier', ATTR_OPENAI_REQUEST_SERVICE_TIER],
  ['previousResponseId', ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID],
  ['encodingFormats', ATTR_GEN_AI_REQUEST_ENCODING_FORMATS],
  ['embeddingDimensions', ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT],
];

/** Adds the request's parameters to `attributes` under the conventions' names (`gen_ai.request.*`, `openai.request.*`). */
export function requestParameterAttributes(request: Pick<RequestFacts, 'parameters' | 'stream'>, attributes: Attributes): Attributes {
  const { parameters } = request;
  for (const [key, attribute] of PARAMETER_ATTRIBUTES) {
    const value = parameters[key];
    if (value !== undefined) attributes[attribute] = value;
  }
  if (request.stream) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  return attributes;
}
