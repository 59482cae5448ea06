/**
 * Wrapping SDK prototype methods, shared by the SDK hooks. A method is wrapped at most once at a time
 * (the original is kept under a global symbol): patching again — a second instrumentation, the
 * CommonJS and ESM builds of this package both loaded, a module hook that fires for the package entry
 * and for the file defining the class — replaces the wrapper instead of stacking another one. The
 * wrappers stay installed and pass calls straight through while no GenAI instrumentation is enabled.
 */

const ORIGINALS = Symbol.for('genai-otel.sdk-hooks.originals');
const STATE = Symbol.for('genai-otel.sdk-hooks.state');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface HookState {
  /** Enabled GenAI instrumentations (of any copy of this package). */
  enabled: number;
}

const state: HookState = ((globalThis as Record<symbol, unknown>)[STATE] as HookState | undefined) ?? { enabled: 0 };
(globalThis as Record<symbol, unknown>)[STATE] = state;

/** Whether the SDK hooks open operation scopes now (some GenAI instrumentation is enabled). */
export function hooksActive(): boolean {
  return state.enabled > 0;
}

/** An instrumentation was enabled (`+1`) or disabled (`-1`). */
export function countEnabled(delta: 1 | -1): void {
  state.enabled = Math.max(0, state.enabled + delta);
}

/**
 * Wraps the method `name` of `target` (on the prototype in `target`'s chain that defines it, so that a
 * subclass and its base are never wrapped twice) with `wrap(original)`; false when there is no such
 * method. `original` is always the SDK's own method, whichever wrapper was there before.
 */
export function wrapMethod(target: object, name: string, wrap: (original: AnyFunction) => AnyFunction): boolean {
  let owner: object | null = target;
  while (owner !== null && !Object.hasOwn(owner, name)) owner = Object.getPrototypeOf(owner) as object | null;
  if (owner === null || owner === Object.prototype) return false;
  const holder = owner as Record<string | symbol, unknown>;
  let originals = Object.hasOwn(holder, ORIGINALS) ? (holder[ORIGINALS] as Record<string, AnyFunction>) : undefined;
  const original = originals?.[name] ?? holder[name];
  if (typeof original !== 'function') return false;
  if (originals === undefined) {
    originals = {};
    Object.defineProperty(holder, ORIGINALS, { value: originals, enumerable: false, configurable: true });
  }
  originals[name] = original as AnyFunction;
  const wrapped = wrap(original as AnyFunction);
  Object.defineProperty(wrapped, 'name', { value: (original as AnyFunction).name, configurable: true });
  holder[name] = wrapped;
  return true;
}
