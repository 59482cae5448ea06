import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { patchStainlessClient } from './stainless.js';

/** The `openai` versions whose client has the hooked `makeRequest` (5.0 moved it to `client.ts`). */
export const OPENAI_VERSIONS = ['>=5.0.0 <8'];

/**
 * `openai` 5–7: the `OpenAI` class (`AzureOpenAI` extends it) is defined in `client.js` / `client.mjs`
 * and re-exported by the package entry. Both are hooked: the entry when the app imports `openai`, the
 * file whichever way it is reached (a deep import, an aliased package name, a test runner importing
 * by path). Patching twice replaces the wrapper.
 */
export function openaiModuleDefinition(): InstrumentationNodeModuleDefinition {
  const patch = <T>(exports: T): T => {
    const client = (exports as { OpenAI?: { prototype?: object } } | undefined)?.OpenAI;
    if (typeof client?.prototype === 'object') patchStainlessClient(client.prototype);
    return exports;
  };
  const files = ['client.js', 'client.mjs'].map((file) => new InstrumentationNodeModuleFile(`openai/${file}`, OPENAI_VERSIONS, patch, unpatch));
  return new InstrumentationNodeModuleDefinition('openai', OPENAI_VERSIONS, patch, unpatch, files);
}

/** The wrappers stay and pass calls through while no instrumentation is enabled (see method-wrap.ts). */
function unpatch(): void {}
