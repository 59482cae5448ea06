/**
 * The OpenAI Responses API and embeddings through the real `openai` SDK against the fake provider.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { histogram, points, setupTelemetry } from './telemetry.js';

const telemetry = setupTelemetry();
let provider: FakeProvider;
let client: OpenAI;

beforeAll(async () => {
  provider = await startFakeProvider();
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

const usageHeader = { headers: { 'x-fake-usage': 'prompt=3000,completion=500,cached=2048,reasoning=200' } };
// o4-mini list prices (USD/MTok): input 1.10, cached input 0.275, output 4.40 (reasoning included).
const EXPECTED_COST = ((3000 - 2048) * 1.1 + 2048 * 0.275 + 500 * 4.4) / 1e6;

describe('responses.create', () => {
  it('reads usage with cached and reasoning details from the response object', async () => {
    const response = await client.responses.create({ model: 'o4-mini', input: 'Hello', max_output_tokens: 1000, reasoning: { effort: 'low' } }, usageHeader);
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe('chat o4-mini');
    expect(span!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.max_tokens': 1000,
      'gen_ai.request.reasoning.level': 'low',
      'gen_ai.response.id': response.id,
      'gen_ai.response.model': response.model,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 3000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 2048,
      'gen_ai.usage.reasoning.output_tokens': 200,
      'gen_ai.usage.cost.amount': expect.closeTo(EXPECTED_COST, 12),
    });
  });

  it('streams: usage from response.completed', async () => {
    const stream = await client.responses.create({ model: 'o4-mini', input: 'Hello', stream: true }, usageHeader);
    let deltas = 0;
    for await (const event of stream) if (event.type === 'response.output_text.delta') deltas += 1;
    const [span] = await telemetry.waitForSpans(1);
    expect(deltas).toBeGreaterThan(0);
    expect(span!.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 3000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.cost.amount': expect.closeTo(EXPECTED_COST, 12),
    });
    const metrics = await telemetry.collectMetrics();
    expect(histogram(metrics.get('gen_ai.client.inference.time_per_output_chunk')).count).toBe(deltas - 1);
  });
});

describe('embeddings.create', () => {
  it('is an embeddings operation with input tokens only, on the non-inference metrics', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
    const [span] = await telemetry.waitForSpans(1);
    expect(span!.name).toBe('embeddings text-embedding-3-small');
    expect(span!.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.request.encoding_formats': ['base64'],
      'gen_ai.usage.input_tokens': result.usage.prompt_tokens,
      'gen_ai.usage.output_tokens': 0,
      // text-embedding-3-small: $0.02/MTok.
      'gen_ai.usage.cost.amount': expect.closeTo((result.usage.prompt_tokens * 0.02) / 1e6, 12),
    });
    const metrics = await telemetry.collectMetrics();
    expect(metrics.has('gen_ai.client.inference.duration')).toBe(false);
    expect(histogram(metrics.get('gen_ai.client.operation.duration')).count).toBe(1);
    expect(
      points(metrics.get('gen_ai.client.token.usage')).map((point) => [point.attributes['gen_ai.token.type'], (point.value as { sum: number }).sum]),
    ).toEqual([['input', result.usage.prompt_tokens]]);
  });
});
