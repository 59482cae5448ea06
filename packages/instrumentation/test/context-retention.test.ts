/**
 * What the inner fetch's context keeps of a call once it is over. Anything the real fetch creates in that
 * context keeps the context with it — a pooled keep-alive socket, a timer — for as long as it lives, so the
 * context must not hold the attempt (its operation, parser and response) past the attempt's end.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { context, type Context } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_ATTEMPT, type CurrentAttempt } from '../src/capture/attempt.js';
import { instrumentFetch } from '../src/index.js';
import { setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});

describe('the inner fetch context after the call', () => {
  it('holds the attempt while its request runs and lets go of it when the attempt ends (non-stream and stream)', async () => {
    const seen: Context[] = [];
    const during: unknown[] = [];
    // What a socket or a timer made by the real fetch would keep: the context it was made in.
    const realFetch: typeof fetch = (input, init) => {
      const active = context.active();
      seen.push(active);
      during.push((active.getValue(CURRENT_ATTEMPT) as CurrentAttempt | undefined)?.attempt);
      return globalThis.fetch(input, init);
    };
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0, fetch: instrumentFetch(realFetch) });
    await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] });
    for await (const _chunk of await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
      // read to the end
    }
    await telemetry.waitForSpans(2);
    expect(seen).toHaveLength(2);
    expect(during.every((attempt) => attempt !== undefined)).toBe(true);
    for (const kept of seen) expect((kept.getValue(CURRENT_ATTEMPT) as CurrentAttempt).attempt).toBeUndefined();
  });
});
