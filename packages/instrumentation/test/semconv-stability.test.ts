/**
 * Metric-set selection: OTEL_SEMCONV_STABILITY_OPT_IN and the `semconvMetrics` option; the legacy
 * names and attributes, data point by data point.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { semconvMetricsFromEnv } from '../src/config.js';
import { GEN_AI_DURATION_BUCKETS, GEN_AI_TOKEN_BUCKETS } from '../src/semconv.js';
import { histogram, points, setupTelemetry } from './telemetry.js';

process.env['OTEL_SEMCONV_STABILITY_OPT_IN'] = 'http, gen_ai_latest_experimental/dup';
const telemetry = setupTelemetry();
let provider: FakeProvider;
let client: OpenAI;

beforeAll(async () => {
  provider = await startFakeProvider();
  telemetry.instrumentation.enable();
  client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
});
afterAll(async () => {
  telemetry.instrumentation.disable();
  await provider.stop();
  delete process.env['OTEL_SEMCONV_STABILITY_OPT_IN'];
});
beforeEach(() => telemetry.reset());

const LATEST = [
  'gen_ai.client.inference.duration',
  'gen_ai.client.inference.operation.input_tokens',
  'gen_ai.client.inference.operation.output_tokens',
  'gen_ai.client.inference.usage.cache_read.input_tokens',
  'gen_ai.client.inference.usage.input_tokens',
  'gen_ai.client.inference.usage.output_tokens',
  'gen_ai.client.inference.usage.reasoning.output_tokens',
];
const LEGACY = ['gen_ai.client.operation.duration', 'gen_ai.client.token.usage'];
/** Cost is not part of either convention set and is emitted with both; `openai_compatible` is not priced. */
const COST = [
  'genai_otel.client.operation.cost.unknown',
  'genai_otel.client.attempts',
  'genai_otel.pricing.data.age',
  'genai_otel.ratelimit.limit_requests',
  'genai_otel.ratelimit.limit_tokens',
  'genai_otel.ratelimit.remaining_requests',
  'genai_otel.ratelimit.remaining_tokens',
  'genai_otel.ratelimit.reset_requests',
  'genai_otel.ratelimit.reset_tokens',
];

async function oneCall(): Promise<void> {
  await client.chat.completions.create(
    { model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] },
    { headers: { 'x-fake-usage': 'prompt=21,completion=8' } },
  );
  await telemetry.waitForSpans(1);
}

describe('semconvMetricsFromEnv', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['http', undefined],
    ['gen_ai_latest_experimental', 'latest'],
    ['database,gen_ai_latest_experimental/dup', 'both'],
    ['gen_ai_legacy', 'legacy'],
  ] as const)('%s → %s', (value, expected) => {
    expect(semconvMetricsFromEnv(value)).toBe(expected);
  });
});

describe('OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental/dup', () => {
  it('emits both metric sets', async () => {
    await oneCall();
    const metrics = await telemetry.collectMetrics();
    expect([...metrics.keys()].sort()).toEqual([...LATEST, ...LEGACY, ...COST].sort());
  });
});

describe("semconvMetrics: 'legacy'", () => {
  it('emits only the legacy names, with gen_ai.token.type', async () => {
    telemetry.instrumentation.setConfig({ semconvMetrics: 'legacy' });
    await oneCall();
    const metrics = await telemetry.collectMetrics();
    expect([...metrics.keys()].sort()).toEqual([...LEGACY, ...COST].sort());
    const base = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai_compatible',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1-2025-04-14',
      'server.address': '127.0.0.1',
      'server.port': provider.port,
    };
    const usage = metrics.get('gen_ai.client.token.usage')!;
    expect(usage.descriptor).toMatchObject({ unit: '{token}', description: 'Measures number of input and output tokens used.' });
    expect(points(usage).map((point) => [point.attributes, (point.value as { sum: number }).sum])).toEqual([
      [{ ...base, 'gen_ai.token.type': 'input' }, 21],
      [{ ...base, 'gen_ai.token.type': 'output' }, 8],
    ]);
    expect(histogram(usage).boundaries).toEqual(GEN_AI_TOKEN_BUCKETS);
    const duration = metrics.get('gen_ai.client.operation.duration')!;
    expect(duration.descriptor).toMatchObject({ unit: 's' });
    expect(points(duration).map((point) => point.attributes)).toEqual([base]);
    expect(histogram(duration)).toMatchObject({ boundaries: GEN_AI_DURATION_BUCKETS, count: 1 });
  });
});
