import { context } from '@opentelemetry/api';
import { OperationScope } from '../capture/operation-scope.js';
import { hooksActive, wrapMethod } from './method-wrap.js';

/**
 * The hook for the Stainless-generated clients (`openai` 5–7, `@anthropic-ai/sdk` ≥ 0.50): their
 * `request()` calls `makeRequest(options, retriesRemaining, retryOfRequestLogID)`, which on a retryable
 * failure sleeps and calls `makeRequest` again through `retryRequest`, inside its own promise chain. The
 * outermost `makeRequest` is the logical call: it runs in an operation scope of its own, which every
 * nested `makeRequest` (a retry, a 401 token refresh) finds already in its context. The hook observes
 * the promise `makeRequest` returns — a plain async-function promise, not the lazy `APIPromise`, whose
 * `then` would start parsing the body — and reads nothing else.
 *
 * openai 7 can also retry while the caller's `await` reads a JSON body (`parseResponseWithTimeout`, on
 * a body read timeout): that method, given the value `makeRequest` resolved to, runs in the call's
 * scope too, so its retries attach to the same operation, and the call is over when it settles.
 */
/** What an outermost `makeRequest` resolved to (the SDK's response props) → the scope of its call. */
const scopes = new WeakMap<object, OperationScope>();

function rememberScope(props: unknown, scope: OperationScope): void {
  if (typeof props === 'object' && props !== null) scopes.set(props, scope);
}

export function patchStainlessClient(prototype: object): boolean {
  const parses = typeof (prototype as { parseResponseWithTimeout?: unknown }).parseResponseWithTimeout === 'function';
  const patched = wrapMethod(
    prototype,
    'makeRequest',
    (original) =>
      function makeRequest(this: unknown, ...args: unknown[]): unknown {
        const active = context.active();
        if (!hooksActive() || OperationScope.of(active)?.accepts()) return original.apply(this, args);
        const scope = new OperationScope(active);
        return scope.run(() => original.apply(this, args) as Promise<unknown>, parses ? (props) => rememberScope(props, scope) : undefined);
      },
  );
  if (patched && parses) {
    wrapMethod(
      prototype,
      'parseResponseWithTimeout',
      (original) =>
        function parseResponseWithTimeout(this: unknown, ...args: unknown[]): unknown {
          const props = args[1];
          const scope = typeof props === 'object' && props !== null ? scopes.get(props) : undefined;
          if (scope === undefined || !scope.accepts()) return original.apply(this, args);
          return scope.run(() => original.apply(this, args) as Promise<unknown>);
        },
    );
  }
  return patched;
}
