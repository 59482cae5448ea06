/**
 * `node --import @genai-otel/node/register app.mjs` / `node -r @genai-otel/node/register app.js`:
 * starts genai-otel before the app's own code. Configuration mistakes are printed as one line on
 * stderr and the app runs on without telemetry; genai-otel never stops the app.
 */
import { ConfigError } from './env.js';
import { start } from './start.js';

try {
  const handle = start();
  handle.prometheus?.ready.then(
    ({ url }) => process.stderr.write(`genai-otel: Prometheus metrics on ${url}/metrics\n`),
    (error: unknown) => process.stderr.write(`genai-otel: no Prometheus endpoint: ${error instanceof Error ? error.message : String(error)}\n`),
  );
} catch (error) {
  const message = error instanceof ConfigError ? error.message : `failed to start: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`genai-otel: ${message}; the app runs without genai-otel telemetry\n`);
}
