const BUCKETS = 20;

/**
 * Calls and failures over the last `windowMs`, kept in 20 buckets (so memory does not grow with the call
 * rate): the totals cover the current bucket and the 19 before it, i.e. between 95 % and 100 % of the window.
 */
export class RollingWindow {
  private readonly bucketMs: number;
  private readonly index = new Array<number>(BUCKETS).fill(Number.NEGATIVE_INFINITY);
  private readonly calls = new Array<number>(BUCKETS).fill(0);
  private readonly failures = new Array<number>(BUCKETS).fill(0);

  constructor(windowMs: number) {
    this.bucketMs = windowMs / BUCKETS;
  }

  record(now: number, failed: boolean): void {
    const index = Math.floor(now / this.bucketMs);
    const slot = ((index % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.index[slot] !== index) {
      this.index[slot] = index;
      this.calls[slot] = 0;
      this.failures[slot] = 0;
    }
    this.calls[slot]! += 1;
    if (failed) this.failures[slot]! += 1;
  }

  totals(now: number): { calls: number; failures: number } {
    const current = Math.floor(now / this.bucketMs);
    let calls = 0;
    let failures = 0;
    for (let slot = 0; slot < BUCKETS; slot += 1) {
      const index = this.index[slot]!;
      if (index > current - BUCKETS && index <= current) {
        calls += this.calls[slot]!;
        failures += this.failures[slot]!;
      }
    }
    return { calls, failures };
  }

  clear(): void {
    this.index.fill(Number.NEGATIVE_INFINITY);
    this.calls.fill(0);
    this.failures.fill(0);
  }
}
