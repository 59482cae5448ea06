export { runDemo, type DemoOptions, type DemoResult } from './demo/run-demo.js';
export { summarize, type CallOutcome, type DemoSummary } from './demo/summary.js';
