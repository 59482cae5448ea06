import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Breaker, type BreakerOutcome } from './breaker.js';
import type { BreakerState } from './events.js';
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

/** cockatiel learns an outcome a few microtasks after it is reported. */
const settled = () => new Promise((resolve) => setImmediate(resolve));
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

function setup(overrides: Partial<ResolvedBreakerPolicy> = {}) {
  const transitions: Array<[BreakerState, BreakerState]> = [];
  const breaker = new Breaker(policy(overrides), (from, to) => transitions.push([from, to]));
  const call = async (outcome: BreakerOutcome) => {
    breaker.admit()!(outcome);
    await settled();
  };
  return { transitions, breaker, call };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(1_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Breaker (cockatiel CircuitBreakerPolicy with the window rule)', () => {
  it('stays closed below minimumCalls, whatever the ratio', async () => {
    const { breaker, call, transitions } = setup();
    for (let i = 0; i < 3; i += 1) await call('failure');
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual([]);
  });

  it('opens when the failure ratio reaches the threshold, and not before', async () => {
    const { breaker, call, transitions } = setup();
    for (const outcome of ['success', 'success', 'success', 'failure'] as const) await call(outcome); // 1/4
    expect(breaker.state).toBe('closed');
    await call('failure'); // 2/5
    expect(breaker.state).toBe('closed');
    await call('failure'); // 3/6 = 0.5
    expect(breaker.state).toBe('open');
    expect(transitions).toEqual([['closed', 'open']]);
    expect(breaker.admit()).toBeUndefined();
    expect(breaker.blockedFor()).toBe(10_000);
  });

  it('does not count ignored outcomes', async () => {
    const { breaker, call } = setup();
    for (let i = 0; i < 10; i += 1) await call('ignored');
    await call('failure');
    await call('failure');
    await call('success');
    expect(breaker.state).toBe('closed'); // 3 counted calls < 4
  });

  it('half-opens after the cool-down, lets halfOpenCalls trials through (failing the others fast), and closes on success', async () => {
    const { breaker, call, transitions } = setup({ minimumCalls: 1 });
    await call('failure');
    advance(9_999);
    expect(breaker.state).toBe('open');
    expect(breaker.blockedFor()).toBe(1);
    advance(1);
    // the gauge reads half-open; cockatiel half-opens on the next call
    expect(breaker.state).toBe('half_open');
    expect(transitions).toEqual([['closed', 'open']]);
    const trial = breaker.admit()!;
    expect(transitions.at(-1)).toEqual(['open', 'half_open']);
    expect(breaker.admit()).toBeUndefined(); // one trial at a time, the others fail fast
    expect(breaker.blockedFor()).toBe(0);
    trial('success');
    await settled();
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual([
      ['closed', 'open'],
      ['open', 'half_open'],
      ['half_open', 'closed'],
    ]);
    // the window starts afresh
    await call('success');
    expect(breaker.state).toBe('closed');
  });

  it('re-opens on a failed trial, with a new cool-down', async () => {
    const { breaker, call, transitions } = setup({ minimumCalls: 1 });
    await call('failure');
    advance(10_000);
    await call('failure');
    expect(breaker.state).toBe('open');
    expect(breaker.blockedFor()).toBe(10_000);
    expect(transitions.at(-1)).toEqual(['half_open', 'open']);
  });

  it('needs halfOpenCalls successes to close', async () => {
    const { breaker, call } = setup({ minimumCalls: 1, halfOpenCalls: 2 });
    await call('failure');
    advance(10_000);
    const a = breaker.admit()!;
    const b = breaker.admit()!;
    expect(breaker.admit()).toBeUndefined();
    a('success');
    await settled();
    expect(breaker.state).toBe('half_open');
    b('success');
    await settled();
    expect(breaker.state).toBe('closed');
  });

  it('forgets failures that slid out of the window', async () => {
    const { breaker, call } = setup({ windowMs: 20_000 });
    await call('failure');
    await call('failure');
    await call('failure');
    advance(20_000);
    await call('failure'); // the first three have left the window
    expect(breaker.state).toBe('closed');
    await call('success');
    await call('failure');
    await call('failure'); // 3 failures / 4 calls in the window
    expect(breaker.state).toBe('open');
  });
});
