/**
 * vitest setup: registers the instrumentation's ESM loader hook before a test file imports the SDKs, as
 * `node --import @genai-otel/node/register` does for an app, so that each SDK call is one operation however
 * many attempts the guard turns away.
 */
import { registerEsmLoaderHook } from '@genai-otel/instrumentation';

registerEsmLoaderHook();
