import type { Meter } from '@opentelemetry/api';
import { metricContract } from '../contract/metrics.js';
import type { MetricPoints, MetricStore, ProducedMetric } from './metric-store.js';

/**
 * A per-call metric's points, named as in the telemetry contract (contract/metrics.ts: kind, unit, description,
 * buckets): produced by genai-otel's metric producer when readers have one (metric-store.ts), else an instrument of
 * `meter` — one or the other, so a name is never exported twice.
 */
export function metricPoints(meter: Meter, store: MetricStore | undefined, name: string): MetricPoints {
  if (store !== undefined) return producedMetric(store, name);
  const contract = metricContract(name);
  const options = { description: contract.description, unit: contract.unit };
  if (contract.kind === 'histogram') {
    const histogram = meter.createHistogram(name, { ...options, advice: { explicitBucketBoundaries: [...(contract.buckets ?? [])] } });
    return { record: (value, series) => histogram.record(value, series.attributes) };
  }
  if (contract.kind !== 'counter') throw new Error(`${name} is a ${contract.kind}, not a histogram or counter`);
  const counter = meter.createCounter(name, options);
  return { record: (value, series) => counter.add(value, series.attributes) };
}

/** The produced metric of a contract name (a histogram or a counter). */
export function producedMetric(store: MetricStore, name: string): ProducedMetric {
  const contract = metricContract(name);
  const spec = { name, description: contract.description, unit: contract.unit, ...(contract.buckets ? { buckets: contract.buckets } : {}) };
  return contract.kind === 'histogram' ? store.histogram(spec) : store.counter(spec);
}

/** An instrument the producer never takes over (rare points: caps, guard), made as the contract says. */
export function contractCounter(meter: Meter, name: string) {
  const contract = metricContract(name);
  return meter.createCounter(name, { description: contract.description, unit: contract.unit });
}

export function contractObservableGauge(meter: Meter, name: string) {
  const contract = metricContract(name);
  return meter.createObservableGauge(name, { description: contract.description, unit: contract.unit });
}

export function contractHistogram(meter: Meter, name: string) {
  const contract = metricContract(name);
  return meter.createHistogram(name, {
    description: contract.description,
    unit: contract.unit,
    advice: { explicitBucketBoundaries: [...(contract.buckets ?? [])] },
  });
}
