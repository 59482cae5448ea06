import type { Attributes, Meter, ObservableGauge } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  METRIC_GENAI_OTEL_RATELIMIT_LIMIT_REQUESTS,
  METRIC_GENAI_OTEL_RATELIMIT_LIMIT_TOKENS,
  METRIC_GENAI_OTEL_RATELIMIT_REMAINING_REQUESTS,
  METRIC_GENAI_OTEL_RATELIMIT_REMAINING_TOKENS,
  METRIC_GENAI_OTEL_RATELIMIT_RESET_REQUESTS,
  METRIC_GENAI_OTEL_RATELIMIT_RESET_TOKENS,
  METRIC_GENAI_OTEL_RATELIMIT_RETRY_AFTER,
} from '../semconv.js';
import { hasRateLimitHeaders, hasRetryAfter, readRateLimits, type RateLimits } from '@genai-otel/providers';
import { contractObservableGauge } from './metric-points.js';

/**
 * The rate-limit gauges: a response only leaves its headers here (one map write a call); they are read when
 * metrics are collected. The last headers per provider, model, server and operation; the last retry-after apart
 * (a later success has none).
 */
export class RateLimitGauges {
  private readonly gauges: Record<keyof RateLimits, ObservableGauge>;
  private readonly latestLimits = new Map<string, { attributes: Attributes; headers: Headers }>();
  private readonly latestRetryAfter = new Map<string, { attributes: Attributes; seconds: number }>();

  constructor(meter: Meter) {
    this.gauges = {
      remainingRequests: contractObservableGauge(meter, METRIC_GENAI_OTEL_RATELIMIT_REMAINING_REQUESTS),
      remainingTokens: contractObservableGauge(meter, METRIC_GENAI_OTEL_RATELIMIT_REMAINING_TOKENS),
      limitRequests: contractObservableGauge(meter, METRIC_GENAI_OTEL_RATELIMIT_LIMIT_REQUESTS),
      limitTokens: contractObservableGauge(meter, METRIC_GENAI_OTEL_RATELIMIT_LIMIT_TOKENS),
      resetRequests: contractObservableGauge(meter, METRIC_GENAI_OTEL_RATELIMIT_RESET_REQUESTS),
      resetTokens: contractObservableGauge(meter, METRIC_GENAI_OTEL_RATELIMIT_RESET_TOKENS),
      retryAfter: contractObservableGauge(meter, METRIC_GENAI_OTEL_RATELIMIT_RETRY_AFTER),
    };
    meter.addBatchObservableCallback((result) => {
      const now = Date.now();
      for (const { attributes, headers } of this.latestLimits.values()) {
        const limits = readRateLimits(headers, now);
        if (!limits) continue;
        for (const key of Object.keys(limits) as Array<keyof RateLimits>) {
          const value = limits[key];
          if (value !== undefined && key !== 'retryAfter') result.observe(this.gauges[key], value, attributes);
        }
      }
      for (const { attributes, seconds } of this.latestRetryAfter.values()) result.observe(this.gauges.retryAfter, seconds, attributes);
    }, Object.values(this.gauges));
  }

  /** Whether a response's headers carry anything for the gauges. */
  static carried(headers: Headers): boolean {
    return hasRateLimitHeaders(headers);
  }

  /** Keeps a response's headers under its attributes (caps applied, no attribution). */
  keep(attributes: Attributes, headers: Headers): void {
    const key = `${attributes[ATTR_GEN_AI_PROVIDER_NAME]}\u0000${attributes[ATTR_GEN_AI_REQUEST_MODEL]}\u0000${attributes[ATTR_SERVER_ADDRESS]}\u0000${attributes[ATTR_SERVER_PORT]}\u0000${attributes[ATTR_GEN_AI_OPERATION_NAME]}`;
    this.latestLimits.set(key, { attributes, headers });
    if (hasRetryAfter(headers)) {
      const seconds = readRateLimits(headers)?.retryAfter;
      if (seconds !== undefined) this.latestRetryAfter.set(key, { attributes, seconds });
    }
  }
}
