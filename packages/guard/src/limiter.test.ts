import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Limiter, type SlotResult } from './limiter.js';

type Granted = Extract<SlotResult, { kind: 'granted' }>;

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);
const pending = () => new Promise((resolve) => setImmediate(() => resolve('pending')));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Limiter (cockatiel bulkhead + pacing)', () => {
  it('holds the concurrency limit and the queue bound; waiting calls start in order as slots free up', async () => {
    const limiter = new Limiter({ maxConcurrent: 2, intervalMs: 0, maxQueue: 3 });
    const order: number[] = [];
    const results = Array.from({ length: 10 }, (_, index) =>
      limiter.acquire(undefined).then((result) => {
        if (result.kind === 'granted') order.push(index);
        return result;
      }),
    );
    const full = await Promise.race([Promise.all(results.slice(5)), pending()]);
    expect(full).toEqual(Array.from({ length: 5 }, () => ({ kind: 'queue_full', detail: '2 in flight, 3 waiting' })));
    expect(order).toEqual([0, 1]);
    expect(limiter.queueLength).toBe(3);

    advance(250);
    ((await results[0]) as Granted).release();
    expect(((await results[2]) as Granted).waitedMs).toBe(250);
    expect(order).toEqual([0, 1, 2]);
    ((await results[0]) as Granted).release(); // idempotent
    expect(await Promise.race([results[3], pending()])).toBe('pending');
    ((await results[1]) as Granted).release();
    ((await results[2]) as Granted).release();
    await results[4];
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.queueLength).toBe(0);
  });

  it('paces starts intervalMs apart', async () => {
    const limiter = new Limiter({ maxConcurrent: Infinity, intervalMs: 100, maxQueue: 10 });
    const started: number[] = [];
    const results = Array.from({ length: 3 }, () =>
      limiter.acquire(undefined).then((result) => {
        started.push(Date.now());
        return result;
      }),
    );
    await results[0];
    expect(started).toEqual([0]);
    expect(limiter.queueLength).toBe(2);
    advance(100);
    await results[1];
    expect(started).toEqual([0, 100]);
    advance(100);
    await results[2];
    expect(started).toEqual([0, 100, 200]);
    expect(((await results[2]) as Granted).waitedMs).toBe(200);
    // a call after a quiet spell starts at once
    advance(1_000);
    expect(await limiter.acquire(undefined)).toMatchObject({ kind: 'granted', waitedMs: 0 });
  });

  it('lets an aborted waiter leave at once with the abort reason', async () => {
    const limiter = new Limiter({ maxConcurrent: 1, intervalMs: 0, maxQueue: 1 });
    const first = (await limiter.acquire(undefined)) as Granted;
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.queueLength).toBe(1);
    controller.abort(new Error('stop'));
    expect(await waiting).toEqual({ kind: 'aborted', reason: new Error('stop') });
    // cockatiel drops the aborted call from its queue when a slot frees (its queue slot is held until then)
    expect(limiter.queueLength).toBe(1);
    first.release();
    await pending();
    expect(limiter.queueLength).toBe(0);
    expect((await limiter.acquire(undefined)).kind).toBe('granted');
    expect(await limiter.acquire(AbortSignal.abort('gone'))).toEqual({ kind: 'aborted', reason: 'gone' });
  });

  it('with maxQueue 0 never waits', async () => {
    const limiter = new Limiter({ maxConcurrent: 1, intervalMs: 0, maxQueue: 0 });
    expect((await limiter.acquire(undefined)).kind).toBe('granted');
    expect(await limiter.acquire(undefined)).toEqual({ kind: 'queue_full', detail: '1 in flight, 0 waiting' });
  });
});
