import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '../semconv.js';
import type { CostResult, UsageFormat } from '@genai-otel/pricing';
import type { ResponseFacts } from '@genai-otel/providers';

/**
 * One LLM call, normalized: what capture and the wire modules learned, ready to become span
 * attributes, metric points and (later) cost. Nothing here is raw JSON except `response.rawUsage`.
 */
export interface CallRecord {
  /** `gen_ai.operation.name`, `gen_ai.provider.name`, `gen_ai.request.model`, `server.*`: the metric dimensions. */
  operation: string;
  provider: string;
  requestModel: string | undefined;
  serverAddress: string;
  serverPort: number;
  stream: boolean;
  /** Which metric family the operation records (see `ProviderApi.metrics`). */
  metrics: 'inference' | 'operation';
  /** The provider usage shape (for pricing). */
  usageFormat: UsageFormat;
  /** Seconds from the start of the call to its end (headers for errors, last byte for bodies). */
  durationSeconds: number;
  /** Seconds from the start of the call to the first streamed chunk. */
  timeToFirstChunkSeconds: number | undefined;
  /** Set when a response (or part of a stream) was read. */
  response: ResponseFacts | undefined;
  /** Set when the call failed; one of the documented `error.type` values. */
  errorType: string | undefined;
  /** Human-readable failure description for the span status (never request or response content). */
  errorMessage: string | undefined;
  /** HTTP status of the response, when one arrived. */
  httpStatus: number | undefined;
  /** Billed cost, when cost is enabled: priced, or unknown with a reason. */
  cost: CostResult | undefined;
  /** The call's attribution on its promoted keys (`metricAttributes`, values capped): metric dimensions too. */
  attribution?: Attributes | undefined;
}

/** The dimensions every metric of a call shares (`error.type` and token attributes are added per instrument). */
export function metricAttributes(
  record: Pick<CallRecord, 'operation' | 'provider' | 'requestModel' | 'serverAddress' | 'serverPort' | 'attribution'>,
  responseModel: string | undefined,
): Attributes {
  const attributes: Attributes = {
    ...record.attribution,
    [ATTR_GEN_AI_OPERATION_NAME]: record.operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: record.provider,
    [ATTR_SERVER_ADDRESS]: record.serverAddress,
    [ATTR_SERVER_PORT]: record.serverPort,
  };
  if (record.requestModel !== undefined) attributes[ATTR_GEN_AI_REQUEST_MODEL] = record.requestModel;
  if (responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
  return attributes;
}
