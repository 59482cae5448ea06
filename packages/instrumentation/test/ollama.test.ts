/**
 * Ollama's native chat API (POST /api/chat, NDJSON streams) through the real `ollama` client (0.6.x)
 * against the fake provider: spans, token metrics, time to first chunk and per chunk, finish reason,
 * error.type of HTTP and in-stream errors, and cost: unknown for a self-hosted model, or a custom price.
 * The client keeps the global fetch of its construction (see the fake provider's
 * ollama-chat-sdk.test.ts), so every client here is built after the instrumentation is enabled.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanStatusCode } from '@opentelemetry/api';
import { Ollama, type ChatResponse } from 'ollama';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { instrumentFetch } from '../src/index.js';
import { GEN_AI_DURATION_BUCKETS } from '../src/semconv.js';
import { histogram, points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;
/** The global fetch before the instrumentation is enabled (what a client constructed then keeps). */
const fetchBeforeEnable = globalThis.fetch;

/** Where the fake runs: a random port on 127.0.0.1, registered as Ollama's (the built-in entry is 127.0.0.1:11434). */
function hosts(): Record<string, string> {
  return { [`127.0.0.1:${provider.port}`]: 'ollama' };
}

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.setConfig({ providerHosts: hosts() });
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

const MODEL = 'llama3.2';
const messages = [{ role: 'user', content: 'Say hello.' }];
const options = { temperature: 0.5, top_p: 0.9, top_k: 40, num_predict: 100, seed: 7 };
// What the fake counts for `messages`: 3 + (3 + 3) prompt tokens; 100 prompt_eval and 12 eval with x-fake-usage.
const USAGE_HEADER = { 'x-fake-usage': 'prompt_eval=100,eval=12' };

function client(headers: Record<string, string> = {}): Ollama {
  return new Ollama({ host: provider.url, headers: { ...USAGE_HEADER, ...headers } });
}

/** The attributes every successful llama3.2 call's span has. */
function spanBase(): Record<string, unknown> {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'ollama',
    'gen_ai.request.model': MODEL,
    'gen_ai.request.temperature': 0.5,
    'gen_ai.request.top_p': 0.9,
    'gen_ai.request.top_k': 40,
    'gen_ai.request.max_tokens': 100,
    'gen_ai.request.seed': 7,
    'server.address': '127.0.0.1',
    'server.port': provider.port,
    'gen_ai.response.model': MODEL,
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 100,
    'gen_ai.usage.output_tokens': 12,
    'genai_otel.cost.unknown_reason': 'unknown_provider',
  };
}

function metricBase(): Record<string, unknown> {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'ollama',
    'gen_ai.request.model': MODEL,
    'gen_ai.response.model': MODEL,
    'server.address': '127.0.0.1',
    'server.port': provider.port,
  };
}

describe('chat, "stream": false', () => {
  it('chat <model> span with the request options, usage from prompt_eval_count / eval_count, cost unknown', async () => {
    const response = await client().chat({ model: MODEL, messages, options, stream: false });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe(`chat ${MODEL}`);
    expect(span!.attributes).toEqual(spanBase());
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect([response.prompt_eval_count, response.eval_count, response.done_reason]).toEqual([100, 12, 'stop']);

    const metrics = await telemetry.collectMetrics();
    const text = { ...metricBase(), 'gen_ai.token.modality': 'text' };
    expect(points(metrics.get('gen_ai.client.inference.usage.input_tokens'))).toEqual([{ attributes: text, value: 100 }]);
    expect(points(metrics.get('gen_ai.client.inference.usage.output_tokens'))).toEqual([{ attributes: text, value: 12 }]);
    expect(metrics.has('gen_ai.client.operation.cost')).toBe(false);
    expect(
      points(metrics.get('genai_otel.client.operation.cost.unknown')).map((point) => [point.attributes['genai_otel.cost.unknown_reason'], point.value]),
    ).toEqual([['unknown_provider', 1]]);
  });
});

describe('chat, "stream": true (NDJSON)', () => {
  it('reads the done line: finish reason and usage; time to first chunk; one per-chunk point per later content line', async () => {
    const parts: ChatResponse[] = [];
    for await (const part of await client().chat({ model: MODEL, messages, options, stream: true })) parts.push(part);
    const [span] = await telemetry.waitForSpans(1);
    const { 'gen_ai.response.time_to_first_chunk': ttfc, ...attributes } = span!.attributes;
    expect(attributes).toEqual({ ...spanBase(), 'gen_ai.request.stream': true });
    const durationSeconds = span!.duration[0] + span!.duration[1] / 1e9;
    expect(ttfc as number).toBeGreaterThan(0);
    expect(ttfc as number).toBeLessThanOrEqual(durationSeconds);
    // 12 content lines (one word each) and the done line, which carries no output.
    expect(parts.map((part) => part.done)).toEqual([...Array.from({ length: 12 }, () => false), true]);

    const metrics = await telemetry.collectMetrics();
    expect(histogram(metrics.get('gen_ai.client.inference.time_to_first_chunk'))).toEqual({ boundaries: GEN_AI_DURATION_BUCKETS, count: 1, sum: ttfc });
    const perChunk = metrics.get('gen_ai.client.inference.time_per_output_chunk');
    expect(perChunk?.dataPoints.map((point) => point.attributes)).toEqual([metricBase()]);
    expect(histogram(perChunk)).toMatchObject({ boundaries: GEN_AI_DURATION_BUCKETS, count: 11 });
    const text = { ...metricBase(), 'gen_ai.token.modality': 'text' };
    expect(points(metrics.get('gen_ai.client.inference.usage.output_tokens'))).toEqual([{ attributes: text, value: 12 }]);
  });

  it('a thinking model: its thinking lines are output chunks, its thinking tokens part of eval_count', async () => {
    const parts: ChatResponse[] = [];
    const thinking = new Ollama({ host: provider.url, headers: { 'x-fake-usage': 'prompt_eval=100,eval=12' } });
    for await (const part of await thinking.chat({ model: 'qwen3:8b', messages, stream: true })) parts.push(part);
    const [span] = await telemetry.waitForSpans(1);
    expect(parts.filter((part) => part.message.thinking !== undefined)).toHaveLength(6);
    expect(span!.attributes).toMatchObject({ 'gen_ai.response.model': 'qwen3:8b', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 12 });
    const metrics = await telemetry.collectMetrics();
    expect(histogram(metrics.get('gen_ai.client.inference.time_per_output_chunk'))).toMatchObject({ count: 11 });
  });
});

describe('errors', () => {
  it.each([
    ['404', 'not_found', "model 'llama3.2' not found"],
    ['500', 'server_error', 'the model failed to generate a response'],
    ['503', 'overloaded', 'server busy, please try again.  maximum pending requests exceeded'],
  ])('HTTP %s → error.type %s, the caller gets the ollama ResponseError, cost unknown', async (fault, errorType, message) => {
    for (const stream of [false, true]) {
      const caught = await client({ 'x-fake-fault': fault })
        .chat({ model: MODEL, messages, stream: stream as false })
        .catch((error: unknown) => error);
      expect(caught).toMatchObject({ name: 'ResponseError', message, status_code: Number(fault) });
    }
    const spans = await telemetry.waitForSpans(2);
    for (const span of spans) {
      expect(span.attributes).toMatchObject({ 'error.type': errorType, 'gen_ai.provider.name': 'ollama' });
      expect(span.attributes['gen_ai.usage.cost.amount']).toBeUndefined();
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    }
  });

  it('an {"error"} line in a 200 stream → error.type server_error, no usage; the caller gets the line as an Error', async () => {
    const contents: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const part of await client({ 'x-fake-fault': 'stream-error;after=3' }).chat({ model: MODEL, messages, stream: true })) {
        contents.push(part.message.content);
      }
    };
    await expect(consume()).rejects.toThrow(new Error('an error was encountered while running the model'));
    const [span] = await telemetry.waitForSpans(1);
    expect(contents).toHaveLength(3);
    expect(span!.attributes).toMatchObject({ 'error.type': 'server_error', 'gen_ai.request.stream': true });
    expect(span!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('where the client gets its fetch', () => {
  it('a client holding the fetch of before enable() records nothing; given instrumentFetch(fetch), it does', async () => {
    const early = new Ollama({ host: provider.url, fetch: fetchBeforeEnable });
    await early.chat({ model: MODEL, messages, stream: false });
    expect(telemetry.allSpans()).toEqual([]);
    const wrapped = new Ollama({ host: provider.url, fetch: instrumentFetch(fetchBeforeEnable) });
    await wrapped.chat({ model: MODEL, messages, stream: false });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.attributes).toMatchObject({ 'gen_ai.provider.name': 'ollama', 'gen_ai.request.model': MODEL });
  });
});

describe('a custom price', () => {
  it('prices the self-hosted model at the given rate (e.g. its share of GPU time)', async () => {
    telemetry.instrumentation.setConfig({
      providerHosts: hosts(),
      customPrices: { version: 'gpu-2026-12', models: [{ provider: 'ollama', model: MODEL, prices: { input: 0.05, output: 0.2 } }] },
    });
    try {
      await client().chat({ model: MODEL, messages, stream: false });
      const [span] = await telemetry.waitForSpans(1);
      expect(span!.attributes).toMatchObject({
        'gen_ai.usage.cost.amount': expect.closeTo((100 * 0.05 + 12 * 0.2) / 1e6, 12),
        'gen_ai.usage.cost.currency': 'USD',
        'gen_ai.usage.cost.source': 'custom',
      });
    } finally {
      telemetry.instrumentation.setConfig({ providerHosts: hosts() });
    }
  });
});
