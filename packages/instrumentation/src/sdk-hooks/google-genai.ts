import { context } from '@opentelemetry/api';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { OperationScope } from '../capture/operation-scope.js';
import { hooksActive, wrapMethod } from './method-wrap.js';

/** The `@google/genai` versions whose `ApiClient.apiCall` sends one request with its retries. */
export const GOOGLE_GENAI_VERSIONS = ['>=1.0.0 <4'];

/** The `Models` methods that send `generateContent` / `streamGenerateContent` (the calls genai-otel records). */
const MODEL_METHODS = ['generateContentInternal', 'generateContentStreamInternal'];

/**
 * `@google/genai`: one request is `ApiClient.apiCall(url, init, retryOptions, …)`, which retries it
 * (with p-retry) only when `httpOptions.retryOptions` is set; it resolves to the response (whose body
 * the SDK reads next) or rejects with the last error. That call is the logical call, and runs in an
 * operation scope of its own. `ApiClient` is not exported: its prototype is reached the first time a
 * `Models` method that sends a recorded call runs, from the instance's `apiClient`, before the request
 * is made. Automatic function calling and stream continuations send several requests, each its own
 * operation (each is a model call of its own).
 */
export function googleGenAIModuleDefinition(): InstrumentationNodeModuleDefinition {
  const patch = <T>(exports: T): T => {
    const models = (exports as { Models?: { prototype?: object } } | undefined)?.Models;
    if (typeof models?.prototype !== 'object') return exports;
    for (const name of MODEL_METHODS) {
      wrapMethod(
        models.prototype,
        name,
        (original) =>
          function (this: unknown, ...args: unknown[]): unknown {
            const apiClient = (this as { apiClient?: unknown } | undefined)?.apiClient;
            if (typeof apiClient === 'object' && apiClient !== null) patchApiClient(Object.getPrototypeOf(apiClient) as object);
            return original.apply(this, args);
          },
      );
    }
    return exports;
  };
  // The package's entries: dist/node/index.* under the `node` condition, dist/index.* otherwise.
  const files = ['dist/node/index.mjs', 'dist/node/index.cjs', 'dist/index.mjs', 'dist/index.cjs'].map(
    (file) => new InstrumentationNodeModuleFile(`@google/genai/${file}`, GOOGLE_GENAI_VERSIONS, patch, unpatch),
  );
  return new InstrumentationNodeModuleDefinition('@google/genai', GOOGLE_GENAI_VERSIONS, patch, unpatch, files);
}

/** `ApiClient` prototypes this copy of the hook has wrapped (a later copy wraps again, replacing it). */
const patched = new WeakSet<object>();

function patchApiClient(prototype: object | null): void {
  if (prototype === null || patched.has(prototype)) return;
  patched.add(prototype);
  wrapMethod(
    prototype,
    'apiCall',
    (original) =>
      function apiCall(this: unknown, ...args: unknown[]): unknown {
        const active = context.active();
        if (!hooksActive() || OperationScope.of(active)?.accepts()) return original.apply(this, args);
        return new OperationScope(active).run(() => original.apply(this, args) as Promise<unknown>);
      },
  );
}

/** The wrappers stay and pass calls through while no instrumentation is enabled (see method-wrap.ts). */
function unpatch(): void {}
