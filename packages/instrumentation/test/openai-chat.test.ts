/**
 * Chat completions through the real `openai` SDK against the fake provider, non-streaming: exact span
 * and metric output.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { DataPointType } from '@opentelemetry/sdk-metrics';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GEN_AI_DURATION_BUCKETS, GEN_AI_TOKEN_BUCKETS } from '../src/semconv.js';
import { histogram, points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
/** genai-otel's own per-response metrics: attempts and rate-limit headroom. */
const GENAI_OTEL_PER_RESPONSE = [
  'genai_otel.client.attempts',
  'genai_otel.ratelimit.limit_requests',
  'genai_otel.ratelimit.limit_tokens',
  'genai_otel.ratelimit.remaining_requests',
  'genai_otel.ratelimit.remaining_tokens',
  'genai_otel.ratelimit.reset_requests',
  'genai_otel.ratelimit.reset_tokens',
];
let provider: FakeProvider;
let client: OpenAI;

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

describe('non-streaming chat completion', () => {
  it('becomes one CLIENT span with the request, response and usage attributes', async () => {
    const completion = await client.chat.completions.create(
      { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Say hello' }], temperature: 0.2, max_tokens: 100, seed: 7, stop: 'END' },
      { headers: { 'x-fake-usage': 'prompt=1200,completion=40,cached=1024,reasoning=16' } },
    );
    const [span] = await telemetry.waitForSpans(1);

    expect(completion.usage).toMatchObject({ prompt_tokens: 1200, completion_tokens: 40 });
    expect(span!.name).toBe('chat gpt-4.1');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.status).toEqual({ code: SpanStatusCode.UNSET });
    expect(span!.instrumentationScope.name).toBe('@genai-otel/instrumentation');
    expect(span!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.response.id': completion.id,
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'gen_ai.response.finish_reasons': ['stop'],
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': completion.system_fingerprint,
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 40,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.reasoning.output_tokens': 16,
      // gpt-4.1 list price (USD/MTok): input 2.00, cached input 0.50, output 8.00 (reasoning included).
      'gen_ai.usage.cost.amount': expect.closeTo(((1200 - 1024) * 2.0 + 1024 * 0.5 + 40 * 8.0) / 1e6, 12),
      'gen_ai.usage.cost.currency': 'USD',
      'gen_ai.usage.cost.source': 'price-table',
      'genai_otel.cost.data_version': 'genai-prices@0.1.8',
    });
    expect(provider.served).toHaveLength(1);
    expect(provider.served[0]).toMatchObject({ stream: false, includeUsage: false, status: 200 });
  });

  it('records the latest GenAI metric set with the conventions’ units and buckets', async () => {
    const { response } = await client.chat.completions
      .create(
        { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Say hello' }] },
        { headers: { 'x-fake-usage': 'prompt=1200,completion=40,cached=1024,reasoning=16' } },
      )
      .withResponse();
    await telemetry.waitForSpans(1);
    const metrics = await telemetry.collectMetrics();

    expect([...metrics.keys()].sort()).toEqual(
      [
        'gen_ai.client.inference.duration',
        'gen_ai.client.inference.operation.input_tokens',
        'gen_ai.client.inference.operation.output_tokens',
        'gen_ai.client.inference.usage.cache_read.input_tokens',
        'gen_ai.client.inference.usage.input_tokens',
        'gen_ai.client.inference.usage.output_tokens',
        'gen_ai.client.inference.usage.reasoning.output_tokens',
        'gen_ai.client.operation.cost',
        ...GENAI_OTEL_PER_RESPONSE,
        'genai_otel.pricing.data.age',
        // 1,024 cached tokens: what prompt caching saved (README "Avoidable spend").
        'genai_otel.prompt_cache.savings',
      ].sort(),
    );
    const base = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
    };
    const tokens = { ...base, 'openai.response.service_tier': 'default' };
    const text = { ...tokens, 'gen_ai.token.modality': 'text' };

    const duration = metrics.get('gen_ai.client.inference.duration')!;
    expect(duration.descriptor).toMatchObject({ name: 'gen_ai.client.inference.duration', unit: 's', description: 'Duration of GenAI inference operations.' });
    expect(duration.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(duration.dataPoints.map((point) => point.attributes)).toEqual([base]);
    expect(histogram(duration)).toMatchObject({ boundaries: GEN_AI_DURATION_BUCKETS, count: 1 });

    for (const [name, value] of [
      ['gen_ai.client.inference.usage.input_tokens', 1200],
      ['gen_ai.client.inference.usage.output_tokens', 40],
      ['gen_ai.client.inference.usage.cache_read.input_tokens', 1024],
      ['gen_ai.client.inference.usage.reasoning.output_tokens', 16],
    ] as const) {
      const metric = metrics.get(name)!;
      expect(metric.descriptor).toMatchObject({ name, unit: '{token}' });
      expect(metric).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: true });
      expect(points(metric)).toEqual([{ attributes: text, value }]);
    }
    // One attempt; rate-limit headroom exactly as the response headers said.
    const server = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
    };
    expect(points(metrics.get('genai_otel.client.attempts'))).toEqual([{ attributes: server, value: 1 }]);
    const header = (name: string) => Number(response.headers.get(name));
    expect(Object.fromEntries(GENAI_OTEL_PER_RESPONSE.filter((name) => name.includes('ratelimit')).map((name) => [name, points(metrics.get(name))]))).toEqual({
      'genai_otel.ratelimit.limit_requests': [{ attributes: server, value: header('x-ratelimit-limit-requests') }],
      'genai_otel.ratelimit.limit_tokens': [{ attributes: server, value: header('x-ratelimit-limit-tokens') }],
      'genai_otel.ratelimit.remaining_requests': [{ attributes: server, value: header('x-ratelimit-remaining-requests') }],
      'genai_otel.ratelimit.remaining_tokens': [{ attributes: server, value: header('x-ratelimit-remaining-tokens') }],
      'genai_otel.ratelimit.reset_requests': [{ attributes: server, value: 0.006 }],
      'genai_otel.ratelimit.reset_tokens': [{ attributes: server, value: 0 }],
    });
    expect(response.headers.get('x-ratelimit-reset-requests')).toBe('6ms');
    for (const [name, sum] of [
      ['gen_ai.client.inference.operation.input_tokens', 1200],
      ['gen_ai.client.inference.operation.output_tokens', 40],
    ] as const) {
      const metric = metrics.get(name)!;
      expect(metric.descriptor).toMatchObject({ name, unit: '{token}' });
      expect(metric.dataPointType).toBe(DataPointType.HISTOGRAM);
      expect(metric.dataPoints.map((point) => point.attributes)).toEqual([tokens]);
      expect(histogram(metric)).toEqual({ boundaries: GEN_AI_TOKEN_BUCKETS, count: 1, sum });
    }
  });

  it('reports n choices and their finish reasons in order', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Two answers' }],
      n: 2,
      max_completion_tokens: 3,
    });
    const [span] = await telemetry.waitForSpans(1);
    expect(completion.choices.map((choice) => choice.finish_reason)).toEqual(['length', 'length']);
    expect(span!.attributes['gen_ai.request.choice.count']).toBe(2);
    expect(span!.attributes['gen_ai.request.max_tokens']).toBe(3);
    expect(span!.attributes['gen_ai.response.finish_reasons']).toEqual(['length', 'length']);
    expect(span!.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
  });
});
