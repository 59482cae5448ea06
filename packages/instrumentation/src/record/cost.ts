import type { CostResult, Pricer } from '@genai-otel/pricing';
import type { Attributes } from '@opentelemetry/api';
import { ATTR_OPENAI_REQUEST_SERVICE_TIER, ATTR_OPENAI_RESPONSE_SERVICE_TIER } from '../semconv.js';
import { ERROR_TYPES } from '../capture/error-type.js';
import type { CallRecord } from './call-record.js';

/**
 * A finished call as the pricer needs it: the call record, plus the service tier the request asked
 * for (the request body's `service_tier`, see {@link requestedServiceTier}). The requested tier
 * only matters for a call that was never served: a Flex request answered 429 is not billed.
 */
export type PricedCallRecord = Omit<CallRecord, 'cost'> & { requestServiceTier?: string | undefined };

/**
 * The tier a request asked for, from the request attributes its wire module read
 * (`openai.request.service_tier`: OpenAI Chat Completions and Responses).
 */
export function requestedServiceTier(request: { attributes: Attributes }): string | undefined {
  const tier = request.attributes[ATTR_OPENAI_REQUEST_SERVICE_TIER];
  return typeof tier === 'string' ? tier : undefined;
}

/**
 * Prices a finished call from the provider's raw usage. The outcome tells the pricing rules what a
 * missing usage means: an HTTP error may be documented as unbilled (cost 0), while a timeout or an
 * aborted stream is unknown, never $0. A served call is priced by the tier the response reports; one
 * that was never served, by the tier it requested.
 */
export function priceCall(pricer: Pricer, record: PricedCallRecord, timestamp: Date): CostResult {
  const tier = record.response?.attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER];
  return pricer.price({
    provider: record.provider,
    model: record.response?.model ?? record.requestModel ?? '',
    usage: record.response?.rawUsage,
    usageFormat: record.usageFormat,
    serviceTier: typeof tier === 'string' ? tier : undefined,
    requestedServiceTier: record.requestServiceTier,
    timestamp,
    outcome: outcomeOf(record),
    httpStatus: record.httpStatus,
    serverAddress: record.serverAddress,
  });
}

function outcomeOf(record: Omit<CallRecord, 'cost'>): 'success' | 'http_error' | 'aborted' | 'timeout' {
  if (record.httpStatus !== undefined && record.httpStatus >= 400) return 'http_error';
  switch (record.errorType) {
    case undefined:
    case ERROR_TYPES.invalidResponse:
      return 'success';
    case ERROR_TYPES.timeout:
      return 'timeout';
    default:
      return 'aborted';
  }
}
