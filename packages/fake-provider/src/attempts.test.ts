import { describe, expect, it } from 'vitest';
import { KeyedAttempts, attemptFromRetryCount, scheduleFault } from './attempts.js';
import type { FaultSpec } from './types.js';

const rateLimit = (schedule: { times?: number; key?: string }): FaultSpec => ({
  kind: '429',
  retryAfterSeconds: 0,
  ...schedule,
});

describe('attemptFromRetryCount', () => {
  it('turns the 0-based retry count into a 1-based attempt', () => {
    expect(attemptFromRetryCount('0')).toBe(1);
    expect(attemptFromRetryCount(' 2 ')).toBe(3);
    expect(attemptFromRetryCount(undefined)).toBeUndefined();
    expect(attemptFromRetryCount('x')).toBeUndefined();
  });
});

describe('scheduleFault', () => {
  it('applies a fault to attempts 1…times by x-stainless-retry-count', () => {
    const keyed = new KeyedAttempts();
    const fault = rateLimit({ times: 1 });
    expect(scheduleFault(fault, '0', keyed)).toEqual({ ok: true, fault, attempt: 1 });
    expect(scheduleFault(fault, '1', keyed)).toEqual({ ok: true, fault: undefined, attempt: 2 });
  });

  it('counts per key when the fault has one, even with the header present', () => {
    const keyed = new KeyedAttempts();
    const fault = rateLimit({ times: 2, key: 'a' });
    expect(scheduleFault(fault, '0', keyed)).toEqual({ ok: true, fault, attempt: 1 });
    expect(scheduleFault(rateLimit({ times: 2, key: 'b' }), '0', keyed)).toMatchObject({ attempt: 1 });
    expect(scheduleFault(fault, '0', keyed)).toEqual({ ok: true, fault, attempt: 2 });
    expect(scheduleFault(fault, '0', keyed)).toEqual({ ok: true, fault: undefined, attempt: 3 });
    keyed.clear();
    expect(scheduleFault(fault, undefined, keyed)).toEqual({ ok: true, fault, attempt: 1 });
  });

  it('records the attempt without a fault, and leaves a fault without times always on', () => {
    const keyed = new KeyedAttempts();
    expect(scheduleFault(undefined, '3', keyed)).toEqual({ ok: true, fault: undefined, attempt: 4 });
    expect(scheduleFault(rateLimit({}), undefined, keyed)).toEqual({ ok: true, fault: rateLimit({}), attempt: undefined });
  });

  it('rejects times without a way to count attempts', () => {
    expect(scheduleFault(rateLimit({ times: 1 }), undefined, new KeyedAttempts())).toEqual({
      ok: false,
      message: "Fault parameter 'times' needs a way to count attempts: add 'key=<name>' to the fault, or send the " + 'x-stainless-retry-count header.',
    });
  });
});
