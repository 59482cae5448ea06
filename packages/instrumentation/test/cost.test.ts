/**
 * True cost per call, end to end through the instrumentation: a streamed OpenAI call with cached and
 * reasoning tokens (usage from the injected usage chunk), a gateway with its own price table, and an
 * unknown model reported as unknown, never $0, and a flex request answered 429 priced at 0.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { COST_BUCKETS } from '../src/semconv.js';
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
beforeEach(() => telemetry.reset());

async function stream(model: string, usage: string): Promise<void> {
  const chunks = await client.chat.completions.create(
    { model, messages: [{ role: 'user', content: 'price me' }], stream: true },
    { headers: { 'x-fake-usage': usage } },
  );
  for await (const _chunk of chunks) {
    // consume
  }
  await telemetry.waitForSpans(1);
}

describe('a streamed OpenAI call with cached and reasoning tokens', () => {
  it('has its billed cost on the span and in gen_ai.client.operation.cost', async () => {
    await stream('o4-mini', 'prompt=5000,completion=1200,cached=4096,reasoning=900');
    // o4-mini list price (USD/MTok, genai-prices 0.1.8 = OpenAI pricing page): input 1.10, cached input 0.275,
    // output 4.40. Cached tokens are a subset of the prompt; reasoning a subset of the completion.
    const expected = ((5000 - 4096) * 1.1 + 4096 * 0.275 + 1200 * 4.4) / 1e6;
    const [span] = telemetry.spans();
    expect(span!.attributes['gen_ai.usage.cost.amount']).toBeCloseTo(expected, 12);
    expect(span!.attributes).toMatchObject({ 'gen_ai.usage.cost.currency': 'USD', 'gen_ai.usage.cost.source': 'price-table' });

    const metrics = await telemetry.collectMetrics();
    const cost = metrics.get('gen_ai.client.operation.cost')!;
    expect(cost.descriptor).toMatchObject({ name: 'gen_ai.client.operation.cost', unit: 'USD' });
    expect(points(cost).map((point) => point.attributes)).toEqual([
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'o4-mini',
        'gen_ai.response.model': 'o4-mini-2025-04-16',
        'server.address': '127.0.0.1',
        'server.port': provider.port,
      },
    ]);
    const { boundaries, count, sum } = histogram(cost);
    expect(boundaries).toEqual(COST_BUCKETS);
    expect(count).toBe(1);
    expect(sum).toBeCloseTo(expected, 12);
  });
});

describe('an unknown model', () => {
  it('is reported as unknown with a reason and counted, never as $0', async () => {
    await stream('acme-llm-9000', 'prompt=100,completion=10');
    const [span] = telemetry.spans();
    expect(span!.attributes['gen_ai.usage.cost.amount']).toBeUndefined();
    expect(span!.attributes['genai_otel.cost.unknown_reason']).toBe('unknown_model');
    const metrics = await telemetry.collectMetrics();
    expect(metrics.has('gen_ai.client.operation.cost')).toBe(false);
    expect(
      points(metrics.get('genai_otel.client.operation.cost.unknown')).map((point) => [point.attributes['genai_otel.cost.unknown_reason'], point.value]),
    ).toEqual([['unknown_model', 1]]);
  });
});

describe('a custom price table', () => {
  it('prices a gateway’s own model name at the gateway’s rate', async () => {
    telemetry.instrumentation.setConfig({
      providerHosts: { '127.0.0.1': 'acme-gateway' },
      customPrices: {
        version: 'acme-2026-11',
        models: [{ provider: 'acme-gateway', model: 'acme-llm-9000', prices: { input: 1.5, output: 6 } }],
      },
    });
    try {
      await stream('acme-llm-9000', 'prompt=1000,completion=100');
      const [span] = telemetry.spans();
      expect(span!.attributes['gen_ai.usage.cost.amount']).toBeCloseTo((1000 * 1.5 + 100 * 6) / 1e6, 12);
      expect(span!.attributes['gen_ai.usage.cost.source']).toBe('custom');
    } finally {
      telemetry.instrumentation.setConfig({ providerHosts: { '127.0.0.1': 'openai' } });
    }
  });
});

// A Flex request answered 429 ("Resource Unavailable") is not billed (OpenAI flex-processing guide): the
// instrumentation knows the requested tier from the request body (`openai.request.service_tier`) and hands it to the
// pricer with the call record (`requestServiceTier`, src/record/cost.ts).
async function rejected(serviceTier: 'flex' | 'default'): Promise<void> {
  const error = await client.chat.completions
    .create({ model: 'o3', messages: [{ role: 'user', content: 'later' }], service_tier: serviceTier }, { headers: { 'x-fake-fault': '429;retry-after=0' } })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  await telemetry.waitForSpans(1);
}

describe('a request answered 429', () => {
  it('costs 0 on its span when it asked for the flex tier', async () => {
    await rejected('flex');
    const [span] = telemetry.spans();
    expect(span!.attributes).toMatchObject({
      'openai.request.service_tier': 'flex',
      'error.type': 'rate_limited',
      'gen_ai.usage.cost.amount': 0,
      'gen_ai.usage.cost.source': 'provider',
    });
  });

  it('is unknown (error_billing_unknown), never 0, at the default tier', async () => {
    await rejected('default');
    const [span] = telemetry.spans();
    expect(span!.attributes['gen_ai.usage.cost.amount']).toBeUndefined();
    expect(span!.attributes['genai_otel.cost.unknown_reason']).toBe('error_billing_unknown');
  });
});
