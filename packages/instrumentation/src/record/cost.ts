import type { CostResult, Pricer } from '@genai-otel/pricing';
import { ERROR_TYPES } from '../capture/error-type.js';
import type { CallRecord } from './call-record.js';

/**
 * A finished call as the pricer needs it: the call record, plus the service tier the request asked
 * for (the request body's `service_tier`, `RequestParameters.serviceTier`). The requested tier
 * only matters for a call that was never served: a Flex request answered 429 is not billed.
 */
export type PricedCallRecord = Omit<CallRecord, 'cost'> & { requestServiceTier?: string | undefined };

/**
 * Prices a finished call from the provider's raw usage. The outcome tells the pricing rules what a
 * missing usage means: an HTTP error may be documented as unbilled (cost 0), while a timeout or an
 * aborted stream is unknown, never $0. A served call is priced by the tier the response reports; one
 * that was never served, by the tier it requested.
 */
export function priceCall(pricer: Pricer, record: PricedCallRecord, timestamp: Date): CostResult {
  return pricer.price({
    provider: record.provider,
    model: record.response?.model ?? record.requestModel ?? '',
    usage: record.response?.rawUsage,
    usageFormat: record.usageFormat,
    serviceTier: record.response?.serviceTier,
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
