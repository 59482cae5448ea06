import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNoopMeter, type Meter } from '@opentelemetry/api';
import { PRICE_DATA_AGE_METRIC } from '@genai-otel/pricing';
import { describe, expect, it } from 'vitest';
import { AvoidableSpend } from '../record/avoidable-spend.js';
import { GenAIMetrics } from '../record/metrics.js';
import { METRICS, telemetryContractJson, type InstrumentKind } from './metrics.js';
import { prometheusLabel, prometheusMetricName, prometheusSeries } from './prometheus.js';

const CONTRACT_FILE = fileURLToPath(new URL('../../../../telemetry-contract.json', import.meta.url));

interface Created {
  name: string;
  kind: InstrumentKind;
  unit: string | undefined;
  description: string | undefined;
  buckets: number[] | undefined;
}

/** A meter that records every instrument created on it (its descriptor as the SDK would see it). */
function recordingMeter(): { meter: Meter; created: Created[] } {
  const noop = createNoopMeter();
  const created: Created[] = [];
  const kinds: Record<string, InstrumentKind> = {
    createCounter: 'counter',
    createObservableCounter: 'observable_counter',
    createUpDownCounter: 'updown_counter',
    createObservableUpDownCounter: 'updown_counter',
    createHistogram: 'histogram',
    createGauge: 'gauge',
    createObservableGauge: 'observable_gauge',
  };
  const meter = new Proxy(noop, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      const kind = typeof property === 'string' ? kinds[property] : undefined;
      if (kind === undefined || typeof value !== 'function') return value;
      return (name: string, options?: { unit?: string; description?: string; advice?: { explicitBucketBoundaries?: number[] } }) => {
        created.push({ name, kind, unit: options?.unit, description: options?.description, buckets: options?.advice?.explicitBucketBoundaries });
        return value.call(target, name, options);
      };
    },
  });
  return { meter, created };
}

describe('prometheusMetricName (collector, UnderscoreEscapingWithSuffixes)', () => {
  it.each([
    // prometheus-pipeline.md §2.2
    ['gen_ai.client.token.usage', '{token}', 'histogram', 'gen_ai_client_token_usage'],
    ['gen_ai.client.operation.duration', 's', 'histogram', 'gen_ai_client_operation_duration_seconds'],
    ['gen_ai.client.cost', 'USD', 'counter', 'gen_ai_client_cost_USD_total'],
    ['gen_ai.client.cost', '{USD}', 'counter', 'gen_ai_client_cost_total'],
    ['gen_ai.usage.cost', 'USD', 'histogram', 'gen_ai_usage_cost_USD'],
    ['gen_ai.client.inference.usage.input_tokens', '{token}', 'counter', 'gen_ai_client_inference_usage_input_tokens_total'],
    // as the alert rules and the e2e test use them
    ['gen_ai.client.inference.duration', 's', 'histogram', 'gen_ai_client_inference_duration_seconds'],
    ['gen_ai.client.operation.cost', 'USD', 'histogram', 'gen_ai_client_operation_cost_USD'],
    ['genai_otel.client.attempts', '{attempt}', 'counter', 'genai_otel_client_attempts_total'],
    ['genai_otel.repeat.cost', 'USD', 'counter', 'genai_otel_repeat_cost_USD_total'],
    ['genai_otel.pricing.data.age', 's', 'observable_gauge', 'genai_otel_pricing_data_age_seconds'],
    ['genai_otel.provider.poll.last_success', 's', 'observable_gauge', 'genai_otel_provider_poll_last_success_seconds'],
    ['genai_otel.provider.cost', 'USD', 'observable_counter', 'genai_otel_provider_cost_USD_total'],
    ['genai_otel.ratelimit.remaining_tokens', '{token}', 'observable_gauge', 'genai_otel_ratelimit_remaining_tokens'],
    // otlptranslator's rules: unit already a token, per-units, ratio gauges, a name ending in total
    ['process.cpu.seconds', 's', 'counter', 'process_cpu_seconds_total'],
    ['http.throughput', 'By/s', 'gauge', 'http_throughput_bytes_per_second'],
    ['cache.hit', '1', 'gauge', 'cache_hit_ratio'],
    ['requests.total', '{request}', 'counter', 'requests_total'],
    ['custom.metric', 'custom_unit', 'gauge', 'custom_metric_custom_unit'],
  ] as const)('%s (%s, %s) → %s', (name, unit, kind, expected) => {
    expect(prometheusMetricName(name, unit, kind)).toBe(expected);
  });

  it('gives histograms their three series and attribute keys their labels', () => {
    expect(prometheusSeries('gen_ai.client.inference.duration', 's', 'histogram')).toEqual([
      'gen_ai_client_inference_duration_seconds_bucket',
      'gen_ai_client_inference_duration_seconds_sum',
      'gen_ai_client_inference_duration_seconds_count',
    ]);
    expect(prometheusLabel('gen_ai.request.model')).toBe('gen_ai_request_model');
    expect(prometheusLabel('error.type')).toBe('error_type');
  });
});

describe('the telemetry contract', () => {
  it('declares each metric once', () => {
    const names = METRICS.map((metric) => metric.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('matches every instrument the instrumentation creates exactly (name, kind, unit, description, buckets)', () => {
    const { meter, created } = recordingMeter();
    new AvoidableSpend(new GenAIMetrics(meter, 'both'), { repeatWindowSeconds: 60, repeatCapacity: 10, maxPendingCacheWrites: 10 });
    const byName = new Map<string, Created>();
    for (const instrument of created) byName.set(instrument.name, instrument);
    const ours = METRICS.filter((metric) => metric.package !== '@genai-otel/provider-usage');
    expect([...byName.keys()].sort()).toEqual(ours.map((metric) => metric.name).sort());
    for (const metric of ours) {
      expect(byName.get(metric.name), metric.name).toEqual({
        name: metric.name,
        kind: metric.kind,
        unit: metric.unit,
        description: metric.description,
        buckets: metric.buckets ? [...metric.buckets] : undefined,
      });
    }
    expect(METRICS.some((metric) => metric.name === PRICE_DATA_AGE_METRIC)).toBe(true);
  });

  it('is what telemetry-contract.json says (run `pnpm contract` when this fails)', () => {
    expect(readFileSync(CONTRACT_FILE, 'utf8')).toBe(telemetryContractJson());
  });
});
