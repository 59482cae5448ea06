import * as nodeModule from 'node:module';
import { isInternalThread } from 'node:worker_threads';

/** Files of the SDK packages hooked (of `@langchain/core`, its `AsyncCaller` only): the only modules the loader wraps. */
const SDK_FILES = /\/node_modules\/(?:(?:openai|@anthropic-ai\/sdk|@google\/genai)\/|@langchain\/core\/dist\/utils\/async_caller\.)/;

const REGISTERED = Symbol.for('genai-otel.esm-loader-hook');

/**
 * Registers OpenTelemetry's ESM loader hook (`@opentelemetry/instrumentation/hook.mjs`, i.e.
 * import-in-the-middle) for the SDK packages genai-otel hooks, so that `import OpenAI from 'openai'`
 * in an ESM app can be hooked as `require('openai')` is. Must run before the app imports the SDKs:
 * `node --import @genai-otel/node/register` does it. Only the SDKs' own files are wrapped. Returns false
 * when it was registered already (by this function), in Node's loader thread, or without `module.register`.
 */
export function registerEsmLoaderHook(): boolean {
  const global = globalThis as Record<symbol, unknown>;
  if (global[REGISTERED] === true || isInternalThread || typeof nodeModule.register !== 'function') return false;
  global[REGISTERED] = true;
  nodeModule.register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: [SDK_FILES] } });
  return true;
}
