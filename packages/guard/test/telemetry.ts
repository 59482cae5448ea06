/**
 * The instrumentation's test telemetry (in-memory span exporter, delta metric reader, the GenAI instrumentation
 * enabled per test file), reused as is: the guard's decisions are recorded by the instrumentation.
 */
export * from '../../instrumentation/test/telemetry.js';
