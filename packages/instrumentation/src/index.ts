export { GenAIInstrumentation, instrumentFetch } from './instrumentation.js';
export { ERROR_TYPES, type ErrorType } from './capture/error-type.js';
export { BUILT_IN_PROVIDER_HOSTS } from './wire/provider-hosts.js';
export type { FetchFunction, GenAIInstrumentationConfig, SemconvMetricSet } from './types.js';
