/**
 * What the guard shares with the instrumentation without importing it: the channel its decisions travel on (the
 * instrumentation subscribes by name). Both recognise calls and providers through `@genai-otel/providers`.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { createGuard, GUARD_CHANNEL, type GuardEvent } from '../src/index.js';

describe('guard ↔ instrumentation contract', () => {
  it('publishes its decisions on genai-otel:guard, and its closing', async () => {
    expect(GUARD_CHANNEL).toBe('genai-otel:guard');
    const events: GuardEvent[] = [];
    const listener = (message: unknown) => events.push(message as GuardEvent);
    subscribe(GUARD_CHANNEL, listener);
    try {
      const guard = createGuard({
        providers: { openai: { breaker: false, rateLimitCooldown: false, maxConcurrent: 1, maxQueue: 0 } },
        fetch: async () => new Response('{}'),
      });
      const first = guard.fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{"model":"gpt-4.1"}' });
      const second = await guard
        .fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', body: '{"model":"gpt-4.1"}' })
        .catch((error: unknown) => error);
      expect(second).toMatchObject({ name: 'GuardRejectedError', reason: 'queue_full' });
      await (await first).text();
      guard.close();
      expect(events.map((event) => event.type)).toEqual(['created', 'admitted', 'rejected', 'closed']);
      expect(events[2]).toMatchObject({ target: { provider: 'openai', model: 'gpt-4.1' }, reason: 'queue_full' });
      expect(guard.snapshot()).toEqual({ breakers: [], queues: [] });
    } finally {
      unsubscribe(GUARD_CHANNEL, listener);
    }
  });
});
