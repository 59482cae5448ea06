import type { Attributes, Counter } from '@opentelemetry/api';
import { ATTR_GENAI_OTEL_ATTRIBUTE_KEY } from '../semconv.js';

/** The value recorded instead of an attribution value once its key's cap is reached (as for model names). */
export const CAPPED_VALUE = '_OTHER';

/**
 * Bounds the values of each promoted attribution key (`genai_otel.tenant`, …) on metrics: the first `limit` distinct
 * values of a key are kept, later new ones are recorded as `_OTHER` and counted in
 * `genai_otel.metrics.attribute_values_capped` (by `genai_otel.attribute.key`). Applied once per call, as it starts
 * (GenAIMetrics.capAttribution): the counter counts calls. Spans keep the real value.
 */
export class AttributeValueCap {
  private readonly seen = new Map<string, Set<string>>();

  constructor(
    readonly keys: readonly string[],
    private readonly limit: number,
    private readonly capped: Counter,
  ) {}

  /** The attributes to record: the same object when nothing had to be capped. */
  apply(attributes: Attributes): Attributes {
    let out: Attributes | undefined;
    for (const key of this.keys) {
      const value = attributes[key];
      if (value === undefined || this.admit(key, String(value))) continue;
      out ??= { ...attributes };
      out[key] = CAPPED_VALUE;
    }
    return out ?? attributes;
  }

  /** `attributes` without the promoted keys (for series that are not per call, such as the rate-limit gauges). */
  strip(attributes: Attributes): Attributes {
    if (!this.keys.some((key) => key in attributes)) return attributes;
    const out = { ...attributes };
    for (const key of this.keys) delete out[key];
    return out;
  }

  private admit(key: string, value: string): boolean {
    let values = this.seen.get(key);
    if (values === undefined) {
      values = new Set();
      this.seen.set(key, values);
    }
    if (values.has(value)) return true;
    if (values.size < this.limit) {
      values.add(value);
      return true;
    }
    this.capped.add(1, { [ATTR_GENAI_OTEL_ATTRIBUTE_KEY]: key });
    return false;
  }
}
