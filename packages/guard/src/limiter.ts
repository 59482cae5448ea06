import { bulkhead, BulkheadRejectedError, type BulkheadPolicy } from 'cockatiel';
import type { ResolvedLimiterPolicy } from './policy.js';

export type SlotResult =
  | { kind: 'granted'; waitedMs: number; release: () => void }
  | { kind: 'queue_full'; detail: string }
  | { kind: 'aborted'; reason: unknown };

/**
 * Concurrency limit with a bounded queue (cockatiel's bulkhead) and pacing (ours: cockatiel has no rate limiter).
 * A call waits for a concurrency slot, then for its pacing turn while holding it; it is turned away when
 * `maxQueue` calls already wait (for a slot; with pacing only, for a turn). A waiting call whose signal aborts
 * leaves at once with the abort reason. A slot is held until `release()`: the guard calls it when the
 * response body has ended.
 */
export class Limiter {
  private readonly bulkhead: BulkheadPolicy | undefined;
  private readonly pacer: Pacer | undefined;
  private active = 0;

  constructor(private readonly policy: ResolvedLimiterPolicy) {
    if (policy.maxConcurrent !== Infinity) this.bulkhead = bulkhead(policy.maxConcurrent, policy.maxQueue);
    if (policy.intervalMs > 0) this.pacer = new Pacer(policy.intervalMs, this.bulkhead === undefined ? policy.maxQueue : Infinity);
  }

  /** Calls waiting for a slot or their turn. */
  get queueLength(): number {
    const forSlot = this.bulkhead === undefined ? 0 : this.policy.maxQueue - this.bulkhead.queueSlots;
    return forSlot + (this.pacer?.waiting ?? 0);
  }

  async acquire(signal: AbortSignal | undefined): Promise<SlotResult> {
    if (signal?.aborted) return { kind: 'aborted', reason: signal.reason };
    const enqueuedAt = Date.now();
    let release = (): void => {};
    if (this.bulkhead !== undefined) {
      const slot = await this.slot(this.bulkhead, signal);
      if (slot.kind !== 'granted') return slot;
      release = slot.release;
    }
    if (this.pacer !== undefined) {
      const turn = await this.pacer.wait(signal);
      if (turn !== 'go') {
        release();
        return turn === 'full' ? this.queueFull() : { kind: 'aborted', reason: signal?.reason };
      }
    }
    this.active += 1;
    let released = false;
    return {
      kind: 'granted',
      waitedMs: Math.max(0, Date.now() - enqueuedAt),
      release: () => {
        if (released) return;
        released = true;
        this.active -= 1;
        release();
      },
    };
  }

  /** A bulkhead slot: held while the promise handed to cockatiel is pending. */
  private slot(policy: BulkheadPolicy, signal: AbortSignal | undefined): Promise<SlotResult> {
    return new Promise((resolve) => {
      let settled = false;
      let free: () => void = () => {};
      const held = new Promise<void>((done) => (free = done));
      const onAbort = (): void => {
        if (settled) return;
        settled = true;
        // cockatiel drops the queued call when it dequeues it (its signal has aborted)
        resolve({ kind: 'aborted', reason: signal?.reason });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      policy
        .execute(() => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) {
            free();
          } else {
            settled = true;
            resolve({ kind: 'granted', waitedMs: 0, release: free });
          }
          return held;
        }, signal)
        .catch((error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          if (settled) return;
          settled = true;
          resolve(error instanceof BulkheadRejectedError ? this.queueFull() : { kind: 'aborted', reason: signal?.reason ?? error });
        });
    });
  }

  private queueFull(): SlotResult {
    return { kind: 'queue_full', detail: `${this.active} in flight, ${this.queueLength} waiting` };
  }
}

/** Starts at least `intervalMs` apart, in arrival order; at most `maxQueue` waiting. */
class Pacer {
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private readonly queue: Array<{ go: (result: 'go' | 'aborted') => void; detach: () => void }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly maxQueue: number,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  wait(signal: AbortSignal | undefined): Promise<'go' | 'full' | 'aborted'> {
    if (this.queue.length === 0 && Date.now() >= this.lastStartAt + this.intervalMs) {
      this.lastStartAt = Date.now();
      return Promise.resolve('go');
    }
    if (this.queue.length >= this.maxQueue) return Promise.resolve('full');
    return new Promise((resolve) => {
      const waiter = { go: resolve, detach: () => {} };
      if (signal !== undefined) {
        const onAbort = (): void => {
          const index = this.queue.indexOf(waiter);
          if (index === -1) return;
          this.queue.splice(index, 1);
          resolve('aborted');
          this.pump();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const wait = this.lastStartAt + this.intervalMs - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      const waiter = this.queue.shift()!;
      waiter.detach();
      this.lastStartAt = Date.now();
      waiter.go('go');
    }
  }
}
