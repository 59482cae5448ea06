// The poller's instruments are declared in the telemetry contract (telemetry-contract.json at the repository root,
// written by `pnpm contract` from packages/instrumentation/src/contract/metrics.ts): read, not imported, so this
// package keeps depending on nothing of ours.
import { readFileSync } from 'node:fs';
import { createNoopMeter, type Meter } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { registerUsageInstruments } from '../src/metrics.js';
import type { UsageState } from '../src/state.js';

interface ContractMetric {
  name: string;
  kind: string;
  unit: string;
  description: string;
  package: string;
}

const contract = JSON.parse(readFileSync(new URL('../../../telemetry-contract.json', import.meta.url), 'utf8')) as { metrics: ContractMetric[] };

describe('provider-usage and the telemetry contract', () => {
  it('creates exactly the instruments the contract declares for this package', () => {
    const noop = createNoopMeter();
    const created: Array<Omit<ContractMetric, 'package'>> = [];
    const kinds: Record<string, string> = {
      createCounter: 'counter',
      createObservableCounter: 'observable_counter',
      createObservableGauge: 'observable_gauge',
      createHistogram: 'histogram',
    };
    const meter = new Proxy(noop, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        const kind = typeof property === 'string' ? kinds[property] : undefined;
        if (kind === undefined || typeof value !== 'function') return value;
        return (name: string, options: { unit: string; description: string }) => {
          created.push({ name, kind, unit: options.unit, description: options.description });
          return value.call(target, name, options);
        };
      },
    }) as Meter;
    registerUsageInstruments(meter, { totals: () => [], lastSuccess: () => undefined } as unknown as UsageState, []).close();
    const declared = contract.metrics
      .filter((metric) => metric.package === '@genai-otel/provider-usage')
      .map(({ name, kind, unit, description }) => ({ name, kind, unit, description }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(created.sort(byName)).toEqual(declared.sort(byName));
  });
});
