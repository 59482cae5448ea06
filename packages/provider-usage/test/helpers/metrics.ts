// An in-memory MeterProvider whose metrics a test reads back as `name{attr=value,…}` → value.
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { Meter } from '@opentelemetry/api';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** `name{a=1,b=2}` with the attributes sorted; `name` alone without attributes. */
export function pointKey(name: string, attributes: Record<string, unknown>): string {
  const entries = Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0 ? name : `${name}{${entries.map(([k, v]) => `${k}=${String(v)}`).join(',')}}`;
}

export interface CollectedMetrics {
  /** Point key → value (sums and gauges). */
  points: Map<string, number>;
  /** Metric name → unit. */
  units: Map<string, string>;
  /** Points of one metric, key → value. */
  of(name: string): Map<string, number>;
}

export interface TestMeter {
  meter: Meter;
  collect(): Promise<CollectedMetrics>;
  shutdown(): Promise<void>;
}

export function testMeter(): TestMeter {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  return {
    meter: provider.getMeter('test'),
    async collect() {
      const { resourceMetrics } = await reader.collect();
      const points = new Map<string, number>();
      const units = new Map<string, string>();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          units.set(metric.descriptor.name, metric.descriptor.unit);
          for (const point of metric.dataPoints) {
            if (typeof point.value === 'number') points.set(pointKey(metric.descriptor.name, point.attributes), point.value);
          }
        }
      }
      return {
        points,
        units,
        of: (name) => new Map([...points].filter(([key]) => key === name || key.startsWith(`${name}{`))),
      };
    },
    shutdown: () => provider.shutdown(),
  };
}
