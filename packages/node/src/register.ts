/**
 * `node --import @genai-otel/node/register app.mjs` / `node -r @genai-otel/node/register app.js`:
 * starts genai-otel before the app's own code, with the ESM loader hook that lets the SDK hooks patch
 * `openai`, `@anthropic-ai/sdk` and `@google/genai` when the app imports them as ES modules.
 * Configuration mistakes are printed as one line on stderr and the app runs on without telemetry;
 * genai-otel never stops the app.
 */
import { registerEsmLoaderHook } from '@genai-otel/instrumentation';
import { isInternalThread } from 'node:worker_threads';
import { ConfigError } from './env.js';
import { start } from './start.js';

// Node runs `-r` preloads in its module loader's own thread too (once a loader hook is registered):
// nothing is started there.
if (!isInternalThread) {
  try {
    const handle = start();
    if (handle.mode !== 'disabled') {
      try {
        registerEsmLoaderHook();
      } catch (error) {
        process.stderr.write(
          `genai-otel: no ESM loader hook (${error instanceof Error ? error.message : String(error)}); SDKs imported as ES modules are recorded per HTTP attempt\n`,
        );
      }
    }
    handle.prometheus?.ready.then(
      ({ url }) => process.stderr.write(`genai-otel: Prometheus metrics on ${url}/metrics\n`),
      (error: unknown) => process.stderr.write(`genai-otel: no Prometheus endpoint: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `failed to start: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`genai-otel: ${message}; the app runs without genai-otel telemetry\n`);
  }
}
