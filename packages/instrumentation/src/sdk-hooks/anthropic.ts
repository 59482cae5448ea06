import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { patchStainlessClient } from './stainless.js';

/** The `@anthropic-ai/sdk` versions with the Stainless `client.ts` (`BaseAnthropic.makeRequest`). */
export const ANTHROPIC_VERSIONS = ['>=0.50.0 <2'];

/**
 * `@anthropic-ai/sdk`: `BaseAnthropic` (which `Anthropic` extends) is defined in `client.js` /
 * `client.mjs` and re-exported by the package entry; both are hooked, as for `openai`.
 */
export function anthropicModuleDefinition(): InstrumentationNodeModuleDefinition {
  const patch = <T>(exports: T): T => {
    const module = exports as { BaseAnthropic?: { prototype?: object }; Anthropic?: { prototype?: object } } | undefined;
    const client = module?.BaseAnthropic ?? module?.Anthropic;
    if (typeof client?.prototype === 'object') patchStainlessClient(client.prototype);
    return exports;
  };
  const files = ['client.js', 'client.mjs'].map((file) => new InstrumentationNodeModuleFile(`@anthropic-ai/sdk/${file}`, ANTHROPIC_VERSIONS, patch, unpatch));
  return new InstrumentationNodeModuleDefinition('@anthropic-ai/sdk', ANTHROPIC_VERSIONS, patch, unpatch, files);
}

/** The wrappers stay and pass calls through while no instrumentation is enabled (see method-wrap.ts). */
function unpatch(): void {}
