/**
 * The 429 storm: many identical calls at once, rate-limited and retried by the SDK. Each logical call
 * is exactly one operation (span, duration point) whatever its siblings do, because the SDK hooks open
 * one operation scope per call at the SDK's request entry point and every attempt made in it attaches
 * to it. Real SDKs (openai 7 and 6, @anthropic-ai/sdk, @google/genai with `retryOptions`) against the
 * fake fakes.other; exact counts.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { DataPoint, Histogram, MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import OpenAIv6 from 'openai-v6';
import { describe, expect, it } from 'vitest';
import { setupFakeProviders } from './fake-providers.js';
import { points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
const fakes = setupFakeProviders(telemetry);

const CALLS = 20;

interface CallOptions {
  model?: string;
  /** `x-fake-fault` of this call. */
  fault?: string;
  /** The client's per-attempt timeout (ms). */
  timeout?: number;
}

/** One SDK under test: how it makes one call (always the same body for the same model). */
interface Sdk {
  name: string;
  /** The model used unless a call names another. */
  model: string;
  /** A second model for the mixed storm. */
  otherModel: string;
  /** The span name's operation. */
  operation: string;
  /** The fault of a call that fails once with a 429 and then succeeds. */
  limitedOnce(call: number): string;
  call(options: CallOptions): Promise<unknown>;
  server(): FakeProvider;
  /** The fixed usage every successful call reports (`x-fake-usage`), and its input token count. */
  inputTokens: number;
}

const messages = [{ role: 'user' as const, content: 'the same question, asked twenty times at once' }];

function openaiSdk(name: string, Client: typeof OpenAI): Sdk {
  return {
    name,
    model: 'gpt-4.1',
    otherModel: 'gpt-4.1-mini',
    operation: 'chat',
    limitedOnce: () => '429;retry-after=0;times=1',
    inputTokens: 100,
    server: () => fakes.openai,
    call: ({ model = 'gpt-4.1', fault, timeout }) =>
      new Client({
        apiKey: 'sk-test-not-a-key',
        baseURL: fakes.openai.baseURL,
        maxRetries: 2,
        ...(timeout === undefined ? {} : { timeout }),
      }).chat.completions.create(
        { model, messages },
        { headers: { 'x-fake-usage': 'prompt=100,completion=10', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) } },
      ),
  };
}

const SDKS: Sdk[] = [
  openaiSdk('openai 7', OpenAI),
  openaiSdk('openai 6', OpenAIv6 as unknown as typeof OpenAI),
  {
    name: '@anthropic-ai/sdk',
    model: 'claude-sonnet-4-6',
    otherModel: 'claude-haiku-4-5',
    operation: 'chat',
    limitedOnce: () => '429;retry-after=0;times=1',
    inputTokens: 100,
    server: () => fakes.other,
    call: ({ model = 'claude-sonnet-4-6', fault, timeout }) =>
      new Anthropic({
        apiKey: 'sk-ant-test-not-a-key',
        baseURL: fakes.other.url,
        maxRetries: 2,
        ...(timeout === undefined ? {} : { timeout }),
      }).messages.create(
        { model, max_tokens: 64, messages },
        { headers: { 'x-fake-usage': 'input=100,output=10', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) } },
      ),
  },
  {
    name: '@google/genai (retryOptions: 3 attempts)',
    model: 'gemini-2.5-flash',
    otherModel: 'gemini-2.5-flash-lite',
    operation: 'generate_content',
    // @google/genai sends no attempt header: the fake counts each call's attempts by a key of its own.
    limitedOnce: (call) => `429;retry-after=0;times=1;key=storm-${call}`,
    inputTokens: 100,
    server: () => fakes.other,
    call: ({ model = 'gemini-2.5-flash', fault, timeout }) =>
      new GoogleGenAI({
        apiKey: 'AIza-test-not-a-key-0123456789',
        httpOptions: {
          baseUrl: fakes.other.url,
          retryOptions: { attempts: 3, initialDelay: 0.001, maxDelay: 0.001, jitter: 0 },
          headers: { 'x-fake-usage': 'prompt=100,candidates=10', ...(fault === undefined ? {} : { 'x-fake-fault': fault }) },
          ...(timeout === undefined ? {} : { timeout }),
        },
      }).models.generateContent({ model, contents: messages[0]!.content }),
  },
];

/** Runs `count` calls in one Promise.all; every call's outcome, never a throw. */
async function storm(count: number, call: (index: number) => Promise<unknown>): Promise<Array<'ok' | string>> {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      call(index).then(
        () => 'ok',
        (error: unknown) => (error as Error).constructor.name,
      ),
    ),
  );
}

/** Sum of the counts of every point of a histogram. */
function histogramCount(metric: MetricData | undefined): number {
  return ((metric?.dataPoints ?? []) as Array<DataPoint<Histogram>>).reduce((sum, point) => sum + point.value.count, 0);
}

/** Histogram counts by one attribute of the points. */
function histogramCountsBy(metric: MetricData | undefined, key: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const point of (metric?.dataPoints ?? []) as Array<DataPoint<Histogram>>) {
    const value = String(point.attributes[key]);
    counts[value] = (counts[value] ?? 0) + point.value.count;
  }
  return counts;
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

/** What 20 calls failing on every attempt must give, for `errorType`. */
async function expectEveryCallFailed(sdk: Sdk, errorType: string, attemptsPerCall: number): Promise<void> {
  const operations = await telemetry.waitForSpans(CALLS);
  expect(operations).toHaveLength(CALLS);
  expect(operations.map((span) => [span.name, span.status.code, span.attributes['error.type']])).toEqual(
    Array.from({ length: CALLS }, () => [`${sdk.operation} ${sdk.model}`, SpanStatusCode.ERROR, errorType]),
  );
  const expectedAttempts = attemptsPerCall === 1 ? [] : Array.from({ length: attemptsPerCall }, (_, index) => index);
  expect(attemptsPerOperation(operations)).toEqual(Array.from({ length: CALLS }, () => expectedAttempts));
  const metrics = await telemetry.collectMetrics();
  expect(attemptCounts(metrics)).toEqual({ [`${sdk.model} ${errorType}`]: CALLS * attemptsPerCall });
  expect(histogramCountsBy(metrics.get('gen_ai.client.inference.duration'), 'error.type')).toEqual({ [errorType]: CALLS });
  // Nothing more ends later (no operation was left waiting).
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(telemetry.spans()).toHaveLength(CALLS);
}

describe.each(SDKS)('$name: 20 identical concurrent calls', (sdk) => {
  it('every attempt 429 → 20 operations, 60 attempts, each rate_limited', async () => {
    const outcomes = await storm(CALLS, () => sdk.call({ fault: '429;retry-after=0' }));
    expect(new Set(outcomes).size).toBe(1);
    expect(outcomes[0]).not.toBe('ok');
    expect(sdk.server().served).toHaveLength(CALLS * 3);
    await expectEveryCallFailed(sdk, 'rate_limited', 3);
  });

  it('every attempt 500 → 20 operations, 60 attempts, each server_error', async () => {
    const outcomes = await storm(CALLS, () => sdk.call({ fault: '500' }));
    expect(outcomes.every((outcome) => outcome !== 'ok')).toBe(true);
    expect(sdk.server().served).toHaveLength(CALLS * 3);
    await expectEveryCallFailed(sdk, 'server_error', 3);
  });

  it('every attempt times out → 20 operations, each timeout', async () => {
    const outcomes = await storm(CALLS, () => sdk.call({ fault: 'hang', timeout: 150 }));
    expect(outcomes.every((outcome) => outcome !== 'ok')).toBe(true);
    await expectEveryCallFailed(sdk, 'timeout', 3);
    // The fake records a hung request when its socket closes: let all of them land in this test.
    while (sdk.server().served.length < CALLS * 3) await new Promise((resolve) => setTimeout(resolve, 10));
  });

  it('first attempt 429, retry succeeds → 20 OK operations, usage counted once each', async () => {
    const outcomes = await storm(CALLS, (index) => sdk.call({ fault: sdk.limitedOnce(index) }));
    expect(outcomes).toEqual(Array.from({ length: CALLS }, () => 'ok'));
    expect(
      sdk
        .server()
        .served.map((call) => call.status)
        .sort(),
    ).toEqual([...Array.from({ length: CALLS }, () => 200), ...Array.from({ length: CALLS }, () => 429)]);

    const operations = await telemetry.waitForSpans(CALLS);
    expect(operations.map((span) => [span.status.code, span.attributes['error.type'], span.attributes['gen_ai.usage.input_tokens']])).toEqual(
      Array.from({ length: CALLS }, () => [SpanStatusCode.UNSET, undefined, sdk.inputTokens]),
    );
    expect(attemptsPerOperation(operations)).toEqual(Array.from({ length: CALLS }, () => [0, 1]));
    const metrics = await telemetry.collectMetrics();
    expect(attemptCounts(metrics)).toEqual({ [`${sdk.model} rate_limited`]: CALLS, [`${sdk.model} ok`]: CALLS });
    expect(histogramCountsBy(metrics.get('gen_ai.client.inference.duration'), 'error.type')).toEqual({ undefined: CALLS });
    expect(points(metrics.get('gen_ai.client.inference.usage.input_tokens')).reduce((sum, point) => sum + (point.value as number), 0)).toBe(
      CALLS * sdk.inputTokens,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(CALLS);
  });

  it('a mix of models and identical bodies in one Promise.all: each call its own operation', async () => {
    // 0–7: always limited; 8–15: the same body, limited once; 16–19: another model, answered at once.
    const outcomes = await storm(CALLS, (index) =>
      index < 8 ? sdk.call({ fault: '429;retry-after=0' }) : index < 16 ? sdk.call({ fault: sdk.limitedOnce(index) }) : sdk.call({ model: sdk.otherModel }),
    );
    expect(outcomes.map((outcome) => outcome === 'ok')).toEqual(Array.from({ length: CALLS }, (_, index) => index >= 8));

    const operations = await telemetry.waitForSpans(CALLS);
    const byKind = (span: ReadableSpan): string => `${String(span.attributes['gen_ai.request.model'])} ${String(span.attributes['error.type'] ?? 'ok')}`;
    const kinds: Record<string, number> = {};
    for (const span of operations) kinds[byKind(span)] = (kinds[byKind(span)] ?? 0) + 1;
    expect(kinds).toEqual({ [`${sdk.model} rate_limited`]: 8, [`${sdk.model} ok`]: 8, [`${sdk.otherModel} ok`]: 4 });
    const attempts = attemptsPerOperation(operations);
    expect(operations.map((span, index) => [byKind(span), attempts[index]]).sort()).toEqual(
      [
        ...Array.from({ length: 8 }, () => [`${sdk.model} rate_limited`, [0, 1, 2]]),
        ...Array.from({ length: 8 }, () => [`${sdk.model} ok`, [0, 1]]),
        ...Array.from({ length: 4 }, () => [`${sdk.otherModel} ok`, []]),
      ].sort(),
    );
    const metrics = await telemetry.collectMetrics();
    expect(attemptCounts(metrics)).toEqual({ [`${sdk.model} rate_limited`]: 8 * 3 + 8, [`${sdk.model} ok`]: 8, [`${sdk.otherModel} ok`]: 4 });
    expect(histogramCount(metrics.get('gen_ai.client.inference.duration'))).toBe(CALLS);
    expect(histogramCountsBy(metrics.get('gen_ai.client.inference.duration'), 'error.type')).toEqual({ rate_limited: 8, undefined: 12 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(telemetry.spans()).toHaveLength(CALLS);
  });
});
