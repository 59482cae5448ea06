export { runDemo, type DemoOptions, type DemoResult } from './run-demo.js';
export { summarize, type CallOutcome, type DemoSummary } from './summary.js';
