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
} from '../semconv.js';
import type { CallRecord } from './call-record.js';

/** The response-side span attributes of a finished call. */
export function responseSpanAttributes(record: CallRecord): Attributes {
  const attributes: Attributes = {};
  const response = record.response;
  if (response) {
    if (response.id !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = response.id;
    if (response.model !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = response.model;
    if (response.finishReasons !== undefined) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = response.finishReasons;
    Object.assign(attributes, response.attributes);
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
