import type { Operation } from './operation.js';

/**
 * The operations that have started and not ended, so that disabling the instrumentation (which the
 * shutdown of `@genai-otel/node` does before the exporters flush) can end them with what is known.
 * Held weakly: an operation whose response the app dropped unread is collected with it, as it would be
 * without this list.
 */
export class OpenOperations {
  private readonly refs = new Set<WeakRef<Operation>>();
  private readonly collected = new FinalizationRegistry<WeakRef<Operation>>((ref) => this.refs.delete(ref));

  /** Registers an open operation; returns what removes it once it has ended. */
  add(operation: Operation): () => void {
    const ref = new WeakRef(operation);
    this.refs.add(ref);
    this.collected.register(operation, ref, ref);
    return () => {
      this.refs.delete(ref);
      this.collected.unregister(ref);
    };
  }

  /** Ends every open operation now, with what is known of it. */
  endAll(): void {
    for (const ref of [...this.refs]) ref.deref()?.endNow();
  }
}
