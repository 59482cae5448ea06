import type { GuardClock } from '../types.js';

/** The default clock: `performance.now()` (monotonic) and `setTimeout`. */
export const SYSTEM_CLOCK: GuardClock = {
  now: () => performance.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(timer);
  },
};

/**
 * A clock that only moves when told to: `advance(ms)` runs the timers that fall due, in order. Lets tests
 * drive cool-downs and pacing without sleeping.
 */
export class ManualClock implements GuardClock {
  private time: number;
  private timers: Array<{ at: number; seq: number; callback: () => void }> = [];
  private seq = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, delayMs: number): () => void {
    const timer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((entry) => entry !== timer);
    };
  }

  /** Moves the time forward by `ms`, running every timer that falls due on the way (at its own time). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = end;
  }

  /** Timers not yet run. */
  get pendingTimers(): number {
    return this.timers.length;
  }
}
