// The OpenTelemetry instruments: observable counters whose value is the state's total of each series
// (see state.ts for the time semantics), the poll error counter and the last-success gauge.
import type { Attributes, BatchObservableCallback, Counter, Meter } from '@opentelemetry/api';
import {
  ATTR_ENDPOINT,
  ATTR_PROVIDER_NAME,
  METRIC_POLL_ERRORS,
  METRIC_POLL_LAST_SUCCESS,
  METRIC_PROVIDER_COST,
  METRIC_PROVIDER_REQUESTS,
  METRIC_PROVIDER_TOKENS,
} from './names.js';
import type { ReportSource } from './sources/source.js';
import type { UsageState } from './state.js';

/** The instruments of one poller. */
export interface UsageInstruments {
  pollErrors: Counter<Attributes>;
  /** Stops observing (the instruments stay registered with the meter, silent). */
  close(): void;
}

export function registerUsageInstruments(meter: Meter, state: UsageState, sources: readonly ReportSource[]): UsageInstruments {
  const tokens = meter.createObservableCounter(METRIC_PROVIDER_TOKENS, {
    unit: '{token}',
    description: 'Tokens the provider reports in its usage API, by token type (input includes cache reads and writes).',
  });
  const requests = meter.createObservableCounter(METRIC_PROVIDER_REQUESTS, {
    unit: '{request}',
    description: 'Model requests the provider reports in its usage API.',
  });
  const cost = meter.createObservableCounter(METRIC_PROVIDER_COST, {
    unit: 'USD',
    description: 'What the provider bills, from its cost report.',
  });
  const lastSuccess = meter.createObservableGauge(METRIC_POLL_LAST_SUCCESS, {
    unit: 's',
    description: 'Unix time of the last complete read of a provider report.',
  });
  const pollErrors = meter.createCounter(METRIC_POLL_ERRORS, {
    unit: '{error}',
    description: 'Polls of a provider report that failed (after retries), by error.type.',
  });
  const instruments = { tokens, requests, cost } as const;
  const callback: BatchObservableCallback = (observer) => {
    for (const total of state.totals()) observer.observe(instruments[total.metric], total.value, total.attributes);
    for (const source of sources) {
      const at = state.lastSuccess(source.id);
      if (at !== undefined) observer.observe(lastSuccess, at, { [ATTR_PROVIDER_NAME]: source.provider, [ATTR_ENDPOINT]: source.endpoint });
    }
  };
  const observables = [tokens, requests, cost, lastSuccess];
  meter.addBatchObservableCallback(callback, observables);
  return {
    pollErrors,
    close: () => meter.removeBatchObservableCallback(callback, observables),
  };
}
