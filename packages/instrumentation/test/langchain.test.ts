/**
 * LangChain: `@langchain/openai`'s `ChatOpenAI` builds its `openai` client with `maxRetries: 0` and
 * retries in `@langchain/core`'s `AsyncCaller` (p-retry), one SDK call per attempt. The `AsyncCaller`
 * hook makes one `invoke` one operation, however many attempts it takes and however many identical
 * invokes run side by side. Real @langchain/openai 1.6 / @langchain/core 1.4 against the fake provider.
 */
import { ChatOpenAI } from '@langchain/openai';
import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withGenAIOperation } from '../src/index.js';
import { setupFakeProviders } from './fake-providers.js';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
const fakes = setupFakeProviders(telemetry);

/**
 * p-retry (in AsyncCaller) waits `(1 + random) * 1000 * 2^n` ms before retry n + 1, with no option to
 * shorten it: timers of 1–4 s are made 1 ms during these tests (nothing else here sets one that long).
 */
const realSetTimeout = globalThis.setTimeout;
beforeEach(() => {
  globalThis.setTimeout = ((handler: unknown, delay?: number, ...rest: unknown[]) =>
    Reflect.apply(realSetTimeout, globalThis, [
      handler,
      typeof delay === 'number' && delay >= 1000 && delay <= 4000 ? 1 : delay,
      ...rest,
    ])) as typeof setTimeout;
});
afterEach(() => {
  globalThis.setTimeout = realSetTimeout;
});

function invoke(fault?: string): Promise<unknown> {
  return new ChatOpenAI({
    model: 'gpt-4.1',
    apiKey: 'sk-test-not-a-key',
    maxRetries: 2,
    configuration: {
      baseURL: fakes.openai.baseURL,
      defaultHeaders: { 'x-fake-usage': 'prompt=100,completion=10', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) },
    },
  }).invoke('the same question, asked twenty times at once');
}

/** Each operation span's attempt spans' resend counts (0 for the first), in start order. */
function attemptsPerOperation(operations: ReadableSpan[]): number[][] {
  const attempts = telemetry.allSpans().filter((span) => span.name.endsWith(' attempt'));
  return operations.map((operation) =>
    attempts
      .filter((attempt) => attempt.parentSpanContext?.spanId === operation.spanContext().spanId)
      .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1])
      .map((attempt) => (attempt.attributes['http.request.resend_count'] as number | undefined) ?? 0),
  );
}

/** The attempts counter as `{ '<model> <error.type|ok>': value }`. */
function attemptCounts(metrics: Map<string, MetricData>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const point of points(metrics.get('genai_otel.client.attempts'))) {
    const attributes = point.attributes as Attributes;
    const key = `${String(attributes['gen_ai.request.model'])} ${String(attributes['error.type'] ?? 'ok')}`;
    counts[key] = (counts[key] ?? 0) + (point.value as number);
  }
  return counts;
}

/** Duration histogram counts by `error.type`. */
function durationCounts(metrics: Map<string, MetricData>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const point of (metrics.get('gen_ai.client.inference.duration')?.dataPoints ?? []) as Array<DataPoint<Histogram>>) {
    const key = String(point.attributes['error.type']);
    counts[key] = (counts[key] ?? 0) + point.value.count;
  }
  return counts;
}

const outcome = (call: Promise<unknown>): Promise<string> =>
  call.then(
    () => 'ok',
    (error: unknown) => (error as Error).name,
  );

describe('LangChain ChatOpenAI (retries in @langchain/core AsyncCaller)', () => {
  it('every attempt 429, maxRetries 2 → 1 operation (rate_limited), 3 attempts', async () => {
    expect(await outcome(invoke('429;retry-after=0'))).not.toBe('ok');
    expect(fakes.openai.served.map((call) => call.status)).toEqual([429, 429, 429]);

    const operations = await telemetry.waitForSpans(1);
    expect(operations.map((span) => [span.name, span.status.code, span.attributes['error.type']])).toEqual([
      ['chat gpt-4.1', SpanStatusCode.ERROR, 'rate_limited'],
    ]);
    expect(attemptsPerOperation(operations)).toEqual([[0, 1, 2]]);
    const metrics = await telemetry.collectMetrics();
    expect(attemptCounts(metrics)).toEqual({ 'gpt-4.1 rate_limited': 3 });
    expect(durationCounts(metrics)).toEqual({ rate_limited: 1 });
    await new Promise((resolve) => realSetTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(1);
  });

  it('first attempt 429, retry succeeds → 1 OK operation, usage counted once', async () => {
    expect(await outcome(invoke('429;retry-after=0;times=1;key=once'))).toBe('ok');
    expect(fakes.openai.served.map((call) => call.status)).toEqual([429, 200]);

    const operations = await telemetry.waitForSpans(1);
    expect(operations.map((span) => [span.name, span.status.code, span.attributes['error.type'], span.attributes['gen_ai.usage.input_tokens']])).toEqual([
      ['chat gpt-4.1', SpanStatusCode.UNSET, undefined, 100],
    ]);
    expect(attemptsPerOperation(operations)).toEqual([[0, 1]]);
    const metrics = await telemetry.collectMetrics();
    expect(attemptCounts(metrics)).toEqual({ 'gpt-4.1 rate_limited': 1, 'gpt-4.1 ok': 1 });
    expect(durationCounts(metrics)).toEqual({ undefined: 1 });
    expect(points(metrics.get('gen_ai.client.inference.usage.input_tokens')).reduce((sum, point) => sum + (point.value as number), 0)).toBe(100);
    await new Promise((resolve) => realSetTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(1);
  });

  it('20 identical concurrent invokes, every attempt 429 → exactly 20 operations, 60 attempts', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => outcome(invoke('429;retry-after=0'))));
    expect(outcomes.filter((result) => result === 'ok')).toEqual([]);
    expect(fakes.openai.served).toHaveLength(60);

    const operations = await telemetry.waitForSpans(20);
    expect(operations.map((span) => [span.name, span.status.code, span.attributes['error.type']])).toEqual(
      Array.from({ length: 20 }, () => ['chat gpt-4.1', SpanStatusCode.ERROR, 'rate_limited']),
    );
    expect(attemptsPerOperation(operations)).toEqual(Array.from({ length: 20 }, () => [0, 1, 2]));
    const metrics = await telemetry.collectMetrics();
    expect(attemptCounts(metrics)).toEqual({ 'gpt-4.1 rate_limited': 60 });
    expect(durationCounts(metrics)).toEqual({ rate_limited: 20 });
    await new Promise((resolve) => realSetTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(20);
  });

  it('maxConcurrency 1 (calls queued by p-queue): each call still its own operation', async () => {
    const model = new ChatOpenAI({
      model: 'gpt-4.1',
      apiKey: 'sk-test-not-a-key',
      maxRetries: 2,
      maxConcurrency: 1,
      configuration: { baseURL: fakes.openai.baseURL, defaultHeaders: { 'x-fake-usage': 'prompt=100,completion=10' } },
    });
    const outcomes = await Promise.all(
      [0, 1, 2].map((index) => outcome(model.invoke('queued', { options: { headers: { 'x-fake-fault': `429;retry-after=0;times=1;key=queued-${index}` } } }))),
    );
    expect(outcomes).toEqual(['ok', 'ok', 'ok']);
    expect(fakes.openai.served.map((call) => call.status)).toEqual([429, 200, 429, 200, 429, 200]);
    const operations = await telemetry.waitForSpans(3);
    expect(operations.map((span) => span.status.code)).toEqual([SpanStatusCode.UNSET, SpanStatusCode.UNSET, SpanStatusCode.UNSET]);
    expect(attemptsPerOperation(operations)).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
    await new Promise((resolve) => realSetTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(3);
  });

  it('inside withGenAIOperation: the scope in the context is reused, not nested', async () => {
    await withGenAIOperation(async () => {
      await invoke('429;retry-after=0;times=1;key=scoped');
    });
    expect(fakes.openai.served.map((call) => call.status)).toEqual([429, 200]);
    const operations = await telemetry.waitForSpans(1);
    expect(attemptsPerOperation(operations)).toEqual([[0, 1]]);
    await new Promise((resolve) => realSetTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(1);
  });
});
