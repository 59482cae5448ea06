export { start, type GenAIOtel, type StartOptions } from './start.js';
export { ConfigError, readEnv, type EnvSettings } from './env.js';
export { runDemo, type DemoOptions, type DemoResult } from './demo/run-demo.js';
export { summarize, type CallOutcome, type DemoSummary } from './demo/summary.js';
