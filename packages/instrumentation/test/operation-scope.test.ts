/**
 * Where operations begin and end besides the SDK storm: a hand-written fetch is one operation per HTTP
 * call, ended when its response is read (no waiting for a retry); `withGenAIOperation` groups a
 * caller's own retries into one operation; openai 7's retry of a JSON body that timed out while the
 * caller read it stays in its call's operation; disabling the instrumentation (what shutdown does
 * before the exporters flush) ends the calls in flight with what is known.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withGenAIOperation } from '../src/index.js';
import { histogram, points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.setConfig({ providerHosts: { [`127.0.0.1:${provider.port}`]: 'openai' } });
  telemetry.instrumentation.enable();
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
  provider.reset();
});

const MODEL = 'gpt-4.1';
const body = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });

/** A hand-written call: the response's status, its body read. */
async function post(fault?: string): Promise<number> {
  const response = await fetch(`${provider.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-not-a-key', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) },
    body,
  });
  await response.text();
  return response.status;
}

/** A hand-written retry loop: up to three attempts while the answer is a 429. */
async function postWithRetries(fault: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const status = await post(fault);
    if (status !== 429 || attempt === 3) return status;
  }
}

function attemptSpans(operation: ReadableSpan): ReadableSpan[] {
  return telemetry.allSpans().filter((span) => span.name.endsWith(' attempt') && span.parentSpanContext?.spanId === operation.spanContext().spanId);
}

function attemptCounts(metric: Parameters<typeof points>[0]): Array<[unknown, unknown]> {
  return points(metric).map((point) => [point.attributes['error.type'], point.value]);
}

describe('a hand-written fetch client (no hook)', () => {
  it('is one operation per HTTP call, each ended as soon as its response is read', async () => {
    const status = await postWithRetries('429;retry-after=0;times=2;key=plain');
    expect(status).toBe(200);
    // Ended already: nothing waits for a retry that a plain fetch client may or may not send.
    const operations = telemetry.spans();
    expect(operations.map((span) => span.attributes['error.type'])).toEqual(['rate_limited', 'rate_limited', undefined]);
    expect(operations.flatMap(attemptSpans)).toEqual([]);
    const metrics = await telemetry.collectMetrics();
    expect(histogram(metrics.get('gen_ai.client.inference.duration')).count + histogram(metrics.get('gen_ai.client.inference.duration'), 1).count).toBe(3);
  });
});

describe('withGenAIOperation', () => {
  it('sends each request of a grouped operation with its own body, usage injected into each', async () => {
    // Two different streaming requests in one operation: each rewritten body (stream_options added) is its own
    // request's, not the first one's.
    const stream = async (model: string) => {
      const response = await fetch(`${provider.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-not-a-key' },
        body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: `hi ${model}` }] }),
      });
      return response.text();
    };
    const [first, second] = await withGenAIOperation(async () => [await stream('gpt-4.1'), await stream('gpt-4o-mini')]);
    expect(provider.served.map((call) => [call.model, call.stream])).toEqual([
      ['gpt-4.1', true],
      ['gpt-4o-mini', true],
    ]);
    // The callers' bytes: each its own model's stream, without the injected usage chunk.
    expect([first, second].map((text) => [...new Set([...text.matchAll(/"model":"([^"]+)"/g)].map((match) => match[1]))])).toEqual([
      [expect.stringMatching(/^gpt-4\.1/)],
      [expect.stringMatching(/^gpt-4o-mini/)],
    ]);
    expect([first, second].map((text) => text.includes('"usage":{'))).toEqual([false, false]);
  });

  it('makes a hand-written retry loop one operation with one attempt span per request', async () => {
    const status = await withGenAIOperation(() => postWithRetries('429;retry-after=0;times=2;key=grouped'));
    expect(status).toBe(200);
    const [operation] = telemetry.spans();
    expect(telemetry.spans()).toHaveLength(1);
    expect(operation!.status.code).toBe(SpanStatusCode.UNSET);
    expect(operation!.attributes['error.type']).toBeUndefined();
    expect(attemptSpans(operation!).map((span) => [span.attributes['http.request.resend_count'], span.attributes['error.type']])).toEqual([
      [undefined, 'rate_limited'],
      [1, 'rate_limited'],
      [2, undefined],
    ]);
    const metrics = await telemetry.collectMetrics();
    expect(histogram(metrics.get('gen_ai.client.inference.duration')).count).toBe(1);
    expect(attemptCounts(metrics.get('genai_otel.client.attempts'))).toEqual([
      ['rate_limited', 2],
      [undefined, 1],
    ]);
  });

  it('ends with the error when the function throws, at that moment', async () => {
    const error = await withGenAIOperation(async () => {
      await postWithRetries('500');
      throw new Error('gave up');
    }).catch((caught: unknown) => caught);
    const thrownAt = performance.now();
    expect(error).toEqual(new Error('gave up'));
    const [operation] = telemetry.spans();
    expect(telemetry.spans()).toHaveLength(1);
    expect(operation!.attributes['error.type']).toBe('server_error');
    const end = operation!.endTime[0] * 1000 + operation!.endTime[1] / 1e6 - performance.timeOrigin;
    expect(thrownAt - end).toBeGreaterThanOrEqual(0);
    expect(thrownAt - end).toBeLessThan(5);
  });

  it('takes in the SDK calls made inside it (their own hook does not open another operation)', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
    const request = { model: MODEL, messages: [{ role: 'user' as const, content: 'hi' }] };
    await withGenAIOperation(async () => {
      await client.chat.completions.create(request, { headers: { 'x-fake-fault': '429;retry-after=0' } }).catch(() => undefined);
      return client.chat.completions.create(request);
    });
    const [operation] = telemetry.spans();
    expect(telemetry.spans()).toHaveLength(1);
    expect(attemptSpans(operation!)).toHaveLength(2);
  });
});

describe('openai 7 retrying a JSON body that timed out while the caller read it', () => {
  it('is one operation: both attempts, the retry answered, ended when the caller got the completion', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 1, timeout: 300 });
    const completion = await client.chat.completions.create(
      { model: MODEL, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-fake-fault': 'slow;ttfb-ms=0;body-delay-ms=60000;times=1' } },
    );
    const answeredAt = performance.now();
    expect(completion.choices).toHaveLength(1);
    expect(provider.served.map((call) => call.attempt)).toEqual([1, 2]);
    const [operation] = telemetry.spans();
    expect(telemetry.spans()).toHaveLength(1);
    expect(operation!.attributes['error.type']).toBeUndefined();
    expect(operation!.attributes['gen_ai.response.id']).toBe(completion.id);
    expect(attemptSpans(operation!).map((span) => [span.attributes['http.request.resend_count'], span.attributes['error.type']])).toEqual([
      [undefined, 'timeout'],
      [1, undefined],
    ]);
    const end = operation!.endTime[0] * 1000 + operation!.endTime[1] / 1e6 - performance.timeOrigin;
    expect(answeredAt - end).toBeGreaterThanOrEqual(0);
    expect(answeredAt - end).toBeLessThan(5);
  });
});

describe('disabling the instrumentation (shutdown)', () => {
  it('ends a call waiting for its retry with what is known, before the exporters would flush', async () => {
    const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 1 });
    // The SDK waits 500 ms (retry-after-ms) before its retry: the call is in flight, between attempts.
    const pending = client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }, { headers: { 'x-fake-fault': '429;retry-after-ms=500;times=1' } })
      .catch(() => undefined);
    while (provider.served.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(telemetry.spans()).toHaveLength(0);

    telemetry.instrumentation.disable();
    const [operation] = telemetry.spans();
    expect(telemetry.spans()).toHaveLength(1);
    expect(operation!.attributes['error.type']).toBe('rate_limited');
    expect(histogram((await telemetry.collectMetrics()).get('gen_ai.client.inference.duration')).count).toBe(1);
    // The SDK's retry goes out while the instrumentation is off: passed through, nothing recorded.
    await pending;
    expect(telemetry.spans()).toHaveLength(1);
    telemetry.instrumentation.enable();
  }, 10_000);
});
