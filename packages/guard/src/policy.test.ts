import { describe, expect, it } from 'vitest';
import { resolvePolicy } from './policy.js';

describe('resolvePolicy', () => {
  it('turns on the breaker and the 429 cool-down with their defaults; no limiter, no fallback', () => {
    expect(resolvePolicy({}, 'gpt-4.1', () => {})).toEqual({
      breaker: {
        failureRatio: 0.5,
        minimumCalls: 10,
        windowMs: 60_000,
        openMs: 30_000,
        halfOpenCalls: 1,
        failureErrorTypes: new Set(['server_error', 'overloaded', 'timeout']),
      },
      rateLimit: { defaultMs: 1_000, maxMs: 60_000 },
      limiter: undefined,
      fallback: undefined,
      ownLimiter: false,
    });
  });

  it('merges a model override over the provider policy', () => {
    const provider = {
      breaker: { minimumCalls: 5, openMs: 1_000 },
      maxConcurrent: 4,
      models: { 'gpt-4.1': { breaker: { openMs: 2_000 }, rateLimitCooldown: false as const }, o3: { maxConcurrent: 1, requestsPerSecond: 4 } },
    };
    const merged = resolvePolicy(provider, 'gpt-4.1', () => {});
    expect(merged.breaker).toMatchObject({ minimumCalls: 5, openMs: 2_000 });
    expect(merged.rateLimit).toBeUndefined();
    expect(merged.limiter).toEqual({ maxConcurrent: 4, intervalMs: 0, maxQueue: 100 });
    expect(merged.ownLimiter).toBe(false);
    expect(resolvePolicy(provider, 'o3', () => {})).toMatchObject({ limiter: { maxConcurrent: 1, intervalMs: 250, maxQueue: 100 }, ownLimiter: true });
    expect(resolvePolicy(provider, 'other', () => {}).breaker).toMatchObject({ openMs: 1_000 });
    expect(resolvePolicy({ breaker: false }, undefined, () => {}).breaker).toBeUndefined();
  });

  it('replaces invalid values with the defaults and says so', () => {
    const warnings: string[] = [];
    const policy = resolvePolicy(
      { breaker: { failureRatio: 2, minimumCalls: 0.5 }, maxConcurrent: -1, requestsPerSecond: 0, maxQueue: 3, fallback: { baseURL: 'not a url' } },
      undefined,
      (message) => warnings.push(message),
    );
    expect(policy.breaker).toMatchObject({ failureRatio: 0.5, minimumCalls: 10 });
    expect(policy.limiter).toBeUndefined();
    expect(policy.fallback).toBeUndefined();
    expect(warnings).toHaveLength(5);
  });
});
