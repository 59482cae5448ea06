export { GenAIInstrumentation, instrumentFetch } from './instrumentation.js';
export { withGenAIOperation } from './with-genai-operation.js';
export {
  genAIMetricProducer,
  hasGenAIMetricProducers,
  type GenAIMetricProducer,
  type GenAIMetricProducerOptions,
  type TemporalitySelector,
} from './record/metric-store.js';
export { setGenAIAttributes, withGenAIAttributes, type GenAIAttributes } from './attribution/attribution.js';
export { registerEsmLoaderHook } from './sdk-hooks/esm-loader.js';
export { ERROR_TYPES, type ErrorType } from './capture/error-type.js';
export { BUILT_IN_PROVIDER_HOSTS } from '@genai-otel/providers';
export type {
  FetchFunction,
  GenAIInstrumentationConfig,
  InstrumentFetchOptions,
  SemconvMetricSet,
} from './types.js';
export {
  METRICS,
  metricContract,
  prometheusLabel,
  prometheusMetricName,
  prometheusSeries,
  telemetryContract,
  type InstrumentKind,
  type MetricContract,
  type TelemetryContract,
} from './contract/index.js';
