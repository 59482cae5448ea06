/**
 * Anthropic Messages through the real `@anthropic-ai/sdk` (1.x) against the fake provider: span,
 * metrics and cost of non-stream and stream calls (input tokens include cache reads and writes), 529,
 * a 429 retried by the SDK (two attempts, one operation, one billed cost), and exactly one GenAI span
 * per call although the SDK traces on its own.
 */
import Anthropic from '@anthropic-ai/sdk';
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { histogram, points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry({}, { global: true });
let provider: FakeProvider;
let client: Anthropic;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.enable();
  client = new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: provider.url, maxRetries: 0 });
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
  provider.reset();
});

const MODEL = 'claude-sonnet-4-5-20250929';
const request = { model: MODEL, max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hello, Claude' }] };
// input=100 uncached, cache_read=2000, cache_write 5m=300 and 1h=200, output=50.
const usageHeader = { 'x-fake-usage': 'input=100,output=50,cache_read=2000,cache_write_5m=300,cache_write_1h=200' };
// claude-sonnet-4-5 list prices (USD/MTok, Anthropic pricing page = genai-prices 0.1.8): input 3, cache read 0.30,
// 5-minute cache write 3.75, 1-hour cache write 6, output 15.
const EXPECTED_COST = (100 * 3 + 2000 * 0.3 + 300 * 3.75 + 200 * 6 + 50 * 15) / 1e6;

describe('messages.create', () => {
  it('records input tokens as input + cache read + cache write, with cost and one span', async () => {
    const message = await client.messages.create(request, { headers: usageHeader });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe(`chat ${MODEL}`);
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': MODEL,
      'gen_ai.request.max_tokens': 256,
      'server.address': '127.0.0.1',
      'server.port': provider.port,
      'gen_ai.response.id': message.id,
      'gen_ai.response.model': message.model,
      'gen_ai.response.finish_reasons': [message.stop_reason],
      'gen_ai.usage.input_tokens': 100 + 2000 + 500,
      'gen_ai.usage.output_tokens': 50,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.usage.cache_write.input_tokens': 500,
      'gen_ai.usage.cost.amount': expect.closeTo(EXPECTED_COST, 12),
      'gen_ai.usage.cost.currency': 'USD',
      'gen_ai.usage.cost.source': 'price-table',
      'genai_otel.cost.data_version': 'genai-prices@0.1.8',
    });
    // One GenAI span per call: the SDK's own `anthropic.messages.create` span is off.
    expect(telemetry.allSpans().filter((each) => each.instrumentationScope.name === 'com.anthropic.sdk.typescript')).toEqual([]);
    // A single attempt gets no attempt span: the operation span and (with undici instrumentation) the HTTP span.
    expect(telemetry.allSpans().map((each) => each.name)).toEqual([`chat ${MODEL}`]);

    const metrics = await telemetry.collectMetrics();
    const text = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': MODEL,
      'gen_ai.response.model': message.model,
      'server.address': '127.0.0.1',
      'server.port': provider.port,
      'gen_ai.token.modality': 'text',
    };
    expect(points(metrics.get('gen_ai.client.inference.usage.input_tokens'))).toEqual([{ attributes: text, value: 2600 }]);
    expect(points(metrics.get('gen_ai.client.inference.usage.cache_read.input_tokens'))).toEqual([{ attributes: text, value: 2000 }]);
    expect(points(metrics.get('gen_ai.client.inference.usage.cache_write.input_tokens'))).toEqual([{ attributes: text, value: 500 }]);
    expect(histogram(metrics.get('gen_ai.client.operation.cost')).sum).toBeCloseTo(EXPECTED_COST, 12);
  });
});

describe('streaming', () => {
  it('reads usage from message_start and the cumulative message_delta', async () => {
    const stream = client.messages.stream(request, { headers: usageHeader });
    const message = await stream.finalMessage();
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': message.id,
      'gen_ai.response.finish_reasons': [message.stop_reason],
      'gen_ai.usage.input_tokens': 2600,
      'gen_ai.usage.output_tokens': message.usage.output_tokens,
      'gen_ai.usage.cost.amount': expect.closeTo(EXPECTED_COST, 12),
    });
    expect(message.usage.output_tokens).toBe(50);
    expect(span!.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  it.each([
    ['529', 'overloaded'],
    ['429;retry-after=0', 'rate_limited'],
    ['500', 'server_error'],
  ])('%s → error.type %s', async (fault, errorType) => {
    const error = await client.messages.create(request, { headers: { 'x-fake-fault': fault } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes['error.type']).toBe(errorType);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('a 429 retried by the SDK', () => {
  it('is one operation with two attempt spans and one billed cost', async () => {
    const retrying = new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: provider.url, maxRetries: 2 });
    const message = await retrying.messages.create(request, { headers: { 'x-fake-fault': '429;retry-after=0;times=1', ...usageHeader } });
    const [operation] = await telemetry.waitForSpans(1);
    expect(provider.served.map((call) => call.status)).toEqual([429, 200]);
    expect(operation!.status.code).toBe(SpanStatusCode.UNSET);
    expect(operation!.attributes['error.type']).toBeUndefined();
    expect(operation!.attributes['gen_ai.response.id']).toBe(message.id);
    const attempts = telemetry.allSpans().filter((span) => span.name === `chat ${MODEL} attempt`);
    expect(attempts.map((span) => [span.parentSpanContext?.spanId, span.attributes])).toEqual([
      [operation!.spanContext().spanId, { 'http.response.status_code': 429, 'error.type': 'rate_limited' }],
      [operation!.spanContext().spanId, { 'http.request.resend_count': 1, 'http.response.status_code': 200 }],
    ]);
    const metrics = await telemetry.collectMetrics();
    expect(points(metrics.get('genai_otel.client.attempts')).map((point) => [point.attributes['error.type'], point.value])).toEqual([
      ['rate_limited', 1],
      [undefined, 1],
    ]);
    expect(histogram(metrics.get('gen_ai.client.inference.duration')).count).toBe(1);
    expect(histogram(metrics.get('gen_ai.client.operation.cost'))).toMatchObject({ count: 1, sum: expect.closeTo(EXPECTED_COST, 12) });
    // Headroom from the 429's headers.
    expect(points(metrics.get('genai_otel.ratelimit.retry_after')).map((point) => point.value)).toEqual([0]);
  });
});

describe("anthropicSdkSpans: 'keep'", () => {
  it('leaves the SDK’s own span on (the duplicate that suppress avoids)', async () => {
    telemetry.instrumentation.disable();
    telemetry.instrumentation.setConfig({ anthropicSdkSpans: 'keep' });
    telemetry.instrumentation.enable();
    try {
      const keeping = new Anthropic({ apiKey: 'sk-ant-test-not-a-key', baseURL: provider.url, maxRetries: 0 });
      await keeping.messages.create(request);
      await telemetry.waitForSpans(1);
      const sdkSpans = telemetry.allSpans().filter((span) => span.instrumentationScope.name === 'com.anthropic.sdk.typescript');
      expect(sdkSpans.map((span) => span.name)).toEqual(['anthropic.messages.create']);
    } finally {
      telemetry.instrumentation.disable();
      telemetry.instrumentation.setConfig({});
      telemetry.instrumentation.enable();
    }
  });
});
