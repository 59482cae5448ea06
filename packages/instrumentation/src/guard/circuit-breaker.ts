import type { GuardClock } from '../types.js';
import type { ResolvedBreakerPolicy } from './policy.js';
import { RollingWindow } from './rolling-window.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** `genai_otel.guard.breaker.state` values. */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = { closed: 0, open: 1, half_open: 2 };

/** How a call let through by the breaker ended, for the breaker. */
export type BreakerOutcome = 'success' | 'failure' | 'ignored';

/** A call the breaker let through; hand it back with its outcome. */
export interface BreakerTicket {
  readonly generation: number;
  readonly trial: boolean;
}

/**
 * Closed → open when, over the sliding window, at least `minimumCalls` calls were counted and the share of
 * failures reached `failureRatio`. Open → half-open once `openMs` have passed (checked lazily, on the next
 * call or observation). Half-open lets `halfOpenCalls` trial calls through: that many successes close it,
 * one failure opens it again; a trial that has not ended after another `openMs` (a stream nobody reads)
 * frees its slot for a new trial. Every transition starts a new generation: outcomes of calls let through
 * in an earlier one are ignored.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private generation = 0;
  private openedAt = 0;
  /** Trials in flight and when they started. */
  private readonly trials = new Map<BreakerTicket, number>();
  private trialSuccesses = 0;
  private readonly window: RollingWindow;

  constructor(
    private readonly policy: ResolvedBreakerPolicy,
    private readonly clock: GuardClock,
    private readonly onTransition: (from: BreakerState, to: BreakerState) => void,
  ) {
    this.window = new RollingWindow(policy.windowMs);
  }

  /** The state now (an open breaker whose cool-down has passed becomes half-open). */
  get state(): BreakerState {
    this.refresh();
    return this.current;
  }

  /** Milliseconds until an open breaker half-opens; 0 when half-open; undefined when closed. */
  retryAfterMs(): number | undefined {
    this.refresh();
    if (this.current === 'closed') return undefined;
    if (this.current === 'half_open') return 0;
    return Math.max(0, this.openedAt + this.policy.openMs - this.clock.now());
  }

  /** Whether a call would be let through now (reserves nothing). */
  wouldPass(): boolean {
    this.refresh();
    if (this.current !== 'half_open') return this.current === 'closed';
    const expired = this.clock.now() - Math.max(this.policy.openMs, 1);
    for (const [ticket, startedAt] of this.trials) if (startedAt <= expired) this.trials.delete(ticket);
    return this.trials.size + this.trialSuccesses < this.policy.halfOpenCalls;
  }

  /** Lets a call through (a trial while half-open), or returns undefined when it must not pass. */
  tryAcquire(): BreakerTicket | undefined {
    if (!this.wouldPass()) return undefined;
    if (this.current === 'half_open') {
      const ticket: BreakerTicket = { generation: this.generation, trial: true };
      this.trials.set(ticket, this.clock.now());
      return ticket;
    }
    return { generation: this.generation, trial: false };
  }

  /** Hands back a ticket with the call's outcome. */
  release(ticket: BreakerTicket, outcome: BreakerOutcome): void {
    this.refresh();
    if (ticket.generation !== this.generation) return;
    if (ticket.trial) {
      if (this.current !== 'half_open') return;
      this.trials.delete(ticket);
      if (outcome === 'failure') this.transition('open');
      else if (outcome === 'success' && ++this.trialSuccesses >= this.policy.halfOpenCalls) this.transition('closed');
      return;
    }
    if (this.current !== 'closed' || outcome === 'ignored') return;
    const now = this.clock.now();
    this.window.record(now, outcome === 'failure');
    const { calls, failures } = this.window.totals(now);
    if (calls >= this.policy.minimumCalls && failures / calls >= this.policy.failureRatio) this.transition('open');
  }

  private refresh(): void {
    if (this.current === 'open' && this.clock.now() >= this.openedAt + this.policy.openMs) this.transition('half_open');
  }

  private transition(to: BreakerState): void {
    const from = this.current;
    this.current = to;
    this.generation += 1;
    this.trials.clear();
    this.trialSuccesses = 0;
    if (to === 'open') this.openedAt = this.clock.now();
    if (to === 'closed') this.window.clear();
    this.onTransition(from, to);
  }
}
