import { circuitBreaker, CircuitState, handleWhenResult, type CircuitBreakerPolicy, type IBreaker } from 'cockatiel';
import type { BreakerState } from './events.js';
import type { ResolvedBreakerPolicy } from './policy.js';

/** How a call let through ended, for the breaker. */
export type BreakerOutcome = 'success' | 'failure' | 'ignored';

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  // never used: the guard does not isolate breakers
  [CircuitState.Isolated]: 'open',
};

/** A call that outcome `ignored` ends: cockatiel's policy records nothing for an error its filter does not handle. */
class Ignored extends Error {}

/**
 * One circuit breaker on cockatiel's `CircuitBreakerPolicy` (states, half-open sampling, events). What stays ours:
 * the trip rule ({@link WindowBreaker}), outcomes that count neither way (`ignored`: a 429, a 4xx, an abort),
 * and failing fast while the half-open trials are out (cockatiel would make the call wait for them).
 */
export class Breaker {
  private readonly policy: CircuitBreakerPolicy;
  private current: BreakerState = 'closed';
  private openedAt = 0;
  /** Trials let through since the breaker last half-opened. */
  private trials = 0;

  constructor(
    private readonly config: ResolvedBreakerPolicy,
    onTransition: (from: BreakerState, to: BreakerState) => void,
  ) {
    this.policy = circuitBreaker(
      handleWhenResult((outcome) => outcome === 'failure'),
      {
        breaker: new WindowBreaker(config),
        halfOpenAfter: config.openMs,
        halfOpenSampling: { calls: config.halfOpenCalls, threshold: 0 },
      },
    );
    this.policy.onStateChange((state) => {
      const from = this.current;
      this.current = STATE_NAMES[state];
      this.trials = 0;
      if (this.current === 'open') this.openedAt = Date.now();
      onTransition(from, this.current);
    });
  }

  /** The state as a gauge reads it: an open breaker whose cool-down has passed is half-open (its next call is a trial). */
  get state(): BreakerState {
    return this.current === 'open' && this.coolDownOver() ? 'half_open' : this.current;
  }

  /** Milliseconds until a call may pass (0: when a trial slot frees), or undefined when one may pass now. */
  blockedFor(): number | undefined {
    const state = this.state;
    if (state === 'closed') return undefined;
    if (state === 'open') return Math.max(0, this.openedAt + this.config.openMs - Date.now());
    return this.trials < this.config.halfOpenCalls ? undefined : 0;
  }

  /** Lets a call through (a trial when half-open) and returns how to report its outcome; undefined when it must not pass. */
  admit(): ((outcome: BreakerOutcome) => void) | undefined {
    if (this.blockedFor() !== undefined) return undefined;
    const trial = this.state === 'half_open';
    let settle!: (outcome: BreakerOutcome) => void;
    const outcome = new Promise<BreakerOutcome>((resolve) => (settle = resolve));
    // execute() takes the decision synchronously (cockatiel's state changes before its first await).
    this.policy
      .execute(async () => {
        const result = await outcome;
        if (result === 'ignored') throw new Ignored();
        return result;
      })
      .catch(() => {});
    if (trial) this.trials += 1;
    let done = false;
    return (result) => {
      if (done) return;
      done = true;
      settle(result);
    };
  }

  private coolDownOver(): boolean {
    return Date.now() - this.openedAt >= this.config.openMs;
  }
}

/**
 * The trip rule, as a cockatiel `IBreaker`: over a sliding window of `windowMs` (20 buckets, so memory does not
 * grow with the call rate), the breaker opens once at least `minimumCalls` calls were counted and the share of
 * failures reached `failureRatio` (≥; cockatiel's own breakers open above it and take no time window together
 * with a minimum count).
 */
export class WindowBreaker implements IBreaker {
  private static readonly BUCKETS = 20;
  private readonly bucketMs: number;
  private index = new Array<number>(WindowBreaker.BUCKETS).fill(Number.NEGATIVE_INFINITY);
  private calls = new Array<number>(WindowBreaker.BUCKETS).fill(0);
  private failures = new Array<number>(WindowBreaker.BUCKETS).fill(0);

  constructor(private readonly config: Pick<ResolvedBreakerPolicy, 'windowMs' | 'minimumCalls' | 'failureRatio'>) {
    this.bucketMs = config.windowMs / WindowBreaker.BUCKETS;
  }

  get state(): unknown {
    return { index: [...this.index], calls: [...this.calls], failures: [...this.failures] };
  }

  set state(value: unknown) {
    Object.assign(this, structuredClone(value));
  }

  success(state: CircuitState): void {
    // A successful trial closes the breaker: it starts counting afresh.
    if (state === CircuitState.HalfOpen) this.clear();
    else this.record(false);
  }

  failure(state: CircuitState): boolean {
    if (state !== CircuitState.Closed) return true;
    this.record(true);
    const { calls, failures } = this.totals();
    return calls >= this.config.minimumCalls && failures / calls >= this.config.failureRatio;
  }

  private record(failed: boolean): void {
    const index = Math.floor(Date.now() / this.bucketMs);
    const slot = ((index % WindowBreaker.BUCKETS) + WindowBreaker.BUCKETS) % WindowBreaker.BUCKETS;
    if (this.index[slot] !== index) {
      this.index[slot] = index;
      this.calls[slot] = 0;
      this.failures[slot] = 0;
    }
    this.calls[slot]! += 1;
    if (failed) this.failures[slot]! += 1;
  }

  private totals(): { calls: number; failures: number } {
    const current = Math.floor(Date.now() / this.bucketMs);
    let calls = 0;
    let failures = 0;
    for (let slot = 0; slot < WindowBreaker.BUCKETS; slot += 1) {
      const index = this.index[slot]!;
      if (index > current - WindowBreaker.BUCKETS && index <= current) {
        calls += this.calls[slot]!;
        failures += this.failures[slot]!;
      }
    }
    return { calls, failures };
  }

  private clear(): void {
    this.index.fill(Number.NEGATIVE_INFINITY);
    this.calls.fill(0);
    this.failures.fill(0);
  }
}
