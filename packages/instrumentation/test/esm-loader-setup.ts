/**
 * vitest setup (every test file of this package): registers the ESM loader hook before a test file
 * imports the SDKs, as `node --import @genai-otel/node/register` does for an app, so that the SDK hooks
 * apply to the `openai`, `@anthropic-ai/sdk` and `@google/genai` the tests import (vitest loads those
 * with Node's own `import`). A GenAIInstrumentation enabled later still hooks them (import-in-the-middle
 * replays the modules loaded so far to hooks added later).
 */
import { registerEsmLoaderHook } from '../src/index.js';

registerEsmLoaderHook();
