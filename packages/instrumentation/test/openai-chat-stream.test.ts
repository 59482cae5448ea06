/**
 * Streamed chat completions through the real `openai` SDK: usage injection is invisible to the caller
 * (byte-identical to an uninstrumented run), usage and time to first chunk reach span and metrics.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GEN_AI_DURATION_BUCKETS } from '../src/semconv.js';
import { openAIChatSlowPathHits } from '@genai-otel/providers';
import { histogram, points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;
let client: OpenAI;

const request = {
  model: 'gpt-4.1',
  messages: [{ role: 'user' as const, content: 'Count to five' }],
  stream: true as const,
};
const usageHeader = { headers: { 'x-fake-usage': 'prompt=30,completion=5' } };

beforeAll(async () => {
  provider = await startFakeProvider({ clock: () => 1_767_225_600_000 });
  telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
  telemetry.instrumentation.enable();
  client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
});
beforeEach(async () => {
  await telemetry.reset();
  provider.reset();
});

/** Runs `call` once uninstrumented (the instrumentation disabled) and once instrumented. */
async function bothWays<T>(call: () => Promise<T>): Promise<{ plain: T; instrumented: T }> {
  telemetry.instrumentation.disable();
  const plain = await call();
  telemetry.instrumentation.enable();
  const instrumented = await call();
  return { plain, instrumented };
}

async function rawBytes(options: Partial<OpenAI.ChatCompletionCreateParamsStreaming> = {}): Promise<string> {
  const response = await client.chat.completions.create({ ...request, ...options }, usageHeader).asResponse();
  return Buffer.from(await response.arrayBuffer()).toString('latin1');
}

async function chunks(options: Partial<OpenAI.ChatCompletionCreateParamsStreaming> = {}): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const chunk of await client.chat.completions.create({ ...request, ...options }, usageHeader)) out.push(chunk);
  return out;
}

describe('stream without stream_options.include_usage', () => {
  it('gives the caller the exact bytes of an uninstrumented call while the provider got include_usage', async () => {
    const { plain, instrumented } = await bothWays(() => rawBytes());
    await telemetry.waitForSpans(1);
    expect(instrumented).toBe(plain);
    expect(plain).not.toContain('"usage"');
    expect(provider.served.map((call) => call.includeUsage)).toEqual([false, true]);
  });

  it('gives the SDK the same chunks, without the usage chunk', async () => {
    const { plain, instrumented } = await bothWays(() => chunks());
    expect(instrumented).toEqual(plain);
    expect(instrumented.every((chunk) => !Object.hasOwn(chunk as object, 'usage'))).toBe(true);
  });

  it('still records usage, finish reasons and time to first chunk', async () => {
    const received = await chunks();
    const [span] = await telemetry.waitForSpans(1);
    const first = received[0] as OpenAI.ChatCompletionChunk;
    const { 'gen_ai.response.time_to_first_chunk': ttfc, ...attributes } = span!.attributes;
    expect(attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.request.stream': true,
      'server.address': '127.0.0.1',
      'server.port': provider.port,
      'gen_ai.response.id': first.id,
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': first.system_fingerprint,
      'gen_ai.usage.input_tokens': 30,
      'gen_ai.usage.output_tokens': 5,
      'gen_ai.usage.cost.amount': expect.closeTo((30 * 2.0 + 5 * 8.0) / 1e6, 12),
      'gen_ai.usage.cost.currency': 'USD',
      'gen_ai.usage.cost.source': 'price-table',
      'genai_otel.cost.data_version': 'genai-prices@0.1.8',
    });
    const durationSeconds = span!.duration[0] + span!.duration[1] / 1e9;
    expect(typeof ttfc).toBe('number');
    expect(ttfc as number).toBeGreaterThan(0);
    expect(ttfc as number).toBeLessThanOrEqual(durationSeconds);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);

    const metrics = await telemetry.collectMetrics();
    const base = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
    };
    const timeToFirstChunk = metrics.get('gen_ai.client.inference.time_to_first_chunk')!;
    expect(timeToFirstChunk.descriptor).toMatchObject({ unit: 's' });
    expect(timeToFirstChunk.dataPoints.map((point) => point.attributes)).toEqual([base]);
    expect(histogram(timeToFirstChunk)).toEqual({ boundaries: GEN_AI_DURATION_BUCKETS, count: 1, sum: ttfc });
    // One point per output chunk after the first: every chunk the caller received carries choices.
    const perChunk = metrics.get('gen_ai.client.inference.time_per_output_chunk')!;
    expect(perChunk.dataPoints.map((point) => point.attributes)).toEqual([base]);
    expect(histogram(perChunk)).toMatchObject({ boundaries: GEN_AI_DURATION_BUCKETS, count: received.length - 1 });
    const text = { ...base, 'openai.response.service_tier': 'default', 'gen_ai.token.modality': 'text' };
    expect(points(metrics.get('gen_ai.client.inference.usage.input_tokens'))).toEqual([{ attributes: text, value: 30 }]);
    expect(points(metrics.get('gen_ai.client.inference.usage.output_tokens'))).toEqual([{ attributes: text, value: 5 }]);
    expect(points(metrics.get('gen_ai.client.inference.usage.cache_read.input_tokens'))).toEqual([{ attributes: text, value: 0 }]);
    expect(points(metrics.get('gen_ai.client.inference.usage.reasoning.output_tokens'))).toEqual([{ attributes: text, value: 0 }]);
  });

  it('records no per-chunk points with chunkTimings: false, and everything else as before', async () => {
    telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' }, chunkTimings: false });
    try {
      const received = await chunks();
      expect(received.length).toBeGreaterThan(2);
      await telemetry.waitForSpans(1);
      const metrics = await telemetry.collectMetrics();
      expect(metrics.has('gen_ai.client.inference.time_per_output_chunk')).toBe(false);
      expect(metrics.get('gen_ai.client.inference.time_to_first_chunk')!.dataPoints).toHaveLength(1);
      expect(points(metrics.get('gen_ai.client.inference.usage.output_tokens')).map((point) => point.value)).toEqual([5]);
    } finally {
      telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
    }
  });

  it('reads cached and reasoning tokens from the injected usage chunk', async () => {
    const response = await client.chat.completions
      .create({ ...request, model: 'o4-mini' }, { headers: { 'x-fake-usage': 'prompt=2048,completion=300,cached=1536,reasoning=256' } })
      .asResponse();
    const body = await response.text();
    const [span] = await telemetry.waitForSpans(1);
    expect(body).not.toContain('"usage"');
    expect(span!.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 2048,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 1536,
      'gen_ai.usage.reasoning.output_tokens': 256,
    });
  });
});

describe('real-shaped chunks: OpenAI pads every chunk with `obfuscation`, after `usage`', () => {
  const long = { headers: { 'x-fake-usage': 'prompt=30,completion=200' } };

  it.each([
    ['usage injected', {}, 3],
    ['include_usage set by the caller', { stream_options: { include_usage: true } }, 3],
    ['include_obfuscation: false', { stream_options: { include_obfuscation: false } }, 3],
    ['no usage (injectStreamUsage: false)', { inject: false }, 2],
  ])('%s: reads the 200 content chunks from their bytes, parsing only the role, finish and usage chunks', async (_name, options, parsed) => {
    const { inject, ...body } = options as { inject?: boolean; stream_options?: Record<string, boolean> };
    if (inject === false) telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' }, injectStreamUsage: false });
    try {
      const before = openAIChatSlowPathHits();
      const response = await client.chat.completions.create({ ...request, ...body }, long).asResponse();
      const text = await response.text();
      expect(openAIChatSlowPathHits() - before).toBe(parsed);
      expect(text.includes('"obfuscation"')).toBe(body.stream_options?.include_obfuscation !== false);
      const [span] = await telemetry.waitForSpans(1);
      expect(span!.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
      if (parsed === 3) expect(span!.attributes['gen_ai.usage.output_tokens']).toBe(200);
    } finally {
      telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
    }
  });
});

describe('stream with stream_options.include_usage set by the caller', () => {
  it('passes the usage chunk through unchanged and records it', async () => {
    const options = { stream_options: { include_usage: true } };
    const { plain, instrumented } = await bothWays(() => rawBytes(options));
    const spans = await telemetry.waitForSpans(1);
    expect(instrumented).toBe(plain);
    expect(plain).toContain('"choices":[],"usage":{"prompt_tokens":30,"completion_tokens":5');
    expect(provider.served.map((call) => call.includeUsage)).toEqual([true, true]);
    expect(spans[0]!.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 30, 'gen_ai.usage.output_tokens': 5 });
  });
});

describe('injectStreamUsage: false', () => {
  it('leaves the request alone and ends the span without usage', async () => {
    telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' }, injectStreamUsage: false });
    try {
      await chunks();
      const [span] = await telemetry.waitForSpans(1);
      expect(provider.served.map((call) => call.includeUsage)).toEqual([false]);
      expect(span!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
      expect(span!.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
      const metrics = await telemetry.collectMetrics();
      const unknown = points(metrics.get('gen_ai.client.inference.usage.input_tokens'));
      expect(unknown.map((point) => [point.attributes['gen_ai.token.modality'], point.value])).toEqual([['unknown', 0]]);
    } finally {
      telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
    }
  });
});
