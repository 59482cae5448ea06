export { start, type GenAIOtel, type StartOptions } from './start.js';
export { ConfigError, readEnv, type EnvSettings } from './env.js';
export { withGenAIOperation, registerEsmLoaderHook } from '@genai-otel/instrumentation';
export { instrumentFetch, setGenAIAttributes, withGenAIAttributes, type GenAIAttributes, type InstrumentFetchOptions } from '@genai-otel/instrumentation';
