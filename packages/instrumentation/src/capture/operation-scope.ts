import { context, createContextKey, type Context } from '@opentelemetry/api';
import type { Operation } from './operation.js';

/**
 * The context key of the scope of the logical call being made. `createContextKey` is `Symbol.for`: the
 * SDK hooks and the fetch layer find the same key even when the package is loaded twice.
 */
export const OPERATION_SCOPE = createContextKey('genai-otel operation scope');

/**
 * One logical call as the caller made it: opened where the call is made (an SDK's request entry
 * point, or {@link withGenAIOperation}), in a context of its own that every fetch attempt made for it
 * inherits. The fetch layer makes the scope's {@link Operation} on the first LLM request it sees in it
 * and attaches every further attempt to that operation, however many identical calls run side by side.
 *
 * The call is over when every promise the caller's outcome depends on has settled ({@link run}) and
 * the last attempt's response has ended (its body read, failed or cancelled): a rejection ends it at
 * once, with that error. Nothing waits on a timer.
 */
export class OperationScope {
  /** `performance.now()` when the caller made the call: the operation's start. */
  readonly startedAt = performance.now();
  /** The caller's context with this scope in it: the SDK's code (and its fetch calls) runs in it. */
  readonly context: Context;
  /** Made by the fetch layer on the scope's first LLM request. */
  operation: Operation | undefined;
  /** Promises the caller's outcome waits for that have not settled yet. */
  private pending = 0;
  /** `performance.now()` when the last of them resolved. */
  private resolvedAt = 0;
  /** Set when one of them rejected: the call failed with this error, then. */
  private rejection: { error: unknown; at: number } | undefined;

  constructor(readonly parent: Context) {
    this.context = parent.setValue(OPERATION_SCOPE, this);
  }

  /** The scope `context` is in, if any. */
  static of(ctx: Context): OperationScope | undefined {
    return ctx.getValue(OPERATION_SCOPE) as OperationScope | undefined;
  }

  /**
   * Whether a request made now belongs to this call: the call is still being made (a promise it
   * depends on is pending) and not failed, or its operation is still open (a retry or a follow-up
   * request for the response being read).
   */
  accepts(): boolean {
    if (this.rejection !== undefined) return false;
    return this.operation === undefined ? this.pending > 0 : !this.operation.ended;
  }

  /** True while a promise the outcome depends on is pending. */
  get waiting(): boolean {
    return this.pending > 0;
  }

  /** When the call's promises last settled (0 before). */
  get settledAt(): number {
    return this.rejection?.at ?? this.resolvedAt;
  }

  /** The error the call failed with, once it did. */
  get failure(): { error: unknown; at: number } | undefined {
    return this.rejection;
  }

  /**
   * Runs `start` inside the scope (the requests it makes belong to this call) and observes the promise
   * it returns: one the caller's outcome depends on (an SDK's request promise — a plain promise, never
   * a lazy SDK promise whose `then` starts work). Returns a promise that settles as that one does, one
   * microtask later, so a rejection nobody handles stays unhandled exactly as it was. `resolved`, if
   * given, sees the value first (one reaction on the promise instead of two).
   */
  run<T>(start: () => Promise<T>, resolved?: (value: T) => void): Promise<T> {
    this.pending += 1;
    let promise: Promise<T>;
    try {
      promise = context.with(this.context, start);
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(
      (value) => {
        resolved?.(value);
        this.settle(undefined);
        return value;
      },
      (error: unknown) => {
        this.settle({ error, at: performance.now() });
        throw error;
      },
    );
  }

  private settle(rejection: { error: unknown; at: number } | undefined): void {
    this.pending -= 1;
    if (rejection !== undefined) this.rejection ??= rejection;
    else this.resolvedAt = performance.now();
    this.operation?.callProgressed();
  }
}
