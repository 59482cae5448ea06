import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type BreakerState, type BreakerTicket } from './circuit-breaker.js';
import { ManualClock } from './clock.js';
import type { ResolvedBreakerPolicy } from './policy.js';

const policy = (overrides: Partial<ResolvedBreakerPolicy> = {}): ResolvedBreakerPolicy => ({
  failureRatio: 0.5,
  minimumCalls: 4,
  windowMs: 60_000,
  openMs: 10_000,
  halfOpenCalls: 1,
  failureErrorTypes: new Set(['server_error']),
  ...overrides,
});

function setup(overrides: Partial<ResolvedBreakerPolicy> = {}) {
  const clock = new ManualClock(1_000);
  const transitions: Array<[BreakerState, BreakerState]> = [];
  const breaker = new CircuitBreaker(policy(overrides), clock, (from, to) => transitions.push([from, to]));
  const call = (outcome: 'success' | 'failure' | 'ignored') => breaker.release(breaker.tryAcquire()!, outcome);
  return { clock, transitions, breaker, call };
}

describe('CircuitBreaker', () => {
  it('stays closed below minimumCalls, whatever the ratio', () => {
    const { breaker, call, transitions } = setup();
    for (let i = 0; i < 3; i += 1) call('failure');
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual([]);
  });

  it('opens when the failure ratio reaches the threshold, and not before', () => {
    const { breaker, call, transitions } = setup();
    call('success');
    call('success');
    call('success');
    call('failure'); // 1/4
    expect(breaker.state).toBe('closed');
    call('failure'); // 2/5
    expect(breaker.state).toBe('closed');
    call('failure'); // 3/6 = 0.5
    expect(breaker.state).toBe('open');
    expect(transitions).toEqual([['closed', 'open']]);
    expect(breaker.tryAcquire()).toBeUndefined();
    expect(breaker.retryAfterMs()).toBe(10_000);
  });

  it('does not count ignored outcomes', () => {
    const { breaker, call } = setup();
    for (let i = 0; i < 10; i += 1) call('ignored');
    call('failure');
    call('failure');
    call('success');
    expect(breaker.state).toBe('closed'); // 3 counted calls < 4
  });

  it('half-opens after the cool-down, lets halfOpenCalls trials through, and closes on success', () => {
    const { breaker, call, clock, transitions } = setup({ minimumCalls: 1 });
    call('failure');
    clock.advance(9_999);
    expect(breaker.state).toBe('open');
    expect(breaker.retryAfterMs()).toBe(1);
    clock.advance(1);
    expect(breaker.state).toBe('half_open');
    const trial = breaker.tryAcquire()!;
    expect(trial.trial).toBe(true);
    expect(breaker.tryAcquire()).toBeUndefined(); // one trial at a time
    breaker.release(trial, 'success');
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half_open'],
      ['half_open', 'closed'],
    ]);
    // the window starts afresh: one more failure re-opens it (minimumCalls 1)
    call('success');
    expect(breaker.state).toBe('closed');
  });

  it('re-opens on a failed trial, with a new cool-down', () => {
    const { breaker, call, clock, transitions } = setup({ minimumCalls: 1 });
    call('failure');
    clock.advance(10_000);
    call('failure');
    expect(breaker.state).toBe('open');
    expect(breaker.retryAfterMs()).toBe(10_000);
    expect(transitions.at(-1)).toEqual(['half_open', 'open']);
  });

  it('needs halfOpenCalls successes to close; an ignored trial frees its slot', () => {
    const { breaker, call, clock } = setup({ minimumCalls: 1, halfOpenCalls: 2 });
    call('failure');
    clock.advance(10_000);
    const a = breaker.tryAcquire()!;
    const b = breaker.tryAcquire()!;
    expect(breaker.tryAcquire()).toBeUndefined();
    breaker.release(b, 'ignored');
    const c = breaker.tryAcquire()!;
    breaker.release(a, 'success');
    expect(breaker.state).toBe('half_open');
    breaker.release(c, 'success');
    expect(breaker.state).toBe('closed');
  });

  it('frees the slot of a trial that never ends after another cool-down', () => {
    const { breaker, call, clock } = setup({ minimumCalls: 1 });
    call('failure');
    clock.advance(10_000);
    const stuck = breaker.tryAcquire()!;
    clock.advance(9_999);
    expect(breaker.tryAcquire()).toBeUndefined();
    clock.advance(1);
    const next = breaker.tryAcquire()!;
    expect(next.trial).toBe(true);
    breaker.release(next, 'success');
    expect(breaker.state).toBe('closed');
    breaker.release(stuck, 'failure'); // from the half-open generation: ignored
    expect(breaker.state).toBe('closed');
  });

  it('ignores outcomes of calls let through before a transition', () => {
    const { breaker, call, clock } = setup({ minimumCalls: 1 });
    const late: BreakerTicket = breaker.tryAcquire()!;
    call('failure'); // opens
    clock.advance(10_000);
    expect(breaker.state).toBe('half_open');
    breaker.release(late, 'failure'); // admitted while closed: no effect on the half-open breaker
    expect(breaker.state).toBe('half_open');
    expect(breaker.wouldPass()).toBe(true);
  });

  it('forgets failures that slid out of the window', () => {
    const { breaker, call, clock } = setup({ windowMs: 20_000 });
    call('failure');
    call('failure');
    call('failure');
    clock.advance(20_000);
    call('failure'); // the first three have left the window
    expect(breaker.state).toBe('closed');
    call('success');
    call('failure');
    call('failure'); // 3 failures / 4 calls in the window
    expect(breaker.state).toBe('open');
  });
});
