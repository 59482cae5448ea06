/** What the registry needs of an open operation (an `Operation`; declared here so the files do not import each other). */
export interface OpenOperation {
  /** Ends the operation at once, recording what it has (the instrumentation is being disabled). */
  endNow(): void;
}

/** The generations are looked at every this many registrations… */
const CHECK_EVERY = 256;
/** …and turned over when this long has passed since the last turn. */
const GENERATION_MS = 5_000;

/**
 * The operations that have started and not ended, so that disabling the instrumentation (which the
 * shutdown of `@genai-otel/node` does before the exporters flush) can end them with what is known.
 *
 * Almost every operation ends within seconds of its start: those are held in plain sets, which cost
 * next to nothing per call. One still open after two turns of the generations (at least
 * {@link GENERATION_MS} apart, and {@link CHECK_EVERY} registrations) moves to a `WeakRef`: an
 * operation whose response the app dropped unread is then collected with it, as it would be without
 * this list. (A `WeakRef`, or a `FinalizationRegistry` entry, for every operation costs ~1.5–3 µs per
 * call on the main thread: bench/README.md.)
 */
export class OpenOperations {
  /** Registered since the last turn. */
  private young = new Set<OpenOperation>();
  /** Registered in the generation before, not ended yet. */
  private older = new Set<OpenOperation>();
  /** Open across two turns: held weakly. */
  private readonly aged = new Set<WeakRef<OpenOperation>>();
  private readonly agedRef = new WeakMap<OpenOperation, WeakRef<OpenOperation>>();
  private registered = 0;
  private turnedAt: number;
  private pruneAt = CHECK_EVERY;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.turnedAt = now();
  }

  /** Registers an open operation, until it is {@link remove}d (a method: no closure kept per operation). */
  add(operation: OpenOperation): void {
    this.young.add(operation);
    if (++this.registered >= CHECK_EVERY) this.check();
  }

  /** Open operations held strongly and weakly (weak ones counted until swept out once collected): tests. */
  get size(): { strong: number; weak: number } {
    return { strong: this.young.size + this.older.size, weak: this.aged.size };
  }

  /** Ends every open operation now, with what is known of it. */
  endAll(): void {
    const open = [...this.young, ...this.older];
    for (const ref of this.aged) {
      const operation = ref.deref();
      if (operation !== undefined) open.push(operation);
    }
    for (const operation of open) operation.endNow();
  }

  /** Removes an operation that has ended. */
  remove(operation: OpenOperation): void {
    if (this.young.delete(operation) || this.older.delete(operation)) return;
    const ref = this.agedRef.get(operation);
    if (ref === undefined) return;
    this.aged.delete(ref);
    this.agedRef.delete(operation);
  }

  /** Turns the generations over when it is time: the older one's open operations go to weak references. */
  private check(): void {
    this.registered = 0;
    const now = this.now();
    if (now - this.turnedAt < GENERATION_MS) return;
    this.turnedAt = now;
    for (const operation of this.older) {
      const ref = new WeakRef(operation);
      this.aged.add(ref);
      this.agedRef.set(operation, ref);
    }
    const emptied = this.older;
    emptied.clear();
    this.older = this.young;
    this.young = emptied;
    if (this.aged.size >= this.pruneAt) {
      for (const ref of this.aged) if (ref.deref() === undefined) this.aged.delete(ref);
      this.pruneAt = Math.max(CHECK_EVERY, this.aged.size * 2);
    }
  }
}
