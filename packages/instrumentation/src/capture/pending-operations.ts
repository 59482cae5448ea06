import type { Context } from '@opentelemetry/api';
import type { Operation } from './operation.js';

/**
 * Operations whose last attempt failed in a way the SDK retries, waiting for the next attempt. An
 * attempt of the same logical call is made from the same async context (the caller's), with the same
 * method, URL and body, so that is the key. Entries leave when the retry arrives or the window closes.
 */
export class PendingOperations {
  private readonly byContext = new WeakMap<Context, Map<string, Operation>>();
  private readonly all = new Set<Operation>();

  hold(context: Context, key: string, operation: Operation): void {
    let map = this.byContext.get(context);
    if (!map) {
      map = new Map();
      this.byContext.set(context, map);
    }
    map.set(key, operation);
    this.all.add(operation);
  }

  /** Takes the operation a retry belongs to, if it is still waiting. */
  take(context: Context, key: string): Operation | undefined {
    const map = this.byContext.get(context);
    const operation = map?.get(key);
    if (operation) this.release(context, key, operation);
    return operation;
  }

  release(context: Context, key: string, operation: Operation): void {
    const map = this.byContext.get(context);
    if (map?.get(key) === operation) map.delete(key);
    this.all.delete(operation);
  }

  /** Ends every waiting operation now (instrumentation disabled, process ending). */
  flush(): void {
    for (const operation of [...this.all]) operation.stopWaiting();
  }
}
