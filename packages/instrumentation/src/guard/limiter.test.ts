import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { Limiter, type LimiterResult } from './limiter.js';

type Granted = Extract<LimiterResult, { kind: 'granted' }>;

describe('Limiter', () => {
  it('holds the concurrency limit and the queue bound; waiting calls start in order as slots free up', async () => {
    const clock = new ManualClock();
    const limiter = new Limiter({ maxConcurrent: 2, intervalMs: 0, maxQueue: 3 }, clock);
    const order: number[] = [];
    const results = Array.from({ length: 10 }, (_, index) =>
      limiter.acquire().then((result) => {
        if (result.kind === 'granted') order.push(index);
        return result;
      }),
    );
    const settled = await Promise.race([Promise.all(results.slice(5)), new Promise((resolve) => setImmediate(() => resolve('pending')))]);
    expect(settled).toEqual(Array.from({ length: 5 }, () => ({ kind: 'queue_full' })));
    expect(order).toEqual([0, 1]);
    expect(limiter.active).toBe(2);
    expect(limiter.queueLength).toBe(3);

    clock.advance(250);
    ((await results[0]) as Granted).release();
    expect(((await results[2]) as Granted).waitedMs).toBe(250);
    expect(order).toEqual([0, 1, 2]);
    ((await results[0]) as Granted).release(); // idempotent
    expect(limiter.active).toBe(2);
    ((await results[1]) as Granted).release();
    ((await results[2]) as Granted).release();
    await results[4];
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.queueLength).toBe(0);
  });

  it('paces starts intervalMs apart', async () => {
    const clock = new ManualClock();
    const limiter = new Limiter({ maxConcurrent: Infinity, intervalMs: 100, maxQueue: 10 }, clock);
    const started: number[] = [];
    const results = Array.from({ length: 3 }, () => limiter.acquire().then((result) => {
        started.push(clock.now());
        return result;
      }));
    await results[0];
    expect(started).toEqual([0]);
    clock.advance(99);
    await Promise.resolve();
    expect(started).toEqual([0]);
    clock.advance(1);
    await results[1];
    expect(started).toEqual([0, 100]);
    clock.advance(100);
    await results[2];
    expect(started).toEqual([0, 100, 200]);
    expect(((await results[2]) as Granted).waitedMs).toBe(200);
    // a call after a quiet spell starts at once
    clock.advance(1_000);
    expect(await limiter.acquire()).toMatchObject({ kind: 'granted', waitedMs: 0 });
  });

  it('lets an aborted waiter leave the queue', async () => {
    const limiter = new Limiter({ maxConcurrent: 1, intervalMs: 0, maxQueue: 1 }, new ManualClock());
    const first = (await limiter.acquire()) as Granted;
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(limiter.queueLength).toBe(1);
    controller.abort(new Error('stop'));
    expect(await waiting).toEqual({ kind: 'aborted', reason: new Error('stop') });
    expect(limiter.queueLength).toBe(0);
    first.release();
    expect(limiter.active).toBe(0);
    expect(await limiter.acquire(AbortSignal.abort('gone'))).toEqual({ kind: 'aborted', reason: 'gone' });
  });

  it('with maxQueue 0 never waits', async () => {
    const limiter = new Limiter({ maxConcurrent: 1, intervalMs: 0, maxQueue: 0 }, new ManualClock());
    expect((await limiter.acquire()).kind).toBe('granted');
    expect(await limiter.acquire()).toEqual({ kind: 'queue_full' });
  });
});
