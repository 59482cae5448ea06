export {
  ATTRIBUTION_KEYS,
  METRICS,
  metricContract,
  telemetryContract,
  telemetryContractJson,
  type MetricContract,
  type MetricContractEntry,
  type MetricSet,
  type TelemetryContract,
} from './metrics.js';
export { prometheusLabel, prometheusMetricName, prometheusSeries, type InstrumentKind } from './prometheus.js';
