import type { GuardClock } from '../types.js';
import type { ResolvedLimiterPolicy } from './policy.js';

export type LimiterResult =
  | { kind: 'granted'; waitedMs: number; release: () => void }
  | { kind: 'queue_full' }
  | { kind: 'aborted'; reason: unknown };

interface Waiter {
  enqueuedAt: number;
  resolve: (result: LimiterResult) => void;
  detach: () => void;
}

/**
 * Concurrency limit and pacing with a bounded FIFO queue. A call starts when fewer than `maxConcurrent`
 * are in flight and at least `intervalMs` have passed since the previous start; otherwise it waits in the
 * queue, or is turned away when `maxQueue` calls already wait. A waiting call whose signal aborts leaves
 * the queue. Nothing here touches the network.
 */
export class Limiter {
  private inFlight = 0;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private readonly queue: Waiter[] = [];
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly policy: ResolvedLimiterPolicy,
    private readonly clock: GuardClock,
  ) {}

  get queueLength(): number {
    return this.queue.length;
  }

  get active(): number {
    return this.inFlight;
  }

  /** Waits for a slot. Resolves at once when one is free (or the queue is full). */
  acquire(signal?: AbortSignal): Promise<LimiterResult> {
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted', reason: signal.reason });
    if (this.queue.length === 0 && this.canStart()) return Promise.resolve(this.grant(this.clock.now()));
    if (this.queue.length >= this.policy.maxQueue) return Promise.resolve({ kind: 'queue_full' });
    return new Promise((resolve) => {
      const waiter: Waiter = { enqueuedAt: this.clock.now(), resolve, detach: () => {} };
      if (signal) {
        const onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index === -1) return;
          this.queue.splice(index, 1);
          resolve({ kind: 'aborted', reason: signal.reason });
          this.pump();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  private canStart(): boolean {
    return this.inFlight < this.policy.maxConcurrent && this.clock.now() >= this.lastStartAt + this.policy.intervalMs;
  }

  private grant(enqueuedAt: number): LimiterResult {
    const now = this.clock.now();
    this.inFlight += 1;
    this.lastStartAt = now;
    let released = false;
    return {
      kind: 'granted',
      waitedMs: Math.max(0, now - enqueuedAt),
      release: () => {
        if (released) return;
        released = true;
        this.inFlight -= 1;
        this.pump();
      },
    };
  }

  private pump(): void {
    while (this.queue.length > 0) {
      if (this.inFlight >= this.policy.maxConcurrent) return;
      const wait = this.lastStartAt + this.policy.intervalMs - this.clock.now();
      if (wait > 0) {
        this.cancelTimer ??= this.clock.setTimer(() => {
          this.cancelTimer = undefined;
          this.pump();
        }, wait);
        return;
      }
      const waiter = this.queue.shift()!;
      waiter.detach();
      waiter.resolve(this.grant(waiter.enqueuedAt));
    }
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }
}
