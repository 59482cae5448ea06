import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GENAI_OTEL_COST_DATA_VERSION,
  ATTR_GENAI_OTEL_COST_UNKNOWN_REASON,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
} from '../semconv.js';
import type { RequestFacts } from '@genai-otel/providers';
import type { CallRecord } from './call-record.js';
import { requestParameterAttributes } from './request-attributes.js';

/** Where a call goes: the provider and the server, as capture resolved them. */
export interface CallTarget {
  provider: string;
  serverAddress: string;
  serverPort: number;
}

/** The span attributes known when a call starts: its attribution, the operation, the target and the request's parameters. */
export function requestSpanAttributes(request: RequestFacts, target: CallTarget, attribution: Attributes): Attributes {
  const attributes: Attributes = {
    // Attribution first: the call's own attributes win over a key of the same name.
    ...attribution,
    [ATTR_GEN_AI_OPERATION_NAME]: request.operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: target.provider,
  };
  if (request.model !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = request.model;
  attributes[ATTR_SERVER_ADDRESS] = target.serverAddress;
  attributes[ATTR_SERVER_PORT] = target.serverPort;
  requestParameterAttributes(request, attributes);
  if (request.input) {
    attributes[ATTR_GEN_AI_INPUT_MESSAGES] = JSON.stringify(request.input.messages);
    if (request.input.systemInstructions) attributes[ATTR_GEN_AI_SYSTEM_INSTRUCTIONS] = JSON.stringify(request.input.systemInstructions);
  }
  return attributes;
}

/** The response-side span attributes of a finished call. */
export function responseSpanAttributes(record: CallRecord): Attributes {
  const attributes: Attributes = {};
  const response = record.response;
  if (response) {
    if (response.id !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = response.id;
    if (response.model !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = response.model;
    if (response.finishReasons !== undefined) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = response.finishReasons;
    if (response.serviceTier !== undefined) attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER] = response.serviceTier;
    if (response.systemFingerprint !== undefined) attributes[ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = response.systemFingerprint;
    if (response.output) attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = JSON.stringify(response.output);
    const usage = response.usage;
    if (usage) {
      attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
      attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
      // Zero or unreported breakdowns stay off the span (semantic-conventions-genai#502).
      if (usage.cacheReadInputTokens) attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadInputTokens;
      if (usage.cacheWriteInputTokens) attributes[ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS] = usage.cacheWriteInputTokens;
      if (usage.reasoningOutputTokens) {
        attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS] = usage.reasoningOutputTokens;
      }
    }
  }
  if (record.timeToFirstChunkSeconds !== undefined) {
    attributes[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = record.timeToFirstChunkSeconds;
  }
  const cost = record.cost;
  if (cost?.status === 'priced') {
    attributes[ATTR_GEN_AI_USAGE_COST_AMOUNT] = cost.amount;
    attributes[ATTR_GEN_AI_USAGE_COST_CURRENCY] = cost.currency;
    attributes[ATTR_GEN_AI_USAGE_COST_SOURCE] = cost.source;
    attributes[ATTR_GENAI_OTEL_COST_DATA_VERSION] = cost.dataVersion;
  } else if (cost?.status === 'unknown') {
    attributes[ATTR_GENAI_OTEL_COST_UNKNOWN_REASON] = cost.reason;
  }
  if (record.errorType !== undefined) attributes[ATTR_ERROR_TYPE] = record.errorType;
  return attributes;
}

/** Sets the response attributes and the status, then ends the span (at `endTime`, epoch ms, when given). */
export function endSpan(span: Span, record: CallRecord, endTime?: number): void {
  span.setAttributes(responseSpanAttributes(record));
  if (record.errorType !== undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: record.errorMessage ?? record.errorType });
  }
  span.end(endTime);
}
