import type { CostResult, Pricer } from '@genai-otel/pricing';
import { ATTR_OPENAI_RESPONSE_SERVICE_TIER } from '../semconv.js';
import { ERROR_TYPES } from '../capture/error-type.js';
import type { CallRecord } from './call-record.js';

/**
 * Prices a finished call from the provider's raw usage. The outcome tells the pricing rules what a
 * missing usage means: an HTTP error may be documented as unbilled (cost 0), while a timeout or an
 * aborted stream is unknown, never $0.
 */
export function priceCall(pricer: Pricer, record: Omit<CallRecord, 'cost'>, timestamp: Date): CostResult {
  const tier = record.response?.attributes[ATTR_OPENAI_RESPONSE_SERVICE_TIER];
  return pricer.price({
    provider: record.provider,
    model: record.response?.model ?? record.requestModel ?? '',
    usage: record.response?.rawUsage,
    usageFormat: record.usageFormat,
    serviceTier: typeof tier === 'string' ? tier : undefined,
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
