import { context } from '@opentelemetry/api';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { OperationScope } from '../capture/operation-scope.js';
import { hooksActive, wrapMethod } from './method-wrap.js';

/**
 * The `@langchain/core` versions whose `AsyncCaller` (`dist/utils/async_caller.*`) has
 * `call(callable, ...args)` and `callWithOptions(options, callable, ...args)`. Tested with 1.4.
 */
export const LANGCHAIN_CORE_VERSIONS = ['>=0.3.0 <2'];

/** `AsyncCaller` methods that make one logical call: (index of the callable in their arguments). */
const CALLER_METHODS: ReadonlyArray<readonly [name: string, callableAt: number]> = [
  ['call', 0],
  ['callWithOptions', 1],
];

/**
 * `@langchain/core`: LangChain's model integrations (`@langchain/openai`'s `ChatOpenAI`, …) build their
 * SDK client with `maxRetries: 0` and retry in `AsyncCaller` (p-queue + p-retry), which calls the
 * callable — one SDK call — once per attempt. One `call` / `callWithOptions` is the logical call: it runs
 * in an operation scope of its own, which the SDK call of each attempt (the `openai` hook) finds in its
 * context and joins. A scope already in the context (`withGenAIOperation`, a nested `call` of older
 * versions' `callWithOptions`) is reused. The callable is bound to the call's context, because p-queue
 * starts a queued call (with a finite `maxConcurrency`) from another call's promise chain.
 */
export function langchainCoreModuleDefinition(): InstrumentationNodeModuleDefinition {
  const patch = <T>(exports: T): T => {
    const caller = (exports as { AsyncCaller?: { prototype?: object } } | undefined)?.AsyncCaller;
    if (typeof caller?.prototype === 'object') patchAsyncCaller(caller.prototype);
    return exports;
  };
  const files = ['dist/utils/async_caller.js', 'dist/utils/async_caller.cjs'].map(
    (file) => new InstrumentationNodeModuleFile(`@langchain/core/${file}`, LANGCHAIN_CORE_VERSIONS, patch, unpatch),
  );
  return new InstrumentationNodeModuleDefinition('@langchain/core', LANGCHAIN_CORE_VERSIONS, patch, unpatch, files);
}

function patchAsyncCaller(prototype: object): void {
  for (const [name, callableAt] of CALLER_METHODS) {
    wrapMethod(
      prototype,
      name,
      (original) =>
        function (this: unknown, ...args: unknown[]): unknown {
          const callable = args[callableAt];
          if (!hooksActive() || typeof callable !== 'function') return original.apply(this, args);
          const active = context.active();
          const existing = OperationScope.of(active);
          const scope = existing?.accepts() ? undefined : new OperationScope(active);
          args[callableAt] = context.bind(scope?.context ?? active, callable as (...a: unknown[]) => unknown);
          if (scope === undefined) return original.apply(this, args);
          return scope.run(() => original.apply(this, args) as Promise<unknown>);
        },
    );
  }
}

/** The wrappers stay and pass calls through while no instrumentation is enabled (see method-wrap.ts). */
function unpatch(): void {}
